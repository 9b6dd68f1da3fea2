"""MMCV 1.x's checkpoint and optimizer functions: ``save_checkpoint(model,
filename, optimizer, meta)``, ``load_checkpoint`` and ``build_optimizer``
(which returns the torch optimizer, not a wrapper)."""

from __future__ import annotations

import time
from typing import Any, Optional

import torch
import torch.nn as nn

__all__ = [
    "save_checkpoint",
    "load_checkpoint",
    "build_optimizer",
    "runner_meta",
    "stamped",
]


def runner_meta(meta: Optional[dict], runner: Any) -> dict:
    """The ``meta`` MMCV's runners saved in a checkpoint: ``meta`` (the
    caller's, e.g. ``checkpoint_config.meta``), the runner's ``meta`` over
    it, then the runner's counters as ``epoch + 1`` and ``iter`` (an
    IterBasedRunner's hook saves ``iter_10.pth`` with ``iter=9``, and
    resuming from it trains iteration 9 again); ``runner`` is the legacy
    runner or its view."""
    out = dict(meta or {})
    out.update(runner.meta or {})
    out.update(epoch=runner.epoch + 1, iter=runner.iter)
    return out


def stamped(meta: dict) -> dict:
    """``meta`` with what ``mmcv.runner.save_checkpoint`` added to it:
    ``mmcv_version`` (the reported one) and ``time``."""
    from .aliases import reported_version

    return dict(meta, mmcv_version=reported_version(), time=time.asctime())


def save_checkpoint(
    model: nn.Module,
    filename: str,
    optimizer: Any = None,
    meta: Optional[dict] = None,
    file_client_args: Optional[dict] = None,
) -> None:
    """``mmcv.runner.save_checkpoint``: ``meta`` (+ ``mmcv_version``,
    ``time``), ``state_dict`` (unwrapped, on CPU) and ``optimizer`` (a state
    dict, or a dict of them), written atomically."""
    from mmcompat.runner.checkpoint import get_state_dict, weights_to_cpu
    from mmcompat.runner.checkpoint import save_checkpoint as _save

    from .model import unwrap_legacy

    if meta is None:
        meta = {}
    elif not isinstance(meta, dict):
        raise TypeError(f"meta must be a dict or None, but got {type(meta)}")
    checkpoint: dict = {
        "meta": stamped(meta),
        "state_dict": weights_to_cpu(get_state_dict(unwrap_legacy(model))),
    }
    if isinstance(optimizer, torch.optim.Optimizer):
        checkpoint["optimizer"] = optimizer.state_dict()
    elif isinstance(optimizer, dict):
        checkpoint["optimizer"] = {k: o.state_dict() for k, o in optimizer.items()}
    _save(checkpoint, filename, file_client_args=file_client_args)


def load_checkpoint(
    model: nn.Module,
    filename: str,
    map_location: Any = None,
    strict: bool = False,
    logger: Any = None,
    revise_keys: list = [(r"^module\.", "")],  # noqa: B006 (MMCV's signature)
) -> dict:
    """``mmcv.runner.load_checkpoint`` (weights into the unwrapped model)."""
    from mmcompat.runner import load_checkpoint as _load

    from .model import unwrap_legacy

    return _load(
        unwrap_legacy(model),
        filename,
        map_location=map_location,
        strict=strict,
        logger=logger,
        revise_keys=revise_keys,
    )


def build_optimizer(model: nn.Module, cfg: dict) -> Any:
    """``mmcv.runner.build_optimizer``: a torch optimizer (or, for a config
    of several, a dict of them) with ``paramwise_cfg`` applied."""
    from mmcompat.optim import build_optim_wrapper

    cfg = dict(cfg)
    constructor = cfg.pop("constructor", None)
    paramwise_cfg = cfg.pop("paramwise_cfg", None)
    wrapper_cfg: dict = dict(optimizer=cfg)
    if paramwise_cfg is not None:
        wrapper_cfg["paramwise_cfg"] = paramwise_cfg
    if constructor is not None:
        wrapper_cfg["constructor"] = constructor
    return build_optim_wrapper(model, wrapper_cfg).optimizer
