"""format_python: readable OpenMMLab-style source that executes back to the dict."""

from __future__ import annotations

import math

import pytest

from mmcompat.config import Config, format_python

from .conftest import GOLDEN_DIR
from .test_golden import LEGACY


def run(source: str) -> dict:
    namespace: dict = {}
    exec(source, namespace)
    namespace.pop("__builtins__")
    return namespace


def test_openmmlab_layout():
    cfg = {
        "model": {
            "type": "RetinaNet",
            "backbone": {"type": "ResNet", "depth": 50, "out_indices": (0, 1, 2, 3)},
            "neck": {
                "type": "FPN",
                "in_channels": [256, 512, 1024, 2048],
                "out_channels": 256,
                "num_outs": 5,
            },
        },
        "optimizer": {
            "type": "SGD",
            "lr": 0.01,
            "momentum": 0.9,
            "weight_decay": 0.0001,
        },
        "pipeline": [
            {"type": "LoadImageFromFile"},
            {"type": "Resize", "scale": (1333, 800)},
        ],
    }
    assert format_python(cfg) == (
        "model = dict(\n"
        "    type='RetinaNet',\n"
        "    backbone=dict(type='ResNet', depth=50, out_indices=(0, 1, 2, 3)),\n"
        "    neck=dict(\n"
        "        type='FPN',\n"
        "        in_channels=[256, 512, 1024, 2048],\n"
        "        out_channels=256,\n"
        "        num_outs=5))\n"
        "optimizer = dict(type='SGD', lr=0.01, momentum=0.9, weight_decay=0.0001)\n"
        "pipeline = [\n"
        "    dict(type='LoadImageFromFile'), dict(type='Resize', scale=(1333, 800))]\n"
    )


def test_items_go_on_one_continuation_line_when_they_fit():
    cfg = {
        "img_norm_cfg": {
            "mean": [123.675, 116.28, 103.53],
            "std": [58.395, 57.12, 57.375],
            "to_rgb": True,
        }
    }
    assert format_python(cfg) == (
        "img_norm_cfg = dict(\n    mean=[123.675, 116.28, 103.53], std=[58.395, 57.12, 57.375], to_rgb=True)\n"
    )


def test_scalar_sequences_are_packed():
    classes = tuple(f"class_{i}" for i in range(30))
    source = format_python({"classes": classes})
    lines = source.splitlines()
    assert lines[0] == "classes = ("
    assert 3 < len(lines) < 10  # packed, not one per line
    assert run(source) == {"classes": classes}


def test_broken_list_of_dicts_closes_on_its_own_line():
    steps = [
        {"type": f"Transform{i}", "keep_ratio": True, "size_divisor": 32}
        for i in range(4)
    ]
    lines = format_python({"train_pipeline": steps}).splitlines()
    assert lines[0] == "train_pipeline = ["
    assert lines[1] == "    dict(type='Transform0', keep_ratio=True, size_divisor=32),"
    assert lines[-1] == "]"


def test_key_order_is_kept():
    source = format_python({"z": 1, "a": {"y": 2, "b": 3}})
    assert source == "z = 1\na = dict(y=2, b=3)\n"


@pytest.mark.parametrize("name", LEGACY)
def test_real_shaped_configs_round_trip(name):
    cfg = Config.fromfile(GOLDEN_DIR / name).to_dict()
    assert run(format_python(cfg)) == cfg


@pytest.mark.parametrize("width", [40, 60, 79, 100])
@pytest.mark.parametrize("name", LEGACY)
def test_width_is_respected(name, width):
    cfg = Config.fromfile(GOLDEN_DIR / name).to_dict()
    source = format_python(cfg, width=width)
    assert run(source) == cfg
    for line in source.splitlines():
        if len(line) > width:
            # only a single item too long for the width may overflow
            body = line.strip().rstrip(",)]}")
            assert ", " not in body and not body.endswith(("(", "[", "{")), line


def test_tricky_values_round_trip():
    cfg = {
        "empty": {"d": {}, "l": [], "t": ()},
        "one": (1,),
        "nested_one": [(("x",),)],
        "literal_keys": {"a-b": 1, 0: "zero", "class": None, (1, 2): "tuple key"},
        "odd_keys": {"None": 1, "__debug__": 2, "match": 3, "": 4},
        "strings": ["it's", 'say "hi"', "line\nbreak", "ünï", ""],
        "numbers": [-1, 0.1, 1e-05, -2.5e10, True, False, None],
        "big": 10**30,
    }
    assert run(format_python(cfg)) == cfg
    source = format_python(cfg)
    assert "{'a-b': 1, 0: 'zero', 'class': None, (1, 2): 'tuple key'}" in source
    assert "one = (1,)" in source and "d=dict()" in source


def test_infinities_and_nan_are_written_as_float_calls():
    source = format_python(
        {"hi": float("inf"), "lo": float("-inf"), "nan": float("nan")}
    )
    result = run(source)
    assert (
        result["hi"] == math.inf
        and result["lo"] == -math.inf
        and math.isnan(result["nan"])
    )


def test_classes_are_written_as_dotted_names():
    assert format_python({"t": {"type": math.sqrt}}) == "t = dict(type='math.sqrt')\n"


def test_comments_above_top_level_nested_and_list_items():
    cfg = {
        "optimizer": {"type": "SGD", "lr": 0.02},
        "pipeline": [{"type": "A"}, {"type": "B"}],
        "lr_config": {"policy": "step", "step": [8, 11]},
    }
    comments = {
        (): "Converted from legacy.py",
        ("optimizer",): "TODO(mmcompat): check the optimizer",
        ("pipeline", 1): "# TODO(mmcompat): unknown transform B",
        ("lr_config", "policy"): "TODO(mmcompat): first line\nsecond line",
    }
    source = format_python(cfg, comments=comments)
    assert source == (
        "# Converted from legacy.py\n"
        "# TODO(mmcompat): check the optimizer\n"
        "optimizer = dict(type='SGD', lr=0.02)\n"
        "pipeline = [\n"
        "    dict(type='A'),\n"
        "    # TODO(mmcompat): unknown transform B\n"
        "    dict(type='B'),\n"
        "]\n"
        "lr_config = dict(\n"
        "    # TODO(mmcompat): first line\n"
        "    # second line\n"
        "    policy='step',\n"
        "    step=[8, 11])\n"
    )
    assert run(source) == cfg


def test_comment_deep_inside_forces_every_parent_open():
    cfg = {"model": {"head": {"loss": {"type": "CE", "w": 1.0}}}}
    source = format_python(cfg, comments={("model", "head", "loss", "w"): "TODO"})
    assert source == (
        "model = dict(\n"
        "    head=dict(\n"
        "        loss=dict(\n"
        "            type='CE',\n"
        "            # TODO\n"
        "            w=1.0)))\n"
    )
    assert run(source) == cfg


def test_comment_on_unknown_path_is_an_error():
    with pytest.raises(KeyError, match="nope"):
        format_python({"a": {"b": 1}}, comments={("a", "nope"): "x"})


def test_output_is_deterministic():
    cfg = Config.fromfile(
        GOLDEN_DIR / "legacy/detector/cascade_r50_fpn_1x_coco.py"
    ).to_dict()
    assert format_python(cfg) == format_python(cfg)
