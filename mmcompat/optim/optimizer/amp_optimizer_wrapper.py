"""``AmpOptimWrapper``: mixed-precision training (autocast + loss scaling).

Follows MMEngine 0.10.7, with two deliberate differences:

* it works on CPU (MMEngine asserts a GPU): ``optim_context(model)`` enables
  ``torch.autocast`` on the device type of the model's parameters, so
  ``dtype='bfloat16'`` trains on CPU;
* the ``GradScaler`` is only enabled where loss scaling does something, i.e.
  when autocast runs in float16. bfloat16 has float32's exponent range and
  needs no scaling (MMEngine scales anyway on CUDA). A disabled scaler passes
  losses and steps through unchanged, and its state dict is empty.

``loss_scale`` is ``'dynamic'`` (default GradScaler), a number (a static
initial scale: the scale is reset to it after every step, as MMEngine passes
it to ``GradScaler.update``), or a dict of ``GradScaler`` arguments.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import torch
import torch.nn as nn

from mmcompat.registry import OPTIM_WRAPPERS

from .optimizer_wrapper import OptimWrapper

__all__ = ["AmpOptimWrapper"]


def _make_grad_scaler(device: str, enabled: bool, use_fsdp: bool, **kwargs: Any) -> Any:
    if use_fsdp:
        from torch.distributed.fsdp.sharded_grad_scaler import ShardedGradScaler

        return ShardedGradScaler(device=device, enabled=enabled, **kwargs)
    if hasattr(torch.amp, "GradScaler"):  # torch >= 2.3
        return torch.amp.GradScaler(device, enabled=enabled, **kwargs)
    return torch.cuda.amp.GradScaler(enabled=enabled and device == "cuda", **kwargs)


def _model_device_type(model: nn.Module) -> str:
    for tensor in model.parameters():
        return tensor.device.type
    for tensor in model.buffers():
        return tensor.device.type
    return "cuda" if torch.cuda.is_available() else "cpu"


@OPTIM_WRAPPERS.register_module()
class AmpOptimWrapper(OptimWrapper):
    """``OptimWrapper`` with autocast in ``optim_context`` and loss scaling.

    Args:
        loss_scale: ``'dynamic'``, a number, or a dict of GradScaler args.
        dtype: autocast dtype: ``'float16'``, ``'bfloat16'``, a
            ``torch.dtype``, or None (float16 on CUDA, bfloat16 on CPU).
        use_fsdp: use FSDP's ``ShardedGradScaler``.
        **kwargs: ``OptimWrapper`` arguments (``optimizer``,
            ``accumulative_counts``, ``clip_grad``).
    """

    valid_dtypes = ("float16", "bfloat16", "float32", "float64")

    def __init__(
        self,
        loss_scale: str | float | dict = "dynamic",
        dtype: str | torch.dtype | None = None,
        use_fsdp: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if isinstance(dtype, str):
            if dtype not in self.valid_dtypes:
                raise ValueError(
                    f"optim_wrapper.dtype must be one of {self.valid_dtypes}, got "
                    f"{dtype!r}"
                )
            dtype = getattr(torch, dtype)
        if dtype is not None and not isinstance(dtype, torch.dtype):
            raise TypeError(
                f"optim_wrapper.dtype must be None, a str or a torch.dtype, got {dtype!r}"
            )
        self.cast_dtype = dtype

        device = "cuda" if torch.cuda.is_available() else "cpu"
        effective = (
            dtype
            if dtype is not None
            else (torch.float16 if device == "cuda" else torch.bfloat16)
        )
        enabled = effective == torch.float16
        self._scale_update_param = None
        if loss_scale == "dynamic":
            scaler_kwargs: dict = {}
        elif isinstance(loss_scale, (int, float)) and not isinstance(loss_scale, bool):
            self._scale_update_param = float(loss_scale)
            scaler_kwargs = dict(init_scale=float(loss_scale))
        elif isinstance(loss_scale, dict):
            scaler_kwargs = dict(loss_scale)
        else:
            raise TypeError(
                "optim_wrapper.loss_scale must be 'dynamic', a number or a dict of "
                f"GradScaler arguments, got {loss_scale!r}"
            )
        self.loss_scaler = _make_grad_scaler(device, enabled, use_fsdp, **scaler_kwargs)

    @property
    def scaler_enabled(self) -> bool:
        """Whether losses are actually scaled (float16 autocast)."""
        return bool(self.loss_scaler.is_enabled())

    def backward(self, loss: torch.Tensor, **kwargs: Any) -> None:
        self.loss_scaler.scale(loss).backward(**kwargs)
        self._inner_count += 1

    def step(self, **kwargs: Any) -> None:
        """Unscale (for clipping), clip, step through the scaler, update it."""
        if not self.scaler_enabled:
            super().step(**kwargs)
            return
        if self.clip_grad_kwargs:
            self.loss_scaler.unscale_(self.optimizer)
            self._clip_grad()
        self.loss_scaler.step(self.optimizer, **kwargs)
        self.loss_scaler.update(self._scale_update_param)

    def state_dict(self) -> dict:
        """Optimizer state plus ``loss_scaler`` (the GradScaler state)."""
        state_dict = super().state_dict()
        state_dict["loss_scaler"] = self.loss_scaler.state_dict()
        return state_dict

    def load_state_dict(self, state_dict: dict) -> None:
        state_dict = dict(state_dict)
        scaler_state = state_dict.pop("loss_scaler", None)
        # An empty state comes from a disabled scaler (bfloat16 / CPU run);
        # GradScaler refuses to load it, and there is nothing to restore.
        if scaler_state and self.scaler_enabled:
            self.loss_scaler.load_state_dict(scaler_state)
        super().load_state_dict(state_dict)

    @contextmanager
    def optim_context(self, model: nn.Module) -> Iterator[None]:
        """Accumulation context (``no_sync``) plus autocast on the model's
        device type."""
        device_type = _model_device_type(model)
        with (
            super().optim_context(model),
            torch.autocast(device_type=device_type, dtype=self.cast_dtype),
        ):
            yield
