"""MMCV 1.x kept ``Conv2d``, ``ConvTranspose2d``, ``Linear`` and ``MaxPool2d``
in ``mmcv.ops`` as deprecated aliases of its empty-tensor-safe wrappers in
``mmcv.cnn``.  Current PyTorch layers accept empty batches themselves, so the
torch layers serve, with MMCV's deprecation warning."""

from __future__ import annotations

import warnings
from typing import Any

from torch import nn


def _warn(name: str) -> None:
    warnings.warn(
        f'Importing {name} wrapper from "mmcv.ops" will be deprecated in the future. '
        'Please import them from "mmcv.cnn" instead',
        DeprecationWarning,
    )


class Conv2d(nn.Conv2d):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _warn("Conv2d")


class ConvTranspose2d(nn.ConvTranspose2d):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _warn("ConvTranspose2d")


class Linear(nn.Linear):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _warn("Linear")


class MaxPool2d(nn.MaxPool2d):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _warn("MaxPool2d")
