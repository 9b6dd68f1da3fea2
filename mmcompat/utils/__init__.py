"""General helpers with MMEngine 0.10.7's ``mmengine.utils`` names.

``ManagerMixin`` is imported eagerly (the registry needs it); every other
helper lives in a submodule that is imported on first access, so
``import mmcompat.utils`` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import Any

from .manager import ManagerMeta, ManagerMixin

_LAZY = {
    "misc": (
        "apply_to",
        "check_prerequisites",
        "concat_list",
        "deprecated_api_warning",
        "deprecated_function",
        "get_object_from_string",
        "has_method",
        "import_modules_from_strings",
        "is_list_of",
        "is_method_overridden",
        "is_seq_of",
        "is_str",
        "is_tuple_of",
        "iter_cast",
        "list_cast",
        "requires_executable",
        "requires_package",
        "slice_list",
        "to_1tuple",
        "to_2tuple",
        "to_3tuple",
        "to_4tuple",
        "to_ntuple",
        "tuple_cast",
    ),
    "package_utils": ("call_command", "get_installed_path", "is_installed"),
    "path": (
        "check_file_exist",
        "fopen",
        "is_abs",
        "is_filepath",
        "mkdir_or_exist",
        "scandir",
        "symlink",
    ),
    "progressbar": (
        "ProgressBar",
        "track_iter_progress",
        "track_parallel_progress",
        "track_progress",
    ),
    "timer": ("Timer", "TimerError", "check_time"),
    "version_utils": ("digit_version", "get_git_hash"),
}
_HOME = {name: module for module, names in _LAZY.items() for name in names}

__all__ = ["ManagerMeta", "ManagerMixin", *sorted(_HOME)]


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_HOME))
