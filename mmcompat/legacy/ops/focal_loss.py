"""Sigmoid and softmax focal losses with MMCV 1.x's op conventions.

MMCV's ops (not mmdet's ``FocalLoss`` wrapper) take:

- ``input``: logits ``(N, C)``; ``target``: class indices ``(N,)`` (long);
  for the sigmoid loss ``target == C`` (or any index outside ``0..C-1``)
  means background: every class is a negative;
- ``weight``: optional per-class ``(C,)``; the loss of sample ``n`` (all of its
  class entries) is multiplied by ``weight[target[n]]``;
- ``reduction``: ``'none'`` (the sigmoid loss keeps ``(N, C)``, the softmax
  loss ``(N,)``), ``'sum'``, or ``'mean'``, which MMCV defines as the sum
  divided by ``N`` (the number of samples, not of elements).

Probabilities are clamped to ``FLT_MIN`` inside the logarithm, as in MMCV's
kernels.  Gradients come from autograd.
"""

from __future__ import annotations

from typing import Optional

import torch
from torch import Tensor, nn

_FLT_MIN = torch.finfo(torch.float32).tiny
_REDUCTIONS = ("none", "mean", "sum")


def _check(
    input: Tensor, target: Tensor, weight: Optional[Tensor], reduction: str, op: str
) -> None:
    if target.dtype != torch.long:
        raise TypeError(
            f"{op}: target must be a long tensor of class indices, got {target.dtype}"
        )
    if input.dim() != 2 or target.dim() != 1 or input.size(0) != target.size(0):
        raise ValueError(
            f"{op}: expects input (N, C) and target (N,), got {tuple(input.shape)} "
            f"and {tuple(target.shape)}"
        )
    if weight is not None and (weight.dim() != 1 or weight.size(0) != input.size(1)):
        raise ValueError(
            f"{op}: weight must be (C,) = ({input.size(1)},), got {tuple(weight.shape)}"
        )
    if reduction not in _REDUCTIONS:
        raise ValueError(
            f"{op}: reduction must be one of {_REDUCTIONS}, got {reduction!r}"
        )


def _sample_weight(weight: Tensor, target: Tensor, op: str) -> Tensor:
    if bool(((target < 0) | (target >= weight.size(0))).any()):
        raise ValueError(
            f"{op}: with a weight, every target must be a class index in "
            f"0..{weight.size(0) - 1} (MMCV reads weight[target])"
        )
    return weight[target]


def _reduce(loss: Tensor, reduction: str, num_samples: int) -> Tensor:
    if reduction == "mean":
        return loss.sum() / num_samples
    if reduction == "sum":
        return loss.sum()
    return loss


def sigmoid_focal_loss(
    input: Tensor,
    target: Tensor,
    gamma: float = 2.0,
    alpha: float = 0.25,
    weight: Optional[Tensor] = None,
    reduction: str = "mean",
) -> Tensor:
    """MMCV's ``sigmoid_focal_loss(input, target, gamma, alpha, weight, reduction)``."""
    _check(input, target, weight, reduction, "sigmoid_focal_loss")
    classes = torch.arange(input.size(1), device=input.device)
    is_target = target[:, None] == classes[None, :]
    p = torch.sigmoid(input)
    positive = -alpha * (1 - p).pow(gamma) * torch.log(p.clamp(min=_FLT_MIN))
    negative = -(1 - alpha) * p.pow(gamma) * torch.log((1 - p).clamp(min=_FLT_MIN))
    loss = torch.where(is_target, positive, negative)
    if weight is not None:
        loss = loss * _sample_weight(weight, target, "sigmoid_focal_loss")[:, None]
    return _reduce(loss, reduction, input.size(0))


def softmax_focal_loss(
    input: Tensor,
    target: Tensor,
    gamma: float = 2.0,
    alpha: float = 0.25,
    weight: Optional[Tensor] = None,
    reduction: str = "mean",
) -> Tensor:
    """MMCV's ``softmax_focal_loss``: ``-alpha (1 - p_t)^gamma log(p_t)`` per
    sample, ``p_t`` the softmax probability of the target class."""
    _check(input, target, weight, reduction, "softmax_focal_loss")
    p_t = torch.softmax(input, dim=1).gather(1, target[:, None]).squeeze(1)
    loss = -alpha * (1 - p_t).pow(gamma) * torch.log(p_t.clamp(min=_FLT_MIN))
    if weight is not None:
        loss = loss * _sample_weight(weight, target, "softmax_focal_loss")
    return _reduce(loss, reduction, input.size(0))


class _FocalLossModule(nn.Module):
    def __init__(
        self,
        gamma: float,
        alpha: float,
        weight: Optional[Tensor] = None,
        reduction: str = "mean",
    ) -> None:
        super().__init__()
        self.gamma = gamma
        self.alpha = alpha
        self.register_buffer("weight", weight)
        self.reduction = reduction

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(gamma={self.gamma}, alpha={self.alpha}, "
            f"reduction={self.reduction})"
        )


class SigmoidFocalLoss(_FocalLossModule):
    """MMCV's ``SigmoidFocalLoss(gamma, alpha, weight=None, reduction='mean')``."""

    def forward(self, input: Tensor, target: Tensor) -> Tensor:
        return sigmoid_focal_loss(
            input, target, self.gamma, self.alpha, self.weight, self.reduction
        )


class SoftmaxFocalLoss(_FocalLossModule):
    """MMCV's ``SoftmaxFocalLoss(gamma, alpha, weight=None, reduction='mean')``."""

    def forward(self, input: Tensor, target: Tensor) -> Tensor:
        return softmax_focal_loss(
            input, target, self.gamma, self.alpha, self.weight, self.reduction
        )
