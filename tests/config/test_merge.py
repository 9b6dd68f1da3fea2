"""_base_ inheritance, _delete_, base references, merge_from_dict, DictAction."""

from __future__ import annotations

import argparse

import pytest

from mmcompat.config import Config, ConfigError, DictAction


def test_base_as_string_and_list(write):
    write("a.py", "x = 1\n")
    write("b.py", "y = 2\n")
    one = write("one.py", "_base_ = './a.py'\nz = 3\n")
    two = write("two.py", "_base_ = ['./a.py', './b.py']\nz = 3\n")
    assert Config.fromfile(one).to_dict() == {"x": 1, "z": 3}
    assert Config.fromfile(two).to_dict() == {"x": 1, "y": 2, "z": 3}


def test_multi_level_chain_with_relative_paths(write):
    write("base/root.py", "model = dict(a=1, b=dict(c=2))\n")
    write("base/mid.py", "_base_ = './root.py'\nmodel = dict(b=dict(d=3))\n")
    leaf = write("leaf/leaf.py", "_base_ = '../base/mid.py'\nmodel = dict(a=10)\n")
    assert Config.fromfile(leaf).model.to_dict() == {"a": 10, "b": {"c": 2, "d": 3}}


def test_child_values_override_and_lists_replace(write):
    write("base.py", "steps = [1, 2, 3]\nopt = dict(lr=0.1, wd=0.1)\n")
    child = write("child.py", "_base_ = './base.py'\nsteps = [9]\nopt = dict(lr=0.2)\n")
    assert Config.fromfile(child).to_dict() == {
        "steps": [9],
        "opt": {"lr": 0.2, "wd": 0.1},
    }


def test_delete_replaces_base_dict(write):
    write("base.py", "opt = dict(type='SGD', lr=0.1, momentum=0.9)\n")
    child = write(
        "child.py",
        "_base_ = './base.py'\nopt = dict(_delete_=True, type='Adam', lr=0.001)\n",
    )
    assert Config.fromfile(child).opt.to_dict() == {"type": "Adam", "lr": 0.001}


def test_delete_replaces_non_dict_base_value(write):
    write("base.py", "grad = None\nsched = [1, 2]\n")
    child = write(
        "child.py",
        "_base_ = './base.py'\ngrad = dict(_delete_=True, max_norm=1)\n"
        "sched = dict(_delete_=True, a=1)\n",
    )
    assert Config.fromfile(child).to_dict() == {
        "grad": {"max_norm": 1},
        "sched": {"a": 1},
    }


def test_delete_nested_inside_merge(write):
    write("base.py", "model = dict(head=dict(loss=dict(type='CE', w=1.0), n=80))\n")
    child = write(
        "child.py",
        "_base_ = './base.py'\nmodel = dict(head=dict(loss=dict(_delete_=True, type='Focal')))\n",
    )
    assert Config.fromfile(child).model.to_dict() == {
        "head": {"loss": {"type": "Focal"}, "n": 80}
    }


def test_text_base_references_in_py(write):
    write(
        "base.py",
        "pipeline = [dict(type='Load'), dict(type='Resize', scale=(1, 2))]\nmodel = dict(ch=256)\n",
    )
    child = write(
        "child.py",
        "_base_ = './base.py'\n"
        "test = {{_base_.pipeline}}\n"
        "head = dict(ch={{ _base_.model.ch }}, both=[{{_base_.model.ch}}, 1])\n",
    )
    cfg = Config.fromfile(child)
    assert cfg.test == [{"type": "Load"}, {"type": "Resize", "scale": (1, 2)}]
    assert cfg.head.to_dict() == {"ch": 256, "both": [256, 1]}
    cfg.test[0].type = "Changed"
    assert cfg.pipeline[0].type == "Load"  # the substituted value is a copy


def test_text_base_reference_with_list_index(write):
    write("base.py", "pipeline = [dict(type='Load'), dict(type='Resize')]\n")
    child = write("child.py", "_base_ = './base.py'\nsecond = {{_base_.pipeline.1}}\n")
    assert Config.fromfile(child).second.to_dict() == {"type": "Resize"}


def test_text_base_references_in_yaml_and_json(write):
    write("base.py", "model = dict(ch=256)\n")
    y = write("c.yaml", "_base_: ./base.py\nch: {{_base_.model.ch}}\n")
    j = write("c.json", '{"_base_": "./base.py", "ch": {{_base_.model.ch}}}')
    assert Config.fromfile(y).ch == 256
    assert Config.fromfile(j).ch == 256


def test_variable_base_references_in_py(write):
    write("base.py", "model = dict(head=dict(n=80))\nlr = 0.1\n")
    child = write(
        "child.py",
        "_base_ = './base.py'\nn2 = _base_.model.head.n * 2\nopt = dict(lr=_base_.lr / 2)\n",
    )
    cfg = Config.fromfile(child)
    assert cfg.n2 == 160 and cfg.opt.lr == 0.05
    assert "_base_" not in cfg


def test_bases_may_not_share_keys(write):
    write("a.py", "x = 1\n")
    write("b.py", "x = 2\n")
    child = write("child.py", "_base_ = ['./a.py', './b.py']\n")
    with pytest.raises(KeyError, match=r"child\.py.*'x'") as info:
        Config.fromfile(child)
    assert isinstance(info.value, ConfigError)


def test_merge_from_dict_dotted_keys():
    cfg = Config(dict(model=dict(backbone=dict(type="ResNet", depth=50))))
    cfg.merge_from_dict(
        {"model.backbone.depth": 101, "model.backbone.with_cp": True, "new.key": 1}
    )
    assert cfg.to_dict() == {
        "model": {"backbone": {"type": "ResNet", "depth": 101, "with_cp": True}},
        "new": {"key": 1},
    }


def test_merge_from_dict_list_index_keys():
    cfg = Config(dict(pipeline=[dict(type="Load"), dict(type="Resize", scale=(1, 2))]))
    cfg.merge_from_dict({"pipeline.1.scale": (3, 4), "pipeline.0.type": "LoadX"})
    assert cfg.pipeline == [{"type": "LoadX"}, {"type": "Resize", "scale": (3, 4)}]
    cfg.merge_from_dict(dict(pipeline={"0": dict(extra=1)}))
    assert cfg.pipeline[0].to_dict() == {"type": "LoadX", "extra": 1}


def test_merge_from_dict_list_index_disallowed():
    cfg = Config(dict(pipeline=[dict(type="Load")]))
    with pytest.raises(TypeError, match="pipeline"):
        cfg.merge_from_dict({"pipeline.0.type": "X"}, allow_list_keys=False)


def test_merge_from_dict_index_out_of_range_names_key():
    cfg = Config(dict(pipeline=[dict(type="Load")]))
    with pytest.raises(KeyError, match=r"pipeline\.3.*out of range"):
        cfg.merge_from_dict({"pipeline.3.type": "X"})


def test_merge_from_dict_replaces_list_item_with_scalar():
    cfg = Config(dict(steps=[1, 2, 3]))
    cfg.merge_from_dict({"steps.1": 20})
    assert cfg.steps == [1, 20, 3]


def test_merge_from_dict_delete_and_result_types():
    cfg = Config(dict(opt=dict(type="SGD", lr=0.1)))
    options = {"opt": dict(_delete_=True, type="Adam")}
    cfg.merge_from_dict(options)
    assert cfg.opt.to_dict() == {"type": "Adam"}
    assert options == {
        "opt": {"_delete_": True, "type": "Adam"}
    }  # caller's dict untouched
    assert type(cfg._cfg_dict).__name__ == "ConfigDict"


def _parse(*args):
    parser = argparse.ArgumentParser()
    parser.add_argument("--cfg-options", nargs="+", action=DictAction)
    return parser.parse_args(["--cfg-options", *args]).cfg_options


def test_dict_action_scalars():
    assert _parse(
        "a=1", "b=0.5", "c=true", "d=False", "e=None", "f=text", "g=1e-3"
    ) == {
        "a": 1,
        "b": 0.5,
        "c": True,
        "d": False,
        "e": None,
        "f": "text",
        "g": 0.001,
    }


def test_dict_action_lists_tuples_and_nesting():
    assert _parse(
        "a=1,2,3", "b=[x, y]", "c=(1,2)", "d=[(1,2),(3,4)]", "e=[]", "f='[1,2]'"
    ) == {
        "a": [1, 2, 3],
        "b": ["x", "y"],
        "c": (1, 2),
        "d": [(1, 2), (3, 4)],
        "e": [],
        "f": [1, 2],
    }


def test_dict_action_value_may_contain_equals():
    assert _parse("url=a=b") == {"url": "a=b"}


def test_dict_action_accumulates_repeated_options():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cfg-options", nargs="+", action=DictAction)
    ns = parser.parse_args(["--cfg-options", "a=1", "--cfg-options", "b=2"])
    assert ns.cfg_options == {"a": 1, "b": 2}


def test_dict_action_unbalanced_brackets_is_usage_error(capsys):
    with pytest.raises(SystemExit) as info:
        _parse("a=[1,(2]")
    assert info.value.code == 2
    assert "unbalanced" in capsys.readouterr().err


def test_dict_action_feeds_merge_from_dict():
    cfg = Config(dict(optimizer=dict(lr=0.1), pipeline=[dict(type="A")]))
    cfg.merge_from_dict(_parse("optimizer.lr=0.01", "pipeline.0.type=B"))
    assert cfg.optimizer.lr == 0.01 and cfg.pipeline[0].type == "B"


def test_mmengine_private_merge_helper_is_available():
    merged = Config._merge_a_into_b({"0": dict(a=2)}, [dict(a=1), dict(b=2)], True)
    assert merged == [{"a": 2}, {"b": 2}]
    assert Config._merge_a_into_b(
        dict(obj=dict(_delete_=True, a=2)), dict(obj=dict(a=1))
    ) == {"obj": {"a": 2}}
