"""Small helpers shared by the runner and its loops."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Optional

import torch


def calc_dynamic_intervals(
    start_interval: int,
    dynamic_interval_list: Optional[Sequence[tuple[int, int]]] = None,
) -> tuple[list[int], list[int]]:
    """Milestones and intervals for ``dynamic_intervals`` of a train loop.

    ``dynamic_interval_list`` holds ``(milestone, interval)`` pairs: from
    ``milestone`` (an epoch or an iteration) on, validation runs every
    ``interval``. Returns ``([0, m1, m2 ...], [start_interval, i1, i2 ...])``
    for :func:`bisect.bisect`.
    """
    milestones = [0]
    intervals = [start_interval]
    if dynamic_interval_list is None:
        return milestones, intervals
    for item in dynamic_interval_list:
        if not (isinstance(item, (tuple, list)) and len(item) == 2):
            raise TypeError(
                "dynamic_intervals must be a list of (milestone, interval) "
                f"pairs, got {item!r} in {dynamic_interval_list!r}"
            )
        milestones.append(item[0])
        intervals.append(item[1])
    return milestones, intervals


def get_device() -> str:
    """The device a model is moved to: ``'cuda'``, ``'mps'`` or ``'cpu'``.

    As MMEngine's ``get_device``: ``CUDA_VISIBLE_DEVICES=-1`` forces the CPU.
    """
    if torch.cuda.is_available():
        return "cuda"
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        return "mps"
    return "cpu"


def unwrap_model(model: Any) -> Any:
    """The model inside a data-parallel wrapper (or the model itself)."""
    from mmcompat.model import is_model_wrapper

    return model.module if is_model_wrapper(model) else model


def get_batch_size(dataloader: Any) -> int:
    """Batch size of a dataloader object or config (``batch_size`` or
    ``batch_sampler.batch_size``)."""
    from torch.utils.data import DataLoader

    if isinstance(dataloader, dict):
        if "batch_size" in dataloader:
            return dataloader["batch_size"]
        batch_sampler = dataloader.get("batch_sampler")
        if isinstance(batch_sampler, dict) and "batch_size" in batch_sampler:
            return batch_sampler["batch_size"]
        raise ValueError(
            "dataloader config needs `batch_size` (or `batch_sampler.batch_size`), "
            f"got keys {sorted(dataloader)}"
        )
    if isinstance(dataloader, DataLoader):
        if dataloader.batch_size is not None:
            return dataloader.batch_size
        return dataloader.batch_sampler.batch_size
    raise TypeError(
        f"dataloader must be a dict or a DataLoader, got {type(dataloader).__name__}"
    )
