"""Constructs of real legacy configs that used to stop the conversion.

Each test is a small config shaped like the real ones (detection, self-
supervised and segmentation libraries of the MMCV 1.x era): it is either
translated to what MMCV did, or reported as one precise finding while the
file is still written.
"""

from __future__ import annotations

import math

import pytest

from mmcompat.config import Config
from mmcompat.legacy.emit import emit
from mmcompat.legacy.translate import translate

EPOCHS = dict(type="EpochBasedRunner", max_epochs=12)
SGD = dict(type="SGD", lr=0.02, momentum=0.9, weight_decay=0.0001)


def _roundtrip(tmp_path, new, report) -> dict:
    path = tmp_path / "converted.py"
    path.write_text(emit(new, report))
    return Config.fromfile(str(path)).to_dict()


def _todos(report, prefix: str) -> list:
    return [f for f in report.todos if f.key.startswith(prefix)]


def test_emit_writes_range_tuple_set_and_non_finite_floats(tmp_path):
    legacy = dict(
        runner=EPOCHS,
        optimizer=SGD,
        gpu_ids=range(0, 1),
        img_scale=(1333, 800),
        classes={"car"},
        extra=dict(thr=math.inf, low=-math.inf, steps=[range(0, 8, 2)]),
    )
    new, report = translate(legacy)
    loaded = _roundtrip(tmp_path, new, report)
    assert loaded["gpu_ids"] == range(0, 1)
    assert isinstance(loaded["gpu_ids"], range)
    assert loaded["img_scale"] == (1333, 800)
    assert loaded["classes"] == {"car"}
    assert loaded["extra"] == dict(thr=math.inf, low=-math.inf, steps=[range(0, 8, 2)])
    assert not report.todos or all("no Python source" not in f.message for f in report)


def test_emit_writes_a_value_without_source_with_a_todo_naming_its_key(tmp_path):
    class Sampler:  # an object a config built while it ran
        pass

    legacy = dict(runner=EPOCHS, optimizer=SGD, extra=dict(sampler=Sampler()))
    new, report = translate(legacy)
    text = emit(new, report)
    assert "TODO(mmcompat): a Sampler value has no Python source" in text
    loaded = _roundtrip(tmp_path, new, report)
    assert loaded["extra"]["sampler"].startswith("<")
    [finding] = [f for f in report.todos if f.key == "extra.sampler"]
    assert finding.path == ("extra", "sampler")


@pytest.mark.parametrize("warmup", [None, "linear"])
def test_step_policy_with_no_milestones_is_constant_like_mmcv(warmup):
    # MMCV: lr = base * gamma ** len([]) = base, at every iteration.
    lr_config = dict(policy="step", step=[], gamma=0.1)
    if warmup:
        lr_config.update(warmup=warmup, warmup_iters=50, warmup_ratio=0.001)
    new, report = translate(dict(runner=EPOCHS, optimizer=SGD, lr_config=lr_config))
    kinds = [s["type"] for s in new["param_scheduler"]]
    assert kinds == (["LinearLR"] if warmup else [])
    assert not report.needs_mmcompat


def test_step_policy_with_no_milestones_and_min_lr_stays_exact():
    # max(base, min_lr): MMCV clips even a constant lr; only the exact
    # scheduler reproduces that.
    lr_config = dict(policy="step", step=[], min_lr=0.05)
    new, report = translate(dict(runner=EPOCHS, optimizer=SGD, lr_config=lr_config))
    assert new["param_scheduler"][0]["type"] == "MMCVLrPolicy"


def test_update_interval_is_gradient_accumulation():
    legacy = dict(
        runner=dict(type="IterBasedRunner", max_iters=1000),
        optimizer=SGD,
        optimizer_config=dict(update_interval=4, grad_clip=None),
    )
    new, report = translate(legacy)
    assert new["optim_wrapper"] == dict(
        type="OptimWrapper", optimizer=SGD, accumulative_counts=4
    )
    assert not report.todos
    assert not [f for f in report.of_kind("note") if "update_interval" in f.key]


def test_update_interval_notes_the_last_incomplete_window():
    legacy = dict(
        runner=dict(type="IterBasedRunner", max_iters=1002),
        optimizer=SGD,
        optimizer_config=dict(update_interval=4),
    )
    new, report = translate(legacy)
    assert new["optim_wrapper"]["accumulative_counts"] == 4
    [note] = [f for f in report.of_kind("note") if "update_interval" in f.key]
    assert "max_iters=1002 is not a multiple of 4" in note.message
    assert "last incomplete window" in note.message


def test_mmcv_gradient_cumulative_hook_is_accumulative_counts():
    legacy = dict(
        runner=EPOCHS,
        optimizer=SGD,
        optimizer_config=dict(
            type="GradientCumulativeOptimizerHook",
            cumulative_iters=2,
            grad_clip=dict(max_norm=35, norm_type=2),
        ),
    )
    new, report = translate(legacy)
    assert new["optim_wrapper"]["accumulative_counts"] == 2
    assert new["optim_wrapper"]["clip_grad"] == dict(max_norm=35, norm_type=2)


def test_a_library_optimizer_hook_is_one_todo_and_the_file_is_written(tmp_path):
    legacy = dict(
        runner=EPOCHS,
        optimizer=SGD,
        optimizer_config=dict(type="DistOptimizerHook", update_interval=8),
    )
    new, report = translate(legacy)
    assert new["optim_wrapper"] == dict(type="OptimWrapper", optimizer=SGD)
    [todo] = _todos(report, "optimizer_config")
    assert "'DistOptimizerHook'" in todo.message
    assert "update_interval=8" in todo.message
    assert _roundtrip(tmp_path, new, report)["optim_wrapper"]["optimizer"] == SGD


def test_paramwise_options_moves_to_paramwise_cfg_with_a_todo():
    optimizer = dict(SGD, paramwise_options=dict(bias_lr_mult=2.0, bias_decay_mult=0.0))
    new, report = translate(dict(runner=EPOCHS, optimizer=optimizer))
    assert new["optim_wrapper"]["optimizer"] == SGD
    assert new["optim_wrapper"]["paramwise_cfg"] == dict(
        bias_lr_mult=2.0, bias_decay_mult=0.0
    )
    [todo] = report.todos
    assert todo.key == "optimizer.paramwise_options"
    assert todo.path == ("optim_wrapper", "paramwise_cfg")


def test_a_key_no_torch_optimizer_takes_is_a_todo_naming_it():
    optimizer = dict(type="AdamW", lr=1e-4, betas=(0.9, 0.999), clip=1.0)
    new, report = translate(dict(runner=EPOCHS, optimizer=optimizer))
    [todo] = report.todos
    assert todo.key == "optimizer.clip"
    assert "torch.optim.AdamW" in todo.message
    # A library's optimizer is not second-guessed.
    lars = dict(type="LARS", lr=0.3, eta=0.001, exclude_bn_from_weight_decay=True)
    _, report = translate(dict(runner=EPOCHS, optimizer=lars))
    assert not report.todos
