from __future__ import annotations

import io
from collections import namedtuple

import numpy as np
import pytest
import torch

from mmcompat.logging import HistoryBuffer, MessageHub


def _weights_only_round_trip(obj):
    stream = io.BytesIO()
    torch.save(obj, stream)
    stream.seek(0)
    return torch.load(stream, weights_only=True)


def test_update_scalar_does_no_host_device_sync(monkeypatch):
    calls = []
    for name in ("item", "tolist", "cpu", "__float__", "numpy"):
        real = getattr(torch.Tensor, name)

        def counting(self, *args, _real=real, _name=name, **kwargs):
            calls.append(_name)
            return _real(self, *args, **kwargs)

        monkeypatch.setattr(torch.Tensor, name, counting)
    hub = MessageHub("hub")
    loss = torch.tensor(1.0, requires_grad=True) * 2
    for _ in range(3 * HistoryBuffer._COMPACT_EVERY):
        hub.update_scalar("train/loss", loss)
        hub.update_scalars({"train/acc": loss.detach(), "train/lr": 0.1})
    assert calls == []
    assert hub.get_scalar("train/loss").mean(10) == pytest.approx(2.0, abs=1e-12)
    assert calls == ["tolist"]


def test_update_scalar_keeps_tensors_unconverted():
    hub = MessageHub("hub")
    value = torch.tensor(3.0)
    hub.update_scalar("loss", value)
    (stored,) = hub.get_scalar("loss")._loose
    assert isinstance(stored, torch.Tensor)


def test_update_scalars_accepts_value_count_dicts():
    hub = MessageHub("hub")
    hub.update_scalars({"a": 1, "b": dict(value=6, count=3)})
    hub.update_scalars({"b": dict(value=torch.tensor(2.0), count=torch.tensor(1))})
    assert hub.get_scalar("a").current() == 1
    assert hub.get_scalar("b").mean() == pytest.approx(8 / 4, abs=1e-12)


def test_update_scalars_dict_without_value_names_the_key():
    with pytest.raises(KeyError, match="'b'"):
        MessageHub("hub").update_scalars({"b": dict(count=2)})


def test_count_must_be_an_int():
    with pytest.raises(TypeError, match="count of 'loss'"):
        MessageHub("hub").update_scalar("loss", 1.0, count=1.5)


def test_get_scalar_missing_key_names_it():
    hub = MessageHub("hub")
    hub.update_scalar("train/loss", 1.0)
    with pytest.raises(KeyError, match="train/acc"):
        hub.get_scalar("train/acc")


def test_info_update_get_pop():
    hub = MessageHub("hub")
    hub.update_info("epoch", 3)
    hub.update_info_dict({"iter": 30, "mode": "train"})
    assert hub.get_info("epoch") == 3
    assert hub.get_info("missing", default="d") == "d"
    assert hub.runtime_info == {"epoch": 3, "iter": 30, "mode": "train"}
    assert hub.pop_info("mode") == "train"
    assert hub.pop_info("mode", "gone") == "gone"


def test_resumed_flag_cannot_change():
    hub = MessageHub("hub")
    hub.update_scalar("loss", 1.0, resumed=False)
    with pytest.raises(ValueError, match="resumed"):
        hub.update_scalar("loss", 1.0, resumed=True)


def test_resumed_flag_compares_by_value():
    # 1 and True are the same flag (compared by value, not identity)
    hub = MessageHub("hub")
    hub.update_scalar("loss", 1.0)
    hub.update_scalar("loss", 2.0, resumed=1)
    hub.update_scalar("lr", 0.1, resumed=0)
    hub.update_scalar("lr", 0.2, resumed=False)
    assert list(hub.get_scalar("loss").data[0]) == [1.0, 2.0]
    assert list(hub.get_scalar("lr").data[0]) == [0.1, 0.2]
    with pytest.raises(ValueError, match="resumed"):
        hub.update_scalar("lr", 0.3, resumed=1)


def test_a_history_buffer_subclass_in_the_hub_gets_every_update():
    class Recording(HistoryBuffer):
        def update(self, log_val, count=1):
            self.seen.append((log_val, count))
            super().update(log_val, count)

    hub = MessageHub("hub")
    buffer = hub.log_scalars["train/time"] = Recording()
    buffer.seen = []
    loss = torch.tensor(0.5)
    hub.update_scalar("train/time", 0.25)
    hub.update_scalar("train/time", loss)
    hub.update_scalar("train/time", 0.75, count=2)
    assert buffer.seen == [(0.25, 1), (loss, 1), (0.75, 2)]
    assert buffer.data[0].tolist() == [0.25, 0.5, 0.75]


def test_state_dict_loads_with_weights_only_and_round_trips():
    hub = MessageHub("src")
    for i in range(5):
        hub.update_scalar("train/loss", torch.tensor(float(i)))
        hub.update_scalar("train/time", 0.25 * i)
    hub.update_scalar("train/skip", 1.0, resumed=False)
    hub.update_info("epoch", 2)
    hub.update_info("meta", {"classes": ("a", "b"), "palette": np.array([[1, 2, 3]])})
    hub.update_info("cache", object(), resumed=False)

    state = _weights_only_round_trip(hub.state_dict())
    # one tensor per history, not one pickled number per entry
    history = state["log_scalars"]["train/time"]
    assert isinstance(history["log_history"], torch.Tensor)
    assert isinstance(history["count_history"], torch.Tensor)

    target = MessageHub("dst")
    target.load_state_dict(state)
    assert target.get_scalar("train/loss").data[0].tolist() == [0.0, 1.0, 2.0, 3.0, 4.0]
    assert target.get_scalar("train/time").mean(2) == pytest.approx(0.875, abs=1e-12)
    assert "train/skip" not in target.log_scalars
    assert "cache" not in target.runtime_info
    assert target.get_info("epoch") == 2
    assert target.get_info("meta") == {"classes": ("a", "b"), "palette": [[1, 2, 3]]}
    assert target.state_dict()["resumed_keys"]["train/loss"] is True


def test_state_dict_converts_runtime_info_to_plain_types():
    Point = namedtuple("Point", "x y")
    hub = MessageHub("hub")
    hub.update_info("point", Point(1, 2))
    hub.update_info("score", np.float32(0.5))
    hub.update_info("count", np.int64(7))
    hub.update_info("tensor", torch.ones(2, requires_grad=True))
    info = _weights_only_round_trip(hub.state_dict())["runtime_info"]
    assert info["point"] == (1, 2) and type(info["point"]) is tuple
    assert type(info["score"]) is float and type(info["count"]) is int
    assert torch.equal(info["tensor"], torch.ones(2))
    assert not info["tensor"].requires_grad


def test_state_dict_skips_unserialisable_info_with_a_warning(capsys):
    hub = MessageHub("hub")
    hub.update_info("handle", object())
    state = hub.state_dict()
    assert "handle" not in state["runtime_info"]
    assert "'handle'" in capsys.readouterr().out


def test_load_state_dict_missing_section_names_it():
    with pytest.raises(KeyError, match="resumed_keys"):
        MessageHub("hub").load_state_dict({"log_scalars": {}, "runtime_info": {}})


def test_load_state_dict_from_another_hub_copies_everything():
    source = MessageHub("src")
    source.update_scalar("loss", torch.tensor(2.0))
    source.update_info("iter", 5)
    target = MessageHub("dst")
    target.load_state_dict(source)
    source.update_scalar("loss", 4.0)
    assert target.get_scalar("loss").data[0].tolist() == [2.0]
    assert target.get_info("iter") == 5


def test_get_current_instance_creates_a_default_hub():
    hub = MessageHub.get_current_instance()
    assert hub.instance_name == "mmcompat"
    other = MessageHub.get_instance("run")
    assert MessageHub.get_current_instance() is other


def test_constructor_validates_inputs():
    with pytest.raises(TypeError, match="HistoryBuffer"):
        MessageHub("hub", log_scalars={"loss": [1, 2]})
    with pytest.raises(KeyError, match="'x'"):
        MessageHub("hub", resumed_keys={"x": True})


def test_loading_warns_only_about_missing_resumable_keys(capsys):
    source = MessageHub("src")
    source.update_scalar("loss", 1.0)
    source.update_scalar("debug", 1.0, resumed=False)
    source.update_info("handle", object())
    state = source.state_dict()
    assert state["resumed_keys"] == {"loss": True, "debug": False}
    capsys.readouterr()
    target = MessageHub("dst")
    target.load_state_dict(state)
    assert capsys.readouterr().out == ""
    state["resumed_keys"]["ghost"] = True
    target.load_state_dict(state)
    assert "'ghost'" in capsys.readouterr().out
