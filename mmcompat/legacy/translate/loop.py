"""Loop family: ``runner``, ``total_epochs``, ``workflow`` and the loop part
of ``evaluation`` -> ``train_cfg``, ``val_cfg``, ``test_cfg``.

MMCV facts reproduced here:

- ``runner=dict(type='EpochBasedRunner', max_epochs=E)`` trains E epochs;
  ``IterBasedRunner`` trains ``max_iters`` iterations. Old configs give
  ``total_epochs`` instead (OpenMMLab train scripts then build an
  EpochBasedRunner with it, and insist both agree when both are given).
- ``workflow=[('train', n), ('val', k)]`` runs ``k`` *loss-only* val epochs
  (``model.val_step``) after every ``n`` train epochs; MMEngine's ValLoop runs
  an evaluator instead, so the val phase becomes a ValLoop that needs one.
- ``evaluation=dict(interval=i, start=s)`` (EvalHook) validates after epoch
  ``c`` (1-based) when ``c >= s`` and ``(c - s) % i == 0`` (``s`` unset: when
  ``c % i == 0``); MMEngine's loops validate when ``c >= val_begin`` and
  ``c % val_interval == 0``, *and after the last epoch*.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ._core import Context, register_rule

__all__ = [
    "LoopInfo",
    "loop_info",
    "translate_runner",
    "translate_workflow",
    "unknown_runner_type",
]

EPOCH_RUNNERS = ("EpochBasedRunner", "Runner")
ITER_RUNNERS = ("IterBasedRunner",)


@dataclass(frozen=True)
class LoopInfo:
    """The training length of a legacy config."""

    by_epoch: bool
    max_epochs: int | None = None
    max_iters: int | None = None

    @property
    def length(self) -> int:
        return self.max_epochs if self.by_epoch else self.max_iters  # type: ignore


def _positive_int(ctx: Context, key: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ctx.error(key, f"expected a positive integer, got {value!r}")
    return value


def loop_info(ctx: Context) -> LoopInfo | None:
    """Training length from ``runner``/``total_epochs``/``total_iters``
    (None when the config has none; for a runner type MMCV does not define,
    the length its ``max_iters``/``max_epochs`` implies, or None)."""
    runner = ctx.legacy.get("runner")
    total_epochs = ctx.legacy.get("total_epochs")
    if runner is None:
        if total_epochs is not None:
            return LoopInfo(
                True, max_epochs=_positive_int(ctx, "total_epochs", total_epochs)
            )
        if ctx.legacy.get("total_iters") is not None:
            # MMEditing/MMGeneration 1.x scripts ran an IterBasedRunner for
            # `total_iters` iterations.
            total_iters = ctx.legacy["total_iters"]
            return LoopInfo(
                False, max_iters=_positive_int(ctx, "total_iters", total_iters)
            )
        return None
    if not isinstance(runner, dict):
        raise ctx.error("runner", f"expected a dict with `type`, got {runner!r}")
    runner_type = runner.get("type", "EpochBasedRunner")
    if runner_type in EPOCH_RUNNERS:
        if "max_epochs" not in runner:
            if total_epochs is None:
                raise ctx.error(
                    "runner.max_epochs", "EpochBasedRunner needs max_epochs"
                )
            return LoopInfo(
                True, max_epochs=_positive_int(ctx, "total_epochs", total_epochs)
            )
        max_epochs = _positive_int(ctx, "runner.max_epochs", runner["max_epochs"])
        if total_epochs is not None and total_epochs != max_epochs:
            raise ctx.error(
                "total_epochs",
                f"total_epochs={total_epochs} disagrees with "
                f"runner.max_epochs={max_epochs}",
            )
        return LoopInfo(True, max_epochs=max_epochs)
    if runner_type in ITER_RUNNERS:
        if "max_iters" not in runner:
            raise ctx.error("runner.max_iters", "IterBasedRunner needs max_iters")
        return LoopInfo(
            False, max_iters=_positive_int(ctx, "runner.max_iters", runner["max_iters"])
        )
    # A library's runner: the loop its length implies (reported by the rule).
    return library_loop_info(ctx)


def unknown_runner_type(cfg: dict) -> Any:
    """The ``runner.type`` of a legacy config when MMCV 1.x defines no such
    runner (None when the runner is one of MMCV's, or absent)."""
    runner = cfg.get("runner")
    if not isinstance(runner, dict):
        return None
    runner_type = runner.get("type", "EpochBasedRunner")
    return None if runner_type in EPOCH_RUNNERS + ITER_RUNNERS else runner_type


@register_rule("runner", "total_epochs", "total_iters", family="loop")
def translate_runner(ctx: Context) -> None:
    """``runner``/``total_epochs`` -> ``train_cfg``."""
    runner = ctx.legacy.get("runner")
    info = loop_info(ctx)
    if isinstance(runner, dict) and runner.get("type", "EpochBasedRunner") not in (
        EPOCH_RUNNERS + ITER_RUNNERS
    ):
        _library_runner(ctx, runner)
        return
    if info is None and runner is None:
        ctx.consume("runner", "total_epochs", "total_iters")
        ctx.report.translated("runner", "None -> no train loop")
        return
    if runner is not None and ctx.legacy.get("total_iters") is not None:
        ctx.report.note("total_iters", "ignored: `runner` sets the training length")
    extra = sorted(set(runner or {}) - {"type", "max_epochs", "max_iters"})
    if extra:
        ctx.report.note("runner", f"runner arguments {extra} dropped")
    if info.by_epoch:
        train_cfg = dict(type="EpochBasedTrainLoop", max_epochs=info.max_epochs)
    else:
        train_cfg = dict(type="IterBasedTrainLoop", max_iters=info.max_iters)
    ctx.new["train_cfg"] = train_cfg
    ctx.consume("runner", "total_epochs", "total_iters")
    ctx.report.translated(
        "runner",
        f"-> train_cfg {train_cfg['type']} ({info.length} "
        f"{'epochs' if info.by_epoch else 'iterations'})",
    )


def library_loop_info(ctx: Context) -> LoopInfo | None:
    """The training length a library's runner config implies (``max_iters``:
    iteration-based, ``max_epochs``: epoch-based), or None."""
    runner = ctx.legacy.get("runner")
    if not isinstance(runner, dict) or runner.get("type", "EpochBasedRunner") in (
        EPOCH_RUNNERS + ITER_RUNNERS
    ):
        return None
    if "max_iters" in runner and "max_epochs" not in runner:
        return LoopInfo(
            False, max_iters=_positive_int(ctx, "runner.max_iters", runner["max_iters"])
        )
    if "max_epochs" in runner and "max_iters" not in runner:
        return LoopInfo(
            True,
            max_epochs=_positive_int(ctx, "runner.max_epochs", runner["max_epochs"]),
        )
    return None


def _library_runner(ctx: Context, runner: dict) -> None:
    """A runner type from a library (``DynamicIterBasedRunner``, ...): the
    loop its length implies, and one finding naming what was not
    translated."""
    runner_type = runner.get("type")
    info = library_loop_info(ctx)
    if info is None:
        ctx.report.todo(
            "runner",
            f"runner type {runner_type!r} is not an MMCV runner and gives "
            "neither max_iters nor max_epochs (alone): write `train_cfg` (a "
            "train loop) by hand",
        )
        return
    if info.by_epoch:
        train_cfg = dict(type="EpochBasedTrainLoop", max_epochs=info.max_epochs)
    else:
        train_cfg = dict(type="IterBasedTrainLoop", max_iters=info.max_iters)
    ctx.new["train_cfg"] = train_cfg
    ctx.consume("runner", "total_epochs", "total_iters")
    extra = {
        k: v for k, v in runner.items() if k not in ("type", "max_iters", "max_epochs")
    }
    rest = ", ".join(f"{k}={v!r}" for k, v in extra.items())
    ctx.report.todo(
        "runner",
        f"runner type {runner_type!r} is a library's, not MMCV's: translated "
        f"as {train_cfg['type']} ({info.length} "
        f"{'epochs' if info.by_epoch else 'iterations'}); not translated: "
        f"what {runner_type} does beyond it"
        + (f" and its arguments {rest}" if rest else "")
        + " (port it as a custom loop if the training depends on it)",
        ("train_cfg",),
    )


def _parse_workflow(ctx: Context, workflow: object) -> list[tuple[str, int]]:
    if not isinstance(workflow, (list, tuple)) or not workflow:
        raise ctx.error(
            "workflow", f"expected a list of (phase, count), got {workflow!r}"
        )
    phases = []
    for item in workflow:
        if (
            not isinstance(item, (list, tuple))
            or len(item) != 2
            or item[0] not in ("train", "val")
            or isinstance(item[1], bool)
            or not isinstance(item[1], int)
            or item[1] <= 0
        ):
            raise ctx.error(
                "workflow",
                f"expected ('train'|'val', positive int) items, got {item!r}",
            )
        phases.append((item[0], item[1]))
    return phases


@register_rule("workflow", family="loop")
def translate_workflow(ctx: Context) -> None:
    """``workflow`` -> nothing for train-only, a ValLoop for a val phase."""
    phases = _parse_workflow(ctx, ctx.legacy["workflow"])
    ctx.consume("workflow")
    train = [n for phase, n in phases if phase == "train"]
    val = [n for phase, n in phases if phase == "val"]
    if not val:
        ctx.report.translated(
            "workflow", "train-only workflow is the new-style default: nothing to write"
        )
        if len(train) != 1 or len(phases) != 1:
            ctx.report.note("workflow", f"repeated train phases {phases} merged")
        return
    # MMCV alternates n train epochs with k loss-only val epochs; the val
    # phase becomes validation every n epochs.
    every = train[0] if train else 1
    train_cfg = ctx.new.get("train_cfg")
    if train_cfg is not None and "val_interval" not in train_cfg:
        train_cfg["val_interval"] = every
    ctx.new.setdefault("val_cfg", dict(type="ValLoop"))
    ctx.report.todo(
        "workflow",
        f"MMCV ran {val[0]} loss-only val epoch(s) (model.val_step) every "
        f"{every} train epoch(s); MMEngine's ValLoop runs `val_evaluator` on "
        "`val_dataloader` instead: give it an evaluator (e.g. one that "
        "averages the val loss)",
        ("val_cfg",),
    )
    if len(val) > 1 or val[0] != 1:
        ctx.report.note(
            "workflow", "val phases with k > 1 epochs run once per interval"
        )


#: keys only a new-style loop config has (a legacy model config has none)
LOOP_KEYS = frozenset(
    {
        "by_epoch",
        "max_epochs",
        "max_iters",
        "val_interval",
        "val_begin",
        "dynamic_intervals",
        "fp16",
    }
)


def _is_loop_cfg(value: object) -> bool:
    if not isinstance(value, dict):
        return False
    if str(value.get("type", "")).endswith("Loop"):
        return True
    return bool(LOOP_KEYS & set(value)) and not {"rpn", "rcnn", "nms"} & set(value)


@register_rule("train_cfg", "test_cfg", family="loop", order=5)
def translate_model_cfgs(ctx: Context) -> None:
    """Top-level ``train_cfg``/``test_cfg`` of old OpenMMLab configs are
    *model* settings (their train scripts passed them to the model builder as
    defaults, ``build_detector(cfg.model, train_cfg=..., test_cfg=...)``,
    which fills them in where ``model`` has none); in MMEngine those names
    are the loop configs, so they move into ``model``. A fragment without
    ``model`` (a ``_base_`` file or a child overriding them) writes
    ``model = dict(train_cfg=...)``, which merges into its base's model."""
    model = ctx.legacy.get("model")
    for key in ("train_cfg", "test_cfg"):
        if key not in ctx.legacy:
            continue
        value = ctx.legacy[key]
        if _is_loop_cfg(value):
            continue  # already a new-style loop config: carried
        if model is not None and not isinstance(model, dict):
            continue
        if isinstance(model, dict) and model.get(key) is not None and value is not None:
            ctx.report.todo(key, f"set both at top level and in model.{key}", (key,))
            continue
        ctx.consume(key)
        if value is not None:
            target = ctx.new.setdefault("model", dict(model or {}))
            target[key] = value
        where = "" if isinstance(model, dict) else " (merges into the base's model)"
        ctx.report.note(
            key,
            f"a model setting at top level: moved to model.{key}{where}, as the "
            "MMCV 1.x train scripts passed it to the model builder; MMEngine's "
            f"`{key}` is the loop config",
        )
    if "model" in ctx.new:
        ctx.consume("model")
