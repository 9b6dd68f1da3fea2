"""EarlyStoppingHook: stop training when a validation metric stops improving."""

from __future__ import annotations

import warnings
from math import inf, isfinite
from typing import Optional

from mmcompat.registry import HOOKS

from ._rules import DEFAULT_GREATER_KEYS, DEFAULT_LESS_KEYS, infer_rule
from .hook import Hook


@HOOKS.register_module()
class EarlyStoppingHook(Hook):
    """Set ``runner.train_loop.stop_training`` when ``metrics[monitor]`` did
    not improve by more than ``min_delta`` for ``patience`` validations, is
    not finite (``check_finite``), or passed ``stopping_threshold``.

    Args:
        monitor: the validation metric to watch.
        rule: ``'greater'`` or ``'less'``; inferred from ``monitor`` as in
            CheckpointHook when None.
        min_delta: the smallest change that counts as an improvement.
        strict: raise if ``monitor`` is missing from the metrics (otherwise
            warn and skip).
        check_finite: stop on an infinite or NaN metric.
        patience: validations without improvement tolerated.
        stopping_threshold: stop as soon as the metric is better than this.
    """

    priority = "LOWEST"
    rule_map = {"greater": lambda x, y: x > y, "less": lambda x, y: x < y}

    def __init__(
        self,
        monitor: str,
        rule: Optional[str] = None,
        min_delta: float = 0.1,
        strict: bool = False,
        check_finite: bool = True,
        patience: int = 5,
        stopping_threshold: Optional[float] = None,
    ) -> None:
        if rule is None:
            rule = infer_rule(monitor, DEFAULT_GREATER_KEYS, DEFAULT_LESS_KEYS)
            if rule is None:
                raise ValueError(
                    f"EarlyStoppingHook: cannot infer whether a greater or smaller "
                    f"{monitor!r} is better; set rule='greater' or rule='less'"
                )
        elif rule not in self.rule_map:
            raise ValueError(
                f"EarlyStoppingHook: rule must be 'greater' or 'less', got {rule!r}"
            )
        self.monitor = monitor
        self.rule = rule
        # Stored with the sign that makes "best + min_delta" the bar to beat.
        self.min_delta = min_delta if rule == "greater" else -min_delta
        self.strict = strict
        self.check_finite = check_finite
        self.patience = patience
        self.stopping_threshold = stopping_threshold
        self.wait_count = 0
        self.best_score = -inf if rule == "greater" else inf

    def before_run(self, runner) -> None:
        if not hasattr(runner.train_loop, "stop_training"):
            raise TypeError(
                f"EarlyStoppingHook needs a train loop with a `stop_training` "
                f"flag; {type(runner.train_loop).__name__} has none"
            )

    def after_val_epoch(
        self, runner, metrics: Optional[dict[str, float]] = None
    ) -> None:
        metrics = metrics or {}
        if self.monitor not in metrics:
            if self.strict:
                raise RuntimeError(
                    f"EarlyStoppingHook: metric {self.monitor!r} is not among the "
                    f"validation metrics {sorted(metrics)} (strict=True)"
                )
            warnings.warn(
                f"Skip early stopping process since the evaluation results "
                f"({list(metrics)}) do not include `monitor` ({self.monitor}).",
                stacklevel=2,
            )
            return
        stop, message = self._check_stop_condition(metrics[self.monitor])
        if stop:
            runner.train_loop.stop_training = True
            runner.logger.info(message)

    def _check_stop_condition(self, score: float) -> tuple[bool, str]:
        better = self.rule_map[self.rule]
        if self.check_finite and not isfinite(score):
            return True, (
                f"Monitored metric {self.monitor} = {score} is infinite. "
                f"Previous best value was {self.best_score:.3f}."
            )
        if self.stopping_threshold is not None and better(
            score, self.stopping_threshold
        ):
            self.best_score = score
            return True, (
                f"Stopping threshold reached: `{self.monitor}` = {score} is "
                f"{self.rule} than {self.stopping_threshold}."
            )
        if better(self.best_score + self.min_delta, score):
            self.wait_count += 1
            if self.wait_count >= self.patience:
                return True, (
                    f"the monitored metric did not improve in the last "
                    f"{self.wait_count} records. best score: {self.best_score:.3f}. "
                )
            return False, ""
        self.best_score = score
        self.wait_count = 0
        return False, ""
