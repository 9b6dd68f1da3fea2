"""Data: samplers (with resumable position), collate functions, datasets."""

from .base_dataset import BaseDataset, Compose, force_full_init
from .dataset_wrapper import ClassBalancedDataset, ConcatDataset, RepeatDataset
from .sampler import DefaultSampler, InfiniteSampler
from .torch_samplers import TORCH_SAMPLERS
from .utils import COLLATE_FUNCTIONS, default_collate, pseudo_collate, worker_init_fn

__all__ = [
    "BaseDataset",
    "Compose",
    "force_full_init",
    "ClassBalancedDataset",
    "ConcatDataset",
    "RepeatDataset",
    "DefaultSampler",
    "InfiniteSampler",
    "TORCH_SAMPLERS",
    "COLLATE_FUNCTIONS",
    "default_collate",
    "pseudo_collate",
    "worker_init_fn",
]
