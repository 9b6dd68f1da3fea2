"""The symbol move table against the facts recorded from the real libraries."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from mmcompat.tables import symbols

GOLDEN = Path(__file__).resolve().parents[2] / "fixtures" / "golden" / "symbols"
FACTS = json.loads((GOLDEN / "symbols.json").read_text())


def _record_module():
    spec = importlib.util.spec_from_file_location(
        "symbols_record", GOLDEN / "record.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.golden
def test_facts_state_the_library_versions() -> None:
    assert FACTS["versions"] == {
        "mmcv": "1.7.2",
        "mmengine": "0.10.7",
        "mmcv2": "2.2.0",
    }


@pytest.mark.golden
def test_every_recorded_legacy_path_has_a_row_and_no_more() -> None:
    assert set(symbols.MOVES) == set(FACTS["legacy_paths"])


@pytest.mark.golden
def test_table_is_the_rendering_of_the_facts() -> None:
    record = _record_module()
    for path, row in symbols.MOVES.items():
        assert record.decide(path, FACTS) == row, path


@pytest.mark.golden
def test_every_new_home_exists_in_the_real_library() -> None:
    exports = {
        f"{module}.{name}"
        for table in (FACTS["mmengine_exports"], FACTS["mmcv2_exports"])
        for module, names in table.items()
        for name in names
    }
    missing = [new for new, _ in symbols.MOVES.values() if new and new not in exports]
    assert missing == []


def test_removed_symbols_name_their_replacement() -> None:
    for path in (
        "mmcv.parallel.DataContainer",
        "mmcv.parallel.MMDataParallel",
        "mmcv.parallel.collate",
        "mmcv.parallel.scatter",
        "mmcv.runner.OptimizerHook",
        "mmcv.runner.Fp16OptimizerHook",
        "mmcv.runner.EvalHook",
        "mmcv.runner.DistEvalHook",
        "mmcv.runner.LrUpdaterHook",
        "mmcv.runner.TextLoggerHook",
        "mmcv.runner.EpochBasedRunner",
    ):
        new, note = symbols.MOVES[path]
        assert new is None and len(note) > 20, path


@pytest.mark.parametrize(
    ("path", "target", "expected"),
    [
        ("mmcv.Config", "mmcompat", ("move", "mmcompat.config", "Config")),
        ("mmcv.utils.Registry", "mmengine", ("move", "mmengine.registry", "Registry")),
        ("mmcv.runner.hooks.HOOKS", "mmcompat", ("move", "mmcompat.registry", "HOOKS")),
        ("mmcv.cnn.xavier_init", "mmcompat", ("move", "mmcompat.model", "xavier_init")),
        ("mmcv.cnn.ConvModule", "mmcompat", ("keep", "mmcv.cnn", "ConvModule")),
        ("mmcv.imread", "mmengine", ("keep", "mmcv", "imread")),
        (
            "mmcv.track_progress",
            "mmengine",
            ("move", "mmengine.utils", "track_progress"),
        ),
        (
            "mmcv.track_progress",
            "mmcompat",
            ("move", "mmcompat.utils", "track_progress"),
        ),
        ("mmcv.load", "mmcompat", ("move", "mmcompat.fileio", "load")),
        (
            "mmcv.fileio.file_client.PetrelBackend",
            "mmcompat",
            ("todo", None, None),
        ),
        (
            "mmcv.utils.collect_env",
            "mmcompat",
            ("move", "mmcompat.utils.dl_utils", "collect_env"),
        ),
        (
            "mmcv.utils.parrots_wrapper._BatchNorm",
            "mmcompat",
            ("move", "mmcompat.utils.dl_utils.parrots_wrapper", "_BatchNorm"),
        ),
        (
            "mmcv.parallel.is_module_wrapper",
            "mmcompat",
            ("move", "mmcompat.model", "is_model_wrapper"),
        ),
        # deeper MMEngine paths map to the same mmcompat submodule
        (
            "mmcv.cnn.utils.weight_init.trunc_normal_",
            "mmcompat",
            ("move", "mmcompat.model.weight_init", "trunc_normal_"),
        ),
        (
            "mmcv.runner._load_checkpoint_with_prefix",
            "mmcompat",
            ("move", "mmcompat.runner.checkpoint", "_load_checkpoint_with_prefix"),
        ),
        (
            "mmcv.runner.CheckpointLoader",
            "mmcompat",
            ("move", "mmcompat.runner", "CheckpointLoader"),
        ),
        (
            "mmcv.runner.checkpoint.get_torchvision_models",
            "mmcompat",
            ("todo", None, None),
        ),
    ],
)
def test_resolve(path: str, target: str, expected: tuple) -> None:
    module, _, name = path.rpartition(".")
    assert tuple(symbols.resolve(module, name, target)[:3]) == expected


def test_unknown_paths_resolve_to_none() -> None:
    assert symbols.resolve("mmdet.core", "bbox2roi") is None
    assert symbols.resolve("mmcv.ops", "nms") is None
    assert symbols.resolve("mmcv.ops.nms", "batched_nms") is None


def test_modules_mmcv2_dropped_get_a_todo() -> None:
    res = symbols.resolve("mmcv.tensorrt", "TRTWraper")
    assert res.action == "todo" and "mmcv.tensorrt was removed" in res.note


def test_table_module_imports_no_torch() -> None:
    import subprocess
    import sys

    code = "import sys, mmcompat.tables.symbols, codemods.engine; assert 'torch' not in sys.modules"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_every_mmcompat_move_resolves_in_installed_mmcompat() -> None:
    import importlib

    unresolved = []
    for path in symbols.MOVES:
        module, _, name = path.rpartition(".")
        res = symbols.resolve(module, name, "mmcompat")
        if res.action == "move" and res.module.startswith("mmcompat"):
            if not hasattr(importlib.import_module(res.module), res.name):
                unresolved.append(f"{res.module}.{res.name}")
    assert unresolved == []


def test_every_mmcompat_missing_name_is_really_missing() -> None:
    import importlib

    provided = []
    for new in sorted(symbols.MMCOMPAT_MISSING):
        _, package, name = new.split(".")
        if hasattr(importlib.import_module(f"mmcompat.{package}"), name):
            provided.append(new)
    assert provided == []
