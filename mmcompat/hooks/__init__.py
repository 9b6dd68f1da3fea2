"""Hooks: the :class:`Hook` base class and MMEngine's built-in hooks."""

from .hook import HOOK_POINTS, Hook, check_hook_methods, overridden_points

__all__ = ["HOOK_POINTS", "Hook", "check_hook_methods", "overridden_points"]
