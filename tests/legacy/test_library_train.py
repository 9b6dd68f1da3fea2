"""Real 1.x libraries' own ``tools/train.py``, unchanged, under ``mmcompat
run``: mmdet 2.28.2 on a synthetic COCO set (``fixtures/mmdet_coco``) and
mmcls 0.25.0 on synthetic image folders (``fixtures/mmcls_folder``), each
the same run as real MMCV 1.7.2 gave (``fixtures/golden/mmdet_runs`` with
MMCV's CPU ops, ``fixtures/golden/mmcls_runs``).

Compared: every ``.log.json`` record (the same keys; losses, lr,
``grad_norm`` and the evaluation metrics), the runner's and its hooks' lines
of the text log, the final weights, the work directory's MMCV files and the
checkpoint ``meta`` keys. One thread, ``--seed 0 --deterministic``, as
recorded; on the recording machine the runs agree bitwise. Allowed elsewhere
(other CPUs round conv and matmul kernels differently, and training
amplifies it):

- RetinaNet (two epochs) and the mmcls ResNet (two epochs): the log's 5
  decimals within 2e-5 (one unit of the last digit plus rounding), weights
  within 1e-5;
- Faster R-CNN (one epoch; proposal sampling turns ulps into different
  proposals over longer runs): within 1e-4 relative,
  weights within 1e-4 (measured with torch's portable kernels against the
  recording: 2.3e-4 on a grad_norm of 4.35, 1.9e-5 on the weights).
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import sys
from pathlib import Path

import pytest
import torch

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "fixtures" / "golden"

#: name -> (library, relative tolerance of the log values, their absolute
#: floor, absolute tolerance of the final weights)
RUNS = {
    "retinanet_tiny": ("mmdet", 0.0, 2e-5, 1e-5),
    "faster_rcnn_tiny": ("mmdet", 1e-4, 2e-5, 1e-4),
    "resnet_tiny": ("mmcls", 0.0, 2e-5, 1e-5),
}
#: each run's metric (compared exactly)
METRICS = {"mmdet": "bbox_mAP", "mmcls": "accuracy_top-1"}

pytestmark = pytest.mark.golden


def _record_module(library: str):
    path = GOLDEN / f"{library}_runs" / "record.py"
    spec = importlib.util.spec_from_file_location(f"{library}_record", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module", params=list(RUNS))
def run_and_golden(request, tmp_path_factory):
    name = request.param
    library, *tolerances = RUNS[name]
    spec = importlib.util.find_spec(library)
    if spec is None:
        pytest.skip(f"needs {library} (the test extra)")
    record = _record_module(library)
    train = Path(spec.origin).parent / ".mim" / "tools" / "train.py"
    command = [sys.executable, "-m", "mmcompat", "run", str(train)]
    out = tmp_path_factory.mktemp(name)
    if library == "mmdet":
        config = str(ROOT / "fixtures" / "mmdet_coco" / f"{name}.py")
        work_dir = record.run_train(command, config, str(out), dict(os.environ))
    else:
        work_dir = record.run_train(command, str(out), dict(os.environ))
    golden_dir = GOLDEN / f"{library}_runs"
    golden = json.loads((golden_dir / f"{name}.json").read_text())
    assert golden["versions"]["mmcv"] == "1.7.2"
    weights = torch.load(golden_dir / f"{name}_weights.pt", weights_only=True)
    golden["metric"] = METRICS[library]
    return record.read_run(work_dir), golden, weights, tuple(tolerances)


def test_log_json_records_match_mmcv(run_and_golden):
    ours, golden, _, (rel, floor, _) = run_and_golden
    assert ours["meta_keys"] == golden["meta_keys"]
    assert len(ours["records"]) == len(golden["records"]) > 0
    assert any(r["mode"] == "val" for r in golden["records"])
    for i, (mine, theirs) in enumerate(zip(ours["records"], golden["records"])):
        assert list(mine) == list(theirs), i
        for key, value in theirs.items():
            if key in ("time", "data_time"):
                continue
            if isinstance(value, float):
                assert mine[key] == pytest.approx(value, rel=rel, abs=floor), (i, key)
            else:
                assert mine[key] == value, (i, key)


_NUMBER = re.compile(r"-?\d+\.\d+(?:e[-+]\d+)?")


def test_text_log_lines_match_mmcv(run_and_golden):
    # MMCV's runner and hook messages of <timestamp>.log (TextLoggerHook's
    # lines, the checkpoint and run messages), wall times and paths masked;
    # the printed values (4 decimals, lr in 3) within the log tolerance
    ours, golden, _, (rel, _, _) = run_and_golden
    assert len(golden["log_lines"]) > 8
    assert len(ours["log_lines"]) == len(golden["log_lines"])
    for mine, theirs in zip(ours["log_lines"], golden["log_lines"]):
        assert _NUMBER.sub("#", mine) == _NUMBER.sub("#", theirs)
        for a, b in zip(_NUMBER.findall(mine), _NUMBER.findall(theirs)):
            unit = 1e-3 * abs(float(b)) if "e" in b else 1e-4
            assert abs(float(a) - float(b)) <= max(rel * abs(float(b)), 2 * unit), (
                mine,
                theirs,
            )


def test_final_weights_match_mmcv(run_and_golden):
    ours, _, weights, (_, _, atol) = run_and_golden
    assert list(ours["state_dict"]) == list(weights)
    for key, value in weights.items():
        torch.testing.assert_close(
            ours["state_dict"][key], value, rtol=0, atol=atol, msg=key
        )


def test_the_evaluation_metric_matches(run_and_golden):
    # a metric that is not 0 is compared (RetinaNet's first epoch, the
    # classifier's accuracy)
    ours, golden, *_ = run_and_golden
    metric = golden["metric"]
    values = [r[metric] for r in golden["records"] if r["mode"] == "val"]
    if not golden["config"].endswith("faster_rcnn_tiny.py"):
        assert max(values) > 0
    assert [r[metric] for r in ours["records"] if r["mode"] == "val"] == values


def test_work_dir_and_checkpoint_meta_as_mmcv(run_and_golden):
    ours, golden, *_ = run_and_golden
    assert set(golden["work_dir_files"]) <= set(ours["work_dir_files"])
    assert set(golden["checkpoint_meta_keys"]) <= set(ours["checkpoint_meta_keys"])
