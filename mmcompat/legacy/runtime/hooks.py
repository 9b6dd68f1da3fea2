"""MMCV 1.x hooks on the new runner: the legacy ``Hook`` base and its adapter.

A legacy hook defines points that take only ``runner`` (``after_train_iter
(self, runner)``) and may define the generic ``before_epoch`` / ``after_iter``
..., which MMCV called for train *and* val. :class:`LegacyHookAdapter` wraps
one into a new-style :class:`~mmcompat.hooks.Hook`: for each new point the
legacy hook triggers (the table in :mod:`mmcompat.tables.hook_points`) it
sets an instance attribute that calls the legacy method with the
:class:`~.state.LegacyRunnerView`. Only those points are dispatched (the
runner's per-point tables see the instance attributes), and the adapter's
class has no MMCV-named public method, so the new registration checks pass.

Under an ``IterBasedRunner`` MMCV fired the generic ``before_epoch`` /
``after_epoch`` once around the whole run (never ``before_train_epoch``);
the adapter does the same when the legacy loop is iteration-based.
"""

from __future__ import annotations

from typing import Any, Optional

from mmcompat.hooks import Hook as NewHook
from mmcompat.registry import HOOKS as NEW_HOOKS
from mmcompat.registry import Registry
from mmcompat.tables.hook_points import LEGACY_POINTS, SHARED_POINTS, phase_of

from .registry import build_from_cfg
from .state import view_of

__all__ = [
    "Hook",
    "HOOKS",
    "LegacyHookAdapter",
    "LogBufferReset",
    "LogBufferTimes",
    "adapt_hook",
    "is_legacy_hook",
]

#: MMCV's ``mmcv.runner.HOOKS``: user hooks register here; names it lacks
#: are looked up in the new HOOKS registry (its parent).
HOOKS = Registry(
    "legacy hook", build_func=build_from_cfg, parent=NEW_HOOKS, scope="mmcv"
)


class Hook:
    """``mmcv.runner.Hook`` (MMCV 1.7.2 API): every point takes ``runner``.

    The phase-specific points call the generic ones by default, as MMCV's
    did (``before_train_epoch`` -> ``before_epoch``...).
    """

    stages = (
        "before_run",
        "before_train_epoch",
        "before_train_iter",
        "after_train_iter",
        "after_train_epoch",
        "before_val_epoch",
        "before_val_iter",
        "after_val_iter",
        "after_val_epoch",
        "after_run",
    )

    def before_run(self, runner: Any) -> None:
        pass

    def after_run(self, runner: Any) -> None:
        pass

    def before_epoch(self, runner: Any) -> None:
        pass

    def after_epoch(self, runner: Any) -> None:
        pass

    def before_iter(self, runner: Any) -> None:
        pass

    def after_iter(self, runner: Any) -> None:
        pass

    def before_train_epoch(self, runner: Any) -> None:
        self.before_epoch(runner)

    def before_val_epoch(self, runner: Any) -> None:
        self.before_epoch(runner)

    def after_train_epoch(self, runner: Any) -> None:
        self.after_epoch(runner)

    def after_val_epoch(self, runner: Any) -> None:
        self.after_epoch(runner)

    def before_train_iter(self, runner: Any) -> None:
        self.before_iter(runner)

    def before_val_iter(self, runner: Any) -> None:
        self.before_iter(runner)

    def after_train_iter(self, runner: Any) -> None:
        self.after_iter(runner)

    def after_val_iter(self, runner: Any) -> None:
        self.after_iter(runner)

    def every_n_epochs(self, runner: Any, n: int) -> bool:
        return (runner.epoch + 1) % n == 0 if n > 0 else False

    def every_n_inner_iters(self, runner: Any, n: int) -> bool:
        return (runner.inner_iter + 1) % n == 0 if n > 0 else False

    def every_n_iters(self, runner: Any, n: int) -> bool:
        return (runner.iter + 1) % n == 0 if n > 0 else False

    def end_of_epoch(self, runner: Any) -> bool:
        return runner.inner_iter + 1 == len(runner.data_loader)

    def is_last_epoch(self, runner: Any) -> bool:
        return runner.epoch + 1 == runner._max_epochs

    def is_last_iter(self, runner: Any) -> bool:
        return runner.iter + 1 == runner._max_iters

    #: the stages MMCV's class of that name acted on, for a class whose work
    #: the new runner does (its methods here do nothing)
    mmcv_stages: tuple = ()

    def get_triggered_stages(self) -> list[str]:
        """MMCV's: the stages this hook acts on (its class's own methods,
        and what MMCV's class of that name did)."""
        acting = _triggered_points(self) | set(self.mmcv_stages)
        return [s for s in self.stages if s in acting]


def _overrides(hook: Any, name: str) -> bool:
    method = getattr(type(hook), name, None)
    if method is None:
        return False
    return method is not getattr(Hook, name, None)


def _triggered_points(hook: Any) -> set[str]:
    """The phase-specific legacy points that do something for ``hook``."""
    points = set()
    for point in LEGACY_POINTS:
        if point in SHARED_POINTS:
            if _overrides(hook, point):
                points.update(SHARED_POINTS[point])
        elif _overrides(hook, point):
            points.add(point)
    if not isinstance(hook, Hook):  # duck-typed legacy hooks: whatever exists
        points.update(
            p for p in LEGACY_POINTS if p not in SHARED_POINTS and hasattr(hook, p)
        )
    return points


def is_legacy_hook(hook: Any) -> bool:
    """An MMCV-style hook (the legacy base, or any non-new-style object
    defining legacy points)."""
    if isinstance(hook, NewHook):
        return False
    return isinstance(hook, Hook) or any(hasattr(hook, p) for p in LEGACY_POINTS)


class LegacyHookAdapter(NewHook):
    """A new-style hook running a legacy hook at MMCV's points.

    Args:
        legacy_hook: the MMCV 1.x hook object.
        priority: where it runs among the hooks (MMCV's register_hook
            priority; default ``'NORMAL'``).
    """

    def __init__(self, legacy_hook: Any, priority: Any = "NORMAL") -> None:
        self.legacy_hook = legacy_hook
        self.priority = priority
        points = _triggered_points(legacy_hook)
        # An IterBasedRunner fires only the generic epoch points, once.
        for generic, target in (
            ("before_epoch", "before_train_epoch"),
            ("after_epoch", "after_train_epoch"),
        ):
            if _overrides(legacy_hook, generic) or hasattr(legacy_hook, generic):
                points.add(target)
        self._legacy_points = points
        for point in points:
            setattr(self, point, self._dispatcher(point))

    def _dispatcher(self, point: str) -> Any:
        legacy = self.legacy_hook
        is_iter = point.endswith("_iter")
        generic = point.replace("_train", "").replace("_val", "")

        def dispatch(
            runner: Any,
            batch_idx: Optional[int] = None,
            data_batch: Any = None,
            outputs: Any = None,
            metrics: Any = None,
        ) -> None:
            view = view_of(runner)
            loop = view._loop
            if is_iter and loop is None:
                # a new-style loop: take the state from the hook arguments
                view._inner_iter = batch_idx if batch_idx is not None else 0
                view.data_batch = data_batch
                view.mode = phase_of(point)
                if outputs is not None:
                    view.outputs = outputs
            if (
                point.endswith("_train_epoch")
                and getattr(loop, "by_epoch", True) is False
            ):
                # MMCV's IterBasedRunner: before_epoch/after_epoch, once
                method = getattr(legacy, generic, None)
            else:
                method = getattr(legacy, point, None)
            if method is not None:
                method(view)

        dispatch.__name__ = point
        return dispatch

    def get_triggered_stages(self) -> list:
        return sorted(self._legacy_points)

    def __repr__(self) -> str:
        return f"LegacyHookAdapter({type(self.legacy_hook).__name__})"


class LogBufferTimes(NewHook):
    """MMCV's ``IterTimerHook`` (priority LOW) put ``data_time`` into
    ``runner.log_buffer`` before each iteration and ``time`` after it. The
    new ``IterTimerHook`` measures both (into the message hub); this hook
    hands its values to the legacy log buffer at MMCV's priority."""

    priority = "LOW"

    def _copy(self, runner: Any, key: str) -> None:
        view = view_of(runner)
        mode = view.mode or "train"
        buffer = runner.message_hub.log_scalars.get(f"{mode}/{key}")
        if buffer is not None:
            view.log_buffer._record({key: buffer.current()}, 1)

    def before_train_iter(
        self, runner: Any, batch_idx: int, data_batch: Any = None
    ) -> None:
        self._copy(runner, "data_time")

    def before_val_iter(
        self, runner: Any, batch_idx: int, data_batch: Any = None
    ) -> None:
        self._copy(runner, "data_time")

    def after_train_iter(
        self, runner: Any, batch_idx: int, data_batch: Any = None, outputs: Any = None
    ) -> None:
        self._copy(runner, "time")

    def after_val_iter(
        self, runner: Any, batch_idx: int, data_batch: Any = None, outputs: Any = None
    ) -> None:
        self._copy(runner, "time")


class LogBufferReset(NewHook):
    """MMCV's logger hooks (priority VERY_LOW) cleared ``runner.log_buffer``
    when an epoch began; with a ``log_config`` the legacy buffer is cleared
    at the same point."""

    priority = "VERY_LOW"

    def before_train_epoch(self, runner: Any) -> None:
        view_of(runner).log_buffer.clear()

    def before_val_epoch(self, runner: Any) -> None:
        view_of(runner).log_buffer.clear()


def adapt_hook(hook: Any, priority: Any = None) -> Any:
    """``hook`` ready for the new runner: legacy hooks wrapped, new-style
    hooks returned as they are (their priority set when given)."""
    if is_legacy_hook(hook):
        return LegacyHookAdapter(hook, priority if priority is not None else "NORMAL")
    if priority is not None:
        hook.priority = priority
    return hook


def build_legacy_hook(cfg: dict, priority: Any = None) -> Any:
    """Build a hook config with the legacy HOOKS registry (user hooks first,
    then the new built-ins) and adapt it."""
    cfg = dict(cfg)
    cfg_priority = cfg.pop("priority", None)
    hook = HOOKS.build(cfg)
    return adapt_hook(hook, priority if priority is not None else cfg_priority)
