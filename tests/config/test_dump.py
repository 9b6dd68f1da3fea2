"""dump()/pretty_text round trips in .py, .json and .yaml."""

from __future__ import annotations

import json
import os
import stat

import pytest
import yaml

from mmcompat.config import Config

from .conftest import GOLDEN_DIR
from .test_golden import LEGACY


def _lists(value):
    """JSON has no tuples: compare with tuples turned into lists."""
    if isinstance(value, dict):
        return {key: _lists(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_lists(item) for item in value]
    return value


@pytest.mark.parametrize("name", LEGACY)
def test_py_dump_round_trips_exactly(tmp_path, name):
    cfg = Config.fromfile(GOLDEN_DIR / name)
    out = tmp_path / "dumped.py"
    cfg.dump(out)
    again = Config.fromfile(out)
    assert again.to_dict() == cfg.to_dict()
    assert list(again.to_dict()) == list(cfg.to_dict())


@pytest.mark.parametrize("name", LEGACY)
def test_yaml_dump_round_trips_exactly(tmp_path, name):
    cfg = Config.fromfile(GOLDEN_DIR / name)
    out = tmp_path / "dumped.yaml"
    cfg.dump(out)
    assert Config.fromfile(out).to_dict() == cfg.to_dict()


@pytest.mark.parametrize("name", LEGACY)
def test_json_dump_round_trips_with_tuples_as_lists(tmp_path, name):
    cfg = Config.fromfile(GOLDEN_DIR / name)
    out = tmp_path / "dumped.json"
    cfg.dump(out)
    assert Config.fromfile(out).to_dict() == _lists(cfg.to_dict())


def test_dump_without_file_uses_the_source_format(write):
    py_cfg = Config.fromfile(write("a.py", "a = (1, 2)\n"))
    json_cfg = Config.fromfile(write("b.json", '{"a": [1, 2]}'))
    yaml_cfg = Config.fromfile(write("c.yaml", "a: [1, 2]\n"))
    assert py_cfg.dump() == py_cfg.pretty_text == "a = (1, 2)\n"
    assert json.loads(json_cfg.dump()) == {"a": [1, 2]}
    assert yaml.safe_load(yaml_cfg.dump()) == {"a": [1, 2]}
    assert Config(dict(a=1)).dump() == "a = 1\n"


def test_yaml_dump_keeps_key_order_and_tags_tuples(tmp_path):
    cfg = Config(dict(z=1, a=(1, 2)))
    out = tmp_path / "o.yml"
    cfg.dump(str(out))
    text = out.read_text()
    assert text.index("z:") < text.index("a:")
    assert "!!python/tuple" in text


def test_dump_replaces_file_atomically(tmp_path):
    out = tmp_path / "cfg.py"
    out.write_text("old = 1\n")
    Config(dict(new=2)).dump(out)
    assert out.read_text() == "new = 2\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cfg.py"]


def test_pretty_text_of_loaded_config_is_valid_python():
    cfg = Config.fromfile(GOLDEN_DIR / "legacy/detector/two_stage_r50_fpn_1x_coco.py")
    namespace: dict = {}
    exec(cfg.pretty_text, namespace)
    namespace.pop("__builtins__")
    assert namespace == cfg.to_dict()


def test_fromstring_of_pretty_text_round_trips():
    cfg = Config.fromfile(GOLDEN_DIR / "legacy/detector/cascade_r50_fpn_1x_coco.py")
    assert Config.fromstring(cfg.pretty_text, ".py").to_dict() == cfg.to_dict()


def test_diff_shows_changed_lines():
    a = Config(dict(lr=0.1, steps=[8, 11]))
    b = Config(dict(lr=0.2, steps=[8, 11]))
    diff = Config.diff(a, b)
    assert "-lr = 0.1" in diff and "+lr = 0.2" in diff
    assert "-steps" not in diff and "+steps" not in diff


def test_dump_gives_the_permissions_open_would(tmp_path):
    # A dumped config is readable like any file the user writes (umask),
    # not private to its writer.
    old = os.umask(0o022)
    try:
        Config(dict(a=1)).dump(tmp_path / "cfg.py")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "cfg.py").stat().st_mode) == 0o644
