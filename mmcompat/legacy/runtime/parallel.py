"""``mmcv.parallel`` with MMCV 1.7.2's semantics: ``DataContainer``,
``collate``, ``scatter``/``scatter_kwargs`` and the data-parallel wrappers.

Detection-style datasets wrap each sample's fields in ``DataContainer``s
(images to stack, boxes to keep as lists, metadata to keep on the CPU).
``collate(batch, samples_per_gpu)`` groups a batch into one chunk per
device: a stacked container holds a list of batched tensors, the images of
a chunk zero-padded (``padding_value``) to the largest in their last
``pad_dims`` dimensions; other containers hold lists of the samples' data.
``scatter`` hands each device its chunk (``[-1]``: the CPU, nothing moves),
and ``MMDataParallel`` scatters its inputs before calling the model, so the
model sees plain tensors and lists, as under MMCV.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Any

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor

__all__ = [
    "MMDataParallel",
    "MMDistributedDataParallel",
    "DataContainer",
    "collate",
    "scatter",
    "scatter_kwargs",
]


def _tensor_only(method: Any) -> Any:
    @functools.wraps(method)
    def wrapper(self: DataContainer, *args: Any, **kwargs: Any) -> Any:
        if not isinstance(self.data, Tensor):
            raise AttributeError(
                f"{type(self).__name__} has no attribute {method.__name__} for "
                f"type {self.datatype}"
            )
        return method(self, *args, **kwargs)

    return wrapper


class DataContainer:
    """``mmcv.parallel.DataContainer``: ``data`` with how to batch it
    (``stack``, ``padding_value``, ``pad_dims`` of 1 to 3 or None) and
    whether it stays on the CPU (``cpu_only``)."""

    def __init__(
        self,
        data: Any,
        stack: bool = False,
        padding_value: int = 0,
        cpu_only: bool = False,
        pad_dims: Any = 2,
    ) -> None:
        if pad_dims not in (None, 1, 2, 3):
            raise ValueError(f"pad_dims must be None, 1, 2 or 3, got {pad_dims!r}")
        self._data = data
        self._cpu_only = cpu_only
        self._stack = stack
        self._padding_value = padding_value
        self._pad_dims = pad_dims

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.data!r})"

    def __len__(self) -> int:
        return len(self._data)

    data = property(lambda self: self._data)
    stack = property(lambda self: self._stack)
    cpu_only = property(lambda self: self._cpu_only)
    padding_value = property(lambda self: self._padding_value)
    pad_dims = property(lambda self: self._pad_dims)

    @property
    def datatype(self) -> Any:
        if isinstance(self.data, Tensor):
            return self.data.type()
        return type(self.data)

    @_tensor_only
    def size(self, *args: Any, **kwargs: Any) -> Any:
        return self.data.size(*args, **kwargs)

    @_tensor_only
    def dim(self) -> int:
        return self.data.dim()


def _padded_stack(chunk: list) -> Tensor:
    """The chunk's tensors padded at the end of their last ``pad_dims``
    dimensions to the largest, then stacked (MMCV's image batching)."""
    from torch.utils.data import default_collate

    first = chunk[0]
    if first.pad_dims is None:
        return default_collate([sample.data for sample in chunk])
    pad_dims, ndim = first.pad_dims, first.dim()
    if ndim <= pad_dims:
        raise ValueError(f"cannot pad {pad_dims} dimensions of a {ndim}-d tensor")
    for sample in chunk:
        if sample.size()[: ndim - pad_dims] != first.size()[: ndim - pad_dims]:
            raise ValueError(
                "stacked DataContainers must agree outside their padded "
                f"dimensions, got {tuple(first.size())} and {tuple(sample.size())}"
            )
    largest = [max(s.size(-d) for s in chunk) for d in range(1, pad_dims + 1)]
    padded = []
    for sample in chunk:
        pad = [0] * (2 * pad_dims)
        for d in range(1, pad_dims + 1):
            pad[2 * d - 1] = largest[d - 1] - sample.size(-d)
        padded.append(F.pad(sample.data, pad, value=sample.padding_value))
    return default_collate(padded)


def collate(batch: Sequence, samples_per_gpu: int = 1) -> Any:
    """``mmcv.parallel.collate``: ``DataContainer`` fields batched per chunk
    of ``samples_per_gpu`` samples (see the module doc), sequences
    transposed and mappings collated key by key, as MMCV did; anything else
    goes to ``torch.utils.data.default_collate``."""
    from torch.utils.data import default_collate

    if not isinstance(batch, Sequence):
        raise TypeError(f"{type(batch).__name__} is not supported.")
    first = batch[0]
    if isinstance(first, DataContainer):
        chunks = [
            batch[i : i + samples_per_gpu]
            for i in range(0, len(batch), samples_per_gpu)
        ]
        if first.cpu_only:
            stacked = [[sample.data for sample in chunk] for chunk in chunks]
            return DataContainer(
                stacked, first.stack, first.padding_value, cpu_only=True
            )
        if first.stack:
            stacked = [_padded_stack(chunk) for chunk in chunks]
        else:
            stacked = [[sample.data for sample in chunk] for chunk in chunks]
        return DataContainer(stacked, first.stack, first.padding_value)
    if isinstance(first, Sequence):
        return [collate(samples, samples_per_gpu) for samples in zip(*batch)]
    if isinstance(first, Mapping):
        return {key: collate([d[key] for d in batch], samples_per_gpu) for key in first}
    return default_collate(batch)


def _to_device(obj: Any, gpu: int, device_type: str = "cuda") -> Any:
    if gpu < 0:
        return obj
    if isinstance(obj, Tensor):
        return obj.to(f"{device_type}:{gpu}", non_blocking=True)
    if isinstance(obj, (list, tuple)):
        return type(obj)(_to_device(o, gpu, device_type) for o in obj)
    return obj


def scatter(
    inputs: Any, target_gpus: list, dim: int = 0, *, device_type: str = "cuda"
) -> list:
    """MMCV's ``scatter``: one copy of ``inputs`` per target device
    (``[-1]``: the CPU, nothing moves); tensors are split along ``dim``;
    a ``DataContainer`` gives each device its chunk (moved unless
    ``cpu_only``). ``device_type`` (mmcompat's): the devices' type, for
    the MLU/NPU/MPS wrappers of :mod:`.device_parallel`."""

    def scatter_map(obj: Any) -> Any:
        if isinstance(obj, Tensor):
            if target_gpus == [-1]:
                return (obj,)
            chunks = obj.chunk(len(target_gpus), dim)
            return tuple(
                _to_device(c, g, device_type) for c, g in zip(chunks, target_gpus)
            )
        if isinstance(obj, DataContainer):
            if obj.cpu_only:
                return obj.data
            return tuple(
                _to_device(d, g, device_type) for d, g in zip(obj.data, target_gpus)
            )
        if isinstance(obj, tuple) and obj:
            return list(zip(*map(scatter_map, obj)))
        if isinstance(obj, list) and obj:
            return [list(x) for x in zip(*map(scatter_map, obj))]
        if isinstance(obj, dict) and obj:
            return [type(obj)(x) for x in zip(*map(scatter_map, obj.items()))]
        return [obj for _ in target_gpus]

    return scatter_map(inputs)


def scatter_kwargs(
    inputs: Any,
    kwargs: Any,
    target_gpus: list,
    dim: int = 0,
    *,
    device_type: str = "cuda",
) -> tuple[tuple, tuple]:
    """``scatter`` of the positional and keyword inputs, padded to the same
    number of devices."""
    inputs = (
        scatter(inputs, target_gpus, dim, device_type=device_type) if inputs else []
    )
    kwargs = (
        scatter(kwargs, target_gpus, dim, device_type=device_type) if kwargs else []
    )
    if len(inputs) < len(kwargs):
        inputs.extend([() for _ in range(len(kwargs) - len(inputs))])
    elif len(kwargs) < len(inputs):
        kwargs.extend([{} for _ in range(len(inputs) - len(kwargs))])
    return tuple(inputs), tuple(kwargs)


class MMDataParallel(nn.Module):
    """``mmcv.parallel.MMDataParallel`` for one device or the CPU.

    As MMCV's, every call (``forward``, ``train_step``, ``val_step``)
    scatters its inputs first (to ``device_ids[0]`` with CUDA, else ``[-1]``:
    ``DataContainer``s unwrapped, nothing moved) and calls the module with
    the first device's share; ``model.module`` is the wrapped model.
    """

    def __init__(
        self, module: nn.Module, device_ids: Any = None, dim: int = 0, **kwargs: Any
    ) -> None:
        super().__init__()
        self.module = module
        self.dim = dim
        cuda = torch.cuda.is_available()
        self.device_ids = list(device_ids) if device_ids and cuda else []
        if self.device_ids:
            self.module.to(f"cuda:{self.device_ids[0]}")

    def scatter(self, inputs: Any, kwargs: Any, device_ids: list) -> tuple:
        return scatter_kwargs(inputs, kwargs, device_ids, dim=self.dim)

    def _first_share(self, inputs: tuple, kwargs: dict) -> tuple[tuple, dict]:
        targets = self.device_ids[:1] or [-1]
        inputs, kwargs = self.scatter(inputs, kwargs, targets)
        return inputs[0], kwargs[0]

    def forward(self, *inputs: Any, **kwargs: Any) -> Any:
        inputs, kwargs = self._first_share(inputs, kwargs)
        return self.module(*inputs, **kwargs)

    def train_step(self, *inputs: Any, **kwargs: Any) -> Any:
        inputs, kwargs = self._first_share(inputs, kwargs)
        return self.module.train_step(*inputs, **kwargs)

    def val_step(self, *inputs: Any, **kwargs: Any) -> Any:
        inputs, kwargs = self._first_share(inputs, kwargs)
        return self.module.val_step(*inputs, **kwargs)


class MMDistributedDataParallel(MMDataParallel):
    """``mmcv.parallel.MMDistributedDataParallel``: inputs scattered as by
    :class:`MMDataParallel`; with a process group, the module runs inside a
    DDP wrapper (gradients all-reduced), else it is called directly."""

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

    def forward(self, *inputs: Any, **kwargs: Any) -> Any:
        inputs, kwargs = self._first_share(inputs, kwargs)
        return (self._ddp or self.module)(*inputs, **kwargs)
