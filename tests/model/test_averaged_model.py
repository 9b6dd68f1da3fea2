"""Averaged models (EMA, annealed EMA, SWA) equal MMEngine's, without syncs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch
import torch.nn as nn

from mmcompat.model import (
    ExponentialMovingAverage,
    MomentumAnnealingEMA,
    StochasticWeightAverage,
)
from mmcompat.registry import MODELS
from tests.golden import assert_within_ulps

GOLDEN = json.loads(
    (
        Path(__file__).resolve().parents[2]
        / "fixtures/golden/model_train/train_step.json"
    ).read_text()
)


def _run(cls, kwargs):
    """Mirrors record_averaged() in fixtures/golden/model_train/record.py."""
    torch.manual_seed(3)
    source = nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3))
    averaged = cls(source, **kwargs)
    g = torch.Generator().manual_seed(5)
    for _ in range(5):
        with torch.no_grad():
            for p in source.parameters():
                p.add_(torch.randn(p.shape, generator=g))
        source.train()
        source(torch.randn(4, 2, generator=g))
        averaged.update_parameters(source)
    return averaged


@pytest.mark.parametrize(
    "case",
    GOLDEN["averaged"],
    ids=lambda c: f"{c['type']}-{sorted(c['kwargs'].items())}",
)
@pytest.mark.golden
def test_averaged_model_equals_mmengine(case):
    """Recorded on another CPU; compared within 4 ulps of each tensor's dtype."""
    averaged = _run(MODELS.get(case["type"]), case["kwargs"])
    state = averaged.state_dict()
    assert set(state) == set(case["state"])
    for key, values in case["state"].items():
        assert_within_ulps(state[key], values, key=key)


def test_update_parameters_never_reads_the_steps_buffer(monkeypatch):
    calls = []
    real_item, real_bool = torch.Tensor.item, torch.Tensor.__bool__
    monkeypatch.setattr(
        torch.Tensor, "item", lambda t: calls.append("item") or real_item(t)
    )
    monkeypatch.setattr(
        torch.Tensor, "__bool__", lambda t: calls.append("bool") or real_bool(t)
    )
    _run(MomentumAnnealingEMA, dict(momentum=0.01, gamma=3))
    assert calls == []


def test_loaded_state_resumes_the_step_count():
    reference = _run(ExponentialMovingAverage, dict(momentum=0.2, interval=2))
    fresh = ExponentialMovingAverage(
        nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3)), 0.2, 2
    )
    fresh.load_state_dict(reference.state_dict())
    assert fresh._num_updates == 5
    source = nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3))
    for model in (reference, fresh):
        model.update_parameters(source)  # step 5: odd, no averaging for interval 2
        model.update_parameters(source)  # step 6: averaged
    assert torch.equal(fresh.module[0].weight, reference.module[0].weight)


def test_averaged_model_is_frozen_copy_and_validates_arguments():
    source = nn.Linear(2, 2)
    ema = ExponentialMovingAverage(source)
    assert ema.module is not source
    assert not any(p.requires_grad for p in ema.parameters())
    assert torch.equal(ema(torch.ones(1, 2)), source(torch.ones(1, 2)).detach())
    with pytest.raises(ValueError, match=r"momentum must be in \(0, 1\)"):
        ExponentialMovingAverage(source, momentum=1.5)
    with pytest.raises(ValueError, match="gamma must be greater than 0"):
        MomentumAnnealingEMA(source, gamma=0)
    assert MODELS.get("StochasticWeightAverage") is StochasticWeightAverage
