"""Schedulers made of phases: one-cycle and cosine annealing with restarts.

Both follow MMEngine 0.10.7 (``OneCycleParamScheduler``,
``CosineRestartParamScheduler``). Unlike the chainable schedulers, the
one-cycle policy computes each value from the phase boundaries it stores in
the param groups (``initial_lr``, ``max_lr``, ``min_lr``), so it overrides
anything an earlier scheduler did to the same groups.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from mmcompat.registry import PARAM_SCHEDULERS

from .param_scheduler import INF, _ParamScheduler

__all__ = ["OneCycleParamScheduler", "CosineRestartParamScheduler"]


def _annealing_cos(start: float, end: float, pct: float) -> float:
    """Cosine interpolation from ``start`` (pct=0) to ``end`` (pct=1)."""
    return end + (start - end) / 2.0 * (math.cos(math.pi * pct) + 1)


def _annealing_linear(start: float, end: float, pct: float) -> float:
    """Linear interpolation from ``start`` (pct=0) to ``end`` (pct=1)."""
    return (end - start) * pct + start


_ANNEALING = {"cos": _annealing_cos, "linear": _annealing_linear}


@PARAM_SCHEDULERS.register_module()
class OneCycleParamScheduler(_ParamScheduler):
    """The 1cycle policy: warm up to ``eta_max``, then anneal far below start.

    The first phase goes from ``eta_max / div_factor`` to ``eta_max`` over
    ``pct_start * total_steps`` steps; the second anneals to
    ``eta_max / div_factor / final_div_factor``. ``three_phase=True`` makes
    the second phase mirror the first and adds a third one down to the
    minimum. ``total_steps`` defaults to ``end - begin``. Only ``'lr'`` can be
    scheduled (as in MMEngine). Stepping past ``total_steps`` is an error.
    """

    _epoch_scaled_args = ("total_steps",)

    def __init__(
        self,
        optimizer: Any,
        param_name: str,
        eta_max: float | Sequence[float] = 0,
        total_steps: int | None = None,
        pct_start: float = 0.3,
        anneal_strategy: str = "cos",
        div_factor: float = 25.0,
        final_div_factor: float = 1e4,
        three_phase: bool = False,
        begin: int = 0,
        end: int = INF,
        last_step: int = -1,
        by_epoch: bool = True,
        verbose: bool = False,
    ) -> None:
        if param_name != "lr":
            raise ValueError(
                f"{type(self).__name__} only schedules the learning rate, got "
                f"param_name={param_name!r}"
            )
        self.eta_max = eta_max
        self.div_factor = div_factor
        self.final_div_factor = final_div_factor
        if total_steps is not None:
            if not isinstance(total_steps, int) or total_steps <= 0:
                raise ValueError(
                    f"{type(self).__name__}: `total_steps` must be a positive int, "
                    f"got {total_steps!r}"
                )
            self.total_steps = total_steps
        else:
            self.total_steps = end - begin
        if not isinstance(pct_start, float) or not 0 <= pct_start <= 1:
            raise ValueError(
                f"{type(self).__name__}: `pct_start` must be a float between 0 and "
                f"1, got {pct_start!r}"
            )
        if anneal_strategy not in _ANNEALING:
            raise ValueError(
                f"{type(self).__name__}: `anneal_strategy` must be 'cos' or "
                f"'linear', got {anneal_strategy!r}"
            )
        self.anneal_strategy = anneal_strategy
        self.three_phase = three_phase
        self._schedule_phases = self._make_phases(param_name, pct_start, three_phase)

        max_values = self._format_param(f"max_{param_name}", optimizer, eta_max)
        if last_step == -1:
            for group, max_value in zip(optimizer.param_groups, max_values):
                group[f"initial_{param_name}"] = max_value / div_factor
                group[f"max_{param_name}"] = max_value
                group[f"min_{param_name}"] = (
                    group[f"initial_{param_name}"] / final_div_factor
                )
        super().__init__(
            optimizer, param_name, begin, end, last_step, by_epoch, verbose
        )

    def _make_phases(
        self, name: str, pct_start: float, three_phase: bool
    ) -> list[dict[str, Any]]:
        # Same layout and keys as MMEngine's, so scheduler states are
        # interchangeable.
        start, end = f"start_{name}", f"end_{name}"
        initial, peak, low = f"initial_{name}", f"max_{name}", f"min_{name}"
        warm_end = float(pct_start * self.total_steps) - 1
        if three_phase:
            return [
                {"end_step": warm_end, start: initial, end: peak},
                {
                    "end_step": float(2 * pct_start * self.total_steps) - 2,
                    start: peak,
                    end: initial,
                },
                {"end_step": self.total_steps - 1, start: initial, end: low},
            ]
        return [
            {"end_step": warm_end, start: initial, end: peak},
            {"end_step": self.total_steps - 1, start: peak, end: low},
        ]

    def load_state_dict(self, state_dict: dict) -> None:
        """Load a state saved by this class or by MMEngine's (which stores the
        annealing function itself instead of its name)."""
        state_dict = dict(state_dict)
        func = state_dict.pop("anneal_func", None)
        if "anneal_strategy" not in state_dict and func is not None:
            name = getattr(func, "__name__", "")
            state_dict["anneal_strategy"] = "linear" if "linear" in name else "cos"
        super().load_state_dict(state_dict)

    @staticmethod
    def _format_param(name: str, optimizer: Any, param: Any) -> list:
        """One value per param group from a scalar or a per-group list."""
        if isinstance(param, (list, tuple)):
            if len(param) != len(optimizer.param_groups):
                raise ValueError(
                    f"expected {len(optimizer.param_groups)} values for {name} (one "
                    f"per param group), got {len(param)}"
                )
            return list(param)
        return [param] * len(optimizer.param_groups)

    def _get_value(self) -> list:
        step = self.last_step
        if step > self.total_steps:
            raise ValueError(
                f"{type(self).__name__} stepped {step + 1} times, more than "
                f"total_steps={self.total_steps}"
            )
        anneal = _ANNEALING[self.anneal_strategy]
        values = []
        last = len(self._schedule_phases) - 1
        for group in self.optimizer.param_groups:
            start_step = 0
            for i, phase in enumerate(self._schedule_phases):
                end_step = phase["end_step"]
                if step <= end_step or i == last:
                    pct = (step - start_step) / (end_step - start_step)
                    values.append(
                        anneal(
                            group[phase[f"start_{self.param_name}"]],
                            group[phase[f"end_{self.param_name}"]],
                            pct,
                        )
                    )
                    break
                start_step = end_step
        return values


@PARAM_SCHEDULERS.register_module()
class CosineRestartParamScheduler(_ParamScheduler):
    """Cosine annealing restarted at the end of each of ``periods``.

    Period ``i`` starts at ``base_value * restart_weights[i]`` and anneals to
    ``eta_min`` (or ``base_value * eta_min_ratio``; exactly one must be
    given). After the last period the value is left unchanged.
    """

    _epoch_scaled_args = ("periods",)

    def __init__(
        self,
        optimizer: Any,
        param_name: str,
        periods: Sequence[int],
        restart_weights: Sequence[float] = (1,),
        eta_min: float | None = None,
        eta_min_ratio: float | None = None,
        begin: int = 0,
        end: int = INF,
        last_step: int = -1,
        by_epoch: bool = True,
        verbose: bool = False,
    ) -> None:
        if (eta_min is None) == (eta_min_ratio is None):
            raise ValueError(
                f"{type(self).__name__}: give exactly one of `eta_min` and "
                "`eta_min_ratio`"
            )
        if len(periods) != len(restart_weights):
            raise ValueError(
                f"{type(self).__name__}: `periods` ({len(periods)}) and "
                f"`restart_weights` ({len(restart_weights)}) must have the same "
                "length"
            )
        self.periods = list(periods)
        self.eta_min = eta_min
        self.eta_min_ratio = eta_min_ratio
        self.restart_weights = list(restart_weights)
        self.cumulative_periods = [
            sum(self.periods[: i + 1]) for i in range(len(self.periods))
        ]
        super().__init__(
            optimizer, param_name, begin, end, last_step, by_epoch, verbose
        )

    @staticmethod
    def get_position_from_periods(
        iteration: int, cumulative_periods: Sequence[int]
    ) -> int | None:
        """Index of the first cumulative period boundary above ``iteration``."""
        for i, period in enumerate(cumulative_periods):
            if iteration < period:
                return i
        return None

    def _get_value(self) -> list:
        idx = self.get_position_from_periods(self.last_step, self.cumulative_periods)
        if idx is None:
            return self._current_values()
        weight = self.restart_weights[idx]
        restart = 0 if idx == 0 else self.cumulative_periods[idx - 1]
        period = self.periods[idx]
        step = self.last_step - restart
        values = []
        for base, group in zip(self.base_values, self.optimizer.param_groups):
            eta_max = base * weight
            eta_min = (
                self.eta_min
                if self.eta_min_ratio is None
                else (base * self.eta_min_ratio)
            )
            if step == 0:
                values.append(eta_max)
                continue
            ratio = (1 + math.cos(math.pi * step / period)) / (
                1 + math.cos(math.pi * (step - 1) / period)
            )
            values.append(ratio * (group[self.param_name] - eta_min) + eta_min)
        return values
