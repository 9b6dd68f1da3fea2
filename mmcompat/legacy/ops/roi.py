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

RoIPool (MMCV's kernel): the RoI's far edges are ``(x2 + 1, y2 + 1)`` (the
"+1" pixel convention of MMCV 1.x), bins are floor/ceil-rounded and clipped
to the map, an empty bin gives 0, an empty RoI gives zeros.
"""

from __future__ import annotations

import warnings
from typing import Optional, Union

import torch
from torch import Tensor, nn
from torch.nn.modules.utils import _pair

from .backend import torchvision_ops

_CHUNK_ELEMENTS = 1 << 22  # samples gathered at once, bounds the memory used

IntPair = Union[int, tuple[int, int]]


def _axis_samples(
    start: Tensor, bin_size: Tensor, bins: int, grid: int, size: int
) -> tuple[Tensor, Tensor, Tensor, Tensor, Tensor]:
    """Bilinear neighbours and weights along one axis, by MMCV's rules.

    Returns ``(low, high, w_low, w_high, valid)``, each ``(R, bins, grid)``.
    """
    bin_index = torch.arange(bins, dtype=start.dtype, device=start.device)
    grid_index = torch.arange(grid, dtype=start.dtype, device=start.device)
    start, bin_size = start[:, None, None], bin_size[:, None, None]
    coord = (
        start
        + bin_index[None, :, None] * bin_size
        + (grid_index[None, None, :] + 0.5) * bin_size / grid
    )
    valid = (coord >= -1.0) & (coord <= size)
    coord = coord.clamp(min=0)
    low = coord.floor().long()
    at_border = low >= size - 1
    low = torch.where(at_border, size - 1, low)
    high = torch.where(at_border, low, low + 1)
    coord = torch.where(at_border, low.to(coord), coord)
    frac = coord - low
    return low, high, 1.0 - frac, frac, valid


def _align_fixed_grid(
    features: Tensor,
    rois: Tensor,
    out_size: tuple[int, int],
    spatial_scale: float,
    grid: tuple[int, int],
    pool_mode: str,
    aligned: bool,
) -> Tensor:
    """RoIAlign of RoIs that share one sampling grid ``(grid_h, grid_w)``."""
    n, channels, height, width = features.shape
    out_h, out_w = out_size
    grid_h, grid_w = grid
    if grid_h * grid_w == 0:
        # MMCV: an empty grid averages to 0/1 = 0; max keeps its start value.
        fill = -10000.0 if pool_mode == "max" else 0.0
        return features.new_full((len(rois), channels, out_h, out_w), fill)
    start_x, start_y, bin_w, bin_h = _roi_geometry(
        rois, out_size, spatial_scale, aligned
    )
    y_low, y_high, wy_low, wy_high, y_valid = _axis_samples(
        start_y, bin_h, out_h, grid_h, height
    )
    x_low, x_high, wx_low, wx_high, x_valid = _axis_samples(
        start_x, bin_w, out_w, grid_w, width
    )

    # Broadcast to (R, out_h, out_w, grid_h, grid_w).
    def ys(t: Tensor) -> Tensor:
        return t[:, :, None, :, None]

    def xs(t: Tensor) -> Tensor:
        return t[:, None, :, None, :]

    valid = (ys(y_valid) & xs(x_valid)).to(features.dtype)
    batch = rois[:, 0].long()[:, None, None, None, None]
    flat = features.permute(0, 2, 3, 1).reshape(n * height * width, channels)

    def corner(y: Tensor, x: Tensor) -> Tensor:
        return flat[((batch * height + ys(y)) * width + xs(x)).reshape(-1)].view(
            *valid.shape, channels
        )

    def weight(wy: Tensor, wx: Tensor) -> Tensor:
        return (ys(wy) * xs(wx) * valid)[..., None]

    samples = (
        weight(wy_low, wx_low) * corner(y_low, x_low)
        + weight(wy_low, wx_high) * corner(y_low, x_high)
        + weight(wy_high, wx_low) * corner(y_high, x_low)
        + weight(wy_high, wx_high) * corner(y_high, x_high)
    )
    if pool_mode == "max":
        # MMCV starts its running maximum at -10000.
        pooled = samples.flatten(3, 4).max(dim=3)[0].clamp(min=-10000.0)
    else:
        pooled = samples.sum(dim=(3, 4)) / (grid_h * grid_w)
    return pooled.permute(0, 3, 1, 2)


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

    _, _, bin_w, bin_h = _roi_geometry(rois, out_size, spatial_scale, aligned)
    if sampling_ratio > 0:
        grid_h = grid_w = torch.full_like(bin_h, sampling_ratio, dtype=torch.long)
    else:
        grid_h, grid_w = bin_h.ceil().long(), bin_w.ceil().long()
    grids = torch.stack([grid_h, grid_w], dim=1)

    pieces, order = [], []
    for grid in torch.unique(grids, dim=0).tolist():
        index = ((grids[:, 0] == grid[0]) & (grids[:, 1] == grid[1])).nonzero().view(-1)
        per_roi = input.size(1) * out_size[0] * out_size[1] * max(grid[0] * grid[1], 1)
        for chunk in index.split(max(1, _CHUNK_ELEMENTS // per_roi)):
            pieces.append(
                _align_fixed_grid(
                    input,
                    rois[chunk],
                    out_size,
                    spatial_scale,
                    tuple(grid),
                    pool_mode,
                    aligned,
                )
            )
            order.append(chunk)
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
) -> tuple[Tensor, Tensor]:
    """Integer bin edges ``[lo, hi)`` along one axis, clipped to ``[0, size]``."""
    index = torch.arange(bins, dtype=start.dtype, device=start.device)
    lo = (index * bin_size + start).floor().long().clamp(0, size)
    hi = ((index + 1) * bin_size + start).ceil().long().clamp(0, size)
    return lo, hi


def _pool_one_roi(
    feature: Tensor, roi: Tensor, out_size: tuple[int, int], scale: float
) -> Tensor:
    channels, height, width = feature.shape
    out_h, out_w = out_size
    x1, y1 = roi[1] * scale, roi[2] * scale
    roi_w, roi_h = (roi[3] + 1) * scale - x1, (roi[4] + 1) * scale - y1
    if roi_w <= 0 or roi_h <= 0:
        return feature.new_zeros((channels, out_h, out_w))
    y_lo, y_hi = _pool_bins(y1, roi_h / out_h, out_h, height)
    x_lo, x_hi = _pool_bins(x1, roi_w / out_w, out_w, width)
    top, bottom = int(y_lo.min()), int(y_hi.max())
    left, right = int(x_lo.min()), int(x_hi.max())
    if bottom <= top or right <= left:
        return feature.new_zeros((channels, out_h, out_w))
    crop = feature[:, top:bottom, left:right]
    rows = torch.arange(top, bottom, device=feature.device)
    cols = torch.arange(left, right, device=feature.device)
    in_row = (rows[None, :] >= y_lo[:, None]) & (
        rows[None, :] < y_hi[:, None]
    )  # (out_h, h)
    in_col = (cols[None, :] >= x_lo[:, None]) & (
        cols[None, :] < x_hi[:, None]
    )  # (out_w, w)
    # Max over each bin's columns, then over its rows; max() (not amax) sends
    # the gradient to one element per bin, as MMCV's argmax does.
    by_col = torch.where(in_col[None, None], crop[:, :, None, :], float("-inf")).max(
        dim=3
    )[0]
    pooled = torch.where(
        in_row[None, :, :, None], by_col[:, None, :, :], float("-inf")
    ).max(dim=2)[0]
    empty = (y_hi <= y_lo)[:, None] | (x_hi <= x_lo)[None, :]
    return torch.where(empty[None], torch.zeros_like(pooled), pooled)


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
