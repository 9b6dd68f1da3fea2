"""The torch base classes MMEngine's ``parrots_wrapper`` names (the same
classes: on PyTorch there is nothing to wrap), for ``isinstance`` checks in
model code (``isinstance(m, _BatchNorm)``)."""

from __future__ import annotations

import torch
from torch.nn.modules.batchnorm import _BatchNorm
from torch.nn.modules.conv import _ConvNd, _ConvTransposeMixin
from torch.nn.modules.instancenorm import _InstanceNorm
from torch.nn.modules.pooling import (
    _AdaptiveAvgPoolNd,
    _AdaptiveMaxPoolNd,
    _AvgPoolNd,
    _MaxPoolNd,
)

__all__ = [
    "TORCH_VERSION",
    "DataLoader",
    "PoolDataLoader",
    "SyncBatchNorm",
    "_AdaptiveAvgPoolNd",
    "_AdaptiveMaxPoolNd",
    "_AvgPoolNd",
    "_BatchNorm",
    "_ConvNd",
    "_ConvTransposeMixin",
    "_InstanceNorm",
    "_MaxPoolNd",
    "_get_dataloader",
]

#: ``torch.__version__`` (MMEngine: ``'parrots'`` under Parrots)
TORCH_VERSION = torch.__version__
SyncBatchNorm = torch.nn.SyncBatchNorm


def _get_dataloader() -> tuple[type, type]:
    """``(DataLoader, PoolDataLoader)``: torch's ``DataLoader`` twice (the
    second was Parrots' pooled loader)."""
    return torch.utils.data.DataLoader, torch.utils.data.DataLoader


DataLoader, PoolDataLoader = _get_dataloader()
