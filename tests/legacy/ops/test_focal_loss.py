"""Focal losses against MMCV's formulas, written out per element."""

from __future__ import annotations

import math

import pytest
import torch

from mmcompat.legacy import ops


def make(seed, n=6, c=4):
    g = torch.Generator().manual_seed(seed)
    logits = torch.randn(n, c, generator=g, dtype=torch.float64) * 2
    target = torch.randint(0, c + 1, (n,), generator=g)  # c means background
    target[0], target[1] = 0, c
    return logits, target


def sigmoid_focal_reference(logits, target, gamma, alpha):
    loss = torch.zeros_like(logits)
    for i in range(logits.size(0)):
        for c in range(logits.size(1)):
            p = 1 / (1 + math.exp(-logits[i, c].item()))
            if target[i] == c:
                loss[i, c] = -alpha * (1 - p) ** gamma * math.log(p)
            else:
                loss[i, c] = -(1 - alpha) * p**gamma * math.log(1 - p)
    return loss


def sigmoid_focal_mmcv_gradient(logits, target, gamma, alpha):
    """The gradient MMCV's backward kernel writes, per element."""
    grad = torch.zeros_like(logits)
    for i in range(logits.size(0)):
        for c in range(logits.size(1)):
            p = 1 / (1 + math.exp(-logits[i, c].item()))
            if target[i] == c:
                grad[i, c] = (
                    -alpha * (1 - p) ** gamma * (1 - p - gamma * p * math.log(p))
                )
            else:
                grad[i, c] = (
                    -(1 - alpha) * p**gamma * (gamma * (1 - p) * math.log(1 - p) - p)
                )
    return grad


@pytest.mark.parametrize("gamma, alpha", [(2.0, 0.25), (1.5, 0.5), (0.0, 0.75)])
def test_sigmoid_focal_loss_elements_follow_the_formula(gamma, alpha):
    logits, target = make(0)
    got = ops.sigmoid_focal_loss(logits, target, gamma, alpha, None, "none")
    expected = sigmoid_focal_reference(logits, target, gamma, alpha)
    torch.testing.assert_close(got, expected, rtol=1e-12, atol=1e-12)


def test_mean_divides_by_the_number_of_samples_not_elements():
    logits, target = make(1)
    total = sigmoid_focal_reference(logits, target, 2.0, 0.25).sum()
    assert ops.sigmoid_focal_loss(
        logits, target, reduction="sum"
    ).item() == pytest.approx(total.item(), rel=1e-12)
    assert ops.sigmoid_focal_loss(logits, target).item() == pytest.approx(
        total.item() / 6, rel=1e-12
    )


def test_weight_is_per_class_and_indexed_by_each_samples_target():
    logits, target = make(2)
    target[1] = 2  # the weighted form needs class indices only
    weight = torch.tensor([0.5, 1.0, 2.0, 3.0], dtype=torch.float64)
    got = ops.sigmoid_focal_loss(logits, target, 2.0, 0.25, weight, "none")
    expected = (
        sigmoid_focal_reference(logits, target, 2.0, 0.25) * weight[target][:, None]
    )
    torch.testing.assert_close(got, expected, rtol=1e-12, atol=1e-12)


def test_weight_with_a_background_target_is_one_clear_error():
    logits, target = make(3)
    with pytest.raises(ValueError, match=r"weight\[target\]"):
        ops.sigmoid_focal_loss(
            logits, target, 2.0, 0.25, torch.ones(4, dtype=torch.float64)
        )


def test_gradient_equals_mmcvs_backward_formula_and_passes_gradcheck():
    logits, target = make(4)
    logits.requires_grad_(True)
    ops.sigmoid_focal_loss(logits, target, 2.0, 0.25, None, "sum").backward()
    expected = sigmoid_focal_mmcv_gradient(logits.detach(), target, 2.0, 0.25)
    torch.testing.assert_close(logits.grad, expected, rtol=1e-10, atol=1e-12)
    assert torch.autograd.gradcheck(
        lambda x: ops.sigmoid_focal_loss(x, target, 2.0, 0.25), (logits,)
    )


def test_softmax_focal_loss_follows_the_formula():
    logits, target = make(5)
    target = target.clamp(max=3)
    weight = torch.tensor([1.0, 2.0, 0.5, 1.5], dtype=torch.float64)
    got = ops.softmax_focal_loss(logits, target, 2.0, 0.25, weight, "none")
    p = torch.softmax(logits, 1)[torch.arange(6), target]
    expected = -0.25 * (1 - p) ** 2 * torch.log(p) * weight[target]
    torch.testing.assert_close(got, expected, rtol=1e-12, atol=1e-12)
    assert ops.SoftmaxFocalLoss(2.0, 0.25, weight)(
        logits, target
    ).item() == pytest.approx(expected.sum().item() / 6)


def test_modules_hold_mmcv_arguments():
    weight = torch.ones(4, dtype=torch.float64)
    loss = ops.SigmoidFocalLoss(gamma=2.0, alpha=0.25, weight=weight, reduction="sum")
    assert dict(loss.named_buffers())["weight"] is weight
    assert repr(loss) == "SigmoidFocalLoss(gamma=2.0, alpha=0.25, reduction=sum)"
    logits, target = make(6)
    target = target.clamp(max=3)
    assert loss(logits, target).item() == pytest.approx(
        ops.sigmoid_focal_loss(logits, target, reduction="sum").item()
    )


def test_bad_arguments_are_one_clear_error():
    logits, target = make(7)
    with pytest.raises(TypeError, match="long tensor of class indices"):
        ops.sigmoid_focal_loss(logits, target.float())
    with pytest.raises(ValueError, match="reduction must be one of"):
        ops.sigmoid_focal_loss(logits, target, reduction="avg")
