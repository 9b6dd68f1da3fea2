"""translate(): bookkeeping, errors, plug-in rules, the hook-config API."""

from __future__ import annotations

import copy

import pytest

from mmcompat.legacy.emit import emit
from mmcompat.legacy.report import Report, TranslationError
from mmcompat.legacy.translate import (
    SECTION_ORDER,
    _core,
    register_rule,
    translate,
    translate_hook_configs,
)

BASE = dict(
    model=dict(type="Toy"),
    dataset_type="ToyDataset",
    optimizer=dict(type="SGD", lr=0.1, momentum=0.9),
    optimizer_config=dict(grad_clip=None),
    lr_config=dict(policy="step", step=[8, 11]),
    runner=dict(type="EpochBasedRunner", max_epochs=12),
    checkpoint_config=dict(interval=1),
    log_config=dict(interval=50, hooks=[dict(type="TextLoggerHook")]),
    evaluation=dict(interval=1, metric="accuracy"),
    log_level="INFO",
)


@pytest.fixture
def isolated_rules(monkeypatch):
    """Rules registered inside a test disappear after it."""
    monkeypatch.setattr(_core, "_RULES", list(_core._RULES))


def test_keys_no_rule_knows_are_carried_unchanged_and_reported():
    cfg = dict(BASE, img_norm_cfg=dict(mean=[1, 2, 3]), my_library_flag=True)
    new, report = translate(cfg)
    assert (
        new["img_norm_cfg"] == dict(mean=[1, 2, 3]) and new["my_library_flag"] is True
    )
    carried = {f.key for f in report.of_kind("carried")}
    assert {"img_norm_cfg", "my_library_flag", "dataset_type"} <= carried
    for legacy_key in (
        "optimizer",
        "lr_config",
        "runner",
        "checkpoint_config",
        "evaluation",
    ):
        assert legacy_key not in new


def test_translate_does_not_modify_its_input():
    cfg = copy.deepcopy(BASE)
    new, _ = translate(cfg)
    assert cfg == BASE
    new["optim_wrapper"]["optimizer"]["lr"] = 1.0
    assert cfg["optimizer"]["lr"] == 0.1


def test_new_keys_follow_the_openmmlab_2x_section_order():
    new, _ = translate(BASE)
    order = [k for k in SECTION_ORDER if k in new]
    positions = [list(new).index(k) for k in order]
    assert positions == sorted(positions)
    assert list(new)[:2] == ["model", "dataset_type"]  # carried keys right after model


@pytest.mark.parametrize(
    "change, key",
    [
        (dict(lr_config=dict(step=[8, 11])), "lr_config.policy"),
        (
            dict(
                lr_config=dict(
                    policy="step",
                    step=[8, 11],
                    warmup="linear",
                    warmup_iters=10,
                    warmup_ratio=0,
                )
            ),
            "lr_config.warmup_ratio",
        ),
        (
            dict(
                lr_config=dict(
                    policy="step", step=[8, 11], warmup="cosine", warmup_iters=10
                )
            ),
            "lr_config.warmup",
        ),
        (dict(lr_config=dict(policy="step", step=[0, 3])), "lr_config.step"),
        (dict(lr_config=dict(policy="step", step=2.5)), "lr_config.step"),
        (
            dict(lr_config=dict(policy="CosineAnnealing", min_lr=0, min_lr_ratio=0.1)),
            "lr_config",
        ),
        (dict(lr_config=dict(policy="poly", powr=2)), "lr_config.powr"),
        (
            dict(lr_config=dict(policy="OneCycle", max_lr=0.1, by_epoch=True)),
            "lr_config.by_epoch",
        ),
        (
            dict(lr_config=dict(policy="CosineRestart", periods=[4, 4], min_lr=0)),
            "lr_config.restart_weights",
        ),
        (
            dict(
                lr_config=dict(
                    policy="CosineRestart", periods=[4], restart_weights=[1], min_lr=0
                )
            ),
            "lr_config.periods",
        ),
        (dict(momentum_config=dict(policy="exp", gamma=0.9)), "momentum_config.policy"),
        (dict(total_epochs=24), "total_epochs"),
        (dict(runner=dict(type="EpochBasedRunner", max_epochs=0)), "runner.max_epochs"),
        (
            dict(optimizer_config=dict(type="MagicOptimizerHook")),
            "optimizer_config.type",
        ),
        (
            dict(
                optimizer_config=dict(
                    type="GradientCumulativeOptimizerHook", cumulative_iters=0
                )
            ),
            "optimizer_config.cumulative_iters",
        ),
        (
            dict(optimizer_config=dict(grad_clip=None, coalesce=True)),
            "optimizer_config",
        ),
        (dict(workflow=[("train", 1), ("test", 1)]), "workflow"),
        (dict(evaluation=dict(interval=0)), "evaluation.interval"),
        (dict(log_config=dict(hooks=[])), "log_config.interval"),
        (dict(optimizer=dict(lr=0.1)), "optimizer.type"),
    ],
)
def test_an_invalid_legacy_value_raises_one_error_naming_its_key(change, key):
    with pytest.raises(TranslationError) as info:
        translate(dict(BASE, **change), source="configs/x.py")
    assert info.value.key == key
    assert str(info.value).startswith(f"configs/x.py: {key}: ")


def test_lr_by_epoch_under_iter_based_runner_is_inert_like_in_mmcv():
    cfg = dict(
        BASE,
        runner=dict(type="IterBasedRunner", max_iters=100),
        lr_config=dict(policy="step", step=[10], by_epoch=True),
    )
    new, report = translate(cfg)
    assert new["param_scheduler"] == []
    assert any("never updated" in f.message for f in report.of_kind("note"))


def test_a_base_fragment_without_runner_keeps_its_lr_config():
    fragment = dict(lr_config=dict(policy="poly", power=0.9, by_epoch=False))
    new, report = translate(fragment, partial=True)
    assert new == fragment
    with pytest.raises(TranslationError, match="needs `runner`"):
        translate(fragment)


def test_a_plugin_rule_maps_a_metric_to_the_library_evaluator(isolated_rules):
    @register_rule(family="mylib")
    def accuracy_evaluator(ctx):
        for name in ("val_evaluator", "test_evaluator"):
            evaluator = ctx.new.get(name)
            if evaluator is not None and evaluator.get("metric") == "accuracy":
                evaluator["type"] = "Accuracy"
                ctx.resolve_todo((name,))

    new, report = translate(BASE)
    assert new["val_evaluator"] == dict(type="Accuracy", metric="accuracy")
    assert not [f for f in report.todos if f.path == ("val_evaluator",)]


def test_a_plugin_rule_can_claim_a_library_lr_policy_before_the_schedule_rule(
    isolated_rules,
):
    @register_rule("lr_config", family="mylib", order=25)
    def mylib_policy(ctx):
        if ctx.legacy["lr_config"].get("policy") != "MyLibPolicy":
            return
        ctx.consume("lr_config")
        ctx.new["param_scheduler"] = [
            dict(type="QuadraticWarmupLR", by_epoch=True, begin=0, end=5)
        ]

    new, _ = translate(dict(BASE, lr_config=dict(policy="MyLibPolicy", warmup_iters=5)))
    assert new["param_scheduler"][0]["type"] == "QuadraticWarmupLR"
    new, _ = translate(BASE)  # other policies still reach the built-in rule
    assert new["param_scheduler"][0]["type"] == "MultiStepLR"


def test_translate_hook_configs_translates_register_training_hooks_arguments():
    new, report = translate_hook_configs(
        lr_config=dict(
            policy="step",
            step=[2, 3],
            warmup="linear",
            warmup_iters=10,
            warmup_ratio=0.1,
        ),
        optimizer_config=dict(grad_clip=dict(max_norm=10)),
        checkpoint_config=dict(interval=5),
        log_config=dict(interval=100, hooks=[dict(type="TextLoggerHook")]),
        custom_hooks_config=[dict(type="EmptyCacheHook")],
        max_epochs=4,
    )
    assert new["param_scheduler"] == [
        dict(type="LinearLR", start_factor=0.1, by_epoch=False, begin=0, end=11),
        dict(
            type="MultiStepLR",
            milestones=[2, 3],
            gamma=0.1,
            by_epoch=True,
            begin=0,
            end=4,
        ),
    ]
    assert new["optim_wrapper"] == dict(
        type="OptimWrapper", clip_grad=dict(max_norm=10)
    )
    assert new["default_hooks"]["checkpoint"] == dict(type="CheckpointHook", interval=5)
    assert new["default_hooks"]["logger"] == dict(type="LoggerHook", interval=100)
    assert new["custom_hooks"] == [dict(type="EmptyCacheHook")]
    assert "train_cfg" not in new and isinstance(report, Report)


def test_translate_hook_configs_without_length_leaves_lr_config_for_later():
    new, report = translate_hook_configs(
        lr_config=dict(policy="CosineAnnealing", min_lr=0)
    )
    assert new == dict(lr_config=dict(policy="CosineAnnealing", min_lr=0))
    assert [f.key for f in report.of_kind("carried")] == ["lr_config"]


def test_report_round_trips_through_json_data():
    _, report = translate(
        dict(BASE, lr_config=dict(policy="inv", gamma=0.1)), source="a.py"
    )
    again = Report.from_dict(report.to_dict())
    assert again.to_dict() == report.to_dict()
    assert again.needs_mmcompat == ["MMCVLrPolicy"]


def test_emit_names_the_source_and_what_the_config_needs():
    new, report = translate(
        dict(BASE, lr_config=dict(policy="inv", gamma=0.1)), source="configs/a.py"
    )
    text = emit(new, report)
    assert text.startswith("# Converted from configs/a.py\n# by `mmcompat convert`")
    assert "# Needs mmcompat: MMCVLrPolicy" in text
    assert "# TODO(mmcompat): MMCV called dataset.evaluate(metric='accuracy')" in text
    assert emit(new, report) == text  # deterministic


def test_a_val_dataset_without_evaluation_is_flagged_for_the_new_runner():
    cfg = dict(data=dict(train=dict(type="A"), val=dict(type="A")))
    new, report = translate(cfg)
    assert new["val_dataloader"]["dataset"] == dict(type="A")
    (todo,) = [f for f in report.todos if f.path == ("val_dataloader",)]
    assert "val_cfg, val_evaluator" in todo.message
    _, report = translate(cfg, partial=True)  # a _base_ fragment: others complete it
    assert not [f for f in report.todos if f.path == ("val_dataloader",)]


def test_none_values_mean_no_such_component():
    new, _ = translate(
        dict(
            runner=None,
            log_config=None,
            checkpoint_config=None,
            lr_config=None,
            evaluation=None,
        )
    )
    assert "train_cfg" not in new and "val_cfg" not in new
    assert (
        new["default_hooks"]["logger"] is None
        and new["default_hooks"]["checkpoint"] is None
    )
    assert new["param_scheduler"] == []
