"""Hook registration, ordering and the per-point dispatch tables."""

from __future__ import annotations

import pytest
import torch

from mmcompat.hooks import Hook
from mmcompat.runner import Runner

from .helpers import (
    NO_DEFAULT_HOOKS,
    RecordingHook,
    TinyModel,
    loader_cfg,
    runner_cfg,
)


class Named(Hook):
    def __init__(self, name, log):
        self.name, self.log = name, log

    def before_train_iter(self, runner, batch_idx, data_batch=None):
        self.log.append(self.name)


def _runner(tmp_path, **kw):
    cfg = runner_cfg(tmp_path, **kw)
    return Runner(**cfg)


def test_default_hooks_are_mmengines_six_in_priority_order(tmp_path):
    runner = _runner(tmp_path, default_hooks=None)
    assert [type(h).__name__ for h in runner.hooks] == [
        "RuntimeInfoHook",
        "IterTimerHook",
        "DistSamplerSeedHook",
        "LoggerHook",
        "ParamSchedulerHook",
        "CheckpointHook",
    ]


def test_default_hooks_merge_and_none_removes(tmp_path):
    runner = _runner(
        tmp_path,
        default_hooks=dict(
            timer=None, checkpoint=dict(type="CheckpointHook", interval=5)
        ),
    )
    names = [type(h).__name__ for h in runner.hooks]
    assert "IterTimerHook" not in names and len(names) == 5
    checkpoint = next(h for h in runner.hooks if type(h).__name__ == "CheckpointHook")
    assert checkpoint.interval == 5


def test_equal_priorities_keep_registration_order(tmp_path):
    runner = _runner(tmp_path, default_hooks=NO_DEFAULT_HOOKS)
    log: list = []
    for name in "abc":
        runner.register_hook(Named(name, log))
    runner.register_hook(Named("first", log), priority="HIGHEST")
    runner.register_hook(Named("last", log), priority=100)
    runner.call_hook("before_train_iter", batch_idx=0, data_batch=None)
    assert log == ["first", "a", "b", "c", "last"]


def test_priority_precedence_argument_then_config_then_attribute(tmp_path):
    runner = _runner(tmp_path)
    runner.register_hook(dict(type=RecordingHook, priority="LOW"), priority="VERY_HIGH")
    runner.register_hook(dict(type=RecordingHook, priority="LOW"))
    priorities = [h.priority for h in runner.hooks if isinstance(h, RecordingHook)]
    assert priorities == ["VERY_HIGH", "LOW"]


def test_call_hook_dispatches_only_to_hooks_overriding_the_point(tmp_path):
    runner = _runner(tmp_path)
    runner.register_hook(RecordingHook())
    callers = runner.hooks.callers("before_val_iter")
    assert [type(h).__name__ for h in callers] == ["IterTimerHook", "RecordingHook"]
    assert runner.hooks.callers("before_save_checkpoint")[-1].__class__ is RecordingHook


def test_dispatch_table_follows_list_mutation(tmp_path):
    runner = _runner(tmp_path, default_hooks=NO_DEFAULT_HOOKS)
    log: list = []
    hook = Named("x", log)
    runner.register_hook(hook)
    runner.call_hook("before_train_iter", batch_idx=0)
    runner.hooks.remove(hook)
    runner.call_hook("before_train_iter", batch_idx=0)
    assert log == ["x"]


def test_custom_points_reach_hooks_that_define_them(tmp_path):
    class Extra(Hook):
        seen = []

        def before_valloader2_iter(self, runner, batch_idx):
            self.seen.append(batch_idx)

    runner = _runner(tmp_path)
    runner.register_hook(Extra())
    runner.call_hook("before_valloader2_iter", batch_idx=3)
    assert Extra.seen == [3]


def test_misspelled_hook_method_is_rejected_at_registration(tmp_path):
    class Typo(Hook):
        def after_train_iters(self, runner, batch_idx, data_batch=None, outputs=None):
            pass

    runner = _runner(tmp_path)
    with pytest.raises(TypeError, match="after_train_iters.*after_train_iter"):
        runner.register_hook(Typo())


def test_non_hook_is_refused(tmp_path):
    with pytest.raises(TypeError, match="Hook or a config dict"):
        _runner(tmp_path).register_hook(object())


def test_wrong_hook_signature_names_the_hook(tmp_path):
    class Bad(Hook):
        def before_train_iter(self, runner):
            pass

    runner = _runner(tmp_path, default_hooks=NO_DEFAULT_HOOKS)
    runner.register_hook(Bad())
    with pytest.raises(TypeError, match="in <.*Bad"):
        runner.call_hook("before_train_iter", batch_idx=0, data_batch=None)


def test_hook_points_fire_in_mmengine_order_with_mmengine_arguments(tmp_path):
    from .helpers import MeanErrorMetric

    cfg = runner_cfg(
        tmp_path,
        model=TinyModel(),
        train_dataloader=loader_cfg(batch_size=6),  # 2 batches per epoch
        train_cfg=dict(by_epoch=True, max_epochs=2, val_interval=2),
        val_dataloader=loader_cfg(batch_size=12, shuffle=False),
        val_cfg=dict(),
        val_evaluator=dict(type=MeanErrorMetric),
        test_dataloader=loader_cfg(batch_size=12, shuffle=False),
        test_cfg=dict(),
        test_evaluator=dict(type=MeanErrorMetric),
        custom_hooks=[dict(type=RecordingHook)],
    )
    runner = Runner(**cfg)
    runner.train()
    runner.test()
    recorder = next(h for h in runner.hooks if isinstance(h, RecordingHook))
    train_iter = [
        ("before_train_iter", ("batch_idx", "data_batch")),
        ("after_train_iter", ("batch_idx", "data_batch", "outputs")),
    ]
    epoch = [("before_train_epoch", ())] + train_iter * 2 + [("after_train_epoch", ())]
    save = [("before_save_checkpoint", ("checkpoint",))]
    val = [
        ("before_val", ()),
        ("before_val_epoch", ()),
        ("before_val_iter", ("batch_idx", "data_batch")),
        ("after_val_iter", ("batch_idx", "data_batch", "outputs")),
        ("after_val_epoch", ("metrics",)),
        ("after_val", ()),
    ]
    test = [(p.replace("val", "test"), a) for p, a in val]
    assert recorder.calls == (
        [("before_run", ()), ("before_train", ())]
        + epoch
        + save
        + epoch
        + save
        + val
        + [("after_train", ()), ("after_run", ())]
        + [("before_run", ())]
        + test
        + [("after_run", ())]
    )
    assert torch.is_tensor(runner.model.linear1.weight)
