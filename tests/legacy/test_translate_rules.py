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


# -- data: collate_fn ---------------------------------------------------------
MMDET_PIPELINE = [
    dict(type="LoadImageFromFile"),
    dict(type="DefaultFormatBundle"),
    dict(type="Collect", keys=["img", "gt_bboxes"]),
]


def test_every_loader_collates_like_mmcv_by_stacking_tensors():
    # before: no collate_fn, so the Runner's default pseudo_collate handed
    # the legacy model lists of samples instead of MMCV's stacked batches
    new, _ = translate(dict(data=dict(train=dict(type="A"), val=dict(type="A"))))
    for split in ("train", "val"):
        assert new[f"{split}_dataloader"]["collate_fn"] == dict(type="default_collate")


def test_data_container_pipeline_gets_a_todo_on_collate_fn():
    dataset = dict(type="CocoDataset", pipeline=MMDET_PIPELINE)
    new, report = translate(
        dict(data=dict(train=dict(type="RepeatDataset", times=2, dataset=dataset)))
    )
    (todo,) = [f for f in report.todos if f.path[-1] == "collate_fn"]
    assert todo.path == ("train_dataloader", "collate_fn")
    assert "DefaultFormatBundle, Collect" in todo.message
    assert "PackDetInputs" in todo.message


def test_plain_pipeline_gets_no_collate_todo():
    dataset = dict(type="A", pipeline=[dict(type="LoadImageFromFile")])
    _, report = translate(dict(data=dict(train=dataset)))
    assert not [f for f in report.todos if f.path[-1:] == ("collate_fn",)]
