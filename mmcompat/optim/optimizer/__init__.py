"""Optimizer wrappers, their constructor and builder."""

from .amp_optimizer_wrapper import AmpOptimWrapper
from .base import BaseOptimWrapper
from .builder import TORCH_OPTIMIZERS, build_optim_wrapper, register_torch_optimizers
from .default_constructor import DefaultOptimWrapperConstructor
from .optimizer_wrapper import OptimWrapper
from .optimizer_wrapper_dict import OptimWrapperDict
from .scale_lr import scale_lr
from .zero_optimizer import ZeroRedundancyOptimizer

__all__ = [
    "AmpOptimWrapper",
    "BaseOptimWrapper",
    "DefaultOptimWrapperConstructor",
    "OptimWrapper",
    "OptimWrapperDict",
    "TORCH_OPTIMIZERS",
    "build_optim_wrapper",
    "register_torch_optimizers",
    "scale_lr",
    "ZeroRedundancyOptimizer",
]
