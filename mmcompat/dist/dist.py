"""Collectives with MMEngine's signatures (``mmengine.dist.dist``).

Outside a distributed run every collective is the identity: ``all_reduce``
and ``broadcast`` leave the data alone, ``all_gather(x)`` is ``[x]``,
``collect_results(r, n)`` is ``r[:n]``. Tensors may live on any device: they
travel on the backend's device (CUDA for NCCL, CPU otherwise) and come back
to where they were.
"""

from __future__ import annotations

import os
import pickle
import shutil
import tempfile
from collections import OrderedDict
from collections.abc import Iterable
from itertools import chain, zip_longest
from typing import Any

import numpy as np
import torch
from torch import Tensor
from torch import distributed as torch_dist
from torch._utils import _flatten_dense_tensors, _unflatten_dense_tensors

from .utils import (
    barrier,
    cast_data_device,
    get_backend,
    get_comm_device,
    get_data_device,
    get_default_group,
    get_dist_info,
    get_rank,
    get_world_size,
)

_REDUCE_OPS = {
    "sum": "SUM",
    "product": "PRODUCT",
    "min": "MIN",
    "max": "MAX",
    "band": "BAND",
    "bor": "BOR",
    "bxor": "BXOR",
}


def _get_reduce_op(name: str) -> Any:
    key = name.lower()
    if key not in _REDUCE_OPS:
        raise ValueError(
            f"reduce op must be one of {sorted(_REDUCE_OPS) + ['mean']}, got {name!r}"
        )
    return getattr(torch_dist.ReduceOp, _REDUCE_OPS[key])


def _or_default(group: Any) -> Any:
    return group if group is not None else get_default_group()


def all_reduce(data: Tensor, op: str = "sum", group: Any = None) -> None:
    """Reduce ``data`` in place over ``group`` so every rank holds the result.

    ``op``: 'sum', 'mean', 'product', 'min', 'max', 'band', 'bor', 'bxor'.
    'mean' is a sum divided by the world size (an integer tensor is
    truncated back into its dtype, as MMEngine).
    """
    world_size = get_world_size(group)
    if world_size <= 1:
        if op.lower() != "mean":
            _get_reduce_op(op)  # still reject a bad op name
        return
    group = _or_default(group)
    input_device = get_data_device(data)
    on_device = cast_data_device(data, get_comm_device(group))
    if op.lower() == "mean":
        torch_dist.all_reduce(on_device, _get_reduce_op("sum"), group)
        on_device = torch.true_divide(on_device, world_size)
    else:
        torch_dist.all_reduce(on_device, _get_reduce_op(op), group)
    cast_data_device(on_device, input_device, out=data)


def all_gather(data: Tensor, group: Any = None) -> list[Tensor]:
    """Every rank's ``data`` (same shape on all ranks), in rank order."""
    world_size = get_world_size(group)
    if world_size == 1:
        return [data]
    group = _or_default(group)
    input_device = get_data_device(data)
    backend_device = get_comm_device(group)
    on_device = cast_data_device(data, backend_device)
    gathered = [
        torch.empty_like(on_device, device=backend_device) for _ in range(world_size)
    ]
    torch_dist.all_gather(gathered, on_device, group)
    return cast_data_device(gathered, input_device)


def gather(data: Tensor, dst: int = 0, group: Any = None) -> list[Tensor]:
    """Every rank's ``data`` on rank ``dst`` (others get []). Not for NCCL."""
    world_size = get_world_size(group)
    if world_size == 1:
        return [data]
    group = _or_default(group)
    input_device = get_data_device(data)
    backend_device = get_comm_device(group)
    is_dst = get_rank(group) == dst
    gathered = (
        [torch.empty_like(data, device=backend_device) for _ in range(world_size)]
        if is_dst
        else []
    )
    torch_dist.gather(data, gathered if is_dst else None, dst, group)
    return cast_data_device(gathered, input_device) if is_dst else gathered


def broadcast(data: Tensor, src: int = 0, group: Any = None) -> None:
    """Overwrite ``data`` on every rank with rank ``src``'s ``data``."""
    if get_world_size(group) <= 1:
        return
    group = _or_default(group)
    input_device = get_data_device(data)
    on_device = cast_data_device(data, get_comm_device(group)).contiguous()
    torch_dist.broadcast(on_device, src, group)
    if get_rank(group) != src:
        cast_data_device(on_device, input_device, data)


def sync_random_seed(group: Any = None, seed: int | None = None) -> int:
    """A random seed that is the same on every rank (rank 0's).

    Without ``seed`` rank 0 draws one with ``np.random.randint(2**31)`` (as
    MMEngine, so numpy's global random state advances the same way). An int
    passed as the first argument is taken as ``seed``.
    """
    if isinstance(group, (int, np.integer)) and seed is None:
        group, seed = None, int(group)
    if seed is None:
        seed = int(np.random.randint(2**31))
    if get_world_size(group) == 1:
        return seed
    group = _or_default(group)
    device = get_comm_device(group)
    value = seed if get_rank(group) == 0 else 0
    random_num = torch.tensor(value, dtype=torch.int64, device=device)
    torch_dist.broadcast(random_num, src=0, group=group)
    return int(random_num.item())


def broadcast_object_list(data: list, src: int = 0, group: Any = None) -> None:
    """Replace the items of ``data`` with rank ``src``'s (picklable objects)."""
    if not isinstance(data, list):
        raise TypeError(f"data must be a list, got {type(data).__name__}")
    if get_world_size(group) > 1:
        torch_dist.broadcast_object_list(data, src, _or_default(group))


def all_reduce_dict(
    data: dict[str, Tensor], op: str = "sum", group: Any = None
) -> None:
    """``all_reduce`` every tensor of ``data`` in one flat collective."""
    if not isinstance(data, dict):
        raise TypeError(f"data must be a dict, got {type(data).__name__}")
    if get_world_size(group) <= 1:
        return
    keys = sorted(data)  # the same order on every rank
    shapes = [data[k].shape for k in keys]
    sizes = [data[k].numel() for k in keys]
    flat = torch.cat([data[k].flatten() for k in keys])
    all_reduce(flat, op=op, group=group)
    for key, part, shape in zip(keys, torch.split(flat, sizes), shapes):
        data[key] = part.reshape(shape)


def all_gather_object(data: Any, group: Any = None) -> list[Any]:
    """Every rank's picklable ``data``, in rank order."""
    world_size = get_world_size(group)
    if world_size == 1:
        return [data]
    gathered: list[Any] = [None] * world_size
    torch_dist.all_gather_object(gathered, data, _or_default(group))
    return gathered


def gather_object(data: Any, dst: int = 0, group: Any = None) -> list[Any] | None:
    """Every rank's picklable ``data`` on rank ``dst``; None elsewhere."""
    world_size = get_world_size(group)
    if world_size == 1:
        return [data]
    group = _or_default(group)
    gathered = [None] * world_size if get_rank(group) == dst else None
    torch_dist.gather_object(data, gathered, dst, group)
    return gathered


_PAD = object()


def _interleave(parts: list[list], size: int) -> list:
    # Samplers deal indices round-robin (rank r gets r, r + world, ...), so
    # the dataset order is rank 0's first item, rank 1's first item, ...
    # MMEngine pads the shorter parts with None and then drops every None,
    # which also drops genuine None results; a private pad keeps them.
    merged = [item for item in chain.from_iterable(zip_longest(*parts, fillvalue=_PAD))]
    return [item for item in merged if item is not _PAD][:size]


def collect_results(
    results: list, size: int, device: str = "cpu", tmpdir: str | None = None
) -> list | None:
    """Gather every rank's result list on rank 0, in dataset order.

    Returns ``results[:size]`` when not distributed; in a distributed run,
    rank 0 gets the interleaved lists truncated to ``size`` (dropping the
    samples the sampler repeated to even out the ranks) and other ranks get
    None.

    Args:
        results: this rank's results (picklable).
        size: the dataset length.
        device: 'cpu' (through files in ``tmpdir``, or through the gloo
            backend directly when that is the backend and ``tmpdir`` is None)
            or 'gpu' (through the communication device).
        tmpdir: a folder every rank can reach (cpu only).
    """
    if device not in ("cpu", "gpu", "npu"):
        raise NotImplementedError(
            f"device must be 'cpu', 'gpu' or 'npu', got {device!r}"
        )
    if device in ("gpu", "npu"):
        if tmpdir is not None:
            raise ValueError(f"tmpdir must be None when device is {device!r}")
        return collect_results_gpu(results, size)
    return collect_results_cpu(results, size, tmpdir)


def collect_results_cpu(
    result_part: list, size: int, tmpdir: str | None = None
) -> list | None:
    """``collect_results`` through the host.

    With the gloo backend and no ``tmpdir`` the parts travel through
    ``gather_object``; otherwise each rank pickles its part into ``tmpdir``
    (default: a fresh folder under ``./.dist_test``, shared by name from rank
    0, as MMEngine) and rank 0 reads them all.
    """
    rank, world_size = get_dist_info()
    if world_size == 1:
        return result_part[:size]
    if tmpdir is None and get_backend() == torch_dist.Backend.GLOO:
        parts = gather_object(result_part, dst=0)
        return _interleave(parts, size) if rank == 0 else None

    remove_dir = tmpdir is None
    if tmpdir is None:
        max_len = 512
        dir_tensor = torch.full((max_len,), 32, dtype=torch.uint8)
        if rank == 0:
            os.makedirs(".dist_test", exist_ok=True)
            encoded = tempfile.mkdtemp(dir=".dist_test").encode()
            if len(encoded) > max_len:
                raise ValueError(f"temporary folder name too long: {encoded!r}")
            dir_tensor[: len(encoded)] = torch.tensor(
                bytearray(encoded), dtype=torch.uint8
            )
        broadcast(dir_tensor, 0)
        tmpdir = dir_tensor.numpy().tobytes().decode().rstrip()
    else:
        os.makedirs(tmpdir, exist_ok=True)

    part_file = os.path.join(tmpdir, f"part_{rank}.pkl")
    with open(part_file + ".tmp", "wb") as f:
        pickle.dump(result_part, f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(part_file + ".tmp", part_file)
    barrier()
    if rank != 0:
        return None
    parts = []
    for i in range(world_size):
        path = os.path.join(tmpdir, f"part_{i}.pkl")
        if not os.path.exists(path):
            raise FileNotFoundError(
                f"{path} is missing: {tmpdir} must be a folder shared by all ranks"
            )
        with open(path, "rb") as f:
            parts.append(pickle.load(f))
    if remove_dir:
        shutil.rmtree(tmpdir, ignore_errors=True)
    return _interleave(parts, size)


def collect_results_gpu(result_part: list, size: int) -> list | None:
    """``collect_results`` through the communication device (all_gather_object)."""
    rank, world_size = get_dist_info()
    if world_size == 1:
        return result_part[:size]
    parts = all_gather_object(result_part)
    return _interleave(parts, size) if rank == 0 else None


def all_reduce_params(
    params: Iterable[Tensor],
    coalesce: bool = True,
    bucket_size_mb: int = -1,
    op: str = "sum",
    group: Any = None,
) -> None:
    """``all_reduce`` the ``.data`` of parameters or buffers, in place.

    With ``coalesce`` the tensors are flattened into one buffer per dtype (or
    per ``bucket_size_mb`` chunk) and reduced together.
    """
    if get_world_size(group) <= 1:
        return
    tensors = [p.data for p in params]
    if not coalesce:
        for tensor in tensors:
            all_reduce(tensor, op=op, group=group)
        return
    if bucket_size_mb > 0:
        from torch._utils import _take_tensors

        buckets: Iterable[list[Tensor]] = _take_tensors(
            tensors, bucket_size_mb * 1024 * 1024
        )
    else:
        by_type: OrderedDict[str, list[Tensor]] = OrderedDict()
        for tensor in tensors:
            by_type.setdefault(tensor.type(), []).append(tensor)
        buckets = by_type.values()
    for bucket in buckets:
        flat = _flatten_dense_tensors(bucket)
        all_reduce(flat, op=op, group=group)
        for tensor, synced in zip(bucket, _unflatten_dense_tensors(flat, bucket)):
            tensor.copy_(synced)
