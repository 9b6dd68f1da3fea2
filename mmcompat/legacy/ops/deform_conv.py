"""Deformable convolution v1 and v2 with MMCV 1.x's conventions, in pure torch.

MMCV conventions matched here:

- ``offset`` is ``(N, deform_groups * 2 * kh * kw, H_out, W_out)``; for each
  deform group and kernel tap ``k = i * kw + j`` it holds ``(dy, dx)`` at
  channels ``2k`` and ``2k + 1`` (y first);
- ``mask`` (v2 only) is ``(N, deform_groups * kh * kw, H_out, W_out)``;
- a tap samples the input bilinearly at
  ``(y_out * stride - pad + i * dilation + dy, x_out * stride - pad + j * dilation + dx)``;
  a sample with ``y <= -1``, ``y >= H``, ``x <= -1`` or ``x >= W`` is 0, and
  neighbours outside the map count as 0 (zero padding);
- the input (and weight) are cast to the offset's dtype, as MMCV does for AMP.

Gradients flow to the input, the offsets, the mask, the weight and the bias.
``im2col_step`` is accepted for signature compatibility; it only chunks MMCV's
own buffer.
"""

from __future__ import annotations

import math
import warnings
from typing import Any, Optional, Union

import torch
import torch.nn.functional as F
from torch import Tensor, nn
from torch.nn.modules.utils import _pair, _single

IntPair = Union[int, tuple[int, int]]


def _output_size(
    input: Tensor, weight: Tensor, stride: tuple, padding: tuple, dilation: tuple
) -> tuple[int, int]:
    sizes = []
    for d in range(2):
        kernel = dilation[d] * (weight.size(d + 2) - 1) + 1
        sizes.append((input.size(d + 2) + 2 * padding[d] - kernel) // stride[d] + 1)
    if min(sizes) <= 0:
        shape = "x".join(map(str, (input.size(0), weight.size(0), *sizes)))
        raise ValueError(f"convolution input is too small (output would be {shape})")
    return sizes[0], sizes[1]


def _sample_zero_padded(
    values: Tensor, y: Tensor, x: Tensor, height: int, width: int
) -> Tensor:
    """Bilinear samples of ``values`` (N, G, C, H*W) at ``y``, ``x`` (N, G, L).

    Returns (N, G, C, L); MMCV's deformable im2col rules (see module doc).
    """
    inside_map = (y > -1) & (y < height) & (x > -1) & (x < width)
    y0, x0 = y.floor(), x.floor()
    ly, lx = y - y0, x - x0
    hy, hx = 1 - ly, 1 - lx
    y0, x0 = y0.long(), x0.long()
    n, groups, channels, _ = values.shape
    result = None
    for dy, dx, w in (
        (0, 0, hy * hx),
        (0, 1, hy * lx),
        (1, 0, ly * hx),
        (1, 1, ly * lx),
    ):
        yc, xc = y0 + dy, x0 + dx
        present = (
            inside_map & (yc >= 0) & (yc <= height - 1) & (xc >= 0) & (xc <= width - 1)
        )
        index = yc.clamp(0, height - 1) * width + xc.clamp(0, width - 1)
        index = index[:, :, None, :].expand(n, groups, channels, index.size(-1))
        term = (w * present)[:, :, None, :] * torch.gather(values, 3, index)
        result = term if result is None else result + term
    return result


def _deform_conv(
    input: Tensor,
    offset: Tensor,
    mask: Optional[Tensor],
    weight: Tensor,
    bias: Optional[Tensor],
    stride: IntPair,
    padding: IntPair,
    dilation: IntPair,
    groups: int,
    deform_groups: int,
) -> Tensor:
    if input.dim() != 4:
        raise ValueError(
            f"Expected 4D tensor as input, got {input.dim()}D tensor instead."
        )
    stride, padding, dilation = _pair(stride), _pair(padding), _pair(dilation)
    input = input.type_as(offset)
    weight = weight.type_as(input)
    n, channels, height, width = input.shape
    out_channels, _, kh, kw = weight.shape
    out_h, out_w = _output_size(input, weight, stride, padding, dilation)
    taps = kh * kw
    device, dtype = input.device, input.dtype

    offset = offset.reshape(n, deform_groups, taps, 2, out_h, out_w)
    tap_y = (torch.arange(kh, device=device) * dilation[0]).repeat_interleave(kw)
    tap_x = (torch.arange(kw, device=device) * dilation[1]).repeat(kh)
    out_y = torch.arange(out_h, device=device) * stride[0] - padding[0]
    out_x = torch.arange(out_w, device=device) * stride[1] - padding[1]
    y = (out_y[None, :, None] + tap_y[:, None, None]).to(dtype) + offset[:, :, :, 0]
    x = (out_x[None, None, :] + tap_x[:, None, None]).to(dtype) + offset[:, :, :, 1]

    values = input.reshape(n, deform_groups, channels // deform_groups, height * width)
    columns = _sample_zero_padded(values, y.flatten(2), x.flatten(2), height, width)
    columns = columns.view(
        n, deform_groups, channels // deform_groups, taps, out_h * out_w
    )
    if mask is not None:
        mask = mask.type_as(input).reshape(n, deform_groups, 1, taps, out_h * out_w)
        columns = columns * mask
    # Column rows are (input channel, tap), matching weight.view(out, in/g * taps).
    columns = columns.reshape(n, groups, channels // groups * taps, out_h * out_w)
    kernels = weight.reshape(groups, out_channels // groups, channels // groups * taps)
    out = torch.einsum("gok,ngkl->ngol", kernels, columns).reshape(
        n, out_channels, out_h, out_w
    )
    if bias is not None:
        out = out + bias.type_as(input).view(1, -1, 1, 1)
    return out


def deform_conv2d(
    input: Tensor,
    offset: Tensor,
    weight: Tensor,
    stride: IntPair = 1,
    padding: IntPair = 0,
    dilation: IntPair = 1,
    groups: int = 1,
    deform_groups: int = 1,
    bias: bool = False,
    im2col_step: int = 32,
) -> Tensor:
    """MMCV's ``deform_conv2d`` (DCN v1); ``bias`` must be False, as in MMCV."""
    if bias is not False:
        raise ValueError("deform_conv2d: only bias=False is supported (as in MMCV)")
    return _deform_conv(
        input,
        offset,
        None,
        weight,
        None,
        stride,
        padding,
        dilation,
        groups,
        deform_groups,
    )


def modulated_deform_conv2d(
    input: Tensor,
    offset: Tensor,
    mask: Tensor,
    weight: Tensor,
    bias: Optional[Tensor] = None,
    stride: IntPair = 1,
    padding: IntPair = 0,
    dilation: IntPair = 1,
    groups: int = 1,
    deform_groups: int = 1,
) -> Tensor:
    """MMCV's ``modulated_deform_conv2d`` (DCN v2)."""
    return _deform_conv(
        input,
        offset,
        mask,
        weight,
        bias,
        stride,
        padding,
        dilation,
        groups,
        deform_groups,
    )


def _renamed_deformable_groups(kwargs: dict[str, Any], cls_name: str) -> None:
    # MMCV 1.x: deprecated_api_warning({'deformable_groups': 'deform_groups'}).
    if "deformable_groups" in kwargs:
        warnings.warn(
            f'"deformable_groups" is deprecated in `{cls_name}`, please use '
            f'"deform_groups" instead',
            DeprecationWarning,
        )
        kwargs["deform_groups"] = kwargs.pop("deformable_groups")


class DeformConv2d(nn.Module):
    """MMCV's ``DeformConv2d``: ``forward(x, offset)``, no bias."""

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size: IntPair,
        stride: IntPair = 1,
        padding: IntPair = 0,
        dilation: IntPair = 1,
        groups: int = 1,
        deform_groups: int = 1,
        bias: bool = False,
        im2col_step: int = 32,
        **kwargs: Any,
    ) -> None:
        _renamed_deformable_groups(kwargs, type(self).__name__)
        deform_groups = kwargs.pop("deform_groups", deform_groups)
        if kwargs:
            raise TypeError(
                f"{type(self).__name__} got unexpected arguments {sorted(kwargs)}"
            )
        super().__init__()
        if bias:
            raise ValueError(f"bias={bias} is not supported in DeformConv2d.")
        if in_channels % groups or out_channels % groups:
            raise ValueError(
                f"in_channels {in_channels} and out_channels {out_channels} must "
                f"be divisible by groups {groups}"
            )
        self.in_channels = in_channels
        self.out_channels = out_channels
        self.kernel_size = _pair(kernel_size)
        self.stride = _pair(stride)
        self.padding = _pair(padding)
        self.dilation = _pair(dilation)
        self.groups = groups
        self.deform_groups = deform_groups
        self.im2col_step = im2col_step
        # nn.Conv2d-like attributes that MMCV's code and users read
        self.transposed = False
        self.output_padding = _single(0)
        self.weight = nn.Parameter(
            torch.empty(out_channels, in_channels // groups, *self.kernel_size)
        )
        self.reset_parameters()

    def reset_parameters(self) -> None:
        nn.init.kaiming_uniform_(self.weight, nonlinearity="relu")

    def forward(self, x: Tensor, offset: Tensor) -> Tensor:
        # MMCV zero-pads an input smaller than the kernel, then crops back.
        pad_h = max(self.kernel_size[0] - x.size(2), 0)
        pad_w = max(self.kernel_size[1] - x.size(3), 0)
        if pad_h or pad_w:
            x = F.pad(x, (0, pad_w, 0, pad_h), "constant", 0)
            offset = F.pad(offset, (0, pad_w, 0, pad_h), "constant", 0)
        out = deform_conv2d(
            x,
            offset,
            self.weight,
            self.stride,
            self.padding,
            self.dilation,
            self.groups,
            self.deform_groups,
            False,
            self.im2col_step,
        )
        if pad_h or pad_w:
            out = out[:, :, : out.size(2) - pad_h, : out.size(3) - pad_w].contiguous()
        return out

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(in_channels={self.in_channels},\n"
            f"out_channels={self.out_channels},\nkernel_size={self.kernel_size},\n"
            f"stride={self.stride},\npadding={self.padding},\n"
            f"dilation={self.dilation},\ngroups={self.groups},\n"
            f"deform_groups={self.deform_groups},\nbias=False)"
        )


def _offset_conv(layer: Any, values_per_point: int) -> nn.Conv2d:
    """The convolution a ``*Pack`` layer predicts its offsets (and mask) with:
    the layer's own geometry, ``values_per_point`` channels per kernel point
    and deformable group (2 for dx/dy, 3 with the mask)."""
    kh, kw = layer.kernel_size
    return nn.Conv2d(
        layer.in_channels,
        layer.deform_groups * values_per_point * kh * kw,
        kernel_size=layer.kernel_size,
        stride=layer.stride,
        padding=layer.padding,
        dilation=layer.dilation,
        bias=True,
    )


class DeformConv2dPack(DeformConv2d):
    """``DeformConv2d`` that predicts its own offsets with ``conv_offset``
    (zero-initialised, so it starts as a plain convolution); MMCV registers it
    as the ``'DCN'`` conv layer.

    ``_version = 2`` is written into checkpoints' metadata as MMCV does.
    MMCV's renaming of pre-version-2 keys (``<name>_offset.*``) is left out:
    PyTorch >= 2.0 hands each module only its own prefix's keys, so that
    renaming no longer takes effect in MMCV either.
    """

    _version = 2

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.conv_offset = _offset_conv(self, values_per_point=2)
        self.init_offset()

    def init_offset(self) -> None:
        self.conv_offset.weight.data.zero_()
        self.conv_offset.bias.data.zero_()

    def forward(self, x: Tensor) -> Tensor:  # type: ignore[override]
        offset = self.conv_offset(x)
        return deform_conv2d(
            x,
            offset,
            self.weight,
            self.stride,
            self.padding,
            self.dilation,
            self.groups,
            self.deform_groups,
            False,
            self.im2col_step,
        )


class ModulatedDeformConv2d(nn.Module):
    """MMCV's ``ModulatedDeformConv2d``: ``forward(x, offset, mask)``."""

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size: IntPair,
        stride: IntPair = 1,
        padding: IntPair = 0,
        dilation: IntPair = 1,
        groups: int = 1,
        deform_groups: int = 1,
        bias: Union[bool, str] = True,
        **kwargs: Any,
    ) -> None:
        _renamed_deformable_groups(kwargs, type(self).__name__)
        deform_groups = kwargs.pop("deform_groups", deform_groups)
        if kwargs:
            raise TypeError(
                f"{type(self).__name__} got unexpected arguments {sorted(kwargs)}"
            )
        super().__init__()
        self.in_channels = in_channels
        self.out_channels = out_channels
        self.kernel_size = _pair(kernel_size)
        self.stride = _pair(stride)
        self.padding = _pair(padding)
        self.dilation = _pair(dilation)
        self.groups = groups
        self.deform_groups = deform_groups
        self.transposed = False
        self.output_padding = _single(0)
        self.weight = nn.Parameter(
            torch.empty(out_channels, in_channels // groups, *self.kernel_size)
        )
        if bias:
            self.bias = nn.Parameter(torch.empty(out_channels))
        else:
            self.register_parameter("bias", None)
        self.init_weights()

    def init_weights(self) -> None:
        # MMCV: uniform(-1/sqrt(fan), 1/sqrt(fan)) with fan = in_channels * kh * kw.
        stdv = 1.0 / math.sqrt(
            self.in_channels * self.kernel_size[0] * self.kernel_size[1]
        )
        self.weight.data.uniform_(-stdv, stdv)
        if self.bias is not None:
            self.bias.data.zero_()

    def forward(self, x: Tensor, offset: Tensor, mask: Tensor) -> Tensor:
        return modulated_deform_conv2d(
            x,
            offset,
            mask,
            self.weight,
            self.bias,
            self.stride,
            self.padding,
            self.dilation,
            self.groups,
            self.deform_groups,
        )


class ModulatedDeformConv2dPack(ModulatedDeformConv2d):
    """``ModulatedDeformConv2d`` predicting offsets and mask with
    ``conv_offset`` (zero-initialised); MMCV registers it as ``'DCNv2'``.

    The prediction's channels are split in three: the first two thirds are
    the offsets, the last third passes through a sigmoid as the mask.
    """

    _version = 2

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.conv_offset = _offset_conv(self, values_per_point=3)
        self.init_weights()

    def init_weights(self) -> None:
        super().init_weights()
        if hasattr(self, "conv_offset"):
            self.conv_offset.weight.data.zero_()
            self.conv_offset.bias.data.zero_()

    def forward(self, x: Tensor) -> Tensor:  # type: ignore[override]
        out = self.conv_offset(x)
        o1, o2, mask = torch.chunk(out, 3, dim=1)
        offset = torch.cat((o1, o2), dim=1)
        return modulated_deform_conv2d(
            x,
            offset,
            torch.sigmoid(mask),
            self.weight,
            self.bias,
            self.stride,
            self.padding,
            self.dilation,
            self.groups,
            self.deform_groups,
        )
