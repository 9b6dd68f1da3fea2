"""MMCV 1.x helpers real 1.x libraries import that MMCV 2.x and MMEngine
dropped or moved (found by running the census over mmaction2, mmcls,
mmedit, mmpose and mmsegmentation): each resolves under the legacy aliases
and behaves as MMCV 1.7.2's."""

from __future__ import annotations

import pytest
import torch
from torch.utils.data import DataLoader

from mmcompat.legacy.runtime.aliases import legacy_aliases, locate_path


@pytest.mark.parametrize(
    "path,origin",
    [
        ("mmcv.runner.IterLoader", "legacy"),
        ("mmcv.runner.iter_based_runner.IterLoader", "legacy"),
        ("mmcv.engine.multi_gpu_test", "legacy"),
        ("mmcv.utils.IS_IPU_AVAILABLE", "legacy"),
        ("mmcv.cnn.build_model_from_cfg", "legacy"),
        ("mmcv.runner.CheckpointLoader", "mmcompat"),
        ("mmcv.runner.checkpoint._load_checkpoint", "mmcompat"),
        ("mmcv.runner.checkpoint._load_checkpoint_with_prefix", "mmcompat"),
        ("mmcv.runner.checkpoint.load_from_http", "mmcompat"),
        ("mmcv.utils.SyncBatchNorm", "mmcompat"),
        ("mmcv.utils.parrots_wrapper.SyncBatchNorm", "mmcompat"),
        ("mmcv.utils.parrots_wrapper._get_dataloader", "mmcompat"),
        ("mmcv.fileio.io.file_handlers", "mmcompat"),
    ],
)
def test_the_names_resolve(path, origin):
    with legacy_aliases():
        symbol, located = locate_path(path)
    assert (symbol, located.origin) == (path, origin)


def test_iter_loader_restarts_the_loader_and_sets_the_sampler_epoch():
    class Sampler(torch.utils.data.Sampler):
        def __init__(self):
            self.epochs = []

        def set_epoch(self, epoch):
            self.epochs.append(epoch)

        def __iter__(self):
            return iter(range(5))

        def __len__(self):
            return 5

    sampler = Sampler()
    loader = DataLoader(list(range(10, 15)), batch_size=2, sampler=sampler)
    with legacy_aliases():
        from mmcv.runner import IterLoader

        iter_loader = IterLoader(loader)
    batches = [(next(iter_loader).tolist(), iter_loader.epoch) for _ in range(7)]
    assert batches == [
        ([10, 11], 0),
        ([12, 13], 0),
        ([14], 0),
        ([10, 11], 1),
        ([12, 13], 1),
        ([14], 1),
        ([10, 11], 2),
    ]
    assert sampler.epochs == [1, 2] and len(iter_loader) == 3


class _Detector(torch.nn.Module):
    def forward(self, img, return_loss=True, rescale=False):
        assert return_loss is False and rescale is False and not self.training
        return [float(x) for x in img]


def test_multi_gpu_test_without_a_process_group_returns_every_result():
    loader = DataLoader([dict(img=torch.tensor(float(i))) for i in range(5)], 2)
    model = _Detector().train()
    with legacy_aliases():
        from mmcv.engine import multi_gpu_test

        results = multi_gpu_test(model, loader, gpu_collect=True)
    assert results == [0.0, 1.0, 2.0, 3.0, 4.0]
    assert model.training  # restored, as single_gpu_test does


def test_build_model_from_cfg_builds_a_sequential_from_a_list():
    with legacy_aliases():
        from mmcv.cnn import MODELS, build_model_from_cfg

        model = build_model_from_cfg(
            [dict(type="Conv2d", in_channels=1, out_channels=2, kernel_size=1)] * 2,
            MODELS,
        )
    assert isinstance(model, torch.nn.Sequential) and len(model) == 2
    assert isinstance(model[0], torch.nn.Conv2d)


def test_parrots_wrapper_data_names_are_torchs():
    with legacy_aliases():
        from mmcv.utils import IS_IPU_AVAILABLE, SyncBatchNorm
        from mmcv.utils.parrots_wrapper import _get_dataloader

    assert _get_dataloader() == (DataLoader, DataLoader)
    assert SyncBatchNorm is torch.nn.SyncBatchNorm
    assert IS_IPU_AVAILABLE is False  # no poptorch here


def test_checkpoint_helpers_load_a_legacy_checkpoint(tmp_path):
    model = torch.nn.Linear(2, 1)
    torch.save(
        dict(state_dict={f"backbone.{k}": v for k, v in model.state_dict().items()}),
        tmp_path / "c.pth",
    )
    with legacy_aliases():
        from mmcv.fileio.io import file_handlers
        from mmcv.runner import CheckpointLoader
        from mmcv.runner.checkpoint import (
            _load_checkpoint,
            _load_checkpoint_with_prefix,
        )

        assert set(_load_checkpoint(str(tmp_path / "c.pth"))) == {"state_dict"}
        weights = _load_checkpoint_with_prefix("backbone.", str(tmp_path / "c.pth"))
        loaded = CheckpointLoader.load_checkpoint(str(tmp_path / "c.pth"))
    assert torch.equal(weights["weight"], model.weight)
    assert torch.equal(loaded["state_dict"]["backbone.bias"], model.bias)
    assert {"json", "yaml", "pickle"} <= set(file_handlers)
