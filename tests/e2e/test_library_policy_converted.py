"""A converted config whose lr policy is a library's own ``LrUpdaterHook``
subclass (``fixtures/library_policy_project``): ``mmcompat convert`` writes
``MMCVLrPolicy``, ``mmcompat train`` imports the class's MMCV 1.x module
under the legacy overlay, and the scheduler driving it gives the lr real
MMCV 1.7.2 gave with that class (``fixtures/golden/legacy_runs/
library_policy.json``: the same policy, base lr, epochs and epoch length)
at every iteration."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from mmcompat.cli.main import main
from tests.golden import assert_within_ulps

ROOT = Path(__file__).resolve().parents[2]
PROJECT = ROOT / "fixtures" / "library_policy_project"
GOLDEN = ROOT / "fixtures" / "golden" / "legacy_runs" / "library_policy.json"


def test_converted_library_policy_trains_with_mmcvs_lrs(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(PROJECT, project)
    converted = project / "converted.py"
    assert (
        main(["convert", str(project / "legacy_cfg.py"), "-o", str(converted), "-q"])
        == 1
    )
    assert "type='MMCVLrPolicy'" in converted.read_text()
    work = tmp_path / "work"
    # a fresh process, as a user runs it (the project registers classes)
    result = subprocess.run(
        [sys.executable, "-m", "mmcompat", "train", str(converted)]
        + ["--work-dir", str(work), "--path", str(project)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert (
        "custom module 'proj.linear_lr' uses the MMCV 1.x API: imported under "
        "the legacy overlay" in result.stderr
    )
    lrs = json.loads((work / "lrs.json").read_text())
    golden = [record["lr"] for record in json.loads(GOLDEN.read_text())["train"]]
    assert len(lrs) == len(golden) == 30
    assert_within_ulps(lrs, golden, ulps=4, key="lr")
