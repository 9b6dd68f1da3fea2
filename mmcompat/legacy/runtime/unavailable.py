"""What a legacy ``mmcv`` name that cannot be served becomes, and why.

MMCV 1.x code imports far more than it uses: a library imports dozens of
names at module level and calls a few of them. A name MMCV 1.x had (so the
real library imports it without error) therefore imports under ``mmcompat
run`` too, as a stand-in that raises :class:`LegacySymbolError` when it is
used (called, instantiated, or an attribute read), naming the symbol, the
file and line that imported it, and what to install or change. A name MMCV
1.x did not have fails at the import itself, as it would have with MMCV.
"""

from __future__ import annotations

import importlib
import os.path as osp
import sys
from typing import Any, NamedTuple, Optional

from mmcompat.tables.symbols import (
    REMOVED_PACKAGES,
    dropped_package,
    lookup,
    resolve,
)

__all__ = [
    "LegacySymbolError",
    "InstalledMMCV",
    "INSTALL_MMCV_LITE",
    "advice",
    "unavailable",
    "use_site",
]

#: MMCV 1.7.2's top-level packages (a removed one is named as such)
MMCV1_PACKAGES = (
    "arraymisc", "cnn", "device", "engine", "fileio", "image", "model_zoo",
    "onnx", "ops", "parallel", "runner", "tensorrt", "utils", "video",
    "visualization",
)  # fmt: skip

#: the install that brings MMCV 2.x (pure Python) into the process
INSTALL_MMCV_LITE = "install mmcv-lite 2.2.0 (pip install 'mmcompat[legacy]')"


class LegacySymbolError(ImportError):
    """A legacy name that ``mmcompat run`` cannot serve.

    An ImportError (not AttributeError) so that ``from mmcv.x import name``
    shows this message rather than Python's generic one; private names
    (``_x``) raise a plain AttributeError.
    """


class InstalledMMCV(NamedTuple):
    """The real mmcv >= 2 importable in this process."""

    version: str
    root: str  # the package directory (``.../site-packages/mmcv``)


#: False while a tool (``mmcompat doctor``) resolves names itself
RECORD_SITES = True


def use_site() -> str:
    """``file:line`` of the code being served: the innermost frame outside
    the import machinery and this package's overlay modules."""
    if not RECORD_SITES:
        return ""
    skip = (osp.dirname(importlib.__file__), osp.dirname(__file__))
    frame = sys._getframe(1)
    while frame is not None:
        filename = frame.f_code.co_filename
        if not filename.startswith("<frozen") and not filename.startswith(skip):
            return f"{_short(filename)}:{frame.f_lineno}"
        frame = frame.f_back
    return ""


def _short(path: str) -> str:
    relative = osp.relpath(path) if osp.isabs(path) else path
    return relative if not relative.startswith("..") else path


def in_mmcv2(module: str) -> bool:
    """True for modules below a package MMCV 2.x still ships."""
    from mmcompat.tables.symbols import MMCV2_MODULES

    parts = module.split(".")
    package = ".".join(parts[:2])
    return len(parts) > 1 and any(
        m == package or m.startswith(package + ".") for m in MMCV2_MODULES
    )


def advice(module: str, name: str, installed: Optional[InstalledMMCV]) -> str:
    """What to install or change for ``module.name`` (no trailing period)."""
    symbol = f"{module}.{name}"
    resolution = resolve(module, name) if lookup(module, name) else None
    if resolution is None and module == "mmcv" and name in MMCV1_PACKAGES:
        return (
            f"MMCV 2.x removed the `{symbol}` package; port that use to the new "
            "API or drop it"
        )
    if resolution is None:
        package = dropped_package(module)
        if package in REMOVED_PACKAGES:
            return f"MMCV 2.x removed `{package}`: {REMOVED_PACKAGES[package]}"
        if in_mmcv2(module):
            if installed is None:
                return f"it belongs to MMCV 2.x: {INSTALL_MMCV_LITE}"
            return f"the installed mmcv {installed.version} has no `{symbol}`"
        return "it is not a known MMCV 1.x symbol"
    if resolution.action == "todo":
        return (
            f"{resolution.note}; port that use to the new API "
            "(`mmcompat codemod` rewrites most of them)"
        )
    target = f"{resolution.module}.{resolution.name}"
    if target.startswith("mmcompat"):
        return f"its new home `{target}` is missing from this mmcompat"
    where = "" if target == symbol else f" (as `{target}`)"
    if installed is None:
        return f"it is part of MMCV 2.x{where}: {INSTALL_MMCV_LITE}"
    return f"the installed mmcv {installed.version} has no `{target}`"


def message(symbol: str, where: str, why: str) -> str:
    """``where``: ``"imported at x.py:3"`` or empty."""
    at = f" ({where})" if where else ""
    return f"`{symbol}`{at} is not available under `mmcompat run`: {why}."


class _UnavailableMeta(type):
    """The class of stand-ins: calling one, or reading an attribute, fails."""

    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        raise LegacySymbolError(cls._mmcompat_message)

    def __getattr__(cls, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        raise AttributeError(cls._mmcompat_message)

    def __repr__(cls) -> str:
        return f"<unavailable legacy symbol {cls._mmcompat_symbol}>"


def unavailable(symbol: str, site: str, why: str) -> type:
    """A stand-in for ``symbol`` that raises (naming ``site``) when used.

    A class, so that legacy code may still subclass it at import time (a
    hook class deriving from a missing base); instances cannot be made.
    """
    module, _, name = symbol.rpartition(".")
    text = message(symbol, f"imported at {site}" if site else "", why)
    return _UnavailableMeta(
        name,
        (),
        {
            "__module__": module,
            "__doc__": text,
            "_mmcompat_symbol": symbol,
            "_mmcompat_message": text,
        },
    )
