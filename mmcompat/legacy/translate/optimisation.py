"""Optimisation family: ``optimizer``, ``optimizer_config``, ``fp16`` ->
``optim_wrapper``.

MMCV facts reproduced here:

- ``build_optimizer`` pops ``paramwise_cfg`` and ``constructor`` out of the
  ``optimizer`` dict; in MMEngine they sit beside ``optimizer`` in
  ``optim_wrapper``. MMCV's ``DefaultOptimizerConstructor`` is MMEngine's
  ``DefaultOptimWrapperConstructor`` (same ``paramwise_cfg`` keys).
- ``optimizer_config`` builds an OptimizerHook (``type`` defaults to it):
  ``grad_clip`` is ``clip_grad_norm_(**grad_clip)`` = MMEngine's
  ``clip_grad``; ``GradientCumulative*OptimizerHook(cumulative_iters=k)`` =
  ``accumulative_counts=k``; ``Fp16OptimizerHook(loss_scale=...)`` =
  ``AmpOptimWrapper(loss_scale=...)`` (MMCV's default is a static 512.,
  MMEngine's is ``'dynamic'``, so the value is always written).
- OpenMMLab 1.x train scripts turn a top-level ``fp16=dict(loss_scale=...)``
  into ``Fp16OptimizerHook(**optimizer_config, **fp16)``.
- MMCV's GradientCumulative hooks and MMEngine's ``accumulative_counts``
  agree: the loss is divided by ``k``, the optimizer steps after every
  ``k``-th iteration (counted from the start of training) and after the last
  one, and the last ``max_iters % k`` iterations divide by that remainder.
  (MMEngine also skips the DDP all-reduce inside a window, ``no_sync``: the
  summed gradients are the same.)
- ``update_interval=k`` without a ``type`` is the self-supervised libraries'
  (OpenSelfSup/MMSelfSup 0.x) optimizer hook: loss divided by ``k``, a step
  after every ``k``-th iteration, and the gradients of a last incomplete
  window never applied. That is ``accumulative_counts=k`` except for that
  last window (noted unless ``max_iters`` is a multiple of ``k``). An
  optimizer hook ``type`` MMCV does not define is library code: the
  optimizer is translated and the hook's arguments reported.
- ``detect_anomalous_params`` is a DDP-wrapper option in MMEngine
  (``model_wrapper_cfg``).
- a dict of optimizers without ``type`` (GANs) becomes a dict of optimizer
  wrappers (MMEngine builds an ``OptimWrapperDict``); MMCV's runner left the
  stepping to ``train_step``, so ``optimizer_config`` does not apply there.
"""

from __future__ import annotations

from typing import Any

from mmcompat.tables.torch_optimizers import MMCV_OPTIMIZER_KEYS, TORCH_OPTIMIZER_ARGS

from ._core import Context, check_type, register_rule
from .loop import loop_info

__all__ = ["translate_optimizer"]

OPTIMIZER_HOOKS = {
    "OptimizerHook": (False, False),
    "Fp16OptimizerHook": (True, False),
    "GradientCumulativeOptimizerHook": (False, True),
    "GradientCumulativeFp16OptimizerHook": (True, True),
}
MMCV_DEFAULT_LOSS_SCALE = 512.0


def _wrapper_for(ctx: Context, optimizer: dict, key: str) -> dict:
    optimizer = dict(optimizer)
    wrapper: dict[str, Any] = dict(type="OptimWrapper")
    if "type" not in optimizer:
        raise ctx.error(
            f"{key}.type", "missing (an optimizer class name such as 'SGD')"
        )
    constructor = optimizer.pop("constructor", None)
    paramwise_cfg = optimizer.pop("paramwise_cfg", None)
    wrapper["optimizer"] = optimizer
    if "paramwise_options" in optimizer and paramwise_cfg is None:
        paramwise_cfg = optimizer.pop("paramwise_options")
        wrapper["paramwise_cfg"] = paramwise_cfg
        ctx.report.todo(
            f"{key}.paramwise_options",
            "the pre-1.0 name of paramwise_cfg: moved to "
            "optim_wrapper.paramwise_cfg (MMCV 1.x passed it to the optimizer "
            f"class, {optimizer['type']}(paramwise_options=...), a TypeError)",
            ("optim_wrapper", "paramwise_cfg"),
        )
    elif paramwise_cfg is not None:
        wrapper["paramwise_cfg"] = paramwise_cfg
    opt_type = optimizer["type"]
    known = TORCH_OPTIMIZER_ARGS.get(opt_type) if isinstance(opt_type, str) else None
    unknown = sorted(set(optimizer) - MMCV_OPTIMIZER_KEYS - (known or set()))
    if known is not None and unknown:
        ctx.report.todo(
            f"{key}.{unknown[0]}",
            f"{unknown} are not arguments of torch.optim.{optimizer['type']} "
            "(MMCV passed them to it: a TypeError); kept as written",
            ("optim_wrapper", "optimizer"),
        )
    if constructor is not None:
        if constructor == "DefaultOptimizerConstructor":
            wrapper["constructor"] = "DefaultOptimWrapperConstructor"
        else:
            wrapper["constructor"] = constructor
            ctx.report.todo(
                f"{key}.constructor",
                f"optimizer constructor {constructor!r} is library code: the "
                "new-style one is the OPTIM_WRAPPER_CONSTRUCTORS entry of the "
                "library's MMEngine-based version (set default_scope to it; "
                "MMDet 3.x kept MMDet's names, other libraries renamed some)",
                ("optim_wrapper", "constructor"),
            )
    return wrapper


def _several(ctx: Context, optimizers: dict, key: str) -> dict:
    """``optim_wrapper`` for one optimizer per submodule (GANs).

    mmcompat's Runner builds a dict of wrapper configs itself (an
    ``OptimWrapperDict``, each wrapper over ``model.<name>``). MMEngine's
    Runner builds one only through a constructor, which MMEngine does not
    ship: for ``--target mmengine`` the dict names MMagic's
    ``MultiOptimWrapperConstructor`` (same layout) with a TODO.
    """
    wrappers = {
        name: _wrapper_for(ctx, opt, f"{key}.{name}")
        for name, opt in optimizers.items()
    }
    if ctx.target != "mmengine":
        return wrappers
    ctx.report.todo(
        key,
        "several optimizers: MMEngine builds an OptimWrapperDict only through a "
        "constructor; 'MultiOptimWrapperConstructor' is MMagic's (register it, "
        "or one of your own, in OPTIM_WRAPPER_CONSTRUCTORS)",
        ("optim_wrapper", "constructor"),
    )
    return dict(constructor="MultiOptimWrapperConstructor", **wrappers)


def _optimizer_hook(ctx: Context) -> tuple[dict, bool, bool] | None:
    """The effective OptimizerHook config: (args, fp16, cumulative), or None
    for a hook type MMCV does not define (reported)."""
    cfg = ctx.get("optimizer_config", {})
    if cfg is None:
        cfg = {}
    check_type(ctx, "optimizer_config", cfg, dict, "a dict of OptimizerHook arguments")
    hook_type = cfg.pop("type", "OptimizerHook")
    if not isinstance(hook_type, str):
        raise ctx.error(
            "optimizer_config.type", f"expected a hook class name, got {hook_type!r}"
        )
    if hook_type not in OPTIMIZER_HOOKS:
        args = ", ".join(f"{k}={v!r}" for k, v in cfg.items()) or "no arguments"
        hint = (
            " (update_interval: gradient accumulation, optim_wrapper's "
            "accumulative_counts if the hook divides the loss and steps like "
            "MMCV's GradientCumulativeOptimizerHook)"
            if "update_interval" in cfg
            else ""
        )
        ctx.report.todo(
            "optimizer_config.type",
            f"optimizer hook {hook_type!r} is not MMCV's: its arguments "
            f"({args}) are not translated{hint}; optim_wrapper has only the "
            "optimizer",
            ("optim_wrapper",),
        )
        return None
    fp16, cumulative = OPTIMIZER_HOOKS[hook_type]
    if "update_interval" in cfg and hook_type == "OptimizerHook" and not cumulative:
        cfg["cumulative_iters"] = cfg.pop("update_interval")
        cumulative = True
        _note_update_interval(ctx, cfg["cumulative_iters"])
    fp16_cfg = ctx.get("fp16")
    if fp16_cfg is not None:
        check_type(ctx, "fp16", fp16_cfg, dict, "a dict such as dict(loss_scale=512.)")
        fp16 = True
        cfg.update(fp16_cfg)
    return cfg, fp16, cumulative


def _note_update_interval(ctx: Context, counts: object) -> None:
    info = loop_info(ctx)
    if not isinstance(counts, int) or counts <= 1:
        return
    if info is not None and not info.by_epoch and info.max_iters % counts == 0:
        ctx.report.translated(
            "optimizer_config.update_interval",
            f"-> optim_wrapper.accumulative_counts={counts} (exact: "
            f"max_iters={info.max_iters} is a multiple)",
        )
        return
    total = (
        f"max_iters={info.max_iters}"
        if info is not None and not info.by_epoch
        else "the number of training iterations"
    )
    ctx.report.note(
        "optimizer_config.update_interval",
        f"-> optim_wrapper.accumulative_counts={counts}; differs only when "
        f"{total} is not a multiple of {counts}: the legacy hook never applied "
        "the gradients of the last incomplete window, MMEngine steps once more "
        "at the last iteration with the loss divided by the remainder",
    )


@register_rule(
    "optimizer", "optimizers", "optimizer_config", "fp16", family="optimisation"
)
def translate_optimizer(ctx: Context) -> None:
    if ctx.has("optimizers") and not ctx.has("optimizer"):
        # MMEditing 0.x names its (per-module) optimizers `optimizers`; its
        # build_optimizers takes a dict whose values are not all dicts as
        # one optimizer for the whole model.
        optimizers = ctx.get("optimizers")
        check_type(ctx, "optimizers", optimizers, dict, "a dict of optimizers")
        if not all(isinstance(opt, dict) for opt in optimizers.values()):
            ctx.new["optim_wrapper"] = _wrapper_for(ctx, optimizers, "optimizers")
            ctx.consume("optimizers")
            ctx.report.translated("optimizers", "one optimizer -> optim_wrapper")
            return
        ctx.new["optim_wrapper"] = _several(ctx, optimizers, "optimizers")
        ctx.consume("optimizers")
        ctx.report.translated(
            "optimizers", f"{sorted(optimizers)} -> optim_wrapper dict"
        )
        return
    optimizer = ctx.get("optimizer")
    if optimizer is None:
        if not ctx.has("optimizer"):
            # optimizer_config/fp16 alone (a _base_ fragment): the wrapper is
            # written where the optimizer is.
            if ctx.partial:
                return
            raise ctx.error(
                "optimizer", "optimizer_config/fp16 given without `optimizer`"
            )
        ctx.consume("optimizer", "optimizer_config", "fp16")
        ctx.report.translated("optimizer", "None -> no optim_wrapper")
        return
    check_type(ctx, "optimizer", optimizer, dict, "an optimizer dict")
    if (
        "type" not in optimizer
        and optimizer
        and all(isinstance(v, dict) for v in optimizer.values())
    ):
        ctx.new["optim_wrapper"] = _several(ctx, optimizer, "optimizer")
        ctx.consume("optimizer")
        ctx.report.translated(
            "optimizer", f"several optimizers {sorted(optimizer)} -> optim_wrapper dict"
        )
        if ctx.has("optimizer_config") and ctx.legacy["optimizer_config"]:
            ctx.report.todo(
                "optimizer_config",
                "several optimizers: MMCV left stepping to train_step; "
                "optimizer_config has no new-style place",
            )
        return
    wrapper = _wrapper_for(ctx, optimizer, "optimizer")
    parsed = _optimizer_hook(ctx)
    if parsed is None:
        ctx.new["optim_wrapper"] = wrapper
        ctx.consume("optimizer", "optimizer_config", "fp16")
        ctx.report.translated("optimizer", "-> optim_wrapper (OptimWrapper)")
        return
    hook, fp16, cumulative = parsed
    if fp16:
        wrapper["type"] = "AmpOptimWrapper"
        wrapper["loss_scale"] = hook.pop("loss_scale", MMCV_DEFAULT_LOSS_SCALE)
        dropped = [
            k for k in ("coalesce", "bucket_size_mb", "distributed") if k in hook
        ]
        for k in dropped:
            hook.pop(k)
        if dropped:
            ctx.report.note(
                "optimizer_config", f"Fp16OptimizerHook arguments {dropped} dropped"
            )
        ctx.report.note(
            "fp16" if ctx.has("fp16") else "optimizer_config",
            "fp16 -> AmpOptimWrapper (torch.autocast) instead of MMCV's fp16 "
            "model wrapping (wrap_fp16_model)",
        )
    if cumulative:
        counts = hook.pop("cumulative_iters", 1)
        if isinstance(counts, bool) or not isinstance(counts, int) or counts <= 0:
            raise ctx.error(
                "optimizer_config.cumulative_iters",
                f"expected a positive integer, got {counts!r}",
            )
        if counts > 1:
            wrapper["accumulative_counts"] = counts
    grad_clip = hook.pop("grad_clip", None)
    if grad_clip is not None:
        check_type(
            ctx,
            "optimizer_config.grad_clip",
            grad_clip,
            dict,
            "a dict of clip_grad_norm_ args",
        )
        wrapper["clip_grad"] = grad_clip
    if hook.pop("detect_anomalous_params", False):
        wrapper_cfg = ctx.new.setdefault(
            "model_wrapper_cfg", dict(type="MMDistributedDataParallel")
        )
        wrapper_cfg["detect_anomalous_params"] = True
        ctx.report.translated(
            "optimizer_config.detect_anomalous_params",
            "-> model_wrapper_cfg.detect_anomalous_params",
        )
    if hook:
        raise ctx.error(
            "optimizer_config", f"unexpected optimizer hook arguments {sorted(hook)}"
        )
    ctx.new["optim_wrapper"] = wrapper
    ctx.consume("optimizer", "optimizer_config", "fp16")
    ctx.report.translated("optimizer", f"-> optim_wrapper ({wrapper['type']})")
