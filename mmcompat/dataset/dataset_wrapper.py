"""Dataset wrappers: concatenate, repeat, class-balanced oversampling."""

from __future__ import annotations

import bisect
import copy
import math
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import numpy as np
from torch.utils.data.dataset import ConcatDataset as _TorchConcatDataset

from mmcompat.registry import DATASETS

from .base_dataset import BaseDataset, force_full_init

__all__ = ["ClassBalancedDataset", "ConcatDataset", "RepeatDataset"]


def _build(dataset: BaseDataset | dict) -> BaseDataset:
    if isinstance(dataset, dict):
        return DATASETS.build(dataset)
    if isinstance(dataset, BaseDataset):
        return dataset
    raise TypeError(f"expected a dataset config or a BaseDataset, got {type(dataset)}")


def _no_subset(wrapper: str) -> NotImplementedError:
    return NotImplementedError(
        f"{wrapper} does not support get_subset/get_subset_; take the subset of "
        f"the wrapped dataset first, then wrap it"
    )


def _same_meta(a: Any, b: Any) -> bool:
    if isinstance(a, np.ndarray):
        return np.array_equal(a, b)
    return a == b


class _IndexWrapper:
    """Shared behaviour of wrappers that map an index into one dataset."""

    dataset: BaseDataset
    _fully_initialized: bool

    @property
    def metainfo(self) -> dict:
        return copy.deepcopy(self._metainfo)

    def _get_ori_dataset_idx(self, idx: int) -> int:
        raise NotImplementedError

    @force_full_init
    def get_data_info(self, idx: int) -> dict:
        return self.dataset.get_data_info(self._get_ori_dataset_idx(idx))

    def __getitem__(self, idx: int) -> Any:
        if not self._fully_initialized:
            self.full_init()
        return self.dataset[self._get_ori_dataset_idx(idx)]

    def get_subset_(self, indices: Any) -> None:
        raise _no_subset(type(self).__name__)

    def get_subset(self, indices: Any) -> BaseDataset:
        raise _no_subset(type(self).__name__)


@DATASETS.register_module()
class ConcatDataset(_TorchConcatDataset):
    """Datasets one after another; their metainfo must agree.

    Args:
        datasets: datasets or configs.
        lazy_init: defer ``full_init``.
        ignore_keys: metainfo keys allowed to differ (the first dataset's
            value is kept).
    """

    def __init__(
        self,
        datasets: Sequence[BaseDataset | dict],
        lazy_init: bool = False,
        ignore_keys: str | list[str] | None = None,
    ) -> None:
        self.datasets = [_build(d) for d in datasets]
        if ignore_keys is None:
            ignore_keys = []
        elif isinstance(ignore_keys, str):
            ignore_keys = [ignore_keys]
        elif not isinstance(ignore_keys, list):
            raise TypeError(
                f"ignore_keys must be a str or a list, got {type(ignore_keys)}"
            )
        self.ignore_keys = ignore_keys
        self._metainfo = self.datasets[0].metainfo
        keys = set().union(*(d.metainfo.keys() for d in self.datasets))
        for i, dataset in enumerate(self.datasets, 1):
            meta = dataset.metainfo
            for key in keys - set(self.ignore_keys):
                if key not in meta:
                    raise ValueError(
                        f"{key} is not in the meta information of dataset {i}"
                    )
                if type(meta[key]) is not type(self._metainfo.get(key)):
                    raise TypeError(
                        f"metainfo {key!r} of dataset {i} has type {type(meta[key])}, "
                        f"the first dataset's has {type(self._metainfo.get(key))}"
                    )
                if not _same_meta(self._metainfo[key], meta[key]):
                    raise ValueError(
                        f"metainfo {key!r} of dataset {i} differs from the first dataset's"
                    )
        self._fully_initialized = False
        if not lazy_init:
            self.full_init()

    @property
    def metainfo(self) -> dict:
        return copy.deepcopy(self._metainfo)

    def full_init(self) -> None:
        if self._fully_initialized:
            return
        for dataset in self.datasets:
            dataset.full_init()
        super().__init__(self.datasets)
        self._fully_initialized = True

    @force_full_init
    def _get_ori_dataset_idx(self, idx: int) -> tuple[int, int]:
        if idx < 0:
            if -idx > len(self):
                raise ValueError(f"index {idx} is out of range for length {len(self)}")
            idx += len(self)
        dataset_idx = bisect.bisect_right(self.cumulative_sizes, idx)
        offset = self.cumulative_sizes[dataset_idx - 1] if dataset_idx else 0
        return dataset_idx, idx - offset

    @force_full_init
    def get_data_info(self, idx: int) -> dict:
        dataset_idx, sample_idx = self._get_ori_dataset_idx(idx)
        return self.datasets[dataset_idx].get_data_info(sample_idx)

    @force_full_init
    def __len__(self) -> int:
        return super().__len__()

    def __getitem__(self, idx: int) -> Any:
        if not self._fully_initialized:
            self.full_init()
        dataset_idx, sample_idx = self._get_ori_dataset_idx(idx)
        return self.datasets[dataset_idx][sample_idx]

    def get_subset_(self, indices: Any) -> None:
        raise _no_subset("ConcatDataset")

    def get_subset(self, indices: Any) -> BaseDataset:
        raise _no_subset("ConcatDataset")


@DATASETS.register_module()
class RepeatDataset(_IndexWrapper):
    """The dataset ``times`` times over (cheaper epochs for small datasets)."""

    def __init__(
        self, dataset: BaseDataset | dict, times: int, lazy_init: bool = False
    ):
        self.dataset = _build(dataset)
        self.times = times
        self._metainfo = self.dataset.metainfo
        self._fully_initialized = False
        if not lazy_init:
            self.full_init()

    def full_init(self) -> None:
        if self._fully_initialized:
            return
        self.dataset.full_init()
        self._ori_len = len(self.dataset)
        self._fully_initialized = True

    @force_full_init
    def _get_ori_dataset_idx(self, idx: int) -> int:
        return idx % self._ori_len

    @force_full_init
    def __len__(self) -> int:
        return self.times * self._ori_len


@DATASETS.register_module()
class ClassBalancedDataset(_IndexWrapper):
    """Repeat samples of rare categories (LVIS repeat-factor sampling).

    A category with image frequency ``f`` gets ``r = max(1, sqrt(thr / f))``;
    an image is repeated ``ceil(max r of its categories)`` times (images
    without categories once). Needs ``dataset.get_cat_ids``.
    """

    def __init__(
        self,
        dataset: BaseDataset | dict,
        oversample_thr: float,
        lazy_init: bool = False,
    ) -> None:
        self.dataset = _build(dataset)
        self.oversample_thr = oversample_thr
        self._metainfo = self.dataset.metainfo
        self._fully_initialized = False
        if not lazy_init:
            self.full_init()

    def full_init(self) -> None:
        if self._fully_initialized:
            return
        self.dataset.full_init()
        factors = self._get_repeat_factors(self.dataset, self.oversample_thr)
        self.repeat_indices = [
            index
            for index, factor in enumerate(factors)
            for _ in range(math.ceil(factor))
        ]
        self._fully_initialized = True

    def _get_repeat_factors(
        self, dataset: BaseDataset, repeat_thr: float
    ) -> list[float]:
        num_images = len(dataset)
        cat_sets = [set(dataset.get_cat_ids(i)) for i in range(num_images)]
        frequency: defaultdict = defaultdict(float)
        for cats in cat_sets:
            for cat in cats:
                frequency[cat] += 1
        category_repeat = {
            cat: max(1.0, math.sqrt(repeat_thr / (count / num_images)))
            for cat, count in frequency.items()
        }
        return [
            max(category_repeat[c] for c in cats) if cats else 1.0 for cats in cat_sets
        ]

    @force_full_init
    def _get_ori_dataset_idx(self, idx: int) -> int:
        return self.repeat_indices[idx]

    @force_full_init
    def get_cat_ids(self, idx: int) -> list[int]:
        return self.dataset.get_cat_ids(self._get_ori_dataset_idx(idx))

    @force_full_init
    def __len__(self) -> int:
        return len(self.repeat_indices)
