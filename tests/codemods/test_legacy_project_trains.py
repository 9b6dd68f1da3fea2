"""The codemodded fixture project trains on mmcompat to MMCV 1.7.2's weights.

The codemods' output is run unedited: the two TODOs they leave (``logger=``
dropped from the runner, the project's own ``LossWatchHook`` carried in
``custom_hooks``) need no change, and no ``mmcv`` import is left.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from codemods.engine import iter_python_files, process_files
from tests.golden import TRAJECTORY_ULPS, assert_within_ulps

REPO = Path(__file__).resolve().parents[2]
GOLDEN = json.loads(
    (
        REPO / "fixtures" / "golden" / "symbols" / "legacy_project_weights.json"
    ).read_text()
)


def _assert_no_mmcv_left(root: Path) -> None:
    for path in root.rglob("*.py"):
        assert "mmcv" not in path.read_text().replace("MMCV", ""), path


@pytest.mark.golden
def test_codemodded_project_reaches_mmcv_weights(tmp_path: Path) -> None:
    """Recorded on another CPU; weights after 3 epochs compared within 32
    float32 ulps (TRAJECTORY_ULPS)."""
    torch = pytest.importorskip("torch")
    root = tmp_path / "legacy_project"
    shutil.copytree(REPO / "fixtures" / "legacy_project", root)
    results = list(process_files(list(iter_python_files([str(root)]))))
    assert all(r.status != "skipped" for r in results)
    _assert_no_mmcv_left(root)
    work = tmp_path / "work"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(root), str(REPO)]))
    proc = subprocess.run(
        [sys.executable, "tools/train.py", "--work-dir", str(work)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    state = torch.load(work / "epoch_3.pth", map_location="cpu", weights_only=True)[
        "state_dict"
    ]
    for key, expected in GOLDEN["state_dict"].items():
        assert_within_ulps(state[key], expected, ulps=TRAJECTORY_ULPS, key=key)
