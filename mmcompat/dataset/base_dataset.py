"""``BaseDataset`` and ``Compose`` (MMEngine's dataset protocol).

A dataset reads an annotation file once (``full_init``), keeps one dict per
sample (``data_list``) and runs ``pipeline`` on a copy of it in
``__getitem__``. The annotation file is json (or yaml) shaped like::

    {"metainfo": {"classes": ["cat", "dog"]},
     "data_list": [{"img_path": "a.jpg", "label": 0}, ...]}

Subclasses usually override ``load_data_list`` (other formats),
``parse_data_info`` (per-sample conversion), ``filter_data`` and
``get_cat_ids``.
"""

from __future__ import annotations

import copy
import functools
import gc
import json
import logging
import os
import pickle
from collections.abc import Mapping, Sequence
from typing import Any, Callable

import numpy as np
from torch.utils.data import Dataset

from mmcompat.logging import print_log
from mmcompat.registry import TRANSFORMS

__all__ = ["BaseDataset", "Compose", "force_full_init"]


class Compose:
    """Apply transforms in order; a transform returning None drops the sample.

    Args:
        transforms: callables or configs built by ``TRANSFORMS``.
    """

    def __init__(self, transforms: Sequence[dict | Callable] | None) -> None:
        self.transforms: list[Callable] = []
        for transform in transforms or []:
            if isinstance(transform, dict):
                transform = TRANSFORMS.build(transform)
            if not callable(transform):
                raise TypeError(
                    f"a transform must be callable or a config dict, got {type(transform)}"
                )
            self.transforms.append(transform)

    def __call__(self, data: dict) -> dict | None:
        for transform in self.transforms:
            data = transform(data)
            if data is None:
                return None
        return data

    def __repr__(self) -> str:
        inner = "".join(f"\n    {t}" for t in self.transforms)
        return f"{type(self).__name__}({inner}\n)"


def force_full_init(method: Callable) -> Callable:
    """Run ``obj.full_init()`` (with a warning) before ``method`` if needed."""

    @functools.wraps(method)
    def wrapper(obj: Any, *args: Any, **kwargs: Any) -> Any:
        if not hasattr(obj, "full_init"):
            raise AttributeError(f"{type(obj)} does not have full_init method.")
        if not getattr(obj, "_fully_initialized", False):
            print_log(
                f"{type(obj).__name__} is not fully initialised; calling full_init() "
                "(call it yourself after lazy_init=True to choose when).",
                level=logging.WARNING,
                logger="current",
            )
            obj.full_init()
            obj._fully_initialized = True
        return method(obj, *args, **kwargs)

    return wrapper


def _load_annotations(path: str) -> Any:
    if path.endswith((".yaml", ".yml")):
        import yaml

        with open(path, encoding="utf-8") as f:
            return yaml.safe_load(f)
    if not path.endswith(".json"):
        raise ValueError(
            f"annotation file {path!r}: only .json and .yaml are read by "
            "BaseDataset.load_data_list; override it for other formats"
        )
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def _join(prefix: str, path: str) -> str:
    return os.path.join(prefix, path) if prefix else path


class BaseDataset(Dataset):
    """Base class of map-style datasets.

    Args:
        ann_file: annotation file, relative to ``data_root`` unless absolute.
        metainfo: overrides ``METAINFO``; a string value naming an existing
            file is read as a list of lines (a class-name file).
        data_root: joined in front of ``ann_file`` and ``data_prefix`` paths.
        data_prefix: per-key path prefixes joined onto each sample's entries.
        filter_cfg: options for ``filter_data``.
        indices: keep only these samples (an int keeps the first N, a negative
            int the last N).
        serialize_data: store samples as one pickled byte buffer, so
            DataLoader workers share it instead of copying Python objects.
        pipeline: transforms applied in ``__getitem__``.
        test_mode: a sample the pipeline drops is an error instead of being
            replaced by a random other one.
        lazy_init: defer ``full_init`` (reading annotations) until needed.
        max_refetch: how many replacements to try in training mode.
    """

    METAINFO: dict = dict()
    _fully_initialized: bool = False

    def __init__(
        self,
        ann_file: str | None = "",
        metainfo: Mapping | None = None,
        data_root: str | None = "",
        data_prefix: dict | None = None,
        filter_cfg: dict | None = None,
        indices: int | Sequence[int] | None = None,
        serialize_data: bool = True,
        pipeline: Sequence[dict | Callable] = (),
        test_mode: bool = False,
        lazy_init: bool = False,
        max_refetch: int = 1000,
    ) -> None:
        self.ann_file = ann_file
        self._metainfo = self._load_metainfo(copy.deepcopy(metainfo))
        self.data_root = data_root
        self.data_prefix = (
            dict(img_path="") if data_prefix is None else dict(data_prefix)
        )
        self.filter_cfg = copy.deepcopy(filter_cfg)
        self._indices = indices
        self.serialize_data = serialize_data
        self.test_mode = test_mode
        self.max_refetch = max_refetch
        self.data_list: list[dict] = []
        self._join_prefix()
        self.pipeline = Compose(pipeline)
        if not lazy_init:
            self.full_init()

    # -- metainfo -------------------------------------------------------------
    @classmethod
    def _load_metainfo(cls, metainfo: Mapping | None = None) -> dict:
        merged = copy.deepcopy(cls.METAINFO)
        if metainfo is None:
            return merged
        if not isinstance(metainfo, Mapping):
            raise TypeError(f"metainfo must be a mapping, got {type(metainfo)}")
        for key, value in metainfo.items():
            if isinstance(value, str) and os.path.isfile(value):
                with open(value, encoding="utf-8") as f:
                    merged[key] = [line.rstrip("\n") for line in f if line.strip()]
            else:
                merged[key] = value
        return merged

    @property
    def metainfo(self) -> dict:
        """A copy of the dataset meta information (classes, palette, ...)."""
        return copy.deepcopy(self._metainfo)

    def _join_prefix(self) -> None:
        if self.ann_file and not os.path.isabs(self.ann_file) and self.data_root:
            self.ann_file = os.path.join(self.data_root, self.ann_file)
        for key, prefix in self.data_prefix.items():
            if not isinstance(prefix, str):
                raise TypeError(
                    f"data_prefix[{key!r}] must be a str, got {type(prefix)}"
                )
            if not os.path.isabs(prefix) and self.data_root:
                self.data_prefix[key] = os.path.join(self.data_root, prefix)

    # -- loading --------------------------------------------------------------
    def full_init(self) -> None:
        """Load, filter, subset and (optionally) serialise the annotations."""
        if self._fully_initialized:
            return
        self.data_list = self.load_data_list()
        self.data_list = self.filter_data()
        if self._indices is not None:
            self.data_list = self._subset_list(self.data_list, self._indices)
        if self.serialize_data:
            self.data_bytes, self.data_address = self._serialize(self.data_list)
            self.data_list = []
            gc.collect()
        self._fully_initialized = True

    def load_data_list(self) -> list[dict]:
        """Read ``ann_file`` (``metainfo`` + ``data_list``) into sample dicts."""
        annotations = _load_annotations(self.ann_file)
        if not isinstance(annotations, dict):
            raise TypeError(
                f"{self.ann_file}: annotations must be a dict, got {type(annotations)}"
            )
        if "data_list" not in annotations or "metainfo" not in annotations:
            raise ValueError(
                f"{self.ann_file}: annotations need 'data_list' and 'metainfo'"
            )
        for key, value in annotations["metainfo"].items():
            self._metainfo.setdefault(key, value)
        data_list: list[dict] = []
        for raw in annotations["data_list"]:
            info = self.parse_data_info(raw)
            if isinstance(info, dict):
                data_list.append(info)
            elif isinstance(info, list) and all(isinstance(i, dict) for i in info):
                data_list.extend(info)
            else:
                raise TypeError(
                    f"parse_data_info must return a dict or a list of dicts, got {type(info)}"
                )
        return data_list

    def parse_data_info(self, raw_data_info: dict) -> dict | list[dict]:
        """Join ``data_prefix`` onto the matching keys of one raw sample."""
        for key, prefix in self.data_prefix.items():
            if key not in raw_data_info:
                raise KeyError(
                    f"sample {raw_data_info} has no key {key!r} named in data_prefix"
                )
            raw_data_info[key] = _join(prefix, raw_data_info[key])
        return raw_data_info

    def filter_data(self) -> list[dict]:
        """Drop unwanted samples (``filter_cfg``); keeps all by default."""
        return self.data_list

    def get_cat_ids(self, idx: int) -> list[int]:
        """Category ids in sample ``idx`` (needed by ClassBalancedDataset)."""
        raise NotImplementedError(f"{type(self).__name__} must implement get_cat_ids")

    # -- access -----------------------------------------------------------------
    @force_full_init
    def get_data_info(self, idx: int) -> dict:
        """A fresh copy of sample ``idx`` with ``sample_idx`` set."""
        if self.serialize_data:
            start = 0 if idx == 0 else int(self.data_address[idx - 1])
            end = int(self.data_address[idx])
            # Our own bytes, written by _serialize: not untrusted input.
            info = pickle.loads(memoryview(self.data_bytes[start:end]))
        else:
            info = copy.deepcopy(self.data_list[idx])
        info["sample_idx"] = idx if idx >= 0 else len(self) + idx
        return info

    def prepare_data(self, idx: int) -> Any:
        """The pipeline applied to sample ``idx``."""
        return self.pipeline(self.get_data_info(idx))

    def __getitem__(self, idx: int) -> Any:
        if not self._fully_initialized:
            print_log(
                "Please call `full_init()` method manually to accelerate the speed.",
                level=logging.WARNING,
                logger="current",
            )
            self.full_init()
        if self.test_mode:
            data = self.prepare_data(idx)
            if data is None:
                raise RuntimeError(
                    f"{type(self).__name__}: the test pipeline dropped sample {idx}"
                )
            return data
        for _ in range(self.max_refetch + 1):
            data = self.prepare_data(idx)
            if data is not None:
                return data
            # Training: replace a dropped sample by a random one (numpy's
            # global RNG, seeded per DataLoader worker by worker_init_fn).
            idx = self._rand_another()
        raise RuntimeError(
            f"{type(self).__name__}: no valid sample after {self.max_refetch} retries; "
            "check the data paths and the pipeline"
        )

    def _rand_another(self) -> int:
        return int(np.random.randint(0, len(self)))

    @force_full_init
    def __len__(self) -> int:
        return len(self.data_address) if self.serialize_data else len(self.data_list)

    # -- subsets ----------------------------------------------------------------
    @staticmethod
    def _subset_list(items: list, indices: int | Sequence[int]) -> list:
        if isinstance(indices, int):
            return items[:indices] if indices >= 0 else items[indices:]
        if isinstance(indices, Sequence):
            return [items[i] for i in indices]
        raise TypeError(
            f"indices must be an int or a sequence of int, got {type(indices)}"
        )

    def _all_infos(self) -> list[dict]:
        if not self.serialize_data:
            return self.data_list
        infos = []
        for i in range(len(self)):
            info = self.get_data_info(i)
            info.pop("sample_idx")
            infos.append(info)
        return infos

    @force_full_init
    def get_subset_(self, indices: int | Sequence[int]) -> None:
        """Keep only ``indices`` in place (see ``indices`` in the class doc)."""
        data_list = self._subset_list(self._all_infos(), indices)
        if self.serialize_data:
            self.data_bytes, self.data_address = self._serialize(data_list)
        else:
            self.data_list = data_list

    @force_full_init
    def get_subset(self, indices: int | Sequence[int]) -> BaseDataset:
        """A new dataset holding only ``indices``; annotations are not reread."""
        data_list = copy.deepcopy(self._subset_list(self._all_infos(), indices))
        subset = copy.copy(self)
        subset._metainfo = copy.deepcopy(self._metainfo)
        if self.serialize_data:
            subset.data_bytes, subset.data_address = self._serialize(data_list)
        else:
            subset.data_list = data_list
        return subset

    @staticmethod
    def _serialize(data_list: list[dict]) -> tuple[np.ndarray, np.ndarray]:
        chunks = [
            np.frombuffer(pickle.dumps(d, protocol=4), dtype=np.uint8)
            for d in data_list
        ]
        address = np.cumsum(np.asarray([len(c) for c in chunks], dtype=np.int64))
        data = np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.uint8)
        return data, address
