"""``OptimWrapperDict``: several named optimizer wrappers (GANs and friends).

It does not train: ``update_params``/``backward``/``step``/``optim_context``
raise ``NotImplementedError`` (use each wrapper, e.g.
``optim_wrapper['generator'].update_params(loss)``). It exists so the runner
and hooks can save/load all states, zero all gradients and log every
learning rate (``{'generator.lr': [...], 'discriminator.lr': [...]}``)
without caring how many optimizers there are (MMEngine 0.10.7 semantics).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import torch
import torch.nn as nn

from .optimizer_wrapper import OptimWrapper

__all__ = ["OptimWrapperDict"]


class OptimWrapperDict(OptimWrapper):
    """A dict of ``OptimWrapper`` instances, given as keyword arguments."""

    def __init__(self, **optim_wrapper_dict: OptimWrapper) -> None:
        for key, value in optim_wrapper_dict.items():
            if not isinstance(value, OptimWrapper):
                raise TypeError(
                    "OptimWrapperDict only holds OptimWrapper instances, got "
                    f"{key}={type(value).__name__}"
                )
        # Deliberately no OptimWrapper.__init__: there is no single optimizer.
        self.optim_wrappers = optim_wrapper_dict

    def update_params(
        self,
        loss: torch.Tensor,
        step_kwargs: dict | None = None,
        zero_kwargs: dict | None = None,
    ) -> None:
        raise NotImplementedError(
            "OptimWrapperDict.update_params: call update_params of each optimizer "
            "wrapper separately (optim_wrapper[name].update_params(loss))"
        )

    def backward(self, loss: torch.Tensor, **kwargs: Any) -> None:
        raise NotImplementedError(
            "OptimWrapperDict.backward: call backward of each optimizer wrapper "
            "separately"
        )

    def step(self, **kwargs: Any) -> None:
        raise NotImplementedError(
            "OptimWrapperDict.step: call step of each optimizer wrapper separately"
        )

    def zero_grad(self, **kwargs: Any) -> None:
        for optim_wrapper in self.optim_wrappers.values():
            optim_wrapper.zero_grad()

    @contextmanager
    def optim_context(self, model: nn.Module) -> Iterator[None]:
        raise NotImplementedError(
            "OptimWrapperDict.optim_context: use optim_context of each optimizer "
            "wrapper separately"
        )
        yield  # pragma: no cover

    def initialize_count_status(
        self, model: nn.Module, cur_iter: int, max_iters: int
    ) -> None:
        """No-op: each wrapper is driven by the model's own train_step."""
        return

    @property
    def param_groups(self) -> dict[str, list[dict]]:  # type: ignore[override]
        return {key: value.param_groups for key, value in self.optim_wrappers.items()}

    def get_lr(self) -> dict[str, list[float]]:
        """``{'<name>.lr': [...]}`` (and ``'<name>.base_lr'`` where present)."""
        lr_dict = {}
        for name, optim_wrapper in self.optim_wrappers.items():
            inner = optim_wrapper.get_lr()
            if "base_lr" in inner:
                lr_dict[f"{name}.base_lr"] = inner["base_lr"]
            lr_dict[f"{name}.lr"] = inner["lr"]
        return lr_dict

    def get_momentum(self) -> dict[str, list[float]]:
        """``{'<name>.momentum': [...]}``."""
        return {
            f"{name}.momentum": optim_wrapper.get_momentum()["momentum"]
            for name, optim_wrapper in self.optim_wrappers.items()
        }

    def state_dict(self) -> dict:
        return {name: ow.state_dict() for name, ow in self.optim_wrappers.items()}

    def load_state_dict(self, state_dict: dict) -> None:
        for name, inner_state in state_dict.items():
            if name not in self.optim_wrappers:
                raise KeyError(
                    f"state dict has optimizer {name!r}, which this OptimWrapperDict "
                    f"does not have (has {list(self.optim_wrappers)})"
                )
            self.optim_wrappers[name].load_state_dict(inner_state)

    def items(self) -> Iterator[tuple[str, OptimWrapper]]:
        yield from self.optim_wrappers.items()

    def values(self) -> Iterator[OptimWrapper]:
        yield from self.optim_wrappers.values()

    def keys(self) -> Iterator[str]:
        yield from self.optim_wrappers.keys()

    def __getitem__(self, key: str) -> OptimWrapper:
        if key not in self.optim_wrappers:
            raise KeyError(
                f"no optimizer wrapper named {key!r} in OptimWrapperDict (has "
                f"{list(self.optim_wrappers)}); check the optimizer constructor"
            )
        return self.optim_wrappers[key]

    def __contains__(self, key: str) -> bool:
        return key in self.optim_wrappers

    def __len__(self) -> int:
        return len(self.optim_wrappers)

    def __repr__(self) -> str:
        return "".join(
            f"name: {name}\n{optim_wrapper!r}"
            for name, optim_wrapper in self.optim_wrappers.items()
        )
