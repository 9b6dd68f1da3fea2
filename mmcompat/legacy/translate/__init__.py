"""Translate a legacy (MMCV 1.x) config dict into a new-style (MMEngine) one.

``translate(cfg) -> (new_cfg, report)`` is a pure function over plain dicts
(no torch, nothing from the runner). It is made of small rules, one module
per legacy key family:

==============  ==========================================================
family          legacy keys -> new keys
==============  ==========================================================
loop            runner, total_epochs, total_iters, workflow -> train_cfg, val_cfg
optimisation    optimizer(s), optimizer_config, fp16 -> optim_wrapper
schedule        lr_config, momentum_config -> param_scheduler
hooks           checkpoint_config, log_config, timer_config, custom_hooks,
                evaluation -> default_hooks, custom_hooks, visualizer,
                log_processor, val/test_evaluator, train_cfg.val_interval
data            data -> train/val/test_dataloader
environment     dist_params, mp_start_method, opencv_num_threads,
                cudnn_benchmark, resume_from, auto_resume, load_from, seed,
                deterministic, find_unused_parameters -> env_cfg, resume,
                load_from, randomness, model_wrapper_cfg; custom_imports
                -> default_scope (inferred, see ``scope``)
==============  ==========================================================

Keys no rule consumes (``model``, pipelines, helper variables, library
keys) are carried unchanged and listed in the report; library-specific
values the translation cannot map get a ``# TODO(mmcompat): ...`` comment
when emitted.

Extending it (a library's own keys, e.g. metric name -> evaluator type)::

    from mmcompat.legacy.translate import register_rule

    @register_rule(family='mylib')          # no keys: runs after built-ins
    def coco_evaluator(ctx):
        evaluator = ctx.new.get('val_evaluator')
        if evaluator is not None and evaluator.get('metric') == 'bbox':
            evaluator['type'] = 'CocoMetric'
            ctx.resolve_todo(('val_evaluator',))

A package can also declare rules in the ``mmcompat.translate_rules`` entry
point group (the module is imported before the first translation).

For code that calls ``runner.register_training_hooks(...)`` with literal
configs (the codemods), :func:`translate_hook_configs` translates just those.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from typing import Any

from ..report import Finding, Report, TranslationError
from . import (  # noqa: F401  (registers the built-in rules)
    data,
    environment,
    evaluation,
    hooks,
    loop,
    optimisation,
    schedule,
    scope,
)
from ._core import Context, Rule, register_rule, rules

__all__ = [
    "translate",
    "translate_hook_configs",
    "register_rule",
    "rules",
    "Rule",
    "Context",
    "Report",
    "Finding",
    "TranslationError",
    "SECTION_ORDER",
    "TARGETS",
]

TARGETS = ("mmcompat", "mmengine")
ENTRY_POINT_GROUP = "mmcompat.translate_rules"

#: order of the new keys, as in OpenMMLab 2.x configs; carried keys go
#: right after ``model`` in their original order, unknown new keys last.
SECTION_ORDER = (
    "_base_",
    "custom_imports",
    "default_scope",
    "model",
    None,  # carried keys
    "train_dataloader",
    "val_dataloader",
    "test_dataloader",
    "val_evaluator",
    "test_evaluator",
    "train_cfg",
    "val_cfg",
    "test_cfg",
    "param_scheduler",
    "optim_wrapper",
    "auto_scale_lr",
    "default_hooks",
    "custom_hooks",
    "env_cfg",
    "randomness",
    "model_wrapper_cfg",
    "visualizer",
    "log_processor",
    "log_level",
    "load_from",
    "resume",
    "work_dir",
)
#: carried keys that mean the same in MMEngine (not worth a finding each)
KEPT_KEYS = frozenset(
    {
        "model",
        "log_level",
        "work_dir",
        "custom_imports",
        "auto_scale_lr",
        "default_scope",
        "launcher",
        "_base_",
    }
)

_plugins_loaded = False


def _load_plugins() -> None:
    global _plugins_loaded
    if _plugins_loaded:
        return
    _plugins_loaded = True
    from importlib.metadata import entry_points

    for entry in entry_points(group=ENTRY_POINT_GROUP):
        entry.load()


def _plain(value: Any) -> Any:
    """Plain dict/list copy of a (possibly ConfigDict) config value."""
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_plain(v) for v in value)
    return copy.deepcopy(value)


def _snapshot(value: Any) -> Any:
    """A value's top level, to tell whether a rule changed it in place."""
    if isinstance(value, dict):
        return (id(value), dict(value))
    if isinstance(value, list):
        return (id(value), list(value))
    return (id(value), value)


def _ordered(new: dict, carried: list[str]) -> dict:
    out: dict[str, Any] = {}
    for key in SECTION_ORDER:
        if key is None:
            for c in carried:
                if c in new and c not in out and c not in SECTION_ORDER:
                    out[c] = new[c]
        elif key in new and key not in out:
            out[key] = new[key]
    for key, value in new.items():
        out.setdefault(key, value)
    return out


def translate(
    cfg: Mapping[str, Any],
    *,
    target: str = "mmcompat",
    source: str | None = None,
    partial: bool = False,
) -> tuple[dict, Report]:
    """Translate a legacy config dict.

    Args:
        cfg: the legacy config, ``_base_`` already merged (``Config.fromfile``
            then ``cfg.to_dict()``, or any plain dict).
        target: ``'mmcompat'`` (default): exact even where stock MMEngine
            schedulers cannot express an MMCV schedule (then the config needs
            mmcompat's ``MMCVLrPolicy``/``MMCVMomentumPolicy``);
            ``'mmengine'``: stock MMEngine components only, approximations
            listed in ``report.approximations``.
        source: the file the config came from (named in errors and the
            report).
        partial: ``cfg`` is a ``_base_`` fragment: keys that need a partner
            the fragment lacks (``optimizer_config`` without ``optimizer``,
            ``lr_config`` without ``runner``) are carried instead of failing.

    Returns:
        ``(new_cfg, report)``; ``new_cfg`` is a new plain dict, keys in the
        order of OpenMMLab 2.x configs.

    Raises:
        TranslationError: an invalid legacy value (names the key).
    """
    if target not in TARGETS:
        raise ValueError(f"target must be one of {TARGETS}, got {target!r}")
    if not isinstance(cfg, Mapping):
        raise TypeError(f"translate() needs a config dict, got {type(cfg).__name__}")
    _load_plugins()
    legacy = _plain(cfg)
    report = Report(source=source, target=target)
    ctx = Context(legacy, report, target=target, partial=partial)
    origins: dict[str, list[str]] = {}  # new key -> legacy keys writing it
    for rule in rules():
        if rule.applies(ctx):
            before = {k: _snapshot(v) for k, v in ctx.new.items()}
            consumed = set(ctx.consumed)
            rule.func(ctx)
            used = [k for k in legacy if k in ctx.consumed and k not in consumed]
            for key, value in ctx.new.items():
                if key not in before or _snapshot(value) != before[key]:
                    origins.setdefault(key, [])
                    origins[key] += [k for k in used if k not in origins[key]]
    carried = []
    for key, value in legacy.items():
        if key in ctx.consumed:
            continue
        if key in ctx.new:
            sources = [f"`{k}`" for k in origins.get(key, []) if k != key]
            names = " and ".join(sources) or "keys"
            report.todo(
                key,
                f"the config sets both new-style `{key}` and legacy {names} "
                f"for the same thing: kept the translation of legacy {names} "
                f"and dropped the config's own `{key}`: check it",
            )
            continue
        ctx.new[key] = copy.deepcopy(value)
        carried.append(key)
        if key not in KEPT_KEYS:
            report.carried(key)
    _flag_env_templates(ctx.new, report, ())
    return _ordered(ctx.new, carried), report


#: MMEngine's ``{{$NAME:default}}`` template (mmcompat.config.loader)
_ENV_TEMPLATE = re.compile(r"\{\{['\"]?\s*\$(\w+)\s*:\s*(\S*?)\s*['\"]?\}\}")


def _flag_env_templates(value: Any, report: Report, path: tuple) -> None:
    """A TODO at each string holding ``{{$NAME:default}}``: MMCV 1.x kept it
    as text, a new-style config substitutes the environment when loaded."""
    if isinstance(value, dict):
        for key, item in value.items():
            _flag_env_templates(item, report, path + (key,))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            _flag_env_templates(item, report, path + (index,))
    elif isinstance(value, str):
        match = _ENV_TEMPLATE.search(value)
        if match:
            report.todo(
                ".".join(map(str, path)),
                f"{match.group(0)!r} was plain text for MMCV 1.x; a new-style "
                f"config replaces it with ${match.group(1)} (or "
                f"{match.group(2)!r}) when loaded: write the value you mean",
                path,
            )


def translate_hook_configs(
    lr_config: dict | None = None,
    optimizer_config: dict | None = None,
    checkpoint_config: dict | None = None,
    log_config: dict | None = None,
    momentum_config: dict | None = None,
    timer_config: dict | None = None,
    custom_hooks_config: list | dict | None = None,
    *,
    max_epochs: int | None = None,
    max_iters: int | None = None,
    optimizer: dict | None = None,
    target: str = "mmcompat",
    source: str | None = None,
) -> tuple[dict, Report]:
    """Translate the arguments of MMCV's ``runner.register_training_hooks``.

    For code (not configs) that builds a runner by hand: give the literal
    hook configs, and the training length (``max_epochs`` for an
    EpochBasedRunner, ``max_iters`` for an IterBasedRunner) so that
    ``lr_config`` can be translated. Returns the new-style keys
    (``param_scheduler``, ``default_hooks``, ``custom_hooks``,
    ``visualizer``, ``log_processor``, and ``optim_wrapper`` -- without its
    ``optimizer`` unless ``optimizer`` is given) and the report. Arguments
    left as None are not translated (``timer_config=None`` keeps MMCV's
    default IterTimerHook).
    """
    legacy: dict[str, Any] = {}
    if max_epochs is not None and max_iters is not None:
        raise ValueError(
            "give max_epochs (EpochBasedRunner) or max_iters (IterBasedRunner), not both"
        )
    if max_epochs is not None:
        legacy["runner"] = dict(type="EpochBasedRunner", max_epochs=max_epochs)
    elif max_iters is not None:
        legacy["runner"] = dict(type="IterBasedRunner", max_iters=max_iters)
    given = dict(
        lr_config=lr_config,
        momentum_config=momentum_config,
        checkpoint_config=checkpoint_config,
        log_config=log_config,
        timer_config=timer_config,
        custom_hooks=custom_hooks_config,
    )
    legacy.update({k: v for k, v in given.items() if v is not None})
    placeholder = optimizer is None and optimizer_config is not None
    if optimizer_config is not None:
        legacy["optimizer_config"] = optimizer_config
        legacy["optimizer"] = (
            optimizer if optimizer is not None else dict(type="SGD", lr=0.0)
        )
    elif optimizer is not None:
        legacy["optimizer"] = optimizer
    new, report = translate(legacy, target=target, source=source, partial=True)
    new.pop("train_cfg", None)
    if placeholder and "optim_wrapper" in new:
        new["optim_wrapper"].pop("optimizer", None)
    return new, report
