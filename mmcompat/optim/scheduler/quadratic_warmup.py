"""Quadratic warmup (MMDet 3.x ``QuadraticWarmup{ParamScheduler,LR,Momentum}``).

The value grows as ``base * ((t + 1) / T) ** 2`` over ``T = end - begin``
steps, written in MMDet's chainable form
``x_t = x_{t-1} + base * (2t + 1) / T**2`` (``x_0 = base / T**2``). YOLOX
configs use it as the warmup before a cosine schedule. MMDet's
``build_iter_from_epoch`` does not truncate ``begin``/``end`` to int; nor
does this one.
"""

from __future__ import annotations

from typing import Any

from mmcompat.registry import PARAM_SCHEDULERS

from .lr_scheduler import LRSchedulerMixin
from .momentum_scheduler import MomentumSchedulerMixin
from .param_scheduler import INF, _ParamScheduler

__all__ = [
    "QuadraticWarmupParamScheduler",
    "QuadraticWarmupLR",
    "QuadraticWarmupMomentum",
]


@PARAM_SCHEDULERS.register_module()
class QuadraticWarmupParamScheduler(_ParamScheduler):
    """Warm the value up quadratically from ``base / T**2`` to ``base``."""

    _int_begin_end = False

    def __init__(
        self,
        optimizer: Any,
        param_name: str,
        begin: int = 0,
        end: int = INF,
        last_step: int = -1,
        by_epoch: bool = True,
        verbose: bool = False,
    ) -> None:
        if end >= INF:
            raise ValueError(
                f"{type(self).__name__} needs a finite `end` (the step where the "
                "warmup ends)"
            )
        self.total_iters = end - begin
        super().__init__(
            optimizer, param_name, begin, end, last_step, by_epoch, verbose
        )

    def _get_value(self) -> list:
        # Same operation order as MMDet, for bit-identical values.
        if self.last_step == 0:
            return [
                b * (2 * self.last_step + 1) / self.total_iters**2
                for b in self.base_values
            ]
        return [
            v + b * (2 * self.last_step + 1) / self.total_iters**2
            for b, v in zip(self.base_values, self._current_values())
        ]

    def _get_closed_form(self) -> list:
        return [
            b * ((self.last_step + 1) / self.total_iters) ** 2 for b in self.base_values
        ]


@PARAM_SCHEDULERS.register_module()
class QuadraticWarmupLR(LRSchedulerMixin, QuadraticWarmupParamScheduler):
    """Quadratic warmup of the learning rate."""


@PARAM_SCHEDULERS.register_module()
class QuadraticWarmupMomentum(MomentumSchedulerMixin, QuadraticWarmupParamScheduler):
    """Quadratic warmup of the momentum (``betas[0]`` for Adam-family)."""
