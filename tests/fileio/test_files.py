"""Path operations, text parsing, backends and FileClient on real files."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest

from mmcompat import fileio

GOLDEN = json.loads(
    (
        Path(__file__).resolve().parents[2] / "fixtures/golden/fileio_utils/golden.json"
    ).read_text()
)
TEXT = "a 1\nb 2 3\r\nc\t4\n  d   5  \n\x0ce 6\n"
LIST_TEXT = "first\nsecond\r\nthird\x0cstill third\n\nfifth"
TREE = [
    "a.py",
    "b.PY",
    "c.txt",
    ".hidden.py",
    "sub/d.py",
    "sub/deep/e.txt",
    ".hid/f.py",
]


def _write_raw(path: Path, text: str) -> str:
    with open(path, "w", newline="") as f:
        f.write(text)
    return str(path)


@pytest.fixture
def tree(tmp_path: Path) -> str:
    root = tmp_path / "tree"
    for rel in TREE:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("x")
    return str(root)


@pytest.mark.golden
def test_dict_from_file_matches_mmengine(tmp_path: Path) -> None:
    path = _write_raw(tmp_path / "t.txt", TEXT)
    assert fileio.dict_from_file(path) == GOLDEN["dict_from_file"]


def test_dict_from_file_converts_keys(tmp_path: Path) -> None:
    path = _write_raw(tmp_path / "t.txt", "1 cat\n2 dog\n")
    assert fileio.dict_from_file(path, key_type=int) == {1: "cat", 2: "dog"}


def test_dict_from_file_names_the_bad_line(tmp_path: Path) -> None:
    path = _write_raw(tmp_path / "t.txt", "a 1\nlonely\n")
    with pytest.raises(ValueError, match="t.txt, line 2"):
        fileio.dict_from_file(path)


@pytest.mark.golden
def test_list_from_file_matches_mmengine(tmp_path: Path) -> None:
    path = _write_raw(tmp_path / "l.txt", LIST_TEXT)
    assert fileio.list_from_file(path) == GOLDEN["list_from_file"]["plain"]
    assert (
        fileio.list_from_file(path, prefix="p/", offset=1, max_num=2)
        == GOLDEN["list_from_file"]["prefix_offset_max"]
    )


def test_get_and_get_text_read_bytes_and_text(tmp_path: Path) -> None:
    (tmp_path / "f.txt").write_bytes("h\u00e9".encode())
    assert fileio.get(tmp_path / "f.txt") == b"h\xc3\xa9"
    assert fileio.get_text(str(tmp_path / "f.txt")) == "h\u00e9"
    assert fileio.get_text(tmp_path / "f.txt", encoding="latin-1") == "h\u00c3\u00a9"


def test_exists_isfile_isdir(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("")
    assert fileio.exists(tmp_path / "f") and fileio.isfile(tmp_path / "f")
    assert fileio.isdir(tmp_path) and not fileio.isfile(tmp_path)
    assert not fileio.exists(tmp_path / "missing")


def test_join_path_is_os_path_join() -> None:
    assert fileio.join_path("/data", "coco", "ann.json") == "/data/coco/ann.json"


@pytest.mark.golden
@pytest.mark.parametrize("case", ["flat", "recursive", "files_txt", "dirs"])
def test_list_dir_or_file_matches_mmengine(tree: str, case: str) -> None:
    kwargs = {
        "flat": {},
        "recursive": {"recursive": True},
        "files_txt": {"list_dir": False, "suffix": ".txt", "recursive": True},
        "dirs": {"list_file": False, "recursive": True},
    }[case]
    assert (
        sorted(fileio.list_dir_or_file(tree, **kwargs))
        == GOLDEN["list_dir_or_file"][case]
    )


def test_list_dir_or_file_refuses_suffix_with_dirs(tree: str) -> None:
    with pytest.raises(TypeError, match="suffix"):
        list(fileio.list_dir_or_file(tree, suffix=".py"))


def test_copy_remove_rmtree(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "f.txt").write_text("hi")
    dst = fileio.copyfile(tmp_path / "src" / "f.txt", tmp_path / "g.txt")
    assert Path(dst).read_text() == "hi"
    fileio.copytree(tmp_path / "src", tmp_path / "copy")
    assert (tmp_path / "copy" / "f.txt").read_text() == "hi"
    fileio.remove(tmp_path / "g.txt")
    assert not (tmp_path / "g.txt").exists()
    with pytest.raises(IsADirectoryError):
        fileio.remove(tmp_path / "copy")
    with pytest.raises(FileNotFoundError, match="does not exist"):
        fileio.remove(tmp_path / "g.txt")
    fileio.rmtree(tmp_path / "copy")
    assert not (tmp_path / "copy").exists()


def test_copy_if_symlink_fails_links_locally(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    assert fileio.copy_if_symlink_fails(tmp_path / "f", tmp_path / "l") is True
    assert (tmp_path / "l").is_symlink()


def test_get_local_path_yields_the_local_path(tmp_path: Path) -> None:
    with fileio.get_local_path(tmp_path / "f") as path:
        assert path == str(tmp_path / "f")


def test_get_file_backend_is_local_for_paths_and_cached_as_singleton() -> None:
    backend = fileio.get_file_backend("/tmp/x.json", enable_singleton=True)
    assert isinstance(backend, fileio.LocalBackend)
    assert fileio.get_file_backend("a.json", enable_singleton=True) is backend
    assert fileio.get_file_backend("a.json") is not backend


def test_get_file_backend_needs_uri_or_backend() -> None:
    with pytest.raises(ValueError, match="uri should not be None"):
        fileio.get_file_backend()


def test_register_backend_serves_a_new_prefix(tmp_path: Path) -> None:
    class MemoryBackend(fileio.BaseStorageBackend):
        store = {"mem://a.json": b'{"x": 1}'}

        def get(self, filepath):
            return self.store[str(filepath)]

        def get_text(self, filepath, encoding="utf-8"):
            return self.get(filepath).decode(encoding)

    from mmcompat.fileio import backends

    fileio.register_backend("memory_test", MemoryBackend, prefixes="mem")
    try:
        assert fileio.load("mem://a.json") == {"x": 1}
        with pytest.raises(ValueError, match="already registered"):
            fileio.register_backend("memory_test", MemoryBackend)
    finally:
        backends.backends.pop("memory_test")
        backends.prefix_to_backends.pop("mem")
        backends.backend_instances.clear()


def test_file_client_disk_reads_and_is_cached(tmp_path: Path) -> None:
    (tmp_path / "f.txt").write_text("abc")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        client = fileio.FileClient(backend="disk")
        assert client is fileio.FileClient(backend="disk")
        assert client.name == "LocalBackend"
        assert client.get(tmp_path / "f.txt") == b"abc"
        assert client.get_text(tmp_path / "f.txt") == "abc"
        assert (
            fileio.FileClient.infer_client(uri=str(tmp_path)).client.name
            == "LocalBackend"
        )


def test_file_client_names_what_it_supports() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        with pytest.raises(ValueError, match="petrel is not supported.*disk"):
            fileio.FileClient(backend="petrel")
        with pytest.raises(ValueError, match="prefix s3 is not supported"):
            fileio.FileClient.infer_client(uri="s3://bucket/x")


def test_file_client_parse_uri_prefix() -> None:
    assert fileio.FileClient.parse_uri_prefix("cluster:s3://b/k") == "s3"
    assert fileio.FileClient.parse_uri_prefix("/local/path") is None


def test_import_is_cheap_and_torch_free() -> None:
    import subprocess
    import sys

    code = (
        "import sys, mmcompat.fileio, mmcompat.utils; "
        "assert 'torch' not in sys.modules and 'yaml' not in sys.modules"
    )
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
