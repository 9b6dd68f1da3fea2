"""MMCV 1.x builders: ``build_runner``, the optimizer constructors and
``mmcv.device.get_device``.

``build_runner(cfg, default_args)`` builds the runner constructor named by
``cfg['constructor']`` (``DefaultRunnerConstructor``) from
``RUNNER_BUILDERS``, which builds ``cfg`` from ``RUNNERS``, where MMCV's
runner names (``EpochBasedRunner``, ``IterBasedRunner``, ``Runner``) are
the legacy facades (:mod:`.runner`). ``DefaultOptimizerConstructor`` is
MMCV's constructor API (``optimizer_cfg``, ``paramwise_cfg``,
``add_params``, ``__call__(model)`` -> a torch optimizer) over the new
default constructor; subclasses registered in ``OPTIMIZER_BUILDERS`` are
used by ``build_optimizer(model, dict(constructor=...))``.
"""

from __future__ import annotations

import copy
from typing import Any, Optional

import torch

from mmcompat.optim.optimizer.default_constructor import (
    DefaultOptimWrapperConstructor,
)

from .registry import Registry, build_from_cfg
from .runner import EpochBasedRunner, IterBasedRunner

__all__ = [
    "RUNNERS",
    "RUNNER_BUILDERS",
    "DefaultRunnerConstructor",
    "build_runner",
    "build_runner_constructor",
    "OPTIMIZER_BUILDERS",
    "DefaultOptimizerConstructor",
    "build_optimizer_constructor",
    "build_optimizer",
    "get_device",
]

#: MMCV's ``mmcv.runner.RUNNERS``
RUNNERS = Registry("runner", scope="mmcv")
#: MMCV's ``mmcv.runner.RUNNER_BUILDERS``
RUNNER_BUILDERS = Registry("runner builder", scope="mmcv")
#: MMCV's ``mmcv.runner.OPTIMIZER_BUILDERS``
OPTIMIZER_BUILDERS = Registry("optimizer builder", scope="mmcv")

RUNNERS.register_module(module=EpochBasedRunner)
RUNNERS.register_module(module=IterBasedRunner)
RUNNERS.register_module(name="Runner", module=EpochBasedRunner)


@RUNNER_BUILDERS.register_module()
class DefaultRunnerConstructor:
    """Builds ``runner_cfg`` from ``RUNNERS`` with ``default_args`` (the
    model, optimizer, work_dir, logger, meta a training script passes)."""

    def __init__(self, runner_cfg: dict, default_args: Optional[dict] = None) -> None:
        if not isinstance(runner_cfg, dict):
            raise TypeError(f"runner_cfg should be a dict, but got {type(runner_cfg)}")
        self.runner_cfg = runner_cfg
        self.default_args = default_args

    def __call__(self) -> Any:
        return RUNNERS.build(self.runner_cfg, default_args=self.default_args)


def build_runner_constructor(cfg: dict) -> Any:
    return RUNNER_BUILDERS.build(cfg)


def build_runner(cfg: dict, default_args: Optional[dict] = None) -> Any:
    """MMCV's ``build_runner``: ``cfg`` (``runner=dict(type=...,
    max_epochs=...)``) plus ``default_args``, through its constructor."""
    runner_cfg = copy.deepcopy(dict(cfg))
    constructor_type = runner_cfg.pop("constructor", "DefaultRunnerConstructor")
    constructor = build_runner_constructor(
        dict(type=constructor_type, runner_cfg=runner_cfg, default_args=default_args)
    )
    return constructor()


@OPTIMIZER_BUILDERS.register_module()
class DefaultOptimizerConstructor(DefaultOptimWrapperConstructor):
    """MMCV's ``DefaultOptimizerConstructor(optimizer_cfg, paramwise_cfg)``:
    calling it with a model returns the torch optimizer."""

    def __init__(
        self, optimizer_cfg: dict, paramwise_cfg: Optional[dict] = None
    ) -> None:
        if not isinstance(optimizer_cfg, dict):
            raise TypeError(
                f"optimizer_cfg should be a dict, but got {type(optimizer_cfg)}"
            )
        super().__init__(dict(optimizer=optimizer_cfg), paramwise_cfg)

    def __call__(self, model: torch.nn.Module) -> torch.optim.Optimizer:
        return super().__call__(model).optimizer


def build_optimizer_constructor(cfg: dict) -> Any:
    return build_from_cfg(cfg, OPTIMIZER_BUILDERS)


def build_optimizer(model: torch.nn.Module, cfg: dict) -> Any:
    """MMCV's ``build_optimizer``: the constructor named by
    ``cfg['constructor']`` (a legacy one from ``OPTIMIZER_BUILDERS``, else
    the new constructors) builds the optimizer."""
    from .checkpoint import build_optimizer as build_with_new_constructors

    cfg = dict(cfg)
    name = cfg.get("constructor", "DefaultOptimizerConstructor")
    if isinstance(name, str) and OPTIMIZER_BUILDERS.get(name) is None:
        return build_with_new_constructors(model, cfg)
    cfg.pop("constructor", None)
    paramwise_cfg = cfg.pop("paramwise_cfg", None)
    constructor = build_optimizer_constructor(
        dict(type=name, optimizer_cfg=cfg, paramwise_cfg=paramwise_cfg)
    )
    return constructor(model)


def get_device() -> str:
    """MMCV's ``get_device``: the first available of npu, cuda, mlu, mps,
    else ``'cpu'``."""
    checks = (
        ("npu", lambda: hasattr(torch, "npu") and torch.npu.is_available()),
        ("cuda", torch.cuda.is_available),
        (
            "mlu",
            lambda: hasattr(torch, "is_mlu_available") and torch.is_mlu_available(),
        ),
        (
            "mps",
            lambda: (
                hasattr(torch.backends, "mps") and torch.backends.mps.is_available()
            ),
        ),
    )
    for name, available in checks:
        if available():
            return name
    return "cpu"
