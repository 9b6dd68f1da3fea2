"""What legacy code expects of its surroundings, for the length of a run.

- :func:`numpy_aliases`: ``np.int``, ``np.float``, ``np.bool``, ``np.object``,
  ``np.str``, ``np.complex`` (removed in NumPy 1.24; real MMCV 1.x libraries
  and MMCV 1.x itself use them) are the builtins again, with one warning
  naming the first use.
- :func:`mmengine_interop`: MMCV 2.x brings MMEngine into the process; its
  ``BaseModule`` children (MMCV 2.x transformer bricks...) sit in trees of
  mmcompat's legacy ``BaseModule`` and are initialised the way the legacy
  ``BaseModule`` initialises its own children: their ``init_cfg`` is applied
  by mmcompat's ``initialize`` (so initialisers registered by legacy code in
  ``INITIALIZERS`` are found, ``Pretrained`` loads through mmcompat's
  checkpoint reader) and the shared parameter-init table is kept.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import os.path as osp
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["LegacyNumpyAliasWarning", "numpy_aliases", "mmengine_interop"]

#: the aliases NumPy 1.24 removed, and the builtins they stood for
NUMPY_ALIASES: dict[str, type] = {
    "int": int,
    "float": float,
    "bool": bool,
    "object": object,
    "str": str,
    "complex": complex,
}


class LegacyNumpyAliasWarning(UserWarning):
    """Legacy code used a NumPy alias removed in NumPy 1.24."""


@contextmanager
def numpy_aliases() -> Iterator[None]:
    """Serve the removed NumPy aliases inside the block (those this NumPy
    lacks: NumPy 2 has its own ``np.bool``, which is kept)."""
    import numpy as np

    missing = {name: t for name, t in NUMPY_ALIASES.items() if name not in vars(np)}
    if not missing:
        yield
        return
    original = vars(np).get("__getattr__")
    warned = False

    def __getattr__(name: str) -> Any:
        nonlocal warned
        if name not in missing:
            if original is None:
                raise AttributeError(f"module 'numpy' has no attribute {name!r}")
            return original(name)
        if not warned:
            warned = True
            caller = sys._getframe(1)
            where = f"{osp.relpath(caller.f_code.co_filename)}:{caller.f_lineno}"
            warnings.warn(
                f"`np.{name}` (first used at {where}) was removed in NumPy 1.24; "
                f"under `mmcompat run` np.{', np.'.join(missing)} are the "
                f"builtins they stood for (np.{name} is `{missing[name].__name__}`)",
                LegacyNumpyAliasWarning,
                stacklevel=2,
            )
        return missing[name]

    np.__getattr__ = __getattr__
    try:
        yield
    finally:
        if original is None:
            vars(np).pop("__getattr__", None)
        else:
            np.__getattr__ = original


#: the methods of mmcompat's BaseModule an MMEngine BaseModule borrows
_BORROWED = ("init_weights", "_start_init_info", "_dump_init_info")


class _AfterImport(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Runs ``callback(module)`` right after ``name`` is first imported
    (importing MMEngine's model package costs seconds; a legacy run that
    never builds an MMEngine module should not pay for it)."""

    def __init__(self, name: str, callback: Any) -> None:
        self.name = name
        self.callback = callback
        self._loader: Any = None

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> Any:
        if fullname != self.name:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None:
            return None
        self._loader, spec.loader = spec.loader, self
        return spec

    def create_module(self, spec: Any) -> Any:
        return self._loader.create_module(spec)

    def exec_module(self, module: Any) -> None:
        self._loader.exec_module(module)
        self.callback(module)


@contextmanager
def mmengine_interop() -> Iterator[None]:
    """Inside the block, MMEngine's ``BaseModule`` initialises as mmcompat's
    legacy ``BaseModule`` does: at once if MMEngine's model package is
    imported, else when it is (never without MMEngine)."""
    from mmcompat.model import BaseModule

    saved: dict[str, Any] = {}

    def borrow(engine: Any) -> None:
        cls = engine.BaseModule
        saved.update((name, vars(cls).get(name)) for name in _BORROWED)
        saved["cls"] = cls
        for name in _BORROWED:
            setattr(cls, name, vars(BaseModule)[name])

    finder = None
    if "mmengine.model" in sys.modules:
        borrow(sys.modules["mmengine.model"])
    else:
        finder = _AfterImport("mmengine.model", borrow)
        sys.meta_path.insert(0, finder)
    try:
        yield
    finally:
        if finder is not None and finder in sys.meta_path:
            sys.meta_path.remove(finder)
        cls = saved.pop("cls", None)
        for name, value in saved.items():
            if value is None:
                delattr(cls, name)
            else:
                setattr(cls, name, value)
