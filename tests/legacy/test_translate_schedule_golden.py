"""Converted schedules replay real MMCV 1.7 trajectories.

``fixtures/golden/mmcv_schedules/golden.json`` holds the lr and momentum of
every training iteration recorded from real MMCV runners (see record.py
there): every lr/momentum policy, by_epoch variant and warm-up, epoch- and
iteration-based, several epoch lengths, and every distinct schedule of the
MMDet 2.28 configs. Each case is translated (``translate``) and the
resulting ``param_scheduler`` replayed with ``simulate_schedule`` exactly as
the runner would apply it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch

from mmcompat.legacy.translate import translate
from mmcompat.optim import OptimWrapper
from mmcompat.optim.scheduler import simulate_schedule

pytestmark = pytest.mark.golden

GOLDEN = Path(__file__).parents[2] / "fixtures/golden/mmcv_schedules/golden.json"
DATA = json.loads(GOLDEN.read_text())
# Windows of very long iteration-based runs (started mid-run like a resume)
# are checked by benchmarks/convert_corpus.py, not here.
CASES = [case for case in DATA["cases"] if "@" not in case["name"]]
# lrs and momenta are pure Python float arithmetic on both sides, the same
# on any CPU; the tolerance covers formulas written differently from MMCV's.
REL_TOL = 1e-6


def _legacy_config(case: dict) -> dict:
    # The recording optimizer has two param groups (lr and lr * 0.2): say so,
    # as a config would, with a paramwise multiplier.
    optimizer = dict(
        case["optimizer"], paramwise_cfg=dict(custom_keys={"b": dict(lr_mult=0.2)})
    )
    legacy = dict(runner=case["runner"], optimizer=optimizer)
    for key in ("lr_config", "momentum_config"):
        if case[key] is not None:
            legacy[key] = case[key]
    return legacy


def _wrapper(case: dict) -> OptimWrapper:
    model = torch.nn.Module()
    model.a = torch.nn.Parameter(torch.zeros(1))
    model.b = torch.nn.Parameter(torch.zeros(1))
    opt = case["optimizer"]
    groups = [{"params": [model.a]}, {"params": [model.b], "lr": opt["lr"] * 0.2}]
    if opt["type"] == "SGD":
        optimizer = torch.optim.SGD(groups, lr=opt["lr"], momentum=opt["momentum"])
    else:
        optimizer = torch.optim.Adam(groups, lr=opt["lr"], betas=tuple(opt["betas"]))
    return OptimWrapper(optimizer=optimizer)


def replay(case: dict, target: str = "mmcompat") -> tuple[dict, dict]:
    new, report = translate(_legacy_config(case), target=target)
    runner = case["runner"]
    if runner["type"] == "EpochBasedRunner":
        values = simulate_schedule(
            new["param_scheduler"] if "param_scheduler" in new else [],
            _wrapper(case),
            max_epochs=runner["max_epochs"],
            epoch_length=case["epoch_length"],
            by_epoch=True,
        )
    else:
        values = simulate_schedule(
            new.get("param_scheduler", []),
            _wrapper(case),
            max_iters=runner["max_iters"],
            by_epoch=False,
        )
    return values, dict(new=new, report=report)


def worst_relative_error(values: dict, case: dict) -> float:
    worst = 0.0
    for key in ("lr", "momentum"):
        got = list(zip(*values[key]))
        expected = case[key]
        assert len(got) == len(expected)
        for got_row, expected_row in zip(got, expected):
            for a, b in zip(got_row, expected_row):
                worst = max(worst, abs(a - b) / max(abs(b), 1e-12))
    return worst


def test_golden_data_states_versions():
    assert DATA["versions"]["mmcv"] == "1.7.2"
    assert len(CASES) > 400


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_converted_schedule_equals_mmcv_at_every_iteration(case):
    values, _ = replay(case)
    assert worst_relative_error(values, case) <= REL_TOL


STOCK_EXACT = [
    "step_list-ep-wlin-L7",
    "poly_zero-iterrunner-None",
    "poly_min-ep-None-L3",
    "cos_zero-ep-wlin-L7",
    "flatcos-ep-None-L7",
    "restart_plain-ep-None-L3",
    "linear_ratio-ep-wlin-L7",
    "onecycle-L7",
    "onecycle_3p-iterrunner",
    "fixed-ep-wconst_ep-L3",
    "m_cos-ep-SGD-L3",
    "m_step-it-Adam-L3",
]


@pytest.mark.parametrize("name", STOCK_EXACT)
def test_stock_mmengine_schedulers_are_used_where_they_are_exact(name):
    case = next(c for c in CASES if c["name"] == name)
    values, out = replay(case, target="mmengine")
    assert out["report"].needs_mmcompat == []
    assert out["report"].approximations == []
    assert worst_relative_error(values, case) <= REL_TOL


NEEDS_EXACT = [
    "step_min_lr-ep-None-L3",
    "inv-ep-None-L7",
    "cos_min_lr-ep-wlin-L3",
    "poly_min-it-None-L3",
    "fixed-ep-wlin_ep-L7",
    "fixed-it-wexp-L3",
    "restart_weights-ep-None-L7",
    "cyclic-L7",
    "m_onecycle-SGD-L7",
    "m_cos-it-wlin-L3",
]


@pytest.mark.parametrize("name", NEEDS_EXACT)
def test_mmengine_target_reports_the_schedules_stock_cannot_express(name):
    case = next(c for c in CASES if c["name"] == name)
    values, out = replay(case, target="mmengine")
    report = out["report"]
    assert report.needs_mmcompat == []
    assert len(report.approximations) == 1
    assert report.approximations[0]["reason"]
    assert all(
        not s["type"].startswith("MMCV") for s in out["new"].get("param_scheduler", [])
    )
    # ... and the stock composition does deviate from MMCV.
    assert worst_relative_error(values, case) > REL_TOL
