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

MMCV's hooks computed the value from the runner's counters and the groups'
``initial_lr``/``initial_momentum``, so a run resumed at iteration ``k``
(epoch ``e``) set the value a run from the start sets there. The schedulers
step from their start instead: a resumed run's param groups go back to
their initial values before the schedulers are built
(:func:`restore_initial_values`), and :meth:`LegacyParamSchedulerHook.
before_run` steps them as far as a run from the start would have by then.
"""

from __future__ import annotations

from typing import Any, Optional

from mmcompat.hooks.param_scheduler_hook import ParamSchedulerHook, _scheduler_lists

__all__ = ["LegacyParamSchedulerHook", "restore_initial_values"]


def restore_initial_values(optimizers: Any) -> None:
    """Set each param group's ``lr`` and momentum (``betas[0]`` for Adam-
    style optimizers) back to its ``initial_lr``/``initial_momentum``, where
    a schedule recorded one (``optimizers``: an optimizer or a dict of
    them)."""
    if isinstance(optimizers, dict):
        groups = [g for o in optimizers.values() for g in o.param_groups]
    else:
        groups = list(optimizers.param_groups)
    for group in groups:
        if "initial_lr" in group:
            group["lr"] = group["initial_lr"]
        if "initial_momentum" in group:
            if "betas" in group:
                group["betas"] = (group["initial_momentum"], *group["betas"][1:])
            elif "momentum" in group:
                group["momentum"] = group["initial_momentum"]


class LegacyParamSchedulerHook(ParamSchedulerHook):
    """ParamSchedulerHook with MMCV's timing (see the module doc)."""

    priority = "VERY_HIGH"

    def __init__(self) -> None:
        self._pending: list[bool] = []  # by_epoch of each deferred step

    def before_run(self, runner: Any) -> None:
        """Step the schedulers as a run from the start would have by the
        loop's first iteration (a resumed run: see the module doc): every
        iteration, and every ``len(dataloader)`` iterations an epoch."""
        loop = runner.train_loop
        epochs, iters = loop.epoch, loop.iter
        length = len(loop.dataloader) if loop.by_epoch else 0
        for done in range(1, iters + 1):
            self._pending.append(False)
            if length and done % length == 0 and done // length <= epochs:
                self._pending.append(True)
        self._flush(runner)

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
