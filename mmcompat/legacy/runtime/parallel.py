"""``mmcv.parallel``: the data-parallel wrappers, ``DataContainer`` and
``collate``, for one process (and DDP when a process group exists)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import torch
import torch.nn as nn

__all__ = ["MMDataParallel", "MMDistributedDataParallel", "DataContainer", "collate"]


class MMDataParallel(nn.Module):
    """``mmcv.parallel.MMDataParallel`` for one device (or the CPU).

    Single-device training needs no wrapper on the new runner; this one
    keeps ``model.module`` and forwards ``train_step``/``val_step``/calls.
    """

    def __init__(
        self, module: nn.Module, device_ids: Any = None, dim: int = 0, **kwargs: Any
    ) -> None:
        super().__init__()
        self.module = module
        self.device_ids = list(device_ids) if device_ids else []
        self.dim = dim
        if self.device_ids and torch.cuda.is_available():
            self.module.to(f"cuda:{self.device_ids[0]}")

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        return self.module(*args, **kwargs)

    def train_step(self, *args: Any, **kwargs: Any) -> Any:
        return self.module.train_step(*args, **kwargs)

    def val_step(self, *args: Any, **kwargs: Any) -> Any:
        return self.module.val_step(*args, **kwargs)


class MMDistributedDataParallel(MMDataParallel):
    """``mmcv.parallel.MMDistributedDataParallel``: on one process (no
    process group) it behaves like :class:`MMDataParallel`; with a process
    group, gradients are all-reduced by a DDP wrapper of the module."""

    def __init__(
        self, module: nn.Module, device_ids: Any = None, **kwargs: Any
    ) -> None:
        from mmcompat.dist import is_distributed

        super().__init__(module, device_ids)
        self._ddp = None
        if is_distributed():
            self._ddp = nn.parallel.DistributedDataParallel(
                module, device_ids=device_ids, **kwargs
            )

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        return (self._ddp or self.module)(*args, **kwargs)


class DataContainer:
    """``mmcv.parallel.DataContainer`` (minimal: holds ``data`` and flags)."""

    def __init__(
        self,
        data: Any,
        stack: bool = False,
        padding_value: int = 0,
        cpu_only: bool = False,
        pad_dims: int = 2,
    ) -> None:
        self._data = data
        self._cpu_only = cpu_only
        self._stack = stack
        self._padding_value = padding_value
        self._pad_dims = pad_dims

    data = property(lambda self: self._data)
    stack = property(lambda self: self._stack)
    cpu_only = property(lambda self: self._cpu_only)
    padding_value = property(lambda self: self._padding_value)
    pad_dims = property(lambda self: self._pad_dims)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.data!r})"

    def size(self, *args: Any) -> Any:
        return self.data.size(*args)

    def dim(self) -> int:
        return self.data.dim()


def collate(batch: Sequence, samples_per_gpu: int = 1) -> Any:
    """``mmcv.parallel.collate`` without DataContainer padding: containers
    are collated as lists of their data (stacked when ``stack`` and equal
    shapes); everything else as ``torch.utils.data.default_collate``."""
    from torch.utils.data import default_collate

    if not batch:
        return batch
    first = batch[0]
    if isinstance(first, DataContainer):
        datas = [b.data for b in batch]
        if first.stack and all(d.shape == datas[0].shape for d in datas):
            return DataContainer(torch.stack(datas), True, first.padding_value)
        return DataContainer(datas, first.stack, first.padding_value, first.cpu_only)
    if isinstance(first, dict):
        return {key: collate([b[key] for b in batch], samples_per_gpu) for key in first}
    if isinstance(first, (list, tuple)) and not isinstance(first, str):
        return [collate(list(s), samples_per_gpu) for s in zip(*batch)]
    return default_collate(batch)
