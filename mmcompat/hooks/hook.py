"""The :class:`Hook` base class and the table of its 22 hook points.

The runner calls a hook point only on the hooks that override it:
:func:`overridden_points` tells which, once, when a hook is registered, and
:func:`check_hook_methods` rejects a method whose name looks like a misspelled
(or MMCV 1.x) hook point, which would otherwise silently never run.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import Any, Optional, Union

DATA_BATCH = Optional[Union[dict, tuple, list]]

#: The 22 hook points in MMEngine's order (``Hook.stages``): the order of a
#: ``runner.train()`` with validation followed by ``runner.test()``, except
#: that ``before_save_checkpoint`` fires whenever a checkpoint is saved (the
#: CheckpointHook saves at ``after_train_epoch``, before validation).
HOOK_POINTS: tuple[str, ...] = (
    "before_run",
    "after_load_checkpoint",
    "before_train",
    "before_train_epoch",
    "before_train_iter",
    "after_train_iter",
    "after_train_epoch",
    "before_val",
    "before_val_epoch",
    "before_val_iter",
    "after_val_iter",
    "after_val_epoch",
    "after_val",
    "before_save_checkpoint",
    "after_train",
    "before_test",
    "before_test_epoch",
    "before_test_iter",
    "after_test_iter",
    "after_test_epoch",
    "after_test",
    "after_run",
)

# MMEngine lets a hook override one private method instead of the three
# train/val/test variants of a point; the public variants delegate to it.
_SHARED_POINTS: dict[str, tuple[str, ...]] = {
    "_before_epoch": ("before_train_epoch", "before_val_epoch", "before_test_epoch"),
    "_after_epoch": ("after_train_epoch", "after_val_epoch", "after_test_epoch"),
    "_before_iter": ("before_train_iter", "before_val_iter", "before_test_iter"),
    "_after_iter": ("after_train_iter", "after_val_iter", "after_test_iter"),
}

# MMCV 1.x hook points that MMEngine (and mmcompat) no longer call.
_LEGACY_POINTS: dict[str, str] = {
    "before_epoch": "before_train_epoch / before_val_epoch (or override _before_epoch)",
    "after_epoch": "after_train_epoch / after_val_epoch (or override _after_epoch)",
    "before_iter": "before_train_iter / before_val_iter (or override _before_iter)",
    "after_iter": "after_train_iter / after_val_iter (or override _after_iter)",
}

# How alike a method name must be to a hook point to count as a misspelling.
# 0.85 catches one wrong, missing or extra letter (``after_train_iters``:
# 0.97) but not a deliberate custom point such as ``before_valloader2_iter``
# (0.81 against ``before_val_iter``).
_MISSPELLING_CUTOFF = 0.85


class Hook:
    """Base class of all hooks: override the points you need.

    Each point receives the runner as its first argument; a hook keeps no
    reference to the runner (no reference cycle, nothing stale after the
    runner is gone). At one point, hooks run by ascending priority value
    (``priority`` is a :class:`~mmcompat.runner.priority.Priority` name or an
    int; default ``'NORMAL'``), ties in registration order.

    When each point fires (``runner.train()`` with validation every epoch,
    then ``runner.test()``; ``runner.val()`` is like ``test()``)::

        # runner.train()
        before_run(runner)
        after_load_checkpoint(runner, checkpoint)      # only with load_from/resume
        before_train(runner)
        for epoch in range(max_epochs):                # IterBasedTrainLoop: one "epoch"
            before_train_epoch(runner)
            for batch_idx, data_batch in enumerate(train_dataloader):
                before_train_iter(runner, batch_idx, data_batch)
                outputs = model.train_step(data_batch, optim_wrapper)
                after_train_iter(runner, batch_idx, data_batch, outputs)
            after_train_epoch(runner)
            before_save_checkpoint(runner, checkpoint)  # when CheckpointHook saves
            before_val(runner)
            before_val_epoch(runner)
            for batch_idx, data_batch in enumerate(val_dataloader):
                before_val_iter(runner, batch_idx, data_batch)
                outputs = model.val_step(data_batch)
                after_val_iter(runner, batch_idx, data_batch, outputs)
            after_val_epoch(runner, metrics)
            after_val(runner)
        after_train(runner)
        after_run(runner)

        # runner.test()
        before_run(runner)
        after_load_checkpoint(runner, checkpoint)      # only with load_from
        before_test(runner)
        before_test_epoch(runner)
        for batch_idx, data_batch in enumerate(test_dataloader):
            before_test_iter(runner, batch_idx, data_batch)
            outputs = model.test_step(data_batch)
            after_test_iter(runner, batch_idx, data_batch, outputs)
        after_test_epoch(runner, metrics)
        after_test(runner)
        after_run(runner)

    The runner's counters at these points are MMEngine's: ``runner.iter``
    advances after ``after_train_iter``, ``runner.epoch`` after
    ``after_train_epoch`` (so validation sees the finished epoch's number).

    As in MMEngine, a hook may instead override ``_before_epoch``,
    ``_after_epoch``, ``_before_iter`` or ``_after_iter`` (taking an extra
    ``mode`` argument, ``'train'``/``'val'``/``'test'``) to act at all three
    variants of a point.
    """

    priority: Union[int, str] = "NORMAL"
    #: MMEngine's name for :data:`HOOK_POINTS`.
    stages: tuple[str, ...] = HOOK_POINTS

    # -- whole run / phase -------------------------------------------------
    def before_run(self, runner) -> None:
        """Before ``train()``, ``val()`` or ``test()`` does anything."""

    def after_run(self, runner) -> None:
        """After ``train()``, ``val()`` or ``test()`` finished."""

    def before_train(self, runner) -> None:
        """Once, before the first training epoch (or iteration)."""

    def after_train(self, runner) -> None:
        """Once, after the last training epoch (or iteration)."""

    def before_val(self, runner) -> None:
        """Before each validation run."""

    def after_val(self, runner) -> None:
        """After each validation run."""

    def before_test(self, runner) -> None:
        """Before the test run."""

    def after_test(self, runner) -> None:
        """After the test run."""

    # -- checkpoints -------------------------------------------------------
    def before_save_checkpoint(self, runner, checkpoint: dict) -> None:
        """Before ``checkpoint`` (a dict, still mutable) is written."""

    def after_load_checkpoint(self, runner, checkpoint: dict) -> None:
        """After ``checkpoint`` was loaded (resume or ``load_from``)."""

    # -- epochs ------------------------------------------------------------
    def before_train_epoch(self, runner) -> None:
        """Before each training epoch."""
        self._before_epoch(runner, mode="train")

    def before_val_epoch(self, runner) -> None:
        """Before iterating the validation dataloader."""
        self._before_epoch(runner, mode="val")

    def before_test_epoch(self, runner) -> None:
        """Before iterating the test dataloader."""
        self._before_epoch(runner, mode="test")

    def after_train_epoch(self, runner) -> None:
        """After each training epoch."""
        self._after_epoch(runner, mode="train")

    def after_val_epoch(
        self, runner, metrics: Optional[dict[str, float]] = None
    ) -> None:
        """After validation; ``metrics`` maps metric names to values."""
        self._after_epoch(runner, mode="val")

    def after_test_epoch(
        self, runner, metrics: Optional[dict[str, float]] = None
    ) -> None:
        """After testing; ``metrics`` maps metric names to values."""
        self._after_epoch(runner, mode="test")

    # -- iterations --------------------------------------------------------
    def before_train_iter(
        self, runner, batch_idx: int, data_batch: DATA_BATCH = None
    ) -> None:
        """Before each training step (``batch_idx`` counts within the epoch)."""
        self._before_iter(
            runner, batch_idx=batch_idx, data_batch=data_batch, mode="train"
        )

    def before_val_iter(
        self, runner, batch_idx: int, data_batch: DATA_BATCH = None
    ) -> None:
        """Before each validation step."""
        self._before_iter(
            runner, batch_idx=batch_idx, data_batch=data_batch, mode="val"
        )

    def before_test_iter(
        self, runner, batch_idx: int, data_batch: DATA_BATCH = None
    ) -> None:
        """Before each test step."""
        self._before_iter(
            runner, batch_idx=batch_idx, data_batch=data_batch, mode="test"
        )

    def after_train_iter(
        self,
        runner,
        batch_idx: int,
        data_batch: DATA_BATCH = None,
        outputs: Optional[dict] = None,
    ) -> None:
        """After each training step; ``outputs`` is the dict of losses."""
        self._after_iter(
            runner,
            batch_idx=batch_idx,
            data_batch=data_batch,
            outputs=outputs,
            mode="train",
        )

    def after_val_iter(
        self,
        runner,
        batch_idx: int,
        data_batch: DATA_BATCH = None,
        outputs: Optional[Sequence] = None,
    ) -> None:
        """After each validation step; ``outputs`` are the predictions."""
        self._after_iter(
            runner,
            batch_idx=batch_idx,
            data_batch=data_batch,
            outputs=outputs,
            mode="val",
        )

    def after_test_iter(
        self,
        runner,
        batch_idx: int,
        data_batch: DATA_BATCH = None,
        outputs: Optional[Sequence] = None,
    ) -> None:
        """After each test step; ``outputs`` are the predictions."""
        self._after_iter(
            runner,
            batch_idx=batch_idx,
            data_batch=data_batch,
            outputs=outputs,
            mode="test",
        )

    # -- shared implementations (override to act at all three modes) --------
    def _before_epoch(self, runner, mode: str = "train") -> None:
        """Called by the three ``before_*_epoch`` points unless overridden."""

    def _after_epoch(self, runner, mode: str = "train") -> None:
        """Called by the three ``after_*_epoch`` points unless overridden."""

    def _before_iter(
        self, runner, batch_idx: int, data_batch: DATA_BATCH = None, mode: str = "train"
    ) -> None:
        """Called by the three ``before_*_iter`` points unless overridden."""

    def _after_iter(
        self,
        runner,
        batch_idx: int,
        data_batch: DATA_BATCH = None,
        outputs: Optional[Union[Sequence, dict]] = None,
        mode: str = "train",
    ) -> None:
        """Called by the three ``after_*_iter`` points unless overridden."""

    # -- helpers -----------------------------------------------------------
    def every_n_epochs(self, runner, n: int, start: int = 0) -> bool:
        """Whether the epoch just run (``runner.epoch + 1``) is ``start`` plus
        a multiple of ``n``; always False for ``n <= 0``."""
        dividend = runner.epoch + 1 - start
        return n > 0 and dividend >= 0 and dividend % n == 0

    def every_n_inner_iters(self, batch_idx: int, n: int) -> bool:
        """Whether ``batch_idx + 1`` (position in the epoch) divides by ``n``."""
        return n > 0 and (batch_idx + 1) % n == 0

    def every_n_train_iters(self, runner, n: int, start: int = 0) -> bool:
        """Whether the iteration just run (``runner.iter + 1``) is ``start``
        plus a multiple of ``n``; always False for ``n <= 0``."""
        dividend = runner.iter + 1 - start
        return n > 0 and dividend >= 0 and dividend % n == 0

    def end_of_epoch(self, dataloader, batch_idx: int) -> bool:
        """Whether ``batch_idx`` is the last batch of ``dataloader``."""
        return batch_idx + 1 == len(dataloader)

    def is_last_train_epoch(self, runner) -> bool:
        """Whether ``runner.epoch`` is the last training epoch."""
        return runner.epoch + 1 == runner.max_epochs

    def is_last_train_iter(self, runner) -> bool:
        """Whether ``runner.iter`` is the last training iteration."""
        return runner.iter + 1 == runner.max_iters

    def get_triggered_stages(self) -> list:
        """The points this hook overrides (MMEngine's name; unordered in
        MMEngine, in firing order here)."""
        return overridden_points(self)


def train_loop_built(runner: Any) -> bool:
    """Whether ``runner`` built its train loop. MMEngine keeps the loop's
    config (a dict) or None in ``runner._train_loop`` until ``train()``
    builds it; a val/test-only run logs epoch 0 / iteration 0."""
    loop = getattr(runner, "_train_loop", None)
    return loop is not None and not isinstance(loop, dict)


def _overrides(hook: Any, name: str) -> bool:
    return getattr(type(hook), name, None) is not getattr(Hook, name)


def overridden_points(hook: Any) -> list[str]:
    """The hook points ``hook`` overrides, in :data:`HOOK_POINTS` order.

    A point counts as overridden when the hook's class defines it differently
    from :class:`Hook`, or overrides the shared ``_before_epoch`` /
    ``_after_epoch`` / ``_before_iter`` / ``_after_iter`` behind it. The
    runner calls a point only on these hooks.
    """
    points = {name for name in HOOK_POINTS if _overrides(hook, name)}
    for shared, variants in _SHARED_POINTS.items():
        if _overrides(hook, shared):
            points.update(variants)
    return [name for name in HOOK_POINTS if name in points]


def check_hook_methods(hook: Any) -> None:
    """Reject public methods of ``hook`` that look like misspelled points.

    A method named ``after_train_iters`` or MMCV 1.x's ``after_iter`` is
    never called by the runner, so the hook would silently do nothing; this
    raises at registration instead.

    Raises:
        TypeError: naming the hook class, the method and the point(s) meant.
    """
    cls = type(hook)
    for name in dir(cls):
        if name.startswith("_") or name in HOOK_POINTS or hasattr(Hook, name):
            continue
        if not callable(getattr(cls, name, None)):
            continue
        if name in _LEGACY_POINTS:
            raise TypeError(
                f"{cls.__name__}.{name}() is an MMCV 1.x hook point that the "
                f"runner no longer calls; use {_LEGACY_POINTS[name]} instead"
            )
        close = difflib.get_close_matches(
            name, HOOK_POINTS, n=1, cutoff=_MISSPELLING_CUTOFF
        )
        if close:
            raise TypeError(
                f"{cls.__name__}.{name}() is not a hook point and would never "
                f"be called; did you mean {close[0]}()? (hook points: "
                f"{', '.join(HOOK_POINTS)})"
            )
