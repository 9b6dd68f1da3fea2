"""point_sample, the RoI point conversions and SimpleRoIAlign."""

from __future__ import annotations

import math

import pytest
import torch

from mmcompat.legacy import ops


def zero_padded_bilinear(plane: torch.Tensor, y: float, x: float) -> float:
    height, width = plane.shape
    y0, x0 = math.floor(y), math.floor(x)
    total = 0.0
    for yy, wy in ((y0, 1 - (y - y0)), (y0 + 1, y - y0)):
        for xx, wx in ((x0, 1 - (x - x0)), (x0 + 1, x - x0)):
            if 0 <= yy < height and 0 <= xx < width:
                total += wy * wx * plane[yy, xx].item()
    return total


@pytest.mark.parametrize("align_corners", [False, True])
def test_point_sample_reads_points_in_unit_square(align_corners):
    g = torch.Generator().manual_seed(0)
    features = torch.randn(2, 3, 5, 6, generator=g, dtype=torch.float64)
    points = torch.rand(2, 7, 2, generator=g, dtype=torch.float64) * 1.4 - 0.2
    got = ops.point_sample(features, points, align_corners=align_corners)
    assert got.shape == (2, 3, 7)
    for n in range(2):
        for i, (px, py) in enumerate(points[n].tolist()):
            if align_corners:
                x, y = px * 5, py * 4
            else:
                x, y = px * 6 - 0.5, py * 5 - 0.5
            for c in range(3):
                expected = zero_padded_bilinear(features[n, c], y, x)
                assert got[n, c, i].item() == pytest.approx(expected, abs=1e-12)


def test_point_sample_grid_points_keep_their_grid_shape():
    features = torch.randn(2, 3, 5, 6)
    grid = torch.rand(2, 4, 3, 2)
    got = ops.point_sample(features, grid)
    assert got.shape == (2, 3, 4, 3)
    torch.testing.assert_close(
        got.flatten(2), ops.point_sample(features, grid.view(2, 12, 2))
    )


def test_point_sample_gradients_pass_gradcheck():
    g = torch.Generator().manual_seed(1)
    features = torch.randn(
        1, 2, 4, 5, generator=g, dtype=torch.float64, requires_grad=True
    )
    points = torch.rand(1, 6, 2, generator=g, dtype=torch.float64, requires_grad=True)
    assert torch.autograd.gradcheck(
        lambda f, p: ops.point_sample(f, p), (features, points)
    )


def test_rel_roi_points_become_image_relative_points():
    rois = torch.tensor([[1.0, 2.0, 4.0, 10.0, 8.0], [0.0, 0.0, 0.0, 6.0, 3.0]])
    rel = torch.tensor([[[0.5, 0.25]], [[1.0, 1.0]]])
    # RoI 0: x = 2 + 0.5 * 8 = 6, y = 4 + 0.25 * 4 = 5; image (h, w) = (10, 12).
    got = ops.rel_roi_point_to_rel_img_point(rois, rel, (10, 12), spatial_scale=0.5)
    expected = torch.tensor(
        [[[6 / 12 * 0.5, 5 / 10 * 0.5]], [[6 / 12 * 0.5, 3 / 10 * 0.5]]]
    )
    torch.testing.assert_close(got, expected)
    from_map = ops.rel_roi_point_to_rel_img_point(
        rois[:, 1:], rel, torch.zeros(1, 1, 10, 12), 0.5
    )
    torch.testing.assert_close(from_map, expected)


def test_simple_roi_align_equals_roi_align_at_bin_centres():
    # Inside the map, one sample per bin centre is RoIAlign(aligned=True,
    # sampling_ratio=1).
    g = torch.Generator().manual_seed(2)
    features = torch.randn(2, 3, 10, 12, generator=g)
    rois = torch.tensor([[0.0, 2, 3, 15, 12], [0, 4, 2, 9, 16], [1, 1, 1, 20, 17]])
    got = ops.SimpleRoIAlign((3, 4), spatial_scale=0.5)(features, rois)
    expected = ops.roi_align(features, rois, (3, 4), 0.5, 1, "avg", True)
    torch.testing.assert_close(got, expected, rtol=1e-5, atol=1e-5)


def test_simple_roi_align_orders_rois_by_image_as_mmcv_does():
    features = torch.randn(2, 3, 10, 12)
    rois = torch.tensor([[1.0, 1, 1, 20, 17], [0, 2, 3, 15, 12]])
    layer = ops.SimpleRoIAlign((2, 2), spatial_scale=0.5, aligned=False)
    got = layer(features, rois)
    torch.testing.assert_close(got[0], layer(features, rois[1:])[0])
    torch.testing.assert_close(got[1], layer(features, rois[:1])[0])
