"""Optimizer wrappers, constructors and parameter schedulers (MMEngine 0.10.7 API)."""

from mmcompat.registry import OPTIM_WRAPPER_CONSTRUCTORS, OPTIMIZERS

from . import scheduler
from .optimizer import (
    TORCH_OPTIMIZERS,
    AmpOptimWrapper,
    BaseOptimWrapper,
    DefaultOptimWrapperConstructor,
    OptimWrapper,
    OptimWrapperDict,
    ZeroRedundancyOptimizer,
    build_optim_wrapper,
    register_torch_optimizers,
    scale_lr,
)
from .scheduler import *  # noqa: F403 (the scheduler API, re-exported)

__all__ = [
    "OPTIMIZERS",
    "OPTIM_WRAPPER_CONSTRUCTORS",
    "ZeroRedundancyOptimizer",
    "AmpOptimWrapper",
    "BaseOptimWrapper",
    "DefaultOptimWrapperConstructor",
    "OptimWrapper",
    "OptimWrapperDict",
    "TORCH_OPTIMIZERS",
    "build_optim_wrapper",
    "register_torch_optimizers",
    "scale_lr",
    *scheduler.__all__,
]
