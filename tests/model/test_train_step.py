"""BaseModel.train_step with the real OptimWrapper matches MMEngine's numbers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch
import torch.nn as nn

from mmcompat.model import BaseModel
from mmcompat.optim import OptimWrapper
from tests.golden import assert_within_ulps

GOLDEN = json.loads(
    (
        Path(__file__).resolve().parents[2]
        / "fixtures/golden/model_train/train_step.json"
    ).read_text()
)


class TwoLayer(BaseModel):
    """Mirrors the model in fixtures/golden/model_train/record.py."""

    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(3, 4)
        self.fc2 = nn.Linear(4, 1)

    def forward(self, inputs, data_samples=None, mode="tensor"):
        out = self.fc2(torch.relu(self.fc1(inputs)))
        if mode == "loss":
            return dict(
                loss_mse=((out - data_samples) ** 2).mean(),
                loss_l1=[(out - data_samples).abs().mean(), out.abs().mean() * 0.1],
                mae=(out - data_samples).abs().mean(),
            )
        return out


def _batches(steps):
    g = torch.Generator().manual_seed(7)
    return [
        dict(
            inputs=torch.randn(5, 3, generator=g),
            data_samples=torch.randn(5, 1, generator=g),
        )
        for _ in range(steps)
    ]


@pytest.mark.golden
def test_train_step_losses_and_weights_equal_mmengine():
    """Recorded on another CPU; compared within 4 float32 ulps."""
    torch.manual_seed(0)
    model = TwoLayer()
    optim_wrapper = OptimWrapper(
        torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9),
        accumulative_counts=2,
        clip_grad=dict(max_norm=0.5),
    )
    for data, expected in zip(_batches(len(GOLDEN["steps"])), GOLDEN["steps"]):
        log_vars = model.train_step(data, optim_wrapper)
        assert list(log_vars) == list(expected)
        for key, value in expected.items():
            assert not log_vars[key].requires_grad
            assert_within_ulps(log_vars[key], value, key=key)
    for key, values in GOLDEN["weights"].items():
        assert_within_ulps(model.state_dict()[key], values, key=key)


def test_train_step_does_not_sync_device(monkeypatch):
    model = TwoLayer()
    optim_wrapper = OptimWrapper(torch.optim.SGD(model.parameters(), lr=0.1))
    calls = []
    real_item = torch.Tensor.item

    def counting_item(self):
        calls.append("item")
        return real_item(self)

    monkeypatch.setattr(torch.Tensor, "item", counting_item)
    model.train_step(_batches(1)[0], optim_wrapper)
    assert calls == []
