"""Look up a metric by its name with or without the evaluator prefix."""

from __future__ import annotations

from typing import Any

__all__ = ["get_metric_value"]


def get_metric_value(indicator: str, metrics: dict) -> Any:
    """``metrics[indicator]``, where ``indicator`` is either the full name
    (``'coco/bbox_mAP'``) or the name without prefix (``'bbox_mAP'``), which
    must then match exactly one metric."""
    if "/" in indicator:
        if indicator in metrics:
            return metrics[indicator]
        raise ValueError(
            f'The indicator "{indicator}" can not match any metric in {list(metrics)}'
        )
    matched = [key for key in metrics if key.split("/")[-1] == indicator]
    if not matched:
        raise ValueError(
            f"The indicator {indicator} can not match any metric in {list(metrics)}"
        )
    if len(matched) > 1:
        raise ValueError(
            f'The indicator "{indicator}" matches multiple metrics {matched}'
        )
    return metrics[matched[0]]
