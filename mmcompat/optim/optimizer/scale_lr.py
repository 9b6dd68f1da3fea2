"""Linear learning-rate scaling by batch size (``auto_scale_lr``).

MMEngine's ``Runner.scale_lr``: with ``auto_scale_lr=dict(enable=True,
base_batch_size=16)``, every param group's lr is multiplied by
``real_batch_size / base_batch_size``, where the real batch size is the
total over all processes (``world_size * train_dataloader.batch_size``).
It must run after the optimizer wrapper is built and before the schedulers
are (they record the initial lr). As in MMEngine, the ``base_lr`` tracked by
a multi-group wrapper (``base_param_settings``) is not scaled.
"""

from __future__ import annotations

from typing import Any

from .._log import print_log
from .optimizer_wrapper import OptimWrapper
from .optimizer_wrapper_dict import OptimWrapperDict

__all__ = ["scale_lr"]


def scale_lr(
    optim_wrapper: OptimWrapper | dict,
    auto_scale_lr: dict | None,
    real_bs: int,
) -> float | None:
    """Scale the learning rates for the real total batch size, in place.

    Args:
        optim_wrapper: a built ``OptimWrapper``/``OptimWrapperDict`` (MMEngine's
            exact behaviour: each param group's lr is scaled), or an
            ``optim_wrapper`` config dict (``optimizer.lr`` is scaled, or each
            sub-config's for a dict of configs).
        auto_scale_lr: ``dict(enable=..., base_batch_size=...)`` or None.
        real_bs: the total batch size (world size x per-process batch size).

    Returns:
        The ratio applied, or None when scaling is disabled.
    """
    if auto_scale_lr is None or not auto_scale_lr.get("enable", False):
        return None
    if "base_batch_size" not in auto_scale_lr:
        raise KeyError(
            "auto_scale_lr.base_batch_size is required when auto_scale_lr.enable=True"
        )
    base_bs = auto_scale_lr["base_batch_size"]
    if not base_bs or base_bs <= 0:
        raise ValueError(
            f"auto_scale_lr.base_batch_size must be a positive number, got {base_bs!r}"
        )
    ratio = float(real_bs) / float(base_bs)
    print_log(
        f"LR is set based on batch size of {base_bs} and the current batch size is "
        f"{real_bs}. Scaling the original LR by {ratio}."
    )
    if isinstance(optim_wrapper, OptimWrapperDict):
        wrappers: list[Any] = list(optim_wrapper.values())
    elif isinstance(optim_wrapper, OptimWrapper):
        wrappers = [optim_wrapper]
    elif isinstance(optim_wrapper, dict):
        _scale_cfg(optim_wrapper, ratio)
        return ratio
    else:
        raise TypeError(
            "scale_lr needs an OptimWrapper or an optim_wrapper config, got "
            f"{type(optim_wrapper).__name__}"
        )
    for wrapper in wrappers:
        for group in wrapper.optimizer.param_groups:
            group["lr"] = group["lr"] * ratio
    return ratio


def _scale_cfg(cfg: dict, ratio: float) -> None:
    optimizer = cfg.get("optimizer")
    if isinstance(optimizer, dict):
        if "lr" not in optimizer:
            raise KeyError(
                "auto_scale_lr: optim_wrapper.optimizer has no `lr` to scale"
            )
        optimizer["lr"] = optimizer["lr"] * ratio
        return
    subs = [v for v in cfg.values() if isinstance(v, dict) and "optimizer" in v]
    if not subs:
        raise KeyError(
            "auto_scale_lr: optim_wrapper config has no optimizer.lr to scale"
        )
    for sub in subs:
        _scale_cfg(sub, ratio)
