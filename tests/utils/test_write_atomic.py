"""``write_atomic``: the one way the project replaces a file's content."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from mmcompat.utils.path import write_atomic


def _leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


def test_writes_bytes_and_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "a.json"
    write_atomic(target, b"[1]")
    write_atomic(str(target), b"[2]")
    assert target.read_bytes() == b"[2]"
    assert _leftovers(tmp_path) == []


def test_a_writer_function_gets_the_binary_file(tmp_path):
    target = tmp_path / "a.bin"
    write_atomic(target, lambda f: f.write(b"abc"))
    assert target.read_bytes() == b"abc"


def test_new_files_follow_the_umask_and_old_ones_keep_their_mode(tmp_path):
    old = os.umask(0o022)
    try:
        fresh = tmp_path / "fresh"
        write_atomic(fresh, b"x")
        assert stat.S_IMODE(fresh.stat().st_mode) == 0o644
        script = tmp_path / "script.py"
        script.write_text("print(1)\n")
        script.chmod(0o750)
        write_atomic(script, b"print(2)\n")
        assert stat.S_IMODE(script.stat().st_mode) == 0o750
    finally:
        os.umask(old)


def test_a_symlink_stays_and_its_target_is_replaced(tmp_path):
    real = tmp_path / "real.py"
    real.write_text("old")
    link = tmp_path / "link.py"
    link.symlink_to(real)
    write_atomic(link, b"new")
    assert link.is_symlink()
    assert real.read_text() == "new"


def test_a_failure_keeps_the_old_content(tmp_path):
    target = tmp_path / "cfg.py"
    target.write_text("a = 1\n")

    def fail(file):
        file.write(b"a = ")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        write_atomic(target, fail)
    assert target.read_text() == "a = 1\n"
    assert _leftovers(tmp_path) == []


def test_missing_folders_only_with_make_dirs(tmp_path):
    nested = tmp_path / "x" / "y" / "out.txt"
    with pytest.raises(FileNotFoundError):
        write_atomic(nested, b"1")
    write_atomic(nested, b"1", make_dirs=True)
    assert nested.read_bytes() == b"1"
