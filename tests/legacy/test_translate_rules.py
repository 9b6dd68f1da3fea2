"""Each translation rule, as before/after pairs (see translate_examples.py)."""

from __future__ import annotations

import pytest

from mmcompat.legacy.translate import translate

from .translate_examples import EXAMPLES


@pytest.mark.parametrize(
    "before, after, context",
    [pytest.param(b, a, c, id=f"{fam}: {title}") for fam, title, b, a, c in EXAMPLES],
)
def test_rule_translates_legacy_keys_to_new_keys(before, after, context):
    new, report = translate({**context, **before})
    for key, expected in after.items():
        assert new.get(key) == expected, key
    # Every legacy key is accounted for: translated (gone) or carried.
    for key in before:
        assert key not in new or key in after or any(f.key == key for f in report)
