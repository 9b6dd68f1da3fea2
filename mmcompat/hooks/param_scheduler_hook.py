"""ParamSchedulerHook: step the runner's parameter schedulers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Optional

from mmcompat.registry import HOOKS

from .hook import DATA_BATCH, Hook


def _scheduler_lists(runner) -> Iterator[list]:
    """The runner's scheduler lists: one list, or one per optimizer of an
    OptimWrapperDict (``{'generator': [...], 'discriminator': [...]}``)."""
    schedulers = runner.param_schedulers
    if schedulers is None:
        return
    if isinstance(schedulers, list):
        yield schedulers
    elif isinstance(schedulers, dict):
        for name, group in schedulers.items():
            if not isinstance(group, list):
                raise TypeError(
                    f"runner.param_schedulers[{name!r}] must be a list of "
                    f"parameter schedulers, got {type(group).__name__}"
                )
            yield group
    else:
        raise TypeError(
            "runner.param_schedulers must be a list of parameter schedulers or "
            f"a dict of such lists, got {type(schedulers).__name__}"
        )


@HOOKS.register_module()
class ParamSchedulerHook(Hook):
    """Advance the schedulers at the end of their unit of time.

    - iteration-based schedulers (``by_epoch=False``) after every training
      iteration;
    - epoch-based schedulers after every training epoch;
    - epoch-based schedulers that need the validation metrics
      (``need_val_args=True``, e.g. ``ReduceOnPlateauLR``) also after every
      validation epoch, with the metrics.

    Priority ``LOW``: after the LoggerHook logged the learning rate of the
    iteration just run, before the CheckpointHook saves the scheduler state.
    """

    priority = "LOW"

    def after_train_iter(
        self,
        runner,
        batch_idx: int,
        data_batch: DATA_BATCH = None,
        outputs: Optional[dict] = None,
    ) -> None:
        for group in _scheduler_lists(runner):
            for scheduler in group:
                if not scheduler.by_epoch:
                    scheduler.step()

    def after_train_epoch(self, runner) -> None:
        for group in _scheduler_lists(runner):
            for scheduler in group:
                if scheduler.by_epoch:
                    scheduler.step()

    def after_val_epoch(
        self, runner, metrics: Optional[dict[str, float]] = None
    ) -> None:
        if metrics is None:
            return
        for group in _scheduler_lists(runner):
            for scheduler in group:
                if scheduler.by_epoch and getattr(scheduler, "need_val_args", False):
                    scheduler.step(metrics)
