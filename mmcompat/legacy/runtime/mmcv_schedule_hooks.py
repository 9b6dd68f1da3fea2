"""MMCV 1.x ``LrUpdaterHook`` / ``MomentumUpdaterHook`` and their policies.

These are legacy hooks (:class:`~.hooks.Hook` subclasses): registered with
``runner.register_hook(...)`` (or passed to ``register_training_hooks`` as
objects) they run through :class:`~.hooks.LegacyHookAdapter` and set the
raw optimizer's ``lr`` / ``momentum`` themselves, at MMCV's points:

- ``before_run``: every param group gets ``initial_lr`` (its current lr,
  unless already set), the base lrs;
- ``before_train_epoch``: an epoch-based policy sets the epoch's lr (and a
  warm-up given in epochs becomes iterations);
- ``before_train_iter``: an iteration-based policy sets the iteration's lr;
  the warm-up overrides the regular lr for its first iterations.

The lr of a param group at any point is ``get_lr(runner, base_lr)``, so a
downstream subclass overriding ``get_lr`` (the generic path for policies
mmcompat does not know) trains exactly as with MMCV. Config-given
``lr_config`` dicts keep going through ``translate()`` (param schedulers).

The formulas are :mod:`mmcompat.optim.scheduler.mmcv_exact`'s, the ones the
``MMCVLrPolicy`` / ``MMCVMomentumPolicy`` schedulers compute with (MMCV's
public ``annealing_cos``, ``annealing_linear`` and
``get_position_from_periods`` call them); the classes here keep MMCV's
attributes and read them at every call.
"""

from __future__ import annotations

import numbers
from typing import Any, Callable, Optional, Union

from mmcompat.optim.scheduler import mmcv_exact
from mmcompat.optim.scheduler.mmcv_exact import (
    anneal_target,
    cosine_restart_value,
    cumulative_periods,
    cyclic_phases,
    cyclic_target_ratio,
    cyclic_value,
    exp_value,
    flat_cosine_value,
    inv_value,
    one_cycle_phases,
    one_cycle_value,
    poly_value,
    step_value,
    warmup_factor,
)

from .hooks import HOOKS, Hook

__all__ = [
    "annealing_cos",
    "annealing_linear",
    "format_param",
    "get_position_from_periods",
    "LrUpdaterHook",
    "FixedLrUpdaterHook",
    "StepLrUpdaterHook",
    "ExpLrUpdaterHook",
    "PolyLrUpdaterHook",
    "InvLrUpdaterHook",
    "CosineAnnealingLrUpdaterHook",
    "FlatCosineAnnealingLrUpdaterHook",
    "CosineRestartLrUpdaterHook",
    "CyclicLrUpdaterHook",
    "OneCycleLrUpdaterHook",
    "LinearAnnealingLrUpdaterHook",
    "MomentumUpdaterHook",
    "StepMomentumUpdaterHook",
    "CosineAnnealingMomentumUpdaterHook",
    "LinearAnnealingMomentumUpdaterHook",
    "CyclicMomentumUpdaterHook",
    "OneCycleMomentumUpdaterHook",
]

_WARMUPS = ("constant", "linear", "exp")


def annealing_cos(start: float, end: float, factor: float, weight: float = 1) -> float:
    """Cosine from ``start`` (factor 0) to ``end`` (factor 1); ``weight``
    scales the amplitude (CosineRestart's restart weights)."""
    return mmcv_exact.annealing_cos(start, end, factor, weight)


def annealing_linear(start: float, end: float, factor: float) -> float:
    """Straight line from ``start`` (factor 0) to ``end`` (factor 1)."""
    return mmcv_exact.annealing_linear(start, end, factor)


def get_position_from_periods(iteration: int, cumulative_periods: list) -> int:
    """Index of the first period whose cumulative end is beyond
    ``iteration``."""
    return mmcv_exact.get_position_from_periods(iteration, cumulative_periods)


def format_param(name: str, optim: Any, param: Any) -> list:
    """One value per param group of ``optim`` (``param``: a number, one value
    per group, or a dict keyed by optimizer name)."""
    if isinstance(param, numbers.Number):
        return [param] * len(optim.param_groups)
    if isinstance(param, (list, tuple)):
        if len(param) != len(optim.param_groups):
            raise ValueError(
                f"expected {len(optim.param_groups)} values for {name}, "
                f"got {len(param)}"
            )
        return list(param)
    if name not in param:
        raise KeyError(f"{name} is not found in {param.keys()}")
    return param[name]


def _progress(hook: Any, runner: Any) -> tuple[int, int]:
    if hook.by_epoch:
        return runner.epoch, runner.max_epochs
    return runner.iter, runner.max_iters


def _each_optimizer(runner: Any) -> list[tuple[Optional[str], Any]]:
    optimizer = runner.optimizer
    if isinstance(optimizer, dict):
        return list(optimizer.items())
    return [(None, optimizer)]


def _per_optimizer(values: Any, key: Optional[str]) -> list:
    return values[key] if key is not None else values


def _map_groups(runner: Any, values: Any, fn: Callable[[float], float]) -> Any:
    """``fn`` applied to every per-group value, in the shape of
    ``runner.optimizer`` (a list, or a dict of lists)."""
    if isinstance(runner.optimizer, dict):
        return {k: [fn(v) for v in values[k]] for k in runner.optimizer}
    return [fn(v) for v in values]


def _map_values(values: Any, fn: Callable[[float], float]) -> Any:
    """``fn`` applied to every value of a list, or of each list of a dict."""
    if isinstance(values, dict):
        return {k: [fn(v) for v in v_list] for k, v_list in values.items()}
    return [fn(v) for v in values]


class _ScheduleHook(Hook):
    """What the lr and momentum updaters share: the warm-up bookkeeping and
    when the regular/warm-up values are applied."""

    _default_warmup_ratio = 0.1

    def __init__(
        self,
        by_epoch: bool = True,
        warmup: Optional[str] = None,
        warmup_iters: int = 0,
        warmup_ratio: Optional[float] = None,
        warmup_by_epoch: bool = False,
    ) -> None:
        if warmup_ratio is None:
            warmup_ratio = self._default_warmup_ratio
        if warmup is not None:
            if warmup not in _WARMUPS:
                raise ValueError(
                    f'"{warmup}" is not a supported type for warming up, valid '
                    'types are "constant", "linear" and "exp"'
                )
            if warmup_iters <= 0:
                raise ValueError('"warmup_iters" must be a positive integer')
            if not 0 < warmup_ratio <= 1.0:
                raise ValueError('"warmup_ratio" must be in range (0,1]')
        self.by_epoch = by_epoch
        self.warmup = warmup
        self.warmup_iters: Optional[int] = warmup_iters
        self.warmup_ratio = warmup_ratio
        self.warmup_by_epoch = warmup_by_epoch
        if warmup_by_epoch:
            self.warmup_epochs = warmup_iters
            self.warmup_iters = None

    # the subclasses say which optimizer field they drive
    def _regular(self, runner: Any) -> Any:
        raise NotImplementedError

    def _warmup(self, cur_iters: int, regular: Any) -> Any:
        raise NotImplementedError

    def _apply(self, runner: Any, values: Any) -> None:
        raise NotImplementedError

    def before_train_epoch(self, runner: Any) -> None:
        if self.warmup_iters is None:
            self.warmup_iters = self.warmup_epochs * len(runner.data_loader)
        if not self.by_epoch:
            return
        self.regular = self._regular(runner)
        self._apply(runner, self.regular)

    def before_train_iter(self, runner: Any) -> None:
        cur_iter = runner.iter
        if not self.by_epoch:
            self.regular = self._regular(runner)
            if self.warmup is None or cur_iter >= self.warmup_iters:
                self._apply(runner, self.regular)
            else:
                self._apply(runner, self._warmup(cur_iter, self.regular))
        elif self.warmup is not None and cur_iter <= self.warmup_iters:
            if cur_iter == self.warmup_iters:
                self._apply(runner, self.regular)
            else:
                self._apply(runner, self._warmup(cur_iter, self.regular))


class LrUpdaterHook(_ScheduleHook):
    """MMCV's ``LrUpdaterHook``: subclasses define ``get_lr(runner,
    base_lr)``.

    Args:
        by_epoch: lr changes per epoch (else per iteration).
        warmup: ``'constant'``, ``'linear'``, ``'exp'`` or None.
        warmup_iters: warm-up length in iterations (epochs when
            ``warmup_by_epoch``).
        warmup_ratio: the warm-up starts at ``warmup_ratio * lr``.
        warmup_by_epoch: ``warmup_iters`` counts epochs.
    """

    def __init__(
        self,
        by_epoch: bool = True,
        warmup: Optional[str] = None,
        warmup_iters: int = 0,
        warmup_ratio: float = 0.1,
        warmup_by_epoch: bool = False,
    ) -> None:
        super().__init__(by_epoch, warmup, warmup_iters, warmup_ratio, warmup_by_epoch)
        self.base_lr: Any = []
        self.regular_lr: Any = []

    # MMCV's attribute names
    regular = property(
        lambda self: self.regular_lr,
        lambda self, value: setattr(self, "regular_lr", value),
    )

    def get_lr(self, runner: Any, base_lr: float) -> float:
        raise NotImplementedError

    def get_regular_lr(self, runner: Any) -> Any:
        return _map_groups(runner, self.base_lr, lambda b: self.get_lr(runner, b))

    def get_warmup_lr(self, cur_iters: int) -> Any:
        factor = warmup_factor(
            self.warmup, cur_iters, self.warmup_iters, self.warmup_ratio
        )
        return _map_values(self.regular_lr, lambda lr: lr * factor)

    def _regular(self, runner: Any) -> Any:
        return self.get_regular_lr(runner)

    def _warmup(self, cur_iters: int, regular: Any) -> Any:
        return self.get_warmup_lr(cur_iters)

    def _set_lr(self, runner: Any, lr_groups: Any) -> None:
        for key, optimizer in _each_optimizer(runner):
            for group, lr in zip(
                optimizer.param_groups, _per_optimizer(lr_groups, key)
            ):
                group["lr"] = lr

    _apply = _set_lr

    def before_run(self, runner: Any) -> None:
        base: dict = {}
        for key, optimizer in _each_optimizer(runner):
            for group in optimizer.param_groups:
                group.setdefault("initial_lr", group["lr"])
            base[key] = [group["initial_lr"] for group in optimizer.param_groups]
        self.base_lr = base[None] if None in base else base


def _one_of(min_value: Any, ratio: Any, what: str) -> None:
    if (min_value is None) == (ratio is None):
        raise ValueError(f"exactly one of min_{what} and min_{what}_ratio is needed")


def _check_cyclic(target_ratio: Any, step_ratio_up: float) -> tuple:
    """MMCV's checks of a cyclic policy's arguments (lr and momentum alike);
    ``target_ratio`` as a pair."""
    if not isinstance(target_ratio, (float, tuple)):
        raise ValueError(
            f"target_ratio should be either float or tuple, got {type(target_ratio)}"
        )
    target_ratio = cyclic_target_ratio(target_ratio)
    if len(target_ratio) != 2:
        raise ValueError('"target_ratio" must be list or tuple of two floats')
    if not 0 <= step_ratio_up < 1.0:
        raise ValueError('"step_ratio_up" must be in range [0,1)')
    return target_ratio


def _check_step(step: Any) -> None:
    """MMCV's check of a step policy's ``step`` (lr and momentum alike)."""
    if isinstance(step, list):
        if not all(isinstance(s, int) and s > 0 for s in step):
            raise ValueError('"step" must be a list of positive integers')
    elif not (isinstance(step, int) and step > 0):
        raise TypeError('"step" must be a positive integer or a list of them')


@HOOKS.register_module(force=True)
class FixedLrUpdaterHook(LrUpdaterHook):
    """The base lr throughout (warm-up aside)."""

    def get_lr(self, runner: Any, base_lr: float) -> float:
        return base_lr


@HOOKS.register_module(force=True)
class StepLrUpdaterHook(LrUpdaterHook):
    """``base_lr * gamma ** k`` after ``k`` steps (``step``: every ``step``
    epochs/iterations, or the list of milestones), floored at ``min_lr``."""

    def __init__(
        self,
        step: Union[int, list],
        gamma: float = 0.1,
        min_lr: Optional[float] = None,
        **kwargs: Any,
    ) -> None:
        _check_step(step)
        self.step = step
        self.gamma = gamma
        self.min_lr = min_lr
        super().__init__(**kwargs)

    def get_lr(self, runner: Any, base_lr: float) -> float:
        progress = runner.epoch if self.by_epoch else runner.iter
        return step_value(base_lr, self.step, self.gamma, self.min_lr, progress)


@HOOKS.register_module(force=True)
class ExpLrUpdaterHook(LrUpdaterHook):
    def __init__(self, gamma: float, **kwargs: Any) -> None:
        self.gamma = gamma
        super().__init__(**kwargs)

    def get_lr(self, runner: Any, base_lr: float) -> float:
        progress = runner.epoch if self.by_epoch else runner.iter
        return exp_value(base_lr, self.gamma, progress)


@HOOKS.register_module(force=True)
class PolyLrUpdaterHook(LrUpdaterHook):
    def __init__(self, power: float = 1.0, min_lr: float = 0.0, **kwargs: Any) -> None:
        self.power = power
        self.min_lr = min_lr
        super().__init__(**kwargs)

    def get_lr(self, runner: Any, base_lr: float) -> float:
        progress, max_progress = _progress(self, runner)
        return poly_value(base_lr, self.power, self.min_lr, progress, max_progress)


@HOOKS.register_module(force=True)
class InvLrUpdaterHook(LrUpdaterHook):
    def __init__(self, gamma: float, power: float = 1.0, **kwargs: Any) -> None:
        self.gamma = gamma
        self.power = power
        super().__init__(**kwargs)

    def get_lr(self, runner: Any, base_lr: float) -> float:
        progress = runner.epoch if self.by_epoch else runner.iter
        return inv_value(base_lr, self.gamma, self.power, progress)


@HOOKS.register_module(force=True)
class CosineAnnealingLrUpdaterHook(LrUpdaterHook):
    def __init__(
        self,
        min_lr: Optional[float] = None,
        min_lr_ratio: Optional[float] = None,
        **kwargs: Any,
    ) -> None:
        _one_of(min_lr, min_lr_ratio, "lr")
        self.min_lr = min_lr
        self.min_lr_ratio = min_lr_ratio
        super().__init__(**kwargs)

    def get_lr(self, runner: Any, base_lr: float) -> float:
        progress, max_progress = _progress(self, runner)
        target = anneal_target(base_lr, self.min_lr, self.min_lr_ratio)
        return annealing_cos(base_lr, target, progress / max_progress)


@HOOKS.register_module(force=True)
class FlatCosineAnnealingLrUpdaterHook(LrUpdaterHook):
    """Flat for the first ``start_percent`` of training, then cosine."""

    def __init__(
        self,
        start_percent: float = 0.75,
        min_lr: Optional[float] = None,
        min_lr_ratio: Optional[float] = None,
        **kwargs: Any,
    ) -> None:
        _one_of(min_lr, min_lr_ratio, "lr")
        if not (isinstance(start_percent, float) and 0 <= start_percent <= 1):
            raise ValueError(
                f"expected float between 0 and 1 start_percent, but got {start_percent}"
            )
        self.start_percent = start_percent
        self.min_lr = min_lr
        self.min_lr_ratio = min_lr_ratio
        super().__init__(**kwargs)

    def get_lr(self, runner: Any, base_lr: float) -> float:
        progress, max_progress = _progress(self, runner)
        target = anneal_target(base_lr, self.min_lr, self.min_lr_ratio)
        return flat_cosine_value(
            base_lr, target, self.start_percent, progress, max_progress
        )


@HOOKS.register_module(force=True)
class CosineRestartLrUpdaterHook(LrUpdaterHook):
    """Cosine annealing restarted after each of ``periods``, the restart
    amplitude scaled by ``restart_weights``."""

    def __init__(
        self,
        periods: list,
        restart_weights: list = [1],  # noqa: B006 (MMCV's)
        min_lr: Optional[float] = None,
        min_lr_ratio: Optional[float] = None,
        **kwargs: Any,
    ) -> None:
        _one_of(min_lr, min_lr_ratio, "lr")
        if len(periods) != len(restart_weights):
            raise ValueError("periods and restart_weights should have the same length")
        self.periods = periods
        self.restart_weights = restart_weights
        self.min_lr = min_lr
        self.min_lr_ratio = min_lr_ratio
        super().__init__(**kwargs)
        self.cumulative_periods = cumulative_periods(periods)

    def get_lr(self, runner: Any, base_lr: float) -> float:
        progress = runner.epoch if self.by_epoch else runner.iter
        return cosine_restart_value(
            base_lr,
            anneal_target(base_lr, self.min_lr, self.min_lr_ratio),
            self.periods,
            self.cumulative_periods,
            self.restart_weights,
            progress,
        )


def _anneal_func(strategy: str) -> Callable:
    if strategy not in ("cos", "linear"):
        raise ValueError(
            f'anneal_strategy must be one of "cos" or "linear", instead got {strategy}'
        )
    return annealing_cos if strategy == "cos" else annealing_linear


@HOOKS.register_module(force=True)
class CyclicLrUpdaterHook(LrUpdaterHook):
    """Cyclic lr (iteration-based): up to ``target_ratio[0] * lr`` over
    ``step_ratio_up`` of each cycle, then down to ``target_ratio[1] * lr``;
    ``gamma`` shrinks later cycles."""

    def __init__(
        self,
        by_epoch: bool = False,
        target_ratio: Union[float, tuple] = (10, 1e-4),
        cyclic_times: int = 1,
        step_ratio_up: float = 0.4,
        anneal_strategy: str = "cos",
        gamma: float = 1,
        **kwargs: Any,
    ) -> None:
        target_ratio = _check_cyclic(target_ratio, step_ratio_up)
        if not 0 < gamma <= 1:
            raise ValueError('"gamma" must be in range (0, 1]')
        if by_epoch:
            raise ValueError('currently only support "by_epoch" = False')
        self.target_ratio = target_ratio
        self.cyclic_times = cyclic_times
        self.step_ratio_up = step_ratio_up
        self.gamma = gamma
        self.max_iter_per_phase: Optional[int] = None
        self.lr_phases: list = []
        self.anneal_func = _anneal_func(anneal_strategy)
        super().__init__(by_epoch, **kwargs)

    def before_run(self, runner: Any) -> None:
        super().before_run(runner)
        self.max_iter_per_phase = runner.max_iters // self.cyclic_times
        self.lr_phases.extend(
            cyclic_phases(
                self.step_ratio_up, self.max_iter_per_phase, self.target_ratio
            )
        )

    def get_lr(self, runner: Any, base_lr: float) -> float:
        lr = cyclic_value(
            self.lr_phases,
            self.max_iter_per_phase,
            self.gamma,
            self.anneal_func,
            base_lr,
            runner.iter,
        )
        return base_lr if lr is None else lr


@HOOKS.register_module(force=True)
class OneCycleLrUpdaterHook(LrUpdaterHook):
    """The 1cycle policy (iteration-based): from ``max_lr / div_factor`` up
    to ``max_lr`` over ``pct_start`` of ``total_steps``, then down to
    ``initial / final_div_factor`` (``three_phase``: symmetric up/down, then
    the final decay)."""

    def __init__(
        self,
        max_lr: Union[float, list, dict],
        total_steps: Optional[int] = None,
        pct_start: float = 0.3,
        anneal_strategy: str = "cos",
        div_factor: float = 25,
        final_div_factor: float = 1e4,
        three_phase: bool = False,
        **kwargs: Any,
    ) -> None:
        if kwargs.setdefault("by_epoch", False):
            raise ValueError('currently only support "by_epoch" = False')
        if not isinstance(max_lr, (numbers.Number, list, dict)):
            raise ValueError(
                f"the type of max_lr must be the one of list or dict, but got "
                f"{type(max_lr)}"
            )
        if total_steps is not None:
            if not isinstance(total_steps, int):
                raise ValueError(
                    f"the type of total_steps must be int, but got {type(total_steps)}"
                )
            self.total_steps = total_steps
        if not isinstance(pct_start, float) or not 0 <= pct_start <= 1:
            raise ValueError(
                f"expected float between 0 and 1 pct_start, but got {pct_start}"
            )
        self._max_lr = max_lr
        self.pct_start = pct_start
        self.anneal_func = _anneal_func(anneal_strategy)
        self.div_factor = div_factor
        self.final_div_factor = final_div_factor
        self.three_phase = three_phase
        self.lr_phases: list = []
        super().__init__(**kwargs)

    def before_run(self, runner: Any) -> None:
        total = getattr(self, "total_steps", runner.max_iters)
        if total < runner.max_iters:
            raise ValueError(
                "The total steps must be greater than or equal to max iterations "
                f"{runner.max_iters} of runner, but total steps is {total}."
            )
        base: dict = {}
        for key, optimizer in _each_optimizer(runner):
            name = key if key is not None else type(optimizer).__name__
            max_lrs = format_param(name, optimizer, self._max_lr)
            base[key] = [lr / self.div_factor for lr in max_lrs]
            for group, lr in zip(optimizer.param_groups, base[key]):
                group.setdefault("initial_lr", lr)
        self.base_lr = base[None] if None in base else base
        # [end_iter, start_ratio, end_ratio] rows, as MMCV's
        self.lr_phases.extend(
            one_cycle_phases(
                self.pct_start,
                total,
                self.three_phase,
                1,
                self.div_factor,
                1 / self.final_div_factor,
            )
        )

    def get_lr(self, runner: Any, base_lr: float) -> float:
        phases = [(end, base_lr * r0, base_lr * r1) for end, r0, r1 in self.lr_phases]
        lr = one_cycle_value(phases, self.anneal_func, runner.iter)
        return base_lr if lr is None else lr


@HOOKS.register_module(force=True)
class LinearAnnealingLrUpdaterHook(LrUpdaterHook):
    def __init__(
        self,
        min_lr: Optional[float] = None,
        min_lr_ratio: Optional[float] = None,
        **kwargs: Any,
    ) -> None:
        _one_of(min_lr, min_lr_ratio, "lr")
        self.min_lr = min_lr
        self.min_lr_ratio = min_lr_ratio
        super().__init__(**kwargs)

    def get_lr(self, runner: Any, base_lr: float) -> float:
        progress, max_progress = _progress(self, runner)
        target = anneal_target(base_lr, self.min_lr, self.min_lr_ratio)
        return annealing_linear(base_lr, target, progress / max_progress)


# -- momentum -------------------------------------------------------------------


def _read_momentum(group: dict) -> float:
    return group["momentum"] if "momentum" in group else group["betas"][0]


class MomentumUpdaterHook(_ScheduleHook):
    """MMCV's ``MomentumUpdaterHook``: subclasses define
    ``get_momentum(runner, base_momentum)``; Adam-style optimizers get
    ``betas[0]`` set. The warm-up divides the momentum (``warmup_ratio``
    0.9 by default)."""

    _default_warmup_ratio = 0.9

    def __init__(
        self,
        by_epoch: bool = True,
        warmup: Optional[str] = None,
        warmup_iters: int = 0,
        warmup_ratio: float = 0.9,
    ) -> None:
        super().__init__(by_epoch, warmup, warmup_iters, warmup_ratio)
        self.base_momentum: Any = []
        self.regular_momentum: Any = []

    regular = property(
        lambda self: self.regular_momentum,
        lambda self, value: setattr(self, "regular_momentum", value),
    )

    def get_momentum(self, runner: Any, base_momentum: float) -> float:
        raise NotImplementedError

    def get_regular_momentum(self, runner: Any) -> Any:
        return _map_groups(
            runner, self.base_momentum, lambda b: self.get_momentum(runner, b)
        )

    def get_warmup_momentum(self, cur_iters: int) -> Any:
        factor = warmup_factor(
            self.warmup, cur_iters, self.warmup_iters, self.warmup_ratio
        )
        return _map_values(self.regular_momentum, lambda m: m / factor)

    def _regular(self, runner: Any) -> Any:
        return self.get_regular_momentum(runner)

    def _warmup(self, cur_iters: int, regular: Any) -> Any:
        return self.get_warmup_momentum(cur_iters)

    def _set_momentum(self, runner: Any, momentum_groups: Any) -> None:
        for key, optimizer in _each_optimizer(runner):
            values = _per_optimizer(momentum_groups, key)
            for group, mom in zip(optimizer.param_groups, values):
                if "momentum" in group:
                    group["momentum"] = mom
                elif "betas" in group:
                    group["betas"] = (mom, group["betas"][1])

    _apply = _set_momentum

    def before_run(self, runner: Any) -> None:
        base: dict = {}
        for key, optimizer in _each_optimizer(runner):
            for group in optimizer.param_groups:
                group.setdefault("initial_momentum", _read_momentum(group))
            base[key] = [g["initial_momentum"] for g in optimizer.param_groups]
        self.base_momentum = base[None] if None in base else base


@HOOKS.register_module(force=True)
class StepMomentumUpdaterHook(MomentumUpdaterHook):
    def __init__(
        self,
        step: Union[int, list],
        gamma: float = 0.5,
        min_momentum: Optional[float] = None,
        **kwargs: Any,
    ) -> None:
        _check_step(step)
        self.step = step
        self.gamma = gamma
        self.min_momentum = min_momentum
        super().__init__(**kwargs)

    def get_momentum(self, runner: Any, base_momentum: float) -> float:
        progress = runner.epoch if self.by_epoch else runner.iter
        return step_value(
            base_momentum, self.step, self.gamma, self.min_momentum, progress
        )


@HOOKS.register_module(force=True)
class CosineAnnealingMomentumUpdaterHook(MomentumUpdaterHook):
    def __init__(
        self,
        min_momentum: Optional[float] = None,
        min_momentum_ratio: Optional[float] = None,
        **kwargs: Any,
    ) -> None:
        _one_of(min_momentum, min_momentum_ratio, "momentum")
        self.min_momentum = min_momentum
        self.min_momentum_ratio = min_momentum_ratio
        super().__init__(**kwargs)

    def get_momentum(self, runner: Any, base_momentum: float) -> float:
        progress, max_progress = _progress(self, runner)
        target = anneal_target(
            base_momentum, self.min_momentum, self.min_momentum_ratio
        )
        return annealing_cos(base_momentum, target, progress / max_progress)


@HOOKS.register_module(force=True)
class LinearAnnealingMomentumUpdaterHook(MomentumUpdaterHook):
    def __init__(
        self,
        min_momentum: Optional[float] = None,
        min_momentum_ratio: Optional[float] = None,
        **kwargs: Any,
    ) -> None:
        _one_of(min_momentum, min_momentum_ratio, "momentum")
        self.min_momentum = min_momentum
        self.min_momentum_ratio = min_momentum_ratio
        super().__init__(**kwargs)

    def get_momentum(self, runner: Any, base_momentum: float) -> float:
        progress, max_progress = _progress(self, runner)
        target = anneal_target(
            base_momentum, self.min_momentum, self.min_momentum_ratio
        )
        return annealing_linear(base_momentum, target, progress / max_progress)


@HOOKS.register_module(force=True)
class CyclicMomentumUpdaterHook(MomentumUpdaterHook):
    """Cyclic momentum (iteration-based), the mirror of
    :class:`CyclicLrUpdaterHook`: down to ``target_ratio[0] * momentum``,
    then to ``target_ratio[1] * momentum``."""

    def __init__(
        self,
        by_epoch: bool = False,
        target_ratio: Union[float, tuple] = (0.85 / 0.95, 1.0),
        cyclic_times: int = 1,
        step_ratio_up: float = 0.4,
        anneal_strategy: str = "cos",
        gamma: float = 1.0,
        **kwargs: Any,
    ) -> None:
        target_ratio = _check_cyclic(target_ratio, step_ratio_up)
        if by_epoch:
            raise ValueError('currently only support "by_epoch" = False')
        self.target_ratio = target_ratio
        self.cyclic_times = cyclic_times
        self.step_ratio_up = step_ratio_up
        self.gamma = gamma
        self.momentum_phases: list = []
        self.anneal_func = _anneal_func(anneal_strategy)
        super().__init__(by_epoch, **kwargs)

    def before_run(self, runner: Any) -> None:
        super().before_run(runner)
        self.max_iter_per_phase = runner.max_iters // self.cyclic_times
        self.momentum_phases.extend(
            cyclic_phases(
                self.step_ratio_up, self.max_iter_per_phase, self.target_ratio
            )
        )

    def get_momentum(self, runner: Any, base_momentum: float) -> float:
        momentum = cyclic_value(
            self.momentum_phases,
            self.max_iter_per_phase,
            self.gamma,
            self.anneal_func,
            base_momentum,
            runner.iter,
        )
        if momentum is None:
            raise RuntimeError(f"iteration {runner.iter} is in no momentum phase")
        return momentum


@HOOKS.register_module(force=True)
class OneCycleMomentumUpdaterHook(MomentumUpdaterHook):
    """The 1cycle momentum (iteration-based), inverse to the lr: from
    ``max_momentum`` down to ``base_momentum`` over ``pct_start`` of the
    run, then back up (``three_phase``: down, up, then flat)."""

    def __init__(
        self,
        base_momentum: Union[float, list, dict] = 0.85,
        max_momentum: Union[float, list, dict] = 0.95,
        pct_start: float = 0.3,
        anneal_strategy: str = "cos",
        three_phase: bool = False,
        **kwargs: Any,
    ) -> None:
        if kwargs.setdefault("by_epoch", False):
            raise ValueError('currently only support "by_epoch" = False')
        for name, value in (
            ("base_momentum", base_momentum),
            ("max_momentum", max_momentum),
        ):
            if not isinstance(value, (float, list, dict)):
                raise ValueError(
                    f"{name} must be the type among of float, list or dict."
                )
        if not isinstance(pct_start, float) or not 0 <= pct_start <= 1:
            raise ValueError(
                f"Expected float between 0 and 1 pct_start, but got {pct_start}"
            )
        self._base_momentum = base_momentum
        self._max_momentum = max_momentum
        self.pct_start = pct_start
        self.anneal_func = _anneal_func(anneal_strategy)
        self.three_phase = three_phase
        self.momentum_phases: list = []
        super().__init__(**kwargs)

    def before_run(self, runner: Any) -> None:
        for key, optim in _each_optimizer(runner):
            if "momentum" not in optim.defaults and "betas" not in optim.defaults:
                raise ValueError("optimizer must support momentum with option enabled")
            self.use_beta1 = "betas" in optim.defaults
            name = key if key is not None else type(optim).__name__
            bases = format_param(name, optim, self._base_momentum)
            maxes = format_param(name, optim, self._max_momentum)
            for group, low, high in zip(optim.param_groups, bases, maxes):
                if self.use_beta1:
                    group["betas"] = (high, group["betas"][1])
                else:
                    group["momentum"] = high
                group["base_momentum"] = low
                group["max_momentum"] = high
        # the phases name the group keys their momentum goes from and to
        phases = one_cycle_phases(
            self.pct_start,
            runner.max_iters,
            self.three_phase,
            "max_momentum",
            "base_momentum",
            "max_momentum",
        )
        self.momentum_phases = [
            dict(end_iter=end, start_momentum=start, end_momentum=stop)
            for end, start, stop in phases
        ]

    def get_momentum(self, runner: Any, param_group: dict) -> float:
        phases = [
            (
                phase["end_iter"],
                param_group[phase["start_momentum"]],
                param_group[phase["end_momentum"]],
            )
            for phase in self.momentum_phases
        ]
        momentum = one_cycle_value(
            phases, self.anneal_func, runner.iter, hold_last=True
        )
        return 0.0 if momentum is None else momentum

    def get_regular_momentum(self, runner: Any) -> Any:
        values = {
            key: [self.get_momentum(runner, g) for g in optim.param_groups]
            for key, optim in _each_optimizer(runner)
        }
        return values[None] if None in values else values
