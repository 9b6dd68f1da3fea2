"""Non-maximum suppression with MMCV 1.x's conventions, in pure torch.

MMCV conventions matched here:

- boxes are ``(x1, y1, x2, y2)``; a box's width is ``x2 - x1 + offset`` where
  ``offset`` is 0 or 1 (MMCV 1.x keeps the old "+1" pixel convention as an
  option);
- ``nms`` suppresses a box whose IoU with a kept, higher-scoring box is
  strictly greater than ``iou_threshold`` and returns ``(dets, inds)``:
  ``dets`` is ``(K, 5)`` boxes with their scores appended, sorted by score,
  ``inds`` the kept indices into the input;
- numpy inputs give numpy outputs, tensors give tensors;
- ``iou_thr`` is the deprecated spelling of ``iou_threshold``.

The results are those of MMCV's CPU kernels' greedy loops; nms resolves them a
block of boxes at a time (see ``_nms_indices``), and uses torchvision's nms
where its compiled ops load and ``offset`` is 0 (same rule: suppress above
the threshold).
"""

from __future__ import annotations

import warnings
from typing import Any, Callable, Optional, Union

import numpy as np
import torch
from torch import Tensor

from .backend import torchvision_ops
from .unavailable import STAND_INS

ArrayLike = Union[Tensor, np.ndarray]

SOFT_NMS_METHODS = {"naive": 0, "linear": 1, "gaussian": 2}

_NMS_BLOCK = 256  # boxes resolved together by nms


def _as_tensor(value: ArrayLike) -> Tensor:
    return torch.from_numpy(value) if isinstance(value, np.ndarray) else value


def _renamed_iou_thr(kwargs: dict[str, Any], function: str) -> None:
    # MMCV 1.x decorates nms/soft_nms with deprecated_api_warning(iou_thr ->
    # iou_threshold): the old name still works, with a warning.
    if "iou_thr" in kwargs:
        warnings.warn(
            f'"iou_thr" is deprecated in `{function}`, please use '
            f'"iou_threshold" instead',
            DeprecationWarning,
        )
        kwargs["iou_threshold"] = kwargs.pop("iou_thr")


def _areas(boxes: Tensor, offset: float) -> Tensor:
    return (boxes[:, 2] - boxes[:, 0] + offset) * (boxes[:, 3] - boxes[:, 1] + offset)


def _pairwise_iou(
    boxes: Tensor, areas: Tensor, others: Tensor, other_areas: Tensor, offset: float
) -> Tensor:
    """IoU ``(A, B)`` of each of ``boxes`` (the higher-scoring ones) with each of
    ``others``, with the operations in the order of MMCV's kernel."""
    a, b = boxes[:, None], others[None]
    w = (torch.minimum(a[..., 2], b[..., 2]) - torch.maximum(a[..., 0], b[..., 0])).add(
        offset
    )
    h = (torch.minimum(a[..., 3], b[..., 3]) - torch.maximum(a[..., 1], b[..., 1])).add(
        offset
    )
    inter = w.clamp(min=0) * h.clamp(min=0)
    return inter / (areas[:, None] + other_areas[None] - inter)


def _greedy_keep(suppresses: Tensor) -> Tensor:
    """Greedy NMS within one block of score-sorted boxes.

    ``suppresses[i, j]``: box ``i``, if kept, suppresses box ``j`` (only
    ``i < j`` counts).  The greedy answer is the one fixed point of "keep
    ``j`` unless a kept box before it suppresses it"; iterating from
    all-kept reaches it, since a box's answer is final once those of all
    boxes before it are.
    """
    suppresses = suppresses.triu(diagonal=1)
    keep = torch.ones(suppresses.size(0), dtype=torch.bool, device=suppresses.device)
    while True:
        updated = ~(suppresses & keep[:, None]).any(dim=0)
        if torch.equal(updated, keep):
            return keep
        keep = updated


def _nms_indices(
    boxes: Tensor, scores: Tensor, iou_threshold: float, offset: int
) -> Tensor:
    """Indices kept by greedy NMS, highest score first.

    Exactly MMCV's greedy loop, computed a block of ``_NMS_BLOCK`` boxes at a
    time: a block first loses the boxes that earlier kept boxes suppress,
    then resolves its own greedy order (memory O(N * block)).
    """
    if boxes.numel() == 0:
        return boxes.new_zeros(0, dtype=torch.long)
    tv_ops = torchvision_ops()
    if tv_ops is not None and offset == 0:
        return tv_ops.nms(boxes, scores, float(iou_threshold))
    # the sort MMCV's kernel calls (torch's default, not stable): boxes of
    # equal score are visited, and kept, in the same order as with MMCV
    order = scores.sort(0, descending=True)[1]
    boxes = boxes[order]
    areas = _areas(boxes, offset)
    kept = order.new_zeros(0)  # positions in score order
    for start in range(0, len(order), _NMS_BLOCK):
        block = slice(start, start + _NMS_BLOCK)
        candidate = torch.ones(len(boxes[block]), dtype=torch.bool, device=boxes.device)
        if len(kept):
            earlier = _pairwise_iou(
                boxes[kept], areas[kept], boxes[block], areas[block], offset
            )
            candidate = ~(earlier > iou_threshold).any(dim=0)
        within = _pairwise_iou(
            boxes[block], areas[block], boxes[block], areas[block], offset
        )
        # A box already suppressed suppresses nothing.
        keep = _greedy_keep((within > iou_threshold) & candidate[:, None]) & candidate
        kept = torch.cat([kept, start + keep.nonzero().view(-1)])
    return order[kept]


def nms(
    boxes: ArrayLike,
    scores: ArrayLike,
    iou_threshold: Optional[float] = None,
    offset: int = 0,
    score_threshold: float = 0,
    max_num: int = -1,
    **kwargs: Any,
) -> tuple[ArrayLike, ArrayLike]:
    """Greedy NMS; returns ``(dets, inds)`` as MMCV 1.x does.

    ``score_threshold > 0`` drops boxes whose score is not above it before
    NMS; ``max_num > 0`` keeps at most that many.
    """
    _renamed_iou_thr(kwargs, "nms")
    iou_threshold = kwargs.pop("iou_threshold", iou_threshold)
    if kwargs:
        raise TypeError(f"nms() got unexpected keyword arguments {sorted(kwargs)}")
    if iou_threshold is None:
        raise TypeError("nms() missing required argument 'iou_threshold'")
    is_numpy = isinstance(boxes, np.ndarray)
    boxes, scores = _as_tensor(boxes), _as_tensor(scores)
    if boxes.size(1) != 4 or boxes.size(0) != scores.size(0):
        raise ValueError(
            f"nms expects boxes (N, 4) and scores (N,), got {tuple(boxes.shape)} "
            f"and {tuple(scores.shape)}"
        )
    if offset not in (0, 1):
        raise ValueError(f"nms offset must be 0 or 1, got {offset}")
    with torch.no_grad():
        if score_threshold > 0:
            valid = torch.nonzero(scores > score_threshold).squeeze(1)
            inds = valid[
                _nms_indices(boxes[valid], scores[valid], iou_threshold, offset)
            ]
        else:
            inds = _nms_indices(boxes, scores, iou_threshold, offset)
        if max_num > 0:
            inds = inds[:max_num]
    dets = torch.cat((boxes[inds], scores[inds].reshape(-1, 1)), dim=1)
    if is_numpy:
        return dets.cpu().numpy(), inds.cpu().numpy()
    return dets, inds


def _soft_nms_cpu(
    boxes: Tensor,
    scores: Tensor,
    iou_threshold: float,
    sigma: float,
    min_score: float,
    method: int,
    offset: int,
) -> tuple[Tensor, Tensor]:
    """MMCV's CPU soft-NMS: the same selection order, swaps and removals.

    Round ``i`` moves the highest remaining score (first one on ties) to
    position ``i``, decays the scores after it by their overlap with it, and
    removes boxes that fall below ``min_score`` by moving the last remaining
    box into their place; that order decides later ties, so it is kept.
    """
    n = boxes.size(0)
    boxes = boxes.clone()
    scores = scores.clone()
    areas = _areas(boxes, offset)
    inds = torch.arange(n)
    dets = boxes.new_zeros((n, 5))
    i = 0
    while i < n:
        top = i + int(torch.argmax(scores[i:n]))
        for t in (boxes, scores, areas, inds):
            t[[i, top]] = t[[top, i]]
        dets[i, :4] = boxes[i]
        dets[i, 4] = scores[i]
        iou = _pairwise_iou(
            boxes[i : i + 1],
            areas[i : i + 1],
            boxes[i + 1 : n],
            areas[i + 1 : n],
            offset,
        )[0]
        if method == 0:
            weight = torch.where(iou >= iou_threshold, 0.0, 1.0).to(iou)
        elif method == 1:
            weight = torch.where(iou >= iou_threshold, 1 - iou, torch.ones_like(iou))
        else:
            weight = torch.exp(-(iou * iou) / sigma)
        scores[i + 1 : n] *= weight
        n = _drop_low_scores(scores, (boxes, scores, areas, inds), i + 1, n, min_score)
        i += 1
    return dets[:n], inds[:n]


def _drop_low_scores(
    scores: Tensor, columns: tuple[Tensor, ...], start: int, end: int, min_score: float
) -> int:
    """Remove positions in ``[start, end)`` scoring below ``min_score``.

    As MMCV's kernel does: walking forward, a removed position is filled by
    the last remaining one, which is then checked in its new place.
    """
    low = (scores[start:end] < min_score).tolist()  # low[pos - start]
    pos = start
    while pos < end:
        if low[pos - start]:
            last = end - 1
            for t in columns:
                t[pos] = t[last]
            low[pos - start] = low[last - start]
            end -= 1
        else:
            pos += 1
    return end


def soft_nms(
    boxes: ArrayLike,
    scores: ArrayLike,
    iou_threshold: float = 0.3,
    sigma: float = 0.5,
    min_score: float = 1e-3,
    method: str = "linear",
    offset: int = 0,
    **kwargs: Any,
) -> tuple[ArrayLike, ArrayLike]:
    """Soft-NMS (``method``: ``'naive'``, ``'linear'`` or ``'gaussian'``).

    Returns ``(dets, inds)`` like MMCV 1.x: ``dets`` holds the boxes with
    their decayed scores in selection order.  MMCV computes it on the CPU and
    moves the result back to the input's device; so does this.
    """
    _renamed_iou_thr(kwargs, "soft_nms")
    iou_threshold = kwargs.pop("iou_threshold", iou_threshold)
    if kwargs:
        raise TypeError(f"soft_nms() got unexpected keyword arguments {sorted(kwargs)}")
    if method not in SOFT_NMS_METHODS:
        raise ValueError(
            f"soft_nms method must be one of {sorted(SOFT_NMS_METHODS)}, got {method!r}"
        )
    if offset not in (0, 1):
        raise ValueError(f"soft_nms offset must be 0 or 1, got {offset}")
    is_numpy = isinstance(boxes, np.ndarray)
    boxes, scores = _as_tensor(boxes), _as_tensor(scores)
    if boxes.size(1) != 4 or boxes.size(0) != scores.size(0):
        raise ValueError(
            f"soft_nms expects boxes (N, 4) and scores (N,), got "
            f"{tuple(boxes.shape)} and {tuple(scores.shape)}"
        )
    with torch.no_grad():
        dets, inds = _soft_nms_cpu(
            boxes.detach().cpu(),
            scores.detach().cpu(),
            float(iou_threshold),
            float(sigma),
            float(min_score),
            SOFT_NMS_METHODS[method],
            int(offset),
        )
    if is_numpy:
        return dets.numpy(), inds.numpy()
    return dets.to(boxes.device), inds.to(boxes.device)


def _nms_op(nms_type: str) -> Callable[..., tuple[Tensor, Tensor]]:
    # MMCV resolves nms_cfg['type'] with eval() in mmcv.ops.nms; these are the
    # names that can mean there.
    ops = {"nms": nms, "soft_nms": soft_nms, "nms_rotated": STAND_INS["nms_rotated"]}
    if nms_type not in ops:
        raise ValueError(
            f"batched_nms: nms_cfg type {nms_type!r} is not one of {sorted(ops)}"
        )
    return ops[nms_type]


def batched_nms(
    boxes: Tensor,
    scores: Tensor,
    idxs: Tensor,
    nms_cfg: Optional[dict],
    class_agnostic: bool = False,
) -> tuple[Tensor, Tensor]:
    """NMS applied independently per value of ``idxs`` (usually the class).

    MMCV 1.x semantics:

    - ``nms_cfg=None`` skips NMS and returns all boxes sorted by score;
    - ``nms_cfg['class_agnostic']`` overrides the ``class_agnostic`` argument;
    - per-class separation shifts each class's boxes by
      ``idx * (boxes.max() + 1)`` (rotated ``(N, 5)`` boxes: centres only);
    - ``type`` picks the NMS (``'nms'`` default, ``'soft_nms'``), the other
      keys are passed to it (``iou_threshold``, ``score_threshold``, ...);
    - with ``split_thr`` boxes or more (default 10000) each class runs alone
      and the kept boxes are re-sorted by their (possibly decayed) scores,
      then ``max_num`` (if > 0) truncates.

    Returns ``(dets, keep)``: ``dets`` is ``(K, 5)`` boxes with scores.
    """
    if nms_cfg is None:
        scores, inds = scores.sort(descending=True)
        return torch.cat([boxes[inds], scores[:, None]], -1), inds

    cfg = dict(nms_cfg)
    class_agnostic = cfg.pop("class_agnostic", class_agnostic)
    if class_agnostic:
        boxes_for_nms = boxes
    elif boxes.size(-1) == 5:
        max_coordinate = boxes[..., :2].max() + boxes[..., 2:4].max()
        offsets = idxs.to(boxes) * (max_coordinate + torch.tensor(1).to(boxes))
        boxes_for_nms = torch.cat(
            [boxes[..., :2] + offsets[:, None], boxes[..., 2:5]], -1
        )
    else:
        max_coordinate = boxes.max()
        offsets = idxs.to(boxes) * (max_coordinate + torch.tensor(1).to(boxes))
        boxes_for_nms = boxes + offsets[:, None]

    nms_op = _nms_op(cfg.pop("type", "nms"))
    split_thr = cfg.pop("split_thr", 10000)
    if boxes_for_nms.shape[0] < split_thr:
        dets, keep = nms_op(boxes_for_nms, scores, **cfg)
        boxes = boxes[keep]
        scores = dets[:, -1]
    else:
        max_num = cfg.pop("max_num", -1)
        total_mask = scores.new_zeros(scores.size(), dtype=torch.bool)
        # soft_nms changes scores: keep the ones each class's NMS returned.
        scores_after_nms = scores.new_zeros(scores.size())
        for class_id in torch.unique(idxs):
            mask = (idxs == class_id).nonzero().view(-1)
            dets, keep = nms_op(boxes_for_nms[mask], scores[mask], **cfg)
            total_mask[mask[keep]] = True
            scores_after_nms[mask[keep]] = dets[:, -1]
        keep = total_mask.nonzero().view(-1)
        scores, inds = scores_after_nms[keep].sort(descending=True)
        keep = keep[inds]
        boxes = boxes[keep]
        if max_num > 0:
            keep, boxes, scores = keep[:max_num], boxes[:max_num], scores[:max_num]
    return torch.cat([boxes, scores[:, None]], -1), keep


def nms_match(dets: ArrayLike, iou_threshold: float) -> list[ArrayLike]:
    """Group boxes by greedy NMS: one group per kept box.

    Each group lists the kept box's index, then the indices it suppressed in
    score order.  As in MMCV's kernel: no pixel offset, suppression at
    ``IoU >= iou_threshold``.
    """
    if dets.shape[0] == 0:
        groups: list[list[int]] = []
    else:
        if dets.shape[-1] != 5:
            raise ValueError(f"nms_match expects dets (N, 5), got {tuple(dets.shape)}")
        with torch.no_grad():
            groups = _nms_match_groups(_as_tensor(dets).detach().cpu(), iou_threshold)
    if isinstance(dets, Tensor):
        return [dets.new_tensor(g, dtype=torch.long) for g in groups]
    return [np.array(g, dtype=int) for g in groups]


def _nms_match_groups(dets: Tensor, iou_threshold: float) -> list[list[int]]:
    boxes = dets[:, :4]
    order = dets[:, 4].sort(descending=True, stable=True)[1]
    sorted_boxes = boxes[order]
    areas = _areas(sorted_boxes, 0)
    suppressed = torch.zeros(len(order), dtype=torch.bool)
    groups = []
    for i in range(len(order)):
        if suppressed[i]:
            continue
        iou = _pairwise_iou(
            sorted_boxes[i : i + 1],
            areas[i : i + 1],
            sorted_boxes[i + 1 :],
            areas[i + 1 :],
            0,
        )[0]
        newly = (iou >= iou_threshold) & ~suppressed[i + 1 :]
        suppressed[i + 1 :] |= newly
        members = order[i + 1 :][newly]
        groups.append([int(order[i])] + members.tolist())
    return groups
