"""Deformable convolution v1/v2 against plain convolution and a plain loop."""

from __future__ import annotations

import math

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from mmcompat.legacy import ops


def make(
    seed,
    n=2,
    c=4,
    h=6,
    w=7,
    out_c=6,
    k=3,
    groups=1,
    deform_groups=1,
    stride=1,
    padding=1,
    dilation=1,
    offset_scale=0.0,
):
    g = torch.Generator().manual_seed(seed)
    oh = (h + 2 * padding - dilation * (k - 1) - 1) // stride + 1
    ow = (w + 2 * padding - dilation * (k - 1) - 1) // stride + 1
    x = torch.randn(n, c, h, w, generator=g, dtype=torch.float64)
    weight = torch.randn(out_c, c // groups, k, k, generator=g, dtype=torch.float64)
    offset = (
        torch.randn(
            n, deform_groups * 2 * k * k, oh, ow, generator=g, dtype=torch.float64
        )
        * offset_scale
    )
    mask = torch.rand(
        n, deform_groups * k * k, oh, ow, generator=g, dtype=torch.float64
    )
    bias = torch.randn(out_c, generator=g, dtype=torch.float64)
    return x, weight, offset, mask, bias


CONV_SETTINGS = [
    dict(stride=1, padding=1, dilation=1, groups=1, deform_groups=1),
    dict(stride=2, padding=0, dilation=1, groups=2, deform_groups=1),
    dict(stride=1, padding=2, dilation=2, groups=1, deform_groups=2),
    dict(stride=2, padding=1, dilation=1, groups=2, deform_groups=2),
]


@pytest.mark.parametrize("setting", CONV_SETTINGS)
def test_zero_offsets_are_a_plain_convolution(setting):
    conv_args = {k: setting[k] for k in ("stride", "padding", "dilation", "groups")}
    x, weight, offset, mask, bias = make(0, **setting)
    expected = F.conv2d(x, weight, None, **conv_args)
    got = ops.deform_conv2d(
        x, offset, weight, deform_groups=setting["deform_groups"], **conv_args
    )
    torch.testing.assert_close(got, expected, rtol=1e-12, atol=1e-12)
    ones = torch.ones_like(mask)
    got = ops.modulated_deform_conv2d(
        x,
        offset,
        ones,
        weight,
        bias,
        deform_groups=setting["deform_groups"],
        **conv_args,
    )
    torch.testing.assert_close(
        got, F.conv2d(x, weight, bias, **conv_args), rtol=1e-12, atol=1e-12
    )


def test_a_constant_integer_offset_shifts_the_input():
    x, weight, offset, _, _ = make(1)
    offset = offset.view(2, 9, 2, 6, 7)
    offset[:, :, 0] = 1.0  # dy
    offset[:, :, 1] = -2.0  # dx
    # With padding 1, output (i, j) tap (ki, kj) reads x[i + ki, j + kj - 3]:
    # a valid convolution of `shifted`, where shifted[a, b] = x[a, b - 3].
    shifted = torch.zeros(2, 4, 8, 9, dtype=x.dtype)
    shifted[:, :, :6, 3:] = x[:, :, :, :6]
    got = ops.deform_conv2d(x, offset.view(2, 18, 6, 7), weight, padding=1)
    torch.testing.assert_close(got, F.conv2d(shifted, weight), rtol=1e-12, atol=1e-12)


def zero_padded_bilinear(plane: torch.Tensor, y: float, x: float) -> float:
    height, width = plane.shape
    if not (-1 < y < height and -1 < x < width):
        return 0.0
    y0, x0 = math.floor(y), math.floor(x)
    total = 0.0
    for yy, wy in ((y0, 1 - (y - y0)), (y0 + 1, y - y0)):
        for xx, wx in ((x0, 1 - (x - x0)), (x0 + 1, x - x0)):
            if 0 <= yy < height and 0 <= xx < width:
                total += wy * wx * plane[yy, xx].item()
    return total


def reference_deform_conv(
    x, offset, mask, weight, bias, stride, padding, dilation, groups, deform_groups
):
    n, c, _, _ = x.shape
    out_c, c_per_group, kh, kw = weight.shape
    oh, ow = offset.shape[2:]
    out = torch.zeros(n, out_c, oh, ow, dtype=x.dtype)
    for b in range(n):
        for o in range(out_c):
            group = o // (out_c // groups)
            for i in range(oh):
                for j in range(ow):
                    total = 0.0 if bias is None else bias[o].item()
                    for ci in range(c_per_group):
                        channel = group * c_per_group + ci
                        dg = channel // (c // deform_groups)
                        for ki in range(kh):
                            for kj in range(kw):
                                tap = ki * kw + kj
                                dy = offset[b, dg * 2 * kh * kw + 2 * tap, i, j].item()
                                dx = offset[
                                    b, dg * 2 * kh * kw + 2 * tap + 1, i, j
                                ].item()
                                y = i * stride - padding + ki * dilation + dy
                                xx = j * stride - padding + kj * dilation + dx
                                value = zero_padded_bilinear(x[b, channel], y, xx)
                                if mask is not None:
                                    value *= mask[b, dg * kh * kw + tap, i, j].item()
                                total += weight[o, ci, ki, kj].item() * value
                    out[b, o, i, j] = total
    return out


@pytest.mark.parametrize("setting", CONV_SETTINGS[1:3])
def test_fractional_and_out_of_range_offsets_match_a_plain_loop(setting):
    # Offsets of a few pixels push many samples partly or fully off the map.
    x, weight, offset, mask, bias = make(
        2, n=1, c=4, h=5, w=5, out_c=2, offset_scale=2.5, **setting
    )
    args = {
        k: setting[k]
        for k in ("stride", "padding", "dilation", "groups", "deform_groups")
    }
    got = ops.deform_conv2d(x, offset, weight, **args)
    torch.testing.assert_close(
        got,
        reference_deform_conv(x, offset, None, weight, None, **args),
        rtol=1e-10,
        atol=1e-10,
    )
    got = ops.modulated_deform_conv2d(x, offset, mask, weight, bias, **args)
    torch.testing.assert_close(
        got,
        reference_deform_conv(x, offset, mask, weight, bias, **args),
        rtol=1e-10,
        atol=1e-10,
    )


def test_deform_conv_gradients_pass_gradcheck():
    x, weight, offset, mask, bias = make(
        3, n=1, c=2, h=4, w=4, out_c=2, k=2, padding=0, offset_scale=0.7
    )
    inputs = tuple(t.requires_grad_(True) for t in (x, offset, weight))
    assert torch.autograd.gradcheck(lambda a, o, w: ops.deform_conv2d(a, o, w), inputs)
    inputs = tuple(t.requires_grad_(True) for t in (x, offset, mask, weight, bias))
    assert torch.autograd.gradcheck(
        lambda a, o, m, w, b: ops.modulated_deform_conv2d(a, o, m, w, b), inputs
    )


def test_input_takes_the_offset_dtype_as_mmcv_does_for_amp():
    x, weight, offset, _, _ = make(4)
    out = ops.deform_conv2d(x, offset.float(), weight, padding=1)
    assert out.dtype == torch.float32


def test_deform_conv2d_rejects_bias_and_tiny_inputs():
    x, weight, offset, _, _ = make(5)
    with pytest.raises(ValueError, match="bias=False"):
        ops.deform_conv2d(x, offset, weight, 1, 1, bias=True)
    with pytest.raises(ValueError, match="convolution input is too small"):
        ops.deform_conv2d(x[:, :, :1, :1], offset, weight)


def test_pack_modules_start_as_plain_convolutions():
    torch.manual_seed(0)
    x = torch.randn(2, 4, 6, 7)
    dcn = ops.DeformConv2dPack(4, 6, 3, padding=1, groups=2)
    torch.testing.assert_close(
        dcn(x), F.conv2d(x, dcn.weight, padding=1, groups=2), rtol=1e-5, atol=1e-5
    )
    dcn2 = ops.ModulatedDeformConv2dPack(4, 6, 3, stride=2, padding=1, deform_groups=2)
    nn.init.normal_(dcn2.bias)
    # Zero-initialised predictions: offsets 0 and masks sigmoid(0) = 0.5.
    expected = 0.5 * F.conv2d(x, dcn2.weight, stride=2, padding=1) + dcn2.bias.view(
        1, -1, 1, 1
    )
    torch.testing.assert_close(dcn2(x), expected, rtol=1e-5, atol=1e-5)
    assert dcn2.conv_offset.out_channels == 2 * 3 * 9


def test_modulated_init_is_uniform_with_mmcv_fan():
    torch.manual_seed(0)
    layer = ops.ModulatedDeformConv2d(8, 4, 3, groups=2)
    assert layer.weight.shape == (4, 4, 3, 3)
    assert layer.weight.abs().max() <= 1 / math.sqrt(8 * 9)
    assert layer.bias.abs().sum() == 0
    assert ops.ModulatedDeformConv2d(8, 4, 3, bias=False).bias is None


def test_deform_conv_module_pads_inputs_smaller_than_its_kernel():
    # MMCV zero-pads the input (and offset) up to the kernel size, then crops.
    torch.manual_seed(0)
    layer = ops.DeformConv2d(3, 4, 3, padding=1)
    x = torch.randn(1, 3, 2, 5)
    out = layer(x, torch.zeros(1, 18, 2, 5))
    assert out.shape == (1, 4, 2, 5)
    torch.testing.assert_close(
        out, F.conv2d(x, layer.weight, padding=1), rtol=1e-5, atol=1e-5
    )


def test_deformable_groups_is_the_deprecated_name_of_deform_groups():
    with pytest.warns(DeprecationWarning, match="deformable_groups"):
        layer = ops.DeformConv2dPack(4, 4, 3, padding=1, deformable_groups=2)
    assert layer.deform_groups == 2 and layer.conv_offset.out_channels == 36
    with pytest.raises(ValueError, match="bias=True is not supported"):
        ops.DeformConv2d(4, 4, 3, bias=True)
