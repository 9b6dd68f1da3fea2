"""``mmcompat.utils.dl_utils``: MMEngine's torch helpers under the same
names (the codemod's home for ``mmcv.utils.TORCH_VERSION``,
``collect_env``, ``parrots_wrapper`` names...)."""

from __future__ import annotations

import subprocess
import sys

import pytest
import torch
from torch import nn

from mmcompat.utils import dl_utils
from mmcompat.utils.dl_utils import parrots_wrapper


def test_parrots_wrapper_names_are_torchs_base_classes():
    assert parrots_wrapper.TORCH_VERSION == torch.__version__ == dl_utils.TORCH_VERSION
    assert isinstance(nn.BatchNorm2d(2), parrots_wrapper._BatchNorm)
    assert isinstance(nn.SyncBatchNorm(2), dl_utils._BatchNorm)
    assert isinstance(nn.InstanceNorm2d(2), dl_utils._InstanceNorm)
    assert isinstance(nn.Conv2d(1, 1, 1), dl_utils._ConvNd)
    assert dl_utils._ConvTransposeMixin is torch.nn.modules.conv._ConvTransposeMixin
    assert isinstance(nn.AdaptiveAvgPool2d(1), dl_utils._AdaptiveAvgPoolNd)
    assert isinstance(nn.MaxPool2d(2), dl_utils._MaxPoolNd)


def test_is_norm_and_has_batch_norm():
    assert dl_utils.is_norm(nn.GroupNorm(1, 2)) and dl_utils.is_norm(nn.LayerNorm(2))
    assert not dl_utils.is_norm(nn.Conv2d(1, 1, 1))
    assert not dl_utils.is_norm(nn.BatchNorm1d(2), exclude=nn.BatchNorm1d)
    with pytest.raises(TypeError, match="exclude"):
        dl_utils.is_norm(nn.BatchNorm1d(2), exclude="BatchNorm1d")
    assert dl_utils.has_batch_norm(nn.Sequential(nn.Conv2d(1, 1, 1), nn.BatchNorm2d(1)))
    assert not dl_utils.has_batch_norm(nn.Sequential(nn.Conv2d(1, 1, 1)))


def test_torch_meshgrid_indexes_ij():
    rows, cols = dl_utils.torch_meshgrid(torch.arange(2), torch.arange(3))
    assert rows.shape == (2, 3) and rows[1, 0] == 1 and cols[0, 2] == 2


def test_collect_env_names_torch_and_mmcompat():
    env = dl_utils.collect_env()
    assert env["PyTorch"] == torch.__version__
    assert "mmcompat" in env


def test_importing_mmcompat_utils_does_not_import_torch():
    code = "import sys, mmcompat.utils; assert 'torch' not in sys.modules"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
