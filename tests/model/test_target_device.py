"""``target_device`` reads the device out of ``nn.Module.to``'s arguments,
as ``BaseModel.to`` and ``BaseDataPreprocessor.to`` need it."""

from __future__ import annotations

import pytest
import torch

from mmcompat.model import BaseDataPreprocessor
from mmcompat.model.utils import target_device

META = torch.device("meta")


@pytest.mark.parametrize(
    "args, kwargs",
    [
        (("meta",), {}),
        ((META,), {}),
        (("meta", torch.float64), {}),
        ((), dict(device="meta")),
        ((), dict(device=META, dtype=torch.float16)),
        ((torch.empty(1, device="meta"),), {}),
        ((), dict(tensor=torch.empty(1, device="meta"))),
    ],
)
def test_the_device_of_every_to_signature(args, kwargs):
    assert target_device(*args, **kwargs) == META


@pytest.mark.parametrize(
    "args, kwargs",
    [
        ((torch.float64,), {}),
        ((), dict(dtype=torch.float64)),
        ((), dict(memory_format=torch.channels_last)),
        ((), {}),
    ],
)
def test_no_device_when_only_dtype_or_format_change(args, kwargs):
    assert target_device(*args, **kwargs) is None


def test_preprocessor_to_follows_a_tensor_argument():
    pre = BaseDataPreprocessor()
    pre.to(torch.empty(1, device="meta"))
    assert pre.device == META
    pre.to(torch.float64)
    assert pre.device == META
