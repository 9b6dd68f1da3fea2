"""``bbox_overlaps`` with MMCV 1.x's conventions (MMCV's CPU kernel's formula).

Boxes are ``(x1, y1, x2, y2)``; sizes are ``x2 - x1 + offset`` (``offset`` 0
or 1); ``mode`` is ``'iou'`` or ``'iof'`` (intersection over the area of
``bboxes1``); ``aligned=True`` compares row ``i`` with row ``i`` and returns
``(m,)``, otherwise every pair, ``(m, n)``.
"""

from __future__ import annotations

from torch import Tensor


def bbox_overlaps(
    bboxes1: Tensor,
    bboxes2: Tensor,
    mode: str = "iou",
    aligned: bool = False,
    offset: int = 0,
) -> Tensor:
    if mode not in ("iou", "iof"):
        raise ValueError(f"bbox_overlaps mode must be 'iou' or 'iof', got {mode!r}")
    if offset not in (0, 1):
        raise ValueError(f"bbox_overlaps offset must be 0 or 1, got {offset}")
    rows, cols = bboxes1.size(0), bboxes2.size(0)
    if aligned and rows != cols:
        raise ValueError(
            f"bbox_overlaps aligned=True needs as many boxes in both, got {rows} and {cols}"
        )
    if rows * cols == 0:
        return bboxes1.new_zeros(rows if aligned else (rows, cols))
    first = bboxes1 if aligned else bboxes1[:, None]
    lt = first[..., :2].maximum(bboxes2[..., :2])
    rb = first[..., 2:].minimum(bboxes2[..., 2:])
    wh = (rb - lt + offset).clamp(min=0)
    overlap = wh[..., 0] * wh[..., 1]
    area1 = (bboxes1[:, 2] - bboxes1[:, 0] + offset) * (
        bboxes1[:, 3] - bboxes1[:, 1] + offset
    )
    if not aligned:
        area1 = area1[:, None]
    if mode == "iof":
        return overlap / area1
    area2 = (bboxes2[:, 2] - bboxes2[:, 0] + offset) * (
        bboxes2[:, 3] - bboxes2[:, 1] + offset
    )
    return overlap / (area1 + area2 - overlap)
