"""``BaseModel``: the model interface the loops drive.

A subclass implements only ``forward(inputs, data_samples=None, mode=...)``:

- ``mode='loss'``: a dict of loss tensors (``train_step``);
- ``mode='predict'``: a list of predictions (``val_step``/``test_step``);
- ``mode='tensor'``: raw outputs, for users.

``train_step`` is the whole optimisation step (MMCV's ``OptimizerHook`` moved
into the model)::

    with optim_wrapper.optim_context(self):        # autocast, no_sync ...
        data = self.data_preprocessor(data, True)
        losses = self._run_forward(data, mode='loss')
    parsed, log_vars = self.parse_losses(losses)
    optim_wrapper.update_params(parsed)            # backward, step, zero_grad
    return log_vars
"""

from __future__ import annotations

from abc import abstractmethod
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

import torch
import torch.nn as nn

from mmcompat.registry import MODELS

from .base_module import BaseModule
from .data_preprocessor import BaseDataPreprocessor
from .utils import target_device
from .wrappers import run_forward

if TYPE_CHECKING:
    from mmcompat.optim import OptimWrapper

__all__ = ["BaseModel"]


class BaseModel(BaseModule):
    """Base class of trainable models.

    Args:
        data_preprocessor: a module or a config built by ``MODELS``;
            ``dict(type='BaseDataPreprocessor')`` when omitted.
        init_cfg: see :class:`BaseModule`.
    """

    def __init__(
        self,
        data_preprocessor: dict | nn.Module | None = None,
        init_cfg: dict | list[dict] | None = None,
    ) -> None:
        super().__init__(init_cfg)
        if data_preprocessor is None:
            data_preprocessor = dict(type="BaseDataPreprocessor")
        if isinstance(data_preprocessor, nn.Module):
            self.data_preprocessor = data_preprocessor
        elif isinstance(data_preprocessor, dict):
            self.data_preprocessor = MODELS.build(data_preprocessor)
        else:
            raise TypeError(
                "data_preprocessor must be a dict or an nn.Module, "
                f"got {type(data_preprocessor).__name__}"
            )

    # -- the three steps the loops call -------------------------------------
    def train_step(
        self, data: dict | tuple | list, optim_wrapper: OptimWrapper
    ) -> dict[str, torch.Tensor]:
        """One optimisation step; returns detached loss tensors for logging."""
        with optim_wrapper.optim_context(self):
            data = self.data_preprocessor(data, True)
            losses = self._run_forward(data, mode="loss")
        parsed_losses, log_vars = self.parse_losses(losses)
        optim_wrapper.update_params(parsed_losses)
        return log_vars

    def val_step(self, data: dict | tuple | list) -> list:
        """Predictions for the evaluator (``mode='predict'``)."""
        data = self.data_preprocessor(data, False)
        return self._run_forward(data, mode="predict")

    def test_step(self, data: dict | tuple | list) -> list:
        """Same as :meth:`val_step`."""
        data = self.data_preprocessor(data, False)
        return self._run_forward(data, mode="predict")

    # -- losses ---------------------------------------------------------------
    def parse_losses(
        self, losses: dict[str, torch.Tensor | list[torch.Tensor]]
    ) -> tuple[torch.Tensor, dict[str, torch.Tensor]]:
        """Sum the losses; return ``(loss, log_vars)``.

        Every value is reduced with ``mean()`` (a list of tensors: the sum of
        their means). ``loss`` is the sum of the entries whose key contains
        ``'loss'``; other entries (``acc`` ...) are only logged. ``log_vars``
        is ``{'loss': total, **entries}`` in that order.

        The ``log_vars`` values are *detached tensors*, never Python numbers:
        converting here (``.item()``) would synchronise the device every
        iteration. MMEngine returns the (attached) tensors and converts them
        with ``.item()`` inside ``MessageHub.update_scalar``; mmcompat keeps
        them as tensors in the message hub until a logging interval reads them.
        """
        entries: list[tuple[str, Any]] = []
        for name, value in losses.items():
            if isinstance(value, torch.Tensor):
                value = _mean(value)
            elif isinstance(value, list) and all(
                isinstance(v, torch.Tensor) for v in value
            ):
                value = _sum([_mean(v) for v in value])
            else:
                raise TypeError(
                    f"loss {name!r} must be a tensor or a list of tensors, "
                    f"got {type(value).__name__}"
                )
            entries.append((name, value))
        loss = _sum([value for name, value in entries if "loss" in name])
        total = _detach(loss)
        log_vars: OrderedDict = OrderedDict(loss=total)
        for name, value in entries:
            # The usual single entry is the total itself: detached once.
            log_vars[name] = total if value is loss else _detach(value)
        return loss, log_vars

    # -- forward --------------------------------------------------------------
    @abstractmethod
    def forward(
        self,
        inputs: torch.Tensor,
        data_samples: list | None = None,
        mode: str = "tensor",
    ) -> dict[str, torch.Tensor] | list | Any:
        """``'loss'`` -> dict of losses, ``'predict'`` -> list of predictions,
        ``'tensor'`` -> raw network outputs."""

    def _run_forward(self, data: dict | tuple | list, mode: str) -> Any:
        """Call the model: a dict unpacked as keywords, a list/tuple as
        positionals."""
        return run_forward(self, data, mode)

    # -- device moves also move the data preprocessor's target device --------
    def to(self, *args: Any, **kwargs: Any) -> nn.Module:
        device = target_device(*args, **kwargs)
        if device is not None:
            self._set_device(device)
        return super().to(*args, **kwargs)

    def cuda(self, device: int | str | torch.device | None = None) -> nn.Module:
        if device is None or isinstance(device, int):
            device = torch.device("cuda", index=device)
        self._set_device(torch.device(device))
        return super().cuda(device)

    def cpu(self, *args: Any, **kwargs: Any) -> nn.Module:
        self._set_device(torch.device("cpu"))
        return super().cpu()

    def _set_device(self, device: torch.device) -> None:
        for module in self.modules():
            if isinstance(module, BaseDataPreprocessor):
                module._device = device


def _mean(value: torch.Tensor) -> torch.Tensor:
    """``value.mean()``; a 0-d floating tensor is its own mean, returned as
    it is (MMEngine adds an autograd node per loss for the same value)."""
    if value.ndim == 0 and value.is_floating_point():
        return value
    return value.mean()


def _sum(values: list) -> Any:
    """``sum(values)`` without the leading ``0 +`` (one autograd node less,
    same value); the int 0 for an empty list, as ``sum``."""
    if not values:
        return 0
    total = values[0]
    for value in values[1:]:
        total = total + value
    return total


def _detach(value: Any) -> Any:
    # ``sum`` of an empty generator is the int 0 (no key contains 'loss').
    return value.detach() if isinstance(value, torch.Tensor) else value
