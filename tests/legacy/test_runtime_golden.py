"""Legacy MMCV 1.x scripts run unchanged (`mmcompat run`) give the numbers
real MMCV 1.7.2 gave (recorded by fixtures/golden/legacy_runs/record.py).

Recorded on another CPU; losses and weights (float32) are compared within
32 ulps (TRAJECTORY_ULPS), lrs (Python floats) within 4 float64 ulps.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
import torch

from mmcompat.cli.main import main
from tests.golden import TRAJECTORY_ULPS, ULPS, assert_within_ulps

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "fixtures" / "legacy_scripts"
GOLDEN = ROOT / "fixtures" / "golden" / "legacy_runs"
LOSS_ULPS = WEIGHT_ULPS = TRAJECTORY_ULPS
LR_ULPS = ULPS

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
    ours = json.loads(out.read_text())
    for extra in sorted(tmp_path.glob("out.json.*.json")):  # as record.py reads
        ours[extra.name[len("out.json.") : -len(".json")]] = json.loads(
            extra.read_text()
        )
    ours.update(_work_dir_record(tmp_path / "work"))
    return ours, golden


def _load_recorder():
    # the recorder's own script list and reading of a work directory
    spec = importlib.util.spec_from_file_location("record", GOLDEN / "record.py")
    record = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(record)
    return record


RECORDER = _load_recorder()


def _work_dir_record(work_dir: Path) -> dict:
    return RECORDER.work_dir_record(str(work_dir))


@pytest.fixture(scope="module", params=RECORDER.NAMES)
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
    if not golden["val"]:
        pytest.skip("this script's workflow has no val phase")
    assert len(ours["val"]) == len(golden["val"])
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


def test_json_log_records_match_mmcv(run_and_golden):
    # <timestamp>.log.json as MMCV's TextLoggerHook wrote it: the same
    # records (mode, epoch, iter, lr, the averaged log buffer), the same keys;
    # values rounded to 5 decimals (time and data_time are the machine's)
    ours, golden = run_and_golden
    assert len(ours["log_json"]) == len(golden["log_json"]) > 0
    for i, (mine, theirs) in enumerate(zip(ours["log_json"], golden["log_json"])):
        assert sorted(mine) == sorted(theirs), i
        for key, value in theirs.items():
            if key in ("time", "data_time"):
                # the machine's (a float), or the checkpoint's asctime (a
                # resumed run's first record is the checkpoint's meta)
                assert type(mine[key]) is type(value), (i, key)
            elif isinstance(value, float):
                assert mine[key] == pytest.approx(value, rel=1e-5, abs=2e-5), (i, key)
            else:
                assert mine[key] == value, (i, key)


def test_tensorboard_tags_match_mmcv(run_and_golden):
    # tf_logs as MMCV's TensorboardLoggerHook wrote it: <mode>/<name> (train
    # and val curves apart), learning_rate, momentum, at MMCV's steps
    ours, golden = run_and_golden
    if not golden["tensorboard"]:
        pytest.skip("this script logs no TensorBoard")
    assert sorted(ours["tensorboard"]) == sorted(golden["tensorboard"])
    for tag, points in golden["tensorboard"].items():
        mine = ours["tensorboard"][tag]
        assert [step for step, _ in mine] == [step for step, _ in points], tag
        assert_within_ulps(
            [value for _, value in mine],
            [value for _, value in points],
            ulps=LOSS_ULPS,
            dtype=torch.float32,
            key=tag,
        )


def test_work_dir_holds_mmcv_files(run_and_golden):
    # MMCV's files are all there (the new runner adds its own log folder
    # and last_checkpoint); latest.pth points where MMCV's did
    ours, golden = run_and_golden
    assert set(golden["work_dir_files"]) <= set(ours["work_dir_files"])
    assert ours["links"] == golden["links"]
    # MMCV's runner dumped no config (the new Runner's would be empty)
    assert not [name for name in ours["work_dir_files"] if name.endswith(".py")]


@pytest.fixture(scope="module")
def library_policy(tmp_path_factory):
    ours, golden = _run("library_policy", tmp_path_factory.mktemp("library_policy"))
    state = tmp_path_factory.getbasetemp() / "library_policy0" / "out.json.state.json"
    return json.loads(state.read_text()), golden["state"]


def test_library_lr_policy_runs_as_its_registered_hook(library_policy):
    # lr_config=dict(policy='Linear') built the script's own
    # LinearLrUpdaterHook, as MMCV's register_lr_hook did (the lrs are
    # compared with MMCV's by test_train_losses_and_lrs_match_mmcv)
    ours, golden = library_policy
    assert "LinearLrUpdaterHook" in ours["hooks"]
    assert golden["hooks"][0] == "LinearLrUpdaterHook"
    # the object runner.hooks listed before run() is the one that ran: its
    # regular_lr after the run is MMCV's
    assert ours["lr_hook_listed"] == golden["lr_hook_listed"] == [True]
    assert len(ours["lr_hook_regular_lr"]) == len(golden["lr_hook_regular_lr"]) == 1
    assert_within_ulps(
        ours["lr_hook_regular_lr"][0],
        golden["lr_hook_regular_lr"][0],
        ulps=LR_ULPS,
        key="regular_lr",
    )


def test_grad_norm_and_times_reach_the_log_buffer_as_in_mmcv(library_policy):
    ours, golden = library_policy
    assert len(ours["iters"]) == len(golden["iters"]) == 30
    for i, (mine, theirs) in enumerate(zip(ours["iters"], golden["iters"])):
        # MMCV logged float(grad_norm) of the clipping in optimizer_config
        assert_within_ulps(
            mine["grad_norm"],
            theirs["grad_norm"],
            ulps=LOSS_ULPS,
            dtype=torch.float32,
            key=f"grad_norm {i}",
        )
        # time arrives after the script's NORMAL hook (MMCV's timer is LOW)
        assert mine["log_buffer_keys"] == theirs["log_buffer_keys"], i
        assert mine["outputs_keys"] == theirs["outputs_keys"], i


def test_runner_hooks_hold_the_scripts_own_hook_objects_in_mmcv_order(
    library_policy,
):
    ours, golden = library_policy
    assert ours["own_hook_found"] == golden["own_hook_found"] == [True]
    # the script's own hooks among the ones MMCV built from its configs
    # (OptimizerHook, CheckpointHook, IterTimerHook, the logger hooks)
    assert ours["hooks"] == golden["hooks"]
    own = ["LinearLrUpdaterHook", "StateHook", "RecordHook"]
    assert [h for h in golden["hooks"] if h in own] == own


def test_runner_hooks_list_what_register_training_hooks_built_as_mmcv(tmp_path):
    # every kind of training hook, custom hooks and the script's own hooks
    # around register_training_hooks, under both runners: the classes, their
    # by_epoch, interval and stages, in MMCV's order, and get_hook_info()
    # (fixtures/golden/hook_listing)
    golden = json.loads(
        (ROOT / "fixtures/golden/hook_listing/hook_listing.json").read_text()
    )
    out = tmp_path / "listing.json"
    script = ROOT / "fixtures/legacy_scripts/hook_listing.py"
    assert main(["run", str(script), "--out", str(out)]) == 0
    ours = json.loads(out.read_text())
    for runner in ("epoch", "iter"):
        assert ours[runner]["hooks"] == golden[runner]["hooks"], runner
        assert ours[runner]["own"] == golden[runner]["own"], runner
        assert ours[runner]["same_objects"] is golden[runner]["same_objects"] is True
        assert ours[runner]["hook_info"] == golden[runner]["hook_info"], runner


@pytest.fixture(scope="module", params=["resume_epoch", "resume_iter"])
def resumed(request, tmp_path_factory):
    return _run(request.param, tmp_path_factory.mktemp(request.param))


def test_resumed_run_continues_the_uninterrupted_schedule_as_mmcv(resumed):
    # the first run (checkpoints every epoch / 10 iterations) matches MMCV;
    # the run resumed from its checkpoint sets the lr (and momentum) the
    # uninterrupted run set at the same iterations, as MMCV's lr hooks did
    # (an IterBasedRunner resumes from iter_10.pth at iteration 9)
    ours, golden = resumed
    for record in ("full", None):
        mine = ours[record] if record else ours
        theirs = golden[record] if record else golden
        assert [t["iter"] for t in mine["train"]] == [
            t["iter"] for t in theirs["train"]
        ]
        assert_within_ulps(
            [t["lr"] for t in mine["train"]],
            [t["lr"] for t in theirs["train"]],
            ulps=LR_ULPS,
            key=f"{record or 'resumed'} lr",
        )
    start = golden["train"][0]["iter"]
    uninterrupted = {t["iter"]: t["lr"] for t in ours["full"]["train"]}
    assert start > 0
    assert_within_ulps(
        [t["lr"] for t in ours["train"]],
        [uninterrupted[t["iter"]] for t in ours["train"]],
        ulps=LR_ULPS,
        key="resumed lr against the uninterrupted run",
    )
