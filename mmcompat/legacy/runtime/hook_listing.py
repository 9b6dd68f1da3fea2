"""``runner.hooks`` as MMCV 1.x listed it.

MMCV's runner held one list of hook objects in priority order: the ones a
script registered itself, and the ones ``register_training_hooks`` built
from its configs (``StepLrUpdaterHook``, ``OptimizerHook``,
``CheckpointHook``, ``IterTimerHook``, ``TextLoggerHook``...). Legacy code
looks hooks up in that list (``isinstance``) and reads their settings. The
facade's new runner does the work of the configured hooks with its own
hooks, so the listing holds, for each config, an object of MMCV's class
built from it (built once; it describes the run, the new runner's hooks
run it) and, for each registered object, that object itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Optional

from mmcompat.runner.priority import get_priority
from mmcompat.tables.config_keys import hook_args
from mmcompat.tables.mmcv_policies import policy_hook_name

from .hooks import HOOKS

__all__ = [
    "POLICY_KEYS",
    "TRAINING_HOOK_PRIORITIES",
    "configured_hooks",
    "mmcv_hook_class",
]

#: the keys of the lr and momentum updater hooks, and the parameter each sets
POLICY_KEYS = {"lr_config": "lr", "momentum_config": "momentum"}

#: MMCV's ``register_training_hooks``: what it registered, in its order,
#: and at which priority (custom hooks carry their own)
TRAINING_HOOK_PRIORITIES = dict(
    lr_config="VERY_HIGH",
    momentum_config="HIGH",
    optimizer_config="ABOVE_NORMAL",
    checkpoint_config="NORMAL",
    timer_config="LOW",
    custom_hooks=None,
    log_config="VERY_LOW",
)


def mmcv_hook_class(name: str) -> Optional[type]:
    """The class MMCV's ``HOOKS`` held under ``name``: one registered by
    legacy code, else MMCV's own (:mod:`.mmcv_hooks`), else a new-style
    hook of that name; None when there is none."""
    from . import mmcv_hooks

    if name in HOOKS.module_dict:
        return HOOKS.module_dict[name]
    own = getattr(mmcv_hooks, name, None)
    if isinstance(own, type):
        return own
    return HOOKS.get(name)


def _hook_configs(
    key: str, value: Any, by_epoch: bool
) -> Iterator[tuple[Any, dict, Any]]:
    """``(the config entry, MMCV's build arguments with type, priority)``
    for each hook a training-hook key registered in MMCV."""
    if not isinstance(value, (dict, list, tuple)):
        return
    priority = TRAINING_HOOK_PRIORITIES[key]
    if key in POLICY_KEYS:
        if not isinstance(value.get("policy"), str):
            return
        args = hook_args(
            key, {k: v for k, v in value.items() if k != "policy"}, by_epoch
        )
        yield (
            value,
            dict(type=policy_hook_name(POLICY_KEYS[key], value["policy"]), **args),
            priority,
        )
    elif key in ("optimizer_config", "checkpoint_config"):
        args = hook_args(key, value, by_epoch)
        args.setdefault(
            "type", "OptimizerHook" if key == "optimizer_config" else "CheckpointHook"
        )
        yield value, args, priority
    elif key == "timer_config":
        yield value, dict(value), priority
    elif key == "custom_hooks":
        for entry in value:
            if isinstance(entry, dict):
                args = dict(entry)
                yield entry, args, args.pop("priority", "NORMAL")
    elif key == "log_config":
        for entry in value.get("hooks", []):
            args = hook_args(key, entry, by_epoch)
            args.setdefault("interval", value.get("interval", 10))
            yield entry, args, priority


def configured_hooks(
    legacy_cfg: dict, by_epoch: bool, listed: set, cache: dict
) -> list[tuple[int, Any]]:
    """``(priority, MMCV hook object)`` for every hook the training-hook
    keys of ``legacy_cfg`` registered in MMCV, in ``register_training_hooks``'
    order. ``listed``: ids of config entries that came from hook objects
    (the object itself is listed); ``cache``: id of an entry -> its object
    (so that the listing returns the same objects every time)."""
    out = []
    for key in TRAINING_HOOK_PRIORITIES:
        for entry, args, priority in _hook_configs(key, legacy_cfg.get(key), by_epoch):
            if id(entry) in listed:
                continue
            cached = cache.get(id(entry))
            if cached is None or cached[0] is not entry:
                cached = cache[id(entry)] = (entry, _build(args))
            if cached[1] is not None:
                out.append((get_priority(priority), cached[1]))
    return out


def _build(args: dict) -> Any:
    """An object of MMCV's class for a hook config; None when it cannot be
    built (the run reports that config itself)."""
    args = dict(args)
    name = args.pop("type", None)
    hook_class = mmcv_hook_class(name) if isinstance(name, str) else None
    if hook_class is None:
        return None
    try:
        return hook_class(**args)
    except Exception:  # noqa: BLE001 - a description only; translate() reports
        return None
