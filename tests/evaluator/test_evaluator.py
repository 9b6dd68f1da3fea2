"""BaseMetric / Evaluator: prefixes, collection, dataset_meta, offline evaluation."""

from __future__ import annotations

import json
import logging

import pytest
import torch
import torch.distributed as dist

import mmcompat.evaluator.metric as metric_module
from mmcompat.evaluator import BaseMetric, DumpResults, Evaluator, get_metric_value
from mmcompat.registry import EVALUATOR, METRICS


class Accuracy(BaseMetric):
    default_prefix = "acc"

    def process(self, data_batch, data_samples):
        for sample in data_samples:
            self.results.append(int(sample["pred"] == sample["gt"]))

    def compute_metrics(self, results):
        return {"top1": sum(results) / len(results), "n": len(results)}


class MeanPred(BaseMetric):
    def process(self, data_batch, data_samples):
        self.results.extend(
            torch.as_tensor(s["pred"], dtype=torch.float32) for s in data_samples
        )

    def compute_metrics(self, results):
        return {"mean": torch.stack(results).mean().item()}


class Sample:
    """A data sample with MMEngine's BaseDataElement interface."""

    def __init__(self, pred, gt) -> None:
        self.pred, self.gt = pred, gt

    def to(self, *args, **kwargs):
        return self

    def to_dict(self):
        return {"pred": self.pred, "gt": self.gt}


def _batches():
    return [
        [dict(pred=1, gt=1), dict(pred=0, gt=1)],
        [dict(pred=2, gt=2), dict(pred=3, gt=3)],
    ]


def test_metric_names_get_prefix():
    metric = Accuracy()
    for batch in _batches():
        metric.process(None, batch)
    assert metric.evaluate(4) == {"acc/top1": 0.75, "acc/n": 4}


def test_explicit_prefix_overrides_default_prefix():
    metric = Accuracy(prefix="val")
    metric.process(None, _batches()[0])
    assert set(metric.evaluate(2)) == {"val/top1", "val/n"}


def test_evaluate_truncates_to_size_and_clears_results():
    metric = Accuracy()
    for batch in _batches():
        metric.process(None, batch)
    # The last two entries play the samples a sampler repeated for padding.
    assert metric.evaluate(2) == {"acc/top1": 0.5, "acc/n": 2}
    assert metric.results == []


@pytest.fixture
def warnings_logged(monkeypatch):
    logged: list[str] = []

    def record(msg, logger="current", level=logging.INFO):
        if level >= logging.WARNING:
            logged.append(msg)

    monkeypatch.setattr(metric_module, "print_log", record)
    return logged


def test_metric_without_prefix_warns_and_keeps_plain_names(warnings_logged):
    metric = MeanPred()
    assert any(
        "prefix is not set in metric class MeanPred" in m for m in warnings_logged
    )
    metric.process(None, [dict(pred=1.0), dict(pred=2.0)])
    assert metric.evaluate(2) == {"mean": pytest.approx(1.5)}


def test_empty_results_warn(warnings_logged):
    class Count(BaseMetric):
        default_prefix = "c"

        def process(self, data_batch, data_samples):
            pass

        def compute_metrics(self, results):
            return {"n": len(results)}

    assert Count().evaluate(0) == {"c/n": 0}
    assert any("Count got empty `self.results`" in m for m in warnings_logged)


def test_collect_dir_requires_cpu_collection():
    with pytest.raises(ValueError, match="collect_device='cpu'"):
        Accuracy(collect_device="gpu", collect_dir="x")


def test_evaluator_combines_metrics_from_configs_and_objects():
    METRICS.register_module(module=Accuracy, force=True)
    evaluator = Evaluator([dict(type="Accuracy", prefix="a"), Accuracy(prefix="b")])
    for batch in _batches():
        evaluator.process([Sample(**s) for s in batch])
    assert evaluator.evaluate(4) == {"a/top1": 0.75, "a/n": 4, "b/top1": 0.75, "b/n": 4}


def test_evaluator_rejects_duplicate_metric_names():
    evaluator = Evaluator([Accuracy(), Accuracy()])
    evaluator.process(_batches()[0])
    with pytest.raises(ValueError, match="same metric name acc/top1"):
        evaluator.evaluate(2)


def test_evaluator_single_metric_and_dataset_meta_propagate():
    metric = Accuracy()
    evaluator = Evaluator(metric)
    assert evaluator.metrics == [metric]
    evaluator.dataset_meta = {"classes": ("a", "b")}
    assert metric.dataset_meta == {"classes": ("a", "b")}


def test_offline_evaluate_processes_in_chunks():
    seen = []

    class Recording(Accuracy):
        def process(self, data_batch, data_samples):
            seen.append((data_batch, len(data_samples)))
            super().process(data_batch, data_samples)

    evaluator = Evaluator(Recording())
    samples = sum(_batches(), [])
    data = [dict(inputs=i) for i in range(4)]
    assert evaluator.offline_evaluate(samples, data, chunk_size=3) == {
        "acc/top1": 0.75,
        "acc/n": 4,
    }
    assert seen == [({"inputs": [0, 1, 2]}, 3), ({"inputs": [3]}, 1)]


def test_collect_results_over_a_one_rank_process_group(tmp_path):
    dist.init_process_group(
        "gloo", init_method=f"file://{tmp_path / 'store'}", rank=0, world_size=1
    )
    try:
        metric = Accuracy(collect_dir=str(tmp_path / "collect"))
        for batch in _batches():
            metric.process(None, batch)
        assert metric.evaluate(3) == {"acc/top1": pytest.approx(2 / 3), "acc/n": 3}
    finally:
        dist.destroy_process_group()


def test_dump_results_writes_loadable_files(tmp_path):
    predictions = [Sample(torch.tensor([1.0, 2.0]), 1), Sample(torch.tensor([3.0]), 0)]
    pth = DumpResults(str(tmp_path / "out" / "preds.pth"))
    pth.process(None, predictions)
    assert pth.evaluate(2) == {}
    loaded = torch.load(tmp_path / "out" / "preds.pth", weights_only=True)
    assert torch.equal(loaded[0]["pred"], torch.tensor([1.0, 2.0]))
    js = DumpResults(str(tmp_path / "preds.json"))
    js.process(None, [{"pred": torch.tensor([0.5])}])
    js.evaluate(1)
    assert json.loads((tmp_path / "preds.json").read_text()) == [{"pred": [0.5]}]
    with pytest.raises(ValueError, match="pickle output is not supported"):
        DumpResults("x.pkl")


def test_get_metric_value_with_and_without_prefix():
    metrics = {"coco/mAP": 0.5, "voc/recall": 0.25}
    assert get_metric_value("coco/mAP", metrics) == 0.5
    assert get_metric_value("recall", metrics) == 0.25
    with pytest.raises(ValueError, match="can not match"):
        get_metric_value("f1", metrics)


def test_registered():
    assert EVALUATOR.get("Evaluator") is Evaluator
    assert METRICS.get("DumpResults") is DumpResults
