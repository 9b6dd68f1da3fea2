"""The Runner fires the 22 hook points in MMEngine's order, with MMEngine's
counters, and writes MMEngine's log lines: compared with a run of the same
scenario on MMEngine 0.10.7 (fixtures/golden/hooks/record_hook_order.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import torch
from torch.utils.data import DataLoader

from mmcompat.evaluator import BaseMetric
from mmcompat.hooks import HOOK_POINTS, Hook
from mmcompat.model import BaseModel
from mmcompat.runner import Runner
from tests.golden import assert_printed_numbers_close

pytestmark = pytest.mark.golden

GOLDEN = json.loads(
    (
        Path(__file__).parents[2] / "fixtures" / "golden" / "hooks" / "hook_order.json"
    ).read_text()
)


class TinyModel(BaseModel):
    def __init__(self) -> None:
        super().__init__()
        self.linear = torch.nn.Linear(2, 1)

    def forward(self, inputs, labels, mode="tensor"):
        out = self.linear(inputs).squeeze(1)
        if mode == "loss":
            return dict(loss=((out - labels) ** 2).mean())
        return list(out.detach())


class MeanAbsError(BaseMetric):
    def process(self, data_batch, data_samples) -> None:
        for pred, label in zip(data_samples, data_batch["labels"]):
            self.results.append(float((pred - label).abs()))

    def compute_metrics(self, results) -> dict:
        return dict(mae=sum(results) / len(results))


def _recorder(log: list) -> Hook:
    def make(point):
        def method(self, runner, **kwargs):
            log.append([point, runner.epoch, runner.iter, kwargs.get("batch_idx")])

        method.__name__ = point
        return method

    return type("RecordHook", (Hook,), {p: make(p) for p in HOOK_POINTS})()


def _loader(n: int, seed: int) -> DataLoader:
    g = torch.Generator().manual_seed(seed)
    data = [
        dict(inputs=torch.randn(2, generator=g), labels=torch.randn((), generator=g))
        for _ in range(n)
    ]
    return DataLoader(data, batch_size=2, shuffle=False)


def _runner(work_dir, log: list, max_epochs: int, resume: bool) -> Runner:
    torch.manual_seed(0)
    return Runner(
        model=TinyModel(),
        work_dir=str(work_dir),
        train_dataloader=_loader(6, 0),
        train_cfg=dict(by_epoch=True, max_epochs=max_epochs, val_interval=1),
        optim_wrapper=dict(optimizer=dict(type="SGD", lr=0.1)),
        val_dataloader=_loader(4, 1),
        val_cfg=dict(),
        val_evaluator=[MeanAbsError()],
        test_dataloader=_loader(4, 2),
        test_cfg=dict(),
        test_evaluator=[MeanAbsError()],
        param_scheduler=[
            dict(type="LinearLR", start_factor=0.5, by_epoch=False, begin=0, end=3),
            dict(type="MultiStepLR", milestones=[1], by_epoch=True),
        ],
        default_hooks=dict(
            checkpoint=dict(type="CheckpointHook", interval=1),
            logger=dict(type="LoggerHook", interval=2),
        ),
        custom_hooks=[_recorder(log)],
        resume=resume,
        randomness=dict(seed=0),
    )


@pytest.fixture(scope="module")
def recorded(tmp_path_factory):
    work_dir = tmp_path_factory.mktemp("hook_order")
    first: list = []
    runner = _runner(work_dir, first, max_epochs=2, resume=False)
    runner.train()
    runner.test()
    log_lines = _progress_lines(runner.log_dir)
    resumed: list = []
    _runner(work_dir, resumed, max_epochs=3, resume=True).train()
    return dict(train_then_test=first, resume_and_train=resumed, log_lines=log_lines)


def _progress_lines(log_dir: str) -> list[str]:
    """Epoch(...)/Iter(...) lines of the text log, timing fields masked."""
    (path,) = Path(log_dir).glob("*.log")
    lines = []
    for line in path.read_text().splitlines():
        message = line.split(" - INFO - ", 1)[-1]
        if re.match(r"(Epoch|Iter)\(", message):
            lines.append(re.sub(r"\b(eta|time|data_time): [0-9.:]+", r"\1: X", message))
    return lines


def test_golden_was_recorded_from_mmengine_0_10_7():
    assert GOLDEN["recorded_with"]["mmengine"] == "0.10.7"


def test_all_22_points_fire(recorded):
    runs = (recorded["train_then_test"], recorded["resume_and_train"])
    fired = {entry[0] for run in runs for entry in run}
    assert fired == set(HOOK_POINTS)


@pytest.mark.parametrize("scenario", ["train_then_test", "resume_and_train"])
def test_points_fire_in_mmengine_order(recorded, scenario):
    assert [e[0] for e in recorded[scenario]] == [e[0] for e in GOLDEN[scenario]]


@pytest.mark.parametrize("scenario", ["train_then_test", "resume_and_train"])
def test_counters_at_each_point_match_mmengine(recorded, scenario):
    assert recorded[scenario] == GOLDEN[scenario]


def test_text_log_progress_lines_match_mmengine(recorded):
    # Same losses, lrs, metrics and layout; only timings differ. Recorded on
    # another CPU: each printed number within one unit of its last digit.
    assert len(recorded["log_lines"]) == len(GOLDEN["log_lines"]) == 8
    for i, (line, expected) in enumerate(
        zip(recorded["log_lines"], GOLDEN["log_lines"])
    ):
        assert_printed_numbers_close(line, expected, key=f"log line {i}")
