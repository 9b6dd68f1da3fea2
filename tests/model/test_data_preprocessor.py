"""BaseDataPreprocessor casting and ImgDataPreprocessor numbers."""

from __future__ import annotations

from collections import namedtuple

import pytest
import torch
import torch.nn.functional as F

from mmcompat.model import BaseDataPreprocessor, ImgDataPreprocessor, stack_batch

Pair = namedtuple("Pair", ["x", "y"])


class Sample:
    """A data sample with MMEngine's BaseDataElement interface."""

    def __init__(self) -> None:
        self.moved_to = None

    def to(self, device, non_blocking=False):
        self.moved_to = (torch.device(device), non_blocking)
        return self

    def to_dict(self) -> dict:
        return {}


def test_cast_data_moves_tensors_in_nested_containers():
    pre = BaseDataPreprocessor(non_blocking=True)
    pre._device = torch.device("meta")  # stands in for an accelerator
    sample = Sample()
    data = dict(
        inputs=[torch.ones(2), torch.zeros(1)],
        pair=Pair(torch.ones(1), "keep"),
        tup=(torch.ones(1), 3),
        data_samples=[sample],
        name="img.jpg",
        none=None,
    )
    out = pre(data)
    assert [t.device.type for t in out["inputs"]] == ["meta", "meta"]
    assert (
        isinstance(out["pair"], Pair)
        and out["pair"].x.is_meta
        and out["pair"].y == "keep"
    )
    assert (
        isinstance(out["tup"], tuple) and out["tup"][0].is_meta and out["tup"][1] == 3
    )
    assert sample.moved_to == (torch.device("meta"), True)
    assert out["name"] == "img.jpg" and out["none"] is None


def test_cast_data_keeps_tensors_already_on_the_device_and_container_types():
    pre = BaseDataPreprocessor()
    x, y = torch.ones(2), torch.zeros(1)
    out = pre((x, [y], dict(z=x)))
    assert type(out) is tuple and type(out[1]) is list and type(out[2]) is dict
    # Tensor.to returns the same tensor for its own device.
    assert out[0] is x and out[1][0] is y and out[2]["z"] is x


def test_flat_batches_of_cpu_tensors_come_back_as_cast_data_returns_them():
    pre = BaseDataPreprocessor()
    x, y = torch.ones(2), torch.zeros(1)
    batch = [x, y]
    out = pre(batch, True)
    assert type(out) is list and out is not batch and out[0] is x and out[1] is y
    batch.append(x)  # the result is a list of its own
    assert len(out) == 2
    out = pre((x, y))
    assert out == (x, y) and out[0] is x and out[1] is y
    # anything else in the batch still goes through cast_data
    pre._device = torch.device("meta")
    out = pre([x, y])
    assert [t.device.type for t in out] == ["meta", "meta"]


def test_flat_batches_use_an_overridden_cast_data_or_device():
    class Doubling(BaseDataPreprocessor):
        def cast_data(self, data):
            return [t * 2 for t in data]

    class MetaDevice(BaseDataPreprocessor):
        @property
        def device(self):
            return torch.device("meta")

    x = torch.ones(2)
    assert torch.equal(Doubling()([x, x], True)[0], 2 * x)
    assert torch.equal(Doubling()((x, x), True)[1], 2 * x)
    assert MetaDevice()((x,), True)[0].is_meta


def _images():
    torch.manual_seed(0)
    return [
        torch.randint(0, 256, (3, 5, 7), dtype=torch.uint8),
        torch.randint(0, 256, (3, 6, 4), dtype=torch.uint8),
    ]


def test_img_preprocessor_list_input_normalises_pads_and_stacks():
    mean, std = [10.0, 20.0, 30.0], [2.0, 4.0, 8.0]
    pre = ImgDataPreprocessor(
        mean=mean, std=std, pad_size_divisor=4, pad_value=-1, bgr_to_rgb=True
    )
    images = _images()
    out = pre(dict(inputs=images, data_samples=["a", "b"]))
    m = torch.tensor(mean).view(3, 1, 1)
    s = torch.tensor(std).view(3, 1, 1)
    # Batch max H=6, W=7 -> rounded up to multiples of 4: (8, 8).
    expected = torch.full((2, 3, 8, 8), -1.0)
    for i, image in enumerate(images):
        norm = (image.flip(0).float() - m) / s
        expected[i, :, : image.shape[1], : image.shape[2]] = norm
    assert out["inputs"].dtype == torch.float32
    assert torch.allclose(out["inputs"], expected, atol=1e-6)
    assert out["data_samples"] == ["a", "b"]


def test_img_preprocessor_tensor_input_pads_batch_and_sets_data_samples_none():
    pre = ImgDataPreprocessor(
        mean=[127.5], std=[127.5], pad_size_divisor=8, pad_value=0
    )
    batch = torch.randint(0, 256, (2, 3, 9, 8), dtype=torch.uint8)
    out = pre(dict(inputs=batch))
    expected = F.pad((batch.float() - 127.5) / 127.5, (0, 0, 0, 7), value=0)
    assert out["inputs"].shape == (2, 3, 16, 8)
    assert torch.allclose(out["inputs"], expected, atol=1e-6)
    assert out["data_samples"] is None


def test_img_preprocessor_rgb_to_bgr_on_batch_without_normalising():
    pre = ImgDataPreprocessor(rgb_to_bgr=True)
    batch = torch.arange(2 * 3 * 2 * 2, dtype=torch.uint8).view(2, 3, 2, 2)
    out = pre(dict(inputs=batch))["inputs"]
    assert torch.equal(out, batch[:, [2, 1, 0]].float())


def test_img_preprocessor_rejects_bad_configs_and_inputs():
    with pytest.raises(ValueError, match="exclusive"):
        ImgDataPreprocessor(bgr_to_rgb=True, rgb_to_bgr=True)
    with pytest.raises(ValueError, match="both mean and std"):
        ImgDataPreprocessor(mean=[1, 2, 3])
    with pytest.raises(ValueError, match="1 or 3 values"):
        ImgDataPreprocessor(mean=[1, 2], std=[1, 2])
    pre = ImgDataPreprocessor(mean=[1, 2, 3], std=[1, 1, 1])
    with pytest.raises(ValueError, match=r"must be \(3, H, W\)"):
        pre(dict(inputs=[torch.zeros(1, 2, 2)]))
    with pytest.raises(ValueError, match="NCHW"):
        pre(dict(inputs=torch.zeros(3, 2, 2)))


def test_stack_batch_pads_right_and_bottom_only():
    a, b = torch.ones(1, 2, 3), torch.ones(1, 3, 1) * 2
    out = stack_batch([a, b], pad_size_divisor=2, pad_value=9)
    assert out.shape == (2, 1, 4, 4)
    assert torch.equal(out[0, 0, :2, :3], a[0]) and torch.all(out[0, 0, 2:, :] == 9)
    assert torch.equal(out[1, 0, :3, :1], b[0]) and torch.all(out[1, 0, :, 1:] == 9)
    same = stack_batch([a, a])
    assert torch.equal(same, torch.stack([a, a]))
    with pytest.raises(ValueError, match="one rank"):
        stack_batch([a, torch.ones(2, 2)])
