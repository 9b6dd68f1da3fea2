"""One convention across the subcommands: usage errors, --check/--diff,
--path, one-line errors (no traceback) naming file, key and expectation."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from mmcompat.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "fixtures" / "legacy_scripts"
LEGACY_CFG = SCRIPTS / "configs" / "toy_legacy_cfg.py"
GOOD = ROOT / "fixtures" / "legacy_configs" / "bad" / "good.py"
LEGACY_HOOK = "from mmcv.runner import get_dist_info\n\nrank, world = get_dist_info()\n"


@pytest.fixture
def forget_toy_modules():
    """The legacy toy project's modules hold shim objects: drop them after."""
    yield
    for name in ("toy_registry", "legacy_toy"):
        sys.modules.pop(name, None)


def usage_exit(argv: list[str]) -> int:
    """main(argv) for a command line argparse refuses (it exits)."""
    with pytest.raises(SystemExit) as info:
        main(argv)
    return info.value.code


def _no_traceback(text: str) -> None:
    assert "Traceback" not in text and 'File "' not in text


# -- usage errors ---------------------------------------------------------------


@pytest.mark.parametrize("command", ["codemod", "convert", "train", "test", "run"])
def test_unknown_flag_prints_the_subcommand_usage(command, tmp_path, capsys):
    argv = [command, "--no-such-flag", str(tmp_path / "x.py")]
    if command == "test":
        argv.append(str(tmp_path / "x.pth"))
    assert usage_exit(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"usage: mmcompat {command} ")
    assert err.splitlines()[-1] == (
        f"mmcompat {command}: error: unrecognized arguments: --no-such-flag"
    )


def test_negative_jobs_is_refused_in_one_line(tmp_path, capsys):
    (tmp_path / "a.py").write_text(LEGACY_HOOK)
    assert usage_exit(["codemod", "--jobs", "-3", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: mmcompat codemod ")
    assert err.splitlines()[-1] == (
        "mmcompat codemod: error: argument --jobs/-j: must be >= 1, got -3"
    )
    assert (tmp_path / "a.py").read_text() == LEGACY_HOOK


def test_unknown_rule_family_is_a_usage_error(tmp_path, capsys):
    assert usage_exit(["codemod", "--only", "imports,nope", str(tmp_path)]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "mmcompat codemod: error: argument --only: unknown rule family 'nope'; "
        "expected a comma-separated subset of "
        "runner_scripts,parallel,models,hooks,fp16,parrots,logger,imports"
    )


@pytest.mark.parametrize("command", ["train", "test", "run"])
def test_path_must_be_an_existing_directory(command, tmp_path, capsys):
    argv = [command, "--path", str(tmp_path / "nowhere"), str(tmp_path / "x.py")]
    if command == "test":
        argv.append(str(tmp_path / "x.pth"))
    assert usage_exit(argv) == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"mmcompat {command}: error: argument --path: {tmp_path / 'nowhere'}: "
        "no such directory"
    )


def test_test_help_describes_its_own_work_dir_and_options(capsys):
    assert usage_exit(["test", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "--work-dir DIR where the test log goes" in text
    assert "the checkpoint is only read" in text
    assert "e.g. test_dataloader.batch_size=8" in text
    assert "train_cfg.max_epochs" not in text


# -- codemod --check / --diff ---------------------------------------------------


def test_codemod_check_names_each_file_that_would_change(tmp_path, capsys):
    (tmp_path / "a.py").write_text(LEGACY_HOOK)
    (tmp_path / "b.py").write_text("x = 1\n")
    (tmp_path / "c.py").write_text(LEGACY_HOOK)
    assert main(["codemod", "--check", str(tmp_path)]) == 1
    assert capsys.readouterr().out == (
        f"would rewrite {tmp_path / 'a.py'}\nwould rewrite {tmp_path / 'c.py'}\n"
    )
    assert (tmp_path / "a.py").read_text() == LEGACY_HOOK


def test_codemod_check_prints_nothing_and_exits_0_when_nothing_changes(
    tmp_path, capsys
):
    (tmp_path / "b.py").write_text("x = 1\n")
    assert main(["codemod", "--check", str(tmp_path)]) == 0
    assert capsys.readouterr().out == ""


# -- convert --check / --diff ---------------------------------------------------


def test_convert_check_names_an_output_that_does_not_exist_yet(tmp_path, capsys):
    out = tmp_path / "new" / "good.py"
    assert main(["convert", str(GOOD), "-o", str(out), "--check", "-q"]) == 1
    assert capsys.readouterr().out == f"would write {out}\n"
    assert not (tmp_path / "new").exists()


def test_convert_check_exits_0_when_the_output_is_up_to_date(tmp_path, capsys):
    out = tmp_path / "good.py"
    assert main(["convert", str(GOOD), "-o", str(out), "-q"]) == 0
    assert main(["convert", str(GOOD), "-o", str(out), "--check", "-q"]) == 0
    assert capsys.readouterr().out == ""


def test_convert_check_on_an_edited_output_says_force_is_needed(tmp_path, capsys):
    out = tmp_path / "good.py"
    out.write_text("# edited\n")
    assert main(["convert", str(GOOD), "-o", str(out), "--check", "-q"]) == 1
    assert capsys.readouterr().out == (
        f"would write {out} (exists and differs: use --force)\n"
    )
    assert out.read_text() == "# edited\n"


def test_convert_diff_against_the_existing_output_writes_nothing(tmp_path, capsys):
    out = tmp_path / "good.py"
    assert main(["convert", str(GOOD), "-o", str(out), "-q"]) == 0
    written = out.read_text()
    out.write_text(written.replace("max_epochs=12", "max_epochs=6"))
    assert main(["convert", str(GOOD), "-o", str(out), "--diff", "-q"]) == 0
    diff = capsys.readouterr().out
    assert diff.startswith(f"--- a/{out}\n+++ b/{out}\n@@ ")
    assert "-train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=6)\n" in diff
    assert "+train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=12)\n" in diff
    assert "max_epochs=6" in out.read_text()


def test_convert_diff_of_a_new_output_is_against_an_empty_file(tmp_path, capsys):
    out = tmp_path / "good.py"
    assert main(["convert", str(GOOD), "-o", str(out), "--diff", "-q"]) == 0
    diff = capsys.readouterr().out
    assert diff.startswith(f"--- /dev/null\n+++ b/{out}\n@@ -0,0 +1,")
    assert "+# Converted from good.py\n" in diff
    assert not out.exists()


def test_convert_check_over_a_tree_lists_each_output(tmp_path, capsys):
    tree = ROOT / "fixtures" / "legacy_configs" / "tree"
    out = tmp_path / "new"
    assert main(["convert", str(tree), "-o", str(out), "--check", "-q"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(list(tree.rglob("*.py")))
    assert f"would write {out / 'toy' / 'toy_r18_2x.py'}" in lines
    assert not out.exists()


@pytest.mark.parametrize("flag", ["--check", "--diff"])
def test_convert_check_and_diff_need_an_output(flag, capsys):
    assert main(["convert", str(GOOD), flag]) == 2
    assert capsys.readouterr().err == (
        f"mmcompat convert: {flag} compares with the output files; give them "
        "with -o OUT\n"
    )


# -- bad config files: one line, exit 2 ---------------------------------------

BAD_FILES = {
    "base42.py": (
        "_base_ = 42\ntotal_epochs = 1\n",
        "base42.py: _base_: must be a path or a list of paths, got 42",
    ),
    "broken.yaml": (
        "total_epochs: [1, 2\nmodel: 3\n",
        "broken.yaml line 2: invalid YAML: did not find expected ',' or ']'",
    ),
    "broken.json": (
        '{"total_epochs": 1,}',
        "broken.json line 1: invalid JSON: Expecting property name enclosed in "
        "double quotes",
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_convert_reports_a_bad_config_file_in_one_line(name, tmp_path, capsys):
    text, line = BAD_FILES[name]
    (tmp_path / name).write_text(text)
    assert main(["convert", str(tmp_path / name), "-q"]) == 2
    captured = capsys.readouterr()
    assert captured.err == line + "\n" and captured.out == ""


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_train_reports_a_bad_config_file_in_one_line(name, tmp_path, capsys):
    text, _ = BAD_FILES[name]
    (tmp_path / name).write_text(text)
    assert main(["train", str(tmp_path / name)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"mmcompat train: {tmp_path / name}")
    assert err.count("\n") == 1
    _no_traceback(err)


def test_convert_bad_base_in_a_tree_fails_that_file_only(tmp_path, capsys):
    (tmp_path / "base42.py").write_text("_base_ = 42\ntotal_epochs = 1\n")
    (tmp_path / "ok.py").write_text("total_epochs = 1\n")
    assert main(["convert", str(tmp_path), "-o", str(tmp_path / "out"), "-q"]) == 1
    assert capsys.readouterr().err == (
        "base42.py: _base_: must be a path or a list of paths, got 42\n"
    )
    assert (tmp_path / "out" / "ok.py").is_file()


# -- legacy configs under train -----------------------------------------------


def _legacy_cfg(tmp_path: Path, old: str, new: str, name: str = "cfg.py") -> Path:
    text = LEGACY_CFG.read_text()
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new))
    return path


def test_unknown_hook_type_in_a_legacy_config_is_one_line(
    tmp_path, capsys, forget_toy_modules
):
    cfg = _legacy_cfg(tmp_path, "MeanLossHook", "NoSuchHook")
    code = main(
        ["train", str(cfg), "--path", str(SCRIPTS), "--work-dir", str(tmp_path)]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert err.splitlines()[-1] == (
        f"mmcompat train: {cfg}: custom_hooks.0.type: 'NoSuchHook' is not in the "
        "'legacy hook' registry (scope 'mmcv', and its parents). Check the "
        "spelling of `type`, and that the module defining it is imported (or "
        "listed in `custom_imports`)."
    )
    _no_traceback(err)


def test_unknown_model_type_in_a_legacy_config_names_the_key(
    tmp_path, capsys, forget_toy_modules
):
    cfg = _legacy_cfg(tmp_path, "type='ToyNet'", "type='NoNet'")
    code = main(
        ["train", str(cfg), "--path", str(SCRIPTS), "--work-dir", str(tmp_path)]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert err.splitlines()[-1].startswith(
        f"mmcompat train: {cfg}: model.type: 'NoNet' is in no legacy registry"
    )
    _no_traceback(err)


def test_unknown_hook_type_in_a_new_style_config_names_the_key(tmp_path, capsys):
    cfg = tmp_path / "new.py"
    cfg.write_text(
        textwrap.dedent(
            """
            custom_imports = dict(imports=['tests.e2e.cli_components'])
            model = dict(type='CliTinyModel')
            custom_hooks = [dict(type='NoSuchHook')]
            """
        )
    )
    assert main(["train", str(cfg), "--work-dir", str(tmp_path / "w")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(
        f"mmcompat train: {cfg}: custom_hooks.0.type: 'NoSuchHook' is not in the "
        "'hook' registry"
    )
    assert err.count("\n") == 1


def test_custom_module_off_sys_path_suggests_path(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["train", str(LEGACY_CFG), "--work-dir", str(tmp_path)]) == 2
    assert capsys.readouterr().err == (
        f"mmcompat train: {LEGACY_CFG}: custom_imports.imports: cannot import "
        "custom module 'toy_registry' (no module named 'toy_registry' on "
        "sys.path); add the directory that contains it with --path DIR (or "
        "PYTHONPATH)\n"
    )


def test_path_makes_the_legacy_project_importable(tmp_path, capsys, forget_toy_modules):
    work = tmp_path / "work"
    code = main(
        ["train", str(LEGACY_CFG), "--path", str(SCRIPTS), "--work-dir", str(work)]
    )
    assert code == 0
    assert (work / "epoch_2.pth").is_file()
    assert str(SCRIPTS) not in sys.path  # put back afterwards


def test_import_option_failure_names_the_module(tmp_path, capsys, forget_toy_modules):
    argv = ["train", str(LEGACY_CFG), "--path", str(SCRIPTS)]
    code = main(argv + ["--import", "nosuchmod", "--work-dir", str(tmp_path)])
    assert code == 2
    assert capsys.readouterr().err == (
        f"mmcompat train: {LEGACY_CFG}: --import: cannot import custom module "
        "'nosuchmod' (no module named 'nosuchmod' on sys.path); add the "
        "directory that contains it with --path DIR (or PYTHONPATH)\n"
    )


def test_custom_module_importing_mmcv1_is_imported_under_the_overlay(tmp_path, capsys):
    # a converted config whose custom module is still MMCV 1.x code: the
    # module imports under the legacy overlay (said once); what fails next
    # is the config's own problem (model X is registered nowhere)
    package = tmp_path / "proj" / "oldpkg"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("from mmcv.runner import HOOKS\n")
    cfg = tmp_path / "converted.py"
    cfg.write_text(
        "custom_imports = dict(imports=['oldpkg'])\nmodel = dict(type='X')\n"
    )
    before = set(sys.modules)
    try:
        code = main(["train", str(cfg), "--path", str(tmp_path / "proj")])
    finally:
        for name in set(sys.modules) - before:
            if name == "oldpkg" or name.split(".")[0] == "mmcv":
                del sys.modules[name]
    assert code == 2
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == (
        "mmcompat train: custom module 'oldpkg' uses the MMCV 1.x API: imported "
        "under the legacy overlay (as `mmcompat run` does)"
    )
    assert len(lines) == 2 and "'X'" in lines[1] and "model" in lines[1]
    assert "sys.path" not in lines[1]


def test_custom_module_failing_on_its_own_import_names_the_cause(tmp_path, capsys):
    (tmp_path / "needsdep.py").write_text("import no_such_dependency\n")
    cfg = tmp_path / "cfg.py"
    cfg.write_text(
        "custom_imports = dict(imports=['needsdep'])\nmodel = dict(type='X')\n"
    )
    try:
        code = main(["test", str(cfg), str(cfg), "--path", str(tmp_path)])
    finally:
        sys.modules.pop("needsdep", None)
    assert code == 2
    assert capsys.readouterr().err == (
        f"mmcompat test: {cfg}: custom_imports.imports: custom module 'needsdep' "
        "failed to import: ModuleNotFoundError: No module named "
        "'no_such_dependency'\n"
    )


def test_legacy_bad_batch_size_is_refused_by_train(tmp_path, capsys):
    cfg = _legacy_cfg(tmp_path, "samples_per_gpu=4", "samples_per_gpu=-2")
    code = main(
        ["train", str(cfg), "--path", str(SCRIPTS), "--work-dir", str(tmp_path)]
    )
    assert code == 2
    assert capsys.readouterr().err == (
        f"mmcompat train: {cfg}: data.samples_per_gpu: batch_size: expected a "
        "positive integer (samples per GPU), got -2\n"
    )


def test_legacy_unknown_runner_is_refused_by_train(tmp_path, capsys):
    cfg = _legacy_cfg(tmp_path, "type='EpochBasedRunner'", "type='WarpSpeedRunner'")
    code = main(
        ["train", str(cfg), "--path", str(SCRIPTS), "--work-dir", str(tmp_path)]
    )
    assert code == 2
    assert capsys.readouterr().err == (
        f"mmcompat train: {cfg}: runner.type: 'WarpSpeedRunner' is not an MMCV "
        "runner; expected one of EpochBasedRunner, Runner, IterBasedRunner (a "
        "script that builds its own runner runs with `mmcompat run`)\n"
    )


def test_legacy_config_with_env_variables_key_and_env_template_trains(
    tmp_path, capsys, forget_toy_modules, monkeypatch
):
    # MMCV 1.7.2 accepts both (MMEngine refuses the key, substitutes the text)
    monkeypatch.setenv("MMCOMPAT_TEST_WORK_DIR", str(tmp_path / "from_env"))
    cfg = _legacy_cfg(
        tmp_path,
        "seed = 0",
        "seed = 0\nenv_variables = dict(A='1')\n"
        "work_dir = '{{$MMCOMPAT_TEST_WORK_DIR:unused}}'\n",
    )
    monkeypatch.chdir(tmp_path)
    assert main(["train", str(cfg), "--path", str(SCRIPTS)]) == 0
    assert (tmp_path / "{{$MMCOMPAT_TEST_WORK_DIR:unused}}" / "epoch_2.pth").is_file()
    assert not (tmp_path / "from_env").exists()


# -- translation findings named in convert's report ------------------------------


def _convert_report(tmp_path: Path, text: str) -> tuple[int, dict, Path]:
    src, out, report = tmp_path / "cfg.py", tmp_path / "out.py", tmp_path / "r.json"
    src.write_text(textwrap.dedent(text))
    code = main(["convert", str(src), "-o", str(out), "--report", str(report), "-q"])
    findings = json.loads(report.read_text())["files"][0]["report"]["findings"]
    todos = {f["key"]: f["message"] for f in findings if f["kind"] == "todo"}
    return code, todos, out


def test_unknown_runner_type_is_named_and_the_file_still_written(tmp_path):
    code, todos, out = _convert_report(
        tmp_path,
        """
        runner = dict(type='WarpSpeedRunner', max_epochs=3)
        lr_config = dict(policy='step', step=[1])
        """,
    )
    assert code == 1 and out.is_file()
    # a library's runner is named; its length still gives a loop, so the
    # schedule is translated against it
    assert todos["runner"] == (
        "runner type 'WarpSpeedRunner' is a library's, not MMCV's: translated "
        "as EpochBasedTrainLoop (3 epochs); not translated: what WarpSpeedRunner "
        "does beyond it (port it as a custom loop if the training depends on it)"
    )
    assert "lr_config" not in todos
    text = out.read_text()
    assert "train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=3)" in text
    assert "type='MultiStepLR'" in text


def test_bad_loader_values_are_named_and_the_file_still_written(tmp_path):
    code, todos, out = _convert_report(
        tmp_path,
        """
        total_epochs = 2
        data = dict(
            samples_per_gpu=-2, workers_per_gpu=-1,
            train=dict(type='D'), val=dict(type='D', samples_per_gpu=0))
        """,
    )
    assert code == 1 and out.is_file()
    assert todos["data.samples_per_gpu"] == (
        "batch_size: expected a positive integer (samples per GPU), got -2"
    )
    assert todos["data.workers_per_gpu"] == (
        "num_workers: expected an integer >= 0 (loader processes per GPU; 0 "
        "loads in the main process), got -1"
    )
    assert todos["data.val.samples_per_gpu"] == (
        "batch_size: expected a positive integer (samples per GPU), got 0"
    )
    assert "batch_size=-2" in out.read_text()


def test_zero_workers_are_fine(tmp_path):
    code, todos, _ = _convert_report(
        tmp_path,
        "total_epochs = 2\ndata = dict(samples_per_gpu=2, workers_per_gpu=0, "
        "train=dict(type='D'))\n",
    )
    assert code == 0 and todos == {}


def test_legacy_and_new_keys_for_the_same_thing_are_both_named(tmp_path):
    _, todos, _ = _convert_report(
        tmp_path,
        """
        total_epochs = 2
        optimizer = dict(type='SGD', lr=0.1)
        lr_config = dict(policy='step', step=[1])
        param_scheduler = [dict(type='MultiStepLR', milestones=[1])]
        """,
    )
    assert todos["param_scheduler"] == (
        "the config sets both new-style `param_scheduler` and legacy `lr_config` "
        "for the same thing: kept the translation of legacy `lr_config` and "
        "dropped the config's own `param_scheduler`: check it"
    )


# -- run: the script's own traceback ------------------------------------------


def test_run_shows_the_scripts_traceback_without_mmcompat_frames(tmp_path):
    script = tmp_path / "raises.py"
    script.write_text(
        "import mmcv\n\n\ndef fail():\n    raise ValueError('boom')\n\n\nfail()\n"
    )
    proc = subprocess.run(
        [sys.executable, "-m", "mmcompat", "run", str(script)],
        capture_output=True,
        text=True,
        timeout=300,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )
    assert proc.returncode == 1
    assert proc.stderr == (
        "Traceback (most recent call last):\n"
        f'  File "{script}", line 8, in <module>\n'
        "    fail()\n"
        f'  File "{script}", line 5, in fail\n'
        "    raise ValueError('boom')\n"
        "ValueError: boom\n"
    )


def test_run_script_with_a_syntax_error_shows_it_as_python_does(tmp_path, capsys):
    script = tmp_path / "broken.py"
    script.write_text("x = (\n")
    assert main(["run", str(script)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f'  File "{script}", line 1\n')
    assert err.endswith("SyntaxError: '(' was never closed\n")
    assert "mmcompat" not in err
