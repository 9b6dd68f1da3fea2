"""Small MMCV 1.x helpers that MMCV 2.x and MMEngine dropped, as MMCV 1.x
behaved under PyTorch.

- ``jit`` / ``skip_no_elena``: parrots-only decorators; under PyTorch MMCV
  1.x called the function straight through (``@mmcv.jit(coderize=True)``
  decorates losses in real 1.x libraries at import time).
- ``wrap_fp16_model``: under PyTorch >= 1.6 MMCV 1.x only switched the
  ``fp16_enabled`` flag of the modules that have one on (``auto_fp16`` /
  ``force_fp32`` read it).
- ``TORCH_VERSION``: ``torch.__version__`` as a plain string (MMCV 1.x's
  ``mmcv.utils.parrots_wrapper``; ``'parrots'`` under parrots).
- ``IS_IPU_AVAILABLE``: whether Graphcore's ``poptorch`` sees IPU hardware
  (MMCV 2.x keeps the other ``IS_*_AVAILABLE`` flags in ``mmcv.utils``).
"""

from __future__ import annotations

import functools
import importlib.util
from typing import Any, Callable, Optional

import torch

from mmcompat.utils.dl_utils.parrots_wrapper import TORCH_VERSION

__all__ = [
    "jit",
    "skip_no_elena",
    "wrap_fp16_model",
    "TORCH_VERSION",
    "IS_IPU_AVAILABLE",
]


def _ipu_available() -> bool:
    if importlib.util.find_spec("poptorch") is None:
        return False
    import poptorch

    return bool(poptorch.ipuHardwareIsAvailable())


IS_IPU_AVAILABLE: bool = _ipu_available()


def jit(
    func: Optional[Callable] = None,
    check_input: Any = None,
    full_shape: bool = True,
    derivate: bool = False,
    coderize: bool = False,
    optimize: bool = False,
) -> Callable:
    """``mmcv.jit``: the function itself, or a decorator calling through."""

    def wrapper(func: Callable) -> Callable:
        @functools.wraps(func)
        def wrapper_inner(*args: Any, **kwargs: Any) -> Any:
            return func(*args, **kwargs)

        return wrapper_inner

    return wrapper if func is None else func


def skip_no_elena(func: Callable) -> Callable:
    """``mmcv.skip_no_elena``: calls through under PyTorch."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    return wrapper


def wrap_fp16_model(model: torch.nn.Module) -> None:
    """``mmcv.runner.wrap_fp16_model``: ``fp16_enabled = True`` on every
    submodule that has the flag."""
    for module in model.modules():
        if hasattr(module, "fp16_enabled"):
            module.fp16_enabled = True
