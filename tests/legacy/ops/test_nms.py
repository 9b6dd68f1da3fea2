"""nms, soft_nms, batched_nms, nms_match and bbox_overlaps against plain loops
written from MMCV 1.x's documented semantics."""

from __future__ import annotations

import importlib
import math

import numpy as np
import pytest
import torch

from mmcompat.legacy import ops

nms_module = importlib.import_module("mmcompat.legacy.ops.nms")


def random_boxes(n: int, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    g = torch.Generator().manual_seed(seed)
    xy = torch.rand(n, 2, generator=g) * 60
    wh = torch.rand(n, 2, generator=g) * 30 + 1
    return torch.cat([xy, xy + wh], 1), torch.rand(n, generator=g)


def iou(a, b, offset=0) -> float:
    w = max(0.0, min(a[2], b[2]) - max(a[0], b[0]) + offset)
    h = max(0.0, min(a[3], b[3]) - max(a[1], b[1]) + offset)
    inter = w * h
    area_a = (a[2] - a[0] + offset) * (a[3] - a[1] + offset)
    area_b = (b[2] - b[0] + offset) * (b[3] - b[1] + offset)
    return inter / (area_a + area_b - inter)


def brute_force_nms(boxes, scores, threshold, offset=0) -> list[int]:
    boxes, scores = boxes.tolist(), scores.tolist()
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    kept: list[int] = []
    for i in order:
        if all(iou(boxes[i], boxes[k], offset) <= threshold for k in kept):
            kept.append(i)
    return kept


@pytest.mark.parametrize("offset", [0, 1])
@pytest.mark.parametrize("threshold", [0.2, 0.5, 0.8])
def test_nms_keeps_what_a_brute_force_loop_keeps(threshold, offset):
    boxes, scores = random_boxes(80, seed=1)
    dets, inds = ops.nms(boxes, scores, threshold, offset=offset)
    assert inds.tolist() == brute_force_nms(boxes, scores, threshold, offset)
    assert inds.dtype == torch.long


def test_nms_returns_boxes_with_scores_sorted_by_score():
    boxes, scores = random_boxes(40, seed=2)
    dets, inds = ops.nms(boxes, scores, 0.5)
    assert dets.shape == (len(inds), 5)
    torch.testing.assert_close(dets[:, :4], boxes[inds], rtol=0, atol=0)
    torch.testing.assert_close(dets[:, 4], scores[inds], rtol=0, atol=0)
    assert (dets[1:, 4] <= dets[:-1, 4]).all()


def test_nms_suppresses_only_above_the_threshold():
    # IoU of these two boxes is exactly 0.5 (intersection 2, union 4).
    boxes = torch.tensor([[0.0, 0, 2, 1], [0, 0, 4, 1]])
    scores = torch.tensor([0.9, 0.8])
    assert ops.nms(boxes, scores, 0.5)[1].tolist() == [0, 1]
    assert ops.nms(boxes, scores, 0.49)[1].tolist() == [0]


def test_nms_offset_one_counts_the_last_pixel():
    # With offset=1 the boxes are 2x2 and 3x2: IoU 4/6 instead of 1/2.
    boxes = torch.tensor([[0.0, 0, 1, 1], [0, 0, 2, 1]])
    scores = torch.tensor([0.9, 0.8])
    assert ops.nms(boxes, scores, 0.6, offset=0)[1].tolist() == [0, 1]
    assert ops.nms(boxes, scores, 0.6, offset=1)[1].tolist() == [0]


def test_nms_score_threshold_and_max_num():
    boxes, scores = random_boxes(60, seed=3)
    kept = brute_force_nms(boxes, scores, 0.5)
    _, inds = ops.nms(boxes, scores, 0.5, score_threshold=0.4, max_num=5)
    above = [i for i in brute_force_nms(boxes[scores > 0.4], scores[scores > 0.4], 0.5)]
    original = torch.nonzero(scores > 0.4).squeeze(1)[above].tolist()
    assert inds.tolist() == original[:5]
    assert set(inds.tolist()) <= set(range(60)) and len(kept) > 5


def test_nms_numpy_in_numpy_out_and_iou_thr_alias():
    boxes, scores = random_boxes(20, seed=4)
    with pytest.warns(DeprecationWarning, match="iou_thr"):
        dets, inds = ops.nms(boxes.numpy(), scores.numpy(), iou_thr=0.5)
    assert isinstance(dets, np.ndarray) and isinstance(inds, np.ndarray)
    assert inds.tolist() == brute_force_nms(boxes, scores, 0.5)


def test_nms_of_no_boxes():
    dets, inds = ops.nms(torch.zeros(0, 4), torch.zeros(0), 0.5)
    assert dets.shape == (0, 5) and inds.shape == (0,)


def test_nms_dets_carry_gradients_to_boxes_and_scores():
    boxes, scores = random_boxes(10, seed=5)
    boxes.requires_grad_(True)
    scores.requires_grad_(True)
    dets, inds = ops.nms(boxes, scores, 0.5)
    dets.sum().backward()
    assert boxes.grad[inds].eq(1).all() and scores.grad[inds].eq(1).all()


def brute_force_soft_nms(boxes, scores, threshold, sigma, min_score, method, offset):
    """Soft-NMS as specified: repeatedly take the best box, decay the others."""
    remaining = list(range(len(scores)))
    scores = scores.tolist()
    boxes = boxes.tolist()
    out = []
    while remaining:
        best = max(remaining, key=lambda i: scores[i])
        out.append((best, scores[best]))
        remaining.remove(best)
        for i in list(remaining):
            overlap = iou(boxes[best], boxes[i], offset)
            if method == "naive":
                weight = 0.0 if overlap >= threshold else 1.0
            elif method == "linear":
                weight = 1 - overlap if overlap >= threshold else 1.0
            else:
                weight = math.exp(-(overlap * overlap) / sigma)
            scores[i] *= weight
            if scores[i] < min_score:
                remaining.remove(i)
    return out


@pytest.mark.parametrize("method", ["naive", "linear", "gaussian"])
@pytest.mark.parametrize("offset", [0, 1])
def test_soft_nms_matches_the_specification(method, offset):
    boxes, scores = random_boxes(50, seed=6)
    dets, inds = ops.soft_nms(
        boxes, scores, 0.3, sigma=0.5, min_score=0.01, method=method, offset=offset
    )
    expected = brute_force_soft_nms(boxes, scores, 0.3, 0.5, 0.01, method, offset)
    assert inds.tolist() == [i for i, _ in expected]
    torch.testing.assert_close(
        dets[:, 4], torch.tensor([s for _, s in expected]), rtol=1e-5, atol=1e-6
    )
    torch.testing.assert_close(dets[:, :4], boxes[inds], rtol=0, atol=0)


def test_soft_nms_rejects_unknown_method():
    boxes, scores = random_boxes(3, seed=7)
    with pytest.raises(ValueError, match="soft_nms method must be one of"):
        ops.soft_nms(boxes, scores, method="hard")


def per_class_reference(boxes, scores, idxs, threshold):
    keep = []
    for c in idxs.unique().tolist():
        members = torch.nonzero(idxs == c).squeeze(1)
        keep += members[
            brute_force_nms(boxes[members], scores[members], threshold)
        ].tolist()
    return sorted(keep, key=lambda i: -scores[i].item())


def test_batched_nms_is_nms_per_class_sorted_by_score():
    boxes, scores = random_boxes(90, seed=8)
    idxs = torch.randint(0, 4, (90,), generator=torch.Generator().manual_seed(0))
    dets, keep = ops.batched_nms(boxes, scores, idxs, dict(iou_threshold=0.4))
    assert keep.tolist() == per_class_reference(boxes, scores, idxs, 0.4)
    torch.testing.assert_close(dets, torch.cat([boxes[keep], scores[keep, None]], 1))


def test_batched_nms_split_thr_path_gives_the_same_boxes():
    boxes, scores = random_boxes(90, seed=8)
    idxs = torch.randint(0, 4, (90,), generator=torch.Generator().manual_seed(0))
    whole = ops.batched_nms(boxes, scores, idxs, dict(iou_threshold=0.4))
    split = ops.batched_nms(boxes, scores, idxs, dict(iou_threshold=0.4, split_thr=10))
    assert split[1].tolist() == whole[1].tolist()
    limited = ops.batched_nms(
        boxes, scores, idxs, dict(iou_threshold=0.4, split_thr=10, max_num=7)
    )
    assert limited[1].tolist() == whole[1].tolist()[:7]
    assert limited[0].shape == (7, 5)


def test_batched_nms_class_agnostic_from_argument_or_config():
    boxes, scores = random_boxes(50, seed=9)
    idxs = torch.arange(50) % 3
    expected = brute_force_nms(boxes, scores, 0.5)
    assert (
        ops.batched_nms(
            boxes, scores, idxs, dict(iou_threshold=0.5), class_agnostic=True
        )[1].tolist()
        == expected
    )
    cfg = dict(type="nms", iou_threshold=0.5, class_agnostic=True)
    assert ops.batched_nms(boxes, scores, idxs, cfg)[1].tolist() == expected
    assert cfg == dict(
        type="nms", iou_threshold=0.5, class_agnostic=True
    )  # not consumed


def test_batched_nms_without_config_sorts_everything():
    boxes, scores = random_boxes(12, seed=10)
    dets, keep = ops.batched_nms(boxes, scores, torch.zeros(12, dtype=torch.long), None)
    assert keep.tolist() == scores.argsort(descending=True).tolist()
    assert dets.shape == (12, 5)


def test_batched_nms_soft_nms_type_decays_scores():
    boxes, scores = random_boxes(30, seed=11)
    idxs = torch.zeros(30, dtype=torch.long)
    dets, keep = ops.batched_nms(
        boxes, scores, idxs, dict(type="soft_nms", iou_threshold=0.3)
    )
    soft_dets, soft_inds = ops.soft_nms(boxes, scores, 0.3)
    assert keep.tolist() == soft_inds.tolist()
    torch.testing.assert_close(dets, soft_dets)


def test_batched_nms_unknown_type_is_one_clear_error():
    boxes, scores = random_boxes(3, seed=12)
    with pytest.raises(ValueError, match="nms_cfg type 'fancy_nms'"):
        ops.batched_nms(
            boxes, scores, torch.zeros(3), dict(type="fancy_nms", iou_threshold=0.5)
        )


def test_nms_match_groups_suppressed_boxes_under_their_keeper():
    boxes, scores = random_boxes(40, seed=13)
    dets = torch.cat([boxes, scores[:, None]], 1)
    groups = ops.nms_match(dets, 0.3)
    # Reference: greedy NMS with suppression at IoU >= threshold, no offset.
    order = scores.argsort(descending=True).tolist()
    suppressed: set[int] = set()
    expected = []
    for pos, i in enumerate(order):
        if i in suppressed:
            continue
        members = [
            j
            for j in order[pos + 1 :]
            if j not in suppressed and iou(boxes[i].tolist(), boxes[j].tolist()) >= 0.3
        ]
        suppressed.update(members)
        expected.append([i] + members)
    assert [g.tolist() for g in groups] == expected
    assert sorted(sum(expected, [])) == list(range(40))
    numpy_groups = ops.nms_match(dets.numpy(), 0.3)
    assert [g.tolist() for g in numpy_groups] == expected


@pytest.mark.parametrize("mode", ["iou", "iof"])
@pytest.mark.parametrize("offset", [0, 1])
def test_bbox_overlaps_pairs_and_aligned(mode, offset):
    a, _ = random_boxes(5, seed=14)
    b, _ = random_boxes(4, seed=15)
    result = ops.bbox_overlaps(a, b, mode=mode, offset=offset)
    for i in range(5):
        for j in range(4):
            x, y = a[i].tolist(), b[j].tolist()
            if mode == "iou":
                expected = iou(x, y, offset)
            else:
                w = max(0.0, min(x[2], y[2]) - max(x[0], y[0]) + offset)
                h = max(0.0, min(x[3], y[3]) - max(x[1], y[1]) + offset)
                expected = w * h / ((x[2] - x[0] + offset) * (x[3] - x[1] + offset))
            assert result[i, j].item() == pytest.approx(expected, rel=1e-5, abs=1e-6)
    aligned = ops.bbox_overlaps(a[:4], b, mode=mode, aligned=True, offset=offset)
    torch.testing.assert_close(
        aligned, ops.bbox_overlaps(a[:4], b, mode=mode, offset=offset).diagonal()
    )


@pytest.mark.parametrize("block", [1, 4, 7, 256])
def test_nms_blocks_give_the_greedy_answer(monkeypatch, block):
    # Dense overlapping boxes: long suppression chains inside and across blocks.
    monkeypatch.setattr(nms_module, "_NMS_BLOCK", block)
    boxes, scores = random_boxes(300, seed=16)
    boxes[:, 2:] = boxes[:, :2] + 12
    _, inds = ops.nms(boxes, scores, 0.3)
    assert inds.tolist() == brute_force_nms(boxes, scores, 0.3)
