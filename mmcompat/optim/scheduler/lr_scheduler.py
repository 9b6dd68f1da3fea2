"""Learning-rate schedulers: the ``*ParamScheduler`` classes with
``param_name='lr'`` fixed (MMEngine 0.10.7 names)."""

from __future__ import annotations

from typing import Any

from mmcompat.registry import PARAM_SCHEDULERS

from .cyclic_scheduler import (
    CosineRestartParamScheduler,
    OneCycleParamScheduler,
)
from .param_scheduler import (
    ConstantParamScheduler,
    CosineAnnealingParamScheduler,
    ExponentialParamScheduler,
    LinearParamScheduler,
    MultiStepParamScheduler,
    PolyParamScheduler,
    StepParamScheduler,
)
from .plateau_scheduler import ReduceOnPlateauParamScheduler

__all__ = [
    "LRSchedulerMixin",
    "ConstantLR",
    "CosineAnnealingLR",
    "ExponentialLR",
    "LinearLR",
    "MultiStepLR",
    "StepLR",
    "PolyLR",
    "OneCycleLR",
    "CosineRestartLR",
    "ReduceOnPlateauLR",
]


class LRSchedulerMixin:
    """Fixes ``param_name='lr'``; combine with a ``*ParamScheduler`` class."""

    def __init__(self, optimizer: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(optimizer, "lr", *args, **kwargs)


@PARAM_SCHEDULERS.register_module()
class ConstantLR(LRSchedulerMixin, ConstantParamScheduler):
    """Multiply by ``factor`` until ``end - 1``, then restore (learning rate)."""


@PARAM_SCHEDULERS.register_module()
class CosineAnnealingLR(LRSchedulerMixin, CosineAnnealingParamScheduler):
    """Cosine annealing to ``eta_min``/``eta_min_ratio`` over ``T_max`` (learning rate)."""


@PARAM_SCHEDULERS.register_module()
class ExponentialLR(LRSchedulerMixin, ExponentialParamScheduler):
    """Multiply by ``gamma`` every step (learning rate)."""


@PARAM_SCHEDULERS.register_module()
class LinearLR(LRSchedulerMixin, LinearParamScheduler):
    """Scale linearly from ``start_factor`` to ``end_factor`` (warmup) (learning rate)."""


@PARAM_SCHEDULERS.register_module()
class MultiStepLR(LRSchedulerMixin, MultiStepParamScheduler):
    """Multiply by ``gamma`` at each milestone (learning rate)."""


@PARAM_SCHEDULERS.register_module()
class StepLR(LRSchedulerMixin, StepParamScheduler):
    """Multiply by ``gamma`` every ``step_size`` steps (learning rate)."""


@PARAM_SCHEDULERS.register_module()
class PolyLR(LRSchedulerMixin, PolyParamScheduler):
    """Polynomial decay to ``eta_min`` (learning rate)."""


@PARAM_SCHEDULERS.register_module()
class OneCycleLR(LRSchedulerMixin, OneCycleParamScheduler):
    """The 1cycle policy (learning rate only) (learning rate)."""


@PARAM_SCHEDULERS.register_module()
class CosineRestartLR(LRSchedulerMixin, CosineRestartParamScheduler):
    """Cosine annealing with restarts (learning rate)."""


@PARAM_SCHEDULERS.register_module()
class ReduceOnPlateauLR(LRSchedulerMixin, ReduceOnPlateauParamScheduler):
    """Reduce on a validation-metric plateau (learning rate)."""
