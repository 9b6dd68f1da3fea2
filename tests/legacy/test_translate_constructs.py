"""Constructs of real legacy configs that used to stop the conversion.

Each test is a small config shaped like the real ones (detection, self-
supervised and segmentation libraries of the MMCV 1.x era): it is either
translated to what MMCV did, or reported as one precise finding while the
file is still written.
"""

from __future__ import annotations

import bisect
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


def _mmdet_eval_epochs(max_epochs, interval, pairs):
    """Epochs (1-based) MMDet 2.x's EvalHook validated after: the interval
    is picked before epoch c from bisect([0, *milestones], c)."""
    milestones = [0] + [m for m, _ in pairs]
    intervals = [interval] + [i for _, i in pairs]
    out = []
    for c in range(1, max_epochs + 1):
        if c % intervals[bisect.bisect(milestones, c) - 1] == 0:
            out.append(c)
    return out


def _loop_val_epochs(max_epochs, train_cfg):
    """Epochs the MMEngine-style EpochBasedTrainLoop validates after, from
    its ``_decide_current_val_interval`` rule (interval picked after epoch
    c from bisect([0, *milestones], c + 1))."""
    pairs = train_cfg.get("dynamic_intervals", [])
    milestones = [0] + [m for m, _ in pairs]
    intervals = [train_cfg["val_interval"]] + [i for _, i in pairs]
    out = []
    for c in range(1, max_epochs + 1):
        interval = intervals[bisect.bisect(milestones, c + 1) - 1]
        if c % interval == 0 or c == max_epochs:
            out.append(c)
    return out


def test_loop_rule_is_the_one_the_runner_uses():
    # the helper above is the runner's rule, not a copy that could drift
    from mmcompat.runner.loops import EpochBasedTrainLoop

    loop = EpochBasedTrainLoop.__new__(EpochBasedTrainLoop)
    loop.dynamic_milestones, loop.dynamic_intervals = [0, 286], [10, 1]
    picked = []
    for c in (284, 285, 286):
        loop._decide_val_interval(c)
        picked.append(loop.val_interval)
    assert picked == [10, 1, 1]


@pytest.mark.parametrize(
    "max_epochs,interval,pairs",
    [(300, 10, [(285, 1)]), (24, 3, [(12, 2), (20, 1)]), (12, 5, [(9, 2)])],
)
def test_dynamic_intervals_validate_at_the_epochs_mmdet_did(
    max_epochs, interval, pairs
):
    # YOLOX-style: evaluation=dict(interval=10, dynamic_intervals=[(285, 1)])
    legacy = dict(
        runner=dict(type="EpochBasedRunner", max_epochs=max_epochs),
        optimizer=SGD,
        evaluation=dict(
            interval=interval, dynamic_intervals=pairs, metric="bbox", save_best="auto"
        ),
    )
    new, report = translate(legacy)
    legacy_epochs = _mmdet_eval_epochs(max_epochs, interval, pairs)
    new_epochs = _loop_val_epochs(max_epochs, new["train_cfg"])
    if new_epochs != legacy_epochs:
        # only the extra validation after the last epoch, and it is noted
        assert new_epochs == legacy_epochs + [max_epochs]
        assert any("after the last" in f.message for f in report.of_kind("note"))
    assert new["train_cfg"]["dynamic_intervals"] == [(m + 1, i) for m, i in pairs]


def test_an_interval_dict_of_a_library_is_one_todo(tmp_path):
    evaluation = dict(interval=dict(milestones=[100], interval=[10, 1]), metric="mIoU")
    legacy = dict(runner=EPOCHS, optimizer=SGD, evaluation=evaluation)
    new, report = translate(legacy)
    [todo] = _todos(report, "evaluation.interval")
    assert "dynamic interval" in todo.message
    assert "val_interval" not in new["train_cfg"]
    assert _roundtrip(tmp_path, new, report)["train_cfg"]["max_epochs"] == 12


def test_top_level_model_train_and_test_cfg_move_into_model(tmp_path):
    # An MMDetection 1.x/early 2.x detector config.
    legacy = dict(
        model=dict(type="FasterRCNN", backbone=dict(type="ResNet", depth=50)),
        train_cfg=dict(
            rpn=dict(assigner=dict(type="MaxIoUAssigner", pos_iou_thr=0.7)),
            rcnn=dict(sampler=dict(type="RandomSampler", num=512)),
        ),
        test_cfg=dict(
            rpn=dict(nms_pre=1000), rcnn=dict(score_thr=0.05, nms=dict(type="nms"))
        ),
        runner=EPOCHS,
        optimizer=SGD,
        evaluation=dict(interval=1, metric="bbox"),
    )
    new, report = translate(legacy)
    assert new["model"]["train_cfg"] == legacy["train_cfg"]
    assert new["model"]["test_cfg"] == legacy["test_cfg"]
    assert new["train_cfg"]["type"] == "EpochBasedTrainLoop"
    assert new["test_cfg"] == dict(type="TestLoop")
    notes = {f.key for f in report.of_kind("note")}
    assert {"train_cfg", "test_cfg"} <= notes
    loaded = _roundtrip(tmp_path, new, report)
    assert loaded["model"]["test_cfg"]["rcnn"]["score_thr"] == 0.05


def test_a_fragment_overriding_test_cfg_writes_it_under_model():
    # A child config: `_base_ = './faster_rcnn_r50_fpn_1x.py'` plus
    # `test_cfg = dict(rcnn=dict(score_thr=0.001))`.
    new, report = translate(
        dict(test_cfg=dict(rcnn=dict(score_thr=0.001))), partial=True
    )
    assert new == dict(model=dict(test_cfg=dict(rcnn=dict(score_thr=0.001))))


def test_a_new_style_loop_cfg_is_left_alone():
    loop = dict(max_epochs=12, val_interval=1)
    new, _ = translate(dict(model=dict(type="X"), train_cfg=loop), partial=True)
    assert new["train_cfg"] == loop and "train_cfg" not in new["model"]


def test_a_library_runner_gets_the_loop_its_length_implies(tmp_path):
    # MMGeneration 1.x
    legacy = dict(
        model=dict(type="StaticUnconditionalGAN"),
        runner=dict(
            type="DynamicIterBasedRunner",
            is_dynamic_ddp=True,
            pass_training_status=True,
            max_iters=800,
        ),
        optimizer=dict(
            generator=dict(type="Adam", lr=2e-4),
            discriminator=dict(type="Adam", lr=2e-4),
        ),
        lr_config=dict(policy="step", step=[400]),
    )
    new, report = translate(legacy)
    assert new["train_cfg"] == dict(type="IterBasedTrainLoop", max_iters=800)
    # the lr schedule counts iterations, as under an IterBasedRunner
    assert new["param_scheduler"][0]["by_epoch"] is False
    [todo] = _todos(report, "runner")
    assert "'DynamicIterBasedRunner'" in todo.message
    assert "is_dynamic_ddp=True" in todo.message
    assert _roundtrip(tmp_path, new, report)["train_cfg"]["max_iters"] == 800
    epochs = dict(legacy, runner=dict(type="MyEpochRunner", max_epochs=3))
    new, _ = translate(epochs)
    assert new["train_cfg"] == dict(type="EpochBasedTrainLoop", max_epochs=3)


@pytest.mark.parametrize(
    "lr_config,hook",
    [
        (dict(policy="Linear", target_lr=0, start=100), "LinearLrUpdaterHook"),
        (
            dict(policy="StepFixCosineAnnealing", min_lr=0),
            "StepFixCosineAnnealingLrUpdaterHook",
        ),
    ],
)
def test_a_library_lr_policy_runs_its_registered_hook_through_the_exact_scheduler(
    tmp_path, lr_config, hook
):
    legacy = dict(
        runner=dict(type="IterBasedRunner", max_iters=300),
        optimizer=dict(type="Adam", lr=1e-4),
        lr_config=lr_config,
    )
    new, report = translate(legacy)
    # an IterBasedRunner defaulted the lr hook's by_epoch to False
    assert new["param_scheduler"] == [
        dict(
            type="MMCVLrPolicy",
            lr_config=dict(lr_config, by_epoch=False),
            by_epoch=False,
        )
    ]
    assert not report.todos
    [line] = [f for f in report.of_kind("translated") if f.key == "lr_config"]
    assert hook in line.message and "custom_imports" in line.message
    assert (
        _roundtrip(tmp_path, new, report)["param_scheduler"] == new["param_scheduler"]
    )
    # stock MMEngine cannot run a library's class: one TODO naming it
    new, report = translate(legacy, target="mmengine")
    assert new["param_scheduler"] == []
    [todo] = report.todos
    assert todo.key == "lr_config" and hook in todo.message
    assert "--target mmcompat" in todo.message
    assert _roundtrip(tmp_path, new, report)["param_scheduler"] == []


def test_a_library_policy_under_an_epoch_runner_steps_every_iteration():
    legacy = dict(
        runner=dict(type="EpochBasedRunner", max_epochs=3),
        optimizer=dict(type="SGD", lr=0.04, momentum=0.9),
        lr_config=dict(policy="linear", target_lr=0.002),
    )
    [scheduler] = translate(legacy)[0]["param_scheduler"]
    assert scheduler == dict(
        type="MMCVLrPolicy",
        lr_config=dict(policy="linear", target_lr=0.002),
        by_epoch=True,
        convert_to_iter_based=True,
    )


def test_several_optimizers_name_a_constructor_for_mmengine():
    legacy = dict(
        optimizers=dict(
            generator=dict(type="Adam", lr=1e-4),
            discriminator=dict(type="Adam", lr=4e-4),
        )
    )
    new, report = translate(legacy)
    assert sorted(new["optim_wrapper"]) == ["discriminator", "generator"]
    assert not report.todos
    new, report = translate(legacy, target="mmengine")
    wrapper = new["optim_wrapper"]
    assert wrapper["constructor"] == "MultiOptimWrapperConstructor"
    assert wrapper["generator"] == dict(
        type="OptimWrapper", optimizer=dict(type="Adam", lr=1e-4)
    )
    [todo] = report.todos
    assert todo.key == "optimizers" and "MMagic" in todo.message
