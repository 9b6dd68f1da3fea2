"""Scheduler trajectories against values recorded from real MMEngine 0.10.7.

The golden file holds, for each case, the lr / momentum (and base_lr, weight
decay) of every param group during each training iteration, recorded by
``fixtures/golden/schedulers/record.py`` from MMEngine's own schedulers and
``ParamSchedulerHook``. ``simulate_schedule`` must reproduce them.
"""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path

import pytest
import torch.nn as nn

from mmcompat.optim import simulate_schedule

pytestmark = pytest.mark.golden

GOLDEN = (
    Path(__file__).resolve().parents[2]
    / "fixtures"
    / "golden"
    / "schedulers"
    / "mmengine_0.10.7.json"
)
CASES = json.loads(GOLDEN.read_text())["cases"]
# lrs and momenta are pure Python float arithmetic, the same on any CPU;
# the tolerance covers formulas written differently from MMEngine's.
REL_TOL = 1e-9


def toy_model() -> nn.Module:
    # The model the recording used (its parameter names drive paramwise_cfg).
    return nn.Sequential(nn.Linear(2, 4), nn.BatchNorm1d(4), nn.Linear(4, 1))


def _jsonable_to_cfg(value):
    # json turned tuples (Adam betas) into lists; optimizers accept both.
    return copy.deepcopy(value)


@pytest.mark.parametrize(
    "case", CASES, ids=[f"{c['name']}-len{c['epoch_length']}" for c in CASES]
)
def test_simulated_schedule_matches_mmengine(case):
    loop = case["loop"]
    result = simulate_schedule(
        _jsonable_to_cfg(case["param_scheduler"]),
        _jsonable_to_cfg(case["optim_wrapper"]),
        max_epochs=loop.get("max_epochs"),
        max_iters=loop.get("max_iters"),
        epoch_length=case["epoch_length"],
        by_epoch=loop["by_epoch"],
        model=toy_model(),
        extra_params=case.get("extra_params", ()),
        val_metrics=case.get("val_metrics"),
    )
    expected = case["expected"]
    assert sorted(result) == sorted(expected)
    for key, groups in expected.items():
        assert len(result[key]) == len(groups), key
        for g, (got_col, want_col) in enumerate(zip(result[key], groups)):
            assert len(got_col) == len(want_col), (key, g)
            for it, (got, want) in enumerate(zip(got_col, want_col)):
                assert math.isclose(got, want, rel_tol=REL_TOL, abs_tol=1e-15), (
                    f"{key}[group {g}] at iteration {it}: got {got!r}, "
                    f"MMEngine {want!r}"
                )


def test_golden_file_covers_every_scheduler_family():
    types = {cfg["type"] for case in CASES for cfg in case["param_scheduler"]}
    for family in (
        "Constant",
        "Linear",
        "Exponential",
        "Step",
        "MultiStep",
        "CosineAnnealing",
        "Poly",
        "CosineRestart",
        "QuadraticWarmup",
    ):
        assert f"{family}LR" in types
        assert f"{family}Momentum" in types
    assert {"OneCycleLR", "ReduceOnPlateauLR", "ReduceOnPlateauMomentum"} <= types
