"""RoIAlign and RoIPool with MMCV 1.x's conventions, in pure torch.

A RoI is a row ``(batch_index, x1, y1, x2, y2)`` in image coordinates;
``spatial_scale`` maps it onto the feature map.  The outputs are
``(num_rois, C, out_h, out_w)``.  As in MMCV, gradients flow to the features
only, never to the RoIs.

RoIAlign (MMCV's CPU kernel, which is detectron2's):

- ``aligned=True`` shifts the scaled RoI by -0.5 pixel (pixel centres at
  ``i + 0.5``); ``aligned=False`` is the legacy mode, where RoIs smaller than
  one pixel are widened to 1;
- each output bin averages (``pool_mode='avg'``) or maxes (``'max'``) a grid of
  ``sampling_ratio x sampling_ratio`` bilinear samples; ``sampling_ratio=0``
  means adaptive: ``ceil(roi_size / output_size)`` per axis and per RoI;
- a sample more than one pixel outside the map is 0; a sample within one
  pixel is clamped onto the border.

Average pooling repeats the operations of MMCV's CPU kernel in its order
(forward and backward), so it gives the same floats; max pooling is computed
from the gathered samples, in chunks of RoIs.

RoIPool (MMCV's kernel): the RoI's far edges are ``(x2 + 1, y2 + 1)`` (the
"+1" pixel convention of MMCV 1.x), bins are floor/ceil-rounded and clipped
to the map, an empty bin gives 0, an empty RoI gives zeros.
"""

from __future__ import annotations

import warnings
from typing import NamedTuple, Optional, Union

import torch
from torch import Tensor, nn
from torch.nn.modules.utils import _pair

from .backend import torchvision_ops

_CHUNK_ELEMENTS = 1 << 22  # intermediate elements per chunk of RoIs: bounds memory

IntPair = Union[int, tuple[int, int]]


class _AxisSamples(NamedTuple):
    """Bilinear neighbours along one axis, ``(R, bins, max_grid)`` each.

    The weights are 0 for samples more than one pixel outside the map (MMCV
    samples them as 0) and for grid slots past a RoI's own sample count.
    """

    low: Tensor
    high: Tensor
    w_low: Tensor
    w_high: Tensor
    in_grid: Tensor  # (R, 1, max_grid): the slot is one of the RoI's samples


def _axis_samples(
    start: Tensor, bin_size: Tensor, grid: Tensor, bins: int, size: int
) -> _AxisSamples:
    """Sample ``iy`` of bin ``p`` sits at ``start + p * bin + (iy + .5) * bin / grid``
    (``grid``: each RoI's sample count), then follows MMCV's border rules."""
    max_grid = int(grid.max())
    bin_index = torch.arange(bins, dtype=start.dtype, device=start.device)
    grid_index = torch.arange(max_grid, dtype=start.dtype, device=start.device)
    count = grid.to(start.dtype)[:, None, None]
    in_grid = grid_index[None, None, :] < count
    start, bin_size = start[:, None, None], bin_size[:, None, None]
    coord = (
        start
        + bin_index[None, :, None] * bin_size
        + (grid_index[None, None, :] + 0.5) * bin_size / count
    )
    coord = torch.where(in_grid, coord, 0.0)
    used = in_grid & (coord >= -1.0) & (coord <= size)
    coord = coord.clamp(min=0)
    low = coord.floor().long()
    at_border = low >= size - 1
    low = torch.where(at_border, size - 1, low)
    high = torch.where(at_border, low, low + 1)
    coord = torch.where(at_border, low.to(coord), coord)
    frac = coord - low
    return _AxisSamples(low, high, (1.0 - frac) * used, frac * used, in_grid)


def _corners(y: _AxisSamples, x: _AxisSamples, iy: int, ix: int) -> list:
    """The four bilinear corners of grid sample ``(iy, ix)`` of every bin,
    ``[(y index, x index, weight)]`` each ``(R, out_h, out_w)``, in the
    order MMCV's kernel adds them; weights as it computes them
    (``w1 = hy * hx``...), zero outside the map and past a RoI's grid."""
    inside = (y.in_grid[:, :, iy][:, :, None] & x.in_grid[:, :, ix][:, None, :]).to(
        y.w_low
    )
    corners = []
    for y_pos, wy in ((y.low, y.w_low), (y.high, y.w_high)):
        for x_pos, wx in ((x.low, x.w_low), (x.high, x.w_high)):
            weight = wy[:, :, iy][:, :, None] * wx[:, :, ix][:, None, :] * inside
            corners.append((y_pos[:, :, iy], x_pos[:, :, ix], weight))
    return corners


def _flat_index(batch: Tensor, y_pos: Tensor, x_pos: Tensor, height: int, width: int):
    """Row of ``(N * H * W, C)`` features for each bin's corner."""
    return (batch[:, None, None] * height + y_pos[:, :, None]) * width + x_pos[
        :, None, :
    ]


class _AverageRoIAlign(torch.autograd.Function):
    """Average-pooled RoIAlign computed in the order of MMCV's CPU kernel:
    each bin sums its grid samples one after another (``iy`` outer, ``ix``
    inner; a sample is ``w1 * v1 + w2 * v2 + w3 * v3 + w4 * v4``) and
    divides by the sample count; the backward pass adds ``grad * w /
    count`` to the four corners RoI by RoI, bin by bin, sample by sample,
    as MMCV's does. Same operations in the same order: the same floats."""

    @staticmethod
    def forward(ctx, features, batch, y, x, grid_h, grid_w):
        n, channels, height, width = features.shape
        flat = features.permute(0, 2, 3, 1).reshape(n * height * width, channels)
        rois, out_h, out_w = len(batch), y.low.size(1), x.low.size(1)
        total = features.new_zeros(rois, out_h, out_w, channels)
        for iy in range(y.low.size(2)):
            for ix in range(x.low.size(2)):
                sample = None
                for y_pos, x_pos, weight in _corners(y, x, iy, ix):
                    rows = _flat_index(batch, y_pos, x_pos, height, width)
                    term = weight[..., None] * flat[rows]
                    sample = term if sample is None else sample + term
                total += sample
        count = (grid_h * grid_w).clamp(min=1).to(total)[:, None, None, None]
        ctx.save_for_backward(batch, grid_h, grid_w, *y, *x)
        ctx.shape = features.shape
        return (total / count).permute(0, 3, 1, 2).contiguous()

    @staticmethod
    def backward(ctx, grad_output):
        batch, grid_h, grid_w, *axes = ctx.saved_tensors
        y, x = _AxisSamples(*axes[:5]), _AxisSamples(*axes[5:])
        n, channels, height, width = ctx.shape
        grad = grad_output.permute(0, 2, 3, 1)  # (R, out_h, out_w, C)
        count = (grid_h * grid_w).to(grad)[:, None, None, None]
        flat_grad = grad.new_zeros(n * height * width, channels)
        gy, gx = y.low.size(2), x.low.size(2)
        per_roi = grad[0].numel() * gy * gx * 4
        for index in torch.arange(len(batch), device=batch.device).split(
            max(1, _CHUNK_ELEMENTS // max(per_roi, 1))
        ):
            part_y = _AxisSamples(*(t[index] for t in y))
            part_x = _AxisSamples(*(t[index] for t in x))
            rows, values = [], []
            for iy in range(gy):
                for ix in range(gx):
                    for y_pos, x_pos, weight in _corners(part_y, part_x, iy, ix):
                        rows.append(
                            _flat_index(batch[index], y_pos, x_pos, height, width)
                        )
                        values.append(grad[index] * weight[..., None] / count[index])
            # MMCV adds in the order (RoI, bin, iy, ix, corner)
            rows_t = torch.stack(rows, dim=3).reshape(-1)
            values_t = torch.stack(values, dim=3).reshape(-1, channels)
            flat_grad.index_add_(0, rows_t, values_t)
        grad_features = flat_grad.view(n, height, width, channels).permute(0, 3, 1, 2)
        return grad_features.contiguous(), None, None, None, None, None


def _grid_samples(
    flat: Tensor,
    image: Tensor,
    y: _AxisSamples,
    x: _AxisSamples,
    height: int,
    width: int,
) -> Tensor:
    """Bilinear samples ``(R, out_h, out_w, grid_h, grid_w, C)`` from the
    features ``flat`` ``(N * H * W, C)``."""

    # Broadcast y parts and x parts to (R, out_h, out_w, grid_h, grid_w).
    def ys(t: Tensor) -> Tensor:
        return t[:, :, None, :, None]

    def xs(t: Tensor) -> Tensor:
        return t[:, None, :, None, :]

    def term(y_pos: Tensor, wy: Tensor, x_pos: Tensor, wx: Tensor) -> Tensor:
        rows = (image[:, None, None, None, None] * height + ys(y_pos)) * width + xs(
            x_pos
        )
        values = flat[rows.reshape(-1)].view(*rows.shape, flat.size(1))
        return (ys(wy) * xs(wx))[..., None] * values

    samples = (
        term(y.low, y.w_low, x.low, x.w_low)
        + term(y.low, y.w_low, x.high, x.w_high)
        + term(y.high, y.w_high, x.low, x.w_low)
        + term(y.high, y.w_high, x.high, x.w_high)
    )
    in_grid = (ys(y.in_grid) & xs(x.in_grid))[..., None]
    return torch.where(in_grid, samples, float("-inf"))


def _max_pool(
    features: Tensor, batch: Tensor, y: _AxisSamples, x: _AxisSamples
) -> tuple[list[Tensor], list[Tensor]]:
    """Max-pooled bins, in chunks of RoIs: (pieces, RoI indices)."""
    n, channels, height, width = features.shape
    flat = features.permute(0, 2, 3, 1).reshape(n * height * width, channels)
    per_roi = y.low[0].numel() * x.low[0].numel() * channels
    pieces, order = [], []
    for index in torch.arange(len(batch), device=batch.device).split(
        max(1, _CHUNK_ELEMENTS // per_roi)
    ):
        samples = _grid_samples(
            flat,
            batch[index],
            _AxisSamples(*(t[index] for t in y)),
            _AxisSamples(*(t[index] for t in x)),
            height,
            width,
        )
        # MMCV starts its running maximum at -10000 (an empty grid gives it).
        pooled = samples.flatten(3, 4).max(dim=3)[0].clamp(min=-10000.0)
        pieces.append(pooled.permute(0, 3, 1, 2))
        order.append(index)
    return pieces, order


def _roi_geometry(
    rois: Tensor, out_size: tuple[int, int], spatial_scale: float, aligned: bool
) -> tuple[Tensor, Tensor, Tensor, Tensor]:
    """Scaled RoI starts and bin sizes: ``(start_x, start_y, bin_w, bin_h)``."""
    shift = 0.5 if aligned else 0.0
    start_x = rois[:, 1] * spatial_scale - shift
    start_y = rois[:, 2] * spatial_scale - shift
    roi_w = (rois[:, 3] * spatial_scale - shift) - start_x
    roi_h = (rois[:, 4] * spatial_scale - shift) - start_y
    if aligned:
        if bool(((roi_w < 0) | (roi_h < 0)).any()):
            raise ValueError(
                "roi_align: RoIs must have x2 >= x1 and y2 >= y1 when aligned=True"
            )
    else:  # MMCV's legacy mode widens RoIs to at least one pixel
        roi_w, roi_h = roi_w.clamp(min=1.0), roi_h.clamp(min=1.0)
    return start_x, start_y, roi_w / out_size[1], roi_h / out_size[0]


def roi_align(
    input: Tensor,
    rois: Tensor,
    output_size: IntPair,
    spatial_scale: float = 1.0,
    sampling_ratio: int = 0,
    pool_mode: str = "avg",
    aligned: bool = True,
) -> Tensor:
    """MMCV's ``roi_align(input, rois, output_size, spatial_scale,
    sampling_ratio, pool_mode, aligned)``."""
    if pool_mode not in ("avg", "max"):
        raise ValueError(
            f"roi_align pool_mode must be 'avg' or 'max', got {pool_mode!r}"
        )
    if rois.dim() != 2 or rois.size(1) != 5:
        raise ValueError(
            f"roi_align: RoIs must be (N, 5) (idx, x1, y1, x2, y2), got {tuple(rois.shape)}"
        )
    out_size = _pair(output_size)
    rois = rois.detach().to(input.dtype)
    tv_ops = torchvision_ops()
    if tv_ops is not None and pool_mode == "avg":
        return tv_ops.roi_align(
            input, rois, out_size, spatial_scale, sampling_ratio, aligned
        )
    if rois.size(0) == 0:
        return input.new_zeros((0, input.size(1), *out_size))

    height, width = input.shape[2:]
    start_x, start_y, bin_w, bin_h = _roi_geometry(
        rois, out_size, spatial_scale, aligned
    )
    if sampling_ratio > 0:
        grid_h = grid_w = torch.full_like(bin_h, sampling_ratio, dtype=torch.long)
    else:  # adaptive: ceil(roi size / output size) samples per bin and axis
        grid_h, grid_w = bin_h.ceil().long(), bin_w.ceil().long()
    y = _axis_samples(start_y, bin_h, grid_h, out_size[0], height)
    x = _axis_samples(start_x, bin_w, grid_w, out_size[1], width)
    batch = rois[:, 0].long()
    if pool_mode == "avg":
        return _AverageRoIAlign.apply(input, batch, y, x, grid_h, grid_w)
    pieces, order = _max_pool(input, batch, y, x)
    return torch.cat(pieces)[torch.cat(order).argsort()]


class RoIAlign(nn.Module):
    """MMCV's ``RoIAlign`` module (``out_size``/``sample_num`` are the old
    names of ``output_size``/``sampling_ratio``).

    ``use_torchvision=True`` is accepted: torchvision's ``roi_align`` computes
    the same average-pooled values, which this module computes itself.
    """

    def __init__(
        self,
        output_size: Optional[IntPair] = None,
        spatial_scale: float = 1.0,
        sampling_ratio: int = 0,
        pool_mode: str = "avg",
        aligned: bool = True,
        use_torchvision: bool = False,
        **deprecated: object,
    ) -> None:
        super().__init__()
        for old, new in (("out_size", "output_size"), ("sample_num", "sampling_ratio")):
            if old in deprecated:
                warnings.warn(
                    f'"{old}" is deprecated in `RoIAlign`, please use "{new}" instead',
                    DeprecationWarning,
                )
        output_size = deprecated.pop("out_size", output_size)
        sampling_ratio = deprecated.pop("sample_num", sampling_ratio)
        if deprecated:
            raise TypeError(
                f"RoIAlign got unexpected keyword arguments {sorted(deprecated)}"
            )
        if output_size is None:
            raise TypeError("RoIAlign missing required argument 'output_size'")
        self.output_size = _pair(output_size)
        self.spatial_scale = float(spatial_scale)
        self.sampling_ratio = int(sampling_ratio)
        self.pool_mode = pool_mode
        self.aligned = aligned
        self.use_torchvision = use_torchvision

    def forward(self, input: Tensor, rois: Tensor) -> Tensor:
        return roi_align(
            input,
            rois,
            self.output_size,
            self.spatial_scale,
            self.sampling_ratio,
            self.pool_mode,
            self.aligned,
        )

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(output_size={self.output_size}, "
            f"spatial_scale={self.spatial_scale}, "
            f"sampling_ratio={self.sampling_ratio}, pool_mode={self.pool_mode}, "
            f"aligned={self.aligned}, use_torchvision={self.use_torchvision})"
        )


def _pool_bins(
    start: Tensor, bin_size: Tensor, bins: int, size: int
) -> list[tuple[int, int]]:
    """Integer bin edges ``[lo, hi)`` along one axis, clipped to ``[0, size]``."""
    index = torch.arange(bins, dtype=start.dtype, device=start.device)
    lo = (index * bin_size + start).floor().long().clamp(0, size)
    hi = ((index + 1) * bin_size + start).ceil().long().clamp(0, size)
    return list(zip(lo.tolist(), hi.tolist()))


def _pool_one_roi(
    feature: Tensor, roi: Tensor, out_size: tuple[int, int], scale: float
) -> Tensor:
    channels, height, width = feature.shape
    out_h, out_w = out_size
    x1, y1 = roi[1] * scale, roi[2] * scale
    roi_w, roi_h = (roi[3] + 1) * scale - x1, (roi[4] + 1) * scale - y1
    if roi_w <= 0 or roi_h <= 0:
        return feature.new_zeros((channels, out_h, out_w))
    rows = _pool_bins(y1, roi_h / out_h, out_h, height)
    cols = _pool_bins(x1, roi_w / out_w, out_w, width)
    # Bins grow monotonically: crop the feature to the RoI's span first.
    top, left = rows[0][0], cols[0][0]
    crop = feature[:, top : max(rows[-1][1], top), left : max(cols[-1][1], left)]
    # Max over each bin's columns, then over its rows.  max() (not amax)
    # sends the gradient to one element per bin, as MMCV's argmax does; an
    # empty bin is 0.
    by_col = torch.stack(
        [
            crop[:, :, lo - left : hi - left].max(dim=2)[0]
            if hi > lo
            else crop.new_zeros(channels, crop.size(1))
            for lo, hi in cols
        ],
        dim=2,
    )
    return torch.stack(
        [
            by_col[:, lo - top : hi - top].max(dim=1)[0]
            if hi > lo
            else by_col.new_zeros(channels, out_w)
            for lo, hi in rows
        ],
        dim=1,
    )


def roi_pool(
    input: Tensor, rois: Tensor, output_size: IntPair, spatial_scale: float = 1.0
) -> Tensor:
    """MMCV's ``roi_pool(input, rois, output_size, spatial_scale)``."""
    if rois.dim() != 2 or rois.size(1) != 5:
        raise ValueError(
            f"roi_pool: RoIs must be (N, 5) (idx, x1, y1, x2, y2), got {tuple(rois.shape)}"
        )
    out_size = _pair(output_size)
    rois = rois.detach().to(input.dtype)
    if rois.size(0) == 0:
        return input.new_zeros((0, input.size(1), *out_size))
    return torch.stack(
        [
            _pool_one_roi(input[int(roi[0])], roi, out_size, spatial_scale)
            for roi in rois
        ]
    )


class RoIPool(nn.Module):
    """MMCV's ``RoIPool(output_size, spatial_scale)`` module."""

    def __init__(self, output_size: IntPair, spatial_scale: float = 1.0) -> None:
        super().__init__()
        self.output_size = _pair(output_size)
        self.spatial_scale = float(spatial_scale)

    def forward(self, input: Tensor, rois: Tensor) -> Tensor:
        return roi_pool(input, rois, self.output_size, self.spatial_scale)

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(output_size={self.output_size}, "
            f"spatial_scale={self.spatial_scale})"
        )
