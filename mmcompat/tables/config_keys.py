"""Top-level config keys that only MMCV 1.x configs have."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["LEGACY_KEYS", "legacy_keys_in"]

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
