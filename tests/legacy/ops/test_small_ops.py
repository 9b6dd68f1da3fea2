"""CornerPool and MaskedConv2d against their definitions."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from mmcompat.legacy import ops


@pytest.mark.parametrize(
    "mode, dim, towards_start",
    [("top", 2, True), ("bottom", 2, False), ("left", 3, True), ("right", 3, False)],
)
def test_corner_pool_takes_the_maximum_of_everything_on_one_side(
    mode, dim, towards_start
):
    # 'top' pooling: each position takes the max of itself and all below it
    # (CornerNet scans from the bottom towards the top).
    x = torch.randn(2, 3, 4, 5)
    got = ops.CornerPool(mode)(x)
    size = x.size(dim)
    for i in range(size):
        span = slice(i, size) if towards_start else slice(0, i + 1)
        region = x.narrow(dim, span.start, span.stop - span.start)
        torch.testing.assert_close(got.select(dim, i), region.amax(dim), rtol=0, atol=0)


def test_corner_pool_rejects_unknown_mode():
    with pytest.raises(ValueError, match="CornerPool mode must be one of"):
        ops.CornerPool("diagonal")


def test_masked_conv_computes_only_where_the_mask_is_set():
    torch.manual_seed(0)
    layer = ops.MaskedConv2d(3, 4, 3, padding=1)
    x = torch.randn(1, 3, 6, 7, requires_grad=True)
    mask = (torch.rand(1, 6, 7) > 0.5).float()
    got = layer(x, mask)
    full = F.conv2d(x, layer.weight, layer.bias, padding=1)
    torch.testing.assert_close(
        got, torch.where(mask[:, None] > 0, full, torch.zeros_like(full))
    )
    assert not got.requires_grad  # MMCV's masked path has no backward
    torch.testing.assert_close(layer(x), full)  # no mask: a plain conv


def test_masked_conv_needs_stride_one_and_same_size_output():
    weight = torch.randn(4, 3, 3, 3)
    with pytest.raises(ValueError, match="Stride could not only be 1"):
        ops.masked_conv2d(
            torch.randn(1, 3, 6, 7), torch.ones(1, 6, 7), weight, None, 1, 2
        )
    with pytest.raises(ValueError, match="as large as the mask"):
        ops.MaskedConv2d(3, 4, 3)(torch.randn(1, 3, 6, 7), torch.ones(1, 6, 7))
