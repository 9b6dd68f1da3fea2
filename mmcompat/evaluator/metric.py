"""``BaseMetric``: accumulate per-batch results, compute metrics on rank 0.

Lifecycle during a validation epoch::

    metric.process(data_batch, data_samples)   # every batch, every rank
    metrics = metric.evaluate(size)            # once: collect, compute, share

``evaluate`` gathers every rank's ``self.results`` on rank 0 (dropping the
samples the sampler repeated to even out ranks, using ``size``), calls
``compute_metrics`` there, prefixes the names (``'prefix/name'``), broadcasts
the dict to all ranks and clears ``self.results``.
"""

from __future__ import annotations

import json
import logging
from abc import ABCMeta, abstractmethod
from collections.abc import Sequence
from typing import Any

import torch

from mmcompat.dist import broadcast_object_list, collect_results, is_main_process
from mmcompat.logging import print_log
from mmcompat.registry import METRICS
from mmcompat.utils.path import write_atomic

__all__ = ["BaseMetric", "DumpResults"]


class BaseMetric(metaclass=ABCMeta):
    """Base class of metrics.

    Args:
        collect_device: ``'cpu'`` or ``'gpu'``: how results travel between
            ranks.
        prefix: prepended to every metric name as ``'prefix/name'``;
            ``default_prefix`` of the class when None (a warning when both
            are None).
        collect_dir: a folder shared by all ranks for ``'cpu'`` collection.
    """

    default_prefix: str | None = None

    def __init__(
        self,
        collect_device: str = "cpu",
        prefix: str | None = None,
        collect_dir: str | None = None,
    ) -> None:
        if collect_dir is not None and collect_device != "cpu":
            raise ValueError("collect_dir can only be set when collect_device='cpu'")
        self._dataset_meta: dict | None = None
        self.collect_device = collect_device
        self.results: list[Any] = []
        self.prefix = prefix or self.default_prefix
        self.collect_dir = collect_dir
        if self.prefix is None:
            print_log(
                f"The prefix is not set in metric class {type(self).__name__}.",
                level=logging.WARNING,
                logger="current",
            )

    @property
    def dataset_meta(self) -> dict | None:
        """Meta information of the dataset (classes, palette ...)."""
        return self._dataset_meta

    @dataset_meta.setter
    def dataset_meta(self, dataset_meta: dict) -> None:
        self._dataset_meta = dataset_meta

    @abstractmethod
    def process(self, data_batch: Any, data_samples: Sequence[dict]) -> None:
        """Append what ``compute_metrics`` needs from one batch to
        ``self.results``."""

    @abstractmethod
    def compute_metrics(self, results: list) -> dict:
        """The metrics of the whole dataset from the collected ``results``."""

    def evaluate(self, size: int) -> dict:
        """Collect results from all ranks, compute on rank 0, share the dict.

        Args:
            size: the dataset length; results beyond it (padding added by the
                sampler) are dropped.
        """
        if len(self.results) == 0:
            print_log(
                f"{type(self).__name__} got empty `self.results`. Please ensure "
                "that the processed results are properly added into "
                "`self.results` in `process` method.",
                level=logging.WARNING,
                logger="current",
            )
        if self.collect_device == "cpu":
            results = collect_results(
                self.results, size, self.collect_device, tmpdir=self.collect_dir
            )
        else:
            results = collect_results(self.results, size, self.collect_device)

        if is_main_process():
            metrics = self.compute_metrics(_to_cpu(results))
            if self.prefix:
                metrics = {
                    f"{self.prefix}/{name}": value for name, value in metrics.items()
                }
            shared = [metrics]
        else:
            shared = [None]
        broadcast_object_list(shared)
        self.results.clear()
        return shared[0]


def _to_cpu(data: Any) -> Any:
    """Move tensors (and data samples with ``.to``) in nested containers to CPU."""
    if isinstance(data, torch.Tensor) or (
        callable(getattr(data, "to", None)) and callable(getattr(data, "to_dict", None))
    ):
        return data.to("cpu")
    if isinstance(data, list):
        return [_to_cpu(item) for item in data]
    if isinstance(data, tuple):
        return tuple(_to_cpu(item) for item in data)
    if isinstance(data, dict):
        return {key: _to_cpu(value) for key, value in data.items()}
    return data


@METRICS.register_module()
class DumpResults(BaseMetric):
    """Save the model's predictions for offline evaluation.

    MMEngine pickles them (``.pkl``). mmcompat writes a file that loads without
    unpickling arbitrary objects: ``.pth``/``.pt`` through ``torch.save``
    (read back with ``torch.load(weights_only=True)``: tensors, numbers,
    strings, lists, dicts) or ``.json`` (tensors converted to lists). A
    ``.pkl``/``.pickle`` path is refused with a message naming the
    alternatives.

    Args:
        out_file_path: the output file (``.pth``, ``.pt`` or ``.json``).
        collect_device, collect_dir: see :class:`BaseMetric`.
    """

    def __init__(
        self,
        out_file_path: str,
        collect_device: str = "cpu",
        collect_dir: str | None = None,
    ) -> None:
        super().__init__(collect_device=collect_device, collect_dir=collect_dir)
        if out_file_path.endswith((".pkl", ".pickle")):
            raise ValueError(
                f"DumpResults: {out_file_path!r}: pickle output is not supported "
                "(unsafe to load); use a .pth or .json file"
            )
        if not out_file_path.endswith((".pth", ".pt", ".json")):
            raise ValueError(
                f"DumpResults: {out_file_path!r} must end with .pth, .pt or .json"
            )
        self.out_file_path = out_file_path

    def process(self, data_batch: Any, predictions: Sequence[dict]) -> None:
        self.results.extend(_to_cpu(predictions))

    def compute_metrics(self, results: list) -> dict:
        # Written to a temporary file and renamed: never a half-written dump.
        if self.out_file_path.endswith(".json"):
            data = json.dumps(_to_json(results)).encode()
        else:
            plain = _to_plain(results)

            def data(file):
                torch.save(plain, file)

        write_atomic(self.out_file_path, data, make_dirs=True)
        print_log(f"Results has been saved to {self.out_file_path}.", logger="current")
        return {}


def _to_plain(data: Any) -> Any:
    # Data samples become dicts so torch.load(weights_only=True) reads them.
    if callable(getattr(data, "to_dict", None)) and not isinstance(data, dict):
        return _to_plain(data.to_dict())
    if isinstance(data, dict):
        return {key: _to_plain(value) for key, value in data.items()}
    if isinstance(data, (list, tuple)):
        return type(data)(_to_plain(item) for item in data)
    return data


def _to_json(data: Any) -> Any:
    data = _to_plain(data)
    if isinstance(data, torch.Tensor):
        return data.tolist()
    if isinstance(data, dict):
        return {str(key): _to_json(value) for key, value in data.items()}
    if isinstance(data, (list, tuple)):
        return [_to_json(item) for item in data]
    if hasattr(data, "tolist"):  # numpy arrays and scalars
        return data.tolist()
    return data
