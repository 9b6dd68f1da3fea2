"""MMCV 1.x's deployment helpers (``mmcv.onnx``, ``mmcv.tensorrt``) that
legacy export tools call.

MMCV 2.x removed both packages; MMDeploy took the job. Legacy libraries
still call them (MMDet 2.x's ``pytorch2onnx`` calls
``register_extra_symbolics(11)`` before ``torch.onnx.export``; its TensorRT
wrapper calls ``load_tensorrt_plugin()``), so they are served here:

- :func:`register_extra_symbolics` registers MMCV's symbolic functions for
  the aten ops that torch's ONNX exporter still cannot export at ``opset``:
  ``grid_sampler`` below opset 16 (where ONNX's GridSample starts) and
  ``cummax``/``cummin``, as MMCV's custom-domain ops ``mmcv::grid_sampler``,
  ``mmcv::cummax`` and ``mmcv::cummin`` with MMCV's attributes. MMCV 1.x also
  registered its own symbolics for 23 more ops (``upsample_*``, ``roll``,
  ``topk``...) that the PyTorch 1.x exporter lacked; torch's exporter has
  its own for all of them now (MMCV's, written for PyTorch 1.x internals,
  break those exports on a current torch), so they are left to torch.
  Symbolic functions apply to torch's TorchScript-based exporter
  (``torch.onnx.export(..., dynamo=False)``); the torch.export-based one,
  the default since PyTorch 2.9, does not use them.
- The TensorRT plugin helpers behave as MMCV 1.x built without its TensorRT
  plugin library: nothing to load, ``is_tensorrt_plugin_loaded()`` is False.
  No such library exists for MMCV 2.x (MMDeploy ships its own plugins), so
  ``onnx2trt``, ``TRTWrapper`` and the other TensorRT names fail when used,
  naming MMDeploy.
"""

from __future__ import annotations

import importlib.util
import warnings

from torch.onnx import register_custom_op_symbolic
from torch.onnx.symbolic_helper import parse_args

__all__ = [
    "register_extra_symbolics",
    "is_custom_op_loaded",
    "get_tensorrt_op_path",
    "is_tensorrt_available",
    "is_tensorrt_plugin_loaded",
    "load_tensorrt_plugin",
]

_MOVED = (
    "MMCV 2.x moved model deployment to MMDeploy "
    "(https://github.com/open-mmlab/mmdeploy); {name} is kept for MMCV 1.x code"
)

#: the lowest opset MMCV's extra symbolics were written for
MIN_OPSET = 11
#: the opset from which torch's exporter has ``grid_sampler`` (ONNX GridSample)
GRID_SAMPLE_OPSET = 16


@parse_args("v", "v", "i", "i", "i")
def grid_sampler(g, input, grid, interpolation_mode, padding_mode, align_corners=False):
    """``aten::grid_sampler`` as MMCV's ONNX Runtime op ``mmcv::grid_sampler``."""
    return g.op(
        "mmcv::grid_sampler",
        input,
        grid,
        interpolation_mode_i=interpolation_mode,
        padding_mode_i=padding_mode,
        align_corners_i=align_corners,
    )


@parse_args("v", "i")
def cummax(g, input, dim):
    """``aten::cummax`` as MMCV's ONNX Runtime op ``mmcv::cummax`` (values,
    indices)."""
    return g.op("mmcv::cummax", input, dim_i=dim, outputs=2)


@parse_args("v", "i")
def cummin(g, input, dim):
    """``aten::cummin`` as MMCV's ONNX Runtime op ``mmcv::cummin`` (values,
    indices)."""
    return g.op("mmcv::cummin", input, dim_i=dim, outputs=2)


def extra_symbolics(opset: int) -> dict[str, object]:
    """The aten ops :func:`register_extra_symbolics` registers at ``opset``,
    with their symbolic functions."""
    symbolics: dict[str, object] = {"cummax": cummax, "cummin": cummin}
    if opset < GRID_SAMPLE_OPSET:
        symbolics["grid_sampler"] = grid_sampler
    return symbolics


def register_extra_symbolics(opset: int = 11) -> None:
    """Let torch's ONNX exporter export at ``opset`` what MMCV's custom ONNX
    Runtime ops cover and torch does not (module docstring)."""
    warnings.warn(_MOVED.format(name="register_extra_symbolics"), stacklevel=2)
    if not isinstance(opset, int) or opset < MIN_OPSET:
        raise ValueError(
            f"register_extra_symbolics(opset={opset!r}): MMCV's extra "
            f"symbolics are for opset {MIN_OPSET} and above"
        )
    for op, symbolic in extra_symbolics(opset).items():
        register_custom_op_symbolic(f"::{op}", symbolic, opset)


def is_tensorrt_available() -> bool:
    """Whether the ``tensorrt`` package can be imported."""
    return importlib.util.find_spec("tensorrt") is not None


def get_tensorrt_op_path() -> str:
    """MMCV 1.x's TensorRT plugin library: ``''``, none exists for MMCV 2.x."""
    warnings.warn(_MOVED.format(name="get_tensorrt_op_path"), stacklevel=2)
    return ""


def load_tensorrt_plugin() -> None:
    """Load MMCV 1.x's TensorRT plugins: there are none to load (as MMCV 1.x
    built without them, it loads nothing and says nothing more)."""
    warnings.warn(_MOVED.format(name="load_tensorrt_plugin"), stacklevel=2)


def is_tensorrt_plugin_loaded() -> bool:
    """Whether MMCV 1.x's TensorRT plugins are loaded: never, here."""
    warnings.warn(_MOVED.format(name="is_tensorrt_plugin_loaded"), stacklevel=2)
    return False


def is_custom_op_loaded() -> bool:
    """Whether MMCV 1.x's TensorRT plugins or its ONNX Runtime custom-op
    library are loaded: MMCV 2.x ships neither."""
    warnings.warn(_MOVED.format(name="is_custom_op_loaded"), stacklevel=2)
    return False
