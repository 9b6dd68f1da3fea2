"""`mmcompat doctor` on small trees written here: what it lists, exit codes."""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path

import pytest

from mmcompat.cli.main import main
from mmcompat.legacy.runtime.aliases import find_installed_mmcv, legacy_aliases
from mmcompat.legacy.usage import mmcv_uses, python_files

INSTALLED = find_installed_mmcv()


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return root


def _report(source: Path, capsys) -> tuple[int, dict]:
    code = main(["doctor", str(source), "--json"])
    return code, json.loads(capsys.readouterr().out)


def _by_symbol(report: dict) -> dict[str, dict]:
    return {entry["symbol"]: entry for entry in report["symbols"]}


def test_usage_walk_finds_imports_and_attribute_chains_with_lines(tmp_path):
    src = _tree(
        tmp_path,
        {
            "pkg/a.py": """\
                import mmcv
                import mmcv.cnn as cnn
                from mmcv import runner
                from mmcv.utils import Config as C

                x = mmcv.runner.get_dist_info()
                y = cnn.bricks.ConvModule
                z = runner.Hook.priority
                other.mmcv.thing
            """,
            "pkg/.git/ignored.py": "import mmcv.runner\n",
        },
    )
    uses, unparsed = mmcv_uses(python_files(str(src)))
    assert [(u.path, u.line) for u in uses] == [
        ("mmcv", 1),
        ("mmcv.cnn", 2),
        ("mmcv.runner", 3),
        ("mmcv.utils.Config", 4),
        ("mmcv.runner.get_dist_info", 6),
        ("mmcv.cnn.bricks.ConvModule", 7),
        ("mmcv.runner.Hook.priority", 8),
    ]
    assert unparsed == []


def test_tree_that_resolves_exits_0_listing_each_symbol_with_its_origin(
    tmp_path, capsys
):
    src = _tree(
        tmp_path,
        {
            "train.py": """\
                import mmcv
                from mmcv.runner import EpochBasedRunner, get_dist_info

                cfg = mmcv.Config.fromfile('x.py')
            """
        },
    )
    code, report = _report(src, capsys)
    symbols = _by_symbol(report)
    assert code == 0 and report["counts"]["unavailable"] == 0
    assert symbols["mmcv.runner.EpochBasedRunner"]["origin"] == "legacy"
    assert symbols["mmcv.runner.get_dist_info"]["origin"] == "mmcompat"
    assert symbols["mmcv.Config"]["origin"] == "mmcompat"
    assert symbols["mmcv.Config"]["where"] == f"{src / 'train.py'}:4"
    assert symbols["mmcv.Config"]["provider"] == "mmcompat.config.config.Config"


def test_unavailable_symbol_exits_1_with_its_use_and_advice(tmp_path, capsys):
    src = _tree(tmp_path, {"hooks.py": "\nfrom mmcv.runner import PaviLoggerHook\n"})
    code, report = _report(src, capsys)
    entry = _by_symbol(report)["mmcv.runner.PaviLoggerHook"]
    assert code == 1 and entry["origin"] == "unavailable"
    assert entry["where"] == f"{src / 'hooks.py'}:2"
    assert "vis_backends" in entry["why"]


def test_mmcv2_brick_resolves_to_the_installed_mmcv_or_advises_installing_it(
    tmp_path, capsys
):
    src = _tree(tmp_path, {"m.py": "import mmcv.cnn as cnn\nconv = cnn.ConvModule\n"})
    code, report = _report(src, capsys)
    entry = _by_symbol(report)["mmcv.cnn.ConvModule"]
    if INSTALLED is not None:
        assert (code, entry["origin"]) == (0, "mmcv")
        assert report["mmcv"] == INSTALLED.version
    else:
        assert (code, entry["origin"]) == (1, "unavailable")
        assert "mmcompat[legacy]" in entry["why"]


def test_doctor_reports_what_the_runtime_does(tmp_path, capsys):
    src = _tree(
        tmp_path,
        {"m.py": "from mmcv.runner import Hook, PaviLoggerHook, build_runner\n"},
    )
    _, report = _report(src, capsys)
    with legacy_aliases():
        import mmcv.runner

        served = {
            name: type(getattr(mmcv.runner, name)).__name__ != "_UnavailableMeta"
            for name in ("Hook", "PaviLoggerHook", "build_runner")
        }
    assert {
        e["symbol"].rpartition(".")[2]: e["origin"] != "unavailable"
        for e in report["symbols"]
    } == served


def test_text_report_names_counts_and_unavailable_first(tmp_path, capsys):
    src = _tree(
        tmp_path,
        {
            "m.py": "from mmcv.runner import Hook\nfrom mmcv.runner import PaviLoggerHook\n"
        },
    )
    code = main(["doctor", str(src)])
    lines = capsys.readouterr().out.splitlines()
    assert code == 1
    assert "2 mmcv symbols in 1 files" in lines[0] and "1 unavailable" in lines[0]
    assert lines[1].split()[:2] == ["unavailable", "mmcv.runner.PaviLoggerHook"]
    assert lines[2].split()[:2] == ["legacy", "mmcv.runner.Hook"]


def test_file_that_does_not_parse_is_listed_and_exits_1(tmp_path, capsys):
    src = _tree(tmp_path, {"ok.py": "import mmcv\n", "bad.py": "def f(:\n"})
    code, report = _report(src, capsys)
    assert code == 1
    assert [u["where"] for u in report["unparsed"]] == [f"{src / 'bad.py'}:1"]


@pytest.mark.parametrize("make", ["missing", "empty"])
def test_bad_source_exits_2_with_one_line(tmp_path, capsys, make):
    source = tmp_path / "nope"
    if make == "empty":
        source.mkdir()
    code = main(["doctor", str(source)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and str(source) in err[0]


def test_doctor_leaves_no_mmcv_shims_behind(tmp_path, capsys):
    src = _tree(tmp_path, {"m.py": "from mmcv.runner import Hook\n"})
    main(["doctor", str(src), "--json"])
    capsys.readouterr()
    assert "mmcv.runner" not in sys.modules
