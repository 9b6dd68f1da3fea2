"""mmdet 2.28.2's own ``tools/train.py``, unchanged, under ``mmcompat run``
on a synthetic COCO set (``fixtures/mmdet_coco``): the same run as real
MMCV 1.7.2 with its CPU ops gave (``fixtures/golden/mmdet_runs/record.py``).

Compared: every ``.log.json`` record (the same keys; losses, lr,
``grad_norm`` and the bbox mAP metrics to the log's 5 decimals: within
2e-5, one unit of the last digit plus rounding), the final weights within
1e-5, the work directory's MMCV files and the checkpoint ``meta`` keys.
One thread, ``--seed 0 --deterministic``, as recorded.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from pathlib import Path

import pytest
import torch

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "fixtures" / "golden" / "mmdet_runs"
MMDET = importlib.util.find_spec("mmdet")

pytestmark = [
    pytest.mark.golden,
    pytest.mark.skipif(MMDET is None, reason="needs mmdet 2.28.2 (the test extra)"),
]


def _record_module():
    spec = importlib.util.spec_from_file_location("record", GOLDEN / "record.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module", params=["retinanet_tiny", "faster_rcnn_tiny"])
def run_and_golden(request, tmp_path_factory):
    name = request.param
    record = _record_module()
    train = Path(MMDET.origin).parent / ".mim" / "tools" / "train.py"
    out = tmp_path_factory.mktemp(name)
    work_dir = record.run_train(
        [sys.executable, "-m", "mmcompat", "run", str(train)],
        str(ROOT / "fixtures" / "mmdet_coco" / f"{name}.py"),
        str(out),
        dict(os.environ),
    )
    golden = json.loads((GOLDEN / f"{name}.json").read_text())
    assert golden["versions"]["mmcv"] == "1.7.2"
    weights = torch.load(GOLDEN / f"{name}_weights.pt", weights_only=True)
    return record.read_run(work_dir), golden, weights


def test_log_json_records_match_mmcv(run_and_golden):
    ours, golden, _ = run_and_golden
    assert ours["meta_keys"] == golden["meta_keys"]
    assert len(ours["records"]) == len(golden["records"]) > 0
    assert any(r["mode"] == "val" and r["bbox_mAP"] > 0 for r in golden["records"])
    for i, (mine, theirs) in enumerate(zip(ours["records"], golden["records"])):
        assert list(mine) == list(theirs), i
        for key, value in theirs.items():
            if key in ("time", "data_time"):
                continue
            if isinstance(value, float):
                assert mine[key] == pytest.approx(value, abs=2e-5), (i, key)
            else:
                assert mine[key] == value, (i, key)


def test_final_weights_match_mmcv(run_and_golden):
    ours, _, weights = run_and_golden
    assert list(ours["state_dict"]) == list(weights)
    for key, value in weights.items():
        torch.testing.assert_close(
            ours["state_dict"][key], value, rtol=0, atol=1e-5, msg=key
        )


def test_work_dir_and_checkpoint_meta_as_mmcv(run_and_golden):
    ours, golden, _ = run_and_golden
    assert set(golden["work_dir_files"]) <= set(ours["work_dir_files"])
    assert set(golden["checkpoint_meta_keys"]) <= set(ours["checkpoint_meta_keys"])
