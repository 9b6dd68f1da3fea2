"""Parameter schedulers (MMEngine 0.10.7 names) and their builders."""

from .builder import build_param_schedulers, build_scheduler_from_cfg
from .cyclic_scheduler import CosineRestartParamScheduler, OneCycleParamScheduler
from .lr_scheduler import (
    ConstantLR,
    CosineAnnealingLR,
    CosineRestartLR,
    ExponentialLR,
    LinearLR,
    LRSchedulerMixin,
    MultiStepLR,
    OneCycleLR,
    PolyLR,
    ReduceOnPlateauLR,
    StepLR,
)
from .mmcv_exact import MMCVLrPolicy, MMCVMomentumPolicy  # noqa: F401
from .momentum_scheduler import (
    ConstantMomentum,
    CosineAnnealingMomentum,
    CosineRestartMomentum,
    ExponentialMomentum,
    LinearMomentum,
    MomentumSchedulerMixin,
    MultiStepMomentum,
    PolyMomentum,
    ReduceOnPlateauMomentum,
    StepMomentum,
)
from .param_scheduler import (
    INF,
    ConstantParamScheduler,
    CosineAnnealingParamScheduler,
    ExponentialParamScheduler,
    LinearParamScheduler,
    MultiStepParamScheduler,
    PolyParamScheduler,
    StepParamScheduler,
    _ParamScheduler,
)
from .plateau_scheduler import ReduceOnPlateauParamScheduler
from .quadratic_warmup import (
    QuadraticWarmupLR,
    QuadraticWarmupMomentum,
    QuadraticWarmupParamScheduler,
)
from .simulate import simulate_schedule

__all__ = [
    "INF",
    "_ParamScheduler",
    "LRSchedulerMixin",
    "MomentumSchedulerMixin",
    "ConstantParamScheduler",
    "CosineAnnealingParamScheduler",
    "CosineRestartParamScheduler",
    "ExponentialParamScheduler",
    "LinearParamScheduler",
    "MultiStepParamScheduler",
    "OneCycleParamScheduler",
    "PolyParamScheduler",
    "ReduceOnPlateauParamScheduler",
    "StepParamScheduler",
    "QuadraticWarmupParamScheduler",
    "ConstantLR",
    "CosineAnnealingLR",
    "CosineRestartLR",
    "ExponentialLR",
    "LinearLR",
    "MultiStepLR",
    "OneCycleLR",
    "PolyLR",
    "ReduceOnPlateauLR",
    "StepLR",
    "QuadraticWarmupLR",
    "ConstantMomentum",
    "CosineAnnealingMomentum",
    "CosineRestartMomentum",
    "ExponentialMomentum",
    "LinearMomentum",
    "MultiStepMomentum",
    "PolyMomentum",
    "ReduceOnPlateauMomentum",
    "StepMomentum",
    "QuadraticWarmupMomentum",
    "build_param_schedulers",
    "build_scheduler_from_cfg",
    "simulate_schedule",
]
