"""Optimizer registration and ``build_optim_wrapper``.

Every ``torch.optim.Optimizer`` subclass in ``torch.optim`` is registered in
``OPTIMIZERS`` under its class name (found by introspection, so new PyTorch
optimizers appear automatically; ``torch.optim.Adafactor`` is registered as
``TorchAdafactor`` as MMEngine does, leaving ``Adafactor`` to transformers).
"""

from __future__ import annotations

import copy
import inspect
from collections.abc import Mapping
from typing import Any

import torch
import torch.nn as nn

from mmcompat.registry import OPTIM_WRAPPER_CONSTRUCTORS, OPTIM_WRAPPERS, OPTIMIZERS

from .optimizer_wrapper import OptimWrapper
from .optimizer_wrapper_dict import OptimWrapperDict

__all__ = ["TORCH_OPTIMIZERS", "register_torch_optimizers", "build_optim_wrapper"]


def register_torch_optimizers() -> list[str]:
    """Register all ``torch.optim`` optimizers; returns their names."""
    names = []
    for name in dir(torch.optim):
        if name.startswith("__"):
            continue
        obj = getattr(torch.optim, name)
        if not (inspect.isclass(obj) and issubclass(obj, torch.optim.Optimizer)):
            continue
        registered_name = "TorchAdafactor" if name == "Adafactor" else name
        if registered_name not in OPTIMIZERS.module_dict:
            OPTIMIZERS.register_module(name=registered_name, module=obj)
        names.append(name)
    return names


TORCH_OPTIMIZERS = register_torch_optimizers()


def build_optim_wrapper(model: nn.Module, cfg: Any) -> OptimWrapper:
    """Build an ``OptimWrapper`` (or ``OptimWrapperDict``) for ``model``.

    ``cfg`` is an ``optim_wrapper`` config. The cases follow MMEngine's
    ``Runner.build_optim_wrapper`` and ``mmengine.optim.build_optim_wrapper``:

    * an ``OptimWrapper`` instance is returned as is;
    * ``optimizer`` is a built ``torch.optim.Optimizer``: it is wrapped by the
      ``OPTIM_WRAPPERS`` type (``OptimWrapper`` by default);
    * ``optimizer`` is a config, or ``constructor`` is given: the constructor
      (``DefaultOptimWrapperConstructor`` by default, from
      ``OPTIM_WRAPPER_CONSTRUCTORS``) builds it with ``paramwise_cfg``; a
      custom constructor may return an ``OptimWrapperDict`` (several
      optimizers, e.g. ``generator``/``discriminator``);
    * otherwise every value must be a built ``OptimWrapper`` and they are
      gathered in an ``OptimWrapperDict``.
    """
    if isinstance(cfg, OptimWrapper):
        return cfg
    if not isinstance(cfg, Mapping):
        raise TypeError(
            "optim_wrapper must be an OptimWrapper or a config dict, got "
            f"{type(cfg).__name__}"
        )
    optimizer = cfg.get("optimizer", None)
    if isinstance(optimizer, torch.optim.Optimizer):
        wrapper_cfg = dict(cfg)
        wrapper_cfg.setdefault("type", "OptimWrapper")
        return OPTIM_WRAPPERS.build(wrapper_cfg)
    if optimizer is not None or "constructor" in cfg:
        optim_wrapper_cfg = copy.deepcopy(dict(cfg))
        constructor_type = optim_wrapper_cfg.pop(
            "constructor", "DefaultOptimWrapperConstructor"
        )
        paramwise_cfg = optim_wrapper_cfg.pop("paramwise_cfg", None)
        constructor = OPTIM_WRAPPER_CONSTRUCTORS.build(
            dict(
                type=constructor_type,
                optim_wrapper_cfg=optim_wrapper_cfg,
                paramwise_cfg=paramwise_cfg,
            )
        )
        return constructor(model)
    wrappers = {}
    for name, value in cfg.items():
        if not isinstance(value, OptimWrapper):
            raise ValueError(
                "optim_wrapper has neither `optimizer` nor `constructor`, so each of "
                f"its values must be a built OptimWrapper, but {name!r} is "
                f"{type(value).__name__}; to build several optimizers from configs "
                "set `constructor` to a multi-optimizer constructor"
            )
        wrappers[name] = value
    return OptimWrapperDict(**wrappers)
