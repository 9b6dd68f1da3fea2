"""MMCV 1.x's ``mmcv.onnx`` and ``mmcv.tensorrt`` under the legacy aliases,
checked against real MMCV 1.7.2 (fixtures/golden/deployment), and the
legacy mmcv names mmdet 2.28.2 imports resolving as under real MMCV
(fixtures/golden/mmdet_census)."""

from __future__ import annotations

import importlib.util
import json
import warnings
from pathlib import Path

import pytest
import torch

from mmcompat.cli.main import main
from mmcompat.legacy.runtime import deployment
from mmcompat.legacy.runtime.aliases import legacy_aliases, locate_path
from mmcompat.legacy.runtime.unavailable import LegacySymbolError

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "fixtures" / "golden"


@pytest.fixture
def unregister():
    """Take the symbolics a test registers back out of torch's exporter."""
    yield
    for opset in (11, 16):
        for op in deployment.extra_symbolics(opset):
            torch.onnx.unregister_custom_op_symbolic(f"::{op}", opset)


@pytest.mark.golden
def test_export_script_gets_mmcv_custom_ops_and_torch_native_ones(tmp_path, unregister):
    pytest.importorskip("onnx")
    golden = json.loads((GOLDEN / "deployment" / "onnx_export.json").read_text())
    assert golden["versions"]["mmcv"] == "1.7.2"
    out = tmp_path / "export.json"
    script = ROOT / "fixtures" / "legacy_scripts" / "onnx_export.py"
    assert main(["run", str(script), "--out", str(out)]) == 0
    ours = json.loads(out.read_text())
    # torch alone cannot export grid_sample (opset 11), cummax, cummin
    assert ours["custom_before"] == golden["custom_before"]
    assert golden["custom_before"] == {"error": "UnsupportedOperatorError"}
    # after register_extra_symbolics: MMCV's custom-domain nodes, attributes
    assert ours["custom"] == golden["custom"]
    assert [n["domain"] for n in ours["custom"]["nodes"]].count("mmcv") == 3
    # the ops torch exports itself: as torch exports them, before and after
    # (MMCV 1.7.2's own symbolics break them on a current torch)
    assert "nodes" in ours["native_before"]
    assert ours["native_after"] == ours["native_before"]
    assert golden["native_after"] == {"error": "TypeError"}
    assert ours["is_custom_op_loaded"] is golden["is_custom_op_loaded"] is False
    assert (
        ours["is_tensorrt_plugin_loaded"]
        is golden["is_tensorrt_plugin_loaded"]
        is False
    )


def test_grid_sampler_is_left_to_torch_from_opset_16():
    assert set(deployment.extra_symbolics(11)) == {"grid_sampler", "cummax", "cummin"}
    assert set(deployment.extra_symbolics(16)) == {"cummax", "cummin"}


@pytest.mark.parametrize("opset", [9, 10, "11"])
def test_an_opset_below_11_is_refused_naming_it(opset):
    with pytest.raises(ValueError, match=f"opset={opset!r}.*opset 11"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            deployment.register_extra_symbolics(opset)


def test_the_helpers_warn_naming_mmdeploy():
    with pytest.warns(UserWarning, match="MMDeploy"):
        assert deployment.is_tensorrt_plugin_loaded() is False
    with pytest.warns(UserWarning, match="MMDeploy"):
        assert deployment.load_tensorrt_plugin() is None


@pytest.mark.parametrize(
    "path",
    [
        "mmcv.onnx.register_extra_symbolics",
        "mmcv.onnx.symbolic.register_extra_symbolics",
        "mmcv.onnx.is_custom_op_loaded",
        "mmcv.onnx.info.is_custom_op_loaded",
        "mmcv.tensorrt.is_tensorrt_plugin_loaded",
        "mmcv.tensorrt.load_tensorrt_plugin",
        "mmcv.tensorrt.init_plugins.get_tensorrt_op_path",
    ],
)
def test_the_helpers_resolve_as_legacy(path):
    with legacy_aliases():
        symbol, located = locate_path(path)
    assert symbol == path and located.origin == "legacy"
    assert located.value is getattr(deployment, path.rpartition(".")[2])


def test_tensorrt_engine_names_import_and_fail_when_used_naming_mmdeploy():
    with legacy_aliases():
        from mmcv.tensorrt import TRTWrapper, onnx2trt

        with pytest.raises(LegacySymbolError, match="mmdeploy"):
            onnx2trt("model.onnx", [[1, 3, 8, 8]] * 3)
        with pytest.raises(LegacySymbolError, match="TRTWrapper"):
            TRTWrapper("engine.trt")


@pytest.mark.golden
def test_mmdet_legacy_names_resolve_as_under_real_mmcv(capsys):
    spec = importlib.util.find_spec("mmdet")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("mmdet 2.28.2 (the test extra) is not installed")
    source = Path(spec.submodule_search_locations[0])
    golden = json.loads((GOLDEN / "mmdet_census" / "mmdet_census.json").read_text())
    assert golden["versions"]["mmcv"] == "1.7.2"
    main(["doctor", str(source), "--json"])
    report = json.loads(capsys.readouterr().out)
    ours = {e["symbol"]: e["origin"] != "unavailable" for e in report["symbols"]}
    assert set(ours) == set(golden["symbols"])
    missing = [s for s, e in golden["symbols"].items() if e["resolves"] and not ours[s]]
    assert missing == []
    assert sum(ours.values()) >= golden["resolve"] == 169
