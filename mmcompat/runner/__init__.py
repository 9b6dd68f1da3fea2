"""The training core: ``Runner``, its loops, checkpoints and randomness
(MMEngine 0.10.7 names under ``mmcompat.runner``)."""

from .amp import autocast
from .base_loop import BaseLoop
from .checkpoint import (
    CheckpointError,
    CheckpointLoader,
    find_latest_checkpoint,
    get_state_dict,
    load_checkpoint,
    load_state_dict,
    save_checkpoint,
    weights_to_cpu,
)
from .log_processor import LogProcessor
from .loops import EpochBasedTrainLoop, IterBasedTrainLoop, TestLoop, ValLoop
from .priority import Priority, get_priority
from .randomness import get_rng_state, set_random_seed, set_rng_state
from .runner import Runner
from .utils import calc_dynamic_intervals

__all__ = [
    "BaseLoop",
    "CheckpointError",
    "CheckpointLoader",
    "EpochBasedTrainLoop",
    "IterBasedTrainLoop",
    "LogProcessor",
    "Priority",
    "Runner",
    "TestLoop",
    "ValLoop",
    "autocast",
    "calc_dynamic_intervals",
    "find_latest_checkpoint",
    "get_priority",
    "get_rng_state",
    "get_state_dict",
    "load_checkpoint",
    "load_state_dict",
    "save_checkpoint",
    "set_random_seed",
    "set_rng_state",
    "weights_to_cpu",
]
