"""Top-level config keys that only MMCV 1.x configs have."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["LEGACY_KEYS", "ITER_RUNNER_BY_EPOCH_FALSE", "legacy_keys_in", "hook_args"]

#: A config with any of these keys is a legacy MMCV 1.x config (MMEngine
#: configs say ``param_scheduler``, ``optim_wrapper``, ``default_hooks``,
#: ``train_cfg``, ``train_dataloader``... instead).
LEGACY_KEYS = (
    "lr_config",
    "optimizer_config",
    "momentum_config",
    "log_config",
    "checkpoint_config",
    "evaluation",
    "workflow",
    "runner",
    "total_epochs",
    "resume_from",
    "data",
)


def legacy_keys_in(cfg: Mapping[str, Any]) -> list[str]:
    """The :data:`LEGACY_KEYS` of ``cfg``, in that order."""
    return [key for key in LEGACY_KEYS if key in cfg]


#: The training-hook keys whose hooks MMCV 1.x's ``IterBasedRunner`` built
#: with ``by_epoch=False`` unless the config said otherwise (its
#: ``register_training_hooks``; for ``log_config``, each of its ``hooks``).
ITER_RUNNER_BY_EPOCH_FALSE = ("lr_config", "checkpoint_config", "log_config")


def hook_args(key: str, args: Mapping[str, Any], runner_by_epoch: bool) -> dict:
    """``args`` of a hook that training-hook ``key`` builds, with the
    ``by_epoch=False`` an ``IterBasedRunner`` (``runner_by_epoch`` False)
    gave it when the config did not say."""
    args = dict(args)
    if not runner_by_epoch and key in ITER_RUNNER_BY_EPOCH_FALSE:
        args.setdefault("by_epoch", False)
    return args
