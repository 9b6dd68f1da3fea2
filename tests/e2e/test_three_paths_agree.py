"""The three paths agree, on one config-driven MMCV 1.x project
(fixtures/three_paths/project: a legacy config with step lr + linear warmup,
momentum SGD with weight decay, grad_clip, checkpoint/log configs, custom
hooks and a ``[('train', 1), ('val', 1)]`` workflow; a model with
``train_step(data, optimizer)`` in a project registry; an mmdet-style
``tools/train.py``):

- ``mmcv``: the legacy script on real MMCV 1.7.2 (golden);
- ``run``: the same script, unchanged, under ``mmcompat run``;
- ``train_legacy``: the legacy config under ``mmcompat train`` (no script);
- ``migrated``: the config converted and the code codemodded (plus the
  manual steps of fixtures/three_paths/migrate.py), trained by
  ``mmcompat train converted.py``;
- ``mmengine``: the same migration for ``--target mmengine``, trained by
  real MMEngine 0.10.7 (golden).

Compared per train iteration: lr (and momentum), loss, (iter, epoch) as the
hooks see them; per val iteration: the loss. MMCV's ``('val', 1)`` phase is
a loss-only ``model.val_step`` epoch; the converted config runs it as
MMEngine's ValLoop after every train epoch (``val_interval=1``) over the
same loader, so each val batch's loss is comparable (read by the project's
hook in ``after_val_iter``). Final weights are compared after the run.
Golden data: fixtures/golden/three_paths/record.py, recorded on another
CPU; losses and weights (float32) are compared within LOSS_ULPS /
WEIGHT_ULPS ulps, lr and momentum (Python floats) within LR_ULPS float64
ulps.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from mmcompat.cli.main import main
from tests.golden import assert_within_ulps

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "fixtures" / "three_paths"
GOLDEN = ROOT / "fixtures" / "golden" / "three_paths" / "three_paths.json"
LR_ULPS = 4
LOSS_ULPS = 4
WEIGHT_ULPS = 4
PATHS = ("run", "train_legacy", "migrated", "mmengine")


def _migrate_module():
    sys.path.insert(0, str(FIXTURE))
    try:
        import migrate
    finally:
        sys.path.remove(str(FIXTURE))
    return migrate


@pytest.fixture(scope="module")
def golden() -> dict:
    data = json.loads(GOLDEN.read_text())
    assert data["versions"]["mmcv"] == "1.7.2"
    assert data["versions"]["mmengine"] == "0.10.7"
    return data


@pytest.fixture(scope="module")
def run_unchanged(tmp_path_factory) -> dict:
    """The legacy script under ``mmcompat run`` (in-process: it restores
    argv, sys.path, the modules it imported and the registries)."""
    migrate = _migrate_module()
    root = migrate.copy_project(tmp_path_factory.mktemp("run") / "project")
    work = root / "work"
    code = main(
        [
            "run",
            "--path",
            str(root),
            str(root / "tools" / "train.py"),
            str(root / migrate.LEGACY_CONFIG),
            "--work-dir",
            str(work),
        ]
    )
    assert code == 0
    return json.loads((work / "trajectory.json").read_text())


@pytest.fixture(scope="module")
def train_legacy(tmp_path_factory) -> dict:
    """The legacy config under ``mmcompat train`` (in-process, from the
    project root, where its ``custom_imports`` finds ``regproj``)."""
    migrate = _migrate_module()
    root = migrate.copy_project(tmp_path_factory.mktemp("train") / "project")
    work = root / "work"
    cwd = os.getcwd()
    os.chdir(root)
    try:
        code = main(["train", migrate.LEGACY_CONFIG, "--work-dir", str(work)])
    finally:
        os.chdir(cwd)
        for name in [n for n in sys.modules if n.split(".")[0] == "regproj"]:
            del sys.modules[name]
    assert code == 0
    return json.loads((work / "trajectory.json").read_text())


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> dict:
    """Convert + codemod + manual steps, then ``mmcompat train`` in a fresh
    process (the migrated project registers into the root registries)."""
    migrate = _migrate_module()
    root = migrate.copy_project(tmp_path_factory.mktemp("migrated") / "project")
    config = migrate.migrate(root, target="mmcompat")
    work = root / "work"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mmcompat.cli.main",
            "train",
            str(config),
            "--work-dir",
            str(work),
        ],
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads((work / "trajectory.json").read_text())


@pytest.fixture(params=PATHS)
def path_and_mmcv(request, golden) -> tuple[dict, dict]:
    if request.param == "mmengine":
        ours = golden["mmengine"]
    else:
        fixture = "run_unchanged" if request.param == "run" else request.param
        ours = request.getfixturevalue(fixture)
    return ours, golden["mmcv"]


@pytest.mark.golden
def test_lr_and_momentum_per_iteration_match_mmcv(path_and_mmcv):
    ours, mmcv = path_and_mmcv
    assert len(ours["train"]) == len(mmcv["train"]) == 32
    for i, (mine, theirs) in enumerate(zip(ours["train"], mmcv["train"])):
        for name in ("lr", "momentum"):
            key = f"{name} at train iteration {i}"
            assert_within_ulps(mine[name], theirs[name], ulps=LR_ULPS, key=key)
    # the schedule really has warmup (5 iterations) and both steps in it
    lrs = [it["lr"] for it in mmcv["train"]]
    assert lrs[:6] + lrs[16:17] + lrs[24:25] == pytest.approx(
        [0.005, 0.014, 0.023, 0.032, 0.041, 0.05, 0.005, 0.0005]
    )


@pytest.mark.golden
def test_train_loss_per_iteration_matches_mmcv(path_and_mmcv):
    ours, mmcv = path_and_mmcv
    for i, (mine, theirs) in enumerate(zip(ours["train"], mmcv["train"])):
        key = f"loss at train iteration {i}"
        assert_within_ulps(
            mine["loss"], theirs["loss"], ulps=LOSS_ULPS, dtype=torch.float32, key=key
        )


@pytest.mark.golden
def test_iteration_counters_seen_by_hooks_match_mmcv(path_and_mmcv):
    ours, mmcv = path_and_mmcv
    assert [(it["iter"], it["epoch"]) for it in ours["train"]] == [
        (it["iter"], it["epoch"]) for it in mmcv["train"]
    ]


@pytest.mark.golden
def test_val_losses_match_mmcv_loss_only_validation(path_and_mmcv):
    # MMCV: ('val', 1) after each train epoch, 3 batches of 4;
    # MMEngine-style: ValLoop every epoch over the converted val_dataloader
    ours, mmcv = path_and_mmcv
    assert len(ours["val"]) == len(mmcv["val"]) == 12
    for i, (mine, theirs) in enumerate(zip(ours["val"], mmcv["val"])):
        assert mine["epoch"] == theirs["epoch"]
        key = f"loss at val iteration {i}"
        assert_within_ulps(
            mine["loss"], theirs["loss"], ulps=LOSS_ULPS, dtype=torch.float32, key=key
        )


@pytest.mark.golden
def test_final_weights_match_mmcv(path_and_mmcv):
    ours, mmcv = path_and_mmcv
    assert ours["weights"].keys() == mmcv["weights"].keys()
    for key, values in mmcv["weights"].items():
        assert_within_ulps(
            ours["weights"][key], values, ulps=WEIGHT_ULPS, dtype=torch.float32, key=key
        )


def test_mmcv_parallel_collate_alias_is_the_function():
    # found by this scenario: `from mmcv.parallel import collate` gave the
    # `mmcv.parallel.collate` shim module (MMCV re-exports the function)
    from mmcompat.legacy.runtime.aliases import legacy_aliases

    with legacy_aliases():
        from mmcv.parallel import collate

        batch = collate([dict(x=1), dict(x=2)], samples_per_gpu=2)
    assert callable(collate) and batch["x"].tolist() == [1, 2]
