"""Rank/world size and the shared sampler seed.

``mmcompat.dist`` provides both; this module falls back to
``torch.distributed`` directly when that package does not provide them (e.g.
a trimmed build), with the same semantics as MMEngine's ``sync_random_seed``:
rank 0 draws ``np.random.randint(2**31)`` and broadcasts it.
"""

from __future__ import annotations


def get_dist_info() -> tuple[int, int]:
    try:
        from mmcompat.dist import get_dist_info as _get_dist_info
    except ImportError:
        import torch.distributed as dist

        if dist.is_available() and dist.is_initialized():
            return dist.get_rank(), dist.get_world_size()
        return 0, 1
    return _get_dist_info()


def sync_random_seed() -> int:
    try:
        from mmcompat.dist import sync_random_seed as _sync_random_seed
    except ImportError:
        import numpy as np
        import torch
        import torch.distributed as dist

        seed = int(np.random.randint(2**31))
        if not (dist.is_available() and dist.is_initialized()):
            return seed
        tensor = torch.tensor(seed, dtype=torch.int32)
        if dist.get_backend() == "nccl":
            tensor = tensor.cuda()
        dist.broadcast(tensor, src=0)
        return int(tensor.item())
    return _sync_random_seed()
