"""The fallback exports every name of MMCV 1.7.2's mmcv.ops; the ops it cannot
compute fail when used, never when imported."""

from __future__ import annotations

import subprocess
import sys

import pytest
import torch
from torch import nn

import mmcompat.legacy.ops as ops
from mmcompat.legacy.ops import backend
from mmcompat.legacy.ops.exports import MMCV_OPS_EXPORTS
from mmcompat.legacy.ops.unavailable import (
    UNAVAILABLE_CLASSES,
    UNAVAILABLE_FUNCTIONS,
    CompiledOpUnavailableError,
)


def test_export_table_is_mmcv_172s_all():
    # MMCV 1.7.2's mmcv/ops/__init__.py lists 117 names in __all__.
    assert len(MMCV_OPS_EXPORTS) == 117
    for name in ("nms", "batched_nms", "RoIAlign", "DeformConv2d", "CARAFEPack"):
        assert name in MMCV_OPS_EXPORTS
    assert MMCV_OPS_EXPORTS["batched_nms"] == "nms"
    assert (
        MMCV_OPS_EXPORTS["MultiScaleDeformableAttention"] == "multi_scale_deform_attn"
    )


@pytest.mark.parametrize("name", sorted(MMCV_OPS_EXPORTS))
def test_every_mmcv_ops_name_imports(name):
    namespace: dict = {}
    exec(f"from mmcompat.legacy.ops import {name}", namespace)
    assert namespace[name] is getattr(ops, name)
    assert name in ops.__all__


def test_every_name_either_computes_or_is_a_stand_in():
    stand_ins = set(UNAVAILABLE_FUNCTIONS) | set(UNAVAILABLE_CLASSES)
    assert stand_ins <= set(MMCV_OPS_EXPORTS)
    assert ops.COMPUTED_OPS == set(MMCV_OPS_EXPORTS) - stand_ins
    for name in ops.COMPUTED_OPS:
        assert getattr(ops, name).__module__.startswith("mmcompat.legacy.ops.")
        assert getattr(ops, name).__module__ != "mmcompat.legacy.ops.unavailable"


def test_ops_the_brief_requires_compute():
    required = {
        "nms",
        "batched_nms",
        "soft_nms",
        "nms_match",
        "RoIAlign",
        "roi_align",
        "RoIPool",
        "roi_pool",
        "DeformConv2d",
        "DeformConv2dPack",
        "deform_conv2d",
        "ModulatedDeformConv2d",
        "ModulatedDeformConv2dPack",
        "modulated_deform_conv2d",
        "sigmoid_focal_loss",
        "SigmoidFocalLoss",
        "point_sample",
        "rel_roi_point_to_rel_img_point",
        "SimpleRoIAlign",
        "MultiScaleDeformableAttention",
    }
    assert required <= ops.COMPUTED_OPS


@pytest.mark.parametrize("name", UNAVAILABLE_CLASSES)
def test_unavailable_class_raises_when_constructed(name):
    cls = getattr(ops, name)
    assert issubclass(cls, nn.Module)
    with pytest.raises(CompiledOpUnavailableError) as info:
        cls(16, 16, 3)
    assert str(info.value) == (
        f"mmcv.ops.{name} needs MMCV's compiled ops: install mmcv>=2 built with "
        "ops (mmcv, not mmcv-lite)"
    )


@pytest.mark.parametrize("name", UNAVAILABLE_FUNCTIONS)
def test_unavailable_function_raises_when_called(name):
    with pytest.raises(CompiledOpUnavailableError, match=rf"^mmcv\.ops\.{name} needs"):
        getattr(ops, name)(torch.zeros(2, 4))


def test_unavailable_class_can_still_be_subclassed_at_import_time():
    # Legacy libraries define subclasses of ops classes at module level.
    class MyCarafe(ops.CARAFEPack):
        pass

    with pytest.raises(CompiledOpUnavailableError, match="mmcv.ops.CARAFEPack"):
        MyCarafe(16, 2)


def test_info_functions_answer_without_compiled_ops():
    # mmcv.utils.collect_env (called by 1.x tools/train.py) reads these.
    assert "n/a" in ops.get_compiler_version()
    assert "n/a" in ops.get_compiling_cuda_version()
    assert ops.get_onnxruntime_op_path() == ""


def test_deprecated_layer_aliases_are_torch_layers_with_a_warning():
    with pytest.warns(DeprecationWarning, match='from "mmcv.cnn"'):
        conv = ops.Conv2d(3, 4, 3)
    assert isinstance(conv, nn.Conv2d)
    assert conv(torch.zeros(0, 3, 5, 5)).shape == (0, 4, 3, 3)


def test_importing_the_fallback_loads_neither_mmcv_nor_torchvision():
    code = "import mmcompat.legacy.ops, sys; print(' '.join(sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert "mmcv" not in out
    assert "torchvision" not in out


def test_pure_torch_path_is_used_when_torchvision_ops_do_not_load():
    try:
        import torchvision.ops

        torchvision.ops.nms(torch.zeros(1, 4), torch.ones(1), 0.5)
        loads = True
    except Exception:
        loads = False
    if loads:
        pytest.skip("torchvision's compiled ops load here")
    assert backend.torchvision_ops() is None
    dets, inds = ops.nms(
        torch.tensor([[0.0, 0, 2, 2], [0, 0, 2, 2.1]]), torch.tensor([0.9, 0.8]), 0.5
    )
    assert inds.tolist() == [0]
