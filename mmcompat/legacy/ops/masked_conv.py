"""``MaskedConv2d`` (used by guided-anchoring heads) with MMCV 1.x's semantics.

MMCV computes the convolution only at the positions where ``mask > 0`` and
leaves 0 elsewhere; the positions are output positions, so it needs stride 1
and an output as large as the input (``padding = kernel_size // 2``).  Its
masked path has no backward (MMCV returns no gradients), and so neither has
this one.  Without a mask the layer is a plain ``nn.Conv2d``.
"""

from __future__ import annotations

from typing import Optional

import torch
import torch.nn.functional as F
from torch import Tensor, nn
from torch.nn.modules.utils import _pair


def masked_conv2d(
    features: Tensor,
    mask: Tensor,
    weight: Tensor,
    bias: Optional[Tensor],
    padding: int = 0,
    stride: int = 1,
) -> Tensor:
    """MMCV's ``masked_conv2d``: ``features`` ``(1, C, H, W)``, ``mask``
    ``(1, H, W)``."""
    if (
        mask.dim() != 3
        or mask.size(0) != 1
        or features.dim() != 4
        or features.size(0) != 1
    ):
        raise ValueError(
            f"masked_conv2d expects features (1, C, H, W) and mask (1, H, W), got "
            f"{tuple(features.shape)} and {tuple(mask.shape)}"
        )
    if _pair(stride) != (1, 1):
        raise ValueError("Stride could not only be 1 in masked_conv2d currently.")
    with torch.no_grad():
        output = F.conv2d(features, weight, bias, padding=padding)
        if output.shape[2:] != mask.shape[1:]:
            raise ValueError(
                f"masked_conv2d: the output {tuple(output.shape[2:])} must be as large "
                f"as the mask {tuple(mask.shape[1:])} (padding = kernel_size // 2)"
            )
        return output * (mask[:, None] > 0)


class MaskedConv2d(nn.Conv2d):
    """``nn.Conv2d`` whose ``forward(input, mask)`` computes only where
    ``mask > 0``; MMCV supports stride 1 only on that path."""

    def forward(self, input: Tensor, mask: Optional[Tensor] = None) -> Tensor:
        if mask is None:
            return super().forward(input)
        return masked_conv2d(input, mask, self.weight, self.bias, self.padding)
