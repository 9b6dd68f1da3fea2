"""The fallback against MMCV 1.7.2's own CPU ops, on the inputs recorded by
fixtures/golden/ops/record.py (which also holds the calls both sides run)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import torch

from mmcompat.legacy import ops

HERE = Path(__file__).resolve().parents[3] / "fixtures" / "golden" / "ops"
GOLDEN = HERE / "ops_golden.pt"
NOT_RECORDED = (
    f"{GOLDEN.name} not recorded: run fixtures/golden/ops/record.py with "
    "mmcv-full 1.7.2 built with its CPU ops"
)


def _load_recorder():
    spec = importlib.util.spec_from_file_location(
        "ops_golden_record", HERE / "record.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


record = _load_recorder()


def _payload() -> dict | None:
    return torch.load(GOLDEN, weights_only=True) if GOLDEN.exists() else None


PAYLOAD = _payload()


def _cases():
    if PAYLOAD is None:
        return [
            pytest.param(
                None, marks=pytest.mark.skip(reason=NOT_RECORDED), id="not-recorded"
            )
        ]
    return [
        pytest.param(case, id=f"{i:03d}-{case['op']}")
        for i, case in enumerate(PAYLOAD["cases"])
    ]


@pytest.mark.skipif(PAYLOAD is None, reason=NOT_RECORDED)
def test_goldens_come_from_mmcv_1_7_2_and_cover_every_call():
    assert PAYLOAD["versions"]["mmcv"] == "1.7.2"
    assert {case["op"] for case in PAYLOAD["cases"]} == set(record.CALLS)


@pytest.mark.parametrize("case", _cases())
def test_fallback_matches_mmcv(case):
    got = record.run_case(ops, case)
    expected = case["outputs"]
    assert sorted(got) == sorted(expected)
    for name, value in expected.items():
        if value.dtype.is_floating_point:
            torch.testing.assert_close(
                got[name].detach(), value, rtol=1e-5, atol=1e-5, msg=name
            )
        else:
            assert got[name].tolist() == value.tolist(), name
