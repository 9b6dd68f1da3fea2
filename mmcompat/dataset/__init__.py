"""Data: samplers (with resumable position), collate functions, datasets."""

from .sampler import DefaultSampler, InfiniteSampler
from .utils import COLLATE_FUNCTIONS, default_collate, pseudo_collate, worker_init_fn

__all__ = [
    "DefaultSampler",
    "InfiniteSampler",
    "COLLATE_FUNCTIONS",
    "default_collate",
    "pseudo_collate",
    "worker_init_fn",
]
