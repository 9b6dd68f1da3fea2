"""Device moves on a real GPU (skipped on machines without CUDA)."""

from __future__ import annotations

import pytest
import torch

from mmcompat.model import ExponentialMovingAverage, ImgDataPreprocessor

from .test_base_model import ToyModel

pytestmark = pytest.mark.skipif(
    not torch.cuda.is_available(), reason="needs a CUDA device"
)


def test_cuda_moves_preprocessor_and_batches():
    model = ToyModel(
        data_preprocessor=ImgDataPreprocessor(mean=[0.5], std=[2.0])
    ).cuda()
    assert model.data_preprocessor.device.type == "cuda"
    out = model.data_preprocessor(
        dict(inputs=torch.ones(1, 3, 2, 2, dtype=torch.uint8))
    )
    assert out["inputs"].is_cuda
    assert torch.allclose(out["inputs"].cpu(), torch.full((1, 3, 2, 2), 0.25))
    model.cpu()
    assert model.data_preprocessor.device == torch.device("cpu")


def test_ema_on_cpu_averages_a_gpu_model():
    source = torch.nn.Linear(2, 2).cuda()
    ema = ExponentialMovingAverage(source, momentum=0.5, device="cpu")
    ema.update_parameters(source)
    with torch.no_grad():
        source.weight.add_(2.0)
    ema.update_parameters(source)
    expected = source.weight.detach().cpu() - 1.0
    assert torch.allclose(ema.module.weight, expected)
