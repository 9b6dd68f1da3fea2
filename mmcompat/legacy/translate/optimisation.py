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
- ``detect_anomalous_params`` is a DDP-wrapper option in MMEngine
  (``model_wrapper_cfg``).
- a dict of optimizers without ``type`` (GANs) becomes a dict of optimizer
  wrappers (MMEngine builds an ``OptimWrapperDict``); MMCV's runner left the
  stepping to ``train_step``, so ``optimizer_config`` does not apply there.
"""

from __future__ import annotations

from typing import Any

from ._core import Context, check_type, register_rule

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
    if paramwise_cfg is not None:
        wrapper["paramwise_cfg"] = paramwise_cfg
    if constructor is not None:
        if constructor == "DefaultOptimizerConstructor":
            wrapper["constructor"] = "DefaultOptimWrapperConstructor"
        else:
            wrapper["constructor"] = constructor
            ctx.report.todo(
                f"{key}.constructor",
                f"optimizer constructor {constructor!r} is library code: the "
                "new-style one must build an OptimWrapper "
                "(OPTIM_WRAPPER_CONSTRUCTORS)",
                ("optim_wrapper", "constructor"),
            )
    return wrapper


def _optimizer_hook(ctx: Context) -> tuple[dict, bool, bool]:
    """The effective OptimizerHook config: (args, fp16, cumulative)."""
    cfg = ctx.get("optimizer_config", {})
    if cfg is None:
        cfg = {}
    check_type(ctx, "optimizer_config", cfg, dict, "a dict of OptimizerHook arguments")
    hook_type = cfg.pop("type", "OptimizerHook")
    if not isinstance(hook_type, str) or hook_type not in OPTIMIZER_HOOKS:
        raise ctx.error(
            "optimizer_config.type",
            f"unknown optimizer hook {hook_type!r}; expected one of {sorted(OPTIMIZER_HOOKS)}",
        )
    fp16, cumulative = OPTIMIZER_HOOKS[hook_type]
    fp16_cfg = ctx.get("fp16")
    if fp16_cfg is not None:
        check_type(ctx, "fp16", fp16_cfg, dict, "a dict such as dict(loss_scale=512.)")
        fp16 = True
        cfg.update(fp16_cfg)
    return cfg, fp16, cumulative


@register_rule(
    "optimizer", "optimizers", "optimizer_config", "fp16", family="optimisation"
)
def translate_optimizer(ctx: Context) -> None:
    if ctx.has("optimizers") and not ctx.has("optimizer"):
        # MMEditing 1.x names its (per-module) optimizers `optimizers`.
        optimizers = ctx.get("optimizers")
        check_type(ctx, "optimizers", optimizers, dict, "a dict of optimizers")
        ctx.new["optim_wrapper"] = {
            name: _wrapper_for(ctx, opt, f"optimizers.{name}")
            for name, opt in optimizers.items()
        }
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
        ctx.new["optim_wrapper"] = {
            name: _wrapper_for(ctx, opt, f"optimizer.{name}")
            for name, opt in optimizer.items()
        }
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
    hook, fp16, cumulative = _optimizer_hook(ctx)
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
