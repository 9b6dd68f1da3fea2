"""Hooks: the :class:`Hook` base class and MMEngine's built-in hooks.

Default hooks (registered by the runner from ``default_hooks``), by priority:
RuntimeInfoHook (VERY_HIGH), IterTimerHook (NORMAL), DistSamplerSeedHook
(NORMAL), LoggerHook (BELOW_NORMAL), ParamSchedulerHook (LOW),
CheckpointHook (VERY_LOW). Optional: EMAHook, EmptyCacheHook, SyncBuffersHook (NORMAL),
EarlyStoppingHook (LOWEST).
"""

from .checkpoint_hook import CheckpointHook
from .early_stopping_hook import EarlyStoppingHook
from .ema_hook import EMAHook
from .empty_cache_hook import EmptyCacheHook
from .hook import HOOK_POINTS, Hook, check_hook_methods, overridden_points
from .iter_timer_hook import IterTimerHook
from .logger_hook import LoggerHook
from .param_scheduler_hook import ParamSchedulerHook
from .runtime_info_hook import RuntimeInfoHook
from .sampler_seed_hook import DistSamplerSeedHook
from .sync_buffer_hook import SyncBuffersHook

__all__ = [
    "HOOK_POINTS",
    "CheckpointHook",
    "DistSamplerSeedHook",
    "EMAHook",
    "EarlyStoppingHook",
    "EmptyCacheHook",
    "Hook",
    "IterTimerHook",
    "LoggerHook",
    "ParamSchedulerHook",
    "RuntimeInfoHook",
    "SyncBuffersHook",
    "check_hook_methods",
    "overridden_points",
]
