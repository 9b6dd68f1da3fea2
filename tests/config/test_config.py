"""Config / ConfigDict behaviour: access, loading formats, templates, copies."""

from __future__ import annotations

import copy
import os
import os.path as osp
import pickle
import sys

import pytest

from mmcompat.config import Config, ConfigDict, ConfigError

from .conftest import GOLDEN_DIR

TWO_STAGE = GOLDEN_DIR / "legacy/detector/two_stage_r50_fpn_1x_coco.py"


def test_config_dict_attribute_and_item_access():
    d = ConfigDict(model=dict(backbone=dict(depth=50)), steps=[dict(a=1)])
    assert d.model.backbone.depth == 50
    assert d["model"]["backbone"]["depth"] == 50
    assert isinstance(d.steps[0], ConfigDict) and d.steps[0].a == 1


def test_config_dict_missing_attribute_names_the_key():
    d = ConfigDict(a=1)
    with pytest.raises(
        AttributeError, match="'ConfigDict' object has no attribute 'missing'"
    ):
        _ = d.missing
    with pytest.raises(KeyError):
        d["missing"]
    assert "missing" not in d  # no addict auto-vivification


def test_config_dict_converts_assigned_dicts_and_keeps_tuples():
    d = ConfigDict()
    d.x = {"y": ({"z": 1},)}
    assert isinstance(d.x, ConfigDict)
    assert isinstance(d.x.y, tuple) and isinstance(d.x.y[0], ConfigDict)


def test_config_dict_update_merges_nested_dicts():
    d = ConfigDict(a=dict(b=1, c=2))
    d.update(dict(a=dict(c=3), d=4))
    assert d.to_dict() == {"a": {"b": 1, "c": 3}, "d": 4}


def test_config_dict_merge_honours_delete():
    d = ConfigDict(a=dict(b=1, c=2), k=1)
    d.merge(dict(a=dict(_delete_=True, z=9)))
    assert d.to_dict() == {"a": {"z": 9}, "k": 1}


def test_config_dict_to_dict_is_plain_and_deep():
    d = ConfigDict(a=[[dict(b=1)]], t=(dict(c=2),))
    plain = d.to_dict()
    assert type(plain["a"][0][0]) is dict and type(plain["t"][0]) is dict
    assert isinstance(plain["t"], tuple)


def test_config_attribute_item_access_and_missing_key():
    cfg = Config(dict(a=1, b=dict(c=[0, 1])))
    assert cfg.a == 1 and cfg["b"]["c"] == [0, 1] and cfg.b.c == [0, 1]
    with pytest.raises(AttributeError, match="missing"):
        _ = cfg.missing
    assert "a" in cfg and "zz" not in cfg
    assert len(cfg) == 2 and list(cfg) == ["a", "b"]
    assert cfg.get("zz", 5) == 5


def test_config_setattr_converts_dicts():
    cfg = Config()
    cfg.model = dict(type="X")
    cfg["opt"] = dict(lr=0.1)
    assert cfg.model.type == "X" and cfg.opt.lr == 0.1
    del cfg.opt
    assert "opt" not in cfg


def test_config_rejects_reserved_keys():
    with pytest.raises(KeyError, match="filename"):
        Config(dict(filename="x"))


def test_config_rejects_non_dict():
    with pytest.raises(TypeError):
        Config([1, 2])


def test_fromfile_sets_filename_and_text():
    cfg = Config.fromfile(TWO_STAGE)
    assert cfg.filename == str(TWO_STAGE)
    # text holds every file of the chain, bases first, each after its path
    assert cfg.text.index("two_stage_r50_fpn.py\n") < cfg.text.index(
        "two_stage_r50_fpn_1x_coco.py\n"
    )
    assert "coco_detection.py\n# dataset settings" in cfg.text


def test_repr_names_path_and_values():
    cfg = Config(dict(a=1), filename="x.py", cfg_text="a = 1")
    assert repr(cfg) == "Config (path: x.py): {'a': 1}"


def test_fromfile_reads_json_and_yaml(write):
    json_path = write("c.json", '{"a": [1, 2], "b": {"c": null}}')
    yaml_path = write("c.yml", "a: [1, 2]\nb: {c: null}\nt: !!python/tuple [1, 2]\n")
    assert Config.fromfile(json_path).to_dict() == {"a": [1, 2], "b": {"c": None}}
    assert Config.fromfile(yaml_path).to_dict() == {
        "a": [1, 2],
        "b": {"c": None},
        "t": (1, 2),
    }


def test_yaml_loader_refuses_python_objects(write):
    path = write("evil.yaml", "a: !!python/object/apply:os.getcwd []\n")
    with pytest.raises(ConfigError, match="evil.yaml"):
        Config.fromfile(path)


def test_py_base_from_yaml_child_and_yaml_base_from_py_child(write):
    write("base.yaml", "opt: {lr: 0.1, momentum: 0.9}\n")
    write("mid.py", "_base_ = './base.yaml'\nopt = dict(lr=0.2)\n")
    child = write("child.yaml", "_base_: ./mid.py\nextra: 1\n")
    assert Config.fromfile(child).to_dict() == {
        "opt": {"lr": 0.2, "momentum": 0.9},
        "extra": 1,
    }


def test_fromstring_in_every_format():
    assert Config.fromstring("a = dict(b=(1, 2))", ".py").a.b == (1, 2)
    assert Config.fromstring('{"a": 1}', ".json").a == 1
    assert Config.fromstring("a: 1", ".yaml").a == 1
    with pytest.raises(OSError, match="unsupported"):
        Config.fromstring("a = 1", ".txt")


def test_predefined_variables(write):
    path = write(
        "dir/my_cfg.py",
        "work_dir = './work_dirs/{{ fileBasenameNoExtension }}'\n"
        "where = '{{fileDirname}}'\nname = '{{fileBasename}}'\next = '{{fileExtname}}'\n",
    )
    cfg = Config.fromfile(path)
    assert cfg.work_dir == "./work_dirs/my_cfg"
    assert cfg.where == osp.dirname(path).replace("\\", "/")
    assert cfg.name == "my_cfg.py" and cfg.ext == ".py"


def test_predefined_variables_can_be_disabled(write):
    path = write("p.py", "name = '{{fileBasename}}'\n")
    assert (
        Config.fromfile(path, use_predefined_variables=False).name == "{{fileBasename}}"
    )


def test_predefined_variables_name_the_base_file_in_bases(write):
    write("base_a.py", "tag = '{{fileBasenameNoExtension}}'\n")
    child = write("child.py", "_base_ = './base_a.py'\n")
    assert Config.fromfile(child).tag == "base_a"


def test_environment_variables(write, monkeypatch):
    path = write(
        "e.py",
        "root = '{{$MMCOMPAT_TEST_ROOT:/default}}/x'\nn = {{'$MMCOMPAT_TEST_N:3'}}\n",
    )
    monkeypatch.delenv("MMCOMPAT_TEST_ROOT", raising=False)
    monkeypatch.delenv("MMCOMPAT_TEST_N", raising=False)
    cfg = Config.fromfile(path)
    assert cfg.root == "/default/x" and cfg.n == 3 and cfg.env_variables == {}
    monkeypatch.setenv("MMCOMPAT_TEST_ROOT", "/data")
    cfg = Config.fromfile(path)
    assert cfg.root == "/data/x" and cfg.env_variables == {
        "MMCOMPAT_TEST_ROOT": "/data"
    }


def test_functions_modules_and_dunders_are_dropped(write):
    path = write(
        "f.py",
        "import os\nfrom os import path\n__hidden = 1\n"
        "def helper():\n    return 2\nvalue = helper()\nsquare = lambda x: x * x\n",
    )
    assert Config.fromfile(path).to_dict() == {"value": 2}


def test_custom_imports_are_imported(write, tmp_path, monkeypatch):
    (tmp_path / "my_custom_mod.py").write_text("LOADED = True\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    path = write(
        "ci.py",
        "custom_imports = dict(imports=['my_custom_mod'], allow_failed_imports=False)\n",
    )
    sys.modules.pop("my_custom_mod", None)
    Config.fromfile(path)
    assert "my_custom_mod" in sys.modules
    sys.modules.pop("my_custom_mod", None)
    Config.fromfile(path, import_custom_modules=False)
    assert "my_custom_mod" not in sys.modules


def test_custom_imports_failure_names_module_and_file(write):
    path = write("bad_ci.py", "custom_imports = dict(imports=['no_such_mod_xyz'])\n")
    with pytest.raises(ImportError, match="no_such_mod_xyz") as info:
        Config.fromfile(path)
    assert isinstance(info.value, ConfigError) and "bad_ci.py" in str(info.value)


def test_custom_imports_allow_failed_imports_warns(write):
    path = write(
        "ok_ci.py",
        "custom_imports = dict(imports=['no_such_mod_xyz'], allow_failed_imports=True)\n",
    )
    with pytest.warns(UserWarning, match="no_such_mod_xyz"):
        Config.fromfile(path)


def test_deprecation_key_warns_and_is_removed(write):
    path = write("dep.py", "_deprecation_ = dict(expected='new.py')\na = 1\n")
    with pytest.warns(DeprecationWarning, match="new.py"):
        cfg = Config.fromfile(path)
    assert cfg.to_dict() == {"a": 1}


def test_copy_is_shallow_and_deepcopy_is_deep():
    cfg = Config.fromfile(TWO_STAGE)
    shallow = copy.copy(cfg)
    deep = copy.deepcopy(cfg)
    shallow.new_key = 1
    assert "new_key" not in cfg  # own top-level dict
    shallow.model.backbone.depth = 18
    assert cfg.model.backbone.depth == 18  # shared nested values
    deep.model.backbone.depth = 101
    assert cfg.model.backbone.depth == 18
    assert deep.filename == cfg.filename and deep.text == cfg.text
    assert isinstance(cfg.copy(), Config)


def test_pickle_round_trip():
    cfg = Config.fromfile(TWO_STAGE)
    loaded = pickle.loads(pickle.dumps(cfg))
    assert loaded.to_dict() == cfg.to_dict()
    assert loaded.filename == cfg.filename and loaded.text == cfg.text
    assert isinstance(loaded.model, ConfigDict)


def test_loaded_values_do_not_alias(write):
    path = write(
        "alias.py",
        "pipeline = [dict(type='A')]\ndata = dict(train=dict(pipeline=pipeline))\n",
    )
    cfg = Config.fromfile(path)
    cfg.pipeline[0].type = "B"
    assert cfg.data.train.pipeline[0].type == "A"


def test_pathlib_and_user_paths(write, monkeypatch):
    path = write("home_cfg.py", "a = 1\n")
    monkeypatch.setenv("HOME", osp.dirname(path))
    assert Config.fromfile("~/home_cfg.py").a == 1
    assert os.path.isabs(path)


def test_importing_config_does_not_import_torch():
    import subprocess

    code = "import sys, mmcompat.config; assert 'torch' not in sys.modules, 'torch imported'"
    repo_root = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
    subprocess.run([sys.executable, "-c", code], check=True, cwd=repo_root)


def test_reloading_sees_changed_files_and_fresh_objects(write):
    base = write("base.py", "model = dict(depth=50)\n")
    child = write("child.py", "_base_ = './base.py'\n")
    first = Config.fromfile(child)
    first.model.depth = 1
    assert Config.fromfile(child).model.depth == 50  # no state shared between loads
    with open(base, "w") as file:
        file.write("model = dict(depth=101)\n")
    assert Config.fromfile(child).model.depth == 101


def test_nested_base_assignments_are_ignored_like_mmengine(write):
    write("base.py", "x = 1\n")
    child = write(
        "child.py",
        "_base_ = './base.py'\nif True:\n    _base_ = 'ignored'\n    z = 3\ny = 2\n",
    )
    assert Config.fromfile(child).to_dict() == {"x": 1, "z": 3, "y": 2}
    # MMEngine fails here ("empty body on If"); mmcompat keeps the block valid
    only = write(
        "only.py", "_base_ = './base.py'\nif True:\n    _base_ = 'ignored'\ny = 2\n"
    )
    assert Config.fromfile(only).to_dict() == {"x": 1, "y": 2}


def test_dunder_file_is_the_config_path(write):
    path = write("sub/f.py", "import os.path as osp\nhere = osp.dirname(__file__)\n")
    assert Config.fromfile(path).here == osp.dirname(path)
