"""DefaultOptimWrapperConstructor / build_optim_wrapper."""

from __future__ import annotations

import copy
import inspect
import json
from pathlib import Path

import pytest
import torch
import torch.nn as nn

from mmcompat.optim import (
    AmpOptimWrapper,
    DefaultOptimWrapperConstructor,
    OptimWrapper,
    OptimWrapperDict,
    build_optim_wrapper,
)
from mmcompat.registry import OPTIM_WRAPPER_CONSTRUCTORS, OPTIMIZERS

from ._models import paramwise_model

GOLDEN = (
    Path(__file__).resolve().parents[2]
    / "fixtures/golden/schedulers/paramwise_mmengine_0.10.7.json"
)
PARAMWISE_CASES = json.loads(GOLDEN.read_text())["cases"]


def _cfg_from_json(value):
    # json turned the tuple `betas` into a list; MMEngine logged the tuple.
    value = copy.deepcopy(value)
    for options in value.get("custom_keys", {}).values():
        if "betas" in options:
            options["betas"] = tuple(options["betas"])
    return value


@pytest.mark.golden
@pytest.mark.parametrize(
    "case", PARAMWISE_CASES, ids=[c["name"] for c in PARAMWISE_CASES]
)
def test_paramwise_groups_and_log_match_mmengine(case, captured_log):
    model = paramwise_model()
    wrapper = build_optim_wrapper(
        model,
        dict(
            optimizer=copy.deepcopy(case["optimizer"]),
            paramwise_cfg=_cfg_from_json(case["paramwise_cfg"]),
        ),
    )
    names = {id(p): n for n, p in model.named_parameters()}
    groups = []
    for group in wrapper.optimizer.param_groups:
        entry = {k: v for k, v in group.items() if k != "params"}
        entry = json.loads(json.dumps(entry, default=str))
        entry["params"] = [names[id(p)] for p in group["params"]]
        groups.append(entry)
    # exact: lr * lr_mult and friends are pure Python float products
    assert groups == case["groups"]
    ours = [r for r in captured_log if r[0] in ("INFO", "WARNING")]
    theirs = [r for r in case["log"] if r[0] in ("INFO", "WARNING")]
    assert ours == theirs


def test_without_paramwise_cfg_all_parameters_share_one_group():
    model = nn.Sequential(nn.Linear(2, 3), nn.Linear(3, 1))
    wrapper = build_optim_wrapper(model, dict(optimizer=dict(type="SGD", lr=0.1)))
    assert type(wrapper) is OptimWrapper
    assert len(wrapper.optimizer.param_groups) == 1
    assert wrapper.get_lr() == {"lr": [0.1]}


def test_custom_key_longest_match_wins():
    model = nn.ModuleDict(dict(backbone=nn.ModuleDict(dict(layer0=nn.Linear(1, 1)))))
    wrapper = build_optim_wrapper(
        model,
        dict(
            optimizer=dict(type="SGD", lr=1.0, weight_decay=1.0),
            paramwise_cfg=dict(
                custom_keys={
                    "backbone": dict(lr_mult=0.1),
                    "backbone.layer0": dict(lr_mult=0.5, decay_mult=0.0),
                }
            ),
        ),
    )
    lrs = {g["lr"] for g in wrapper.optimizer.param_groups}
    decays = {g["weight_decay"] for g in wrapper.optimizer.param_groups}
    assert lrs == {0.5} and decays == {0.0}


def test_custom_key_matching_no_parameter_is_warned_by_name(captured_log):
    model = nn.Sequential(nn.Linear(2, 2))
    build_optim_wrapper(
        model,
        dict(
            optimizer=dict(type="SGD", lr=0.1),
            paramwise_cfg=dict(custom_keys={"backbone.typo": dict(lr_mult=0.1)}),
        ),
    )
    warnings = [m for level, m in captured_log if level == "WARNING"]
    assert any("'backbone.typo'" in m and "matches no parameter" in m for m in warnings)


def test_unknown_paramwise_option_is_warned_by_name(captured_log):
    build_optim_wrapper(
        nn.Linear(2, 2),
        dict(
            optimizer=dict(type="SGD", lr=0.1, weight_decay=1e-4),
            paramwise_cfg=dict(norm_decay_mul=0.0),
        ),
    )
    warnings = [m for level, m in captured_log if level == "WARNING"]
    assert any("paramwise_cfg.norm_decay_mul" in m for m in warnings)


def test_decay_mult_without_weight_decay_is_an_error_naming_the_key():
    with pytest.raises(ValueError, match="norm_decay_mult"):
        DefaultOptimWrapperConstructor(
            dict(optimizer=dict(type="SGD", lr=0.1)), dict(norm_decay_mult=0.0)
        )


def test_unknown_optimizer_type_suggests_close_names():
    with pytest.raises(KeyError, match="Did you mean.*'AdamW'"):
        build_optim_wrapper(
            nn.Linear(1, 1), dict(optimizer=dict(type="AdamWW", lr=0.1))
        )


def test_every_torch_optimizer_is_registered():
    expected = {
        name
        for name in dir(torch.optim)
        if inspect.isclass(getattr(torch.optim, name))
        and issubclass(getattr(torch.optim, name), torch.optim.Optimizer)
    }
    assert "SGD" in expected and "AdamW" in expected
    for name in expected:
        registered = "TorchAdafactor" if name == "Adafactor" else name
        assert OPTIMIZERS.get(registered) is getattr(torch.optim, name)


def test_optim_wrapper_type_and_arguments_come_from_the_config():
    wrapper = build_optim_wrapper(
        nn.Linear(2, 1),
        dict(
            type="AmpOptimWrapper",
            dtype="bfloat16",
            accumulative_counts=2,
            clip_grad=dict(max_norm=1.0),
            optimizer=dict(type="Adam", lr=1e-3),
        ),
    )
    assert isinstance(wrapper, AmpOptimWrapper)
    assert wrapper._accumulative_counts == 2
    assert isinstance(wrapper.optimizer, torch.optim.Adam)


def test_prebuilt_optimizer_is_wrapped():
    model = nn.Linear(2, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.3)
    wrapper = build_optim_wrapper(model, dict(optimizer=optimizer))
    assert wrapper.optimizer is optimizer


def test_dict_of_built_wrappers_becomes_optim_wrapper_dict():
    gen, disc = nn.Linear(1, 1), nn.Linear(1, 1)
    cfg = dict(
        generator=OptimWrapper(torch.optim.SGD(gen.parameters(), lr=0.1)),
        discriminator=OptimWrapper(torch.optim.Adam(disc.parameters(), lr=0.2)),
    )
    wrapper = build_optim_wrapper(nn.ModuleList([gen, disc]), cfg)
    assert isinstance(wrapper, OptimWrapperDict)
    assert wrapper.get_lr() == {"generator.lr": [0.1], "discriminator.lr": [0.2]}


def test_dict_of_configs_without_constructor_is_an_error():
    with pytest.raises(ValueError, match="constructor"):
        build_optim_wrapper(
            nn.Linear(1, 1),
            dict(generator=dict(optimizer=dict(type="SGD", lr=0.1))),
        )


def test_custom_constructor_can_build_several_optimizers():
    @OPTIM_WRAPPER_CONSTRUCTORS.register_module(force=True)
    class TwoOptimizersConstructor:
        def __init__(self, optim_wrapper_cfg, paramwise_cfg=None):
            self.cfg = optim_wrapper_cfg

        def __call__(self, model):
            return OptimWrapperDict(
                **{
                    name: build_optim_wrapper(getattr(model, name), sub)
                    for name, sub in self.cfg.items()
                }
            )

    model = nn.ModuleDict(
        dict(generator=nn.Linear(1, 1), discriminator=nn.Linear(1, 1))
    )
    wrapper = build_optim_wrapper(
        model,
        dict(
            constructor="TwoOptimizersConstructor",
            generator=dict(optimizer=dict(type="Adam", lr=1e-4, betas=(0.5, 0.999))),
            discriminator=dict(optimizer=dict(type="SGD", lr=1e-3, momentum=0.9)),
        ),
    )
    assert isinstance(wrapper, OptimWrapperDict)
    assert wrapper.get_momentum() == {
        "generator.momentum": [0.5],
        "discriminator.momentum": [0.9],
    }


def test_deformable_conv_offset_gets_its_own_lr_multiplier():
    class DeformConv2d(nn.Conv2d):  # named like MMCV's op
        def __init__(self) -> None:
            super().__init__(2, 2, 3)
            self.conv_offset = nn.Conv2d(2, 18, 3)

    model = nn.Sequential(DeformConv2d())
    wrapper = build_optim_wrapper(
        model,
        dict(
            optimizer=dict(type="SGD", lr=1.0, weight_decay=1.0),
            paramwise_cfg=dict(
                dcn_offset_lr_mult=0.1, bias_lr_mult=2.0, bias_decay_mult=0.0
            ),
        ),
    )
    by_name = {}
    names = {id(p): n for n, p in model.named_parameters()}
    for group in wrapper.optimizer.param_groups:
        by_name[names[id(group["params"][0])]] = (group["lr"], group["weight_decay"])
    assert by_name["0.weight"] == (1.0, 1.0)
    assert by_name["0.bias"] == (2.0, 0.0)
    # The offset conv: dcn multiplier, and no bias multipliers (MMEngine).
    assert by_name["0.conv_offset.weight"] == (0.1, 1.0)
    assert by_name["0.conv_offset.bias"] == (0.1, 1.0)


def test_zero_redundancy_optimizer_builds_from_a_config(tmp_path):
    import torch.distributed as dist

    dist.init_process_group(
        "gloo", init_method=f"file://{tmp_path / 'store'}", rank=0, world_size=1
    )
    try:
        model = nn.Linear(2, 1)
        wrapper = build_optim_wrapper(
            model,
            dict(
                optimizer=dict(
                    type="ZeroRedundancyOptimizer", optimizer_type="AdamW", lr=1e-2
                )
            ),
        )
        model(torch.randn(3, 2)).sum().backward()
        wrapper.step()
        state = wrapper.state_dict()
        assert type(wrapper.optimizer).__name__ == "ZeroRedundancyOptimizer"
        assert state["param_groups"][0]["lr"] == 1e-2
        assert len(state["state"]) == 2
    finally:
        dist.destroy_process_group()
