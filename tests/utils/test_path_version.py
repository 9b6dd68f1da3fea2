"""Path helpers, versions and package queries of mmcompat.utils."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from mmcompat import utils

GOLDEN = json.loads(
    (
        Path(__file__).resolve().parents[2] / "fixtures/golden/fileio_utils/golden.json"
    ).read_text()
)
TREE = [
    "a.py",
    "b.PY",
    "c.txt",
    ".hidden.py",
    "sub/d.py",
    "sub/deep/e.txt",
    ".hid/f.py",
]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "tree"
    for rel in TREE:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("x")
    return root


@pytest.mark.golden
def test_scandir_matches_mmengine(tree: Path) -> None:
    golden = GOLDEN["scandir"]
    assert sorted(utils.scandir(str(tree))) == golden["flat"]
    assert sorted(utils.scandir(tree, ".py", recursive=True)) == golden["recursive_py"]
    assert (
        sorted(utils.scandir(tree, (".py",), recursive=True, case_sensitive=False))
        == golden["recursive_py_nocase"]
    )


def test_scandir_rejects_bad_arguments(tree: Path) -> None:
    with pytest.raises(TypeError, match="dir_path"):
        utils.scandir(1)
    with pytest.raises(TypeError, match="suffix"):
        utils.scandir(tree, [".py"])


def test_mkdir_or_exist_creates_nested_and_tolerates_existing(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b"
    utils.mkdir_or_exist(str(target))
    utils.mkdir_or_exist(target)
    assert target.is_dir()
    utils.mkdir_or_exist("")  # dirname of a bare file name: nothing to do


def test_check_file_exist(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("")
    utils.check_file_exist(tmp_path / "f")
    with pytest.raises(FileNotFoundError, match='file ".*missing" does not exist'):
        utils.check_file_exist(tmp_path / "missing")
    with pytest.raises(FileNotFoundError, match="custom"):
        utils.check_file_exist(tmp_path, msg_tmpl="custom {}")


def test_symlink_overwrites(tmp_path: Path) -> None:
    (tmp_path / "a").write_text("a")
    (tmp_path / "b").write_text("b")
    utils.symlink(tmp_path / "a", tmp_path / "link")
    utils.symlink(tmp_path / "b", tmp_path / "link")
    assert os.readlink(tmp_path / "link") == str(tmp_path / "b")
    with pytest.raises(FileExistsError):
        utils.symlink(tmp_path / "a", tmp_path / "link", overwrite=False)


def test_fopen_and_is_filepath(tmp_path: Path) -> None:
    with utils.fopen(tmp_path / "f", "w") as f:
        f.write("x")
    with utils.fopen(str(tmp_path / "f")) as f:
        assert f.read() == "x"
    with pytest.raises(ValueError, match="string or a Path"):
        utils.fopen(1)
    assert utils.is_filepath("a") and utils.is_filepath(Path("a"))
    assert not utils.is_filepath(b"a")


def test_is_abs() -> None:
    assert utils.is_abs("/a") and utils.is_abs("s3://b/k") and utils.is_abs("https://x")
    assert not utils.is_abs("a/b")


@pytest.mark.golden
@pytest.mark.parametrize("version", sorted(GOLDEN["digit_version"]))
def test_digit_version_matches_mmengine(version: str) -> None:
    assert list(utils.digit_version(version)) == GOLDEN["digit_version"][version]


def test_digit_version_orders_prereleases() -> None:
    order = ["2.0.0a1", "2.0.0b1", "2.0.0rc1", "2.0.0", "2.0.0.post1", "2.0.1"]
    keys = [utils.digit_version(v) for v in order]
    assert keys == sorted(keys)


def test_digit_version_length_and_bad_input() -> None:
    assert utils.digit_version("1.2.3", length=2) == (1, 2, 0, 0)
    with pytest.raises(ValueError, match="failed to parse"):
        utils.digit_version("not a version")


def test_get_git_hash_reads_head(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@t",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@t",
    }
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "f").write_text("x")
    subprocess.run(["git", "-C", str(tmp_path), "add", "f"], check=True)
    subprocess.run(
        ["git", "-C", str(tmp_path), "commit", "-qm", "m"], check=True, env=env
    )
    head = subprocess.run(
        ["git", "-C", str(tmp_path), "rev-parse", "HEAD"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    monkeypatch.chdir(tmp_path)
    assert utils.get_git_hash() == head
    assert utils.get_git_hash(digits=7) == head[:7]
    with pytest.raises(TypeError):
        utils.get_git_hash(digits="7")


def test_get_git_hash_fallback_without_git(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "")
    assert utils.get_git_hash(fallback="none") == "none"


def test_installed_package_queries() -> None:
    assert utils.is_installed("libcst") and utils.is_installed("json")
    assert not utils.is_installed("no_such_pkg_zz")
    path = utils.get_installed_path("mmcompat")
    assert os.path.isfile(os.path.join(path, "utils", "path.py"))
    assert os.path.isdir(utils.get_installed_path("libcst"))
    with pytest.raises(Exception):
        utils.get_installed_path("no_such_pkg_zz")
