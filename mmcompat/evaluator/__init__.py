"""Evaluation: ``Evaluator`` and ``BaseMetric`` (MMEngine 0.10.7 names)."""

from .evaluator import Evaluator
from .metric import BaseMetric, DumpResults
from .utils import get_metric_value

__all__ = ["BaseMetric", "DumpResults", "Evaluator", "get_metric_value"]
