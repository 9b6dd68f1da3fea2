"""How ``MODELS`` builds: as ``build_from_cfg``, and a list of configs
becomes a ``Sequential`` of the models (MMEngine's ``build_model_from_cfg``)."""

from __future__ import annotations

from typing import Any

from mmcompat.registry import MODELS, Registry, build_from_cfg

from .base_module import Sequential

__all__ = ["build_model_from_cfg"]


def build_model_from_cfg(
    cfg: dict | list, registry: Registry, default_args: dict | None = None
) -> Any:
    """Build a model; a list of configs becomes a ``Sequential``."""
    if isinstance(cfg, list):
        return Sequential(*(build_from_cfg(c, registry, default_args) for c in cfg))
    return build_from_cfg(cfg, registry, default_args)


MODELS.build_func = build_model_from_cfg
