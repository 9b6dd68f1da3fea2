"""Reduce a parameter when a validation metric stops improving.

MMEngine 0.10.7's ``ReduceOnPlateauParamScheduler`` (PyTorch's
``ReduceLROnPlateau`` with MMEngine names: ``rule`` for ``mode``,
``threshold_rule`` for ``threshold_mode``, ``min_value`` for ``min_lr``).
``ParamSchedulerHook`` calls ``step()`` without metrics after every train
epoch (only counting epochs, so ``begin``/``end`` work) and ``step(metrics)``
after every validation epoch (``need_val_args``). Only ``by_epoch=True`` is
supported, as in MMEngine.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mmcompat.registry import PARAM_SCHEDULERS

from .._log import print_log
from .param_scheduler import INF, _check_optimizer, _check_window, _ParamScheduler

__all__ = ["ReduceOnPlateauParamScheduler"]


@PARAM_SCHEDULERS.register_module()
class ReduceOnPlateauParamScheduler(_ParamScheduler):
    """Multiply the value by ``factor`` after ``patience`` epochs without
    improvement of ``metrics[monitor]``.

    Args:
        monitor: the metric name to watch.
        rule: ``'less'`` (lower is better) or ``'greater'``.
        factor: multiplier applied on a plateau (< 1).
        patience: epochs without improvement tolerated before reducing.
        threshold / threshold_rule: what counts as an improvement (``'rel'``:
            relative to the best value, ``'abs'``: absolute).
        cooldown: epochs to wait after a reduction before counting again.
        min_value: lower bound (one value, or one per param group).
        eps: a reduction smaller than this is skipped.
    """

    need_val_args = True

    def __init__(
        self,
        optimizer: Any,
        param_name: str,
        monitor: str = "loss",
        rule: str = "less",
        factor: float = 0.1,
        patience: int = 10,
        threshold: float = 1e-4,
        threshold_rule: str = "rel",
        cooldown: int = 0,
        min_value: float | Sequence[float] = 0.0,
        eps: float = 1e-8,
        begin: int = 0,
        end: int = INF,
        last_step: int = -1,
        by_epoch: bool = True,
        verbose: bool = False,
    ) -> None:
        # Not calling _ParamScheduler.__init__: this scheduler does not step
        # at construction and starts counting epochs at 0.
        _check_optimizer(optimizer)
        self.optimizer = optimizer
        self.param_name = param_name
        _check_window(type(self).__name__, begin, end)
        self.begin = begin
        self.end = end
        if not by_epoch:
            raise ValueError(f"{type(self).__name__} only supports by_epoch=True")
        self.by_epoch = by_epoch
        if not isinstance(last_step, int) or last_step < -1:
            raise ValueError(f"`last_step` must be an int >= -1, got {last_step!r}")
        self._init_base_values(last_step)
        self.last_step = last_step
        self._global_step = 0
        self.verbose = verbose
        if factor >= 1.0:
            raise ValueError(f"{type(self).__name__}: `factor` must be < 1.0")
        self.factor = factor
        self.min_values = self._format_min_values(optimizer, min_value)
        self.patience = patience
        self.cooldown = cooldown
        self.cooldown_counter = 0
        self.eps = eps
        self.monitor = monitor
        if threshold < 0:
            raise ValueError(f"`threshold` must be >= 0, got {threshold}")
        if rule not in ("less", "greater"):
            raise ValueError(f"`rule` must be 'less' or 'greater', got {rule!r}")
        if threshold_rule not in ("rel", "abs"):
            raise ValueError(
                f"`threshold_rule` must be 'rel' or 'abs', got {threshold_rule!r}"
            )
        self.rule = rule
        self.threshold = threshold
        self.threshold_rule = threshold_rule
        self.rule_worse = INF if rule == "less" else -INF
        self.best = self.rule_worse
        self.num_bad_epochs = 0
        self._last_value = self._current_values()

    @staticmethod
    def _format_min_values(optimizer: Any, min_value: Any) -> list:
        from ..optimizer.base import BaseOptimWrapper

        is_wrapper = isinstance(optimizer, BaseOptimWrapper)
        raw_groups = (
            optimizer.optimizer.param_groups if is_wrapper else (optimizer.param_groups)
        )
        if isinstance(min_value, (list, tuple)):
            if len(min_value) != len(raw_groups):
                raise ValueError(
                    f"expected {len(raw_groups)} min_value entries (one per param "
                    f"group), got {len(min_value)}"
                )
            values = list(min_value)
            # The wrapper's extra base_param_settings group uses the last
            # group's bound, as in MMEngine.
            if is_wrapper and getattr(optimizer, "base_param_settings", None):
                values.append(values[-1])
            return values
        return [min_value] * len(optimizer.param_groups)

    def step(self, metrics: dict | None = None) -> None:  # type: ignore[override]
        """Count an epoch (``metrics=None``) or react to validation metrics."""
        if metrics is None:
            self._global_step += 1
            return
        if not isinstance(metrics, dict):
            raise TypeError(f"metrics must be a dict, got {type(metrics).__name__}")
        if self.begin <= self._global_step < self.end:
            self.last_step += 1
            if self.monitor not in metrics or metrics[self.monitor] is None:
                raise KeyError(
                    f"{type(self).__name__} monitors {self.monitor!r}, which is not "
                    f"in the validation metrics {list(metrics)}"
                )
            metric = metrics[self.monitor]
            if self._is_better(metric, self.best):
                self.best = metric
                self.num_bad_epochs = 0
            else:
                self.num_bad_epochs += 1
            if self.cooldown_counter > 0:
                self.cooldown_counter -= 1
                self.num_bad_epochs = 0
            if self.num_bad_epochs > self.patience:
                for i, (group, value) in enumerate(
                    zip(self.optimizer.param_groups, self._get_value())
                ):
                    if group[self.param_name] - value > self.eps:
                        group[self.param_name] = value
                        self.print_value(self.verbose, i, value)
                self.cooldown_counter = self.cooldown
                self.num_bad_epochs = 0
        self._last_value = self._current_values()

    def print_value(self, is_verbose: bool, group: int, value: float) -> None:
        if is_verbose:
            unit = "epoch" if self.by_epoch else "iter"
            print_log(
                f"Adjusting parameter value of group {group} to {value:.4e} in "
                f"{unit} {self.last_step}."
            )

    def _get_value(self) -> list:
        values = [float(v) * self.factor for v in self._current_values()]
        return [max(v, low) for v, low in zip(values, self.min_values)]

    def _is_better(self, a: float, best: float) -> bool:
        if self.rule == "less":
            if self.threshold_rule == "rel":
                return a < best * (1.0 - self.threshold)
            return a < best - self.threshold
        if self.threshold_rule == "rel":
            return a > best * (self.threshold + 1.0)
        return a > best + self.threshold
