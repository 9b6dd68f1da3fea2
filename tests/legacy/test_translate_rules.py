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


# -- scope: default_scope -------------------------------------------------------
def _todos_at(report, path: tuple) -> list:
    return [f for f in report.todos if f.path == path]


def test_project_package_in_custom_imports_becomes_default_scope_to_check():
    # before: no default_scope, and the Runner reported
    # "'MLPRegressor' is not in the 'model' registry"
    new, report = translate(
        dict(
            custom_imports=dict(imports=["regproj", "regproj.hooks"]),
            model=dict(type="MLPRegressor"),
        )
    )
    assert new["default_scope"] == "regproj"
    (todo,) = _todos_at(report, ("default_scope",))
    assert "check that 'regproj' registers `MLPRegressor`" in todo.message
    assert not _todos_at(report, ("model",))


def test_openmmlab_library_import_is_not_the_scope_but_model_gets_a_todo():
    # MMDet configs import mmcls.models for a backbone: mmcls is not the scope
    new, report = translate(
        dict(
            custom_imports=dict(imports=["mmcls.models"]), model=dict(type="RetinaNet")
        )
    )
    assert "default_scope" not in new
    (todo,) = _todos_at(report, ("model",))
    assert "`RetinaNet`" in todo.message and "default_scope" in todo.message
    assert "mmcls" not in todo.message


def test_two_project_packages_are_named_in_the_todo_not_guessed():
    new, report = translate(
        dict(custom_imports=dict(imports=["proja", "projb.x"]), model=dict(type="M"))
    )
    assert "default_scope" not in new
    (todo,) = _todos_at(report, ("model",))
    assert "'proja', 'projb'" in todo.message


def test_given_default_scope_is_kept_without_a_todo():
    new, report = translate(
        dict(
            default_scope="mine",
            custom_imports=dict(imports=["other"]),
            model=dict(type="M"),
        )
    )
    assert new["default_scope"] == "mine"
    assert not _todos_at(report, ("default_scope",)) and not _todos_at(
        report, ("model",)
    )


@pytest.mark.parametrize("model_type", ["BaseTTAModel", "ImgDataPreprocessor"])
def test_builtin_model_needs_no_scope(model_type):
    _, report = translate(dict(model=dict(type=model_type)))
    assert not _todos_at(report, ("model",))


def test_base_fragment_gets_no_scope_todo():
    _, report = translate(dict(model=dict(type="M")), partial=True)
    assert not _todos_at(report, ("model",))


def test_builtin_model_list_is_what_the_root_model_registry_holds():
    import mmcompat.model  # noqa: F401  (registers the built-in models)
    from mmcompat.legacy.translate.scope import BUILTIN_MODELS
    from mmcompat.registry import MODELS

    builtin = {
        name
        for name, cls in MODELS.module_dict.items()
        if cls.__module__.startswith("mmcompat.model")
    }
    assert builtin == BUILTIN_MODELS
