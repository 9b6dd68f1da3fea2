"""LogProcessor against log lines recorded from MMEngine 0.10.7's LogProcessor.

fixtures/golden/log_format/record.py fed the same message-hub contents to the
real MMEngine; here they are replayed through mmcompat (losses as tensors,
as the RuntimeInfoHook stores them) and the strings must be identical.
Recorded on another CPU: the averages in them are computed by vectorised
reductions, so each printed number may differ by one unit of its last digit,
and the tag's floats by 4 float64 ulps.
"""

from __future__ import annotations

import json
import types
from pathlib import Path

import pytest
import torch

from mmcompat.logging import MessageHub
from mmcompat.registry import LOG_PROCESSORS
from mmcompat.runner.log_processor import LogProcessor
from tests.golden import assert_printed_numbers_close, assert_within_ulps

GOLDEN = Path(__file__).parents[2] / "fixtures" / "golden" / "log_format" / "cases.json"
DATA = json.loads(GOLDEN.read_text())
CASES = {case["name"]: case for case in DATA["cases"]}


def _loop(length: int):
    return types.SimpleNamespace(dataloader=list(range(length)))


def _runner(spec: dict, hub: MessageHub):
    runner = types.SimpleNamespace(
        message_hub=hub,
        epoch=spec["epoch"],
        iter=spec["iter"],
        max_epochs=spec["max_epochs"],
        max_iters=spec["max_iters"],
        model=torch.nn.Linear(1, 1),
        train_loop=_loop(spec["train_len"]),
        val_loop=_loop(spec["val_len"]),
        test_loop=_loop(spec["test_len"]),
    )
    runner._train_loop = runner.train_loop if spec["train_loop"] else None
    return runner


def _hub(case: dict) -> MessageHub:
    hub = MessageHub(f"test_log_processor_{case['name']}")
    for key, values, counts in case["scalars"]:
        for value, count in zip(values, counts):
            if "loss" in key:
                value = torch.tensor(value, dtype=torch.float64)
            hub.update_scalar(key, value, count)
    for key, value in case["infos"]:
        hub.update_info(key, value)
    return hub


def _call(processor: LogProcessor, case: dict, runner):
    call = dict(case["call"])
    return getattr(processor, call.pop("method"))(runner, **call)


class _CpuOnly(LogProcessor):
    # The golden lines were recorded without CUDA (no memory field).
    @staticmethod
    def _cuda_available() -> bool:
        return False


@pytest.mark.golden
def test_golden_was_recorded_from_mmengine_0_10_7():
    assert DATA["recorded_with"]["mmengine"] == "0.10.7"
    assert len(CASES) >= 20


@pytest.mark.golden
@pytest.mark.parametrize("name", sorted(CASES))
def test_log_string_matches_mmengine(name):
    case = CASES[name]
    hub = _hub(case)
    _, log_str = _call(
        _CpuOnly(**case["processor"]), case, _runner(case["runner"], hub)
    )
    assert_printed_numbers_close(log_str, case["log_str"], key=name)


@pytest.mark.golden
@pytest.mark.parametrize("name", sorted(CASES))
def test_tag_matches_mmengine(name):
    case = CASES[name]
    hub = _hub(case)
    tag, _ = _call(_CpuOnly(**case["processor"]), case, _runner(case["runner"], hub))
    assert list(tag) == [key for key, _ in case["tag"]]
    for (key, expected), value in zip(case["tag"], tag.values()):
        if isinstance(expected, float):
            assert_within_ulps(value, expected, key=key)
        else:
            assert value == expected, key


@pytest.mark.golden
def test_memory_field_follows_data_time_when_cuda_is_available():
    class WithMemory(LogProcessor):
        @staticmethod
        def _cuda_available() -> bool:
            return True

        def _get_max_memory(self, runner) -> int:
            return 1234

    case = CASES["train_by_epoch"]
    tag, log_str = _call(WithMemory(), case, _runner(case["runner"], _hub(case)))
    expected = case["log_str"].replace(
        "data_time: 0.0030  ", "data_time: 0.0030  memory: 1234  "
    )
    assert_printed_numbers_close(log_str, expected, key="train_by_epoch")
    assert list(tag)[-3:] == ["epoch", "iter", "memory"] and tag["memory"] == 1234


def test_log_processor_is_registered():
    processor = LOG_PROCESSORS.build(
        dict(type="LogProcessor", window_size=20, by_epoch=False)
    )
    assert isinstance(processor, LogProcessor)
    assert (processor.window_size, processor.by_epoch) == (20, False)


def test_custom_cfg_rejects_duplicate_log_name():
    with pytest.raises(ValueError, match="log_name 'loss' is produced twice"):
        LogProcessor(
            custom_cfg=[
                dict(data_src="loss", method_name="max"),
                dict(data_src="loss", method_name="min"),
            ]
        )


def test_custom_cfg_rejects_epoch_window_when_not_by_epoch():
    with pytest.raises(ValueError, match="window_size='epoch'.*by_epoch=True"):
        LogProcessor(
            by_epoch=False,
            custom_cfg=[dict(data_src="loss", window_size="epoch", method_name="mean")],
        )


def test_custom_cfg_rejects_unknown_window_name_when_used():
    case = CASES["train_by_epoch"]
    processor = _CpuOnly(
        custom_cfg=[dict(data_src="loss", window_size="week", method_name="mean")]
    )
    with pytest.raises(
        TypeError, match="window_size must be an int, 'epoch' or 'global'"
    ):
        _call(processor, case, _runner(case["runner"], _hub(case)))


def test_custom_cfg_without_data_src_is_rejected():
    with pytest.raises(ValueError, match="has no 'data_src'"):
        LogProcessor(custom_cfg=[dict(method_name="mean")])


def test_mode_must_be_known():
    case = CASES["train_by_epoch"]
    runner = _runner(case["runner"], _hub(case))
    with pytest.raises(ValueError, match="mode must be one of"):
        LogProcessor().get_log_after_iter(runner, 0, "predict")
    with pytest.raises(ValueError, match="'val' or 'test'"):
        LogProcessor().get_log_after_epoch(runner, 0, "train")


def test_reading_logs_converts_tensor_losses_to_python_floats():
    case = CASES["train_by_epoch"]
    tag, _ = _call(_CpuOnly(), case, _runner(case["runner"], _hub(case)))
    assert type(tag["loss"]) is float


def test_a_replaced_mean_pattern_takes_effect_on_the_next_line():
    import re

    hub = MessageHub("test_log_processor_mean_pattern")
    for value in (1.0, 2.0, 3.0):
        hub.update_scalar("train/loss", torch.tensor(value))
        hub.update_scalar("train/time", value)
    spec = dict(
        epoch=0,
        iter=2,
        max_epochs=1,
        max_iters=3,
        train_len=3,
        val_len=1,
        test_len=1,
        train_loop=True,
    )
    runner = _runner(spec, hub)
    processor = _CpuOnly(window_size=10, by_epoch=True)
    tag, _ = processor.get_log_after_iter(runner, 2, "train")
    assert tag["loss"] == pytest.approx(2.0) and tag["time"] == pytest.approx(2.0)
    processor.mean_pattern = re.compile(r"time")
    tag, _ = processor.get_log_after_iter(runner, 2, "train")
    assert tag["loss"] == pytest.approx(3.0) and tag["time"] == pytest.approx(2.0)
