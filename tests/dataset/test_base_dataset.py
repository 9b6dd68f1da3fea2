"""BaseDataset, Compose and the dataset wrappers on real annotation files."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from mmcompat.dataset import (
    BaseDataset,
    ClassBalancedDataset,
    Compose,
    ConcatDataset,
    RepeatDataset,
)
from mmcompat.registry import DATASETS, TRANSFORMS


class ToyDataset(BaseDataset):
    METAINFO = dict(classes=("cat", "dog"), version=1)

    def get_cat_ids(self, idx):
        return self.get_data_info(idx)["cats"]


def _write_ann(tmp_path, n=5, name="ann.json", cats=None):
    data_list = [
        dict(img_path=f"img_{i}.jpg", label=i % 2, cats=(cats[i] if cats else [i % 2]))
        for i in range(n)
    ]
    path = tmp_path / name
    path.write_text(json.dumps(dict(metainfo=dict(task="toy"), data_list=data_list)))
    return path


def add_flag(results):
    results["flag"] = True
    return results


@pytest.mark.parametrize("serialize", [True, False])
def test_loads_annotations_joins_prefixes_and_runs_pipeline(tmp_path, serialize):
    _write_ann(tmp_path)
    ds = ToyDataset(
        ann_file="ann.json",
        data_root=str(tmp_path),
        data_prefix=dict(img_path="images"),
        pipeline=[add_flag],
        serialize_data=serialize,
    )
    assert len(ds) == 5
    item = ds[3]
    assert item == dict(
        img_path=str(tmp_path / "images" / "img_3.jpg"),
        label=1,
        cats=[1],
        sample_idx=3,
        flag=True,
    )
    # Class METAINFO first, file metainfo only fills missing keys.
    assert ds.metainfo == dict(classes=("cat", "dog"), version=1, task="toy")
    assert ds.get_data_info(-1)["sample_idx"] == 4


def test_metainfo_argument_overrides_and_reads_class_files(tmp_path):
    _write_ann(tmp_path)
    names = tmp_path / "classes.txt"
    names.write_text("a\nb\nc\n")
    ds = ToyDataset(
        ann_file=str(tmp_path / "ann.json"),
        metainfo=dict(classes=str(names), version=2),
    )
    assert ds.metainfo["classes"] == ["a", "b", "c"]
    assert ds.metainfo["version"] == 2
    assert ToyDataset.METAINFO["version"] == 1


def test_lazy_init_defers_reading_until_needed(tmp_path):
    ds = ToyDataset(ann_file=str(tmp_path / "missing.json"), lazy_init=True)
    assert not ds._fully_initialized
    _write_ann(tmp_path, name="missing.json", n=3)
    assert len(ds) == 3  # full_init runs on first use
    assert ds._fully_initialized


def test_indices_and_subsets(tmp_path):
    _write_ann(tmp_path, n=6)
    path = str(tmp_path / "ann.json")
    assert len(ToyDataset(ann_file=path, indices=4)) == 4
    assert [d["img_path"] for d in ToyDataset(ann_file=path, indices=-2)] == [
        "img_4.jpg",
        "img_5.jpg",
    ]
    ds = ToyDataset(ann_file=path)
    sub = ds.get_subset([5, 0])
    assert [sub[i]["img_path"] for i in range(2)] == ["img_5.jpg", "img_0.jpg"]
    assert len(ds) == 6
    ds.get_subset_(2)
    assert len(ds) == 2


def test_training_mode_replaces_dropped_samples_test_mode_raises(tmp_path):
    _write_ann(tmp_path, n=4)

    def drop_odd(results):
        return None if results["label"] == 1 else results

    path = str(tmp_path / "ann.json")
    np.random.seed(0)
    train = ToyDataset(ann_file=path, pipeline=[drop_odd])
    assert train[1]["label"] == 0
    test = ToyDataset(ann_file=path, pipeline=[drop_odd], test_mode=True)
    with pytest.raises(RuntimeError, match="dropped sample 1"):
        test[1]
    never = ToyDataset(ann_file=path, pipeline=[lambda r: None], max_refetch=3)
    with pytest.raises(RuntimeError, match="after 3 retries"):
        never[0]


def test_bad_annotation_files_name_the_problem(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(dict(data_list=[])))
    with pytest.raises(ValueError, match="need 'data_list' and 'metainfo'"):
        ToyDataset(ann_file=str(bad))
    with pytest.raises(ValueError, match=r"only \.json and \.yaml"):
        ToyDataset(ann_file=str(tmp_path / "ann.pkl"))


def test_compose_builds_from_registry_and_stops_on_none():
    @TRANSFORMS.register_module(force=True)
    class AddOne:
        def __call__(self, results):
            results["x"] += 1
            return results

    pipeline = Compose([dict(type="AddOne"), AddOne()])
    assert pipeline(dict(x=0)) == dict(x=2)
    assert Compose([lambda r: None, AddOne()])(dict(x=0)) is None
    with pytest.raises(TypeError, match="callable or a config dict"):
        Compose([3])


def test_concat_and_repeat(tmp_path):
    _write_ann(tmp_path, n=3, name="a.json")
    _write_ann(tmp_path, n=2, name="b.json")
    a = ToyDataset(ann_file=str(tmp_path / "a.json"))
    b = ToyDataset(ann_file=str(tmp_path / "b.json"))
    concat = ConcatDataset([a, b])
    assert len(concat) == 5
    assert concat[3]["sample_idx"] == 0 and concat[-1]["sample_idx"] == 1
    repeat = RepeatDataset(a, times=3)
    assert len(repeat) == 9
    assert repeat[7]["img_path"] == "img_1.jpg"
    with pytest.raises(NotImplementedError, match="take the subset"):
        repeat.get_subset(1)


def test_concat_rejects_mismatched_metainfo(tmp_path):
    _write_ann(tmp_path)
    a = ToyDataset(ann_file=str(tmp_path / "ann.json"))
    b = ToyDataset(ann_file=str(tmp_path / "ann.json"), metainfo=dict(version=3))
    with pytest.raises(ValueError, match="'version' of dataset 2 differs"):
        ConcatDataset([a, b])
    assert len(ConcatDataset([a, b], ignore_keys="version")) == 10


def test_class_balanced_repeat_factors(tmp_path):
    # Category 0 in 4 of 5 images, category 1 in 1 of 5.
    cats = [[0], [0], [0], [0, 1], []]
    _write_ann(tmp_path, n=5, cats=cats)
    DATASETS.register_module(module=ToyDataset, force=True)
    balanced = ClassBalancedDataset(
        dict(type="ToyDataset", ann_file=str(tmp_path / "ann.json")), oversample_thr=0.5
    )
    # r(0) = max(1, sqrt(0.5 / 0.8)) = 1; r(1) = sqrt(0.5 / 0.2) = 1.58 -> 2 copies.
    assert math.ceil(math.sqrt(0.5 / 0.2)) == 2
    assert balanced.repeat_indices == [0, 1, 2, 3, 3, 4]
    assert len(balanced) == 6
    assert balanced.get_cat_ids(4) == [0, 1]
