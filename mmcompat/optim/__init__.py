"""Optimizer wrappers, constructors and parameter schedulers (MMEngine 0.10.7 API)."""

from mmcompat.registry import OPTIM_WRAPPER_CONSTRUCTORS, OPTIMIZERS

from . import optimizer, scheduler
from .optimizer import *  # noqa: F403 (the optimizer API, re-exported)
from .scheduler import *  # noqa: F403 (the scheduler API, re-exported)

__all__ = [
    "OPTIMIZERS",
    "OPTIM_WRAPPER_CONSTRUCTORS",
    *optimizer.__all__,
    *scheduler.__all__,
]
