from __future__ import annotations

import inspect
import types

import pytest
import torch
from torch.utils.data import DataLoader, TensorDataset

from mmcompat.hooks import HOOK_POINTS, Hook, check_hook_methods, overridden_points
from mmcompat.tables.hook_points import NEW_POINTS, NEW_SIGNATURES

# MMEngine 0.10.7's Hook signatures (parameter names and defaults), from the
# one table of hook points.
MMENGINE_SIGNATURES = {
    point: f"(self, {', '.join(params)})" for point, params in NEW_SIGNATURES.items()
}


def _plain_signature(func) -> str:
    sig = inspect.signature(func)
    params = [
        p.replace(annotation=inspect.Parameter.empty) for p in sig.parameters.values()
    ]
    return str(
        sig.replace(parameters=params, return_annotation=inspect.Signature.empty)
    )


def test_hook_points_are_the_22_mmengine_stages_in_firing_order():
    assert HOOK_POINTS == NEW_POINTS and len(HOOK_POINTS) == 22
    assert Hook.stages == HOOK_POINTS


@pytest.mark.parametrize("point", sorted(MMENGINE_SIGNATURES))
def test_hook_point_signature_matches_mmengine(point):
    assert _plain_signature(getattr(Hook, point)) == MMENGINE_SIGNATURES[point]


def test_default_priority_is_normal():
    assert Hook.priority == "NORMAL"
    assert Hook().priority == "NORMAL"


def test_every_point_of_base_hook_is_a_no_op():
    hook = Hook()
    runner = types.SimpleNamespace(epoch=0, iter=0)
    for point in HOOK_POINTS:
        params = list(inspect.signature(getattr(Hook, point)).parameters)[2:]
        args = {"checkpoint": {}, "batch_idx": 0}
        getattr(hook, point)(runner, **{k: args[k] for k in params if k in args})


def _runner(epoch: int = 0, it: int = 0, max_epochs: int = 3, max_iters: int = 30):
    return types.SimpleNamespace(
        epoch=epoch, iter=it, max_epochs=max_epochs, max_iters=max_iters
    )


def test_every_n_epochs_counts_finished_epochs():
    hook = Hook()
    hits = [e for e in range(10) if hook.every_n_epochs(_runner(epoch=e), 3)]
    assert hits == [2, 5, 8]  # epochs 3, 6, 9 (1-based) just finished


def test_every_n_epochs_with_start_skips_before_start():
    hook = Hook()
    hits = [e for e in range(10) if hook.every_n_epochs(_runner(epoch=e), 3, start=2)]
    assert hits == [1, 4, 7]


def test_every_n_epochs_is_false_for_non_positive_n():
    assert not Hook().every_n_epochs(_runner(epoch=0), 0)
    assert not Hook().every_n_epochs(_runner(epoch=3), -1)


def test_every_n_train_iters_counts_finished_iters():
    hook = Hook()
    hits = [i for i in range(12) if hook.every_n_train_iters(_runner(it=i), 4)]
    assert hits == [3, 7, 11]
    hits = [i for i in range(12) if hook.every_n_train_iters(_runner(it=i), 4, start=5)]
    assert hits == [4, 8]


def test_every_n_inner_iters_uses_batch_idx():
    hook = Hook()
    assert [b for b in range(7) if hook.every_n_inner_iters(b, 2)] == [1, 3, 5]
    assert not hook.every_n_inner_iters(3, 0)


def test_end_of_epoch_uses_dataloader_length():
    loader = DataLoader(TensorDataset(torch.arange(10.0)), batch_size=3)  # 4 batches
    hook = Hook()
    assert [b for b in range(4) if hook.end_of_epoch(loader, b)] == [3]


def test_is_last_train_epoch_and_iter():
    hook = Hook()
    assert hook.is_last_train_epoch(_runner(epoch=2, max_epochs=3))
    assert not hook.is_last_train_epoch(_runner(epoch=1, max_epochs=3))
    assert hook.is_last_train_iter(_runner(it=29, max_iters=30))
    assert not hook.is_last_train_iter(_runner(it=28, max_iters=30))


def test_overridden_points_of_base_hook_is_empty():
    assert overridden_points(Hook()) == []


def test_overridden_points_lists_overrides_in_firing_order():
    class MyHook(Hook):
        def after_run(self, runner):
            pass

        def before_train_iter(self, runner, batch_idx, data_batch=None):
            pass

        def before_run(self, runner):
            pass

    assert overridden_points(MyHook()) == [
        "before_run",
        "before_train_iter",
        "after_run",
    ]
    assert sorted(MyHook().get_triggered_stages()) == sorted(
        ["before_run", "before_train_iter", "after_run"]
    )


def test_overridden_points_expands_shared_private_methods():
    class EveryIter(Hook):
        def _after_iter(
            self, runner, batch_idx, data_batch=None, outputs=None, mode="train"
        ):
            pass

        def _before_epoch(self, runner, mode="train"):
            pass

    assert overridden_points(EveryIter()) == [
        "before_train_epoch",
        "after_train_iter",
        "before_val_epoch",
        "after_val_iter",
        "before_test_epoch",
        "after_test_iter",
    ]


def test_overridden_points_sees_inherited_overrides():
    class Base(Hook):
        def after_train(self, runner):
            pass

    class Child(Base):
        def before_train(self, runner):
            pass

    assert overridden_points(Child()) == ["before_train", "after_train"]


def test_shared_private_method_receives_mode():
    calls = []

    class Recorder(Hook):
        def _after_epoch(self, runner, mode="train"):
            calls.append(mode)

    hook = Recorder()
    runner = _runner()
    hook.after_train_epoch(runner)
    hook.after_val_epoch(runner, metrics={"acc": 1.0})
    hook.after_test_epoch(runner)
    assert calls == ["train", "val", "test"]


@pytest.mark.parametrize(
    "name,meant",
    [
        ("after_train_iters", "after_train_iter"),
        ("before_trian_epoch", "before_train_epoch"),
        ("afterrun", "after_run"),
        ("before_val_epch", "before_val_epoch"),
    ],
)
def test_check_hook_methods_rejects_misspelled_point(name, meant):
    cls = type("TypoHook", (Hook,), {name: lambda self, runner: None})
    with pytest.raises(TypeError, match=f"TypoHook.{name}.*did you mean {meant}"):
        check_hook_methods(cls())


@pytest.mark.parametrize(
    "name,replacement",
    [
        ("before_epoch", "before_train_epoch"),
        ("after_epoch", "after_train_epoch"),
        ("before_iter", "before_train_iter"),
        ("after_iter", "after_train_iter"),
    ],
)
def test_check_hook_methods_names_replacement_for_mmcv_points(name, replacement):
    cls = type("OldHook", (Hook,), {name: lambda self, runner: None})
    with pytest.raises(TypeError, match="MMCV 1.x") as info:
        check_hook_methods(cls())
    assert replacement in str(info.value)


def test_check_hook_methods_accepts_correct_and_unrelated_methods():
    class Fine(Hook):
        def after_train_iter(self, runner, batch_idx, data_batch=None, outputs=None):
            pass

        def before_valloader2_iter(self, runner, batch_idx, data_batch=None):
            pass  # a custom point called by a custom loop

        def compute_stats(self):
            pass

        def _after_iters_helper(self):
            pass

        after_train_iters = 3  # not a method

    check_hook_methods(Fine())
