"""init_cfg weight initialisation: golden weights from MMEngine, statistics,
override, layer matching, Pretrained."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
import torch
import torch.nn as nn

from mmcompat.model import (
    BaseModule,
    ModuleDict,
    ModuleList,
    Sequential,
    bias_init_with_prob,
    constant_init,
    initialize,
    kaiming_init,
    normal_init,
    trunc_normal_init,
    uniform_init,
    xavier_init,
)
from mmcompat.registry import WEIGHT_INITIALIZERS
from tests.golden import assert_within_ulps

GOLDEN = json.loads(
    (
        Path(__file__).resolve().parents[2]
        / "fixtures/golden/model_init/model_init.json"
    ).read_text()
)


class Backbone(BaseModule):
    def __init__(self, init_cfg=None):
        super().__init__(init_cfg)
        self.conv = nn.Conv2d(2, 3, 3)
        self.bn = nn.BatchNorm2d(3)


class Net(BaseModule):
    """Mirrors the network in fixtures/golden/model_init/record.py."""

    def __init__(self, net=None, backbone=None, neck=None):
        super().__init__(net)
        self.backbone = Backbone(backbone)
        self.neck = Sequential(nn.Linear(4, 5), nn.ReLU(), init_cfg=neck)
        self.head = nn.Linear(5, 2)


@pytest.mark.parametrize("case", GOLDEN["cases"], ids=lambda c: c["name"])
@pytest.mark.golden
def test_init_weights_equal_mmengine(case):
    """Recorded on another CPU; compared within 4 ulps of each tensor's dtype."""
    torch.manual_seed(GOLDEN["seed"])
    net = Net(case.get("net"), case.get("backbone"), case.get("neck"))
    net.init_weights()
    state = net.state_dict()
    assert set(state) == set(case["state"])
    for key, values in case["state"].items():
        assert_within_ulps(state[key], values, key=key)


def test_init_weights_statistics_large_layers():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(400, 500), nn.Conv2d(64, 128, 3))
    initialize(model, dict(type="Normal", layer="Linear", mean=0.5, std=0.02, bias=0.1))
    initialize(model, dict(type="Kaiming", layer="Conv2d"))
    weight = model[0].weight
    assert weight.mean().item() == pytest.approx(0.5, abs=1e-3)
    assert weight.std().item() == pytest.approx(0.02, rel=0.02)
    assert torch.all(model[0].bias == 0.1)
    # Kaiming normal, fan_out, relu: std = sqrt(2 / (out_channels * k * k)).
    expected_std = math.sqrt(2.0 / (128 * 3 * 3))
    assert model[1].weight.std().item() == pytest.approx(expected_std, rel=0.02)
    assert torch.all(model[1].bias == 0)


def test_trunc_normal_stays_in_bounds_and_uniform_in_range():
    torch.manual_seed(0)
    linear = nn.Linear(300, 300)
    trunc_normal_init(linear, mean=0, std=1, a=-0.5, b=0.5, bias=3)
    assert linear.weight.min() >= -0.5 and linear.weight.max() <= 0.5
    assert torch.all(linear.bias == 3)
    uniform_init(linear, a=2, b=3)
    assert linear.weight.min() >= 2 and linear.weight.max() <= 3
    assert linear.weight.mean().item() == pytest.approx(2.5, abs=0.01)


def test_helpers_skip_missing_weight_or_bias():
    relu = nn.ReLU()
    for helper in (constant_init, xavier_init, normal_init, kaiming_init):
        kwargs = {"val": 1} if helper is constant_init else {}
        helper(relu, **kwargs)  # no weight, no bias: nothing to do
    linear = nn.Linear(3, 3, bias=False)
    constant_init(linear, 2, bias=5)
    assert torch.all(linear.weight == 2)


def test_xavier_rejects_unknown_distribution():
    with pytest.raises(ValueError, match="'uniform' or 'normal'"):
        xavier_init(nn.Linear(2, 2), distribution="laplace")


def test_layer_matches_class_and_direct_bases_only():
    class MyConv(nn.Conv2d):
        pass

    class MyConvChild(MyConv):
        pass

    model = nn.Sequential(MyConv(1, 1, 1), MyConvChild(1, 1, 1), nn.Linear(1, 1))
    initialize(model, dict(type="Constant", layer="Conv2d", val=4))
    assert torch.all(model[0].weight == 4)
    # MMEngine compares with the direct bases only: a grandchild is skipped.
    assert not torch.all(model[1].weight == 4)
    assert not torch.all(model[2].weight == 4)


def test_override_initialises_whole_named_submodule():
    class Head(nn.Module):
        def __init__(self):
            super().__init__()
            self.cls = nn.Linear(3, 4)
            self.reg = nn.Conv2d(3, 4, 1)

    class Model(nn.Module):
        def __init__(self):
            super().__init__()
            self.feat = nn.Conv2d(3, 3, 1)
            self.head = Head()

    model = Model()
    initialize(
        model,
        dict(
            type="Constant",
            layer="Conv2d",
            val=1,
            bias=2,
            override=dict(type="Constant", name="head", val=3, bias_prob=0.01),
        ),
    )
    assert torch.all(model.feat.weight == 1) and torch.all(model.feat.bias == 2)
    # Whole-module override: the Linear and the Conv2d inside head.
    for layer in (model.head.cls, model.head.reg):
        assert torch.all(layer.weight == 3)
        assert torch.allclose(
            layer.bias, torch.full_like(layer.bias, bias_init_with_prob(0.01))
        )


def test_override_errors_name_the_problem():
    model = nn.Sequential(nn.Linear(1, 1))
    with pytest.raises(ValueError, match='needs the key "name"'):
        initialize(
            model, dict(type="Constant", val=1, override=dict(type="Constant", val=2))
        )
    with pytest.raises(ValueError, match='needs "type"'):
        initialize(model, dict(type="Constant", val=1, override=dict(name="0", val=2)))
    with pytest.raises(RuntimeError, match="no attribute 'missing'"):
        initialize(model, dict(type="Constant", val=1, override=dict(name="missing")))


def test_bias_init_with_prob_is_logit_of_prior():
    assert bias_init_with_prob(0.01) == pytest.approx(-math.log(99))
    assert torch.sigmoid(
        torch.tensor(bias_init_with_prob(0.2))
    ).item() == pytest.approx(0.2)


def test_initialize_does_not_mutate_shared_cfg():
    cfg = dict(
        type="Constant",
        val=1,
        layer="Linear",
        override=dict(name="0", val=2, type="Constant"),
    )
    snapshot = json.dumps(cfg, sort_keys=True)
    initialize(nn.Sequential(nn.Linear(1, 1)), cfg)
    assert json.dumps(cfg, sort_keys=True) == snapshot


def test_pretrained_is_applied_last_and_supports_prefix(tmp_path):
    source = nn.Sequential(nn.Linear(2, 2))
    nn.init.constant_(source[0].weight, 9)
    ckpt = tmp_path / "detector.pth"
    torch.save(
        {
            "meta": {"epoch": 3},
            "state_dict": {
                f"module.backbone.{k}": v for k, v in source.state_dict().items()
            },
        },
        ckpt,
    )

    # Pretrained listed first still overrides the Constant init (applied last).
    inner = Sequential(
        nn.Linear(2, 2),
        init_cfg=[
            dict(type="Pretrained", checkpoint=str(ckpt), prefix="backbone"),
            dict(type="Constant", layer="Linear", val=1),
        ],
    )
    inner.init_weights()
    assert torch.all(inner[0].weight == 9)
    assert torch.equal(inner[0].bias, source[0].bias)


class NotAllowed:
    """An arbitrary class: unpickling it needs more than weights_only allows."""


def test_pretrained_checkpoint_is_read_with_weights_only(tmp_path):
    ckpt = tmp_path / "evil.pth"
    torch.save({"state_dict": {}, "extra": NotAllowed()}, ckpt)
    model = Sequential(
        nn.Linear(1, 1), init_cfg=dict(type="Pretrained", checkpoint=str(ckpt))
    )
    with pytest.raises(Exception, match="[Ww]eights only load failed|weights_only"):
        model.init_weights()


def test_children_initialised_once_and_second_call_is_a_no_op():
    torch.manual_seed(0)
    model = ModuleList(
        [nn.Linear(2, 2)], init_cfg=dict(type="Constant", layer="Linear", val=5)
    )
    model.init_weights()
    assert model.is_init
    nn.init.constant_(model[0].weight, 1)
    model.init_weights()  # warns, does nothing
    assert torch.all(model[0].weight == 1)
    assert not hasattr(model, "_params_init_info")


def test_module_dict_and_repr_show_init_cfg():
    cfg = dict(type="Constant", layer="Linear", val=2)
    model = ModuleDict({"a": nn.Linear(1, 1)}, init_cfg=cfg)
    model.init_weights()
    assert torch.all(model["a"].weight == 2)
    assert "init_cfg={'type': 'Constant'" in repr(model)


def test_initialisers_registered():
    for name in (
        "Constant",
        "Xavier",
        "Normal",
        "TruncNormal",
        "Uniform",
        "Kaiming",
        "Caffe2Xavier",
        "Pretrained",
    ):
        assert WEIGHT_INITIALIZERS.get(name) is not None, name
