"""When the learning rate changes, as MMCV 1.x's ``LrUpdaterHook`` did.

MMCV set the lr of an iteration at ``before_train_iter`` (and of an epoch at
``before_train_epoch``), priority VERY_HIGH; MMEngine's ParamSchedulerHook
steps the schedulers at ``after_train_iter``/``after_train_epoch``, priority
LOW. The values are the same, but a legacy hook reading
``runner.optimizer.param_groups[0]['lr']`` in ``after_train_iter`` after
priority LOW (a logger, a recorder) would see the *next* iteration's lr, and
the optimizer would hold one step too many after training.

:class:`LegacyParamSchedulerHook` steps the same schedulers in the same
order, deferred to the start of the next iteration/epoch.
"""

from __future__ import annotations

from typing import Any, Optional

from mmcompat.hooks.param_scheduler_hook import ParamSchedulerHook, _scheduler_lists

__all__ = ["LegacyParamSchedulerHook"]


class LegacyParamSchedulerHook(ParamSchedulerHook):
    """ParamSchedulerHook with MMCV's timing (see the module doc)."""

    priority = "VERY_HIGH"

    def __init__(self) -> None:
        self._pending: list[bool] = []  # by_epoch of each deferred step

    def _flush(self, runner: Any) -> None:
        pending, self._pending = self._pending, []
        for by_epoch in pending:
            for group in _scheduler_lists(runner):
                for scheduler in group:
                    if scheduler.by_epoch == by_epoch:
                        scheduler.step()

    def before_train_epoch(self, runner: Any) -> None:
        self._flush(runner)

    def before_train_iter(
        self, runner: Any, batch_idx: int, data_batch: Any = None
    ) -> None:
        self._flush(runner)

    def after_train_iter(
        self,
        runner: Any,
        batch_idx: int,
        data_batch: Any = None,
        outputs: Optional[dict] = None,
    ) -> None:
        self._pending.append(False)

    def after_train_epoch(self, runner: Any) -> None:
        self._pending.append(True)

    def after_val_epoch(self, runner: Any, metrics: Optional[dict] = None) -> None:
        if metrics is not None and any(
            getattr(s, "need_val_args", False)
            for group in _scheduler_lists(runner)
            for s in group
        ):
            self._flush(runner)
            super().after_val_epoch(runner, metrics)
