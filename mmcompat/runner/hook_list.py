"""The runner's hooks: a priority-ordered list with per-point dispatch tables.

``Runner.call_hook(point)`` runs ``hooks.callers(point)``: the hooks that
override ``point``, in priority order, computed once and cached until the list
changes (any mutation of the list clears the cache, so code that edits
``runner.hooks`` directly still sees a correct dispatch). A hook point whose
hooks all inherit the no-op from :class:`~mmcompat.hooks.Hook` costs one dict
lookup per call.
"""

from __future__ import annotations

import copy
from typing import Any

from .priority import Priority, get_priority

DEFAULT_HOOKS = dict(
    runtime_info=dict(type="RuntimeInfoHook"),
    timer=dict(type="IterTimerHook"),
    sampler_seed=dict(type="DistSamplerSeedHook"),
    logger=dict(type="LoggerHook"),
    param_scheduler=dict(type="ParamSchedulerHook"),
    checkpoint=dict(type="CheckpointHook", interval=1),
)


class HookList(list):
    """A list of hooks kept in ascending priority order (ties: registration
    order), with a cached ``point -> hooks`` table."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self._callers: dict[str, tuple] = {}

    # -- ordered insertion -------------------------------------------------
    def insert_by_priority(self, hook: Any) -> None:
        """Insert after every hook of lower or equal priority value."""
        value = get_priority(hook.priority)
        index = len(self)
        while index > 0 and get_priority(self[index - 1].priority) > value:
            index -= 1
        self.insert(index, hook)

    # -- dispatch ----------------------------------------------------------
    def callers(self, point: str) -> tuple:
        """The hooks whose ``point`` method does something, in order."""
        try:
            return self._callers[point]
        except KeyError:
            pass
        from mmcompat.hooks.hook import HOOK_POINTS, overridden_points

        if point in HOOK_POINTS:
            hooks = tuple(
                hook
                for hook in self
                if point in overridden_points(hook)
                or point in getattr(hook, "__dict__", {})
            )
        else:
            # A custom point of a custom loop (MMEngine allows any name).
            hooks = tuple(hook for hook in self if hasattr(hook, point))
        self._callers[point] = hooks
        return hooks

    # -- any mutation invalidates the tables ---------------------------------
    def _changed(self) -> None:
        self._callers.clear()

    def append(self, hook: Any) -> None:
        super().append(hook)
        self._changed()

    def insert(self, index: Any, hook: Any) -> None:
        super().insert(index, hook)
        self._changed()

    def extend(self, hooks: Any) -> None:
        super().extend(hooks)
        self._changed()

    def remove(self, hook: Any) -> None:
        super().remove(hook)
        self._changed()

    def pop(self, index: Any = -1) -> Any:
        hook = super().pop(index)
        self._changed()
        return hook

    def clear(self) -> None:
        super().clear()
        self._changed()

    def sort(self, *args: Any, **kwargs: Any) -> None:
        super().sort(*args, **kwargs)
        self._changed()

    def reverse(self) -> None:
        super().reverse()
        self._changed()

    def __setitem__(self, index: Any, value: Any) -> None:
        super().__setitem__(index, value)
        self._changed()

    def __delitem__(self, index: Any) -> None:
        super().__delitem__(index)
        self._changed()

    def __iadd__(self, hooks: Any) -> HookList:
        result = super().__iadd__(hooks)
        self._changed()
        return result


def merge_default_hooks(hooks: Any = None) -> dict:
    """MMEngine's six default hooks updated with ``hooks`` (a ``None`` value
    removes one)."""
    merged: dict = copy.deepcopy(DEFAULT_HOOKS)
    for name, hook in (hooks or {}).items():
        if hook is None:
            merged.pop(name, None)
        else:
            merged[name] = hook
    return merged


def build_hook(hook: Any, priority: Any = None) -> Any:
    """A checked hook object from a hook or config; ``priority`` beats
    ``hook['priority']``, which beats ``hook.priority``. Misspelled hook
    methods are rejected here (they would never be called)."""
    from mmcompat.hooks import Hook
    from mmcompat.hooks.hook import check_hook_methods
    from mmcompat.registry import HOOKS

    if not isinstance(hook, (Hook, dict)):
        raise TypeError(f"hook must be a Hook or a config dict, got {hook!r}")
    cfg_priority = None
    if isinstance(hook, dict):
        hook = dict(hook)
        cfg_priority = hook.pop("priority", None)
        hook = HOOKS.build(hook)
    if priority is not None:
        hook.priority = priority
    elif cfg_priority is not None:
        hook.priority = cfg_priority
    get_priority(hook.priority)  # reject a bad priority now
    check_hook_methods(hook)
    return hook


def hooks_info(hooks: list) -> str:
    """The hooks of every point, in the order they run (as MMEngine logs)."""
    from mmcompat.hooks.hook import HOOK_POINTS

    lines_per_point: dict[str, list[str]] = {point: [] for point in HOOK_POINTS}
    for hook in hooks:
        try:
            priority = Priority(get_priority(hook.priority)).name
        except ValueError:
            priority = hook.priority
        info = f"({priority:<12}) {type(hook).__name__:<35}"
        for point in hook.get_triggered_stages():
            if point in lines_per_point:
                lines_per_point[point].append(info)
    blocks = [
        f"{point}:\n" + "\n".join(infos) + "\n -------------------- "
        for point, infos in lines_per_point.items()
        if infos
    ]
    return "\n".join(blocks)
