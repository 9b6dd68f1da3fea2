"""Multi-scale deformable attention: MMCV's pytorch path and its module."""

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


def make(seed, bs=2, heads=2, dims=3, queries=4, points=2):
    g = torch.Generator().manual_seed(seed)
    shapes = torch.tensor([[3, 4], [2, 2]])
    keys = int((shapes[:, 0] * shapes[:, 1]).sum())
    value = torch.randn(bs, keys, heads, dims, generator=g, dtype=torch.float64)
    locations = (
        torch.rand(bs, queries, heads, 2, points, 2, generator=g, dtype=torch.float64)
        * 1.2
        - 0.1
    )
    weights = torch.rand(
        bs, queries, heads, 2, points, generator=g, dtype=torch.float64
    )
    return value, shapes, locations, weights


def test_pytorch_path_is_a_weighted_sum_of_bilinear_samples():
    value, shapes, locations, weights = make(0)
    got = ops.multi_scale_deformable_attn_pytorch(value, shapes, locations, weights)
    bs, keys, heads, dims = value.shape
    queries, levels, points = locations.shape[1], 2, locations.shape[4]
    assert got.shape == (bs, queries, heads * dims)
    starts = [0, 12]
    for b in range(bs):
        for q in range(queries):
            for h in range(heads):
                for d in range(dims):
                    total = 0.0
                    for level in range(levels):
                        height, width = shapes[level].tolist()
                        plane = value[
                            b, starts[level] : starts[level] + height * width, h, d
                        ].view(height, width)
                        for p in range(points):
                            x, y = locations[b, q, h, level, p].tolist()
                            sample = zero_padded_bilinear(
                                plane, y * height - 0.5, x * width - 0.5
                            )
                            total += weights[b, q, h, level, p].item() * sample
                    assert got[b, q, h * dims + d].item() == pytest.approx(
                        total, abs=1e-12
                    )


def test_pytorch_path_gradients_pass_gradcheck():
    value, shapes, locations, weights = make(1, bs=1, heads=1, dims=2, queries=2)
    inputs = tuple(t.requires_grad_(True) for t in (value, locations, weights))
    assert torch.autograd.gradcheck(
        lambda v, loc, w: ops.multi_scale_deformable_attn_pytorch(v, shapes, loc, w),
        inputs,
    )


def test_module_initialisation_follows_mmcv():
    torch.manual_seed(0)
    attention = ops.MultiScaleDeformableAttention(
        embed_dims=16, num_heads=4, num_levels=2, num_points=3
    )
    bias = attention.sampling_offsets.bias.view(4, 2, 3, 2)
    # head 0 points along +x, head 1 along +y; point i sits at i + 1 steps.
    torch.testing.assert_close(bias[0, 0, :, 0], torch.tensor([1.0, 2.0, 3.0]))
    torch.testing.assert_close(bias[1, 1, :, 1], torch.tensor([1.0, 2.0, 3.0]))
    assert attention.sampling_offsets.weight.abs().sum() == 0
    assert attention.attention_weights.weight.abs().sum() == 0
    assert attention.value_proj.bias.abs().sum() == 0
    assert attention.is_init


def test_module_forward_batch_first_and_sequence_first_agree():
    torch.manual_seed(0)
    kwargs = dict(embed_dims=8, num_heads=2, num_levels=2, num_points=2, dropout=0.0)
    seq_first = ops.MultiScaleDeformableAttention(**kwargs)
    batch_first = ops.MultiScaleDeformableAttention(batch_first=True, **kwargs)
    # Random weights, so that offsets and attention are not at their init.
    g = torch.Generator().manual_seed(1)
    for p in seq_first.parameters():
        p.data.normal_(generator=g)
    batch_first.load_state_dict(seq_first.state_dict())
    shapes = torch.tensor([[3, 4], [2, 2]])
    query = torch.randn(5, 2, 8)
    value = torch.randn(16, 2, 8)
    reference = torch.rand(2, 5, 2, 2)
    out = seq_first(
        query, value=value, reference_points=reference, spatial_shapes=shapes
    )
    assert out.shape == (5, 2, 8)
    out_bf = batch_first(
        query.transpose(0, 1),
        value=value.transpose(0, 1),
        identity=query.transpose(0, 1),
        reference_points=reference,
        spatial_shapes=shapes,
    )
    torch.testing.assert_close(out_bf.transpose(0, 1), out)
    boxes = torch.cat([reference, torch.rand(2, 5, 2, 2)], -1)
    assert seq_first(
        query, value=value, reference_points=boxes, spatial_shapes=shapes
    ).shape == (5, 2, 8)


def test_module_rejects_mismatched_shapes():
    attention = ops.MultiScaleDeformableAttention(
        embed_dims=8, num_heads=2, num_levels=1, num_points=1
    )
    with pytest.raises(ValueError, match="spatial_shapes cover 6 keys but value has 7"):
        attention(
            torch.randn(3, 1, 8),
            value=torch.randn(7, 1, 8),
            reference_points=torch.rand(1, 3, 1, 2),
            spatial_shapes=torch.tensor([[2, 3]]),
        )
    with pytest.raises(ValueError, match="embed_dims must be divisible by num_heads"):
        ops.MultiScaleDeformableAttention(embed_dims=10, num_heads=4)
