"""Legacy MMCV 1.x scripts run unchanged (`mmcompat run`) give the numbers
real MMCV 1.7.2 gave (recorded by fixtures/golden/legacy_runs/record.py).

Recorded on another CPU; losses and weights (float32) are compared within
LOSS_ULPS / WEIGHT_ULPS ulps, lrs (Python floats) within LR_ULPS float64 ulps.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch

from mmcompat.cli.main import main
from tests.golden import assert_within_ulps

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "fixtures" / "legacy_scripts"
GOLDEN = ROOT / "fixtures" / "golden" / "legacy_runs"
LOSS_ULPS = 4
WEIGHT_ULPS = 4
LR_ULPS = 4

pytestmark = pytest.mark.golden


def _run(name: str, tmp_path: Path) -> tuple[dict, dict]:
    out = tmp_path / "out.json"
    code = main(
        [
            "run",
            str(SCRIPTS / f"{name}.py"),
            "--work-dir",
            str(tmp_path / "work"),
            "--out",
            str(out),
        ]
    )
    assert code == 0
    golden = json.loads((GOLDEN / f"{name}.json").read_text())
    assert golden["versions"]["mmcv"] == "1.7.2"
    return json.loads(out.read_text()), golden


@pytest.fixture(scope="module", params=["epoch_val", "epoch_cumulative", "iter_based"])
def run_and_golden(request, tmp_path_factory):
    return _run(request.param, tmp_path_factory.mktemp(request.param))


def test_train_losses_and_lrs_match_mmcv(run_and_golden):
    ours, golden = run_and_golden
    assert len(ours["train"]) == len(golden["train"])
    for i, (mine, theirs) in enumerate(zip(ours["train"], golden["train"])):
        key = f"train iteration {i}"
        assert_within_ulps(
            mine["loss"], theirs["loss"], ulps=LOSS_ULPS, dtype=torch.float32, key=key
        )
        assert_within_ulps(mine["lr"], theirs["lr"], ulps=LR_ULPS, key=key)


def test_runner_counters_seen_by_legacy_hooks_match_mmcv(run_and_golden):
    ours, golden = run_and_golden
    keys = ("iter", "epoch", "inner_iter")
    assert [[it[k] for k in keys] for it in ours["train"]] == [
        [it[k] for k in keys] for it in golden["train"]
    ]
    assert ours["epochs"] == golden["epochs"]  # before_epoch: (mode, epoch)
    assert (ours["iter"], ours["epoch"]) == (golden["iter"], golden["epoch"])


def test_val_workflow_losses_match_mmcv(run_and_golden):
    ours, golden = run_and_golden
    assert len(ours["val"]) == len(golden["val"]) > 0
    for i, (mine, theirs) in enumerate(zip(ours["val"], golden["val"])):
        assert_within_ulps(
            mine["loss"],
            theirs["loss"],
            ulps=LOSS_ULPS,
            dtype=torch.float32,
            key=f"val iteration {i}",
        )
        assert (mine["epoch"], mine["inner_iter"]) == (
            theirs["epoch"],
            theirs["inner_iter"],
        )


def test_final_weights_match_mmcv(run_and_golden):
    ours, golden = run_and_golden
    assert ours["weights"].keys() == golden["weights"].keys()
    for key, values in golden["weights"].items():
        assert_within_ulps(
            ours["weights"][key], values, ulps=WEIGHT_ULPS, dtype=torch.float32, key=key
        )


def test_global_rng_consumed_as_mmcv(run_and_golden):
    # the next torch.rand after training: the same only if every draw
    # (loader iterators, shuffles, dropout) happened as in MMCV. Exact on any
    # CPU: a uniform draw is 24 random bits times 2**-24, no rounding.
    ours, golden = run_and_golden
    assert ours["torch_rng_after"] == pytest.approx(golden["torch_rng_after"], abs=0)
