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

from ._call import call_module, forward_only, forward_only_both
from .base_module import BaseModule
from .data_preprocessor import BaseDataPreprocessor
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
        # The module's own ``__dict__`` directly: attribute access on a module
        # goes through ``nn.Module.__getattr__``'s slower lookup.
        own = self.__dict__
        preprocessor = own["_modules"].get("data_preprocessor")
        if preprocessor is None:
            preprocessor = self.data_preprocessor
        wrapper_class = optim_wrapper.__class__
        if (
            getattr(wrapper_class, "_plain_step", False)
            and optim_wrapper._accumulative_counts == 1
            and not optim_wrapper.clip_grad_kwargs
            and wrapper_class._step_methods.isdisjoint(optim_wrapper.__dict__)
        ):
            # A plain OptimWrapper without accumulation or clipping: the
            # steps below come to this (``optim_context`` gives a no-op
            # context, ``update_params`` backward, step, zero_grad), written
            # out. Each call left out is a few microseconds per iteration in
            # a training loop, where the kernels keep evicting this code.
            kind = data.__class__
            if kind is list or kind is tuple:
                # ``_run_forward``'s case for a list or tuple, written out
                direct = (
                    type(self)._run_forward is _BASE_RUN_FORWARD
                    and "_run_forward" not in own
                )
                if (
                    direct
                    and type(preprocessor) is BaseDataPreprocessor
                    and preprocessor.passes_through(data)
                    and forward_only_both(self, preprocessor)
                ):
                    # The usual case: the batch passes the preprocessor as
                    # it is, and ``forward`` is all ``self(...)`` would call.
                    losses = self.forward(*data, mode="loss")
                else:
                    data = call_module(preprocessor, data, True)
                    if direct and forward_only(self):
                        losses = self.forward(*data, mode="loss")
                    else:
                        losses = self._run_forward(data, mode="loss")
            else:
                data = call_module(preprocessor, data, True)
                losses = self._run_forward(data, mode="loss")
            loss, log_vars = self.parse_losses(losses)
            loss.backward()
            optim_wrapper._inner_count += 1
            optimizer = optim_wrapper.optimizer
            optimizer.step()
            optimizer.zero_grad()
            return log_vars
        with optim_wrapper.optim_context(self):
            data = call_module(preprocessor, data, True)
            losses = self._run_forward(data, mode="loss")
        parsed_losses, log_vars = self.parse_losses(losses)
        optim_wrapper.update_params(parsed_losses)
        return log_vars

    def val_step(self, data: dict | tuple | list) -> list:
        """Predictions for the evaluator (``mode='predict'``)."""
        data = call_module(self.data_preprocessor, data, False)
        return self._run_forward(data, mode="predict")

    def test_step(self, data: dict | tuple | list) -> list:
        """Same as :meth:`val_step`."""
        data = call_module(self.data_preprocessor, data, False)
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
        if len(losses) == 1:
            # The usual ``dict(loss=<0-d float tensor>)``: the loop below
            # would give ``(loss, {'loss': loss.detach()})``.
            value = losses.get("loss")
            if (
                value.__class__ is torch.Tensor
                and value.ndim == 0
                and value.is_floating_point()
            ):
                return value, OrderedDict(loss=value.detach())
        log_vars: OrderedDict = OrderedDict()
        entries: list[tuple[str, Any]] = []
        loss_values: list = []
        tensor = torch.Tensor
        for name, value in losses.items():
            if value.__class__ is tensor or isinstance(value, tensor):
                # _mean, inlined: a 0-d floating loss is its own mean
                if value.ndim != 0 or not value.is_floating_point():
                    value = value.mean()
            elif isinstance(value, list) and all(isinstance(v, tensor) for v in value):
                value = _sum([_mean(v) for v in value])
            else:
                raise TypeError(
                    f"loss {name!r} must be a tensor or a list of tensors, "
                    f"got {type(value).__name__}"
                )
            entries.append((name, value))
            if "loss" in name:
                loss_values.append(value)
        loss = loss_values[0] if len(loss_values) == 1 else _sum(loss_values)
        detached = log_vars["loss"] = (
            loss.detach() if loss.__class__ is tensor else _detach(loss)
        )
        for name, value in entries:
            # The usual single entry is the total itself: detached once.
            log_vars[name] = detached if value is loss else _detach(value)
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
        """Call ``forward``: a dict unpacked as keywords, a list/tuple as
        positionals."""
        cls = data.__class__
        if cls is tuple or cls is list:  # the usual batch, one call less
            return call_module(self, *data, mode=mode)
        return run_forward(self, data, mode)

    # -- device moves also move the data preprocessor's target device --------
    def to(self, *args: Any, **kwargs: Any) -> nn.Module:
        device = torch._C._nn._parse_to(*args, **kwargs)[0]
        if device is not None:
            self._set_device(torch.device(device))
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


_BASE_RUN_FORWARD = BaseModel._run_forward
