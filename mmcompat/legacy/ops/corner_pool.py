"""``CornerPool`` (CornerNet), which MMCV 1.x itself computes with
``torch.cummax`` on any PyTorch >= 1.5: a running maximum towards one side."""

from __future__ import annotations

import torch
from torch import Tensor, nn


class CornerPool(nn.Module):
    """``mode``: ``'top'``, ``'bottom'``, ``'left'`` or ``'right'``: each
    position takes the maximum of itself and everything on that side."""

    # mode -> (dimension, whether the running maximum goes backwards)
    cummax_dim_flip = {
        "bottom": (2, False),
        "left": (3, True),
        "right": (3, False),
        "top": (2, True),
    }

    def __init__(self, mode: str) -> None:
        super().__init__()
        if mode not in self.cummax_dim_flip:
            raise ValueError(
                f"CornerPool mode must be one of {sorted(self.cummax_dim_flip)}, got {mode!r}"
            )
        self.mode = mode

    def forward(self, x: Tensor) -> Tensor:
        dim, flip = self.cummax_dim_flip[self.mode]
        if flip:
            return torch.cummax(x.flip(dim), dim=dim)[0].flip(dim)
        return torch.cummax(x, dim=dim)[0]
