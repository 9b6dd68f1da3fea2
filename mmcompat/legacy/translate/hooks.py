"""Hooks family: ``checkpoint_config``, ``log_config``, ``custom_hooks``,
``timer_config`` -> ``default_hooks``, ``custom_hooks``, ``visualizer``,
``log_processor``.

MMCV facts reproduced here:

- the runner registers CheckpointHook, IterTimerHook and the logger hooks
  from these keys; MMEngine builds the same roles from ``default_hooks``
  (plus ParamSchedulerHook and DistSamplerSeedHook, which MMCV's runner
  did not need: its LR hook and ``data_loader.sampler.set_epoch`` did that).
- ``IterBasedRunner.register_training_hooks`` defaults ``by_epoch=False``
  for the checkpoint hook and every logger hook.
- a text logger prints the mean of the last ``interval`` iterations
  (``log_buffer.average(interval)``): MMEngine's ``LogProcessor`` does the
  same with ``window_size=interval``.
- logger hooks other than the text logger become visualizer backends.
"""

from __future__ import annotations

from typing import Any

from mmcompat.tables.config_keys import hook_args

from ._core import Context, check_type, register_rule
from .loop import loop_info

__all__ = [
    "translate_checkpoint_config",
    "translate_log_config",
    "translate_custom_hooks",
]

#: MMCV logger hook -> (MMEngine vis backend, argument renames, kept args)
LOGGER_BACKENDS: dict[str, tuple[str, dict[str, str], tuple[str, ...]]] = {
    "TensorboardLoggerHook": ("TensorboardVisBackend", {}, ()),
    "WandbLoggerHook": (
        "WandbVisBackend",
        {},
        ("init_kwargs", "define_metric_cfg", "commit"),
    ),
    "MlflowLoggerHook": ("MLflowVisBackend", {}, ("exp_name", "tags", "params")),
    "NeptuneLoggerHook": ("NeptuneVisBackend", {}, ("init_kwargs",)),
    "DvcliveLoggerHook": ("DVCLiveVisBackend", {}, ()),
    "ClearMLLoggerHook": ("ClearMLVisBackend", {}, ("init_kwargs",)),
}
#: logger-hook arguments handled by LoggerHook/LogProcessor, not backends
LOGGER_COMMON = ("type", "interval", "ignore_last", "reset_flag", "by_epoch")
TEXT_LOGGER_KEPT = (
    "ignore_last",
    "interval_exp_name",
    "out_dir",
    "out_suffix",
    "keep_local",
    "file_client_args",
)

CHECKPOINT_KEPT = (
    "interval",
    "by_epoch",
    "save_optimizer",
    "out_dir",
    "max_keep_ckpts",
    "save_last",
    "file_client_args",
    "filename_tmpl",
)

#: custom hooks MMCV ships whose MMEngine equivalent takes other arguments
#: name -> (new type, renames, dropped-with-note args)
CUSTOM_HOOK_RENAMES: dict[str, tuple[str, dict[str, str], tuple[str, ...]]] = {
    "EmptyCacheHook": ("EmptyCacheHook", {}, ()),
    "SyncBuffersHook": ("SyncBuffersHook", {}, ("distributed",)),
    "EMAHook": ("EMAHook", {}, ("warm_up", "resume_from")),
    "ProfilerHook": ("ProfilerHook", {"profile_iters": "profile_times"}, ()),
}
#: MMCV hooks that become a ``default_hooks`` entry
DEFAULT_HOOK_SLOTS = {"IterTimerHook": "timer", "DistSamplerSeedHook": "sampler_seed"}
#: MMCV hooks with no new-style equivalent in custom_hooks
NO_EQUIVALENT = (
    "ClosureHook",
    "MemoryProfilerHook",
    "SegmindLoggerHook",
    "PaviLoggerHook",
)


def _base_default_hooks(ctx: Context) -> dict:
    hooks = ctx.default_hooks()
    hooks.setdefault("timer", dict(type="IterTimerHook"))
    hooks.setdefault("param_scheduler", dict(type="ParamSchedulerHook"))
    hooks.setdefault("sampler_seed", dict(type="DistSamplerSeedHook"))
    return hooks


def _iter_runner(ctx: Context) -> bool:
    info = loop_info(ctx)
    return info is not None and not info.by_epoch


@register_rule("checkpoint_config", family="hooks")
def translate_checkpoint_config(ctx: Context) -> None:
    """``checkpoint_config`` -> ``default_hooks.checkpoint`` (CheckpointHook)."""
    cfg = ctx.get("checkpoint_config")
    ctx.consume("checkpoint_config")
    hooks = _base_default_hooks(ctx)
    if cfg is None:
        hooks["checkpoint"] = None
        ctx.report.translated(
            "checkpoint_config", "None -> default_hooks.checkpoint=None"
        )
        return
    check_type(ctx, "checkpoint_config", cfg, dict, "a dict")
    hook_type = cfg.pop("type", "CheckpointHook")
    if hook_type != "CheckpointHook":
        raise ctx.error(
            "checkpoint_config.type", f"expected CheckpointHook, got {hook_type!r}"
        )
    cfg = hook_args("checkpoint_config", cfg, not _iter_runner(ctx))
    new = dict(type="CheckpointHook")
    for key in CHECKPOINT_KEPT:
        if key in cfg:
            new[key] = cfg.pop(key)
    if cfg.pop("sync_buffer", False):
        hooks_list = ctx.new.setdefault("custom_hooks", [])
        hooks_list.append(dict(type="SyncBuffersHook"))
        ctx.report.note(
            "checkpoint_config.sync_buffer",
            "sync_buffer=True -> SyncBuffersHook (syncs buffers after every epoch)",
        )
    if cfg:
        ctx.report.note(
            "checkpoint_config", f"save_checkpoint arguments {sorted(cfg)} dropped"
        )
    hooks["checkpoint"] = new
    ctx.report.translated("checkpoint_config", "-> default_hooks.checkpoint")


def _logger_interval(hook: dict, default: Any) -> Any:
    return hook.get("interval", default)


@register_rule("log_config", family="hooks")
def translate_log_config(ctx: Context) -> None:
    """``log_config`` -> ``default_hooks.logger``, ``log_processor`` and
    ``visualizer.vis_backends``."""
    cfg = ctx.get("log_config")
    if cfg is None:
        ctx.consume("log_config")
        _base_default_hooks(ctx)["logger"] = None
        ctx.report.translated("log_config", "None -> default_hooks.logger=None")
        return
    check_type(ctx, "log_config", cfg, dict, "a dict with `interval` and `hooks`")
    if "interval" not in cfg:
        raise ctx.error("log_config.interval", "missing (MMCV requires it)")
    interval = cfg["interval"]
    hooks_cfg = cfg.get("hooks", [])
    check_type(
        ctx, "log_config.hooks", hooks_cfg, (list, tuple), "a list of logger hooks"
    )
    ctx.consume("log_config")
    iter_runner = _iter_runner(ctx)
    hooks = _base_default_hooks(ctx)
    backends: list[dict] = []
    logger: dict | None = None
    by_epoch = not iter_runner
    custom: list[dict] = []
    for index, hook in enumerate(hooks_cfg):
        check_type(ctx, f"log_config.hooks[{index}]", hook, dict, "a dict with `type`")
        hook = dict(hook)
        hook_type = hook.get("type")
        if not isinstance(hook_type, str):
            raise ctx.error(
                f"log_config.hooks[{index}].type",
                f"expected a logger hook class name, got {hook_type!r}",
            )
        # LoggerHook's own default is by_epoch=True
        by_epoch = hook_args("log_config", hook, not iter_runner).get("by_epoch", True)
        if logger is None:
            logger = dict(type="LoggerHook", interval=_logger_interval(hook, interval))
        if hook_type == "TextLoggerHook":
            logger["interval"] = _logger_interval(hook, interval)
            for key in TEXT_LOGGER_KEPT:
                if key in hook:
                    logger[key] = hook[key]
            backends.insert(0, dict(type="LocalVisBackend"))
            dropped = sorted(set(hook) - set(LOGGER_COMMON) - set(TEXT_LOGGER_KEPT))
        elif hook_type in LOGGER_BACKENDS:
            backend_type, renames, kept = LOGGER_BACKENDS[hook_type]
            backend = dict(type=backend_type)
            rest = {k: v for k, v in hook.items() if k not in LOGGER_COMMON}
            if hook_type == "DvcliveLoggerHook":
                rest.pop("model_file", None)
                if rest:
                    backend["init_kwargs"] = rest
                dropped = []
            else:
                for key in kept:
                    if key in rest:
                        backend[renames.get(key, key)] = rest.pop(key)
                dropped = sorted(rest)
            backends.append(backend)
        else:
            hook.setdefault("interval", interval)
            hook.setdefault("priority", "VERY_LOW")
            custom.append(hook)
            ctx.report.todo(
                f"log_config.hooks[{index}]",
                f"logger hook {hook_type!r} has no new-style equivalent in "
                "MMEngine: carried into custom_hooks unchanged",
                (
                    "custom_hooks",
                    len(ctx.new.get("custom_hooks", [])) + len(custom) - 1,
                ),
            )
            continue
        if dropped:
            ctx.report.note(
                f"log_config.hooks[{index}]", f"{hook_type} arguments {dropped} dropped"
            )
    if logger is None:
        hooks["logger"] = None
        ctx.report.translated(
            "log_config", "no logger hooks -> default_hooks.logger=None"
        )
    else:
        hooks["logger"] = logger
        ctx.new["log_processor"] = dict(
            type="LogProcessor", window_size=logger["interval"], by_epoch=by_epoch
        )
    if backends:
        ctx.new["visualizer"] = dict(
            type="Visualizer", vis_backends=backends, name="visualizer"
        )
    if custom:
        ctx.new.setdefault("custom_hooks", []).extend(custom)
    ctx.report.translated(
        "log_config",
        "-> default_hooks.logger, log_processor"
        + (", visualizer.vis_backends" if backends else ""),
    )


@register_rule("timer_config", family="hooks")
def translate_timer_config(ctx: Context) -> None:
    """``timer_config`` -> ``default_hooks.timer``."""
    cfg = ctx.get("timer_config")
    ctx.consume("timer_config")
    hooks = _base_default_hooks(ctx)
    if cfg is None:
        hooks["timer"] = None
    else:
        check_type(ctx, "timer_config", cfg, dict, "a dict with `type`")
        if cfg.get("type", "IterTimerHook") != "IterTimerHook":
            raise ctx.error(
                "timer_config.type", f"expected IterTimerHook, got {cfg['type']!r}"
            )
        hooks["timer"] = dict(type="IterTimerHook")
    ctx.report.translated("timer_config", "-> default_hooks.timer")


def _translate_profiler(hook: dict) -> dict:
    activities = hook.pop("activities", None)
    if activities is not None:
        hook["activity_with_cpu"] = "cpu" in activities
        hook["activity_with_cuda"] = "cuda" in activities
    return hook


@register_rule("custom_hooks", family="hooks")
def translate_custom_hooks(ctx: Context) -> None:
    """``custom_hooks``: MMCV hooks renamed to their MMEngine equivalents
    (priorities kept); other hooks carried with a TODO."""
    hooks_cfg = ctx.get("custom_hooks")
    ctx.consume("custom_hooks")
    if hooks_cfg is None:
        ctx.report.translated("custom_hooks", "None -> no custom hooks")
        return
    if isinstance(hooks_cfg, dict):
        hooks_cfg = [hooks_cfg]
    check_type(ctx, "custom_hooks", hooks_cfg, (list, tuple), "a list of hook dicts")
    out = ctx.new.setdefault("custom_hooks", [])
    for index, hook in enumerate(hooks_cfg):
        check_type(ctx, f"custom_hooks[{index}]", hook, dict, "a dict with `type`")
        hook = dict(hook)
        hook_type = hook.get("type")
        key = f"custom_hooks[{index}]"
        if not isinstance(hook_type, str):
            raise ctx.error(
                f"{key}.type", f"expected a hook class name, got {hook_type!r}"
            )
        if hook_type in DEFAULT_HOOK_SLOTS:
            slot = DEFAULT_HOOK_SLOTS[hook_type]
            hook.pop("priority", None)
            _base_default_hooks(ctx)[slot] = dict(type=hook_type)
            ctx.report.translated(key, f"{hook_type} -> default_hooks.{slot}")
            continue
        if hook_type in CUSTOM_HOOK_RENAMES:
            new_type, renames, dropped = CUSTOM_HOOK_RENAMES[hook_type]
            gone = [k for k in dropped if k in hook]
            hook = {renames.get(k, k): v for k, v in hook.items() if k not in dropped}
            hook["type"] = new_type
            if hook_type == "ProfilerHook":
                hook = _translate_profiler(hook)
            if hook_type == "EMAHook":
                hook.setdefault("ema_type", "ExponentialMovingAverage")
                ctx.report.note(
                    key,
                    "EMAHook -> EMAHook(ema_type='ExponentialMovingAverage'); "
                    "MMCV's warm-up momentum schedule is not reproduced",
                )
            if gone:
                ctx.report.note(key, f"{hook_type} arguments {gone} dropped")
            out.append(hook)
            ctx.report.translated(key, f"{hook_type} -> {new_type}")
            continue
        out.append(hook)
        if hook_type in NO_EQUIVALENT:
            message = f"MMCV hook {hook_type!r} has no MMEngine equivalent"
        else:
            message = (
                f"hook {hook_type!r} is not an MMCV hook: carried unchanged; "
                "check that it exists for the new-style API"
            )
        ctx.report.todo(key, message, ("custom_hooks", len(out) - 1))
