"""Build information that MMCV 1.x reads from its compiled extension.

``mmcv.utils.collect_env`` (called by the ``tools/train.py`` of 1.x libraries)
asks for these; without a compiled extension there is nothing to report, so
they answer like a build without that part instead of failing.
"""

from __future__ import annotations

NOT_COMPILED = "n/a (mmcv.ops pure-torch fallback, no compiled ops)"


def get_compiler_version() -> str:
    return NOT_COMPILED


def get_compiling_cuda_version() -> str:
    return NOT_COMPILED


def get_onnxruntime_op_path() -> str:
    # MMCV returns '' when its ONNX Runtime custom-op library was not built.
    return ""
