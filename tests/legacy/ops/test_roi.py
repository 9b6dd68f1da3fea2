"""RoIAlign and RoIPool against plain loops written from MMCV 1.x's rules."""

from __future__ import annotations

import math

import pytest
import torch

from mmcompat.legacy import ops
from mmcompat.legacy.ops import roi as roi_module


def bilinear(feature: torch.Tensor, y: float, x: float) -> torch.Tensor:
    """One RoIAlign sample: 0 beyond one pixel outside, clamped onto the border."""
    channels, height, width = feature.shape
    if y < -1.0 or y > height or x < -1.0 or x > width:
        return torch.zeros(channels, dtype=feature.dtype)
    y, x = max(y, 0.0), max(x, 0.0)
    y0, x0 = int(y), int(x)
    if y0 >= height - 1:
        y0 = y1 = height - 1
        y = float(y0)
    else:
        y1 = y0 + 1
    if x0 >= width - 1:
        x0 = x1 = width - 1
        x = float(x0)
    else:
        x1 = x0 + 1
    ly, lx = y - y0, x - x0
    return (
        (1 - ly) * (1 - lx) * feature[:, y0, x0]
        + (1 - ly) * lx * feature[:, y0, x1]
        + ly * (1 - lx) * feature[:, y1, x0]
        + ly * lx * feature[:, y1, x1]
    )


def reference_roi_align(
    features, rois, out_size, scale, sampling_ratio, aligned, pool_mode="avg"
):
    out_h, out_w = out_size
    out = torch.zeros(len(rois), features.size(1), out_h, out_w, dtype=features.dtype)
    for r, (b, *box) in enumerate(rois.tolist()):
        shift = 0.5 if aligned else 0.0
        x1, y1, x2, y2 = (v * scale - shift for v in box)
        roi_w, roi_h = x2 - x1, y2 - y1
        if not aligned:
            roi_w, roi_h = max(roi_w, 1.0), max(roi_h, 1.0)
        bin_h, bin_w = roi_h / out_h, roi_w / out_w
        grid_h = sampling_ratio if sampling_ratio > 0 else math.ceil(bin_h)
        grid_w = sampling_ratio if sampling_ratio > 0 else math.ceil(bin_w)
        for ph in range(out_h):
            for pw in range(out_w):
                samples = [
                    bilinear(
                        features[int(b)],
                        y1 + ph * bin_h + (iy + 0.5) * bin_h / grid_h,
                        x1 + pw * bin_w + (ix + 0.5) * bin_w / grid_w,
                    )
                    for iy in range(grid_h)
                    for ix in range(grid_w)
                ]
                if pool_mode == "avg":
                    out[r, :, ph, pw] = sum(samples) / max(len(samples), 1)
                else:
                    out[r, :, ph, pw] = torch.stack(samples).max(0)[0].clamp(min=-10000)
    return out


def random_case(seed: int, dtype=torch.float64):
    g = torch.Generator().manual_seed(seed)
    features = torch.randn(2, 3, 9, 11, generator=g, dtype=dtype)
    n = 7
    x1 = torch.rand(n, generator=g, dtype=dtype) * 26 - 3
    y1 = torch.rand(n, generator=g, dtype=dtype) * 22 - 3
    w = torch.rand(n, generator=g, dtype=dtype) * 16
    h = torch.rand(n, generator=g, dtype=dtype) * 14
    index = torch.randint(0, 2, (n,), generator=g).to(dtype)
    return features, torch.stack([index, x1, y1, x1 + w, y1 + h], 1)


@pytest.mark.parametrize("pool_mode", ["avg", "max"])
@pytest.mark.parametrize("sampling_ratio", [0, 2])
@pytest.mark.parametrize("aligned", [True, False])
def test_roi_align_matches_a_plain_sampling_loop(aligned, sampling_ratio, pool_mode):
    features, rois = random_case(seed=sampling_ratio + 10 * aligned)
    got = ops.roi_align(features, rois, (3, 2), 0.5, sampling_ratio, pool_mode, aligned)
    expected = reference_roi_align(
        features, rois, (3, 2), 0.5, sampling_ratio, aligned, pool_mode
    )
    torch.testing.assert_close(got, expected, rtol=1e-12, atol=1e-12)


def test_roi_align_float32_matches_the_loop_within_1e_5():
    features, rois = random_case(seed=3, dtype=torch.float32)
    got = ops.RoIAlign((4, 4), spatial_scale=0.5, sampling_ratio=0)(features, rois)
    expected = reference_roi_align(
        features.double(), rois.double(), (4, 4), 0.5, 0, True
    )
    torch.testing.assert_close(got.double(), expected, rtol=1e-5, atol=1e-5)


def test_roi_align_chunks_give_the_same_result(monkeypatch):
    features, rois = random_case(seed=4)
    whole = ops.roi_align(features, rois, 3, 0.5, 0)
    whole_max = ops.roi_align(features, rois, 3, 0.5, 0, "max")
    monkeypatch.setattr(roi_module, "_CHUNK_ELEMENTS", 1)
    torch.testing.assert_close(
        ops.roi_align(features, rois, 3, 0.5, 0), whole, rtol=1e-12, atol=1e-12
    )
    torch.testing.assert_close(
        ops.roi_align(features, rois, 3, 0.5, 0, "max"), whole_max, rtol=0, atol=0
    )


@pytest.mark.parametrize("pool_mode", ["avg", "max"])
def test_roi_align_gradients_pass_gradcheck(pool_mode):
    features, rois = random_case(seed=5)
    features = features[:, :2, :6, :7].clone().requires_grad_(True)
    rois = rois[:3] * torch.tensor([1, 0.5, 0.5, 0.5, 0.5], dtype=torch.float64)
    assert torch.autograd.gradcheck(
        lambda f: ops.roi_align(f, rois, (2, 2), 0.5, 2, pool_mode, True),
        (features,),
    )


def test_roi_align_gives_rois_no_gradient():
    features, rois = random_case(seed=6)
    rois.requires_grad_(True)
    ops.roi_align(features.requires_grad_(True), rois, 2, 0.5, 2).sum().backward()
    assert rois.grad is None and features.grad is not None


def test_roi_align_module_accepts_mmcv_deprecated_argument_names():
    with pytest.warns(DeprecationWarning) as record:
        layer = ops.RoIAlign(out_size=3, sample_num=2, spatial_scale=0.5)
    assert {str(w.message).split()[0] for w in record} == {'"out_size"', '"sample_num"'}
    assert layer.output_size == (3, 3) and layer.sampling_ratio == 2
    assert "sampling_ratio=2" in repr(layer)


def test_roi_align_of_no_rois_and_bad_rois():
    features, _ = random_case(seed=7)
    assert ops.roi_align(features, torch.zeros(0, 5, dtype=torch.float64), 2).shape == (
        0,
        3,
        2,
        2,
    )
    with pytest.raises(ValueError, match=r"RoIs must be \(N, 5\)"):
        ops.roi_align(features, torch.zeros(3, 4, dtype=torch.float64), 2)
    with pytest.raises(ValueError, match="x2 >= x1"):
        ops.roi_align(
            features, torch.tensor([[0.0, 5, 5, 1, 1]], dtype=torch.float64), 2
        )


def reference_roi_pool(features, rois, out_size, scale):
    out_h, out_w = out_size
    channels, height, width = features.shape[1:]
    out = torch.zeros(len(rois), channels, out_h, out_w, dtype=features.dtype)
    for r, (b, x1, y1, x2, y2) in enumerate(rois.tolist()):
        x1, y1 = x1 * scale, y1 * scale
        roi_w, roi_h = (x2 + 1) * scale - x1, (y2 + 1) * scale - y1
        if roi_w <= 0 or roi_h <= 0:
            continue
        for ph in range(out_h):
            for pw in range(out_w):
                top = min(max(math.floor(ph * roi_h / out_h + y1), 0), height)
                bottom = min(max(math.ceil((ph + 1) * roi_h / out_h + y1), 0), height)
                left = min(max(math.floor(pw * roi_w / out_w + x1), 0), width)
                right = min(max(math.ceil((pw + 1) * roi_w / out_w + x1), 0), width)
                if bottom > top and right > left:
                    region = features[int(b), :, top:bottom, left:right]
                    out[r, :, ph, pw] = region.amax(dim=(1, 2))
    return out


def test_roi_pool_matches_a_plain_loop():
    features, rois = random_case(seed=8)
    got = ops.RoIPool((3, 4), spatial_scale=0.5)(features, rois)
    torch.testing.assert_close(
        got, reference_roi_pool(features, rois, (3, 4), 0.5), rtol=0, atol=0
    )


def test_roi_pool_empty_roi_gives_zeros():
    features, _ = random_case(seed=9)
    rois = torch.tensor([[0.0, 4, 4, -2, 6]], dtype=torch.float64)  # x2 + 1 < x1
    assert ops.roi_pool(features, rois, 2).abs().sum() == 0


def test_roi_pool_gradients_pass_gradcheck():
    features, rois = random_case(seed=10)
    features = features[:, :2, :6, :7].clone().requires_grad_(True)
    half_coordinates = torch.tensor([1, 0.5, 0.5, 0.5, 0.5], dtype=torch.float64)
    assert torch.autograd.gradcheck(
        lambda f: ops.roi_pool(f, rois[:3] * half_coordinates, (2, 2), 0.5), (features,)
    )
