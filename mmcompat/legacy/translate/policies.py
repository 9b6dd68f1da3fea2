"""MMCV 1.7 lr/momentum policies: validation and their stock MMEngine
equivalents.

How MMCV computes a value (``LrUpdaterHook``/``MomentumUpdaterHook``): at
iteration ``i`` (epoch ``e = i // L``) the *regular* value is
``f(base, progress, max_progress)`` with ``progress = e`` and
``max_progress = max_epochs`` when the policy's ``by_epoch`` is True, else
``i`` and ``max_iters``; during warm-up (``i < W``) it is multiplied by
``1 - (1 - i / W) * (1 - ratio)`` (linear), ``ratio`` (constant) or
``ratio ** (1 - i / W)`` (exp) (momentum: *divided* by it).

How MMEngine's stock schedulers compose: each scheduler updates the current
value in place ("chainable"), a ``by_epoch=False`` one after every iteration
and a ``by_epoch=True`` one after every epoch, each only while
``begin <= step < end``. Chained, a warm-up scheduler and a decay compose
*multiplicatively* only if the decay is a pure factor while the warm-up runs:
true for MultiStep/Step/Exponential/Linear, and for CosineAnnealing/Poly only
when their ``eta_min`` is 0 (they update ``eta_min + r * (v - eta_min)``).

The exact stock mappings (derived from both formulas, checked against
recorded MMCV trajectories in ``fixtures/golden/mmcv_schedules``):

- linear warm-up over W iterations = ``LinearLR(start_factor=ratio,
  begin=0, end=W + 1, by_epoch=False)``: LinearLR reaches ``end_factor`` at
  step ``end - begin - 1``, MMCV reaches 1 at iteration W (``end=W`` as in
  MMEngine's migration guide is one iteration short);
- constant warm-up = ``ConstantLR(factor=ratio, end=W + 1)``; over epochs
  (``warmup_by_epoch``) = ``ConstantLR(factor=ratio, end=we + 1,
  by_epoch=True)`` (the factor is lifted exactly at an epoch boundary);
- poly = ``PolyLR(power, eta_min=min_lr, end=P + 1)``: PolyLR reaches
  ``eta_min`` at step ``end - begin - 1`` (the default ``end=P`` gets there one
  step early), MMCV at ``progress = P``;
- CosineAnnealing = ``CosineAnnealingLR(T_max=P)``; FlatCosineAnnealing =
  ``CosineAnnealingLR(begin=round(P * start_percent), T_max=P - begin)``;
- CosineRestart = ``CosineRestartLR`` when every restart weight is 1 or the
  minimum is 0 (MMCV weights ``base - min``, MMEngine weights ``base``);
- LinearAnnealing = ``LinearLR(start_factor=1, end_factor=min/base,
  end=P + 1)``; OneCycle = ``OneCycleLR(eta_max=max_lr)``;
- step/exp = ``MultiStepLR``/``StepLR``/``ExponentialLR``.

Not expressible with stock schedulers (an exact ``mmcompat`` scheduler is
used instead, ``MMCVLrPolicy``/``MMCVMomentumPolicy``): linear or exp warm-up
counted in epochs (the slope depends on the epoch length), exp warm-up, any
momentum warm-up, a warm-up overlapping a cosine/poly decay whose minimum is
not 0, ``min_lr`` clipping of step, inv, Cyclic, cyclic/one-cycle momentum,
CosineRestart with weights and a minimum, and iteration-counted poly,
flat-cosine and linear annealing under an EpochBasedRunner (their length
``max_epochs * epoch_length + 1`` is not a whole number of epochs).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from mmcompat.tables.mmcv_policies import (
    ITER_ONLY,
    LR_POLICIES,
    MOMENTUM_POLICIES,
    NUMERIC_ARGS,
    REQUIRED,
    WARMUP_ARGS,
    canonical_policy,
)

from ._core import Context

__all__ = [
    "ITER_ONLY",
    "LR_POLICIES",
    "MOMENTUM_POLICIES",
    "canonical_policy",
    "Unit",
    "Plan",
    "plan_regular",
    "plan_warmup",
]


@dataclass(frozen=True)
class Unit:
    """In which unit MMCV counts the regular schedule.

    kind: ``'epoch'`` (policy by_epoch under an EpochBasedRunner, P epochs),
    ``'iter'`` (IterBasedRunner, P = max_iters) or ``'epoch_iter'`` (policy
    counted in iterations under an EpochBasedRunner: P = max_epochs * L with
    L unknown until training).
    """

    kind: str
    length: int | None  # max_epochs for 'epoch'/'epoch_iter', max_iters for 'iter'

    def span(self, **kwargs: Any) -> dict:
        """Scheduler window over the whole training, in the right unit."""
        if self.kind == "epoch":
            return dict(begin=0, end=self.length, by_epoch=True, **kwargs)
        if self.kind == "epoch_iter":
            return dict(
                begin=0,
                end=self.length,
                by_epoch=True,
                **kwargs,
                convert_to_iter_based=True,
            )
        return dict(begin=0, end=self.length, by_epoch=False, **kwargs)

    def steps(self, **kwargs: Any) -> dict:
        """Scheduler whose arguments are already in MMCV's progress unit."""
        if self.kind == "epoch":
            return dict(by_epoch=True, begin=0, end=self.length, **kwargs)
        if self.kind == "iter":
            return dict(by_epoch=False, begin=0, end=self.length, **kwargs)
        return dict(by_epoch=False, begin=0, **kwargs)

    @property
    def known_length(self) -> int | None:
        return None if self.kind == "epoch_iter" else self.length


@dataclass
class Plan:
    """Stock schedulers for one part of a schedule and whether they are exact.

    reason: why the part is not exact (empty when it is).
    multiplicative: the part changes the value only by factors (so a chained
    warm-up composes exactly with it).
    """

    schedulers: list[dict] = field(default_factory=list)
    exact: bool = True
    reason: str = ""
    multiplicative: bool = True


def _approximate(
    schedulers: list[dict], reason: str, multiplicative: bool = True
) -> Plan:
    return Plan(
        schedulers=schedulers,
        exact=False,
        reason=reason,
        multiplicative=multiplicative,
    )


@dataclass(frozen=True)
class Regular:
    """What the regular (non-warm-up) part of a schedule is planned from.

    kind: ``'LR'`` or ``'Momentum'``; args: the policy's arguments (MMCV's
    defaults filled in); base_value: the optimizer's initial value when
    every param group shares it (else None).
    """

    kind: str
    policy: str
    args: dict
    unit: Unit
    base_value: float | None

    @property
    def param(self) -> str:
        return "lr" if self.kind == "LR" else "momentum"

    def target(self) -> tuple[str, Any]:
        """('eta_min', v) or ('eta_min_ratio', v) from MMCV's
        min_x/min_x_ratio."""
        ratio = self.args.get(f"min_{self.param}_ratio")
        if ratio is not None:
            return "eta_min_ratio", ratio
        return "eta_min", self.args[f"min_{self.param}"]


def _fixed(r: Regular) -> Plan:
    return Plan()


def _step(r: Regular) -> Plan:
    step, gamma = r.args["step"], r.args["gamma"]
    if isinstance(step, int):
        sched = dict(type=f"Step{r.kind}", step_size=step, gamma=gamma)
    else:
        sched = dict(type=f"MultiStep{r.kind}", milestones=list(step), gamma=gamma)
    schedulers = [dict(sched, **r.unit.steps())]
    if r.args.get(f"min_{r.param}") is not None:
        return _approximate(
            schedulers, f"min_{r.param} clipping of step has no stock scheduler"
        )
    return Plan(schedulers=schedulers)


def _exp(r: Regular) -> Plan:
    sched = dict(type=f"Exponential{r.kind}", gamma=r.args["gamma"])
    return Plan(schedulers=[dict(sched, **r.unit.steps())])


def _poly(r: Regular) -> Plan:
    eta_min = r.args["min_lr"]
    sched = dict(type=f"Poly{r.kind}", eta_min=eta_min, power=r.args["power"])
    length = r.unit.known_length
    if length is None:
        return _approximate(
            [dict(sched, **r.unit.span())],
            "iteration-counted poly under an EpochBasedRunner ends at max_iters + 1",
            multiplicative=eta_min == 0,
        )
    # PolyLR reaches eta_min at step end - 1, MMCV at progress = length.
    window = dict(r.unit.span(), end=length + 1)
    return Plan(schedulers=[dict(sched, **window)], multiplicative=eta_min == 0)


def _inv(r: Regular) -> Plan:
    # Closest stock shape: an exponential decay meeting MMCV's last value.
    length = max(r.unit.known_length or 1, 1)
    last = (1 + r.args["gamma"] * length) ** (-r.args["power"])
    sched = dict(type=f"Exponential{r.kind}", gamma=last ** (1 / length))
    return _approximate([dict(sched, **r.unit.steps())], "inv has no stock scheduler")


def _cosine_annealing(r: Regular) -> Plan:
    name, value = r.target()
    sched = dict(type=f"CosineAnnealing{r.kind}", T_max=r.unit.length)
    sched[name] = value
    return Plan(schedulers=[dict(sched, **r.unit.span())], multiplicative=value == 0)


def _flat_cosine_annealing(r: Regular) -> Plan:
    name, value = r.target()
    total = r.unit.length
    start = round(total * r.args["start_percent"])
    counted_in_iters = r.unit.known_length is None
    if start >= total:
        return Plan(
            exact=not counted_in_iters, reason="flat cosine starting at the end"
        )
    sched = dict(type=f"CosineAnnealing{r.kind}", T_max=total - start)
    sched[name] = value
    sched.update(r.unit.span(), begin=start)
    if counted_in_iters:
        return _approximate(
            [sched],
            "iteration-counted flat cosine under an EpochBasedRunner starts at "
            "round(max_iters * start_percent)",
            multiplicative=value == 0,
        )
    return Plan(schedulers=[sched], multiplicative=value == 0 or start > 0)


def _cosine_restart(r: Regular) -> Plan:
    name, value = r.target()
    weights = list(r.args["restart_weights"])
    sched = dict(
        type=f"CosineRestart{r.kind}",
        periods=list(r.args["periods"]),
        restart_weights=weights,
    )
    sched[name] = value
    sched.update(r.unit.steps())
    if "end" in sched and sched["end"] is None:
        sched.pop("end")
    # MMCV weights (base - min), MMEngine weights base: equal when every
    # weight is 1 or the minimum is 0.
    if all(w == 1 for w in weights) or value == 0:
        return Plan(schedulers=[sched], multiplicative=False)
    return _approximate(
        [sched],
        "CosineRestart with restart weights and a non-zero minimum",
        multiplicative=False,
    )


def _linear_annealing(r: Regular) -> Plan:
    name, value = r.target()
    if name == "eta_min_ratio":
        factor = value
    elif value == 0:
        factor = 0.0
    elif r.base_value:
        factor = value / r.base_value
    else:
        factor = None
    length = r.unit.known_length
    window = r.unit.span()
    if length is not None:
        window["end"] = length + 1
    if factor is None or not 0 <= factor <= 1 or length is None:
        end_factor = min(max(factor or 0.0, 0.0), 1.0)
        approx = dict(type=f"Linear{r.kind}", start_factor=1.0, end_factor=end_factor)
        return Plan(
            schedulers=[dict(approx, **window)],
            exact=False,
            reason="linear annealing to an absolute minimum with per-group "
            "bases, an increasing target, or counted in iterations under an "
            "EpochBasedRunner",
        )
    sched = dict(type=f"Linear{r.kind}", start_factor=1.0, end_factor=factor)
    return Plan(schedulers=[dict(sched, **window)])


def _yolox(r: Regular) -> Plan:
    # Closest stock shape: cosine to the floor, flat for the last epochs.
    name, value = r.target()
    cosine_epochs = r.unit.length - r.args["num_last_epochs"]
    sched = dict(type="CosineAnnealingLR", T_max=cosine_epochs)
    sched[name] = value
    sched.update(r.unit.span(), end=cosine_epochs)
    return _approximate(
        [sched],
        "MMDet's YOLOX policy (quadratic warm-up from the base lr, cosine "
        "counted from the end of the warm-up) has no stock scheduler",
        multiplicative=False,
    )


def _one_cycle(r: Regular) -> Plan:
    if r.kind != "LR":
        return _no_stock(r)
    args = r.args
    if isinstance(args["max_lr"], dict):
        return _approximate(
            [], "one-cycle with per-optimizer max_lr", multiplicative=False
        )
    sched = dict(
        type="OneCycleLR",
        eta_max=args["max_lr"],
        pct_start=args["pct_start"],
        anneal_strategy=args["anneal_strategy"],
        div_factor=args["div_factor"],
        final_div_factor=args["final_div_factor"],
        three_phase=args["three_phase"],
    )
    if args.get("total_steps") is not None:
        # Already in iterations: keep the scheduler iteration-based.
        sched["total_steps"] = args["total_steps"]
        sched.update(r.unit.steps())
    else:
        sched.update(r.unit.span())
    if isinstance(args["max_lr"], (list, tuple)) and len(args["max_lr"]) > 1:
        # Several param groups: MMEngine's OneCycleLR also wants a value
        # for the OptimWrapper's extra base_param_settings group.
        sched["eta_max"] = list(args["max_lr"]) + [args["max_lr"][0]]
    return Plan(schedulers=[sched], multiplicative=False)


def _cyclic(r: Regular) -> Plan:
    args = r.args
    if r.kind != "LR" or args["cyclic_times"] != 1 or args["gamma"] != 1:
        return _no_stock(r)
    high, low = args["target_ratio"]
    approx = dict(
        type="OneCycleLR",
        eta_max=None,  # each group's lr times high, set by the schedule rule
        pct_start=float(args["step_ratio_up"]),
        anneal_strategy=args["anneal_strategy"],
        div_factor=high,
        final_div_factor=high / low,
        **r.unit.span(),
    )
    return _approximate([approx], "Cyclic has no stock scheduler", multiplicative=False)


def _no_stock(r: Regular) -> Plan:
    # OneCycle/Cyclic momentum, Cyclic with several cycles or a decay:
    # nothing stock comes close.
    return _approximate(
        [], f"{r.policy} {r.param} has no stock scheduler", multiplicative=False
    )


#: MMCV policy -> the stock schedulers of its regular part
REGULAR_PLANS: dict[str, Callable[[Regular], Plan]] = {
    "Fixed": _fixed,
    "Step": _step,
    "Exp": _exp,
    "Poly": _poly,
    "Inv": _inv,
    "CosineAnnealing": _cosine_annealing,
    "FlatCosineAnnealing": _flat_cosine_annealing,
    "CosineRestart": _cosine_restart,
    "LinearAnnealing": _linear_annealing,
    "YOLOX": _yolox,
    "OneCycle": _one_cycle,
    "Cyclic": _cyclic,
}


def plan_regular(
    kind: str, policy: str, args: dict, unit: Unit, base_value: float | None
) -> Plan:
    """Stock schedulers for the regular (non-warm-up) part of a policy.

    kind: ``'LR'`` or ``'Momentum'``; ``base_value`` is the optimizer's
    initial value when every param group shares it (else None).
    """
    regular = Regular(kind, policy, args, unit, base_value)
    return REGULAR_PLANS.get(policy, _no_stock)(regular)


def plan_warmup(
    kind: str, warmup: str | None, iters: int, ratio: float, by_epoch: bool
) -> Plan:
    """Stock schedulers for MMCV's warm-up (always applied per iteration)."""
    if warmup is None or ratio == 1:
        return Plan()
    if kind == "Momentum":
        return _approximate(
            [],
            "momentum warm-up divides by the factor: no stock scheduler",
            multiplicative=False,
        )
    if warmup == "constant":
        # The factor is lifted exactly at iteration (or epoch) iters.
        sched = dict(type="ConstantLR", factor=ratio, by_epoch=by_epoch)
        return Plan(schedulers=[dict(sched, begin=0, end=iters + 1)])
    if warmup == "linear" and not by_epoch:
        # LinearLR reaches end_factor at step end - 1; MMCV reaches 1 at
        # iteration iters.
        sched = dict(type="LinearLR", start_factor=ratio, by_epoch=False)
        return Plan(schedulers=[dict(sched, begin=0, end=iters + 1)])
    approx = dict(
        type="LinearLR",
        start_factor=ratio,
        by_epoch=by_epoch,
        begin=0,
        end=iters if by_epoch else iters + 1,
    )
    if by_epoch:
        approx["convert_to_iter_based"] = True
    if warmup == "linear":
        return _approximate(
            [approx],
            "linear warm-up counted in epochs (its slope depends on the epoch length)",
        )
    # exp: ratio ** (1 - i / W) is geometric but starts below 1 and must end
    # at exactly 1, which no stock pair of schedulers does.
    return _approximate([approx], "exp warm-up has no stock scheduler")


def finite(value: Any) -> bool:
    return (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and math.isfinite(value)
    )


def validate_policy_args(
    ctx: Context, key: str, kind: str, policy: str, cfg: dict
) -> dict:
    """Check the policy's arguments like MMCV's hook constructor would, and
    return them with MMCV's defaults filled in."""
    table = LR_POLICIES if kind == "LR" else MOMENTUM_POLICIES
    spec = table[policy]
    p = "lr" if kind == "LR" else "momentum"
    unknown = sorted(set(cfg) - set(spec) - set(WARMUP_ARGS))
    if unknown:
        raise ctx.error(
            f"{key}.{unknown[0]}",
            f"unexpected argument for policy {policy!r}; accepted: {sorted(spec)}",
        )
    for name in NUMERIC_ARGS:
        value = cfg.get(name)
        if value is not None and not finite(value):
            raise ctx.error(f"{key}.{name}", f"expected a number, got {value!r}")
    args = {}
    for name, default in spec.items():
        if name in cfg:
            args[name] = cfg[name]
        elif default is REQUIRED:
            raise ctx.error(f"{key}.{name}", f"missing (required by policy {policy!r})")
        else:
            args[name] = default
    if policy == "Step":
        step = args["step"]
        if isinstance(step, (list, tuple)):
            if not step or not all(
                isinstance(s, int) and not isinstance(s, bool) and s > 0 for s in step
            ):
                raise ctx.error(
                    f"{key}.step", f"expected positive integers, got {step!r}"
                )
            if any(b <= a for a, b in zip(step, step[1:])):
                raise ctx.error(
                    f"{key}.step", f"must be strictly increasing, got {list(step)}"
                )
        elif isinstance(step, bool) or not isinstance(step, int) or step <= 0:
            raise ctx.error(
                f"{key}.step",
                f"expected a positive int or a list of them, got {step!r}",
            )
    if policy in (
        "CosineAnnealing",
        "FlatCosineAnnealing",
        "CosineRestart",
        "LinearAnnealing",
        "YOLOX",
    ):
        if (args[f"min_{p}"] is None) == (args[f"min_{p}_ratio"] is None):
            raise ctx.error(
                key, f"policy {policy!r} needs exactly one of min_{p} and min_{p}_ratio"
            )
    if policy == "FlatCosineAnnealing":
        sp = args["start_percent"]
        if not isinstance(sp, float) or not 0 <= sp <= 1:
            raise ctx.error(
                f"{key}.start_percent", f"expected a float in [0, 1], got {sp!r}"
            )
    if policy == "CosineRestart":
        periods, weights = args["periods"], args["restart_weights"]
        if (
            not isinstance(periods, (list, tuple))
            or not periods
            or not all(isinstance(x, int) and x > 0 for x in periods)
        ):
            raise ctx.error(
                f"{key}.periods",
                f"expected a list of positive integers, got {periods!r}",
            )
        if not isinstance(weights, (list, tuple)) or len(weights) != len(periods):
            raise ctx.error(
                f"{key}.restart_weights",
                f"expected {len(periods)} weights (one per period), got {weights!r}",
            )
    if policy == "Cyclic":
        ratio = args["target_ratio"]
        if isinstance(ratio, float):
            ratio = (ratio, ratio / 1e5)
        elif isinstance(ratio, (tuple, list)) and len(ratio) == 1:
            ratio = (ratio[0], ratio[0] / 1e5)
        if not isinstance(ratio, (tuple, list)) or len(ratio) != 2:
            raise ctx.error(
                f"{key}.target_ratio",
                f"expected a float or a pair, got {args['target_ratio']!r}",
            )
        args["target_ratio"] = tuple(ratio)
        if not 0 <= args["step_ratio_up"] < 1:
            raise ctx.error(
                f"{key}.step_ratio_up",
                f"expected a value in [0, 1), got {args['step_ratio_up']!r}",
            )
    if policy in ("Cyclic", "OneCycle") and args["anneal_strategy"] not in (
        "cos",
        "linear",
    ):
        raise ctx.error(
            f"{key}.anneal_strategy",
            f"expected 'cos' or 'linear', got {args['anneal_strategy']!r}",
        )
    if policy == "OneCycle" and (
        not isinstance(args["pct_start"], float) or not 0 <= args["pct_start"] <= 1
    ):
        raise ctx.error(
            f"{key}.pct_start", f"expected a float in [0, 1], got {args['pct_start']!r}"
        )
    return args
