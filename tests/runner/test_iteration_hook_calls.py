"""Per-iteration hook points of the built-in hooks act when their settings
ask for it; hooks overridden, set on the instance or registered during the
run are called."""

from __future__ import annotations

import pytest

from mmcompat.hooks import CheckpointHook, Hook, ParamSchedulerHook
from mmcompat.runner import Runner

from .helpers import runner_cfg


def _runner(tmp_path, param_scheduler=None, checkpoint=None, max_iters=4):
    cfg = runner_cfg(
        tmp_path,
        train_cfg=dict(by_epoch=False, max_iters=max_iters, val_interval=100),
        default_hooks=dict(
            checkpoint=checkpoint or dict(type="CheckpointHook", interval=100)
        ),
    )
    if param_scheduler is not None:
        cfg["param_scheduler"] = param_scheduler
    return Runner(**cfg)


def test_active_hooks_are_kept(tmp_path):
    runner = _runner(
        tmp_path,
        param_scheduler=dict(type="LinearLR", start_factor=0.5, by_epoch=False, end=2),
        checkpoint=dict(type="CheckpointHook", interval=2, by_epoch=False),
    )
    runner.train()
    assert (tmp_path / "iter_2.pth").exists() and (tmp_path / "iter_4.pth").exists()
    # the iteration-based warm-up ran: the lr went from 0.5x back to the base
    assert runner.optim_wrapper.get_lr()["lr"][0] == pytest.approx(0.1)


def test_a_subclass_overriding_the_point_is_always_called(tmp_path):
    calls = []

    class CountingCheckpointHook(CheckpointHook):
        def after_train_iter(self, runner, batch_idx, data_batch=None, outputs=None):
            calls.append(batch_idx)
            super().after_train_iter(runner, batch_idx, data_batch, outputs)

    runner = _runner(tmp_path)
    runner.register_hook(CountingCheckpointHook(interval=100), priority="LOWEST")
    runner.train()
    assert calls == [0, 1, 2, 3]


def test_a_method_set_on_the_instance_is_always_called(tmp_path):
    runner = _runner(tmp_path)
    hook = next(h for h in runner.hooks if isinstance(h, ParamSchedulerHook))
    calls = []
    hook.after_train_iter = lambda runner, **kwargs: calls.append(kwargs["batch_idx"])
    runner.train()
    assert calls == [0, 1, 2, 3]


def test_a_hook_registered_during_the_run_is_called(tmp_path):
    seen = []

    class Late(Hook):
        def after_train_iter(self, runner, batch_idx, data_batch=None, outputs=None):
            seen.append(batch_idx)

    class Registrar(Hook):
        def after_train_iter(self, runner, batch_idx, data_batch=None, outputs=None):
            if batch_idx == 1:
                runner.register_hook(Late())

    runner = _runner(tmp_path)
    runner.register_hook(Registrar())
    runner.train()
    assert seen == [2, 3]
