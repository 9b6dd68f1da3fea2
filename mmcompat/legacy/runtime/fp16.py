"""MMCV 1.x's ``auto_fp16`` / ``force_fp32`` decorators (no-ops unless the
module sets ``fp16_enabled``)."""

from __future__ import annotations

import functools
import inspect
from typing import Any, Callable

import torch
import torch.nn as nn

__all__ = ["auto_fp16", "force_fp32"]


def _cast_args(
    func: Callable, apply_to: Any, args: tuple, kwargs: dict, dtype: torch.dtype
) -> tuple:
    names = inspect.signature(func).parameters
    arg_names = list(names)
    args = list(args)
    for i, value in enumerate(args):
        name = arg_names[i] if i < len(arg_names) else None
        if (apply_to is None or name in apply_to) and torch.is_tensor(value):
            if value.is_floating_point():
                args[i] = value.to(dtype)
    for name, value in kwargs.items():
        if (apply_to is None or name in apply_to) and torch.is_tensor(value):
            if value.is_floating_point():
                kwargs[name] = value.to(dtype)
    return tuple(args), kwargs


def auto_fp16(
    apply_to: Any = None, out_fp32: bool = False, supported_types: tuple = (nn.Module,)
) -> Callable:
    """``mmcv.runner.auto_fp16``: a no-op unless ``self.fp16_enabled``; then
    the ``apply_to`` float tensors are cast to half (as MMCV)."""

    def decorator(func: Callable) -> Callable:
        @functools.wraps(func)
        def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
            if not getattr(self, "fp16_enabled", False):
                return func(self, *args, **kwargs)
            args, kwargs = _cast_args(
                func, apply_to, (self, *args), dict(kwargs), torch.half
            )
            output = func(*args, **kwargs)
            return output

        return wrapper

    return decorator


def force_fp32(apply_to: Any = None, out_fp16: bool = False) -> Callable:
    """``mmcv.runner.force_fp32``: casts ``apply_to`` to float32 when
    ``self.fp16_enabled``; a no-op otherwise."""

    def decorator(func: Callable) -> Callable:
        @functools.wraps(func)
        def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
            if not getattr(self, "fp16_enabled", False):
                return func(self, *args, **kwargs)
            args, kwargs = _cast_args(
                func, apply_to, (self, *args), dict(kwargs), torch.float
            )
            return func(*args, **kwargs)

        return wrapper

    return decorator
