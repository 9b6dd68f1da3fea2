from __future__ import annotations

import pytest

from mmcompat.runner.priority import Priority, get_priority

LEVELS = {
    "HIGHEST": 0,
    "VERY_HIGH": 10,
    "HIGH": 30,
    "ABOVE_NORMAL": 40,
    "NORMAL": 50,
    "BELOW_NORMAL": 60,
    "LOW": 70,
    "VERY_LOW": 90,
    "LOWEST": 100,
}


def test_priority_enum_has_mmengine_levels():
    assert {p.name: p.value for p in Priority} == LEVELS


@pytest.mark.parametrize("name,value", sorted(LEVELS.items()))
def test_get_priority_accepts_enum_and_any_case_name(name, value):
    assert get_priority(Priority[name]) == value
    assert get_priority(name) == value
    assert get_priority(name.lower()) == value


@pytest.mark.parametrize("value", [0, 1, 55, 100])
def test_get_priority_passes_ints_in_range(value):
    assert get_priority(value) == value


@pytest.mark.parametrize("value", [-1, 101])
def test_get_priority_rejects_out_of_range_int(value):
    with pytest.raises(ValueError, match="between 0 and 100"):
        get_priority(value)


def test_get_priority_rejects_unknown_name_listing_levels():
    with pytest.raises(ValueError, match="VERY_LOW") as info:
        get_priority("SUPER_HIGH")
    assert "SUPER_HIGH" in str(info.value)


@pytest.mark.parametrize("value", [1.5, None, True])
def test_get_priority_rejects_other_types(value):
    with pytest.raises(TypeError, match="priority must be"):
        get_priority(value)
