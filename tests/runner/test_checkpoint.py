"""Checkpoint files: weights_only loading, the legacy allow-list, atomic
saving, clear errors, finding the latest checkpoint."""

from __future__ import annotations

import argparse
import json
import os
import pickle
from collections import OrderedDict
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn as nn

from mmcompat.runner import (
    CheckpointError,
    find_latest_checkpoint,
    load_checkpoint,
    save_checkpoint,
)
from mmcompat.runner.checkpoint import (
    _load_checkpoint,
    _load_checkpoint_with_prefix,
    to_plain,
)

GOLDEN_DIR = Path(__file__).parents[2] / "fixtures/golden/checkpoints"
GOLDEN = json.loads((GOLDEN_DIR / "mmcv_checkpoints.json").read_text())


class LegacyToyModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(3, 2)
        self.bn = nn.BatchNorm1d(2)


@pytest.mark.golden
@pytest.mark.parametrize("name", ["mmcv_epoch_2.pth", "mmcv_epoch_2_legacy_format.pth"])
def test_real_mmcv_checkpoint_loads_through_allow_list(name):
    model = LegacyToyModel()
    checkpoint = load_checkpoint(model, str(GOLDEN_DIR / name), strict=True)
    # Exact on any CPU: these are the bytes stored in the file, read back.
    for key, value in model.state_dict().items():
        torch.testing.assert_close(
            value, torch.tensor(GOLDEN["state_dict"][key]), rtol=0, atol=0
        )
    meta = checkpoint["meta"]
    assert (meta["epoch"], meta["iter"], meta["seed"]) == (2, 4, 0)
    assert meta["CLASSES"] == tuple(GOLDEN["meta"]["CLASSES"])
    best = meta["hook_msgs"]["best_score"]
    assert type(best).__name__ == GOLDEN["meta"]["best_score_type"] == "float64"
    assert float(best) == GOLDEN["meta"]["best_score"]
    np.testing.assert_array_equal(meta["PALETTE"], np.array(GOLDEN["meta"]["PALETTE"]))
    buffers = [
        s["momentum_buffer"].tolist()
        for _, s in sorted(checkpoint["optimizer"]["state"].items())
    ]
    assert buffers == GOLDEN["optimizer_momentum_buffers"]


@pytest.mark.golden
def test_plain_weights_only_load_refuses_the_mmcv_checkpoint():
    """The allow-list is what makes it load: plain weights_only refuses."""
    with pytest.raises(pickle.UnpicklingError):
        torch.load(GOLDEN_DIR / "mmcv_epoch_2.pth", weights_only=True)


class _Payload:
    def __reduce__(self):
        return (os.system, ("echo pwned",))


def test_arbitrary_objects_are_refused_naming_file_and_global(tmp_path):
    path = tmp_path / "evil.pth"
    torch.save({"meta": {"x": _Payload()}}, path)
    with pytest.raises(CheckpointError) as info:
        _load_checkpoint(str(path))
    message = str(info.value)
    assert str(path) in message and "system" in message


def test_namespace_and_ordered_dict_and_size_are_allowed(tmp_path):
    path = tmp_path / "meta.pth"
    torch.save(
        {
            "args": argparse.Namespace(lr=0.1),
            "o": OrderedDict(a=1),
            "s": torch.Size([2]),
        },
        path,
    )
    loaded = _load_checkpoint(str(path))
    assert loaded["args"].lr == 0.1 and loaded["o"] == {"a": 1}
    assert loaded["s"] == torch.Size([2])


def test_save_then_load_round_trip_with_weights_only(tmp_path):
    model = nn.Linear(2, 2)
    path = tmp_path / "sub" / "ckpt.pth"
    save_checkpoint({"state_dict": model.state_dict(), "meta": {"epoch": 1}}, str(path))
    other = nn.Linear(2, 2)
    load_checkpoint(other, str(path), strict=True)
    assert torch.equal(other.weight, model.weight)
    torch.load(path, weights_only=True)  # no allow-list needed


def test_save_converts_numpy_and_refuses_objects_naming_the_key(tmp_path):
    plain = to_plain({"a": np.float64(1.5), "b": [np.arange(3)], "c": "x"})
    assert plain["a"] == 1.5 and type(plain["a"]) is float
    assert torch.equal(plain["b"][0], torch.arange(3))
    with pytest.raises(TypeError, match=r"checkpoint\['meta'\]\['hook'\]"):
        save_checkpoint({"meta": {"hook": object()}}, str(tmp_path / "x.pth"))
    assert not os.listdir(tmp_path)  # nothing half-written


def test_failed_save_keeps_previous_file_and_leaves_no_temp(tmp_path, monkeypatch):
    path = tmp_path / "latest.pth"
    save_checkpoint({"v": torch.tensor(1)}, str(path))

    def crash(obj, f, *args, **kwargs):
        f.write(b"partial")
        raise OSError("disk full")

    monkeypatch.setattr(torch, "save", crash)
    with pytest.raises(OSError, match="disk full"):
        save_checkpoint({"v": torch.tensor(2)}, str(path))
    monkeypatch.undo()
    assert os.listdir(tmp_path) == ["latest.pth"]
    assert _load_checkpoint(str(path))["v"] == 1


def test_truncated_checkpoint_error_names_file_and_previous_still_loads(tmp_path):
    model = nn.Linear(3, 3)
    save_checkpoint({"state_dict": model.state_dict()}, str(tmp_path / "epoch_1.pth"))
    save_checkpoint({"state_dict": model.state_dict()}, str(tmp_path / "epoch_2.pth"))
    data = (tmp_path / "epoch_2.pth").read_bytes()
    (tmp_path / "epoch_2.pth").write_bytes(data[: len(data) // 2])
    with pytest.raises(CheckpointError, match="epoch_2.pth.*truncated or corrupted"):
        load_checkpoint(nn.Linear(3, 3), str(tmp_path / "epoch_2.pth"))
    restored = nn.Linear(3, 3)
    load_checkpoint(restored, str(tmp_path / "epoch_1.pth"), strict=True)
    assert torch.equal(restored.weight, model.weight)


def test_missing_file_and_unsupported_scheme_are_clear(tmp_path):
    with pytest.raises(CheckpointError, match="does not exist"):
        _load_checkpoint(str(tmp_path / "nope.pth"))
    with pytest.raises(CheckpointError, match="no loader is registered for the s3://"):
        _load_checkpoint("s3://bucket/x.pth")


def test_checkpoint_loader_dispatches_by_the_longest_registered_prefix(tmp_path):
    from mmcompat.runner import CheckpointLoader

    model = nn.Linear(2, 2)
    save_checkpoint({"state_dict": model.state_dict()}, str(tmp_path / "w.pth"))
    calls = []

    @CheckpointLoader.register_scheme(prefixes="mem://")
    def load_from_mem(filename, map_location=None):
        calls.append((filename, map_location))
        return _load_checkpoint(str(tmp_path / filename[len("mem://") :]))

    try:
        target = nn.Linear(2, 2)
        load_checkpoint(target, "mem://w.pth", map_location="cpu")
        assert calls == [("mem://w.pth", "cpu")]
        assert torch.equal(target.weight, model.weight)
        with pytest.raises(KeyError, match="mem:// is already registered"):
            CheckpointLoader.register_scheme("mem://", load_from_mem)
        CheckpointLoader.register_scheme("mem://", load_from_mem, force=True)
        # a local path still goes to the local loader
        assert "state_dict" in CheckpointLoader.load_checkpoint(str(tmp_path / "w.pth"))
    finally:
        del CheckpointLoader._schemes["mem://"]


def test_revise_keys_strip_module_prefix_and_strict_reports(tmp_path):
    model = nn.Linear(2, 2)
    wrapped = {f"module.{k}": v for k, v in model.state_dict().items()}
    save_checkpoint({"state_dict": wrapped}, str(tmp_path / "ddp.pth"))
    target = nn.Linear(2, 2)
    load_checkpoint(target, str(tmp_path / "ddp.pth"), strict=True)
    assert torch.equal(target.weight, model.weight)
    with pytest.raises(RuntimeError, match="missing keys in source state_dict: bias"):
        save_checkpoint(
            {"state_dict": {"weight": model.weight}}, str(tmp_path / "w.pth")
        )
        load_checkpoint(nn.Linear(2, 2), str(tmp_path / "w.pth"), strict=True)


def test_find_latest_checkpoint_prefers_record_then_highest_number(tmp_path):
    assert find_latest_checkpoint(str(tmp_path)) is None
    for n in (2, 10, 9):
        (tmp_path / f"epoch_{n}.pth").write_bytes(b"x")
    assert find_latest_checkpoint(str(tmp_path)) == str(tmp_path / "epoch_10.pth")
    (tmp_path / "last_checkpoint").write_text("/moved/elsewhere/epoch_9.pth")
    assert find_latest_checkpoint(str(tmp_path)) == str(tmp_path / "epoch_9.pth")


def test_load_checkpoint_with_prefix_strips_the_prefix(tmp_path: Path) -> None:
    model = nn.Sequential(OrderedDict(backbone=nn.Linear(2, 3), head=nn.Linear(3, 1)))
    path = tmp_path / "model.pth"
    save_checkpoint({"state_dict": model.state_dict()}, str(path))
    for prefix in ("backbone", "backbone."):
        weights = _load_checkpoint_with_prefix(prefix, str(path))
        assert sorted(weights) == ["bias", "weight"]
        assert torch.equal(weights["weight"], model.backbone.weight)
    with pytest.raises(KeyError, match="no weight starts with 'neck.'"):
        _load_checkpoint_with_prefix("neck", str(path))
