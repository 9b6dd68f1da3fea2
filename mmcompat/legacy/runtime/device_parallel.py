"""MMCV 1.x's single-device wrappers for MLU, NPU and MPS devices
(``mmcv.device.mlu``, ``mmcv.device.npu``, ``mmcv.device.mps``).

MMCV 2.x removed them: MMEngine's Runner places the model on these devices
itself (``mmengine.device`` detects them). Legacy scripts and libraries
still import them (MMDet 2.x's ``build_dp`` picks one by device name), so
under ``mmcompat run`` they are :class:`~.parallel.MMDataParallel` /
:class:`~.parallel.MMDistributedDataParallel` with MMCV's device handling:

- the data-parallel wrapper drives one device, ``<type>:0`` (NPU: the first
  of ``device_ids``), and every call copies its inputs there (a
  ``DataContainer`` unwrapped, ``cpu_only`` data left where it is);
- the distributed wrapper copies the inputs to its ``device_ids[0]``.

They need the vendor's torch extension (``torch_mlu``, ``torch_npu``) or,
for MPS, a torch built with it; without one, building the wrapper fails
naming what is missing, as MMCV's did (with torch's own error).
"""

from __future__ import annotations

from typing import Any

import torch
from torch import nn

from .parallel import MMDataParallel, MMDistributedDataParallel, scatter_kwargs

__all__ = [
    "MLUDataParallel",
    "MLUDistributedDataParallel",
    "NPUDataParallel",
    "NPUDistributedDataParallel",
    "MPSDataParallel",
]

#: what provides each device type to torch
_PROVIDERS = {
    "mlu": "Cambricon's torch_mlu",
    "npu": "Ascend's torch_npu",
    "mps": "a torch built with MPS (macOS)",
}


def _device(owner: str, device_type: str, device_ids: Any) -> tuple[int, torch.device]:
    """The index and device a wrapper drives: ``<device_type>:<first id>``."""
    index = list(device_ids)[0] if device_ids else 0
    try:
        return index, torch.device(f"{device_type}:{index}")
    except RuntimeError as e:
        raise RuntimeError(
            f"{owner} needs {_PROVIDERS[device_type]}: this torch has no "
            f"{device_type!r} device ({e})"
        ) from None


class _OnDevice:
    """Inputs copied to ``<device_type>:<device_ids[0]>`` before each call."""

    device_type = ""
    dim: int

    def _place(self, device_ids: Any) -> None:
        index, self.src_device_obj = _device(
            type(self).__name__, self.device_type, device_ids
        )
        self.device_ids = [index]

    def scatter(self, inputs: Any, kwargs: Any, device_ids: list) -> tuple:
        return scatter_kwargs(
            inputs, kwargs, device_ids, dim=self.dim, device_type=self.device_type
        )

    def to_kwargs(self, inputs: Any, kwargs: Any, device_id: int) -> tuple:
        return self.scatter(inputs, kwargs, [device_id])


class MLUDataParallel(_OnDevice, MMDataParallel):
    """``mmcv.device.mlu.MLUDataParallel``: one MLU, ``mlu:0``."""

    device_type = "mlu"

    def __init__(self, module: nn.Module, *args: Any, dim: int = 0, **kwargs: Any):
        MMDataParallel.__init__(self, module, dim=dim)
        self._place([0])


class MPSDataParallel(_OnDevice, MMDataParallel):
    """``mmcv.device.mps.MPSDataParallel``: the Apple GPU, ``mps:0``."""

    device_type = "mps"

    def __init__(self, module: nn.Module, *args: Any, dim: int = 0, **kwargs: Any):
        MMDataParallel.__init__(self, module, dim=dim)
        self._place([0])


class NPUDataParallel(_OnDevice, MMDataParallel):
    """``mmcv.device.npu.NPUDataParallel``: one NPU, the first of
    ``device_ids`` (default 0), made torch_npu's current device."""

    device_type = "npu"

    def __init__(self, module: nn.Module, *args: Any, dim: int = 0, **kwargs: Any):
        MMDataParallel.__init__(self, module, dim=dim)
        self._place(kwargs.get("device_ids", [0]))
        torch.npu.set_device(self.src_device_obj)  # provided by torch_npu


class _DistributedOnDevice(_OnDevice, MMDistributedDataParallel):
    def __init__(self, module: nn.Module, device_ids: Any = None, **kwargs: Any):
        # fail on a missing device before DDP is built on it
        _device(type(self).__name__, self.device_type, device_ids)
        MMDistributedDataParallel.__init__(self, module, device_ids, **kwargs)
        self._place(device_ids)


class MLUDistributedDataParallel(_DistributedOnDevice):
    """``mmcv.device.mlu.MLUDistributedDataParallel``."""

    device_type = "mlu"


class NPUDistributedDataParallel(_DistributedOnDevice):
    """``mmcv.device.npu.NPUDistributedDataParallel``."""

    device_type = "npu"
