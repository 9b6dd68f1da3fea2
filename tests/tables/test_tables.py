"""The shared tables against the code that reads them."""

from __future__ import annotations

import pytest

from mmcompat.hooks import hook as core_hook
from mmcompat.tables import hook_points, mmcv_policies
from mmcompat.tables.config_keys import LEGACY_KEYS, legacy_keys_in


def test_core_hook_points_are_the_tables_new_points_in_order():
    assert core_hook.HOOK_POINTS == hook_points.NEW_POINTS


def test_core_names_the_tables_generic_legacy_points():
    # the core rejects MMCV's generic points by name (check_hook_methods)
    assert set(core_hook._LEGACY_POINTS) == set(hook_points.SHARED_POINTS)
    assert set(hook_points.SHARED_POINTS) <= set(hook_points.LEGACY_POINTS)


def test_every_shared_point_dispatches_from_legacy_points():
    for variants in hook_points.SHARED_POINTS.values():
        assert set(variants) <= set(hook_points.LEGACY_POINTS)


def test_with_defaults_fills_mmcv_defaults_and_keeps_given_values():
    filled = mmcv_policies.with_defaults("momentum", dict(policy="step", step=[2]))
    assert filled["gamma"] == 0.5 and filled["min_momentum"] is None
    assert filled["warmup_ratio"] == 0.9 and filled["by_epoch"] is True
    lr = mmcv_policies.with_defaults("lr", dict(policy="OneCycle", max_lr=0.1))
    assert lr["by_epoch"] is False and lr["div_factor"] == 25
    assert lr["warmup_ratio"] == 0.1


def test_with_defaults_leaves_required_arguments_missing():
    filled = mmcv_policies.with_defaults("lr", dict(policy="Exp"))
    assert "gamma" not in filled


def test_with_defaults_rejects_an_unknown_policy_naming_it():
    with pytest.raises(ValueError, match="unknown MMCV momentum policy 'poly'"):
        mmcv_policies.with_defaults("momentum", dict(policy="poly"))


def test_legacy_keys_in_keeps_the_table_order():
    cfg = dict(runner=1, model=2, lr_config=3)
    assert legacy_keys_in(cfg) == ["lr_config", "runner"]
    assert "model" not in LEGACY_KEYS
