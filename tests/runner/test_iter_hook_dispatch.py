"""The training loops call the iteration points through
``Runner.call_hook`` with MMEngine's keyword arguments: a runner that
replaces ``call_hook`` sees them, a hook with a wrong signature is named."""

from __future__ import annotations

import pytest
import torch

from mmcompat.hooks import Hook
from mmcompat.runner import Runner

from .helpers import NO_DEFAULT_HOOKS, runner_cfg

ITER_POINTS = ("before_train_iter", "after_train_iter")


def _cfg(tmp_path, by_epoch):
    train_cfg = (
        dict(by_epoch=True, max_epochs=1)
        if by_epoch
        else dict(by_epoch=False, max_iters=3, val_interval=100)
    )
    return runner_cfg(tmp_path, train_cfg=train_cfg, default_hooks=NO_DEFAULT_HOOKS)


class KeywordHook(Hook):
    """Parameters in an order of its own: only keyword calls reach it right."""

    def __init__(self):
        self.seen = []

    def before_train_iter(self, runner, data_batch=None, batch_idx=None):
        self.seen.append(("before", batch_idx, data_batch is not None))

    def after_train_iter(self, runner, outputs=None, data_batch=None, batch_idx=None):
        self.seen.append(("after", batch_idx, sorted(outputs)))


@pytest.mark.parametrize("by_epoch", [True, False])
def test_iter_hooks_get_mmengine_keyword_arguments(tmp_path, by_epoch):
    runner = Runner(**_cfg(tmp_path, by_epoch))
    hook = KeywordHook()
    runner.register_hook(hook)
    runner.train()
    n = 4 if by_epoch else 3
    expected = []
    for idx in range(n):
        expected += [("before", idx, True), ("after", idx, ["loss"])]
    assert hook.seen == expected


class RecordingRunner(Runner):
    def call_hook(self, fn_name, **kwargs):
        self.points.append((fn_name, tuple(kwargs)))
        super().call_hook(fn_name, **kwargs)


@pytest.mark.parametrize("by_epoch", [True, False])
def test_runner_subclass_call_hook_sees_iteration_points(tmp_path, by_epoch):
    runner = RecordingRunner(**_cfg(tmp_path, by_epoch))
    runner.points = []
    hook = KeywordHook()
    runner.register_hook(hook)
    runner.train()
    iter_calls = [p for p in runner.points if p[0] in ITER_POINTS]
    n = 4 if by_epoch else 3
    assert (
        iter_calls
        == [
            ("before_train_iter", ("batch_idx", "data_batch")),
            ("after_train_iter", ("batch_idx", "data_batch", "outputs")),
        ]
        * n
    )
    assert len(hook.seen) == 2 * n


def test_instance_call_hook_replacement_sees_iteration_points(tmp_path):
    runner = Runner(**_cfg(tmp_path, by_epoch=False))
    seen = []
    original = runner.call_hook

    def call_hook(fn_name, **kwargs):
        seen.append(fn_name)
        original(fn_name, **kwargs)

    runner.call_hook = call_hook
    runner.train()
    assert [p for p in seen if p in ITER_POINTS] == list(ITER_POINTS) * 3


@pytest.mark.parametrize("point", ITER_POINTS)
def test_iteration_hook_type_error_names_the_hook(tmp_path, point):
    def bad(self, runner):
        pass

    Bad = type("Bad", (Hook,), {point: bad})
    runner = Runner(**_cfg(tmp_path, by_epoch=False))
    runner.register_hook(Bad())
    with pytest.raises(TypeError, match="in <.*Bad"):
        runner.train()


class BatchIds(Hook):
    """Records the dataset rows of every batch a training iteration gets."""

    def __init__(self):
        self.batches = []

    def before_train_iter(self, runner, batch_idx, data_batch=None):
        self.batches.append((batch_idx, data_batch["inputs"].sum().item()))


class RunIterLoop:
    """Mixed into a train loop class: ``run_iter`` of its own."""

    def run_iter(self, *args):
        self.own_run_iter_calls = getattr(self, "own_run_iter_calls", 0) + 1
        super().run_iter(*args)


class WrappedIterator:
    """Stands in for the loop's endless iterator."""

    def __init__(self, inner):
        self.inner = inner
        self.calls = 0

    def __iter__(self):
        return self

    def __next__(self):
        self.calls += 1
        return next(self.inner)


def _iter_run(tmp_path, variant):
    from mmcompat.registry import LOOPS
    from mmcompat.runner.loops import EpochBasedTrainLoop, IterBasedTrainLoop

    by_epoch = variant.startswith("epoch")
    train_cfg = (
        dict(by_epoch=True, max_epochs=2)
        # 10 iterations over 4 batches a pass: two restarts of the dataloader
        if by_epoch
        else dict(by_epoch=False, max_iters=10, val_interval=100)
    )
    if variant.endswith("own_run_iter"):
        base = EpochBasedTrainLoop if by_epoch else IterBasedTrainLoop
        cls = type(f"Own{base.__name__}", (RunIterLoop, base), {})
        LOOPS.register_module(module=cls, force=True)
        train_cfg = dict(type=cls.__name__, **train_cfg)
        train_cfg.pop("by_epoch")
    runner = Runner(
        **runner_cfg(
            tmp_path / variant, train_cfg=train_cfg, default_hooks=NO_DEFAULT_HOOKS
        )
    )
    hook = BatchIds()
    runner.register_hook(hook)
    loop = runner.train_loop
    wrapped = None
    if variant == "iter_own_iterator":
        wrapped = loop.dataloader_iterator = WrappedIterator(loop.dataloader_iterator)
    runner.train()
    weights = [p.detach().clone() for p in runner.model.parameters()]
    return hook.batches, weights, loop, wrapped


@pytest.mark.parametrize("by_epoch", [True, False])
def test_built_in_iterations_equal_a_loop_with_its_own_run_iter(tmp_path, by_epoch):
    prefix = "epoch" if by_epoch else "iter"
    batches, weights, _, _ = _iter_run(tmp_path, prefix)
    own_batches, own_weights, own_loop, _ = _iter_run(
        tmp_path, f"{prefix}_own_run_iter"
    )
    assert own_loop.own_run_iter_calls == (8 if by_epoch else 10)
    expected_idx = [0, 1, 2, 3] * 2 if by_epoch else list(range(10))
    assert [idx for idx, _ in batches] == expected_idx
    assert batches == own_batches
    assert all(torch.equal(a, b) for a, b in zip(weights, own_weights))
    # every pass (4 batches) covers the whole dataset, restarts included
    sums = [s for _, s in batches]
    assert sum(sums[0:4]) == pytest.approx(sum(sums[4:8]), abs=1e-4)
    if not by_epoch:
        wrapped_batches, wrapped_weights, _, wrapped = _iter_run(
            tmp_path, "iter_own_iterator"
        )
        assert wrapped.calls == 10
        assert wrapped_batches == batches
        assert all(torch.equal(a, b) for a, b in zip(weights, wrapped_weights))
