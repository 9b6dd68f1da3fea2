from __future__ import annotations

import json

import pytest
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

import mmcompat.dist.utils as dist_utils
from mmcompat.registry import VISUALIZERS
from mmcompat.visualization import LocalVisBackend, TensorboardVisBackend, Visualizer


def test_backends_write_under_save_dir_vis_data(tmp_path):
    vis = Visualizer.get_instance(
        "exp",
        vis_backends=[dict(type="LocalVisBackend"), dict(type="TensorboardVisBackend")],
        save_dir=str(tmp_path),
    )
    vis.add_scalars({"loss": 0.5}, step=4)
    vis.close()
    lines = (tmp_path / "vis_data" / "scalars.json").read_text().splitlines()
    assert [json.loads(line) for line in lines] == [{"loss": 0.5, "step": 4}]
    events = EventAccumulator(str(tmp_path / "vis_data"))
    events.Reload()
    assert [(e.step, e.value) for e in events.Scalars("loss")] == [(4, 0.5)]


def test_built_from_the_registry_as_a_named_instance(tmp_path):
    cfg = dict(
        type="Visualizer",
        name="from-cfg",
        vis_backends=[dict(type="LocalVisBackend", name="local")],
        save_dir=str(tmp_path),
    )
    vis = VISUALIZERS.build(cfg)
    assert isinstance(vis, Visualizer)
    assert Visualizer.get_current_instance() is vis
    assert isinstance(vis.get_backend("local"), LocalVisBackend)
    assert vis.get_backend("LocalVisBackend") is None
    assert cfg["vis_backends"] == [dict(type="LocalVisBackend", name="local")]


def test_single_backend_config_is_accepted(tmp_path):
    vis = Visualizer(
        "exp", vis_backends=dict(type="TensorboardVisBackend"), save_dir=str(tmp_path)
    )
    assert list(vis.vis_backends) == ["TensorboardVisBackend"]


def test_backend_without_save_dir_is_skipped_with_a_warning():
    with pytest.warns(UserWarning, match="LocalVisBackend"):
        vis = Visualizer("exp", vis_backends=[dict(type="LocalVisBackend")])
    assert vis.vis_backends == {}


def test_backend_instances_are_accepted(tmp_path):
    backend = TensorboardVisBackend(str(tmp_path))
    vis = Visualizer("exp", vis_backends=[backend])
    assert vis.get_backend("TensorboardVisBackend") is backend


def test_duplicate_backend_names_are_rejected(tmp_path):
    with pytest.raises(RuntimeError, match="LocalVisBackend"):
        Visualizer(
            "exp",
            vis_backends=[dict(type="LocalVisBackend"), dict(type="LocalVisBackend")],
            save_dir=str(tmp_path),
        )


def test_bad_vis_backends_type_is_rejected():
    with pytest.raises(TypeError, match="vis_backends"):
        Visualizer("exp", vis_backends=["LocalVisBackend"])


def test_unknown_backend_type_names_it(tmp_path):
    with pytest.raises(Exception, match="NoSuchVisBackend"):
        Visualizer(
            "exp", vis_backends=[dict(type="NoSuchVisBackend")], save_dir=str(tmp_path)
        )


def test_non_main_process_records_nothing(tmp_path, monkeypatch):
    vis = Visualizer(
        "exp", vis_backends=[dict(type="LocalVisBackend")], save_dir=str(tmp_path)
    )
    monkeypatch.setattr(dist_utils, "get_rank", lambda group=None: 1)
    vis.add_scalars({"loss": 1.0}, step=1)
    vis.add_config(object())
    assert vis.get_backend("LocalVisBackend") is None
    assert not (tmp_path / "vis_data").exists()


def test_subclass_instance_is_the_base_current_instance(tmp_path):
    @VISUALIZERS.register_module(force=True)
    class TaskVisualizer(Visualizer):
        pass

    vis = VISUALIZERS.build(dict(type="TaskVisualizer", name="task"))
    assert Visualizer.get_current_instance() is vis


def test_set_and_get_image():
    import numpy as np

    vis = Visualizer("exp")
    with pytest.raises(ValueError, match="set_image"):
        vis.get_image()
    image = np.zeros((2, 3, 3), np.uint8)
    vis.set_image(image)
    assert vis.get_image() is image
