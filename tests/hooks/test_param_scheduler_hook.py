from __future__ import annotations

import json
import types
from pathlib import Path

import pytest
import torch

from mmcompat.hooks import ParamSchedulerHook
from mmcompat.optim import LinearLR, MultiStepLR, ReduceOnPlateauLR


def _optimizer(lr: float = 0.1) -> torch.optim.Optimizer:
    torch.manual_seed(0)
    return torch.optim.SGD(torch.nn.Linear(2, 1).parameters(), lr=lr)


def _run(runner, optimizers, val_losses, iters_per_epoch: int = 3) -> list[list[float]]:
    """Replay the train loop's hook calls; the lr in effect at each iteration."""
    hook = ParamSchedulerHook()
    lrs = []
    for val_loss in val_losses:
        for batch_idx in range(iters_per_epoch):
            lrs.append([opt.param_groups[0]["lr"] for opt in optimizers])
            hook.after_train_iter(runner, batch_idx)
            runner.iter += 1
        hook.after_train_epoch(runner)
        runner.epoch += 1
        hook.after_val_epoch(runner, metrics=dict(loss=val_loss))
    lrs.append([opt.param_groups[0]["lr"] for opt in optimizers])
    return lrs


def _schedulers(optimizer):
    return [
        LinearLR(optimizer, start_factor=0.5, by_epoch=False, begin=0, end=4),
        MultiStepLR(optimizer, milestones=[1], gamma=0.1, by_epoch=True),
        ReduceOnPlateauLR(
            optimizer, monitor="loss", rule="less", factor=0.5, patience=0
        ),
    ]


# The same schedulers driven by MMEngine 0.10.7's ParamSchedulerHook
# (iteration-wise warmup, epoch milestone, then two validation plateaus
# halving the lr), recorded by fixtures/golden/hooks/record_param_scheduler_hook.py.
GOLDEN = json.loads(
    (
        Path(__file__).resolve().parents[2]
        / "fixtures/golden/hooks/param_scheduler_hook.json"
    ).read_text()
)
MMENGINE_LRS = GOLDEN["lrs"]
VAL_LOSSES = GOLDEN["val_losses"]


@pytest.mark.golden
def test_steps_iter_epoch_and_plateau_schedulers_like_mmengine():
    optimizer = _optimizer()
    runner = types.SimpleNamespace(
        param_schedulers=_schedulers(optimizer), epoch=0, iter=0
    )
    lrs = _run(runner, [optimizer], val_losses=VAL_LOSSES)
    # pure Python float arithmetic: CPU-independent; the tolerance covers
    # formulas written differently from MMEngine's
    assert [lr for (lr,) in lrs] == pytest.approx(MMENGINE_LRS, rel=1e-12)


@pytest.mark.golden
def test_dict_of_scheduler_lists_steps_every_optimizer():
    gen, disc = _optimizer(0.1), _optimizer(0.2)
    runner = types.SimpleNamespace(
        param_schedulers=dict(
            generator=_schedulers(gen), discriminator=_schedulers(disc)
        ),
        epoch=0,
        iter=0,
    )
    lrs = _run(runner, [gen, disc], val_losses=VAL_LOSSES)
    assert [g for g, _ in lrs] == pytest.approx(MMENGINE_LRS, rel=1e-12)
    assert [d for _, d in lrs] == pytest.approx(
        [2 * lr for lr in MMENGINE_LRS], rel=1e-12
    )


def test_iteration_scheduler_is_not_stepped_by_epochs():
    optimizer = _optimizer()
    scheduler = LinearLR(optimizer, start_factor=0.5, by_epoch=False, begin=0, end=4)
    runner = types.SimpleNamespace(param_schedulers=[scheduler])
    hook = ParamSchedulerHook()
    hook.after_train_epoch(runner)
    hook.after_val_epoch(runner, metrics=dict(loss=1.0))
    assert optimizer.param_groups[0]["lr"] == pytest.approx(0.05)
    hook.after_train_iter(runner, 0)
    assert optimizer.param_groups[0]["lr"] > 0.05


def test_plateau_scheduler_waits_for_metrics():
    optimizer = _optimizer()
    scheduler = ReduceOnPlateauLR(optimizer, monitor="loss", factor=0.5, patience=0)
    runner = types.SimpleNamespace(param_schedulers=[scheduler])
    hook = ParamSchedulerHook()
    hook.after_val_epoch(runner, metrics=dict(loss=1.0))
    hook.after_val_epoch(runner, metrics=None)  # no metrics: nothing to compare
    hook.after_val_epoch(runner, metrics=dict(loss=1.0))
    assert optimizer.param_groups[0]["lr"] == pytest.approx(0.05)


def test_no_schedulers_is_fine():
    runner = types.SimpleNamespace(param_schedulers=None)
    hook = ParamSchedulerHook()
    hook.after_train_iter(runner, 0)
    hook.after_train_epoch(runner)
    hook.after_val_epoch(runner, metrics=dict(loss=1.0))


def test_bad_param_schedulers_type_is_rejected():
    hook = ParamSchedulerHook()
    with pytest.raises(TypeError, match="list of parameter schedulers or a dict"):
        hook.after_train_epoch(types.SimpleNamespace(param_schedulers="linear"))
    with pytest.raises(TypeError, match=r"param_schedulers\['gen'\] must be a list"):
        hook.after_train_epoch(
            types.SimpleNamespace(param_schedulers=dict(gen="linear"))
        )
