"""``Evaluator``: one or several metrics behind the loops' interface."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from mmcompat.registry import EVALUATOR, METRICS

from .metric import BaseMetric

__all__ = ["Evaluator"]


def _to_dict(sample: Any) -> Any:
    # Data samples (MMEngine's BaseDataElement and friends) reach metrics as
    # plain dicts.
    to_dict = getattr(sample, "to_dict", None)
    if callable(to_dict) and not isinstance(sample, dict):
        return to_dict()
    return sample


def _chunks(items: Iterator, size: int) -> Iterator[list]:
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@EVALUATOR.register_module()
class Evaluator:
    """A list of metrics evaluated together.

    Args:
        metrics: a metric, a metric config, or a sequence of either. Configs
            are built by ``METRICS``.
    """

    def __init__(self, metrics: dict | BaseMetric | Sequence) -> None:
        self._dataset_meta: dict | None = None
        if isinstance(metrics, (dict, BaseMetric)) or not isinstance(metrics, Sequence):
            metrics = [metrics]
        self.metrics: list[BaseMetric] = [
            METRICS.build(metric) if isinstance(metric, dict) else metric
            for metric in metrics
        ]

    @property
    def dataset_meta(self) -> dict | None:
        """Dataset meta information, handed to every metric when set."""
        return self._dataset_meta

    @dataset_meta.setter
    def dataset_meta(self, dataset_meta: dict) -> None:
        self._dataset_meta = dataset_meta
        for metric in self.metrics:
            metric.dataset_meta = dataset_meta

    def process(self, data_samples: Sequence, data_batch: Any | None = None) -> None:
        """Hand one batch of predictions (data samples as dicts) to every metric.

        Note the argument order (predictions first), which differs from
        ``BaseMetric.process(data_batch, data_samples)`` as in MMEngine.
        """
        samples = [_to_dict(sample) for sample in data_samples]
        for metric in self.metrics:
            metric.process(data_batch, samples)

    def evaluate(self, size: int) -> dict:
        """All metrics' results in one dict; duplicate names are an error."""
        results: dict = {}
        for metric in self.metrics:
            for name, value in metric.evaluate(size).items():
                if name in results:
                    raise ValueError(
                        f"There are multiple evaluation results with the same metric "
                        f"name {name}. Please make sure all metrics have different "
                        "prefixes."
                    )
                results[name] = value
        return results

    def offline_evaluate(
        self, data_samples: Sequence, data: Sequence | None = None, chunk_size: int = 1
    ) -> dict:
        """Evaluate saved predictions (and optionally their input data) in
        chunks of ``chunk_size``; ``data`` chunks are ``pseudo_collate``-d."""
        from mmcompat.dataset import pseudo_collate

        if data is not None and len(data_samples) != len(data):
            raise ValueError(
                "data_samples and data should have the same length, but got "
                f"data_samples length: {len(data_samples)} data length: {len(data)}"
            )
        data_chunks = _chunks(iter(data), chunk_size) if data is not None else None
        size = 0
        for output_chunk in _chunks(iter(data_samples), chunk_size):
            data_chunk = (
                pseudo_collate(next(data_chunks)) if data_chunks is not None else None
            )
            size += len(output_chunk)
            self.process(output_chunk, data_chunk)
        return self.evaluate(size)
