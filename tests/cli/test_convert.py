"""`mmcompat convert` on real files: single configs, trees, bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mmcompat.cli.main import main
from mmcompat.config import Config
from mmcompat.legacy.translate import translate
from mmcompat.legacy.translate.tree import load_legacy

FIXTURES = Path(__file__).parents[2] / "fixtures/legacy_configs"
TREE = FIXTURES / "tree"
BAD = FIXTURES / "bad"


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_plain(v) for v in value)
    return value


def load(path: Path) -> dict:
    return _plain(Config.fromfile(str(path), import_custom_modules=False).to_dict())


def sources(root: Path) -> list[Path]:
    return sorted(root.rglob("*.py"))


def test_tree_conversion_is_lossless(tmp_path):
    out = tmp_path / "configs_new"
    assert main(["convert", str(TREE), "-o", str(out), "-q"]) == 1  # TODOs found
    for src in sources(TREE):
        rel = src.relative_to(TREE)
        is_base = "_base_" in rel.parts or rel.name == "toy_r18_1x.py"
        expected, _ = translate(load_legacy(str(src)), partial=is_base)
        assert load(out / rel) == expected, rel


def test_tree_children_are_written_as_differences_from_their_bases(tmp_path):
    out = tmp_path / "new"
    main(["convert", str(TREE), "-o", str(out), "-q"])
    text = (out / "toy/toy_r18_2x.py").read_text()
    assert "_base_ = './toy_r18_1x.py'" in text
    assert "param_scheduler = [" in text  # list-valued keys are written whole
    assert "model = " not in text and "optim_wrapper" not in text
    adamw = (out / "toy/toy_r50_adamw_1x.py").read_text()
    assert "_delete_=True" in adamw  # the AdamW dict replaces the SGD one


def test_flat_writes_fully_merged_standalone_files(tmp_path):
    out = tmp_path / "flat"
    main(["convert", str(TREE), "-o", str(out), "--flat", "-q"])
    for src in sources(TREE / "toy"):
        written = out / src.relative_to(TREE)
        assert "_base_" not in written.read_text()
        assert (
            load(written)
            == translate(load_legacy(str(src)), partial=src.name == "toy_r18_1x.py")[0]
        )


def test_single_file_goes_to_stdout_and_loads_back_to_its_translation(tmp_path, capsys):
    src = TREE / "toy/toy_r18_cosine_20e_fp16.py"
    assert main(["convert", str(src), "-q"]) == 1
    text = capsys.readouterr().out
    assert text.startswith(
        "# Converted from toy_r18_cosine_20e_fp16.py\n# by `mmcompat convert`"
    )
    (tmp_path / "new.py").write_text(text)
    assert load(tmp_path / "new.py") == translate(load_legacy(str(src)))[0]
    assert (
        max(
            len(line)
            for line in text.splitlines()
            if not line.strip().startswith(("'", "ann_file"))
        )
        <= 79
    )


def test_existing_different_output_is_kept_without_force(tmp_path, capsys):
    src, out = BAD / "good.py", tmp_path / "good_new.py"
    assert main(["convert", str(src), "-o", str(out), "-q"]) == 0
    first = out.read_text()
    assert main(["convert", str(src), "-o", str(out), "-q"]) == 0  # same content: fine
    out.write_text("# edited by hand\n")
    assert main(["convert", str(src), "-o", str(out), "-q"]) == 2
    assert "exists and differs" in capsys.readouterr().err
    assert out.read_text() == "# edited by hand\n"
    assert main(["convert", str(src), "-o", str(out), "-q", "--force"]) == 0
    assert out.read_text() == first
    assert [p.name for p in tmp_path.iterdir()] == ["good_new.py"]  # no temp files left


def test_bad_files_fail_one_line_each_while_the_others_convert(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["convert", str(BAD), "-o", str(out), "-q"]) == 1
    lines = capsys.readouterr().err.strip().splitlines()
    expected = {
        "not_a_config.py": "line 1: invalid Python syntax",
        "raises.py": "RuntimeError",
        "unknown_policy.py": "lr_config.policy: unknown policy 'steep'",
        "missing_warmup_iters.py": "lr_config.warmup_iters",
        "step_not_increasing.py": "lr_config.step: must be strictly increasing",
    }
    assert len(lines) == len(expected)
    for name, text in expected.items():
        assert any(line.startswith(name) and text in line for line in lines), name
    assert sorted(p.name for p in out.iterdir()) == ["good.py"]


def test_a_single_bad_file_is_bad_input(capsys):
    assert main(["convert", str(BAD / "unknown_policy.py"), "-q"]) == 2
    assert "unknown_policy.py: lr_config.policy" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        ["convert", str(TREE)],  # a tree needs -o
        ["convert", "does/not/exist.py"],
        [
            "convert",
            str(BAD / "good.py"),
            str(TREE / "toy/toy_r18_1x.py"),
        ],  # several need -o
        ["convert", str(TREE), str(BAD / "good.py"), "-o", "x"],
    ],
)
def test_bad_usage_exits_2(argv, capsys):
    assert main(argv) == 2
    assert capsys.readouterr().err.startswith("mmcompat convert: ")


def test_several_files_are_written_standalone_into_a_directory(tmp_path):
    files = [BAD / "good.py", TREE / "toy/toy_r18_2x.py"]
    assert main(["convert", *map(str, files), "-o", str(tmp_path), "-q"]) == 1
    assert "_base_" not in (tmp_path / "toy_r18_2x.py").read_text()
    assert load(tmp_path / "toy_r18_2x.py") == translate(load_legacy(str(files[1])))[0]


def test_report_json_lists_every_file_with_its_findings(tmp_path):
    report = tmp_path / "report.json"
    main(
        [
            "convert",
            str(BAD),
            "-o",
            str(tmp_path / "out"),
            "-q",
            "--report",
            str(report),
        ]
    )
    data = json.loads(report.read_text())
    by_name = {Path(f["source"]).name: f for f in data["files"]}
    assert by_name["good.py"]["status"] == "ok"
    assert by_name["good.py"]["report"]["counts"]["translated"] >= 3
    assert by_name["step_not_increasing.py"]["status"] == "failed"
    assert "lr_config.step" in by_name["step_not_increasing.py"]["error"]


def test_target_mmengine_emits_stock_schedulers_and_measures_the_deviation(tmp_path):
    src, out, report = (
        TREE / "toy/toy_r18_cosine_20e_fp16.py",
        tmp_path / "c.py",
        tmp_path / "r.json",
    )
    main(
        [
            "convert",
            str(src),
            "-o",
            str(out),
            "--target",
            "mmengine",
            "--report",
            str(report),
            "-q",
        ]
    )
    schedulers = load(out)["param_scheduler"]
    assert [s["type"] for s in schedulers] == [
        "LinearLR",
        "CosineAnnealingLR",
        "CosineAnnealingMomentum",
    ]
    (approx,) = json.loads(report.read_text())["files"][0]["report"]["approximations"]
    assert approx["key"] == "lr_config"
    assert 1e-6 < approx["max_rel_deviation"] < 1.0
    assert "Approximate lr_config (max relative deviation" in out.read_text()


def test_convert_does_not_import_torch(tmp_path):
    code = (
        "import sys; from mmcompat.cli.main import main; "
        f"rc = main(['convert', {str(TREE)!r}, '-o', {str(tmp_path)!r}, '-q']); "
        "assert 'torch' not in sys.modules, 'torch imported'; sys.exit(rc)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=dict(os.environ),
    )
    assert result.returncode == 1, result.stderr


def test_a_python_file_that_defines_no_config_is_not_a_config(tmp_path, capsys):
    script = tmp_path / "train.py"
    script.write_text("import os\n\n\ndef main():\n    pass\n")
    assert main(["convert", str(script), "-q"]) == 2
    assert (
        capsys.readouterr().err.strip()
        == "train.py: defines no config keys (not a config file?)"
    )


def test_a_json_legacy_config_is_written_as_python(tmp_path):
    src = tmp_path / "legacy.json"
    src.write_text(json.dumps(dict(optimizer=dict(type="SGD", lr=0.1), total_epochs=3)))
    assert main(["convert", str(src), "-o", str(tmp_path / "out") + os.sep, "-q"]) == 0
    assert load(tmp_path / "out/legacy.py")["train_cfg"] == dict(
        type="EpochBasedTrainLoop", max_epochs=3
    )


def test_converting_a_converted_config_changes_nothing(tmp_path):
    out = tmp_path / "new"
    main(["convert", str(TREE), "-o", str(out), "-q"])
    for path in sources(out / "toy"):
        converted = load(path)
        assert translate(converted)[0] == converted, path.name


def test_target_mmengine_measures_iteration_based_approximations_too(tmp_path):
    src, report = TREE / "toy/toy_r18_90k.py", tmp_path / "r.json"
    main(
        [
            "convert",
            str(src),
            "-o",
            str(tmp_path / "c.py"),
            "--target",
            "mmengine",
            "--report",
            str(report),
            "-q",
        ]
    )
    (approx,) = json.loads(report.read_text())["files"][0]["report"]["approximations"]
    assert (
        1e-6 < approx["max_rel_deviation"] < 1e-3
    )  # poly to 1e-4 after a 1000-iteration warm-up
