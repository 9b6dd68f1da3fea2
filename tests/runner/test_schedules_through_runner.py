"""Scheduler trajectories recorded from real MMEngine 0.10.7, reproduced by a
real Runner (its ParamSchedulerHook stepping real schedulers), not only by
``simulate_schedule``: the lr each train iteration sees equals MMEngine's."""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path

import pytest
import torch
import torch.nn as nn

from mmcompat.hooks import Hook
from mmcompat.model import BaseModel
from mmcompat.runner import Runner

pytestmark = pytest.mark.golden

GOLDEN = (
    Path(__file__).resolve().parents[2]
    / "fixtures/golden/schedulers/mmengine_0.10.7.json"
)
CASES = json.loads(GOLDEN.read_text())["cases"]


def _runnable(case: dict) -> bool:
    # Cases fed validation metrics, extra parameters or several optimizers
    # need more than a train loop; the scheduler tests cover them.
    wrapper = case["optim_wrapper"]
    return not (
        case.get("val_metrics")
        or case.get("extra_params")
        or isinstance(case["param_scheduler"], dict)
        or "constructor" in wrapper
        or "paramwise_cfg" in wrapper
    )


# Every fourth runnable case keeps the test short while spanning the
# families, stepping modes and epoch lengths of the recording.
SELECTED = [c for c in CASES if _runnable(c)][::4]


class Regressor(BaseModel):
    def __init__(self) -> None:
        super().__init__()
        self.net = nn.Sequential(nn.Linear(2, 4), nn.Linear(4, 1))

    def forward(self, inputs, mode="loss"):
        return dict(loss=self.net(inputs).pow(2).mean())


class Ones(torch.utils.data.Dataset):
    def __init__(self, n: int) -> None:
        self.n = n

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, i: int) -> dict:
        return dict(inputs=torch.ones(2) * (i + 1))


class LrRecorder(Hook):
    priority = "HIGHEST"

    def __init__(self) -> None:
        self.lrs: list[list[float]] = []

    def before_train_iter(self, runner, batch_idx, data_batch=None):
        groups = runner.optim_wrapper.optimizer.param_groups
        self.lrs.append([g["lr"] for g in groups])


def test_selection_spans_the_recording():
    assert len(SELECTED) >= 40
    names = " ".join(c["name"] for c in SELECTED)
    for family in ("MultiStep", "Cosine", "Poly", "OneCycle", "Linear"):
        assert family in names


@pytest.mark.parametrize("case", SELECTED, ids=[c["name"] for c in SELECTED])
def test_runner_reproduces_mmengine_lr_trajectory(case, tmp_path):
    recorder = LrRecorder()
    batch_size = 2
    runner = Runner(
        model=Regressor(),
        work_dir=str(tmp_path),
        train_dataloader=dict(
            dataset=Ones(case["epoch_length"] * batch_size),
            sampler=dict(type="DefaultSampler", shuffle=False),
            batch_size=batch_size,
            collate_fn=dict(type="default_collate"),
        ),
        train_cfg=dict(case["loop"]),
        optim_wrapper=copy.deepcopy(case["optim_wrapper"]),
        param_scheduler=copy.deepcopy(case["param_scheduler"]),
        custom_hooks=[recorder],
        default_hooks=dict(
            checkpoint=None, logger=dict(type="LoggerHook", interval=1000)
        ),
        log_level="ERROR",
    )
    runner.train()
    expected = case["expected"]["lr"]  # one list per param group
    got = [list(group) for group in zip(*recorder.lrs)]
    assert [len(g) for g in got] == [len(e) for e in expected]
    for group_got, group_expected in zip(got, expected):
        for i, (a, b) in enumerate(zip(group_got, group_expected)):
            # lrs are pure Python float arithmetic (CPU-independent); the
            # tolerance covers formulas written differently from MMEngine's
            assert math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-15), (i, a, b)
