from __future__ import annotations

import math
import types

import pytest

from mmcompat.hooks import EarlyStoppingHook
from mmcompat.registry import HOOKS
from mmcompat.runner.priority import get_priority


def _run(hook, scores):
    """Feed validation scores; (index that stopped training or None, log)."""
    lines: list[str] = []
    runner = types.SimpleNamespace(
        train_loop=types.SimpleNamespace(stop_training=False),
        logger=types.SimpleNamespace(info=lines.append),
    )
    hook.before_run(runner)
    for index, score in enumerate(scores):
        hook.after_val_epoch(runner, {hook.monitor: score})
        if runner.train_loop.stop_training:
            return index, lines
    return None, lines


# Stop indices and messages below are what MMEngine 0.10.7's
# EarlyStoppingHook gives for the same settings and scores.
@pytest.mark.parametrize(
    "kwargs,scores,stop_at,message",
    [
        (
            dict(monitor="acc", patience=2, min_delta=0.1),
            [0.5, 0.55, 0.58, 0.7],
            2,
            "the monitored metric did not improve in the last 2 records. best score: 0.500. ",
        ),
        (
            dict(monitor="loss", patience=2, min_delta=0.05),
            [1.0, 0.9, 0.88, 0.87, 0.5],
            3,
            "the monitored metric did not improve in the last 2 records. best score: 0.900. ",
        ),
        (
            dict(monitor="mAP", stopping_threshold=0.6),
            [0.3, 0.61, 0.7],
            1,
            "Stopping threshold reached: `mAP` = 0.61 is greater than 0.6.",
        ),
        (
            dict(monitor="acc"),
            [0.5, math.nan],
            1,
            "Monitored metric acc = nan is infinite. Previous best value was 0.500.",
        ),
        (
            dict(monitor="psnr", rule="greater", patience=1, min_delta=0.0),
            [20.0, 21.0, 21.0],
            None,
            None,
        ),
    ],
)
def test_stops_like_mmengine(kwargs, scores, stop_at, message):
    index, lines = _run(EarlyStoppingHook(**kwargs), scores)
    assert index == stop_at
    assert lines == ([] if message is None else [message])


def test_is_registered_with_lowest_priority():
    hook = HOOKS.build(dict(type="EarlyStoppingHook", monitor="acc"))
    assert get_priority(hook.priority) == 100


def test_rule_is_needed_when_it_cannot_be_inferred():
    with pytest.raises(ValueError, match="cannot infer.*'psnr'"):
        EarlyStoppingHook(monitor="psnr")
    with pytest.raises(ValueError, match="rule must be"):
        EarlyStoppingHook(monitor="acc", rule="bigger")


def test_missing_metric_warns_or_raises_with_strict():
    runner = types.SimpleNamespace(
        train_loop=types.SimpleNamespace(stop_training=False)
    )
    with pytest.warns(UserWarning, match="do not include `monitor` \\(acc\\)"):
        EarlyStoppingHook(monitor="acc").after_val_epoch(runner, dict(mAP=0.1))
    with pytest.raises(RuntimeError, match="'acc' is not among the validation metrics"):
        EarlyStoppingHook(monitor="acc", strict=True).after_val_epoch(
            runner, dict(mAP=0.1)
        )


def test_train_loop_without_stop_flag_is_rejected():
    runner = types.SimpleNamespace(train_loop=object())
    with pytest.raises(TypeError, match="stop_training"):
        EarlyStoppingHook(monitor="acc").before_run(runner)
