"""Averaged copies of a model: EMA, momentum-annealed EMA, SWA (for EMAHook).

The averaged model keeps a frozen deep copy (``self.module``) and a ``steps``
buffer (saved in checkpoints, MMEngine's key). ``update_parameters(model)``:

- step 0 copies the source parameters;
- every ``interval``-th later step applies ``avg_func`` to floating-point
  parameters (and buffers, with ``update_buffers=True``);
- without ``update_buffers`` the buffers are copied each step.

MMEngine tests ``if self.steps == 0`` on the buffer (and calls
``steps.item()`` in MomentumAnnealingEMA), which synchronises the device
every iteration when the buffer lives on a GPU. Here a Python mirror of the
step count drives those decisions; it is refreshed from the buffer when a
state dict is loaded.
"""

from __future__ import annotations

import logging
from abc import abstractmethod
from copy import deepcopy
from typing import Any

import torch
import torch.nn as nn

from mmcompat.logging import print_log
from mmcompat.registry import MODELS

__all__ = [
    "BaseAveragedModel",
    "ExponentialMovingAverage",
    "MomentumAnnealingEMA",
    "StochasticWeightAverage",
]


class BaseAveragedModel(nn.Module):
    """Base class of averaged models.

    Args:
        model: the model to average (deep-copied, gradients off).
        interval: average every ``interval`` updates.
        device: where the averaged copy lives (e.g. ``'cpu'`` to save GPU
            memory); the model's device when None.
        update_buffers: average buffers too (e.g. BN running stats) instead
            of copying them.
    """

    def __init__(
        self,
        model: nn.Module,
        interval: int = 1,
        device: torch.device | str | None = None,
        update_buffers: bool = False,
    ) -> None:
        super().__init__()
        self.module = deepcopy(model).requires_grad_(False)
        self.interval = interval
        if device is not None:
            self.module = self.module.to(device)
        self.register_buffer("steps", torch.tensor(0, dtype=torch.long, device=device))
        self._num_updates = 0
        self.update_buffers = update_buffers
        if update_buffers:
            self.avg_parameters = self.module.state_dict()
        else:
            self.avg_parameters = dict(self.module.named_parameters())
        self.register_load_state_dict_post_hook(_refresh_step_count)

    @abstractmethod
    def avg_func(
        self, averaged_param: torch.Tensor, source_param: torch.Tensor, steps: int
    ) -> None:
        """Update ``averaged_param`` in place from ``source_param``."""

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        return self.module(*args, **kwargs)

    @torch.no_grad()
    def update_parameters(self, model: nn.Module) -> None:
        """Fold the current weights of ``model`` into the average."""
        source = (
            model.state_dict()
            if self.update_buffers
            else dict(model.named_parameters())
        )
        if self._num_updates == 0:
            for key, averaged in self.avg_parameters.items():
                averaged.data.copy_(source[key].data)
        elif self._num_updates % self.interval == 0:
            for key, averaged in self.avg_parameters.items():
                if averaged.dtype.is_floating_point:
                    self.avg_func(
                        averaged.data,
                        source[key].data.to(averaged.device),
                        self._num_updates,
                    )
        if not self.update_buffers:
            for averaged, buffer in zip(self.module.buffers(), model.buffers()):
                averaged.data.copy_(buffer.data.to(averaged.device))
        self.steps += 1
        self._num_updates += 1


def _refresh_step_count(module: nn.Module, incompatible_keys: Any) -> None:
    # Loading a checkpoint is not the hot path: one read of the buffer.
    module._num_updates = int(module.steps)


@MODELS.register_module()
class StochasticWeightAverage(BaseAveragedModel):
    """Plain running mean of the weights seen every ``interval`` steps."""

    def avg_func(
        self, averaged_param: torch.Tensor, source_param: torch.Tensor, steps: int
    ) -> None:
        averaged_param.add_(
            source_param - averaged_param, alpha=1 / float(steps // self.interval + 1)
        )


@MODELS.register_module()
class ExponentialMovingAverage(BaseAveragedModel):
    """``averaged = (1 - momentum) * averaged + momentum * source``.

    ``momentum`` is the weight of the *new* value (MMEngine's convention,
    ``1 - decay`` in other libraries), so it is usually small (2e-4).
    """

    def __init__(
        self,
        model: nn.Module,
        momentum: float = 0.0002,
        interval: int = 1,
        device: torch.device | str | None = None,
        update_buffers: bool = False,
    ) -> None:
        super().__init__(model, interval, device, update_buffers)
        if not 0.0 < momentum < 1.0:
            raise ValueError(f"EMA momentum must be in (0, 1), got {momentum}")
        if momentum > 0.5:
            print_log(
                "The value of momentum in EMA is usually a small number, which is "
                "different from the conventional notion of momentum but got "
                f"{momentum}. Please make sure the value is correct.",
                logger="current",
                level=logging.WARNING,
            )
        self.momentum = momentum

    def avg_func(
        self, averaged_param: torch.Tensor, source_param: torch.Tensor, steps: int
    ) -> None:
        averaged_param.lerp_(source_param, self.momentum)


@MODELS.register_module()
class MomentumAnnealingEMA(ExponentialMovingAverage):
    """EMA whose momentum starts high and decays:
    ``max(momentum, gamma / (gamma + steps))``."""

    def __init__(
        self,
        model: nn.Module,
        momentum: float = 0.0002,
        gamma: int = 100,
        interval: int = 1,
        device: torch.device | str | None = None,
        update_buffers: bool = False,
    ) -> None:
        super().__init__(
            model=model,
            momentum=momentum,
            interval=interval,
            device=device,
            update_buffers=update_buffers,
        )
        if gamma <= 0:
            raise ValueError(f"gamma must be greater than 0, got {gamma}")
        self.gamma = gamma

    def avg_func(
        self, averaged_param: torch.Tensor, source_param: torch.Tensor, steps: int
    ) -> None:
        momentum = max(self.momentum, self.gamma / (self.gamma + steps))
        averaged_param.lerp_(source_param, momentum)
