"""The file-level engine: bad input, atomic writes, idempotence, parallel runs."""

from __future__ import annotations

import os
from pathlib import Path

from codemods.engine import (
    iter_python_files,
    process_file,
    process_files,
    rewrite_source,
)

LEGACY = "from mmcv.runner import get_dist_info\n\n# keep   this  spacing\nx = get_dist_info()  # and this\n"


def test_rewrite_keeps_untouched_bytes(tmp_path: Path) -> None:
    path = tmp_path / "a.py"
    path.write_text(LEGACY)
    result = process_file(str(path))
    assert result.status == "changed"
    assert path.read_text() == (
        "from mmcompat.dist import get_dist_info\n\n"
        "# keep   this  spacing\nx = get_dist_info()  # and this\n"
    )


def test_crlf_line_endings_survive(tmp_path: Path) -> None:
    path = tmp_path / "a.py"
    path.write_bytes(LEGACY.replace("\n", "\r\n").encode())
    process_file(str(path))
    data = path.read_bytes()
    assert b"from mmcompat.dist import get_dist_info\r\n" in data
    assert b"\n" not in data.replace(b"\r\n", b"")


def test_utf8_byte_order_mark_survives(tmp_path: Path) -> None:
    path = tmp_path / "a.py"
    path.write_bytes(b"\xef\xbb\xbf" + LEGACY.encode())
    assert process_file(str(path)).status == "changed"
    assert path.read_bytes().startswith(b"\xef\xbb\xbffrom mmcompat.dist import")


def test_second_run_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "a.py"
    path.write_text(LEGACY + "from mmcv.runner import auto_fp16\n")
    assert process_file(str(path)).status == "changed"
    first = path.read_text()
    assert process_file(str(path)).status == "unchanged"
    assert path.read_text() == first


def test_syntax_error_file_is_skipped_with_its_name(tmp_path: Path) -> None:
    path = tmp_path / "broken.py"
    path.write_text("from mmcv import Config\ndef f(:\n")
    result = process_file(str(path))
    assert result.status == "skipped"
    assert "broken.py" in result.message and "syntax error" in result.message
    assert path.read_text() == "from mmcv import Config\ndef f(:\n"


def test_non_utf8_file_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "latin.py"
    path.write_bytes(b"from mmcv import Config\nname = '\xe9'\n")
    result = process_file(str(path))
    assert result.status == "skipped" and "not UTF-8" in result.message


def test_binary_file_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "blob.py"
    path.write_bytes(b"\x00\x01\x02mmcv")
    result = process_file(str(path))
    assert result.status == "skipped" and "binary" in result.message


def test_check_and_diff_modes_write_nothing(tmp_path: Path) -> None:
    path = tmp_path / "a.py"
    path.write_text(LEGACY)
    assert process_file(str(path), mode="check").status == "changed"
    diff = process_file(str(path), mode="diff").diff
    assert "-from mmcv.runner import get_dist_info" in diff
    assert "+from mmcompat.dist import get_dist_info" in diff
    assert path.read_text() == LEGACY


def test_write_replaces_file_atomically_and_keeps_mode(tmp_path: Path) -> None:
    path = tmp_path / "tool.py"
    path.write_text(LEGACY)
    os.chmod(path, 0o755)
    process_file(str(path))
    assert os.stat(path).st_mode & 0o777 == 0o755
    assert [p.name for p in tmp_path.iterdir()] == ["tool.py"]  # no temp left


def test_write_through_a_symlink_rewrites_its_target(tmp_path: Path) -> None:
    real = tmp_path / "real_tool.py"
    real.write_text(LEGACY)
    link = tmp_path / "tool.py"
    link.symlink_to(real)
    process_file(str(link))
    assert link.is_symlink()
    assert "from mmcompat.dist import get_dist_info" in real.read_text()


def test_only_selects_rule_families() -> None:
    source = "from mmcv.runner import Hook\n\nclass H(Hook):\n    def after_iter(self, runner):\n        pass\n"
    code, counts = rewrite_source(source, only=("hooks",))
    assert "from mmcv.runner import Hook" in code
    assert "def after_train_iter(self, runner, batch_idx" in code
    assert all(rule.startswith("hooks.") for rule in counts)


def test_parallel_and_serial_runs_agree(tmp_path: Path) -> None:
    for i in range(4):
        (tmp_path / f"m{i}.py").write_text(LEGACY)
    files = list(iter_python_files([str(tmp_path)]))
    serial = {r.path: r.status for r in process_files(files, mode="check", jobs=1)}
    parallel = {r.path: r.status for r in process_files(files, mode="check", jobs=2)}
    assert serial == parallel == {f: "changed" for f in files}


def test_directory_walk_skips_hidden_and_cache_dirs(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "a.py").write_text("")
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "b.py").write_text("")
    (tmp_path / ".venv").mkdir()
    (tmp_path / ".venv" / "c.py").write_text("")
    (tmp_path / "notes.txt").write_text("")
    assert list(iter_python_files([str(tmp_path)])) == [str(tmp_path / "pkg" / "a.py")]


def test_declared_latin1_encoding_is_read_and_written_back(tmp_path: Path) -> None:
    path = tmp_path / "latin.py"
    source = "# -*- coding: latin-1 -*-\n" + LEGACY + "name = 'caf\xe9'\n"
    path.write_bytes(source.encode("latin-1"))
    assert process_file(str(path)).status == "changed"
    data = path.read_bytes()
    assert data.startswith(b"# -*- coding: latin-1 -*-\nfrom mmcompat.dist import")
    assert data.endswith(b"name = 'caf\xe9'\n")  # still one latin-1 byte
    assert process_file(str(path)).status == "unchanged"
