"""Multi-scale deformable attention (Deformable DETR) through MMCV's pytorch
path, ``multi_scale_deformable_attn_pytorch``, which MMCV itself uses on CPU.

MMCV conventions matched here:

- ``value`` is ``(bs, num_keys, num_heads, head_dims)`` with the levels'
  ``h * w`` keys concatenated in order; ``spatial_shapes`` is
  ``(num_levels, 2)`` rows ``(h, w)``;
- ``sampling_locations`` are ``(x, y)`` in ``[0, 1]`` per query, head, level
  and point, sampled with ``grid_sample(align_corners=False)`` and zero
  padding; the result is ``(bs, num_queries, num_heads * head_dims)``;
- the module's queries are ``(num_query, bs, embed_dims)`` unless
  ``batch_first``; it returns ``dropout(output) + identity``.
"""

from __future__ import annotations

import math
import warnings
from typing import Any, Optional

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from mmcompat.model import BaseModule, constant_init, xavier_init


def multi_scale_deformable_attn_pytorch(
    value: Tensor,
    value_spatial_shapes: Tensor,
    sampling_locations: Tensor,
    attention_weights: Tensor,
) -> Tensor:
    """Attention-weighted sum of bilinear samples from every level."""
    bs, _, num_heads, head_dims = value.shape
    _, num_queries, _, num_levels, num_points, _ = sampling_locations.shape
    shapes = [(int(h), int(w)) for h, w in value_spatial_shapes]
    per_level = value.split([h * w for h, w in shapes], dim=1)
    grids = 2 * sampling_locations - 1  # grid_sample's [-1, 1] range
    sampled = []
    for level, (h, w) in enumerate(shapes):
        # (bs, h*w, heads, dims) -> (bs*heads, dims, h, w)
        level_value = (
            per_level[level]
            .flatten(2)
            .transpose(1, 2)
            .reshape(bs * num_heads, head_dims, h, w)
        )
        # (bs, queries, heads, points, 2) -> (bs*heads, queries, points, 2)
        level_grid = grids[:, :, :, level].transpose(1, 2).flatten(0, 1)
        sampled.append(
            F.grid_sample(
                level_value,
                level_grid,
                mode="bilinear",
                padding_mode="zeros",
                align_corners=False,
            )
        )
    # (bs, queries, heads, levels, points) -> (bs*heads, 1, queries, levels*points)
    weights = attention_weights.transpose(1, 2).reshape(
        bs * num_heads, 1, num_queries, num_levels * num_points
    )
    output = (torch.stack(sampled, dim=-2).flatten(-2) * weights).sum(-1)
    return (
        output.view(bs, num_heads * head_dims, num_queries).transpose(1, 2).contiguous()
    )


class MultiScaleDeformableAttention(BaseModule):
    """MMCV's ``MultiScaleDeformableAttention`` module (its CPU path)."""

    def __init__(
        self,
        embed_dims: int = 256,
        num_heads: int = 8,
        num_levels: int = 4,
        num_points: int = 4,
        im2col_step: int = 64,
        dropout: float = 0.1,
        batch_first: bool = False,
        norm_cfg: Optional[dict] = None,
        init_cfg: Optional[dict] = None,
    ) -> None:
        super().__init__(init_cfg)
        if embed_dims % num_heads != 0:
            raise ValueError(
                f"embed_dims must be divisible by num_heads, but got {embed_dims} and {num_heads}"
            )
        head_dims = embed_dims // num_heads
        if head_dims & (head_dims - 1) != 0:
            warnings.warn(
                "You'd better set embed_dims in MultiScaleDeformAttention to make the "
                "dimension of each attention head a power of 2 which is more efficient "
                "in our CUDA implementation."
            )
        self.norm_cfg = norm_cfg
        self.dropout = nn.Dropout(dropout)
        self.batch_first = batch_first
        self.im2col_step = im2col_step
        self.embed_dims = embed_dims
        self.num_levels = num_levels
        self.num_heads = num_heads
        self.num_points = num_points
        self.sampling_offsets = nn.Linear(
            embed_dims, num_heads * num_levels * num_points * 2
        )
        self.attention_weights = nn.Linear(
            embed_dims, num_heads * num_levels * num_points
        )
        self.value_proj = nn.Linear(embed_dims, embed_dims)
        self.output_proj = nn.Linear(embed_dims, embed_dims)
        self.init_weights()

    def init_weights(self) -> None:
        """MMCV's initialisation: each head's points start on a ray at angle
        ``2 pi head / num_heads``, point ``i`` at ``i + 1`` times the unit step."""
        constant_init(self.sampling_offsets, 0.0)
        device = next(self.parameters()).device
        thetas = torch.arange(self.num_heads, dtype=torch.float32, device=device) * (
            2.0 * math.pi / self.num_heads
        )
        grid_init = torch.stack([thetas.cos(), thetas.sin()], -1)
        grid_init = (
            (grid_init / grid_init.abs().max(-1, keepdim=True)[0])
            .view(self.num_heads, 1, 1, 2)
            .repeat(1, self.num_levels, self.num_points, 1)
        )
        for i in range(self.num_points):
            grid_init[:, :, i, :] *= i + 1
        self.sampling_offsets.bias.data = grid_init.view(-1)
        constant_init(self.attention_weights, val=0.0, bias=0.0)
        xavier_init(self.value_proj, distribution="uniform", bias=0.0)
        xavier_init(self.output_proj, distribution="uniform", bias=0.0)
        self._is_init = True

    def forward(
        self,
        query: Tensor,
        key: Optional[Tensor] = None,
        value: Optional[Tensor] = None,
        identity: Optional[Tensor] = None,
        query_pos: Optional[Tensor] = None,
        key_padding_mask: Optional[Tensor] = None,
        reference_points: Optional[Tensor] = None,
        spatial_shapes: Optional[Tensor] = None,
        level_start_index: Optional[Tensor] = None,
        **kwargs: Any,
    ) -> Tensor:
        if "residual" in kwargs:  # MMCV 1.x's deprecated name of ``identity``
            warnings.warn(
                '"residual" is deprecated in `MultiScaleDeformableAttention`, please '
                'use "identity" instead',
                DeprecationWarning,
            )
            identity = kwargs.pop("residual")
        if value is None:
            value = query
        if identity is None:
            identity = query
        if query_pos is not None:
            query = query + query_pos
        if not self.batch_first:
            query = query.permute(1, 0, 2)
            value = value.permute(1, 0, 2)
        bs, num_query, _ = query.shape
        bs, num_value, _ = value.shape
        if int((spatial_shapes[:, 0] * spatial_shapes[:, 1]).sum()) != num_value:
            raise ValueError(
                f"spatial_shapes cover {int((spatial_shapes[:, 0] * spatial_shapes[:, 1]).sum())} "
                f"keys but value has {num_value}"
            )
        value = self.value_proj(value)
        if key_padding_mask is not None:
            value = value.masked_fill(key_padding_mask[..., None], 0.0)
        value = value.view(bs, num_value, self.num_heads, -1)
        sampling_offsets = self.sampling_offsets(query).view(
            bs, num_query, self.num_heads, self.num_levels, self.num_points, 2
        )
        attention_weights = self.attention_weights(query).view(
            bs, num_query, self.num_heads, self.num_levels * self.num_points
        )
        attention_weights = attention_weights.softmax(-1).view(
            bs, num_query, self.num_heads, self.num_levels, self.num_points
        )
        if reference_points.shape[-1] == 2:
            # offsets are in pixels of each level: divide by (w, h)
            offset_normalizer = torch.stack(
                [spatial_shapes[..., 1], spatial_shapes[..., 0]], -1
            )
            sampling_locations = (
                reference_points[:, :, None, :, None, :]
                + sampling_offsets / offset_normalizer[None, None, None, :, None, :]
            )
        elif reference_points.shape[-1] == 4:
            # reference boxes (cx, cy, w, h): offsets scale with half the box
            sampling_locations = (
                reference_points[:, :, None, :, None, :2]
                + sampling_offsets
                / self.num_points
                * reference_points[:, :, None, :, None, 2:]
                * 0.5
            )
        else:
            raise ValueError(
                f"Last dim of reference_points must be 2 or 4, but get "
                f"{reference_points.shape[-1]} instead."
            )
        output = multi_scale_deformable_attn_pytorch(
            value, spatial_shapes, sampling_locations, attention_weights
        )
        output = self.output_proj(output)
        if not self.batch_first:
            output = output.permute(1, 0, 2)
        return self.dropout(output) + identity
