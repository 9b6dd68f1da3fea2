from __future__ import annotations

import numpy as np
import pytest
import torch
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

from mmcompat.config import Config
from mmcompat.visualization import TensorboardVisBackend


def _events(folder) -> EventAccumulator:
    accumulator = EventAccumulator(str(folder), size_guidance={"tensors": 0})
    accumulator.Reload()
    return accumulator


def test_scalars_are_written_to_an_event_file(tmp_path):
    backend = TensorboardVisBackend(str(tmp_path / "tb"))
    backend.add_scalars({"loss": 1.5, "lr": torch.tensor(0.25)}, step=1)
    backend.add_scalars({"loss": 0.5, "lr": np.float32(0.125)}, step=2)
    backend.add_scalar("acc", 0.75, step=2)
    backend.close()
    events = _events(tmp_path / "tb")
    assert sorted(events.Tags()["scalars"]) == ["acc", "loss", "lr"]
    assert [(e.step, e.value) for e in events.Scalars("loss")] == [(1, 1.5), (2, 0.5)]
    assert [(e.step, e.value) for e in events.Scalars("lr")] == [(1, 0.25), (2, 0.125)]


def test_step_inside_the_scalar_dict_is_rejected(tmp_path):
    backend = TensorboardVisBackend(str(tmp_path))
    with pytest.raises(ValueError, match="step"):
        backend.add_scalars({"loss": 1.0, "step": 3})
    backend.close()


def test_non_numeric_scalar_is_skipped_with_a_warning(tmp_path):
    backend = TensorboardVisBackend(str(tmp_path))
    with pytest.warns(UserWarning, match="'mode'"):
        backend.add_scalar("mode", "train")
    backend.close()


def test_config_text_and_image_are_recorded(tmp_path):
    backend = TensorboardVisBackend(str(tmp_path))
    backend.add_config(Config(dict(lr=0.1)))
    backend.add_image("sample", np.full((4, 6, 3), 200, np.uint8), step=3)
    backend.close()
    events = _events(tmp_path)
    assert [e.step for e in events.Images("sample")] == [3]
    (text_event,) = events.Tensors("config/text_summary")
    assert b"lr = 0.1" in text_event.tensor_proto.string_val[0]
