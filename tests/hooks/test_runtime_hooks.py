"""RuntimeInfoHook, IterTimerHook, DistSamplerSeedHook, EmptyCacheHook."""

from __future__ import annotations

import pytest
import torch
from torch.utils.data import BatchSampler, DataLoader, TensorDataset

from mmcompat.dataset import DefaultSampler
from mmcompat.hooks import (
    DistSamplerSeedHook,
    EmptyCacheHook,
    IterTimerHook,
    RuntimeInfoHook,
    iter_timer_hook,
)
from mmcompat.registry import HOOKS
from mmcompat.runner.priority import get_priority

from ._runner import MiniRunner


class _LrSource:
    """What RuntimeInfoHook reads: ``get_lr()`` of an optim wrapper, from a
    real torch optimizer's param groups."""

    def __init__(self, optimizer: torch.optim.Optimizer) -> None:
        self.optimizer = optimizer

    def get_lr(self) -> dict:
        return {"lr": [group["lr"] for group in self.optimizer.param_groups]}


class SyncSpy(torch.Tensor):
    """A tensor that records every torch function called on it."""

    calls: list[str] = []

    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        cls.calls.append(getattr(func, "__name__", str(func)))
        return super().__torch_function__(func, types, args, kwargs or {})


@pytest.mark.parametrize(
    "name,priority",
    [
        ("RuntimeInfoHook", 10),
        ("IterTimerHook", 50),
        ("DistSamplerSeedHook", 50),
        ("EmptyCacheHook", 50),
        ("SyncBuffersHook", 50),
        ("ParamSchedulerHook", 70),
    ],
)
def test_builtin_hook_priority_matches_mmengine(name, priority):
    assert get_priority(HOOKS.build(dict(type=name)).priority) == priority


# -- RuntimeInfoHook ---------------------------------------------------------
def test_runtime_info_publishes_counters_before_train(tmp_path):
    runner = MiniRunner(tmp_path, train_len=4, max_epochs=3)
    runner.epoch, runner.iter = 1, 4
    hook = RuntimeInfoHook()
    hook.before_run(runner)
    hook.before_train(runner)
    hub = runner.message_hub
    assert hub.get_info("experiment_name") == runner.experiment_name
    assert hub.get_info("loop_stage") == "train"
    assert (hub.get_info("epoch"), hub.get_info("iter")) == (1, 4)
    assert (hub.get_info("max_epochs"), hub.get_info("max_iters")) == (3, 12)


def test_runtime_info_logs_lr_and_iter_each_iteration(tmp_path):
    runner = MiniRunner(tmp_path, train_len=3, max_epochs=1)
    runner.optim_wrapper = _LrSource(runner.optimizer)
    hook = RuntimeInfoHook()
    for lr in (0.1, 0.05, 0.025):
        runner.optimizer.param_groups[0]["lr"] = lr
        hook.before_train_iter(runner, batch_idx=runner.iter)
        runner.iter += 1
    assert runner.message_hub.get_info("iter") == 2
    assert runner.message_hub.get_scalar("train/lr").data[0].tolist() == [
        0.1,
        0.05,
        0.025,
    ]


def test_runtime_info_rejects_non_dict_lr(tmp_path):
    runner = MiniRunner(tmp_path)
    runner.optim_wrapper = type("W", (), {"get_lr": lambda self: [0.1]})()
    with pytest.raises(TypeError, match="get_lr\\(\\) must return a dict"):
        RuntimeInfoHook().before_train_iter(runner, batch_idx=0)


def test_runtime_info_keeps_losses_as_tensors_without_syncing(tmp_path):
    runner = MiniRunner(tmp_path)
    SyncSpy.calls.clear()
    weight = torch.ones(1, requires_grad=True)
    loss = (weight * 0.5).sum().as_subclass(SyncSpy)
    RuntimeInfoHook().after_train_iter(runner, 0, outputs=dict(loss=loss))
    assert not {"item", "__float__", "tolist", "cpu", "numpy"} & set(SyncSpy.calls)
    buffer = runner.message_hub.get_scalar("train/loss")
    assert buffer.current() == pytest.approx(0.5)


def test_runtime_info_publishes_val_and_test_metrics(tmp_path):
    runner = MiniRunner(tmp_path)
    hook = RuntimeInfoHook()
    hook.after_val_epoch(runner, metrics=dict(acc=0.75, per_class=[0.5, 1.0]))
    hook.after_test_epoch(runner, metrics=dict(acc=torch.tensor(0.5)))
    hub = runner.message_hub
    assert hub.get_scalar("val/acc").current() == 0.75
    assert hub.get_info("val/per_class") == [0.5, 1.0]
    assert "val/per_class" not in hub.log_scalars
    assert hub.get_scalar("test/acc").current() == pytest.approx(0.5)


def test_runtime_info_loop_stage_returns_to_train_after_val(tmp_path):
    runner = MiniRunner(tmp_path)
    hook = RuntimeInfoHook()
    hook.before_run(runner)
    hook.before_train(runner)
    hook.before_val(runner)
    assert runner.message_hub.get_info("loop_stage") == "val"
    hook.after_val(runner)
    assert runner.message_hub.get_info("loop_stage") == "train"
    hook.after_train(runner)
    assert runner.message_hub.get_info("loop_stage") is None
    hook.before_val(runner)
    hook.after_val(runner)  # a standalone validation leaves no stage behind
    assert "loop_stage" not in runner.message_hub.runtime_info


# -- IterTimerHook -----------------------------------------------------------
class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_iter_timer_logs_data_time_time_and_train_eta(tmp_path, monkeypatch):
    clock = _Clock()
    monkeypatch.setattr(iter_timer_hook.time, "perf_counter", clock)
    runner = MiniRunner(tmp_path, train_len=5, max_epochs=2)  # 10 iterations
    hook = IterTimerHook()
    hook.before_train(runner)
    hook.before_train_epoch(runner)
    for data_wait, step in [(0.5, 1.5), (0.25, 0.75)]:
        clock.now += data_wait
        hook.before_train_iter(runner, batch_idx=runner.iter)
        clock.now += step
        hook.after_train_iter(runner, batch_idx=runner.iter)
        runner.iter += 1
    hub = runner.message_hub
    assert hub.get_scalar("train/data_time").data[0].tolist() == pytest.approx(
        [0.5, 0.25]
    )
    assert hub.get_scalar("train/time").data[0].tolist() == pytest.approx([2.0, 1.0])
    # 3 s over 2 iterations, 8 left
    assert hub.get_info("eta") == pytest.approx(1.5 * 8)


def test_iter_timer_eta_counts_from_the_resumed_iteration(tmp_path, monkeypatch):
    clock = _Clock()
    monkeypatch.setattr(iter_timer_hook.time, "perf_counter", clock)
    runner = MiniRunner(tmp_path, train_len=5, max_epochs=2)
    runner.iter = 6  # resumed
    hook = IterTimerHook()
    hook.before_train(runner)
    hook.before_train_epoch(runner)
    hook.before_train_iter(runner, batch_idx=1)
    clock.now += 2.0
    hook.after_train_iter(runner, batch_idx=1)
    assert runner.message_hub.get_info("eta") == pytest.approx(2.0 * 3)


def test_iter_timer_val_eta_uses_the_val_dataloader(tmp_path, monkeypatch):
    clock = _Clock()
    monkeypatch.setattr(iter_timer_hook.time, "perf_counter", clock)
    runner = MiniRunner(tmp_path, val_len=4)
    hook = IterTimerHook()
    hook.before_val_epoch(runner)
    for batch_idx in range(2):
        hook.before_val_iter(runner, batch_idx)
        clock.now += 0.5
        hook.after_val_iter(runner, batch_idx)
    assert runner.message_hub.get_info("eta") == pytest.approx(0.5 * 2)
    assert runner.message_hub.get_scalar("val/time").current() == pytest.approx(0.5)


# -- DistSamplerSeedHook -----------------------------------------------------
def _dataset():
    return TensorDataset(torch.arange(8.0))


def test_sampler_seed_sets_the_epoch_of_the_sampler(tmp_path):
    runner = MiniRunner(tmp_path)
    sampler = DefaultSampler(_dataset(), shuffle=True, seed=0)
    runner.train_loop.dataloader = DataLoader(_dataset(), sampler=sampler, batch_size=2)
    runner.epoch = 3
    first = list(sampler)
    DistSamplerSeedHook().before_train_epoch(runner)
    assert sampler.epoch == 3
    assert list(sampler) != first  # a different shuffle for the new epoch


def test_sampler_seed_reaches_the_sampler_inside_a_batch_sampler(tmp_path):
    runner = MiniRunner(tmp_path)
    sampler = DefaultSampler(_dataset(), shuffle=True, seed=0)
    batch_sampler = BatchSampler(sampler, batch_size=2, drop_last=False)
    runner.train_loop.dataloader = DataLoader(_dataset(), batch_sampler=batch_sampler)
    runner.epoch = 2
    DistSamplerSeedHook().before_train_epoch(runner)
    assert sampler.epoch == 2


def test_sampler_seed_ignores_samplers_without_set_epoch(tmp_path):
    runner = MiniRunner(tmp_path)  # plain DataLoader: SequentialSampler
    DistSamplerSeedHook().before_train_epoch(runner)


# -- EmptyCacheHook ----------------------------------------------------------
@pytest.mark.parametrize(
    "kwargs,expected",
    [
        (dict(), ["after_epoch"]),
        (dict(before_epoch=True, after_epoch=False), ["before_epoch"]),
        (dict(after_epoch=False, after_iter=True), ["after_iter"]),
    ],
)
def test_empty_cache_runs_at_the_chosen_points(tmp_path, monkeypatch, kwargs, expected):
    calls = []
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "empty_cache", lambda: calls.append(current[0]))
    runner = MiniRunner(tmp_path)
    hook = EmptyCacheHook(**kwargs)
    current = ["before_epoch"]
    hook.before_val_epoch(runner)
    current[0] = "after_iter"
    hook.after_val_iter(runner, 0)
    current[0] = "after_epoch"
    hook.after_val_epoch(runner)
    assert calls == expected


def test_empty_cache_is_a_no_op_without_cuda(tmp_path, monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(torch.cuda, "empty_cache", lambda: pytest.fail("called"))
    EmptyCacheHook(before_epoch=True, after_iter=True).after_train_iter(
        MiniRunner(tmp_path), 0
    )
