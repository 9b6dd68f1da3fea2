"""Loaded configs equal what real MMCV 1.7.2 / MMEngine 0.10.7 load.

The expected dicts were recorded by fixtures/golden/config/record.py.
"""

from __future__ import annotations

import pytest

from mmcompat.config import Config

from .conftest import GOLDEN_DIR, decode

pytestmark = pytest.mark.golden


def _legacy_names():
    import json

    with open(GOLDEN_DIR / "golden.json", encoding="utf-8") as file:
        data = json.load(file)
    return sorted(data["legacy"]), sorted(data["mmengine"])


LEGACY, MMENGINE_ONLY = _legacy_names()


def test_golden_records_library_versions(golden):
    assert golden["mmcv_version"] == "1.7.2"
    assert golden["mmengine_version"] == "0.10.7"
    assert len(LEGACY) >= 8


@pytest.mark.parametrize("name", LEGACY)
def test_legacy_config_loads_like_mmcv(golden, name):
    cfg = Config.fromfile(GOLDEN_DIR / name)
    expected = decode(golden["legacy"][name]["mmcv"])
    assert cfg.to_dict() == expected


@pytest.mark.parametrize("name", LEGACY)
def test_legacy_config_keeps_mmcv_key_order(golden, name):
    cfg = Config.fromfile(GOLDEN_DIR / name)
    expected = decode(golden["legacy"][name]["mmcv"])
    assert list(cfg.to_dict()) == list(expected)
    assert list(cfg.model) == list(expected["model"])


@pytest.mark.parametrize("name", LEGACY)
def test_legacy_config_loads_like_mmengine(golden, name):
    cfg = Config.fromfile(GOLDEN_DIR / name)
    assert cfg.to_dict() == decode(golden["legacy"][name]["mmengine"])


@pytest.mark.parametrize("name", MMENGINE_ONLY)
def test_mmengine_feature_config_loads_like_mmengine(golden, name):
    cfg = Config.fromfile(GOLDEN_DIR / name)
    assert cfg.to_dict() == decode(golden["mmengine"][name]["mmengine"])


def test_delete_on_key_missing_from_base_stays_like_mmcv(golden):
    # MMCV/MMEngine quirk kept on purpose: nothing to delete, key kept.
    cfg = Config.fromfile(GOLDEN_DIR / "legacy/detector/cascade_r50_fpn_1x_coco.py")
    assert cfg.model.train_cfg.extra == {"_delete_": True, "debug": True}
    assert "_delete_" not in cfg.model.roi_head


def test_dict_action_parses_like_mmengine(golden):
    from mmcompat.config.dict_action import parse_value

    for text, expected in golden["dict_action"]:
        assert parse_value(text) == decode(expected), text


def test_merge_from_dict_like_mmengine(golden):
    for base, options, expected in golden["merge_from_dict"]:
        cfg = Config(decode(base))
        cfg.merge_from_dict(decode(options))
        assert cfg.to_dict() == decode(expected), options
