"""Schedulers that replay an MMCV 1.x ``lr_config``/``momentum_config``
exactly (MMCV's policies, plus MMDet 2.x's ``YOLOX`` policy, an
``LrUpdaterHook`` subclass that the MMDet 2.x configs use).

Stock MMEngine schedulers express most MMCV schedules exactly (``mmcompat
convert`` uses them where they do), but not all: a linear warm-up counted in
epochs (its slope depends on the epoch length), MMCV's warm-up factor
multiplied into a cosine/poly decay with a non-zero minimum, ``min_lr``
clipping, the inv and Cyclic policies, momentum warm-up, iteration-counted
poly under an epoch-based loop, ... ``MMCVLrPolicy`` and
``MMCVMomentumPolicy`` take the legacy dict verbatim and compute MMCV's value
for every iteration in closed form::

    param_scheduler = [
        dict(type='MMCVLrPolicy',
             lr_config=dict(policy='poly', power=0.9, min_lr=1e-4,
                            by_epoch=False, warmup='linear',
                            warmup_iters=500, warmup_ratio=0.1),
             by_epoch=True, convert_to_iter_based=True),
    ]

Under an epoch-based loop they are written ``by_epoch=True,
convert_to_iter_based=True`` so that the builder passes the epoch length
(MMCV's epoch progress and ``warmup_by_epoch`` need it) and ``end``
(default: the loop's ``max_epochs``) becomes ``max_iters``; they then step
every iteration. Under an iteration-based loop they are ``by_epoch=False``.

MMCV's value at iteration ``i`` (``e = i // epoch_length``): the regular
value ``f(base, progress, max_progress)`` (``progress``/``max_progress`` are
``e``/``max_epochs`` when the policy's ``by_epoch`` is True, else
``i``/``max_iters``), multiplied during warm-up (``i < warmup_iters``) by the
warm-up factor (lr) or divided by it (momentum).

A policy MMCV does not define is a downstream library's: MMCV 1.x built
``lr_config=dict(policy='Linear', ...)`` as the ``LinearLrUpdaterHook`` that
the library registered in ``mmcv.runner.HOOKS`` (an ``LrUpdaterHook``
subclass). These schedulers run such a class as it ran under MMCV: built
with the config's arguments and driven, iteration by iteration, through its
``before_run`` / ``before_train_epoch`` / ``before_train_iter`` points
against the training progress (``epoch``, ``iter``, ``max_epochs``,
``max_iters``, ``data_loader`` for the epoch length) and a copy of the param
groups; the value it sets is the scheduler's. The class is looked up when
the scheduler is built, so the code that registers it must be imported by
then (``custom_imports``; ``mmcompat train`` imports code written against
MMCV 1.x under the legacy overlay, as ``mmcompat run`` does). A policy that reads anything else from the runner (a
plateau policy reading the losses) is reported by name.
"""

from __future__ import annotations

import math
from types import SimpleNamespace
from typing import Any, Callable

from mmcompat.registry import HOOKS, PARAM_SCHEDULERS
from mmcompat.tables.mmcv_policies import (
    POLICIES,
    canonical_policy,
    policy_hook_name,
    with_defaults,
)

from .lr_scheduler import LRSchedulerMixin
from .momentum_scheduler import MomentumSchedulerMixin
from .param_scheduler import INF, _ParamScheduler

__all__ = [
    "MMCVPolicyParamScheduler",
    "MMCVLrPolicy",
    "MMCVMomentumPolicy",
    "mmcv_policy_value",
    "annealing_cos",
    "annealing_linear",
    "ANNEALING",
    "anneal_target",
    "warmup_factor",
    "steps_passed",
    "step_value",
    "exp_value",
    "poly_value",
    "inv_value",
    "flat_cosine_value",
    "cumulative_periods",
    "get_position_from_periods",
    "cosine_restart_value",
    "cyclic_target_ratio",
    "cyclic_phases",
    "cyclic_value",
    "one_cycle_phases",
    "one_cycle_value",
    "library_policy_class",
]


# -- MMCV's formulas, shared with the legacy updater hooks ---------------------
# (``mmcompat.legacy``'s ``LrUpdaterHook`` classes compute with these, so each
# is written once; the float operations are MMCV's, in MMCV's order)


def annealing_cos(start: float, end: float, factor: float, weight: float = 1) -> float:
    """MMCV's ``annealing_cos``: from ``weight*start + (1-weight)*end`` to
    ``end`` as ``factor`` goes 0 -> 1 (``weight``: CosineRestart's restart
    weights)."""
    return end + 0.5 * weight * (start - end) * (math.cos(math.pi * factor) + 1)


def annealing_linear(start: float, end: float, factor: float) -> float:
    """MMCV's ``annealing_linear``: straight from ``start`` (factor 0) to
    ``end`` (factor 1)."""
    return start + (end - start) * factor


#: ``anneal_strategy`` -> the annealing function
ANNEALING: dict[str, Callable[..., float]] = {
    "cos": annealing_cos,
    "linear": annealing_linear,
}


def anneal_target(base: float, minimum: float | None, ratio: float | None) -> float:
    """Where an annealing policy ends: ``base * min_*_ratio`` when the ratio
    is given, else ``min_*``."""
    return base * ratio if ratio is not None else minimum


def warmup_factor(
    warmup: str, cur_iters: int, warmup_iters: int, ratio: float
) -> float:
    """MMCV's warm-up factor at ``cur_iters`` (the lr is multiplied by it, the
    momentum divided)."""
    if warmup == "constant":
        return ratio
    if warmup == "linear":
        return 1 - (1 - cur_iters / warmup_iters) * (1 - ratio)
    if warmup == "exp":
        return ratio ** (1 - cur_iters / warmup_iters)
    raise ValueError(f"unknown warm-up {warmup!r}")


def steps_passed(step: int | list, progress: int) -> int:
    """How many decays a step policy has applied at ``progress``: one every
    ``step`` epochs/iterations, or one per milestone passed."""
    if isinstance(step, int):
        return progress // step
    for i, s in enumerate(step):
        if progress < s:
            return i
    return len(step)


def step_value(
    base: float, step: int | list, gamma: float, minimum: float | None, progress: int
) -> float:
    """The Step policy: ``base * gamma ** k`` after ``k`` steps, floored at
    ``minimum`` (when given)."""
    value = base * gamma ** steps_passed(step, progress)
    return max(value, minimum) if minimum is not None else value


def exp_value(base: float, gamma: float, progress: int) -> float:
    """The Exp policy."""
    return base * gamma**progress


def poly_value(
    base: float, power: float, min_lr: float, progress: int, max_progress: int
) -> float:
    """The Poly policy: from ``base`` down to ``min_lr``."""
    decay = (1 - progress / max_progress) ** power
    return (base - min_lr) * decay + min_lr


def inv_value(base: float, gamma: float, power: float, progress: int) -> float:
    """The Inv policy."""
    return base * (1 + gamma * progress) ** (-power)


def flat_cosine_value(
    base: float, target: float, start_percent: float, progress: int, max_progress: int
) -> float:
    """The FlatCosineAnnealing policy: ``base`` for the first
    ``start_percent`` of training, then a cosine to ``target``."""
    start = round(max_progress * start_percent)
    if progress - start < 0:
        return base
    return annealing_cos(base, target, (progress - start) / (max_progress - start))


def cumulative_periods(periods: list) -> list:
    """CosineRestart's period ends: the running sums of ``periods``."""
    return [sum(periods[: i + 1]) for i in range(len(periods))]


def get_position_from_periods(iteration: int, cumulative_periods: list) -> int:
    """MMCV's ``get_position_from_periods``: the index of the first period
    whose cumulative end is beyond ``iteration``."""
    for i, period in enumerate(cumulative_periods):
        if iteration < period:
            return i
    raise ValueError(
        f"Current iteration {iteration} exceeds cumulative_periods {cumulative_periods}"
    )


def cosine_restart_value(
    base: float,
    target: float,
    periods: list,
    cumulative: list,
    restart_weights: list,
    progress: int,
) -> float:
    """The CosineRestart policy: a cosine to ``target`` restarted after each
    of ``periods`` (``cumulative``: their ends), the restart amplitude scaled
    by ``restart_weights``."""
    idx = get_position_from_periods(progress, cumulative)
    restart = 0 if idx == 0 else cumulative[idx - 1]
    alpha = min((progress - restart) / periods[idx], 1)
    return annealing_cos(base, target, alpha, restart_weights[idx])


def cyclic_target_ratio(ratio: float | tuple) -> tuple:
    """The Cyclic policy's ``target_ratio`` as a pair (a single ratio ``r``
    is ``(r, r / 1e5)``)."""
    if isinstance(ratio, float):
        return (ratio, ratio / 1e5)
    if len(ratio) == 1:
        return (ratio[0], ratio[0] / 1e5)
    return ratio


def cyclic_phases(step_ratio_up: float, per_phase: int, target_ratio: tuple) -> list:
    """The Cyclic policy's phases within one cycle of ``per_phase``
    iterations: ``[start_iter, end_iter, start_ratio, end_ratio]``, up to
    ``target_ratio[0]`` and then to ``target_ratio[1]``."""
    up = int(step_ratio_up * per_phase)
    low, high = target_ratio
    return [[0, up, 1, low], [up, per_phase, low, high]]


def cyclic_value(
    phases: list,
    per_phase: int,
    gamma: float,
    anneal: Callable[..., float],
    base: float,
    it: int,
) -> float | None:
    """The Cyclic policy's value at iteration ``it`` (each later cycle's
    amplitude shrunk by ``gamma``); None outside every phase."""
    cur = it % per_phase
    scale = gamma ** (it // per_phase)
    for start_iter, end_iter, start_ratio, end_ratio in phases:
        if start_iter <= cur < end_iter:
            if start_iter == 0:
                end_ratio = 1 - scale + end_ratio * scale
            else:
                start_ratio = 1 - scale + start_ratio * scale
            return anneal(
                base * start_ratio,
                base * end_ratio,
                (cur - start_iter) / (end_iter - start_iter),
            )
    return None


def one_cycle_phases(
    pct_start: float, total: int, three_phase: bool, start: Any, peak: Any, end: Any
) -> list:
    """The OneCycle policy's phases over ``total`` iterations: ``[end_iter,
    start_value, end_value]``, from ``start`` to ``peak`` over ``pct_start``
    of them, then to ``end`` (``three_phase``: back to ``start``, then to
    ``end``). The values may be ratios (lr) or group keys (MMCV's momentum)."""
    up_end = float(pct_start * total) - 1
    if three_phase:
        return [
            [up_end, start, peak],
            [float(2 * pct_start * total) - 2, peak, start],
            [total - 1, start, end],
        ]
    return [[up_end, start, peak], [total - 1, peak, end]]


def one_cycle_value(
    phases: list, anneal: Callable[..., float], it: int, hold_last: bool = False
) -> float | None:
    """The OneCycle policy's value at iteration ``it`` (``phases``:
    ``(end_iter, start_value, end_value)``); None past the last phase, unless
    ``hold_last`` (MMCV's momentum) extends it."""
    start: float = 0
    for i, (end, v0, v1) in enumerate(phases):
        if it <= end or (hold_last and i == len(phases) - 1):
            return anneal(v0, v1, (it - start) / (end - start))
        start = end
    return None


def _target(args: dict, base: float, kind: str) -> float:
    return anneal_target(base, args[f"min_{kind}"], args[f"min_{kind}_ratio"])


def mmcv_policy_value(
    kind: str,
    policy: str,
    args: dict,
    base: float,
    it: int,
    epoch_length: int | None,
    max_iters: int,
) -> float:
    """MMCV's regular (pre-warm-up) value of ``policy`` at iteration ``it``.

    ``kind`` is ``'lr'`` or ``'momentum'``; ``args`` the policy's arguments
    with MMCV's defaults filled in (:func:`~mmcompat.tables.mmcv_policies.
    with_defaults`); ``base`` the param group's initial value.
    """
    if args["by_epoch"]:
        if not epoch_length:
            raise ValueError(
                f"policy {policy!r} with by_epoch=True needs the epoch length"
            )
        progress, max_progress = it // epoch_length, max_iters // epoch_length
    else:
        progress, max_progress = it, max_iters
    if policy == "Fixed":
        return base
    if policy == "Step":
        floor = args[f"min_{kind}"]
        return step_value(base, args["step"], args["gamma"], floor, progress)
    if policy == "Exp":
        return exp_value(base, args["gamma"], progress)
    if policy == "Poly":
        return poly_value(base, args["power"], args["min_lr"], progress, max_progress)
    if policy == "Inv":
        return inv_value(base, args["gamma"], args["power"], progress)
    if policy == "CosineAnnealing":
        return annealing_cos(base, _target(args, base, kind), progress / max_progress)
    if policy == "LinearAnnealing":
        return annealing_linear(
            base, _target(args, base, kind), progress / max_progress
        )
    if policy == "FlatCosineAnnealing":
        target = _target(args, base, kind)
        return flat_cosine_value(
            base, target, args["start_percent"], progress, max_progress
        )
    if policy == "CosineRestart":
        periods = args["periods"]
        return cosine_restart_value(
            base,
            _target(args, base, kind),
            periods,
            cumulative_periods(periods),
            args["restart_weights"],
            progress,
        )
    if policy == "Cyclic":
        return _cyclic(args, base, it, max_iters)
    if policy == "OneCycle":
        return _one_cycle(kind, args, base, it, max_iters)
    raise ValueError(f"unknown MMCV {kind} policy {policy!r}")


def _cyclic(args: dict, base: float, it: int, max_iters: int) -> float:
    ratio = cyclic_target_ratio(args["target_ratio"])
    per_phase = max_iters // args["cyclic_times"]
    phases = cyclic_phases(args["step_ratio_up"], per_phase, ratio)
    anneal = ANNEALING[args["anneal_strategy"]]
    value = cyclic_value(phases, per_phase, args["gamma"], anneal, base, it)
    if value is None:
        raise ValueError(f"Cyclic: iteration {it} is outside every phase")
    return value


def _one_cycle(kind: str, args: dict, base: Any, it: int, max_iters: int) -> float:
    anneal = ANNEALING[args["anneal_strategy"]]
    three = args["three_phase"]
    pct = args["pct_start"]
    if kind == "lr":
        total = args["total_steps"] or max_iters
        ratios = one_cycle_phases(
            pct, total, three, 1, args["div_factor"], 1 / args["final_div_factor"]
        )
        phases = [(end, base * r0, base * r1) for end, r0, r1 in ratios]
        value = one_cycle_value(phases, anneal, it)
        if value is None:
            raise ValueError(f"OneCycle: iteration {it} is past total_steps={total}")
        return value
    low, high = base  # (base_momentum, max_momentum)
    phases = one_cycle_phases(pct, max_iters, three, high, low, high)
    return one_cycle_value(phases, anneal, it, hold_last=True)


def library_policy_class(param_name: str, policy: str) -> type:
    """The updater hook class a library registered for ``policy`` (MMCV's
    naming: ``'Linear'`` -> ``LinearLrUpdaterHook`` in ``mmcv.runner.HOOKS``).

    Raises ValueError naming the class when nothing registered it.
    """
    name = policy_hook_name(param_name, policy)
    hook_class = HOOKS.get(f"mmcv.{name}")
    if hook_class is None:
        raise ValueError(
            f"{param_name} policy {policy!r} is not an MMCV policy and no "
            f"{name} is registered in mmcv.runner.HOOKS: import the code that "
            "registers it first (custom_imports)"
        )
    return hook_class


class _Progress(SimpleNamespace):
    """The runner as a library's updater hook sees it when driven as a
    scheduler: the training progress and a copy of the param groups."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        raise AttributeError(
            f"{self.hook_name} reads runner.{name}: as a parameter scheduler it "
            "sees the training progress only (epoch, iter, inner_iter, "
            "max_epochs, max_iters, data_loader, optimizer); register it as a "
            "hook instead (custom_hooks)"
        )


class _LibraryPolicy:
    """A library's updater hook driven through MMCV's hook points, one
    iteration at a time (replayed from the start to go back)."""

    def __init__(
        self,
        hook_class: type,
        arguments: dict,
        param_name: str,
        epoch_length: int | None,
        max_iters: int,
    ) -> None:
        self.hook_class = hook_class
        self.arguments = arguments
        self.param_name = param_name
        self.epoch_length = epoch_length
        self.max_iters = max_iters
        self.driven = -1

    def value(self, groups: list, bases: list, it: int) -> list:
        """The value the hook sets in each group for iteration ``it``."""
        if it < self.driven or self.driven == -1:
            self._start(groups, bases)
        length = self.epoch_length
        for i in range(self.driven + 1, it + 1):
            if length and i % length == 0:
                # an IterBasedRunner never called before_train_epoch
                self.runner.epoch = i // length
                self.hook.before_train_epoch(self.runner)
            self.runner.iter = i
            self.runner.inner_iter = i % length if length else i
            self.hook.before_train_iter(self.runner)
        self.driven = it
        return [group[self.param_name] for group in self.runner.optimizer.param_groups]

    def _start(self, groups: list, bases: list) -> None:
        shadow = []
        for group, base in zip(groups, bases):
            copy = {k: v for k, v in group.items() if k != "params"}
            copy[self.param_name] = base
            copy.pop(f"initial_{self.param_name}", None)
            if self.param_name == "momentum" and "betas" in copy:
                copy["betas"] = (base, copy["betas"][1])
            shadow.append(copy)
        length = self.epoch_length
        self.runner = _Progress(
            hook_name=self.hook_class.__name__,
            optimizer=SimpleNamespace(param_groups=shadow),
            data_loader=range(length) if length else None,
            max_iters=self.max_iters,
            max_epochs=self.max_iters // length if length else None,
            epoch=0,
            iter=0,
            inner_iter=0,
        )
        self.hook = self.hook_class(**self.arguments)
        self.hook.before_run(self.runner)
        self.driven = -1


class MMCVPolicyParamScheduler(_ParamScheduler):
    """Replays an MMCV lr/momentum updater hook config (see module docs).

    Args:
        optimizer: the optimizer or OptimWrapper.
        param_name: ``'lr'`` or ``'momentum'``.
        legacy: the MMCV config (``policy`` plus its arguments, warm-up
            arguments and the policy's ``by_epoch``).
        epoch_length: iterations per epoch (set by ``build_iter_from_epoch``;
            needed for epoch-counted policies and ``warmup_by_epoch``).
        begin, end, last_step, by_epoch, verbose: as for every scheduler;
            ``end - begin`` is the number of training iterations (MMCV's
            ``max_iters``).
    """

    def __init__(
        self,
        optimizer: Any,
        param_name: str,
        legacy: dict,
        epoch_length: int | None = None,
        begin: int = 0,
        end: int = INF,
        last_step: int = -1,
        by_epoch: bool = False,
        verbose: bool = False,
    ) -> None:
        if not isinstance(legacy, dict) or "policy" not in legacy:
            raise ValueError(
                f"{type(self).__name__}: expected the legacy config dict with `policy`, got {legacy!r}"
            )
        if by_epoch:
            raise ValueError(
                f"{type(self).__name__} steps every iteration: write it with "
                "by_epoch=False, or by_epoch=True and convert_to_iter_based=True"
            )
        if end == INF:
            raise ValueError(
                f"{type(self).__name__} needs `end` (the training length); build it through the runner"
            )
        self.policy = canonical_policy(legacy["policy"])
        self.epoch_length = epoch_length
        self.max_iters = end - begin
        self.library: _LibraryPolicy | None = None
        if self.policy in POLICIES[param_name]:
            self._mmcv_policy(optimizer, param_name, legacy)
        else:
            self.legacy = dict(legacy)
            self.library = _LibraryPolicy(
                library_policy_class(param_name, legacy["policy"]),
                {k: v for k, v in legacy.items() if k != "policy"},
                param_name,
                epoch_length,
                self.max_iters,
            )
        super().__init__(
            optimizer,
            param_name,
            begin=begin,
            end=end,
            last_step=last_step,
            by_epoch=False,
            verbose=verbose,
        )

    def _mmcv_policy(self, optimizer: Any, param_name: str, legacy: dict) -> None:
        """MMCV's own policy: its defaults, the warm-up in iterations, the
        one-cycle bases."""
        self.legacy = with_defaults(param_name, legacy)
        warmup_by_epoch = self.legacy["warmup_by_epoch"]
        self.warmup = self.legacy["warmup"]
        self.warmup_ratio = self.legacy["warmup_ratio"]
        self.warmup_iters = self.legacy["warmup_iters"]
        # MMCV converts warmup epochs to iterations at the first epoch,
        # whether or not a warm-up is set (MMDet's YOLOX policy reads it).
        if warmup_by_epoch and (self.warmup is not None or self.policy == "YOLOX"):
            if not self.epoch_length:
                raise ValueError(
                    f"{type(self).__name__}: warmup_by_epoch needs the epoch length"
                )
            self.warmup_iters = self.warmup_iters * self.epoch_length
        if self.policy == "OneCycle" and param_name == "lr":
            self._one_cycle_lr_bases(optimizer)
        if self.policy == "OneCycle" and param_name == "momentum":
            self._one_cycle_momentum_bases(optimizer)

    def _per_group(self, optimizer: Any, value: Any) -> list:
        groups = optimizer.param_groups
        if isinstance(value, (list, tuple)):
            value = list(value)
            if (
                getattr(optimizer, "base_param_settings", None) is not None
                and len(value) == len(groups) - 1
            ):
                # MMCV counted the real param groups; an OptimWrapper with
                # several groups also lists its base settings last.
                value.append(value[0])
            if len(value) != len(groups):
                raise ValueError(
                    f"expected {len(groups)} values (one per param group), got {value!r}"
                )
            return list(value)
        if isinstance(value, dict):
            raise ValueError(
                "per-optimizer dict values: give each optimizer its own scheduler"
            )
        return [value] * len(groups)

    def _one_cycle_lr_bases(self, optimizer: Any) -> None:
        # MMCV's OneCycle starts from max_lr / div_factor, not the optimizer lr.
        div = self.legacy["div_factor"]
        for group, max_lr in zip(
            optimizer.param_groups, self._per_group(optimizer, self.legacy["max_lr"])
        ):
            group.setdefault("initial_lr", max_lr / div)

    def _one_cycle_momentum_bases(self, optimizer: Any) -> None:
        # MMCV overwrites the momentum with max_momentum before training.
        lows = self._per_group(optimizer, self.legacy["base_momentum"])
        highs = self._per_group(optimizer, self.legacy["max_momentum"])
        for group, low, high in zip(optimizer.param_groups, lows, highs):
            group["base_momentum"], group["max_momentum"] = low, high
            group["momentum"] = high
            if "betas" in group:
                group["betas"] = (high, group["betas"][1])

    @classmethod
    def build_iter_from_epoch(
        cls,
        *args: Any,
        begin: int = 0,
        end: int = INF,
        by_epoch: bool = True,
        epoch_length: int | None = None,
        **kwargs: Any,
    ) -> _ParamScheduler:
        if epoch_length is None or epoch_length <= 0:
            raise ValueError(
                f"{cls.__name__}: `epoch_length` must be a positive integer, got {epoch_length!r}"
            )
        if end == INF:
            raise ValueError(
                f"{cls.__name__} needs `end` (max_epochs); build it through the runner"
            )
        return cls(
            *args,
            epoch_length=epoch_length,
            begin=int(begin * epoch_length),
            end=int(end * epoch_length),
            by_epoch=False,
            **kwargs,
        )

    def _value(self, group_index: int, base: Any) -> float:
        it = self.last_step
        if self.policy == "YOLOX":
            return self._yolox_value(base, it)
        regular = mmcv_policy_value(
            self.param_name,
            self.policy,
            self.legacy,
            base,
            it,
            self.epoch_length,
            self.max_iters,
        )
        if self.warmup is None or it >= self.warmup_iters:
            return regular
        factor = warmup_factor(self.warmup, it, self.warmup_iters, self.warmup_ratio)
        return regular * factor if self.param_name == "lr" else regular / factor

    def _yolox_value(self, base: float, it: int) -> float:
        """MMDet 2.x's ``YOLOXLrUpdaterHook`` (a CosineAnnealingLrUpdaterHook
        subclass): a quadratic warm-up from the *base* lr, ``(i + 1) / W``
        squared, then a cosine whose progress is counted from 1 and measured
        from the end of the warm-up, held at the minimum for the last
        ``num_last_epochs`` epochs."""
        if not self.epoch_length:
            raise ValueError("the YOLOX policy needs the epoch length")
        if self.warmup is not None and it < self.warmup_iters:
            return base * self.warmup_ratio * ((it + 1) / self.warmup_iters) ** 2
        last_iter = self.epoch_length * self.legacy["num_last_epochs"]
        if self.legacy["by_epoch"]:
            progress = it // self.epoch_length
            max_progress = self.max_iters // self.epoch_length
        else:
            progress, max_progress = it, self.max_iters
        progress += 1
        target = _target(self.legacy, base, "lr")
        if progress >= max_progress - last_iter:
            return target
        return annealing_cos(
            base,
            target,
            (progress - self.warmup_iters)
            / (max_progress - self.warmup_iters - last_iter),
        )

    def state_dict(self) -> dict:
        """As every scheduler's, without a library policy's hook object (it
        is rebuilt and replayed from the config)."""
        state = super().state_dict()
        state.pop("library", None)
        return state

    def _get_value(self) -> list:
        if self.library is not None:
            return self.library.value(
                self.optimizer.param_groups, self.base_values, self.last_step
            )
        values = []
        for i, group in enumerate(self.optimizer.param_groups):
            if self.policy == "OneCycle" and self.param_name == "momentum":
                base: Any = (group["base_momentum"], group["max_momentum"])
            else:
                base = self.base_values[i]
            values.append(self._value(i, base))
        return values

    _get_closed_form = _get_value


@PARAM_SCHEDULERS.register_module()
class MMCVLrPolicy(LRSchedulerMixin, MMCVPolicyParamScheduler):
    """MMCV ``lr_config`` replayed exactly: ``MMCVLrPolicy(lr_config=...)``."""

    def __init__(self, optimizer: Any, lr_config: dict, **kwargs: Any) -> None:
        super().__init__(optimizer, legacy=lr_config, **kwargs)


@PARAM_SCHEDULERS.register_module()
class MMCVMomentumPolicy(MomentumSchedulerMixin, MMCVPolicyParamScheduler):
    """MMCV ``momentum_config`` replayed exactly (``betas[0]`` for Adam)."""

    def __init__(self, optimizer: Any, momentum_config: dict, **kwargs: Any) -> None:
        super().__init__(optimizer, legacy=momentum_config, **kwargs)
