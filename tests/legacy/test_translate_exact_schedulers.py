"""mmcompat's exact MMCV schedulers (what translate() emits where stock
MMEngine schedulers cannot express a legacy schedule)."""

from __future__ import annotations

import pytest
import torch

from mmcompat.optim import OptimWrapper
from mmcompat.optim.scheduler import (
    MMCVLrPolicy,
    MMCVMomentumPolicy,
    build_param_schedulers,
)

LR_CONFIG = dict(
    policy="CosineAnnealing",
    min_lr_ratio=0.1,
    warmup="linear",
    warmup_iters=5,
    warmup_ratio=0.1,
)


def wrapper() -> OptimWrapper:
    param = torch.nn.Parameter(torch.zeros(1))
    return OptimWrapper(torch.optim.SGD([param], lr=0.1, momentum=0.9))


def lrs(scheduler, optim, steps: int) -> list[float]:
    values = []
    for _ in range(steps):
        values.append(optim.param_groups[0]["lr"])
        scheduler.step()
    return values


def test_resumed_scheduler_continues_the_same_trajectory():
    optim = wrapper()
    (scheduler,) = build_param_schedulers(
        [
            dict(
                type="MMCVLrPolicy",
                lr_config=LR_CONFIG,
                by_epoch=True,
                convert_to_iter_based=True,
            )
        ],
        optim,
        epoch_length=4,
        max_epochs=3,
    )
    full = lrs(scheduler, optim, 12)
    optim2 = wrapper()
    (first,) = build_param_schedulers(
        [
            dict(
                type="MMCVLrPolicy",
                lr_config=LR_CONFIG,
                by_epoch=True,
                convert_to_iter_based=True,
            )
        ],
        optim2,
        epoch_length=4,
        max_epochs=3,
    )
    head = lrs(first, optim2, 7)
    state = first.state_dict()
    optim3 = wrapper()
    optim3.param_groups[0]["initial_lr"] = 0.1
    resumed = MMCVLrPolicy(
        optim3, lr_config=LR_CONFIG, epoch_length=4, end=12, last_step=6
    )
    resumed.load_state_dict(state)
    optim3.param_groups[0]["lr"] = optim2.param_groups[0]["lr"]
    assert head + lrs(resumed, optim3, 5) == pytest.approx(full, rel=1e-12)
    # Warm-up multiplies MMCV's cosine value: 0.1 * (0.1 + 0.9 * 0/5) at 0.
    assert full[0] == pytest.approx(0.1 * 0.1, rel=1e-12)


def test_without_a_training_length_it_says_what_is_missing():
    with pytest.raises(ValueError, match="needs `end`"):
        MMCVLrPolicy(wrapper(), lr_config=LR_CONFIG)


def test_it_refuses_to_be_stepped_per_epoch():
    with pytest.raises(ValueError, match="steps every iteration"):
        MMCVLrPolicy(wrapper(), lr_config=LR_CONFIG, end=10, by_epoch=True)


def test_momentum_policy_drives_adam_betas():
    param = torch.nn.Parameter(torch.zeros(1))
    optim = OptimWrapper(torch.optim.Adam([param], lr=0.1, betas=(0.9, 0.999)))
    scheduler = MMCVMomentumPolicy(
        optim,
        momentum_config=dict(policy="step", step=[2], gamma=0.5, by_epoch=False),
        end=4,
    )
    betas = []
    for _ in range(4):
        betas.append(optim.param_groups[0]["betas"])
        scheduler.step()
    assert betas == [(0.9, 0.999), (0.9, 0.999), (0.45, 0.999), (0.45, 0.999)]
