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
from dataclasses import dataclass, field
from typing import Any

from ._core import Context

__all__ = [
    "LR_POLICIES",
    "MOMENTUM_POLICIES",
    "canonical_policy",
    "Unit",
    "Plan",
    "plan_regular",
    "plan_warmup",
]

_ANY = object()
#: MMCV class prefix -> accepted arguments with their defaults
LR_POLICIES: dict[str, dict[str, Any]] = {
    "Fixed": {},
    "Step": {"step": _ANY, "gamma": 0.1, "min_lr": None},
    "Exp": {"gamma": _ANY},
    "Poly": {"power": 1.0, "min_lr": 0.0},
    "Inv": {"gamma": _ANY, "power": 1.0},
    "CosineAnnealing": {"min_lr": None, "min_lr_ratio": None},
    "FlatCosineAnnealing": {"start_percent": 0.75, "min_lr": None, "min_lr_ratio": None},
    "CosineRestart": {"periods": _ANY, "restart_weights": [1], "min_lr": None, "min_lr_ratio": None},
    "Cyclic": {"target_ratio": (10, 1e-4), "cyclic_times": 1, "step_ratio_up": 0.4, "anneal_strategy": "cos", "gamma": 1},
    "OneCycle": {"max_lr": _ANY, "total_steps": None, "pct_start": 0.3, "anneal_strategy": "cos", "div_factor": 25, "final_div_factor": 1e4, "three_phase": False},
    "LinearAnnealing": {"min_lr": None, "min_lr_ratio": None},
    # MMDet 2.x's YOLOXLrUpdaterHook (an MMCV LrUpdaterHook subclass used by
    # the MMDet 2.x YOLOX configs): quadratic warm-up, cosine, flat end.
    "YOLOX": {"num_last_epochs": _ANY, "min_lr": None, "min_lr_ratio": None},
}  # fmt: skip
MOMENTUM_POLICIES: dict[str, dict[str, Any]] = {
    "Step": {"step": _ANY, "gamma": 0.5, "min_momentum": None},
    "CosineAnnealing": {"min_momentum": None, "min_momentum_ratio": None},
    "LinearAnnealing": {"min_momentum": None, "min_momentum_ratio": None},
    "Cyclic": {"target_ratio": (0.85 / 0.95, 1.0), "cyclic_times": 1, "step_ratio_up": 0.4, "anneal_strategy": "cos", "gamma": 1.0},
    "OneCycle": {"base_momentum": 0.85, "max_momentum": 0.95, "pct_start": 0.3, "anneal_strategy": "cos", "three_phase": False},
}  # fmt: skip
WARMUP_ARGS = ("warmup", "warmup_iters", "warmup_ratio", "warmup_by_epoch", "by_epoch")
#: arguments that must be numbers when given
NUMERIC_ARGS = (
    "gamma", "power", "min_lr", "min_lr_ratio", "min_momentum", "min_momentum_ratio",
    "start_percent", "step_ratio_up", "pct_start", "div_factor", "final_div_factor",
    "cyclic_times", "num_last_epochs", "warmup_ratio", "total_steps",
)  # fmt: skip
#: policies whose hook insists on by_epoch=False (and defaults to it)
ITER_ONLY = ("Cyclic", "OneCycle")


def canonical_policy(policy: str) -> str:
    """MMCV's ``register_lr_hook`` naming: an all-lower-case policy gets its
    first letter capitalised (``'step'`` -> ``'Step'``); others are kept."""
    return policy.title() if policy == policy.lower() else policy


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

    multiplicative: the part changes the value only by factors (so a chained
    warm-up composes exactly with it).
    """

    schedulers: list[dict] = field(default_factory=list)
    exact: bool = True
    reason: str = ""
    multiplicative: bool = True


def _target(args: dict, prefix: str) -> tuple[str, Any]:
    """('eta_min', v) or ('eta_min_ratio', v) from MMCV's min_x/min_x_ratio."""
    if args.get(f"min_{prefix}_ratio") is not None:
        return "eta_min_ratio", args[f"min_{prefix}_ratio"]
    return "eta_min", args[f"min_{prefix}"]


def plan_regular(
    kind: str, policy: str, args: dict, unit: Unit, base_value: float | None
) -> Plan:
    """Stock schedulers for the regular (non-warm-up) part of a policy.

    kind: ``'LR'`` or ``'Momentum'``; ``base_value`` is the optimizer's
    initial value when every param group shares it (else None).
    """
    p = "lr" if kind == "LR" else "momentum"
    length = unit.known_length
    if policy == "Fixed":
        return Plan()
    if policy == "Step":
        if args.get(f"min_{p}") is not None:
            stock = _step_stock(kind, args, unit)
            return Plan(
                stock, False, f"min_{p} clipping of step has no stock scheduler"
            )
        return Plan(_step_stock(kind, args, unit))
    if policy == "Exp":
        return Plan(
            [dict(type=f"Exponential{kind}", gamma=args["gamma"], **unit.steps())]
        )
    if policy == "Poly":
        eta_min = args["min_lr"]
        if length is None:
            approx = [
                dict(
                    type=f"Poly{kind}",
                    eta_min=eta_min,
                    power=args["power"],
                    **unit.span(),
                )
            ]
            return Plan(
                approx,
                False,
                "iteration-counted poly under an EpochBasedRunner ends at max_iters + 1",
                eta_min == 0,
            )
        window = unit.span()
        window["end"] = length + 1
        return Plan(
            [dict(type=f"Poly{kind}", eta_min=eta_min, power=args["power"], **window)],
            True,
            "",
            eta_min == 0,
        )
    if policy == "Inv":
        # Closest stock shape: an exponential decay meeting MMCV's last value.
        last = (1 + args["gamma"] * (length or 1)) ** (-args["power"])
        gamma = last ** (1 / max(length or 1, 1))
        return Plan(
            [dict(type=f"Exponential{kind}", gamma=gamma, **unit.steps())],
            False,
            "inv has no stock scheduler",
            True,
        )
    if policy == "CosineAnnealing":
        name, value = _target(args, p)
        return Plan(
            [dict(type=f"CosineAnnealing{kind}", T_max=unit.length, **{name: value}, **unit.span())],
            True, "", value == 0,
        )  # fmt: skip
    if policy == "FlatCosineAnnealing":
        name, value = _target(args, p)
        total = length if length is not None else unit.length
        start = round(total * args["start_percent"])
        window = unit.span() if length is None else dict(unit.span())
        if start >= total:
            return Plan([], length is not None, "flat cosine starting at the end")
        window["begin"] = start
        sched = dict(
            type=f"CosineAnnealing{kind}",
            T_max=total - start,
            **{name: value},
            **window,
        )
        if length is None:
            return Plan(
                [sched],
                False,
                "iteration-counted flat cosine under an EpochBasedRunner starts at round(max_iters * start_percent)",
                value == 0,
            )
        return Plan([sched], True, "", value == 0 or start > 0)
    if policy == "CosineRestart":
        name, value = _target(args, p)
        weights = list(args["restart_weights"])
        sched = dict(
            type=f"CosineRestart{kind}",
            periods=list(args["periods"]),
            restart_weights=weights,
            **{name: value},
            **unit.steps(),
        )
        if "end" in sched and sched["end"] is None:
            sched.pop("end")
        exact = all(w == 1 for w in weights) or value == 0
        return Plan(
            [sched],
            exact,
            ""
            if exact
            else "CosineRestart with restart weights and a non-zero minimum",
            False,
        )
    if policy == "LinearAnnealing":
        name, value = _target(args, p)
        if name == "eta_min_ratio":
            factor = value
        elif value == 0:
            factor = 0.0
        elif base_value:
            factor = value / base_value
        else:
            factor = None
        window = unit.span()
        if length is not None:
            window["end"] = length + 1
        if factor is None or not 0 <= factor <= 1 or length is None:
            approx = dict(
                type=f"Linear{kind}",
                start_factor=1.0,
                end_factor=min(max(factor or 0.0, 0.0), 1.0),
                **window,
            )
            return Plan(
                [approx],
                False,
                "linear annealing to an absolute minimum with per-group bases, an increasing target, or counted in iterations under an EpochBasedRunner",
            )
        return Plan(
            [dict(type=f"Linear{kind}", start_factor=1.0, end_factor=factor, **window)]
        )
    if policy == "YOLOX":
        # Closest stock shape: cosine to the floor, flat for the last epochs.
        name, value = _target(args, p)
        flat = args["num_last_epochs"]
        window = unit.span()
        window["end"] = unit.length - flat
        approx = dict(
            type="CosineAnnealingLR",
            T_max=unit.length - flat,
            **{name: value},
            **window,
        )
        return Plan(
            [approx],
            False,
            "MMDet's YOLOX policy (quadratic warm-up from the base lr, cosine counted from the end of the warm-up) has no stock scheduler",
            False,
        )
    if policy == "OneCycle" and kind == "LR":
        sched = dict(type="OneCycleLR", eta_max=args["max_lr"], pct_start=args["pct_start"],
                     anneal_strategy=args["anneal_strategy"], div_factor=args["div_factor"],
                     final_div_factor=args["final_div_factor"], three_phase=args["three_phase"])  # fmt: skip
        if args.get("total_steps") is not None:
            # Already in iterations: keep the scheduler iteration-based.
            sched["total_steps"] = args["total_steps"]
            sched.update(unit.steps())
        else:
            sched.update(unit.span())
        if isinstance(args["max_lr"], dict):
            return Plan([], False, "one-cycle with per-optimizer max_lr", False)
        if isinstance(args["max_lr"], (list, tuple)) and len(args["max_lr"]) > 1:
            # Several param groups: MMEngine's OneCycleLR also wants a value
            # for the OptimWrapper's extra base_param_settings group.
            sched["eta_max"] = list(args["max_lr"]) + [args["max_lr"][0]]
        return Plan([sched], True, "", False)
    if (
        policy == "Cyclic"
        and kind == "LR"
        and args["cyclic_times"] == 1
        and args["gamma"] == 1
    ):
        high, low = args["target_ratio"]
        approx = dict(type="OneCycleLR", eta_max=None, pct_start=float(args["step_ratio_up"]), anneal_strategy=args["anneal_strategy"],
                      div_factor=high, final_div_factor=high / low, **unit.span())  # fmt: skip
        return Plan([approx], False, "Cyclic has no stock scheduler", False)
    # Cyclic (other), OneCycle/Cyclic momentum: nothing stock comes close.
    return Plan([], False, f"{policy} {p} has no stock scheduler", False)


def _step_stock(kind: str, args: dict, unit: Unit) -> list[dict]:
    step = args["step"]
    if isinstance(step, int):
        return [
            dict(
                type=f"Step{kind}", step_size=step, gamma=args["gamma"], **unit.steps()
            )
        ]
    return [
        dict(
            type=f"MultiStep{kind}",
            milestones=list(step),
            gamma=args["gamma"],
            **unit.steps(),
        )
    ]


def plan_warmup(
    kind: str, warmup: str | None, iters: int, ratio: float, by_epoch: bool
) -> Plan:
    """Stock schedulers for MMCV's warm-up (always applied per iteration)."""
    if warmup is None or ratio == 1:
        return Plan()
    if kind == "Momentum":
        return Plan(
            [],
            False,
            "momentum warm-up divides by the factor: no stock scheduler",
            False,
        )
    if warmup == "constant":
        if by_epoch:
            return Plan(
                [
                    dict(
                        type="ConstantLR",
                        factor=ratio,
                        by_epoch=True,
                        begin=0,
                        end=iters + 1,
                    )
                ]
            )
        return Plan(
            [
                dict(
                    type="ConstantLR",
                    factor=ratio,
                    by_epoch=False,
                    begin=0,
                    end=iters + 1,
                )
            ]
        )
    if warmup == "linear":
        if by_epoch:
            approx = dict(
                type="LinearLR",
                start_factor=ratio,
                by_epoch=True,
                begin=0,
                end=iters,
                convert_to_iter_based=True,
            )
            return Plan(
                [approx],
                False,
                "linear warm-up counted in epochs (its slope depends on the epoch length)",
            )
        return Plan(
            [
                dict(
                    type="LinearLR",
                    start_factor=ratio,
                    by_epoch=False,
                    begin=0,
                    end=iters + 1,
                )
            ]
        )
    # exp: ratio ** (1 - i / W) is geometric but starts below 1 and must end
    # at exactly 1, which no stock pair of schedulers does.
    approx = dict(
        type="LinearLR",
        start_factor=ratio,
        by_epoch=by_epoch,
        begin=0,
        end=iters if by_epoch else iters + 1,
    )
    if by_epoch:
        approx["convert_to_iter_based"] = True
    return Plan([approx], False, "exp warm-up has no stock scheduler")


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
        elif default is _ANY:
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
