"""Whether torchvision's compiled ops can serve as a faster backend.

torchvision's ``nms`` and ``roi_align`` compute what MMCV's do for the cases
the fallback hands them (``offset=0`` NMS; average-pooled RoIAlign).  They are
used only when they actually run: a torchvision wheel built for another torch
or CUDA imports but fails on the first call, so the probe calls each op once
on a tiny input.  Otherwise everything runs in pure torch.
"""

from __future__ import annotations

import functools
from types import ModuleType
from typing import Optional

import torch


@functools.cache
def torchvision_ops() -> Optional[ModuleType]:
    """``torchvision.ops`` if its compiled nms and roi_align run, else None."""
    try:
        import torchvision.ops as tv_ops

        boxes = torch.tensor([[0.0, 0.0, 1.0, 1.0]])
        tv_ops.nms(boxes, torch.ones(1), 0.5)
        tv_ops.roi_align(
            torch.zeros(1, 1, 2, 2), torch.zeros(1, 5), (1, 1), 1.0, 0, True
        )
    except Exception:  # an ImportError, or a RuntimeError from a broken build
        return None
    return tv_ops
