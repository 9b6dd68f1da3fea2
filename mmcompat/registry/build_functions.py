"""Build functions of the root registries that need more than ``build_from_cfg``.

They live here, torch-free, and import the machinery they delegate to only
when called, so ``import mmcompat.registry`` stays cheap (MMEngine wires the
same functions into its root registries at import time).
"""

from __future__ import annotations

from typing import Any

from .registry import Registry, build_from_cfg


def build_scheduler_from_cfg(
    cfg: dict, registry: Registry, default_args: dict | None = None
) -> Any:
    """Build a parameter scheduler, honouring ``convert_to_iter_based``."""
    from ..optim.scheduler.builder import build_scheduler_from_cfg as build

    return build(cfg, registry, default_args)


def build_model_from_cfg(
    cfg: dict | list, registry: Registry, default_args: dict | None = None
) -> Any:
    """Build a model; a list of configs becomes a ``Sequential`` (MMEngine)."""
    if isinstance(cfg, list):
        from ..model.base_module import Sequential

        return Sequential(*(build_from_cfg(c, registry, default_args) for c in cfg))
    return build_from_cfg(cfg, registry, default_args)


def build_runner_from_cfg(cfg: dict, registry: Registry) -> Any:
    """Build a runner with ``Runner.from_cfg``; ``runner_type`` picks the class."""
    args = dict(cfg)
    runner_type = args.pop("runner_type", "Runner")
    if isinstance(runner_type, str):
        runner_cls = registry.get(runner_type)
        if runner_cls is None:
            raise registry.not_found_error(runner_type)
    else:
        runner_cls = runner_type
    from ..config import Config

    return runner_cls.from_cfg(Config(args) if not isinstance(cfg, Config) else cfg)
