"""``OptimWrapper``: one optimizer plus gradient accumulation and clipping.

Training code calls ``optim_wrapper.update_params(loss)`` instead of
``loss.backward(); optimizer.step(); optimizer.zero_grad()``. Semantics are
MMEngine 0.10.7's:

* **Accumulation** (``accumulative_counts=k``): the loss is divided by ``k``
  and the optimizer steps every ``k`` backward passes. When the runner calls
  ``initialize_count_status(model, cur_iter, max_iters)``, the last window of
  training (``max_iters % k`` iterations) divides by its real length instead,
  and the last iteration always steps.
* **DDP**: inside ``optim_context(model)``, iterations that do not step
  skip the gradient all-reduce (``model.no_sync()``).
* **Clipping**: ``clip_grad=dict(max_norm=..., norm_type=...)`` uses
  ``torch.nn.utils.clip_grad_norm_``; ``dict(type='value', clip_value=...)``
  uses ``clip_grad_value_``. The total norm goes to the MessageHub as
  ``train/grad_norm`` *as a tensor*: MMEngine calls ``float()`` on it, a host
  sync every step; here it is converted only when the logger reads it.
"""

from __future__ import annotations

import logging
from contextlib import AbstractContextManager, nullcontext
from typing import Any

import torch
import torch.nn as nn

from mmcompat.registry import OPTIM_WRAPPERS

from .._log import current_message_hub, print_log
from .base import BaseOptimWrapper

__all__ = ["OptimWrapper"]

# Returned by ``optim_context`` when there is nothing to enter: one shared,
# reusable object instead of a generator-based context per iteration.
_NO_CONTEXT = nullcontext()


def _has_batch_norm(model: nn.Module) -> bool:
    return any(isinstance(m, nn.modules.batchnorm._BatchNorm) for m in model.modules())


@OPTIM_WRAPPERS.register_module()
class OptimWrapper(BaseOptimWrapper):
    """Wrap an optimizer with accumulation, clipping and a standard update.

    Args:
        optimizer: the optimizer to wrap.
        accumulative_counts: backward passes per optimizer step (>= 1).
        clip_grad: ``None``, or the keyword arguments of
            ``clip_grad_norm_`` (``type='norm'``, default) or
            ``clip_grad_value_`` (``type='value'``). A dict with
            ``clip_value`` and no ``type`` means value clipping (in MMEngine
            it crashes inside ``clip_grad_norm_``).
    """

    def __init__(
        self,
        optimizer: torch.optim.Optimizer,
        accumulative_counts: int = 1,
        clip_grad: dict | None = None,
    ) -> None:
        if not isinstance(optimizer, torch.optim.Optimizer):
            raise TypeError(
                f"{type(self).__name__} wraps a torch.optim.Optimizer, got "
                f"{type(optimizer).__name__}"
            )
        if (
            isinstance(accumulative_counts, bool)
            or not isinstance(accumulative_counts, int)
            or accumulative_counts < 1
        ):
            raise ValueError(
                "optim_wrapper.accumulative_counts must be an integer >= 1, got "
                f"{accumulative_counts!r}"
            )
        self._accumulative_counts = accumulative_counts
        self.clip_grad_kwargs, self.clip_func, self.grad_name = self._parse_clip_grad(
            clip_grad
        )
        #: what the latest gradient clipping returned (the total norm for
        #: ``type='norm'``), a detached tensor; None before any clipping
        self.last_clip_result: torch.Tensor | None = None
        self._inner_count = 0
        self._max_counts = -1
        self._remainder_counts = -1
        super().__init__(optimizer)

    @staticmethod
    def _parse_clip_grad(clip_grad: dict | None) -> tuple[dict | None, Any, str]:
        if clip_grad is None:
            return None, None, "grad_norm"
        if not isinstance(clip_grad, dict) or not clip_grad:
            raise TypeError(
                "optim_wrapper.clip_grad must be None or a non-empty dict of "
                "clip_grad_norm_/clip_grad_value_ arguments, got "
                f"{clip_grad!r}"
            )
        kwargs = dict(clip_grad)
        default_type = "value" if "clip_value" in kwargs else "norm"
        clip_type = kwargs.pop("type", default_type)
        if clip_type == "norm":
            func, name = torch.nn.utils.clip_grad_norm_, "grad_norm"
        elif clip_type == "value":
            func, name = torch.nn.utils.clip_grad_value_, "grad_value"
        else:
            raise ValueError(
                "optim_wrapper.clip_grad.type must be 'norm' or 'value', got "
                f"{clip_type!r}"
            )
        if not kwargs:
            raise ValueError(
                f"optim_wrapper.clip_grad needs the arguments of clip_grad_{clip_type}_ "
                "besides `type` (e.g. max_norm=35 or clip_value=1.0)"
            )
        return kwargs, func, name

    # -- the update ------------------------------------------------------
    def update_params(
        self,
        loss: torch.Tensor,
        step_kwargs: dict | None = None,
        zero_kwargs: dict | None = None,
    ) -> None:
        """Scale ``loss`` for accumulation, backward, and step + zero_grad
        when the accumulation window is complete."""
        loss = self.scale_loss(loss)
        self.backward(loss)
        if self.should_update():
            self.step(**(step_kwargs or {}))
            self.zero_grad(**(zero_kwargs or {}))

    def backward(self, loss: torch.Tensor, **kwargs: Any) -> None:
        """``loss.backward(**kwargs)`` and count the pass."""
        loss.backward(**kwargs)
        self._inner_count += 1

    def zero_grad(self, **kwargs: Any) -> None:
        self.optimizer.zero_grad(**kwargs)

    def step(self, **kwargs: Any) -> None:
        """Clip gradients (if configured), then ``optimizer.step()``."""
        if self.clip_grad_kwargs:
            self._clip_grad()
        self.optimizer.step(**kwargs)

    @property
    def message_hub(self) -> Any:
        """The current MessageHub (looked up when used, not at build time)."""
        return current_message_hub()

    def _clip_grad(self) -> None:
        params = [
            p
            for group in self.optimizer.param_groups
            for p in group["params"]
            if p.requires_grad and p.grad is not None
        ]
        if not params:
            return
        result = self.clip_func(params, **self.clip_grad_kwargs)
        if result is None:
            return
        self.last_clip_result = result.detach()
        hub = self.message_hub
        if hub is not None:
            # A detached tensor: the MessageHub converts it when it is read,
            # so no host-device sync happens here.
            hub.update_scalar(f"train/{self.grad_name}", self.last_clip_result)

    # -- accumulation ----------------------------------------------------
    def optim_context(self, model: nn.Module) -> AbstractContextManager:
        """Forward under this context: inside an accumulation window a DDP
        model skips its gradient all-reduce (``model.no_sync()``).

        Otherwise (every iteration without accumulation) it is a shared
        do-nothing context, so the common case costs no generator.
        """
        if not self.should_sync() and hasattr(model, "no_sync"):
            return model.no_sync()
        return _NO_CONTEXT

    def initialize_count_status(
        self, model: nn.Module, init_counts: int, max_counts: int
    ) -> None:
        """Tell the wrapper the current and the last iteration of training.

        Called by the train loop before training (and on resume) so the last,
        possibly shorter, accumulation window is scaled by its real length.
        """
        self._inner_count = init_counts
        self._max_counts = max_counts
        if self._inner_count % self._accumulative_counts != 0:
            print_log(
                "Resumed iteration number is not divisible by `accumulative_counts`: "
                "the gradients of the interrupted accumulation window are lost, which "
                "may slightly change the result.",
                level=logging.WARNING,
            )
        if _has_batch_norm(model) and self._accumulative_counts > 1:
            print_log(
                "Gradient accumulation may slightly decrease performance because the "
                "model has BatchNorm layers (their statistics see single batches).",
                level=logging.WARNING,
            )
        self._remainder_counts = self._max_counts % self._accumulative_counts

    def should_update(self) -> bool:
        """Whether the optimizer steps after the current backward pass."""
        return (
            self._inner_count % self._accumulative_counts == 0
            or self._inner_count == self._max_counts
        )

    def should_sync(self) -> bool:
        """Whether the next backward pass must all-reduce gradients."""
        return (
            self._inner_count + 1
        ) % self._accumulative_counts == 0 or self._inner_count + 1 == self._max_counts

    def scale_loss(self, loss: torch.Tensor) -> torch.Tensor:
        """Divide the loss by the length of the current accumulation window.

        Without accumulation the loss is returned as it is: MMEngine divides
        by 1, which adds an autograd node (a kernel forward and backward)
        for an identical value and gradient.
        """
        if self._accumulative_counts == 1:
            return loss
        if self._max_counts == -1:
            factor = self._accumulative_counts
        elif self._inner_count < self._max_counts - self._remainder_counts:
            factor = self._accumulative_counts
        else:
            factor = self._remainder_counts
            if factor <= 0:
                raise RuntimeError(
                    "gradient accumulation window of length 0: "
                    "initialize_count_status() was called with a wrong current "
                    f"({self._inner_count}) or last ({self._max_counts}) iteration"
                )
        return loss / factor

    @property
    def inner_count(self) -> int:
        """Backward passes counted so far."""
        return self._inner_count

    def __repr__(self) -> str:
        return (
            f"Type: {type(self).__name__}\n"
            f"_accumulative_counts: {self._accumulative_counts}\n"
            f"optimizer: \n{self.optimizer!r}\n"
        )
