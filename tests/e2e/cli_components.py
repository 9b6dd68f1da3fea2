"""Registered names for the CLI tests' configs (``custom_imports``)."""

from mmcompat.registry import DATASETS, METRICS, MODELS
from tests.runner.helpers import CountingDataset, MeanErrorMetric, TinyModel

MODELS.register_module("CliTinyModel", module=TinyModel, force=True)
DATASETS.register_module("CliDataset", module=CountingDataset, force=True)
METRICS.register_module("CliMetric", module=MeanErrorMetric, force=True)
