"""Distributed environment: launch, ranks, devices (MMEngine's ``dist.utils``).

Every query works without an initialised process group and then describes a
single process: rank 0, world size 1, ``is_main_process()`` True.
"""

from __future__ import annotations

import datetime
import functools
import os
import subprocess
from collections.abc import Iterable, Mapping
from typing import Any, Callable

import torch
import torch.multiprocessing as mp
from torch import Tensor
from torch import distributed as torch_dist

_LOCAL_PROCESS_GROUP = None


def is_distributed() -> bool:
    """Whether a default process group is initialised."""
    return torch_dist.is_available() and torch_dist.is_initialized()


def get_default_group() -> Any:
    """The default process group (None when not distributed)."""
    if not is_distributed():
        return None
    return torch_dist.distributed_c10d._get_default_group()


def _or_default(group: Any) -> Any:
    return group if group is not None else get_default_group()


def infer_launcher() -> str:
    """Guess the launcher from the environment: pytorch, slurm, mpi or none."""
    if "WORLD_SIZE" in os.environ:
        return "pytorch"
    if "SLURM_NTASKS" in os.environ:
        return "slurm"
    if "OMPI_COMM_WORLD_LOCAL_RANK" in os.environ:
        return "mpi"
    return "none"


def init_dist(
    launcher: str, backend: str = "nccl", init_backend: str = "torch", **kwargs: Any
) -> None:
    """Initialise the default process group for ``launcher``.

    Args:
        launcher: 'pytorch' (``torchrun``: RANK, LOCAL_RANK, WORLD_SIZE,
            MASTER_ADDR, MASTER_PORT), 'slurm' (SLURM_* variables) or 'mpi'
            (OpenMPI variables).
        backend: 'nccl', 'gloo' or 'mpi'. 'nccl' falls back to 'gloo' when
            CUDA is unavailable (MMEngine fails instead).
        init_backend: only 'torch' is supported.
        **kwargs: passed to ``torch.distributed.init_process_group``;
            ``timeout`` is in seconds (as MMEngine's ``dist_cfg``).
    """
    if init_backend != "torch":
        raise ValueError(f"init_backend must be 'torch', got {init_backend!r}")
    if is_distributed():
        raise RuntimeError("the default process group is already initialised")
    timeout = kwargs.get("timeout")
    if timeout is not None and not isinstance(timeout, datetime.timedelta):
        try:
            kwargs["timeout"] = datetime.timedelta(seconds=timeout)
        except TypeError as exc:
            raise TypeError(
                "the distributed timeout must be a number of seconds, e.g. "
                f"dist_cfg=dict(backend='nccl', timeout=1800); got {timeout!r}"
            ) from exc
    required = _LAUNCHER_ENV.get(launcher)
    if required is None:
        raise ValueError(
            f"launcher must be 'pytorch', 'slurm' or 'mpi', got {launcher!r}"
        )
    _require_env(*required)  # before touching any global state
    if mp.get_start_method(allow_none=True) is None:
        mp.set_start_method("spawn")
    if backend == "nccl" and not torch.cuda.is_available():
        backend = "gloo"
    if launcher == "pytorch":
        _init_dist_pytorch(backend, **kwargs)
    elif launcher == "slurm":
        _init_dist_slurm(backend, **kwargs)
    else:
        _init_dist_mpi(backend, **kwargs)


_LAUNCHER_ENV = {
    "pytorch": ("RANK", "LOCAL_RANK", "WORLD_SIZE"),
    "slurm": ("SLURM_PROCID", "SLURM_NTASKS", "SLURM_NODELIST"),
    "mpi": (
        "OMPI_COMM_WORLD_LOCAL_RANK",
        "OMPI_COMM_WORLD_SIZE",
        "OMPI_COMM_WORLD_RANK",
    ),
}


def _require_env(*names: str) -> list[str]:
    missing = [name for name in names if name not in os.environ]
    if missing:
        raise KeyError(
            f"distributed launch needs the environment variables {missing}; "
            "start the script with a launcher such as torchrun or srun"
        )
    return [os.environ[name] for name in names]


def _set_device(local_rank: int) -> None:
    if torch.cuda.is_available():
        torch.cuda.set_device(local_rank)


def _init_dist_pytorch(backend: str, **kwargs: Any) -> None:
    rank, local_rank, world_size = _require_env("RANK", "LOCAL_RANK", "WORLD_SIZE")
    _set_device(int(local_rank))
    kwargs.setdefault("rank", int(rank))
    kwargs.setdefault("world_size", int(world_size))
    torch_dist.init_process_group(backend=backend, **kwargs)


def _init_dist_slurm(backend: str, port: int | None = None, **kwargs: Any) -> None:
    """SLURM: rank and size from SLURM_*, master from the first node."""
    proc_id, ntasks, node_list = _require_env(
        "SLURM_PROCID", "SLURM_NTASKS", "SLURM_NODELIST"
    )
    local_env = os.environ.get("SLURM_LOCALID")
    if local_env is not None:
        local_rank = int(local_env)
    else:
        local_rank = int(proc_id) % max(torch.cuda.device_count(), 1)
    if port is not None:
        os.environ["MASTER_PORT"] = str(port)
    else:
        os.environ.setdefault("MASTER_PORT", "29500")  # torch's default port
    if "MASTER_ADDR" not in os.environ:
        addr = subprocess.getoutput(f"scontrol show hostname {node_list} | head -n1")
        if not addr or " " in addr.strip():
            raise RuntimeError(
                "could not find the master node with `scontrol show hostname "
                f"{node_list}` (got {addr!r}); set MASTER_ADDR"
            )
        os.environ["MASTER_ADDR"] = addr.strip()
    os.environ["WORLD_SIZE"] = ntasks
    os.environ["LOCAL_RANK"] = str(local_rank)
    os.environ["RANK"] = proc_id
    _set_device(local_rank)
    torch_dist.init_process_group(backend=backend, **kwargs)


def _init_dist_mpi(backend: str, **kwargs: Any) -> None:
    local_rank, world_size, rank = _require_env(
        "OMPI_COMM_WORLD_LOCAL_RANK", "OMPI_COMM_WORLD_SIZE", "OMPI_COMM_WORLD_RANK"
    )
    _set_device(int(local_rank))
    os.environ.setdefault("MASTER_PORT", "29500")
    _require_env("MASTER_ADDR")
    os.environ["WORLD_SIZE"] = world_size
    os.environ["RANK"] = rank
    torch_dist.init_process_group(backend=backend, **kwargs)


def init_local_group(node_rank: int, num_gpus_per_node: int) -> None:
    """Create the group of the processes on this machine (collective call)."""
    global _LOCAL_PROCESS_GROUP
    if _LOCAL_PROCESS_GROUP is not None:
        raise RuntimeError("the local process group is already created")
    ranks = list(
        range(node_rank * num_gpus_per_node, (node_rank + 1) * num_gpus_per_node)
    )
    _LOCAL_PROCESS_GROUP = torch_dist.new_group(ranks)


def get_local_group() -> Any:
    """The local process group (None when not distributed)."""
    if not is_distributed():
        return None
    if _LOCAL_PROCESS_GROUP is None:
        raise RuntimeError(
            "the local process group is not created; call init_local_group first"
        )
    return _LOCAL_PROCESS_GROUP


def get_backend(group: Any = None) -> str | None:
    """The backend name of ``group`` ('nccl', 'gloo', ...), None if not distributed."""
    if not is_distributed():
        return None
    return torch_dist.get_backend(_or_default(group))


def get_world_size(group: Any = None) -> int:
    """Number of processes in ``group`` (1 when not distributed)."""
    if not is_distributed():
        return 1
    return torch_dist.get_world_size(_or_default(group))


def get_rank(group: Any = None) -> int:
    """Rank of this process in ``group`` (0 when not distributed)."""
    if not is_distributed():
        return 0
    return torch_dist.get_rank(_or_default(group))


def get_local_size() -> int:
    """Number of processes on this machine (1 when not distributed).

    Uses the local group if one was created, else ``LOCAL_WORLD_SIZE`` (set
    by torchrun); MMEngine raises without a local group.
    """
    if not is_distributed():
        return 1
    if _LOCAL_PROCESS_GROUP is not None:
        return torch_dist.get_world_size(_LOCAL_PROCESS_GROUP)
    if "LOCAL_WORLD_SIZE" in os.environ:
        return int(os.environ["LOCAL_WORLD_SIZE"])
    raise RuntimeError(
        "the local process group is not created (call init_local_group) and "
        "LOCAL_WORLD_SIZE is not set"
    )


def get_local_rank() -> int:
    """Rank of this process on its machine (0 when not distributed).

    Uses the local group if one was created, else ``LOCAL_RANK`` (set by
    torchrun and by ``init_dist``); MMEngine raises without a local group.
    """
    if not is_distributed():
        return 0
    if _LOCAL_PROCESS_GROUP is not None:
        return torch_dist.get_rank(_LOCAL_PROCESS_GROUP)
    if "LOCAL_RANK" in os.environ:
        return int(os.environ["LOCAL_RANK"])
    raise RuntimeError(
        "the local process group is not created (call init_local_group) and "
        "LOCAL_RANK is not set"
    )


def get_dist_info(group: Any = None) -> tuple[int, int]:
    """``(rank, world_size)`` of ``group``; ``(0, 1)`` when not distributed."""
    return get_rank(group), get_world_size(group)


def is_main_process(group: Any = None) -> bool:
    """Whether this is rank 0 of ``group``."""
    return get_rank(group) == 0


def master_only(func: Callable) -> Callable:
    """Run ``func`` on the main process only; other ranks get None."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if is_main_process():
            return func(*args, **kwargs)
        return None

    return wrapper


def barrier(group: Any = None) -> None:
    """Wait until every process of ``group`` arrives (no-op if not distributed)."""
    if is_distributed():
        torch_dist.barrier(_or_default(group))


def get_data_device(data: Tensor | Mapping | Iterable) -> torch.device:
    """The one device of a tensor, or of all tensors in a dict or sequence."""
    if isinstance(data, Tensor):
        return data.device
    if isinstance(data, Mapping):
        items: Iterable = data.values()
    elif isinstance(data, Iterable) and not isinstance(data, str):
        items = data
    else:
        raise TypeError(
            f"data must be a tensor, a sequence of tensors or a dict, got {data!r}"
        )
    device = None
    for item in items:
        current = get_data_device(item)
        if device is None:
            device = current
        elif current != device:
            raise ValueError(f"data is on more than one device: {device} and {current}")
    if device is None:
        raise ValueError("data must not be empty")
    return device


def get_comm_device(group: Any = None) -> torch.device:
    """The device collectives of ``group`` use: CUDA for NCCL, else CPU."""
    backend = get_backend(group)
    if backend == torch_dist.Backend.NCCL:
        return torch.device("cuda", torch.cuda.current_device())
    return torch.device("cpu")


def cast_data_device(data: Any, device: torch.device, out: Any = None) -> Any:
    """Move the tensors in ``data`` to ``device``; with ``out``, copy into it."""
    if out is not None:
        if type(data) is not type(out):
            raise TypeError(
                f"out must have the type of data ({type(data).__name__}), got "
                f"{type(out).__name__}"
            )
        if isinstance(out, set):
            raise TypeError("out must not be a set")
    if isinstance(data, Tensor):
        moved = data if data.device == device else data.to(device)
        if out is not None:
            out.copy_(moved)
        return moved
    if isinstance(data, Mapping):
        if out is not None and len(data) != len(out):
            raise ValueError(
                f"data and out must have the same length, got {len(data)} and {len(out)}"
            )
        if not data:
            raise ValueError("data must not be empty")
        return type(data)(
            {
                k: cast_data_device(v, device, None if out is None else out[k])
                for k, v in data.items()
            }
        )
    if isinstance(data, Iterable) and not isinstance(data, str):
        moved_items = []
        if out is not None:
            for item, out_item in zip(data, out):
                moved_items.append(cast_data_device(item, device, out_item))
        else:
            for item in data:
                moved_items.append(cast_data_device(item, device))
        if not moved_items:
            raise ValueError("data must not be empty")
        return type(data)(moved_items)
    raise TypeError(
        f"data must be a tensor, a sequence of tensors or a dict, got {data!r}"
    )
