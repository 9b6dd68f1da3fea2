"""Our logging matches numbers and layouts recorded from MMEngine 0.10.7
(fixtures/golden/logging/record.py). Recorded on another CPU: statistics
are compared within 4 float64 ulps."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
import torch

from mmcompat.logging import HistoryBuffer, MessageHub, MMFormatter
from tests.golden import assert_within_ulps

GOLDEN = json.loads(
    (
        Path(__file__).parents[2]
        / "fixtures"
        / "golden"
        / "logging"
        / "mmengine_logging.json"
    ).read_text()
)


@pytest.mark.golden
@pytest.mark.parametrize("as_tensor", [False, True])
def test_history_buffer_statistics_match_mmengine(as_tensor):
    expected = GOLDEN["history_buffer"]
    buffer = HistoryBuffer(max_length=GOLDEN["max_length"])
    for value, count in zip(GOLDEN["values"], GOLDEN["counts"]):
        buffer.update(torch.tensor(value) if as_tensor else value, count)
    values, counts = buffer.data
    assert values.tolist() == expected["kept_values"]
    assert counts.tolist() == expected["kept_counts"]
    for window in GOLDEN["windows"]:
        for stat in ("mean", "min", "max"):
            got = getattr(buffer, stat)(window)
            key = f"{stat}_{window}"
            assert_within_ulps(got, expected[key], dtype=torch.float64, key=key)
    assert_within_ulps(buffer.current(), expected["current"], dtype=torch.float64)


@pytest.mark.golden
def test_message_hub_saves_the_same_keys_as_mmengine():
    expected = GOLDEN["message_hub"]
    hub = MessageHub("golden")
    hub.update_scalar("train/loss", 1.0)
    hub.update_scalar("train/skip", 2.0, resumed=False)
    hub.update_scalars({"train/acc": 0.5, "train/weighted": dict(value=6, count=3)})
    hub.update_info("epoch", 3)
    hub.update_info("transient", "x", resumed=False)
    state = hub.state_dict()
    assert sorted(state["log_scalars"]) == expected["saved_scalars"]
    assert sorted(state["runtime_info"]) == expected["saved_info"]
    assert state["resumed_keys"] == expected["resumed_keys"]
    assert_within_ulps(
        hub.get_scalar("train/weighted").mean(),
        expected["weighted_mean"],
        dtype=torch.float64,
        key="weighted_mean",
    )


@pytest.mark.golden
@pytest.mark.parametrize("level", ["DEBUG", "INFO", "WARNING", "ERROR"])
def test_formatter_layout_matches_mmengine(level):
    formatter = MMFormatter(color=False, datefmt="%Y/%m/%d %H:%M:%S")
    record = logging.LogRecord(
        "golden",
        getattr(logging, level),
        "/src/train.py",
        42,
        "a message",
        None,
        None,
        func="step",
    )
    text = formatter.format(record)
    masked = text.replace(formatter.formatTime(record, formatter.datefmt), "<TIME>")
    assert masked == GOLDEN["formatter"][level]
