"""The parameter-scheduler base class and the chainable schedulers.

A scheduler moves one hyper-parameter (``param_name``: ``'lr'``,
``'momentum'``, ``'weight_decay'`` ...) of every ``param_group`` of an
optimizer (or an ``OptimWrapper``). Semantics follow MMEngine 0.10.7:

* ``step()`` is called once at construction and then once per epoch
  (``by_epoch=True``) or per iteration (``by_epoch=False``) by the runner's
  ``ParamSchedulerHook``, *after* the optimizer step of that epoch/iteration.
* A scheduler only acts while ``begin <= global_step < end``; ``last_step``
  counts the steps on which it acted (``-1`` before the first).
* Values are computed in *chainable* form: each step multiplies (or shifts)
  the value currently in the param group, so several schedulers whose
  windows overlap compose like PyTorch's ``ChainedScheduler``.
* ``base_values`` are the ``initial_<param_name>`` entries of the groups,
  recorded by the first scheduler that touches a group.

Subclasses implement ``_get_value()`` (chainable form, required) and may
implement ``_get_closed_form()`` (the value as a function of ``last_step``
only). An ``OptimWrapper`` with several param groups also exposes a
``base_param_settings`` group (MMEngine's way to track the unscaled base lr);
schedulers update it like any other group.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from typing import Any

from mmcompat.registry import PARAM_SCHEDULERS

from .._log import print_log

INF = int(1e9)

__all__ = [
    "INF",
    "_ParamScheduler",
    "StepParamScheduler",
    "MultiStepParamScheduler",
    "ConstantParamScheduler",
    "ExponentialParamScheduler",
    "CosineAnnealingParamScheduler",
    "LinearParamScheduler",
    "PolyParamScheduler",
]


def _check_optimizer(optimizer: Any) -> None:
    from torch.optim import Optimizer

    from ..optimizer.base import BaseOptimWrapper

    if not isinstance(optimizer, (Optimizer, BaseOptimWrapper)):
        raise TypeError(
            "a parameter scheduler needs a torch Optimizer or an OptimWrapper "
            f"as `optimizer`, got {type(optimizer).__name__}"
        )


def _check_window(cls_name: str, begin: Any, end: Any) -> None:
    if end <= begin:
        raise ValueError(
            f"{cls_name}: `end` must be larger than `begin`, got begin={begin}, "
            f"end={end}"
        )


class _ParamScheduler:
    """Base class of all parameter schedulers (MMEngine's ``_ParamScheduler``).

    Args:
        optimizer: a ``torch.optim.Optimizer`` or an ``OptimWrapper``.
        param_name: the ``param_groups`` key to schedule (``'lr'`` ...).
        begin: first step (epoch or iteration) at which the scheduler acts.
        end: step at which it stops acting (exclusive).
        last_step: index of the last step, for resuming without a state dict;
            ``-1`` (fresh) records ``initial_<param_name>`` in each group.
        by_epoch: step once per epoch (True) or once per iteration (False).
        verbose: log each value change.
    """

    #: keyword arguments that ``build_iter_from_epoch`` multiplies by the
    #: epoch length (a number or a list of numbers, None is left alone).
    _epoch_scaled_args: tuple[str, ...] = ()
    #: whether ``build_iter_from_epoch`` truncates begin/end to int, as every
    #: MMEngine scheduler does (MMDet's QuadraticWarmup does not).
    _int_begin_end: bool = True

    def __init__(
        self,
        optimizer: Any,
        param_name: str,
        begin: int = 0,
        end: int = INF,
        last_step: int = -1,
        by_epoch: bool = True,
        verbose: bool = False,
    ) -> None:
        _check_optimizer(optimizer)
        self.optimizer = optimizer
        self.param_name = param_name
        _check_window(type(self).__name__, begin, end)
        self.begin = begin
        self.end = end
        self.by_epoch = by_epoch
        if not isinstance(last_step, int) or last_step < -1:
            raise ValueError(f"`last_step` must be an int >= -1, got {last_step!r}")
        self._init_base_values(last_step)
        self.base_values = [
            group[f"initial_{param_name}"] for group in optimizer.param_groups
        ]
        self.last_step = last_step
        self._global_step = -1
        self.verbose = verbose
        # MMEngine steps once at construction: a scheduler with begin=0 sets
        # the value used by the very first iteration/epoch.
        self.step()

    def _init_base_values(self, last_step: int) -> None:
        key = f"initial_{self.param_name}"
        if last_step == -1:
            for group in self.optimizer.param_groups:
                # The first scheduler of a group records its current value.
                group.setdefault(key, group[self.param_name])
            return
        for i, group in enumerate(self.optimizer.param_groups):
            if key not in group:
                raise KeyError(
                    f"param_groups[{i}] has no {key!r}: resuming a scheduler with "
                    f"last_step={last_step} needs the optimizer state it was "
                    "saved with"
                )

    # -- building --------------------------------------------------------
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
        """Build an iteration-based scheduler from epoch-based arguments.

        ``begin``/``end`` and the class's epoch-valued arguments (``T_max``,
        ``milestones``, ``step_size``, ``periods``, ``total_steps``) are
        multiplied by ``epoch_length`` (the iterations of one epoch).
        """
        if not by_epoch:
            raise ValueError(
                f"{cls.__name__}: only an epoch-based config (by_epoch=True) can "
                "be converted to iteration-based (convert_to_iter_based=True)"
            )
        if epoch_length is None or epoch_length <= 0:
            raise ValueError(
                f"{cls.__name__}: `epoch_length` must be a positive integer to "
                f"convert to iteration-based, got {epoch_length!r}"
            )
        for name in cls._epoch_scaled_args:
            value = kwargs.get(name)
            if value is None:
                continue
            if isinstance(value, (list, tuple)):
                kwargs[name] = [v * epoch_length for v in value]
            else:
                kwargs[name] = value * epoch_length
        begin = begin * epoch_length
        if cls._int_begin_end:
            begin = int(begin)
        if end != INF:
            end = end * epoch_length
            if cls._int_begin_end:
                end = int(end)
        return cls(*args, begin=begin, end=end, by_epoch=False, **kwargs)

    # -- state -----------------------------------------------------------
    def state_dict(self) -> dict:
        """Every attribute except the optimizer, as plain containers.

        MMEngine stores its ``__dict__`` verbatim; here ``Counter`` becomes a
        dict so the state loads with ``torch.load(weights_only=True)``.
        """
        state = {}
        for key, value in self.__dict__.items():
            if key == "optimizer":
                continue
            if isinstance(value, Counter):
                value = dict(value)
            state[key] = value
        return state

    def load_state_dict(self, state_dict: dict) -> None:
        """Restore the attributes saved by :meth:`state_dict`."""
        self.__dict__.update(state_dict)

    # -- values ----------------------------------------------------------
    def get_last_value(self) -> list:
        """The value of each param group after the latest ``step()``."""
        return self._last_value

    def _get_value(self) -> list:
        """The new value of each group, from its current value (chainable)."""
        raise NotImplementedError

    def _get_closed_form(self) -> list:
        """The value of each group as a function of ``last_step`` alone.

        Optional: subclasses that have a closed form may implement it (used
        when values must be reproduced without replaying the chain).
        """
        raise NotImplementedError(
            f"{type(self).__name__} does not implement a closed form"
        )

    def print_value(self, is_verbose: bool, group: int, value: float) -> None:
        if is_verbose:
            print_log(f"Adjusting parameter value of group {group} to {value:.4e}.")

    def step(self) -> None:
        """Advance one epoch/iteration and update the groups when active."""
        self._global_step += 1
        if self.begin <= self._global_step < self.end:
            self.last_step += 1
            values = self._get_value()
            for i, (group, value) in enumerate(
                zip(self.optimizer.param_groups, values)
            ):
                group[self.param_name] = value
                self.print_value(self.verbose, i, value)
        self._last_value = [
            group[self.param_name] for group in self.optimizer.param_groups
        ]

    def _current_values(self) -> list:
        return [group[self.param_name] for group in self.optimizer.param_groups]


@PARAM_SCHEDULERS.register_module()
class StepParamScheduler(_ParamScheduler):
    """Multiply the value by ``gamma`` every ``step_size`` steps."""

    _epoch_scaled_args = ("step_size",)

    def __init__(
        self,
        optimizer: Any,
        param_name: str,
        step_size: int,
        gamma: float = 0.1,
        begin: int = 0,
        end: int = INF,
        last_step: int = -1,
        by_epoch: bool = True,
        verbose: bool = False,
    ) -> None:
        if step_size <= 0:
            raise ValueError(f"`step_size` must be positive, got {step_size}")
        self.step_size = step_size
        self.gamma = gamma
        super().__init__(
            optimizer, param_name, begin, end, last_step, by_epoch, verbose
        )

    def _get_value(self) -> list:
        if self.last_step == 0 or self.last_step % self.step_size != 0:
            return self._current_values()
        return [v * self.gamma for v in self._current_values()]

    def _get_closed_form(self) -> list:
        return [
            b * self.gamma ** (self.last_step // self.step_size)
            for b in self.base_values
        ]


@PARAM_SCHEDULERS.register_module()
class MultiStepParamScheduler(_ParamScheduler):
    """Multiply the value by ``gamma`` at each of the ``milestones``.

    Milestones count steps of this scheduler (``last_step``), not global
    steps. They must be strictly increasing (MMEngine silently accepts any
    order and applies ``gamma ** k`` for a milestone repeated ``k`` times; a
    repeated or unsorted milestone is almost always a typo, so it is an
    error here).
    """

    _epoch_scaled_args = ("milestones",)

    def __init__(
        self,
        optimizer: Any,
        param_name: str,
        milestones: Sequence[int],
        gamma: float = 0.1,
        last_step: int = -1,
        begin: int = 0,
        end: int = INF,
        by_epoch: bool = True,
        verbose: bool = False,
    ) -> None:
        if not isinstance(milestones, (list, tuple)):
            raise TypeError(
                f"{type(self).__name__}: `milestones` must be a list of steps, got "
                f"{milestones!r}"
            )
        milestones = list(milestones)
        if any(b <= a for a, b in zip(milestones, milestones[1:])):
            raise ValueError(
                f"{type(self).__name__}: `milestones` must be strictly increasing, "
                f"got {milestones}"
            )
        self.milestones = Counter(milestones)
        self.gamma = gamma
        super().__init__(
            optimizer, param_name, begin, end, last_step, by_epoch, verbose
        )

    def load_state_dict(self, state_dict: dict) -> None:
        super().load_state_dict(state_dict)
        self.milestones = Counter(self.milestones)

    def _get_value(self) -> list:
        if self.last_step not in self.milestones:
            return self._current_values()
        factor = self.gamma ** self.milestones[self.last_step]
        return [v * factor for v in self._current_values()]

    def _get_closed_form(self) -> list:
        passed = sum(c for m, c in self.milestones.items() if m <= self.last_step)
        return [b * self.gamma**passed for b in self.base_values]


@PARAM_SCHEDULERS.register_module()
class ConstantParamScheduler(_ParamScheduler):
    """Multiply the value by ``factor`` from ``begin`` until ``end - 1``."""

    def __init__(
        self,
        optimizer: Any,
        param_name: str,
        factor: float = 1.0 / 3,
        begin: int = 0,
        end: int = INF,
        last_step: int = -1,
        by_epoch: bool = True,
        verbose: bool = False,
    ) -> None:
        if factor > 1.0 or factor < 0:
            raise ValueError(
                f"{type(self).__name__}: `factor` must be between 0 and 1, got {factor}"
            )
        self.factor = factor
        self.total_iters = end - begin - 1
        super().__init__(
            optimizer, param_name, begin, end, last_step, by_epoch, verbose
        )

    def _get_value(self) -> list:
        if self.last_step == 0:
            return [v * self.factor for v in self._current_values()]
        if self.last_step != self.total_iters:
            return self._current_values()
        return [v * (1.0 / self.factor) for v in self._current_values()]

    def _get_closed_form(self) -> list:
        factor = self.factor if self.last_step < self.total_iters else 1.0
        return [b * factor for b in self.base_values]


@PARAM_SCHEDULERS.register_module()
class ExponentialParamScheduler(_ParamScheduler):
    """Multiply the value by ``gamma`` on every step after the first."""

    def __init__(
        self,
        optimizer: Any,
        param_name: str,
        gamma: float,
        begin: int = 0,
        end: int = INF,
        last_step: int = -1,
        by_epoch: bool = True,
        verbose: bool = False,
    ) -> None:
        self.gamma = gamma
        super().__init__(
            optimizer, param_name, begin, end, last_step, by_epoch, verbose
        )

    def _get_value(self) -> list:
        if self.last_step == 0:
            return self._current_values()
        return [v * self.gamma for v in self._current_values()]

    def _get_closed_form(self) -> list:
        return [b * self.gamma**self.last_step for b in self.base_values]


@PARAM_SCHEDULERS.register_module()
class CosineAnnealingParamScheduler(_ParamScheduler):
    """Cosine annealing from the base value to ``eta_min`` over ``T_max`` steps.

    ``T_max`` defaults to ``end - begin``. Give either ``eta_min`` (absolute)
    or ``eta_min_ratio`` (relative to each group's base value); neither means
    ``eta_min=0``. Past ``T_max`` the chainable recurrence keeps going, so the
    value rises again (as in MMEngine and PyTorch).
    """

    _epoch_scaled_args = ("T_max",)

    def __init__(
        self,
        optimizer: Any,
        param_name: str,
        T_max: int | None = None,
        eta_min: float | None = None,
        begin: int = 0,
        end: int = INF,
        last_step: int = -1,
        by_epoch: bool = True,
        verbose: bool = False,
        eta_min_ratio: float | None = None,
    ) -> None:
        if eta_min is None and eta_min_ratio is None:
            eta_min = 0.0
        if eta_min is not None and eta_min_ratio is not None:
            raise ValueError(
                f"{type(self).__name__}: give either `eta_min` or `eta_min_ratio`, "
                "not both"
            )
        self.T_max = T_max or (end - begin)
        self.eta_min = eta_min
        self.eta_min_ratio = eta_min_ratio
        super().__init__(
            optimizer, param_name, begin, end, last_step, by_epoch, verbose
        )

    def _eta_min(self, base_value: float) -> float:
        if self.eta_min_ratio is None:
            return self.eta_min
        return base_value * self.eta_min_ratio

    def _get_value(self) -> list:
        step, t_max = self.last_step, self.T_max
        current = self._current_values()
        if step == 0:
            return current
        if (step - 1 - t_max) % (2 * t_max) == 0:
            return [
                v + (b - self._eta_min(b)) * (1 - math.cos(math.pi / t_max)) / 2
                for b, v in zip(self.base_values, current)
            ]
        ratio = (1 + math.cos(math.pi * step / t_max)) / (
            1 + math.cos(math.pi * (step - 1) / t_max)
        )
        return [
            ratio * (v - self._eta_min(b)) + self._eta_min(b)
            for b, v in zip(self.base_values, current)
        ]

    def _get_closed_form(self) -> list:
        cos = 1 + math.cos(math.pi * self.last_step / self.T_max)
        return [
            self._eta_min(b) + (b - self._eta_min(b)) * cos / 2
            for b in self.base_values
        ]


@PARAM_SCHEDULERS.register_module()
class LinearParamScheduler(_ParamScheduler):
    """Scale the value linearly from ``start_factor`` to ``end_factor``.

    The factor reaches ``end_factor`` at step ``end - begin - 1``, so with the
    default ``end=INF`` it effectively never moves: set ``end`` (the warmup
    length) as real configs do.
    """

    def __init__(
        self,
        optimizer: Any,
        param_name: str,
        start_factor: float = 1.0 / 3,
        end_factor: float = 1.0,
        begin: int = 0,
        end: int = INF,
        last_step: int = -1,
        by_epoch: bool = True,
        verbose: bool = False,
    ) -> None:
        for name, value in (("start_factor", start_factor), ("end_factor", end_factor)):
            if value > 1.0 or value < 0:
                raise ValueError(
                    f"{type(self).__name__}: `{name}` must be between 0 and 1, "
                    f"got {value}"
                )
        self.start_factor = start_factor
        self.end_factor = end_factor
        self.total_iters = end - begin - 1
        super().__init__(
            optimizer, param_name, begin, end, last_step, by_epoch, verbose
        )

    def _get_value(self) -> list:
        current = self._current_values()
        if self.last_step == 0:
            return [v * self.start_factor for v in current]
        delta = self.end_factor - self.start_factor
        factor = 1.0 + delta / (
            self.total_iters * self.start_factor + (self.last_step - 1) * delta
        )
        return [v * factor for v in current]

    def _get_closed_form(self) -> list:
        if self.total_iters <= 0:
            return [b * self.start_factor for b in self.base_values]
        progress = min(self.total_iters, self.last_step) / self.total_iters
        factor = self.start_factor + (self.end_factor - self.start_factor) * progress
        return [b * factor for b in self.base_values]


@PARAM_SCHEDULERS.register_module()
class PolyParamScheduler(_ParamScheduler):
    """Polynomial decay to ``eta_min`` with exponent ``power`` by ``end - 1``."""

    def __init__(
        self,
        optimizer: Any,
        param_name: str,
        eta_min: float = 0,
        power: float = 1.0,
        begin: int = 0,
        end: int = INF,
        last_step: int = -1,
        by_epoch: bool = True,
        verbose: bool = False,
    ) -> None:
        self.eta_min = eta_min
        self.power = power
        self.total_iters = end - begin - 1
        super().__init__(
            optimizer, param_name, begin, end, last_step, by_epoch, verbose
        )

    def _get_value(self) -> list:
        current = self._current_values()
        if self.last_step == 0:
            return current
        decay = (1 - 1 / (self.total_iters - self.last_step + 1)) ** self.power
        return [(v - self.eta_min) * decay + self.eta_min for v in current]

    def _get_closed_form(self) -> list:
        if self.total_iters <= 0:
            return list(self.base_values)
        left = (1 - min(self.last_step, self.total_iters) / self.total_iters) ** (
            self.power
        )
        return [(b - self.eta_min) * left + self.eta_min for b in self.base_values]
