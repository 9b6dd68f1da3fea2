from __future__ import annotations

import json
import struct
import zlib

import numpy as np
import pytest
import torch

from mmcompat.config import Config
from mmcompat.visualization import LocalVisBackend


def _read_lines(path):
    return [json.loads(line) for line in path.read_text().splitlines()]


def _decode_png(data: bytes) -> np.ndarray:
    """Decode the filter-0, 8-bit PNGs our writer produces."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        assert crc == zlib.crc32(kind + body)
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, _, colour_type, *_ = header
    channels = {0: 1, 2: 3, 6: 4}[colour_type]
    raw = np.frombuffer(zlib.decompress(idat), np.uint8).reshape(height, -1)
    assert (raw[:, 0] == 0).all()
    return raw[:, 1:].reshape(height, width, channels)


def test_nothing_is_created_before_first_use(tmp_path):
    LocalVisBackend(str(tmp_path / "vis"))
    assert not (tmp_path / "vis").exists()


def test_add_scalars_appends_json_lines_with_step(tmp_path):
    backend = LocalVisBackend(str(tmp_path))
    backend.add_scalars({"loss": 0.5, "lr": 0.01}, step=10)
    backend.add_scalars({"loss": torch.tensor(0.25), "acc": np.float64(0.75)}, step=20)
    backend.add_scalar("mAP", torch.tensor([0.5]), step=30)
    assert _read_lines(tmp_path / "scalars.json") == [
        {"loss": 0.5, "lr": 0.01, "step": 10},
        {"loss": 0.25, "acc": 0.75, "step": 20},
        {"mAP": 0.5, "step": 30},
    ]


def test_add_scalars_keeps_a_step_given_in_the_dict(tmp_path):
    backend = LocalVisBackend(str(tmp_path))
    backend.add_scalars({"acc": 1.0, "step": 3}, step=99)
    assert _read_lines(tmp_path / "scalars.json") == [{"acc": 1.0, "step": 3}]


def test_add_scalars_file_path_also_writes_there(tmp_path):
    backend = LocalVisBackend(str(tmp_path))
    backend.add_scalars({"acc": 0.9}, step=1, file_path="20240101_000000.json")
    assert _read_lines(tmp_path / "20240101_000000.json") == [{"acc": 0.9, "step": 1}]
    assert _read_lines(tmp_path / "scalars.json") == [{"acc": 0.9, "step": 1}]


def test_add_scalars_file_path_must_differ_from_scalar_file(tmp_path):
    backend = LocalVisBackend(str(tmp_path))
    with pytest.raises(ValueError, match="scalar file"):
        backend.add_scalars({"acc": 0.9}, file_path="scalars.json")


def test_file_names_must_have_the_right_extension(tmp_path):
    with pytest.raises(ValueError, match=r"\.json"):
        LocalVisBackend(str(tmp_path), scalar_save_file="scalars.txt")
    with pytest.raises(ValueError, match=r"\.py"):
        LocalVisBackend(str(tmp_path), config_save_file="config.yaml")


def test_add_config_dumps_the_config_as_python(tmp_path):
    cfg = Config(dict(model=dict(type="Net", depth=3), lr=0.1))
    LocalVisBackend(str(tmp_path)).add_config(cfg)
    written = Config.fromfile(str(tmp_path / "config.py"))
    assert written.model.depth == 3 and written.lr == 0.1
    assert [p.name for p in tmp_path.iterdir()] == ["config.py"]


def test_add_image_writes_a_png(tmp_path):
    image = np.arange(4 * 5 * 3, dtype=np.uint8).reshape(4, 5, 3)
    LocalVisBackend(str(tmp_path)).add_image("sample", image, step=7)
    decoded = _decode_png((tmp_path / "vis_image" / "sample_7.png").read_bytes())
    assert np.array_equal(decoded, image)


def test_add_image_rejects_non_uint8(tmp_path):
    with pytest.raises(TypeError, match="uint8"):
        LocalVisBackend(str(tmp_path)).add_image("x", np.zeros((2, 2, 3), np.float32))


def test_scalar_lines_are_readable_before_close_and_file_closed_after(tmp_path):
    backend = LocalVisBackend(str(tmp_path))
    backend.add_scalars({"loss": 1.5}, step=1, file_path="run.json")
    backend.add_scalars({"loss": 0.5}, step=2, file_path="run.json")
    # flushed on every record: a reader sees both lines while training runs
    assert _read_lines(tmp_path / "scalars.json") == [
        {"loss": 1.5, "step": 1},
        {"loss": 0.5, "step": 2},
    ]
    assert len(_read_lines(tmp_path / "run.json")) == 2
    files = list(backend._open_files.values())
    backend.close()
    assert files and all(f.closed for f in files)
    backend.add_scalar("acc", 1.0, step=3)  # reopens after close
    backend.close()
    assert _read_lines(tmp_path / "scalars.json")[-1] == {"acc": 1.0, "step": 3}
