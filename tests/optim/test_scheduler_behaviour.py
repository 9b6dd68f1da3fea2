"""Scheduler building, validation, resume and extension points."""

from __future__ import annotations

import io
import math

import pytest
import torch
import torch.nn as nn

from mmcompat.optim import (
    OptimWrapper,
    OptimWrapperDict,
    build_param_schedulers,
    scale_lr,
    simulate_schedule,
)
from mmcompat.optim.scheduler import (
    INF,
    CosineAnnealingLR,
    LinearMomentum,
    MultiStepLR,
    _ParamScheduler,
)
from mmcompat.registry import PARAM_SCHEDULERS


def _wrapper(optimizer: str = "SGD", **kwargs) -> OptimWrapper:
    model = nn.Linear(2, 1)
    if optimizer == "SGD":
        opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, **kwargs)
    else:
        opt = torch.optim.AdamW(
            model.parameters(), lr=0.1, betas=(0.9, 0.999), **kwargs
        )
    return OptimWrapper(opt)


def test_end_not_after_begin_is_an_error_naming_the_scheduler():
    with pytest.raises(ValueError, match=r"param_scheduler\[1\].*LinearLR.*`end`"):
        build_param_schedulers(
            [dict(type="ConstantLR"), dict(type="LinearLR", begin=5, end=5)], _wrapper()
        )


def test_milestones_must_increase():
    with pytest.raises(ValueError, match="milestones.*increasing"):
        build_param_schedulers(dict(type="MultiStepLR", milestones=[8, 4]), _wrapper())


def test_unknown_scheduler_type_suggests_close_names():
    with pytest.raises(KeyError, match="Did you mean.*'CosineAnnealingLR'"):
        build_param_schedulers([dict(type="CosineAnealingLR")], _wrapper())


def test_convert_to_iter_based_needs_the_epoch_length():
    with pytest.raises(ValueError, match="epoch length"):
        build_param_schedulers(
            dict(type="MultiStepLR", milestones=[1], convert_to_iter_based=True),
            _wrapper(),
        )


def test_convert_to_iter_based_scales_epoch_arguments():
    [scheduler] = build_param_schedulers(
        dict(
            type="CosineAnnealingLR",
            T_max=3,
            begin=1,
            end=4,
            convert_to_iter_based=True,
        ),
        _wrapper(),
        epoch_length=10,
    )
    assert (scheduler.by_epoch, scheduler.begin, scheduler.end, scheduler.T_max) == (
        False,
        10,
        40,
        30,
    )


def test_default_end_is_the_train_loop_length():
    epoch_sched, iter_sched = build_param_schedulers(
        [dict(type="LinearLR"), dict(type="LinearLR", by_epoch=False)],
        _wrapper(),
        max_epochs=12,
        max_iters=120,
    )
    assert epoch_sched.end == 12 and iter_sched.end == 120
    [unbounded] = build_param_schedulers(
        dict(type="ExponentialLR", gamma=0.9), _wrapper()
    )
    assert unbounded.end == INF


def test_schedulers_for_several_optimizers():
    wrappers = OptimWrapperDict(gen=_wrapper(), disc=_wrapper("AdamW"))
    shared = build_param_schedulers(dict(type="MultiStepLR", milestones=[2]), wrappers)
    assert set(shared) == {"gen", "disc"}
    assert shared["gen"][0].optimizer is wrappers["gen"]
    per_name = build_param_schedulers(
        dict(gen=[dict(type="ConstantLR")], disc=dict(type="LinearMomentum", end=3)),
        wrappers,
    )
    assert isinstance(per_name["disc"][0], LinearMomentum)
    with pytest.raises(KeyError, match="'disc'"):
        build_param_schedulers(dict(gen=dict(type="ConstantLR")), wrappers)


def test_momentum_scheduler_drives_adam_betas():
    wrapper = _wrapper("AdamW")
    scheduler = LinearMomentum(wrapper, start_factor=0.5, end=3, by_epoch=False)
    group = wrapper.optimizer.param_groups[0]
    assert group["betas"] == (0.45, 0.999)
    scheduler.step()
    scheduler.step()
    assert group["betas"][0] == pytest.approx(0.9)
    assert wrapper.get_momentum() == {"momentum": [group["betas"][0]]}


def test_momentum_scheduler_needs_an_optimizer_with_momentum():
    model = nn.Linear(1, 1)
    with pytest.raises(ValueError, match="momentum"):
        LinearMomentum(torch.optim.Adagrad(model.parameters(), lr=0.1), end=3)


def _run(schedulers, wrapper, steps):
    values = []
    for _ in range(steps):
        values.append(wrapper.get_lr()["lr"][0])
        for s in schedulers:
            s.step()
    return values


def test_resume_from_state_dicts_continues_the_same_trajectory():
    cfg = [
        dict(type="LinearLR", start_factor=0.1, by_epoch=False, end=5),
        dict(type="MultiStepLR", by_epoch=False, milestones=[8, 12], gamma=0.5),
        dict(type="CosineAnnealingLR", by_epoch=False, begin=12, end=20, T_max=8),
    ]
    reference = _wrapper()
    uninterrupted = _run(build_param_schedulers(cfg, reference), reference, 20)

    first = _wrapper()
    schedulers = build_param_schedulers(cfg, first)
    head = _run(schedulers, first, 9)
    # A checkpoint, saved and loaded like the runner does (weights_only).
    buffer = io.BytesIO()
    torch.save(
        dict(
            optimizer=first.state_dict(),
            schedulers=[s.state_dict() for s in schedulers],
        ),
        buffer,
    )
    buffer.seek(0)
    checkpoint = torch.load(buffer, weights_only=True)

    # The runner's order: build the schedulers (they step once, changing the
    # lr), then load the optimizer state (restoring it), then theirs.
    second = _wrapper()
    resumed = build_param_schedulers(cfg, second)
    second.load_state_dict(checkpoint["optimizer"])
    for scheduler, state in zip(resumed, checkpoint["schedulers"]):
        scheduler.load_state_dict(state)
    tail = _run(resumed, second, 11)
    assert head + tail == pytest.approx(uninterrupted, rel=1e-12)


def test_state_dict_excludes_the_optimizer():
    scheduler = MultiStepLR(_wrapper(), milestones=[2, 4])
    state = scheduler.state_dict()
    assert "optimizer" not in state
    assert state["milestones"] == {2: 1, 4: 1}


def test_a_custom_subclass_only_needs_get_value():
    @PARAM_SCHEDULERS.register_module(force=True)
    class HalvingLR(_ParamScheduler):
        def __init__(self, optimizer, **kwargs):
            super().__init__(optimizer, "lr", **kwargs)

        def _get_value(self):
            if self.last_step == 0:
                return [g["lr"] for g in self.optimizer.param_groups]
            return [g["lr"] * 0.5 for g in self.optimizer.param_groups]

    result = simulate_schedule(
        [dict(type="HalvingLR", by_epoch=False, begin=2, end=5)],
        dict(type="SGD", lr=1.0),
        max_iters=6,
        by_epoch=False,
    )
    assert result["lr"] == [[1.0, 1.0, 1.0, 0.5, 0.25, 0.25]]
    with pytest.raises(NotImplementedError):
        HalvingLR(_wrapper())._get_closed_form()


def test_closed_form_agrees_with_the_chainable_form():
    wrapper = _wrapper()
    scheduler = CosineAnnealingLR(wrapper, T_max=10, eta_min=0.01, by_epoch=False)
    for _ in range(10):
        assert wrapper.get_lr()["lr"][0] == pytest.approx(
            scheduler._get_closed_form()[0]
        )
        scheduler.step()


def test_simulate_schedule_epoch_semantics():
    result = simulate_schedule(
        dict(type="StepLR", step_size=1, gamma=0.5),
        dict(optimizer=dict(type="SGD", lr=1.0, momentum=0.9)),
        max_epochs=3,
        epoch_length=2,
    )
    # Epoch-based: the value changes between epochs, never inside one.
    assert result["lr"] == [[1.0, 1.0, 0.5, 0.5, 0.25, 0.25]]
    assert result["momentum"] == [[0.9] * 6]


def test_simulate_schedule_needs_loop_lengths():
    with pytest.raises(ValueError, match="max_epochs and epoch_length"):
        simulate_schedule(dict(type="ConstantLR"), max_epochs=2)
    with pytest.raises(ValueError, match="max_iters"):
        simulate_schedule(dict(type="ConstantLR"), by_epoch=False)


def test_scale_lr_uses_real_batch_size_and_keeps_base_lr():
    model = nn.Sequential(nn.Linear(2, 2), nn.Linear(2, 1))
    opt = torch.optim.SGD(
        [
            {"params": model[0].parameters()},
            {"params": model[1].parameters(), "lr": 0.2},
        ],
        lr=0.1,
    )
    wrapper = OptimWrapper(opt)
    ratio = scale_lr(wrapper, dict(enable=True, base_batch_size=16), real_bs=64)
    assert ratio == 4.0
    lrs = wrapper.get_lr()
    assert lrs["lr"] == pytest.approx([0.4, 0.8])
    assert lrs["base_lr"] == [0.1]  # MMEngine leaves the tracked base lr alone
    assert scale_lr(wrapper, dict(enable=False, base_batch_size=16), 64) is None
    cfg = dict(optimizer=dict(type="SGD", lr=0.02))
    scale_lr(cfg, dict(enable=True, base_batch_size=16), 8)
    assert math.isclose(cfg["optimizer"]["lr"], 0.01)
    with pytest.raises(KeyError, match="base_batch_size"):
        scale_lr(wrapper, dict(enable=True), 8)


def test_registry_build_honours_convert_to_iter_based():
    scheduler = PARAM_SCHEDULERS.build(
        dict(type="MultiStepLR", milestones=[1, 2], convert_to_iter_based=True),
        default_args=dict(optimizer=_wrapper(), epoch_length=5),
    )
    assert not scheduler.by_epoch and sorted(scheduler.milestones) == [5, 10]


_ONE_OF_EACH = [
    dict(type="ConstantLR"),
    dict(type="LinearMomentum", end=4),
    dict(type="ExponentialParamScheduler", param_name="weight_decay", gamma=0.9),
    dict(type="StepLR", step_size=2),
    dict(type="MultiStepMomentum", milestones=[1, 3]),
    dict(type="CosineAnnealingLR", T_max=4, eta_min_ratio=0.1),
    dict(type="PolyLR", end=6),
    dict(type="OneCycleLR", eta_max=0.5, total_steps=10, anneal_strategy="linear"),
    dict(
        type="CosineRestartMomentum",
        periods=[2, 3],
        restart_weights=[1, 0.5],
        eta_min=0.5,
    ),
    dict(type="ReduceOnPlateauLR", patience=0),
    dict(type="QuadraticWarmupLR", end=3),
]


@pytest.mark.parametrize("cfg", _ONE_OF_EACH, ids=[c["type"] for c in _ONE_OF_EACH])
def test_every_scheduler_state_loads_with_weights_only(cfg):
    wrapper = _wrapper(weight_decay=1e-4)
    [scheduler] = build_param_schedulers(dict(cfg), wrapper)
    for _ in range(3):
        scheduler.step()
    buffer = io.BytesIO()
    torch.save(scheduler.state_dict(), buffer)
    buffer.seek(0)
    state = torch.load(buffer, weights_only=True)
    fresh_wrapper = _wrapper(weight_decay=1e-4)
    [fresh] = build_param_schedulers(dict(cfg), fresh_wrapper)
    fresh.load_state_dict(state)
    fresh_wrapper.load_state_dict(wrapper.state_dict())
    for _ in range(2):
        scheduler.step()
        fresh.step()
    assert fresh.get_last_value() == scheduler.get_last_value()


def test_one_cycle_loads_an_mmengine_style_state():
    wrapper = _wrapper()
    [scheduler] = build_param_schedulers(
        dict(type="OneCycleLR", eta_max=0.5, total_steps=10), wrapper
    )
    state = scheduler.state_dict()
    del state["anneal_strategy"]

    def _annealing_linear(start, end, pct):  # what MMEngine pickles
        return (end - start) * pct + start

    state["anneal_func"] = _annealing_linear
    scheduler.load_state_dict(state)
    assert scheduler.anneal_strategy == "linear"
    assert "anneal_func" not in scheduler.state_dict()


def test_simulate_schedule_with_several_optimizers():
    gen, disc = nn.Linear(1, 1), nn.Linear(1, 1)
    wrappers = OptimWrapperDict(
        gen=OptimWrapper(torch.optim.SGD(gen.parameters(), lr=1.0, momentum=0.9)),
        disc=OptimWrapper(
            torch.optim.Adam(disc.parameters(), lr=2.0, betas=(0.5, 0.9))
        ),
    )
    result = simulate_schedule(
        dict(
            gen=[dict(type="StepLR", by_epoch=False, step_size=2, gamma=0.5)],
            disc=[dict(type="ConstantMomentum", by_epoch=False, factor=0.5, end=2)],
        ),
        wrappers,
        max_iters=4,
        by_epoch=False,
    )
    assert result["gen.lr"] == [[1.0, 1.0, 0.5, 0.5]]
    assert result["disc.lr"] == [[2.0] * 4]
    assert result["disc.momentum"] == [[0.25, 0.5, 0.5, 0.5]]


def test_milestones_must_be_a_list():
    with pytest.raises(TypeError, match=r"param_scheduler\[0\].*milestones"):
        build_param_schedulers(dict(type="MultiStepLR", milestones=8), _wrapper())
