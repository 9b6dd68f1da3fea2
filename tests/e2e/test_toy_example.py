"""MMEngine's migration-guide toy example runs unchanged on mmcompat.

Golden numbers: ``fixtures/golden/runner/toy_example.json``, recorded from
MMEngine 0.10.7 by ``fixtures/golden/runner/record.py`` on another CPU: the
final weights are compared within 4 float32 ulps, the printed losses and
lrs within one unit of their last printed digit.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
import torch
import torch.nn as nn
from torch.utils.data import DataLoader

from mmcompat.model import BaseModel
from mmcompat.runner import Runner
from tests.golden import assert_printed_numbers_close, assert_within_ulps

GOLDEN = json.loads(
    (Path(__file__).parents[2] / "fixtures/golden/runner/toy_example.json").read_text()
)
LOG_LINE = re.compile(
    r"Epoch\(train\) \[(\d+)\]\[(\d+)/(\d+)\]\s+lr: (\S+)\s+eta: \S+\s+time: \S+\s+"
    r"data_time: \S+\s+loss: (\S+)\s+loss1: (\S+)\s+loss2: (\S+)"
)


class MMEngineToyModel(BaseModel):
    def __init__(self) -> None:
        super().__init__()
        self.linear = nn.Linear(1, 1)

    def forward(self, img, label, mode):
        feat = self.linear(img)
        if mode == "loss":
            loss1 = (feat - label).pow(2)
            loss2 = (feat - label).abs()
            return dict(loss1=loss1, loss2=loss2)
        elif mode == "predict":
            return [_feat for _feat in feat]


@pytest.mark.golden
def test_toy_example_trains_and_logs_like_mmengine(tmp_path):
    train_dataset = [(torch.ones(1, 1), torch.ones(1, 1))] * 50
    train_dataloader = DataLoader(train_dataset, batch_size=2)
    torch.manual_seed(0)
    runner = Runner(
        model=MMEngineToyModel(),
        work_dir=str(tmp_path / "tmp_dir"),
        train_dataloader=train_dataloader,
        train_cfg=dict(by_epoch=True, max_epochs=5),
        optim_wrapper=dict(optimizer=dict(type="SGD", lr=0.01)),
        randomness=dict(seed=0),
    )
    runner.train()

    log_file = Path(runner.log_dir) / f"{runner.timestamp}.log"
    lines = [
        dict(
            epoch=int(m[1]),
            iter=int(m[2]),
            total=int(m[3]),
            lr=m[4],
            loss=m[5],
            loss1=m[6],
            loss2=m[7],
        )
        for m in map(LOG_LINE.search, log_file.read_text().splitlines())
        if m
    ]
    assert len(lines) == len(GOLDEN["log_lines"])
    for i, (line, expected) in enumerate(zip(lines, GOLDEN["log_lines"])):
        assert line.keys() == expected.keys()
        for field, value in expected.items():
            key = f"log line {i}, {field}"
            assert_printed_numbers_close(str(line[field]), str(value), key=key)
    for name, value in runner.model.state_dict().items():
        assert_within_ulps(value, GOLDEN["final_state_dict"][name], key=name)


def test_toy_example_work_dir_layout(tmp_path):
    loader = DataLoader([(torch.ones(1, 1), torch.ones(1, 1))] * 4, batch_size=2)
    runner = Runner(
        model=MMEngineToyModel(),
        work_dir=str(tmp_path),
        train_dataloader=loader,
        train_cfg=dict(by_epoch=True, max_epochs=2),
        optim_wrapper=dict(optimizer=dict(type="SGD", lr=0.01)),
        default_hooks=dict(logger=dict(type="LoggerHook", interval=1)),
    )
    runner.train()
    ts = runner.timestamp
    assert sorted(os.listdir(tmp_path)) == sorted(
        [ts, f"{ts}.py", "epoch_1.pth", "epoch_2.pth", "last_checkpoint"]
    )
    assert (tmp_path / ts / f"{ts}.log").stat().st_size > 0
    scalars = [
        json.loads(line)
        for line in (tmp_path / ts / "vis_data" / "scalars.json")
        .read_text()
        .splitlines()
    ]
    assert [s["step"] for s in scalars] == [1, 2, 3, 4]
    assert all("loss" in s and "lr" in s for s in scalars)


@pytest.mark.golden
def test_hook_order_is_logged_as_mmengine_does(tmp_path):
    loader = DataLoader([(torch.ones(1, 1), torch.ones(1, 1))] * 4, batch_size=2)
    runner = Runner(
        model=MMEngineToyModel(),
        work_dir=str(tmp_path),
        train_dataloader=loader,
        train_cfg=dict(by_epoch=True, max_epochs=1),
        optim_wrapper=dict(optimizer=dict(type="SGD", lr=0.01)),
    )
    assert runner.get_hooks_info() == GOLDEN["hooks_info"]
    log_text = (Path(runner.log_dir) / f"{runner.timestamp}.log").read_text()
    assert "Hooks will be executed in the following order:\nbefore_run:" in log_text
