"""Momentum schedulers: the ``*ParamScheduler`` classes on ``'momentum'``.

Optimizers without a ``momentum`` hyper-parameter but with ``betas``
(Adam, AdamW, ...) get a ``momentum`` entry mirroring ``betas[0]``; after
every step it is written back into ``betas[0]`` (MMEngine 0.10.7).
"""

from __future__ import annotations

from typing import Any

from mmcompat.registry import PARAM_SCHEDULERS

from .cyclic_scheduler import CosineRestartParamScheduler
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
    "MomentumSchedulerMixin",
    "ConstantMomentum",
    "CosineAnnealingMomentum",
    "ExponentialMomentum",
    "LinearMomentum",
    "MultiStepMomentum",
    "StepMomentum",
    "PolyMomentum",
    "CosineRestartMomentum",
    "ReduceOnPlateauMomentum",
]


class MomentumSchedulerMixin:
    """Schedules ``'momentum'`` (or ``betas[0]``); combine with a
    ``*ParamScheduler`` class."""

    def __init__(self, optimizer: Any, *args: Any, **kwargs: Any) -> None:
        self.use_betas = False
        if "momentum" in optimizer.defaults:
            pass
        elif "betas" in optimizer.defaults:
            self.use_betas = True
            for group in optimizer.param_groups:
                group["momentum"] = group["betas"][0]
        else:
            raise ValueError(
                f"{type(self).__name__} needs an optimizer with `momentum` or "
                f"`betas`, got one with {sorted(optimizer.defaults)}"
            )
        super().__init__(optimizer, "momentum", *args, **kwargs)

    def step(self, *args: Any, **kwargs: Any) -> None:
        super().step(*args, **kwargs)  # type: ignore[misc]
        if self.use_betas:
            for group in self.optimizer.param_groups:  # type: ignore[attr-defined]
                _, beta_2 = group["betas"]
                group["betas"] = (group["momentum"], beta_2)


@PARAM_SCHEDULERS.register_module()
class ConstantMomentum(MomentumSchedulerMixin, ConstantParamScheduler):
    """Multiply by ``factor`` until ``end - 1``, then restore (momentum)."""


@PARAM_SCHEDULERS.register_module()
class CosineAnnealingMomentum(MomentumSchedulerMixin, CosineAnnealingParamScheduler):
    """Cosine annealing to ``eta_min``/``eta_min_ratio`` over ``T_max`` (momentum)."""


@PARAM_SCHEDULERS.register_module()
class ExponentialMomentum(MomentumSchedulerMixin, ExponentialParamScheduler):
    """Multiply by ``gamma`` every step (momentum)."""


@PARAM_SCHEDULERS.register_module()
class LinearMomentum(MomentumSchedulerMixin, LinearParamScheduler):
    """Scale linearly from ``start_factor`` to ``end_factor`` (warmup) (momentum)."""


@PARAM_SCHEDULERS.register_module()
class MultiStepMomentum(MomentumSchedulerMixin, MultiStepParamScheduler):
    """Multiply by ``gamma`` at each milestone (momentum)."""


@PARAM_SCHEDULERS.register_module()
class StepMomentum(MomentumSchedulerMixin, StepParamScheduler):
    """Multiply by ``gamma`` every ``step_size`` steps (momentum)."""


@PARAM_SCHEDULERS.register_module()
class PolyMomentum(MomentumSchedulerMixin, PolyParamScheduler):
    """Polynomial decay to ``eta_min`` (momentum)."""


@PARAM_SCHEDULERS.register_module()
class CosineRestartMomentum(MomentumSchedulerMixin, CosineRestartParamScheduler):
    """Cosine annealing with restarts (momentum)."""


@PARAM_SCHEDULERS.register_module()
class ReduceOnPlateauMomentum(MomentumSchedulerMixin, ReduceOnPlateauParamScheduler):
    """Reduce on a validation-metric plateau (momentum)."""
