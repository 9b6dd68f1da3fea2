"""Models: ``BaseModel``, ``BaseModule`` + ``init_cfg``, data preprocessors,
wrappers (MMEngine 0.10.7 names)."""

from . import weight_init
from .averaged_model import (
    BaseAveragedModel,
    ExponentialMovingAverage,
    MomentumAnnealingEMA,
    StochasticWeightAverage,
)
from .base_model import BaseModel
from .base_module import BaseModule, ModuleDict, ModuleList, Sequential
from .builder import build_model_from_cfg
from .data_preprocessor import BaseDataPreprocessor, ImgDataPreprocessor
from .test_time_aug import BaseTTAModel
from .utils import (
    convert_sync_batchnorm,
    detect_anomalous_params,
    merge_dict,
    revert_sync_batchnorm,
    stack_batch,
)
from .weight_init import *  # noqa: F403 (the initialisers, re-exported)
from .wrappers import MMDistributedDataParallel, is_model_wrapper

__all__ = [
    "build_model_from_cfg",
    "BaseAveragedModel",
    "ExponentialMovingAverage",
    "MomentumAnnealingEMA",
    "StochasticWeightAverage",
    "BaseModel",
    "BaseTTAModel",
    "BaseModule",
    "ModuleDict",
    "ModuleList",
    "Sequential",
    "BaseDataPreprocessor",
    "ImgDataPreprocessor",
    "MMDistributedDataParallel",
    "is_model_wrapper",
    "convert_sync_batchnorm",
    "detect_anomalous_params",
    "merge_dict",
    "revert_sync_batchnorm",
    "stack_batch",
    *weight_init.__all__,
]
