"""Schedule family: ``lr_config``, ``momentum_config`` -> ``param_scheduler``.

Where stock MMEngine schedulers reproduce MMCV's per-iteration values
exactly, they are used (see :mod:`.policies` for the derivations). Otherwise
the target decides: ``'mmcompat'`` (default) emits one exact scheduler,
``MMCVLrPolicy``/``MMCVMomentumPolicy`` from
``mmcompat.optim.scheduler.mmcv_exact``, which takes the legacy config
verbatim (the converted config then needs mmcompat to train); ``'mmengine'``
emits the closest stock composition and records it in
``report.approximations`` (the CLI measures the deviation).

MMCV quirks reproduced:

- ``IterBasedRunner`` defaults ``lr_config.by_epoch`` to False; an explicit
  ``by_epoch=True`` there (and any epoch-based momentum policy, whose
  default MMCV does not change) never updates the value, because
  IterBasedRunner never calls ``before_train_epoch``.
- Cyclic and OneCycle policies only count iterations.
"""

from __future__ import annotations

import copy
import difflib
from typing import Any

from mmcompat.tables.config_keys import hook_args
from mmcompat.tables.mmcv_policies import WARMUP_DEFAULTS, policy_hook_name

from ._core import Context, check_type, register_rule
from .loop import EPOCH_RUNNERS, ITER_RUNNERS, LoopInfo, loop_info
from .policies import (
    ITER_ONLY,
    LR_POLICIES,
    MOMENTUM_POLICIES,
    Plan,
    Unit,
    canonical_policy,
    plan_regular,
    plan_warmup,
    validate_policy_args,
)

__all__ = ["translate_schedule", "EXACT_TYPES"]

EXACT_TYPES = {"LR": "MMCVLrPolicy", "Momentum": "MMCVMomentumPolicy"}
CONFIG_KEYS = {"LR": "lr_config", "Momentum": "momentum_config"}


def _base_value(ctx: Context, kind: str) -> float | None:
    """The optimizer's initial lr/momentum when all param groups share it."""
    optimizer = ctx.legacy.get("optimizer")
    if not isinstance(optimizer, dict):
        return None
    if kind == "LR":
        if optimizer.get("paramwise_cfg") or optimizer.get("paramwise_options"):
            return None
        value = optimizer.get("lr")
    else:
        value = optimizer.get("momentum")
        if value is None and isinstance(optimizer.get("betas"), (list, tuple)):
            value = optimizer["betas"][0]
    return value if isinstance(value, (int, float)) and value else None


def _close_mmcv_policy(policy: str, table: dict) -> str | None:
    """The MMCV policy ``policy`` is a misspelling of ('steep' -> 'Step')."""
    close = difflib.get_close_matches(policy, list(table), n=1, cutoff=0.85)
    return close[0] if close else None


def _library_policy(ctx: Context, kind: str) -> str | None:
    """The policy name when it is a well-formed name MMCV does not define."""
    cfg = ctx.legacy.get(CONFIG_KEYS[kind])
    if not isinstance(cfg, dict) or not isinstance(cfg.get("policy"), str):
        return None
    raw = cfg["policy"]
    policy = canonical_policy(raw)  # MMCV builds `<policy>LrUpdaterHook`
    table = LR_POLICIES if kind == "LR" else MOMENTUM_POLICIES
    if policy in table or not raw.isidentifier():
        return None
    if kind == "Momentum" and policy in LR_POLICIES:
        return None  # an lr policy MMCV has no momentum twin of: an error
    if _close_mmcv_policy(policy, table) is not None:
        return None  # a misspelt MMCV policy ('steep'): an error
    return policy


def _parse(
    ctx: Context, kind: str, info: LoopInfo | None
) -> tuple[str, dict, dict, Unit | None]:
    """Validate a lr/momentum config; returns (policy, normalised legacy
    config, policy arguments, unit or None when MMCV never applies it)."""
    key = CONFIG_KEYS[kind]
    cfg = ctx.get(key)
    check_type(ctx, key, cfg, dict, "a dict with `policy`")
    if "policy" not in cfg:
        raise ctx.error(f"{key}.policy", "missing (MMCV requires it)")
    raw = cfg["policy"]
    if not isinstance(raw, str):
        raise ctx.error(f"{key}.policy", f"expected a policy name, got {raw!r}")
    policy = canonical_policy(raw)
    table = LR_POLICIES if kind == "LR" else MOMENTUM_POLICIES
    if policy not in table:
        close = _close_mmcv_policy(policy, table)
        raise ctx.error(
            f"{key}.policy",
            f"unknown policy {raw!r}: MMCV 1.7 {kind.lower()} policies are "
            f"{sorted(k for k in table if k != 'YOLOX')}"
            + (f"; did you mean {close!r}?" if close else "")
            + f" (a library's own policy, named after its registered "
            f"{policy_hook_name(kind.lower(), '<Policy>')}, converts to {EXACT_TYPES[kind]})",
        )
    rest = {k: v for k, v in cfg.items() if k != "policy"}
    args = validate_policy_args(ctx, key, kind, policy, rest)
    # the hook's default, unless the runner's applies
    runner_by_epoch = info is None or info.by_epoch
    by_epoch = hook_args(key, rest, runner_by_epoch).get(
        "by_epoch", policy not in ITER_ONLY
    )
    if not isinstance(by_epoch, bool):
        raise ctx.error(f"{key}.by_epoch", f"expected True or False, got {by_epoch!r}")
    if policy in ITER_ONLY and by_epoch:
        raise ctx.error(
            f"{key}.by_epoch", f"policy {policy!r} only supports by_epoch=False"
        )
    warmup = rest.get("warmup")
    if warmup not in (None, "constant", "linear", "exp"):
        raise ctx.error(
            f"{key}.warmup",
            f"expected None, 'constant', 'linear' or 'exp', got {warmup!r}",
        )
    warmup_cfg = dict(WARMUP_DEFAULTS[kind.lower()], **rest)
    ratio = warmup_cfg["warmup_ratio"]
    iters = warmup_cfg["warmup_iters"]
    warmup_by_epoch = warmup_cfg["warmup_by_epoch"]
    if kind == "Momentum" and warmup_by_epoch:
        raise ctx.error(
            f"{key}.warmup_by_epoch", "momentum warm-up has no warmup_by_epoch"
        )
    if warmup is not None:
        if isinstance(iters, bool) or not isinstance(iters, int) or iters <= 0:
            what = "missing" if "warmup_iters" not in rest else f"got {iters!r}"
            raise ctx.error(
                f"{key}.warmup_iters",
                f"a positive integer is required with warmup={warmup!r} ({what})",
            )
        if not isinstance(ratio, (int, float)) or not 0 < ratio <= 1:
            raise ctx.error(
                f"{key}.warmup_ratio", f"expected a value in (0, 1], got {ratio!r}"
            )
    normalised = dict(policy=raw, **{k: v for k, v in rest.items()})
    normalised["by_epoch"] = by_epoch
    if info is None:
        return policy, normalised, args, None
    if not info.by_epoch:
        if warmup is not None and warmup_by_epoch:
            raise ctx.error(
                f"{key}.warmup_by_epoch",
                "needs an EpochBasedRunner (IterBasedRunner has no epochs)",
            )
        if by_epoch:
            return policy, normalised, args, None
        return policy, normalised, args, Unit("iter", info.max_iters)
    return (
        policy,
        normalised,
        args,
        Unit("epoch" if by_epoch else "epoch_iter", info.max_epochs),
    )


def _check_against_length(
    ctx: Context, kind: str, policy: str, args: dict, unit: Unit
) -> None:
    key = CONFIG_KEYS[kind]
    length = unit.known_length
    if (
        policy == "CosineRestart"
        and length is not None
        and sum(args["periods"]) < length
    ):
        raise ctx.error(
            f"{key}.periods",
            f"periods sum to {sum(args['periods'])} but training lasts {length}: "
            "MMCV raises once the periods run out",
        )
    if (
        policy == "OneCycle"
        and args.get("total_steps") is not None
        and unit.kind == "iter"
    ):
        if args["total_steps"] < unit.length:
            raise ctx.error(
                f"{key}.total_steps", f"must be >= max_iters ({unit.length})"
            )


def _exact_scheduler(kind: str, legacy: dict, unit: Unit) -> dict:
    """The mmcompat scheduler that replays ``legacy`` verbatim."""
    cfg: dict[str, Any] = dict(type=EXACT_TYPES[kind])
    cfg[CONFIG_KEYS[kind]] = legacy
    if unit.kind == "iter":
        cfg.update(by_epoch=False)
    else:
        # Stepped every iteration; built with the epoch length (which MMCV
        # needs for epoch progress and warmup_by_epoch).
        cfg.update(by_epoch=True, convert_to_iter_based=True)
    return cfg


def _library_scheduler(
    ctx: Context, kind: str, policy: str, info: LoopInfo
) -> list[dict]:
    """A library's policy as the exact scheduler, which builds the
    ``<Policy>LrUpdaterHook`` the library registers and runs it as MMCV
    did (an IterBasedRunner defaulted the lr hook's ``by_epoch`` to False)."""
    key = CONFIG_KEYS[kind]
    hook = policy_hook_name(kind.lower(), policy)
    legacy = hook_args(key, ctx.legacy[key], info.by_epoch)
    unit = (
        Unit("epoch_iter", info.max_epochs)
        if info.by_epoch
        else Unit("iter", info.max_iters)
    )
    ctx.report.require_mmcompat(EXACT_TYPES[kind])
    ctx.report.unplottable.append(
        f"{key}: drawing the policy {policy!r} needs the library's {hook}, "
        "and convert imports no library code"
    )
    ctx.report.translated(
        key,
        f"policy {policy!r} -> {EXACT_TYPES[kind]}, which runs the library's "
        f"{hook} as MMCV did (the code that registers it must be imported: "
        "custom_imports)",
    )
    return [_exact_scheduler(kind, legacy, unit)]


def _translate(ctx: Context, kind: str) -> list[dict] | None:
    key = CONFIG_KEYS[kind]
    ctx.consume(key)
    if ctx.legacy.get(key) is None:
        ctx.report.translated(key, f"None -> no {kind.lower()} scheduler")
        return []
    info = loop_info(ctx)
    library = _library_policy(ctx, kind)
    if library is not None and ctx.target == "mmengine":
        ctx.report.todo(
            key,
            f"policy {library!r} is a library's, not MMCV's: MMCV ran the "
            f"registered {policy_hook_name(kind.lower(), library)} (library code), which "
            "stock MMEngine cannot run: port it to a parameter scheduler "
            f"(PARAM_SCHEDULERS), or convert with --target mmcompat "
            f"({EXACT_TYPES[kind]} runs the registered class)",
            ("param_scheduler",),
        )
        return []
    if library is None:
        policy, legacy, args, unit = _parse(ctx, kind, info)
    if info is None:
        if ctx.partial:
            return None
        runner = ctx.legacy.get("runner")
        if isinstance(runner, dict):
            # a runner type MMCV does not define (the runner rule names it):
            # carry the schedule for whoever writes the train loop
            ctx.report.todo(
                key,
                f"not translated: the schedule needs the training length, and "
                f"runner type {runner.get('type')!r} is not an MMCV runner "
                f"({', '.join(EPOCH_RUNNERS + ITER_RUNNERS)})",
                (key,),
            )
            return None
        raise ctx.error(
            key,
            "needs `runner` (or `total_epochs`/`total_iters`) to know the training length",
        )
    if library is not None:
        return _library_scheduler(ctx, kind, library, info)
    if unit is None:
        ctx.report.note(
            key,
            f"by_epoch=True under IterBasedRunner: MMCV never updated the "
            f"{kind.lower()} (IterBasedRunner does not call before_train_epoch); "
            "nothing to schedule",
        )
        return []
    if policy == "YOLOX" and unit.kind == "iter":
        raise ctx.error(
            f"{key}.policy",
            "the YOLOX policy needs an EpochBasedRunner (it counts epochs)",
        )
    _check_against_length(ctx, kind, policy, args, unit)
    base = _base_value(ctx, kind)
    regular = plan_regular(kind, policy, args, unit, base)
    warmup_cfg = dict(WARMUP_DEFAULTS[kind.lower()], **legacy)
    warmup = warmup_cfg["warmup"]
    warm = plan_warmup(
        kind,
        warmup,
        warmup_cfg["warmup_iters"],
        warmup_cfg["warmup_ratio"],
        warmup_cfg["warmup_by_epoch"],
    )
    if policy == "YOLOX" and warmup is not None:
        # Quadratic from the base lr; the closest stock shape is linear.
        epochs = warmup_cfg["warmup_by_epoch"]
        length = warmup_cfg["warmup_iters"]
        warm = Plan(
            schedulers=[
                dict(
                    type="LinearLR",
                    start_factor=0.01,
                    by_epoch=epochs,
                    begin=0,
                    end=length,
                )
            ],
            exact=False,
        )
        if epochs:
            warm.schedulers[0]["convert_to_iter_based"] = True
    exact = regular.exact and warm.exact
    reasons = [r for r in (regular.reason, warm.reason) if r]
    if (
        warm.schedulers
        and regular.schedulers
        and regular.exact
        and not regular.multiplicative
    ):
        exact = False
        reasons.append(
            "MMCV multiplies the warm-up factor into the decayed value; chained "
            "stock schedulers do so only for a decay to 0"
        )
    stock = warm.schedulers + regular.schedulers
    for sched in stock:
        if sched.get("type") == "OneCycleLR" and sched.get("eta_max") is None:
            # Cyclic's peak is relative to each group's lr; the stock
            # approximation takes the optimizer's (base) lr.
            lr = base or (ctx.legacy.get("optimizer") or {}).get("lr") or 1.0
            sched["eta_max"] = lr * args["target_ratio"][0]
    exact_cfg = [_exact_scheduler(kind, legacy, unit)]
    if exact:
        ctx.report.translated(
            key,
            f"policy {policy!r} -> {[s['type'] for s in stock] or 'nothing'} (exact)",
        )
        _record(ctx, kind, exact_cfg, stock)
        return stock
    why = "; ".join(reasons)
    if ctx.target == "mmengine":
        _record(ctx, kind, exact_cfg, stock)
        ctx.report.approximations.append(
            dict(key=key, param=kind.lower(), exact=exact_cfg, stock=stock, reason=why)
        )
        ctx.report.todo(
            key,
            f"approximate: no stock MMEngine composition reproduces this {key} "
            f"exactly ({why})",
            ("param_scheduler",),
        )
        return stock
    _record(ctx, kind, exact_cfg, exact_cfg)
    ctx.report.require_mmcompat(EXACT_TYPES[kind])
    ctx.report.translated(
        key, f"policy {policy!r} -> {EXACT_TYPES[kind]} (exact; needs mmcompat: {why})"
    )
    return exact_cfg


def _record(ctx: Context, kind: str, legacy: list[dict], converted: list[dict]) -> None:
    ctx.report.schedules.append(
        dict(
            key=CONFIG_KEYS[kind],
            param=kind.lower(),
            legacy=copy.deepcopy(legacy),
            converted=copy.deepcopy(converted),
        )
    )


@register_rule("lr_config", "momentum_config", family="schedule")
def translate_schedule(ctx: Context) -> None:
    """``lr_config`` and ``momentum_config`` -> ``param_scheduler``."""
    schedulers: list[dict] = []
    complete = True
    for kind in ("LR", "Momentum"):
        if ctx.has(CONFIG_KEYS[kind]):
            part = _translate(ctx, kind)
            if part is None:
                complete = False
                continue
            schedulers.extend(part)
    if not complete:
        # A _base_ fragment without the runner: leave the legacy keys for the
        # configs that complete it.
        ctx.consumed.difference_update(CONFIG_KEYS.values())
        return
    if schedulers or ctx.has("lr_config"):
        ctx.new["param_scheduler"] = schedulers
