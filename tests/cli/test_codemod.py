"""`mmcompat codemod` end to end: modes, exit codes, report, libcst.tool."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from mmcompat.cli.main import main

LEGACY = "from mmcv.runner import get_dist_info\n\nrank, world = get_dist_info()\n"
NEW = "from mmcompat.dist import get_dist_info\n\nrank, world = get_dist_info()\n"
REPO = Path(__file__).resolve().parents[2]


def test_rewrites_in_place_and_exits_0(tmp_path: Path, capsys) -> None:
    (tmp_path / "a.py").write_text(LEGACY)
    assert main(["codemod", str(tmp_path)]) == 0
    assert (tmp_path / "a.py").read_text() == NEW
    assert "1 files, 1 rewritten, 0 skipped" in capsys.readouterr().err


def test_check_exits_1_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(LEGACY)
    assert main(["codemod", "--check", str(tmp_path)]) == 1
    assert (tmp_path / "a.py").read_text() == LEGACY


def test_check_exits_0_when_already_migrated(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(NEW)
    assert main(["codemod", "--check", str(tmp_path)]) == 0


def test_diff_prints_unified_diff_and_writes_nothing(tmp_path: Path, capsys) -> None:
    (tmp_path / "a.py").write_text(LEGACY)
    assert main(["codemod", "--diff", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "-from mmcv.runner import get_dist_info" in out
    assert "+from mmcompat.dist import get_dist_info" in out
    assert (tmp_path / "a.py").read_text() == LEGACY


def test_bad_file_is_named_run_continues_exit_2(tmp_path: Path, capsys) -> None:
    (tmp_path / "a.py").write_text(LEGACY)
    (tmp_path / "broken.py").write_text("def f(:\n")
    assert main(["codemod", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "broken.py: skipped: syntax error" in err
    assert (tmp_path / "a.py").read_text() == NEW


def test_target_and_only_options(tmp_path: Path) -> None:
    path = tmp_path / "a.py"
    path.write_text(LEGACY)
    assert main(["codemod", "--only", "hooks", str(path)]) == 0
    assert path.read_text() == LEGACY
    assert (
        main(["codemod", "--only", "imports", "--target", "mmengine", str(path)]) == 0
    )
    assert path.read_text() == NEW.replace("mmcompat", "mmengine")


def test_unknown_rule_family_and_missing_path_exit_2(tmp_path: Path, capsys) -> None:
    with pytest.raises(SystemExit) as info:  # a usage error (argparse)
        main(["codemod", "--only", "imports,nope", str(tmp_path)])
    assert info.value.code == 2
    assert main(["codemod", str(tmp_path / "missing")]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"mmcompat codemod: {tmp_path / 'missing'}: no such file or directory"
    )


def test_report_file_lists_changes_rules_and_todos(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(LEGACY + "from mmcv.runner import auto_fp16\n")
    report = tmp_path / "report.json"
    assert (
        main(
            ["codemod", "--jobs", "2", "--report", str(report), str(tmp_path / "a.py")]
        )
        == 0
    )
    data = json.loads(report.read_text())
    assert data["changed"] == [str(tmp_path / "a.py")]
    assert data["todos"] == 1
    assert data["rules"]["imports.moved"] == 1


def test_libcst_tool_runs_the_commands(tmp_path: Path) -> None:
    path = tmp_path / "a.py"
    path.write_text(LEGACY)
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "libcst.tool",
            "codemod",
            "imports.LegacyImportsCommand",
            "--target",
            "mmengine",
            str(path),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert path.read_text() == NEW.replace("mmcompat", "mmengine")


def test_codemod_command_does_not_import_torch(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(LEGACY)
    code = (
        "import sys; from mmcompat.cli.main import main; "
        f"rc = main(['codemod', {str(tmp_path)!r}]); "
        "assert 'torch' not in sys.modules, 'torch imported'; sys.exit(rc)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr


def test_jobs_below_one_is_refused_with_one_line(tmp_path: Path, capsys) -> None:
    (tmp_path / "a.py").write_text(LEGACY)
    with pytest.raises(SystemExit) as info:
        main(["codemod", "--jobs", "0", str(tmp_path)])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: mmcompat codemod ")
    assert err.splitlines()[-1] == (
        "mmcompat codemod: error: argument --jobs/-j: must be >= 1, got 0"
    )
    assert (tmp_path / "a.py").read_text() == LEGACY


def test_jobs_defaults_to_every_core(monkeypatch) -> None:
    import argparse
    import os

    from mmcompat.cli import codemod

    parser = argparse.ArgumentParser()
    codemod.add_arguments(parser)
    assert parser.parse_args(["x"]).jobs is None  # resolved to os.cpu_count()
    seen = {}
    monkeypatch.setattr(os, "cpu_count", lambda: 3)

    def fake_process_files(files, only, target, mode, jobs):
        seen["jobs"] = jobs
        return iter(())

    import codemods.engine

    monkeypatch.setattr(codemods.engine, "process_files", fake_process_files)
    args = parser.parse_args([str(REPO / "codemods" / "__init__.py")])
    assert codemod.run(args) == 0
    assert seen["jobs"] == 3
