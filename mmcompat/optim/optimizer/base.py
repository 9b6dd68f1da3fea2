"""``BaseOptimWrapper``: the interface every optimizer wrapper offers.

As in MMEngine 0.10.7, a wrapper whose optimizer has several param groups
carries an extra ``base_param_settings`` group (the optimizer's defaults,
with a dummy parameter). It is appended to ``param_groups`` so parameter
schedulers move it along with the real groups, and ``get_lr()`` reports it
as ``base_lr``: the schedule of the config's base lr, unaffected by
``paramwise_cfg`` multipliers.
"""

from __future__ import annotations

from abc import ABCMeta, abstractmethod
from typing import Any

import torch

__all__ = ["BaseOptimWrapper"]


class BaseOptimWrapper(metaclass=ABCMeta):
    """Common state handling of optimizer wrappers."""

    def __init__(self, optimizer: torch.optim.Optimizer) -> None:
        self.optimizer = optimizer
        self.base_param_settings = self._make_base_param_settings(optimizer)

    @staticmethod
    def _make_base_param_settings(optimizer: torch.optim.Optimizer) -> dict | None:
        if len(optimizer.param_groups) <= 1:
            return None
        settings: dict[str, Any] = {"params": torch.tensor([0.0], dtype=torch.float)}
        settings.update(**optimizer.defaults)
        return settings

    @abstractmethod
    def update_params(self, *args: Any, **kwargs: Any) -> None:
        """Backward, step and zero the gradients as one update."""

    @abstractmethod
    def backward(self, loss: torch.Tensor, **kwargs: Any) -> None:
        """Compute gradients of ``loss``."""

    @abstractmethod
    def zero_grad(self, **kwargs: Any) -> None:
        """Clear the gradients."""

    @abstractmethod
    def step(self, **kwargs: Any) -> None:
        """Update the parameters."""

    def state_dict(self) -> dict:
        """The optimizer's state dict, plus ``base_param_settings`` if any."""
        state_dict = self.optimizer.state_dict()
        if self.base_param_settings is not None:
            state_dict["base_param_settings"] = self.base_param_settings
        return state_dict

    def load_state_dict(self, state_dict: dict) -> None:
        """Load a state dict made by :meth:`state_dict` (not modified)."""
        state_dict = dict(state_dict)
        base_param_settings = state_dict.pop("base_param_settings", None)
        if base_param_settings is not None:
            self.base_param_settings = base_param_settings
        self.optimizer.load_state_dict(state_dict)

    @property
    def param_groups(self) -> list[dict]:
        """The optimizer's param groups (+ ``base_param_settings``)."""
        if self.base_param_settings is not None:
            return self.optimizer.param_groups + [self.base_param_settings]
        return self.optimizer.param_groups

    @property
    def defaults(self) -> dict:
        return self.optimizer.defaults

    def get_lr(self) -> dict[str, list[float]]:
        """``{'lr': [per group]}``, plus ``'base_lr'`` with several groups."""
        result = {}
        if self.base_param_settings is not None:
            result["base_lr"] = [self.base_param_settings["lr"]]
        result["lr"] = [group["lr"] for group in self.optimizer.param_groups]
        return result

    def get_momentum(self) -> dict[str, list[float]]:
        """``{'momentum': [per group]}``: ``momentum``, else ``betas[0]``, else 0."""
        momentum = []
        for group in self.optimizer.param_groups:
            if "momentum" in group:
                momentum.append(group["momentum"])
            elif "betas" in group:
                momentum.append(group["betas"][0])
            else:
                momentum.append(0)
        return dict(momentum=momentum)
