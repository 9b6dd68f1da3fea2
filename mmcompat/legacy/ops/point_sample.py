"""Point sampling (PointRend) with MMCV 1.x's conventions, in pure torch.

MMCV conventions matched here:

- points are ``(x, y)`` in ``[0, 1] x [0, 1]`` relative to the feature map;
  ``point_sample`` maps them to ``grid_sample``'s ``[-1, 1]`` and passes
  ``align_corners`` and any other keyword through;
- RoI-relative points become image-relative with the RoI's corner and size;
  that conversion carries no gradient (MMCV computes it under ``no_grad``);
- ``SimpleRoIAlign`` samples a regular grid of bin centres in each RoI and
  returns the RoIs grouped by batch index, image 0's first (MMCV's order,
  which equals the input order when the RoIs are sorted by image).
"""

from __future__ import annotations

from typing import Union

import torch
import torch.nn.functional as F
from torch import Tensor, nn
from torch.nn.modules.utils import _pair


def normalize(grid: Tensor) -> Tensor:
    """``[-1, 1]`` to ``[0, 1]``."""
    return (grid + 1.0) / 2.0


def denormalize(grid: Tensor) -> Tensor:
    """``[0, 1]`` to ``[-1, 1]``."""
    return grid * 2.0 - 1.0


def generate_grid(num_grid: int, size: tuple[int, int], device: torch.device) -> Tensor:
    """Bin centres of a ``size`` grid in ``[0, 1]^2``: ``(num_grid, h * w, 2)``."""
    identity = torch.tensor([[[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]], device=device)
    grid = F.affine_grid(identity, torch.Size((1, 1, *size)), align_corners=False)
    return normalize(grid).view(1, -1, 2).expand(num_grid, -1, -1)


def rel_roi_point_to_abs_img_point(rois: Tensor, rel_roi_points: Tensor) -> Tensor:
    """Points relative to each RoI ``(N, P, 2)`` to absolute image points."""
    if rel_roi_points.dim() != 3 or rel_roi_points.size(2) != 2 or rois.dim() != 2:
        raise ValueError(
            f"expected rois (N, 4|5) and points (N, P, 2), got {tuple(rois.shape)} "
            f"and {tuple(rel_roi_points.shape)}"
        )
    with torch.no_grad():
        if rois.size(1) == 5:
            rois = rois[:, 1:]
        x1, y1, x2, y2 = (rois[:, None, i] for i in range(4))
        xs = rel_roi_points[:, :, 0] * (x2 - x1) + x1
        ys = rel_roi_points[:, :, 1] * (y2 - y1) + y1
        return torch.stack([xs, ys], dim=2)


def abs_img_point_to_rel_img_point(
    abs_img_points: Tensor, img: Union[tuple, Tensor], spatial_scale: float = 1.0
) -> Tensor:
    """Absolute points to ``[0, 1]`` relative to ``img``: an ``(h, w)`` tuple or
    a feature map ``(N, C, H, W)``."""
    if isinstance(img, tuple) and len(img) == 2:
        h, w = img
    elif isinstance(img, Tensor) and img.dim() == 4:
        h, w = img.shape[2:]
    else:
        raise ValueError("img must be an (h, w) tuple or an (N, C, H, W) tensor")
    scale = torch.tensor([w, h], dtype=torch.float, device=abs_img_points.device)
    return abs_img_points / scale.view(1, 1, 2) * spatial_scale


def rel_roi_point_to_rel_img_point(
    rois: Tensor,
    rel_roi_points: Tensor,
    img: Union[tuple, Tensor],
    spatial_scale: float = 1.0,
) -> Tensor:
    """RoI-relative points ``(N, P, 2)`` to image-relative points in ``[0, 1]``."""
    abs_img_points = rel_roi_point_to_abs_img_point(rois, rel_roi_points)
    return abs_img_point_to_rel_img_point(abs_img_points, img, spatial_scale)


def point_sample(
    input: Tensor, points: Tensor, align_corners: bool = False, **kwargs
) -> Tensor:
    """Features at ``points`` in ``[0, 1]^2``.

    ``points`` ``(N, P, 2)`` gives ``(N, C, P)``; ``(N, Hg, Wg, 2)`` gives
    ``(N, C, Hg, Wg)``.
    """
    one_dimensional = points.dim() == 3
    if one_dimensional:
        points = points.unsqueeze(2)
    output = F.grid_sample(
        input, denormalize(points), align_corners=align_corners, **kwargs
    )
    return output.squeeze(3) if one_dimensional else output


class SimpleRoIAlign(nn.Module):
    """PointRend's RoI align: one bilinear sample at each bin centre.

    ``aligned=False`` samples with ``align_corners=True``, as MMCV does.
    """

    def __init__(
        self, output_size: tuple[int, int], spatial_scale: float, aligned: bool = True
    ) -> None:
        super().__init__()
        self.output_size = _pair(output_size)
        self.spatial_scale = float(spatial_scale)
        self.use_torchvision = False
        self.aligned = aligned

    def forward(self, features: Tensor, rois: Tensor) -> Tensor:
        num_rois = rois.size(0)
        rel_roi_points = generate_grid(num_rois, self.output_size, device=rois.device)
        point_feats = []
        for batch_index in range(features.size(0)):
            feature = features[batch_index].unsqueeze(0)
            in_image = rois[:, 0].long() == batch_index
            if in_image.any():
                points = rel_roi_point_to_rel_img_point(
                    rois[in_image],
                    rel_roi_points[in_image],
                    feature,
                    self.spatial_scale,
                ).unsqueeze(0)
                sampled = point_sample(feature, points, align_corners=not self.aligned)
                point_feats.append(sampled.squeeze(0).transpose(0, 1))
        return torch.cat(point_feats).reshape(
            num_rois, features.size(1), *self.output_size
        )

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(output_size={self.output_size}, "
            f"spatial_scale={self.spatial_scale}"
        )
