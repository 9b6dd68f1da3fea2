"""MMCV 1.x's MLU/NPU/MPS wrappers (``mmcv.device.mlu``...) under the
legacy aliases: they import as with MMCV 1.x, copy every call's inputs to
their device, and fail to build, naming the vendor extension, where torch
has no such device."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from mmcompat.legacy.runtime.aliases import legacy_aliases, locate_path


@pytest.fixture
def mmcv_device():
    with legacy_aliases():
        import mmcv.device.mlu
        import mmcv.device.mps
        import mmcv.device.npu

        yield mmcv.device


class Probe(nn.Module):
    """Records the inputs it was called with."""

    def forward(self, img, img_metas=None):
        self.seen = (img, img_metas)
        return img

    def train_step(self, data, optimizer):
        self.seen = (data, optimizer)
        return data


@pytest.mark.parametrize(
    "path",
    [
        "mmcv.device.mlu.MLUDataParallel",
        "mmcv.device.mlu.MLUDistributedDataParallel",
        "mmcv.device.npu.NPUDataParallel",
        "mmcv.device.npu.NPUDistributedDataParallel",
        "mmcv.device.mps.MPSDataParallel",
    ],
)
def test_the_wrappers_resolve_as_legacy_classes(path):
    with legacy_aliases():
        symbol, located = locate_path(path)
        from mmcv.parallel import MMDataParallel

    assert symbol == path and located.origin == "legacy"
    assert issubclass(located.value, MMDataParallel)


@pytest.mark.parametrize(
    "name,extension",
    [("MLUDataParallel", "torch_mlu"), ("NPUDataParallel", "torch_npu")],
)
def test_without_the_vendor_extension_building_names_it(mmcv_device, name, extension):
    wrapper = getattr(getattr(mmcv_device, name[:3].lower()), name)
    with pytest.raises(RuntimeError, match=f"{name} needs .*{extension}"):
        wrapper(Probe())


def test_mlu_ddp_fails_before_building_ddp(mmcv_device):
    with pytest.raises(RuntimeError, match="MLUDistributedDataParallel needs"):
        mmcv_device.mlu.MLUDistributedDataParallel(Probe(), device_ids=[0])


def test_mps_wrapper_drives_mps_0(mmcv_device):
    wrapper = mmcv_device.mps.MPSDataParallel(Probe())
    assert wrapper.device_ids == [0]
    assert wrapper.src_device_obj == torch.device("mps", 0)


def test_every_call_copies_the_inputs_to_the_device(mmcv_device):
    from mmcv.parallel import DataContainer

    class MetaDataParallel(mmcv_device.mps.MPSDataParallel):
        # torch's meta device stands in for an accelerator: a copy shows
        device_type = "meta"

    probe = Probe()
    wrapper = MetaDataParallel(probe)
    assert wrapper.src_device_obj == torch.device("meta", 0)
    img = DataContainer([torch.ones(2, 3)], stack=True)
    metas = DataContainer([[dict(id=1), dict(id=2)]], cpu_only=True)
    wrapper(img=img, img_metas=metas)
    seen_img, seen_metas = probe.seen
    assert seen_img.device.type == "meta" and seen_img.shape == (2, 3)
    assert seen_metas == [dict(id=1), dict(id=2)]  # cpu_only: unwrapped, not moved
    optimizer = object()
    wrapper.train_step(dict(img=torch.zeros(1)), optimizer)
    data, passed = probe.seen
    assert data["img"].device.type == "meta" and passed is optimizer
