"""Greater-or-less-is-better for metric names (CheckpointHook, EarlyStoppingHook)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Optional

#: Metric names equal to or containing one of these are greater-is-better.
DEFAULT_GREATER_KEYS = [
    "acc",
    "top",
    "AR@",
    "auc",
    "precision",
    "mAP",
    "mDice",
    "mIoU",
    "mAcc",
    "aAcc",
]
#: ... and these less-is-better (greater keys are tried first).
DEFAULT_LESS_KEYS = ["loss"]


def infer_rule(
    key: str, greater_keys: Iterable[str], less_keys: Iterable[str]
) -> Optional[str]:
    """``'greater'`` or ``'less'`` for metric ``key`` (case-insensitive):
    an exact match first, then a substring match; None if neither."""
    name = key.lower()
    greater = {k.lower() for k in greater_keys}
    less = {k.lower() for k in less_keys}
    if name in greater:
        return "greater"
    if name in less:
        return "less"
    if any(k in name for k in greater):
        return "greater"
    if any(k in name for k in less):
        return "less"
    return None
