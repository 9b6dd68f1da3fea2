"""``evaluation`` (MMCV's EvalHook/DistEvalHook arguments) -> validation.

MMCV's EvalHook splits its config in two: hook arguments (``interval``,
``start``, ``by_epoch``, ``save_best``, ``rule``, ``greater_keys``,
``less_keys``, ...) and everything else, passed to
``dataset.evaluate(results, **eval_kwargs)`` (``metric``, ``metric_options``,
library options). MMEngine moves the schedule into the train loop
(``val_interval``/``val_begin``, MMDet's ``dynamic_intervals``), best-checkpoint
saving into CheckpointHook (``save_best``/``rule``), and the metric into an
evaluator whose type is library-specific: the metric arguments are carried
into ``val_evaluator``/``test_evaluator`` with a TODO, unless a plug-in rule
(see ``register_rule``) knows the library's evaluator.

``by_epoch`` defaults to the runner's unit, as OpenMMLab 1.x train scripts
set it (``runner.type != 'IterBasedRunner'``); MMCV's own default is True.
"""

from __future__ import annotations

from ._core import Context, check_type, register_rule
from .loop import loop_info

__all__ = ["translate_evaluation", "HOOK_ARGS"]

#: EvalHook/DistEvalHook arguments (everything else goes to dataset.evaluate)
HOOK_ARGS = (
    "interval",
    "start",
    "by_epoch",
    "save_best",
    "rule",
    "test_fn",
    "greater_keys",
    "less_keys",
    "out_dir",
    "file_client_args",
    "dynamic_intervals",
    "gpu_collect",
    "tmpdir",
    "broadcast_bn_buffer",
    "type",
)


def _interval(ctx: Context, cfg: dict) -> int:
    interval = cfg.get("interval", 1)
    if isinstance(interval, bool) or not isinstance(interval, int) or interval <= 0:
        raise ctx.error(
            "evaluation.interval", f"expected a positive integer, got {interval!r}"
        )
    return interval


def _schedule(ctx: Context, cfg: dict, train_cfg: dict | None, by_epoch: bool) -> None:
    """interval/start/dynamic_intervals -> train_cfg.val_interval/val_begin."""
    interval = _interval(ctx, cfg)
    start = cfg.get("start")
    if start is not None and (not isinstance(start, int) or start < 0):
        raise ctx.error("evaluation.start", f"expected an integer >= 0, got {start!r}")
    if train_cfg is None:
        return
    train_cfg["val_interval"] = interval
    if start is not None and start > 1:
        train_cfg["val_begin"] = start
        if start % interval:
            ctx.report.todo(
                "evaluation.start",
                f"MMCV validated at {start}, {start + interval}, ... "
                f"(start={start}, interval={interval}); MMEngine validates at "
                f"multiples of val_interval from val_begin on: "
                f"the validation points differ",
                ("train_cfg",),
            )
    elif start == 0:
        ctx.report.note(
            "evaluation.start",
            "start=0: MMCV also validated once before training; MMEngine does not",
        )
    if cfg.get("dynamic_intervals") is not None:
        pairs = cfg["dynamic_intervals"]
        if not isinstance(pairs, (list, tuple)) or not all(
            isinstance(p, (list, tuple))
            and len(p) == 2
            and all(isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in p)
            for p in pairs
        ):
            raise ctx.error(
                "evaluation.dynamic_intervals",
                f"expected (milestone, interval) pairs of positive ints, got {pairs!r}",
            )
        train_cfg["dynamic_intervals"] = [tuple(p) for p in pairs]
    length = train_cfg.get("max_epochs") if by_epoch else train_cfg.get("max_iters")
    if length is not None and length % interval and not cfg.get("dynamic_intervals"):
        ctx.report.note(
            "evaluation.interval",
            f"MMEngine's loop also validates after the last "
            f"{'epoch' if by_epoch else 'iteration'} ({length}), which MMCV did "
            f"not (interval={interval})",
        )


# After checkpoint_config (order 40): save_best goes into its CheckpointHook.
@register_rule("evaluation", family="hooks", order=45)
def translate_evaluation(ctx: Context) -> None:
    cfg = ctx.get("evaluation")
    ctx.consume("evaluation")
    if cfg is None:
        ctx.report.translated("evaluation", "None -> no validation")
        return
    check_type(ctx, "evaluation", cfg, dict, "a dict of EvalHook arguments")
    info = loop_info(ctx)
    loop_by_epoch = info.by_epoch if info is not None else True
    by_epoch = cfg.get("by_epoch", loop_by_epoch)
    train_cfg = ctx.new.get("train_cfg")
    if by_epoch != loop_by_epoch and info is not None:
        ctx.report.todo(
            "evaluation.by_epoch",
            f"evaluation by_epoch={by_epoch} under a "
            f"{'epoch' if loop_by_epoch else 'iteration'}-based runner: MMEngine's "
            "train loop validates in its own unit only; set val_interval by hand",
            ("train_cfg",),
        )
        train_cfg = None
    _schedule(ctx, cfg, train_cfg, by_epoch)
    ctx.new.setdefault("val_cfg", dict(type="ValLoop"))
    ctx.new.setdefault("test_cfg", dict(type="TestLoop"))

    if cfg.get("save_best") is not None:
        checkpoint = None
        if "checkpoint_config" in ctx.legacy or not ctx.partial:
            hooks = ctx.default_hooks()
            checkpoint = hooks.get("checkpoint")
            if checkpoint is None:
                # MMCV's EvalHook saved the best checkpoint on its own.
                checkpoint = dict(type="CheckpointHook", interval=-1, save_last=False)
                hooks["checkpoint"] = checkpoint
        if checkpoint is not None:
            for key in ("save_best", "rule", "greater_keys", "less_keys"):
                if cfg.get(key) is not None:
                    checkpoint[key] = cfg[key]
    dropped = [
        k
        for k in ("test_fn", "out_dir", "file_client_args", "broadcast_bn_buffer")
        if k in cfg
    ]
    if dropped:
        ctx.report.note("evaluation", f"EvalHook arguments {dropped} dropped")
    if cfg.get("type") not in (None, "EvalHook", "DistEvalHook"):
        ctx.report.note("evaluation.type", f"hook type {cfg['type']!r} dropped")

    metric_args = {k: v for k, v in cfg.items() if k not in HOOK_ARGS}
    evaluator = dict(metric_args)
    if cfg.get("gpu_collect"):
        evaluator["collect_device"] = "gpu"
    if cfg.get("tmpdir") is not None:
        evaluator["collect_dir"] = cfg["tmpdir"]
    ctx.new["val_evaluator"] = evaluator
    ctx.new["test_evaluator"] = dict(evaluator)
    described = (
        ", ".join(f"{k}={v!r}" for k, v in metric_args.items()) or "no arguments"
    )
    for name in ("val_evaluator", "test_evaluator"):
        ctx.report.todo(
            "evaluation.metric",
            f"MMCV called dataset.evaluate({described}); set the library's "
            f"evaluator `type` for {name}",
            (name,),
        )
    ctx.report.translated(
        "evaluation", "-> train_cfg.val_interval, val_cfg, test_cfg, val/test_evaluator"
    )
