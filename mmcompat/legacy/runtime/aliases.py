"""``import mmcv...`` served by mmcompat: the legacy import aliases.

:func:`legacy_aliases` installs a ``sys.meta_path`` finder (for the duration
of a ``with`` block: ``mmcompat run`` wraps the whole script in it) that
answers every ``mmcv`` / ``mmcv.<module>`` import the symbol table
(:mod:`mmcompat.tables.symbols`) knows with a shim module. An attribute of a
shim module resolves, on first access, to:

1. the legacy implementation in this package, for names whose legacy
   behaviour differs from the new API (``EpochBasedRunner``, ``Hook``,
   ``HOOKS``, ``Registry``, ``build_from_cfg``, ``save_checkpoint``,
   ``get_logger``, ``MMDataParallel``, ``auto_fp16``...: :data:`LEGACY`);
2. else the mmcompat symbol the table names as its new home
   (``mmcv.Config`` -> ``mmcompat.config.Config``);
3. else an ``ImportError`` that names the symbol and says what to do (the
   table's note).

Real MMCV, if installed, is hidden while the aliases are active; the
``mmcv`` modules imported before are restored afterwards. Importing this
module does not import torch (the shims import it when first used).
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Optional

from mmcompat.tables.symbols import MOVES, resolve

__all__ = ["legacy_aliases", "LegacySymbolError", "LEGACY", "SHIM_MODULES"]

_RT = "mmcompat.legacy.runtime"

#: legacy names whose legacy behaviour this package implements; served from
#: any shim module the symbol table lists them under.
LEGACY: dict[str, str] = {
    "EpochBasedRunner": f"{_RT}.runner",
    "IterBasedRunner": f"{_RT}.runner",
    "BaseRunner": f"{_RT}.runner",
    "Runner": f"{_RT}.runner:EpochBasedRunner",
    "Hook": f"{_RT}.hooks",
    "HOOKS": f"{_RT}.hooks",
    "LogBuffer": f"{_RT}.state",
    "Registry": f"{_RT}.registry",
    "build_from_cfg": f"{_RT}.registry",
    "get_logger": f"{_RT}.utils",
    "get_root_logger": f"{_RT}.utils:get_logger",
    "mkdir_or_exist": f"{_RT}.utils",
    "is_str": f"{_RT}.utils",
    "is_list_of": f"{_RT}.utils",
    "is_tuple_of": f"{_RT}.utils",
    "is_seq_of": f"{_RT}.utils",
    "set_random_seed": f"{_RT}.utils",
    "save_checkpoint": f"{_RT}.checkpoint",
    "load_checkpoint": f"{_RT}.checkpoint",
    "build_optimizer": f"{_RT}.checkpoint",
    "obj_from_dict": f"{_RT}.registry",
    "get_time_str": f"{_RT}.utils",
    "get_host_info": f"{_RT}.utils",
    "MMDataParallel": f"{_RT}.parallel",
    "MMDistributedDataParallel": f"{_RT}.parallel",
    "DataContainer": f"{_RT}.parallel",
    "collate": f"{_RT}.parallel",
    "auto_fp16": f"{_RT}.fp16",
    "force_fp32": f"{_RT}.fp16",
    "get_dist_info": "mmcompat.dist",
    "init_dist": "mmcompat.dist",
    "master_only": "mmcompat.dist",
    "print_log": "mmcompat.logging",
    "BaseModule": "mmcompat.model",
    "ModuleList": "mmcompat.model",
    "Sequential": "mmcompat.model",
    "Config": "mmcompat.config",
    "ConfigDict": "mmcompat.config",
    "DictAction": "mmcompat.config",
}

#: module names (besides the table's) that exist as shims
_EXTRA_MODULES = ("mmcv",)
#: every ``mmcv`` module path the symbol table knows
SHIM_MODULES: frozenset[str] = frozenset(
    {key.rpartition(".")[0] for key in MOVES} | set(_EXTRA_MODULES)
)


class LegacySymbolError(ImportError):
    """A legacy name the aliases cannot serve.

    An ImportError (not AttributeError) so that ``from mmcv.x import name``
    shows this message rather than Python's generic one; private names
    (``_x``) raise a plain AttributeError.
    """


def _load(target: str, name: str) -> Any:
    module_name, _, attr = target.partition(":")
    module = importlib.import_module(module_name)
    return getattr(module, attr or name)


def _advice(module: str, name: str) -> str:
    resolution = resolve(module, name)
    if resolution is None:
        return "it is not a known MMCV 1.x symbol"
    if (
        resolution.action == "move"
        and resolution.module
        and resolution.module.startswith("mmcompat")
    ):
        return f"use {resolution.module}.{resolution.name}"
    return resolution.note or f"it moved to {resolution.module}.{resolution.name}"


class ShimModule(types.ModuleType):
    """A legacy ``mmcv`` module whose attributes resolve lazily."""

    def __getattr__(self, name: str) -> Any:
        module = self.__name__
        if name.startswith("_"):
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        # A package attribute that is also a submodule name is the symbol the
        # package re-exports when MMCV had one (mmcv.parallel.collate is the
        # function: mmcv/parallel/__init__.py imports it over the module).
        if f"{module}.{name}" in SHIM_MODULES and f"{module}.{name}" not in MOVES:
            return importlib.import_module(f"{module}.{name}")
        value = self._resolve(module, name)
        setattr(self, name, value)
        return value

    @staticmethod
    def _resolve(module: str, name: str) -> Any:
        if name in LEGACY:
            return _load(LEGACY[name], name)
        resolution = resolve(module, name)
        if (
            resolution is not None
            and resolution.action == "move"
            and resolution.module
            and resolution.module.startswith("mmcompat")
        ):
            try:
                return _load(resolution.module, resolution.name)
            except (ImportError, AttributeError):
                pass
        raise LegacySymbolError(
            f"`{module}.{name}` is not available under `mmcompat run` "
            f"({_advice(module, name)}). Port that use to the new API "
            "(`mmcompat codemod` rewrites most of them)."
        )


class _ShimLoader(importlib.abc.Loader):
    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ShimModule:
        module = ShimModule(spec.name)
        module.__path__ = []  # a package: submodules resolve through the finder
        if spec.name == "mmcv":
            module.__version__ = "1.7.2"
            module.version_info = (1, 7, 2)
        module.__doc__ = f"mmcompat alias of the legacy `{spec.name}` module"
        return module

    def exec_module(self, module: types.ModuleType) -> None:
        pass


class LegacyAliasFinder(importlib.abc.MetaPathFinder):
    """Serves ``mmcv`` modules as shims; refuses the ones it does not know."""

    def __init__(self) -> None:
        self._loader = _ShimLoader()

    def find_spec(
        self, fullname: str, path: Any = None, target: Any = None
    ) -> Optional[importlib.machinery.ModuleSpec]:
        if fullname != "mmcv" and not fullname.startswith("mmcv."):
            return None
        if fullname not in SHIM_MODULES:
            raise ModuleNotFoundError(
                f"`{fullname}` has no mmcompat alias: the legacy module is not "
                "part of the MMCV 1.x API that `mmcompat run` emulates (MMCV 2.x "
                "ops/image/transforms need the real mmcv>=2 package)",
                name=fullname,
            )
        return importlib.machinery.ModuleSpec(fullname, self._loader, is_package=True)


def _is_mmcv(name: str) -> bool:
    return name == "mmcv" or name.startswith("mmcv.")


@contextmanager
def legacy_aliases() -> Iterator[LegacyAliasFinder]:
    """Serve ``mmcv`` imports from mmcompat inside the block.

    Modules named ``mmcv*`` already imported are set aside and restored on
    exit; the legacy registries created inside are detached from mmcompat's
    root registries afterwards.
    """
    saved = {
        name: sys.modules.pop(name) for name in list(sys.modules) if _is_mmcv(name)
    }
    registries = _registry_snapshot()
    finder = LegacyAliasFinder()
    sys.meta_path.insert(0, finder)
    try:
        yield finder
    finally:
        if finder in sys.meta_path:
            sys.meta_path.remove(finder)
        for name in [n for n in sys.modules if _is_mmcv(n)]:
            del sys.modules[name]
        sys.modules.update(saved)
        _detach_registries()
        for registry, names in registries.items():
            registry.module_dict.clear()
            registry.module_dict.update(names)


def _registry_snapshot() -> dict:
    """The names in mmcompat's root registries and the legacy HOOKS: what a
    legacy script registers there is removed afterwards (a second script in
    the same process may register the same names)."""
    import mmcompat.registry as registries

    # this package's own registrations (LegacyModelAdapter in
    # MODEL_WRAPPERS, LegacyWorkflowLoop in LOOPS) happen before the snapshot
    from . import loop, model  # noqa: F401
    from .hooks import HOOKS

    found = {HOOKS: dict(HOOKS.module_dict)}
    for value in vars(registries).values():
        if isinstance(value, registries.Registry):
            value.import_from_location()  # built-ins in, before the snapshot
            found[value] = dict(value.module_dict)
    return found


def _detach_registries() -> None:
    legacy_registry = sys.modules.get(f"{_RT}.registry")
    if legacy_registry is None:
        return
    for registry in legacy_registry.CREATED_REGISTRIES:
        parent = registry.parent
        if parent is not None and parent.children.get(registry.scope) is registry:
            del parent.children[registry.scope]
    legacy_registry.CREATED_REGISTRIES.clear()
