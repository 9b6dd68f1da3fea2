"""Collate functions and the DataLoader worker seeding function.

Both collate functions are registered in ``FUNCTIONS`` (MMEngine >= 0.7);
``COLLATE_FUNCTIONS`` is the old name of the same registry, kept for configs
and code written against MMEngine < 0.7.
"""

from __future__ import annotations

import random
import warnings
from collections.abc import Mapping, Sequence
from typing import Any, Callable

import numpy as np
import torch
from torch.utils.data._utils.collate import default_collate as torch_default_collate

from mmcompat.registry import FUNCTIONS

__all__ = ["COLLATE_FUNCTIONS", "default_collate", "pseudo_collate", "worker_init_fn"]

COLLATE_FUNCTIONS = FUNCTIONS


def worker_init_fn(
    worker_id: int,
    num_workers: int,
    rank: int,
    seed: int,
    disable_subprocess_warning: bool = False,
) -> None:
    """Seed numpy, ``random`` and torch in a DataLoader worker.

    The seed is ``num_workers * rank + worker_id + seed``: distinct for every
    worker of every rank, reproducible across runs. Bind the extra arguments
    with ``functools.partial`` before passing it to the DataLoader.
    """
    worker_seed = num_workers * rank + worker_id + seed
    np.random.seed(worker_seed)
    random.seed(worker_seed)
    torch.manual_seed(worker_seed)
    if disable_subprocess_warning and worker_id != 0:
        warnings.simplefilter("ignore")


def _is_data_element(obj: Any) -> bool:
    # MMEngine's BaseDataElement (and its subclasses in downstream projects)
    # are passed through as lists; recognise them by their interface.
    return callable(getattr(obj, "to_dict", None)) and callable(
        getattr(obj, "to", None)
    )


def _transpose(
    data_batch: Sequence, collate: Callable[[Sequence], Any], item: Sequence
) -> Any:
    it = iter(data_batch)
    size = len(next(it))
    if not all(len(other) == size for other in it):
        raise RuntimeError("each element in list of batch should be of equal size")
    transposed = list(zip(*data_batch))
    if isinstance(item, tuple):
        # Tuples become lists, like torch's default_collate.
        return [collate(samples) for samples in transposed]
    try:
        return type(item)([collate(samples) for samples in transposed])
    except TypeError:
        # Sequence types without a constructor from an iterable (range).
        return [collate(samples) for samples in transposed]


@FUNCTIONS.register_module()
def pseudo_collate(data_batch: Sequence) -> Any:
    """Transpose a list of samples into a batch *without stacking*.

    A list of dicts becomes a dict of lists (recursively; tuples become lists,
    namedtuples stay namedtuples); tensors, arrays and numbers are left as
    lists. Use it when samples differ in shape (images of different sizes).
    """
    item = data_batch[0]
    if isinstance(item, (str, bytes)):
        return data_batch
    if isinstance(item, tuple) and hasattr(item, "_fields"):
        return type(item)(*(pseudo_collate(samples) for samples in zip(*data_batch)))
    if isinstance(item, Sequence):
        return _transpose(data_batch, pseudo_collate, item)
    if isinstance(item, Mapping):
        return type(item)(
            {key: pseudo_collate([d[key] for d in data_batch]) for key in item}
        )
    return data_batch


@FUNCTIONS.register_module()
def default_collate(data_batch: Sequence) -> Any:
    """Transpose like :func:`pseudo_collate`, then stack leaves with torch's
    ``default_collate`` (tensors stacked, numbers and arrays to tensors).

    Data samples (objects with ``to``/``to_dict``, like MMEngine's
    ``BaseDataElement``), strings and bytes stay lists. All tensors at one
    position must have the same shape.
    """
    item = data_batch[0]
    if isinstance(item, (str, bytes)) or _is_data_element(item):
        return data_batch
    if isinstance(item, tuple) and hasattr(item, "_fields"):
        return type(item)(*(default_collate(samples) for samples in zip(*data_batch)))
    if isinstance(item, Sequence):
        return _transpose(data_batch, default_collate, item)
    if isinstance(item, Mapping):
        return type(item)(
            {key: default_collate([d[key] for d in data_batch]) for key in item}
        )
    return torch_default_collate(data_batch)
