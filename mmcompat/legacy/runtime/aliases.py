"""``import mmcv...`` under ``mmcompat run``: an overlay on the installed mmcv.

:func:`legacy_aliases` installs a ``sys.meta_path`` finder (for the duration
of a ``with`` block: ``mmcompat run`` wraps the whole script in it). An
``mmcv.X`` name resolves (:func:`locate`), in this order, to:

1. the legacy implementation in this package, for names whose legacy
   behaviour differs from the new API (``EpochBasedRunner``, ``Hook``,
   ``HOOKS``, ``Registry``, ``build_from_cfg``, ``MMDataParallel``,
   ``auto_fp16``...: :data:`LEGACY`; the legacy layer registries
   ``CONV_LAYERS``... when MMCV 2.x is installed: :mod:`.layer_registries`);
2. else the mmcompat symbol the table (:mod:`mmcompat.tables.symbols`) names
   as its new home (``mmcv.Config`` -> ``mmcompat.config.Config``);
3. else the installed real mmcv >= 2, loaded as itself from its own files
   (``mmcv.cnn.ConvModule`` is MMCV 2.x's class);
4. else, below ``mmcv.ops`` when the installed mmcv has no loadable compiled
   extension (mmcv-lite) or none is installed, the pure-torch fallback
   package ``mmcompat.legacy.ops``;
5. else a stand-in that fails when used, naming the symbol, the file and
   line that imported it and what to do (:mod:`.unavailable`); a name MMCV
   1.x did not have either fails at the import, as it would with MMCV.

Modules: a module real mmcv 2.x still has is the real module (the ``mmcv``
package too), given a module ``__getattr__`` that serves the legacy names it
lacks, and ``mmcv.__version__`` reads ``1.7.2`` (legacy libraries check it);
a legacy module MMCV 2.x dropped (``mmcv.runner``, ``mmcv.parallel``...) is
a shim module whose attributes resolve lazily. An installed MMCV 1.x is
hidden (treated as absent).

Afterwards everything is put back: shim modules leave ``sys.modules``, real
modules lose the overlay (the real mmcv modules imported stay imported, like
any library: importing them again would register MMCV's layers twice),
modules set aside are restored, legacy registrations are removed. Importing
this module does not import torch (the shims import it when first used).
"""

from __future__ import annotations

import ast
import functools
import importlib
import importlib.abc
import importlib.machinery
import os
import os.path as osp
import re
import sys
import types
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import Any, NamedTuple, Optional

from mmcompat.tables.symbols import MOVES, REMOVED_MODULES, lookup, resolve

from .unavailable import (
    INSTALL_MMCV_LITE,
    MMCV1_PACKAGES,
    InstalledMMCV,
    LegacySymbolError,
    _UnavailableMeta,
    advice,
    in_mmcv2,
    message,
    unavailable,
    use_site,
)

__all__ = [
    "legacy_aliases",
    "overlay_active",
    "check_mmcv_version",
    "reported_version",
    "locate",
    "locate_path",
    "locate_module",
    "Located",
    "LegacySymbolError",
    "LEGACY",
    "SHIM_MODULES",
    "find_installed_mmcv",
]

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
    "build_optimizer": f"{_RT}.builders",
    "obj_from_dict": f"{_RT}.registry",
    "get_time_str": f"{_RT}.utils",
    "get_host_info": f"{_RT}.utils",
    "MMDataParallel": f"{_RT}.parallel",
    "MMDistributedDataParallel": f"{_RT}.parallel",
    "DataContainer": f"{_RT}.parallel",
    "collate": f"{_RT}.parallel",
    "auto_fp16": f"{_RT}.fp16",
    "force_fp32": f"{_RT}.fp16",
    "jit": f"{_RT}.extras",
    "skip_no_elena": f"{_RT}.extras",
    "TORCH_VERSION": f"{_RT}.extras",
    "wrap_fp16_model": f"{_RT}.extras",
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
    # MMCV 1.x hook classes legacy code imports and subclasses
    "LrUpdaterHook": f"{_RT}.mmcv_schedule_hooks",
    "FixedLrUpdaterHook": f"{_RT}.mmcv_schedule_hooks",
    "StepLrUpdaterHook": f"{_RT}.mmcv_schedule_hooks",
    "ExpLrUpdaterHook": f"{_RT}.mmcv_schedule_hooks",
    "PolyLrUpdaterHook": f"{_RT}.mmcv_schedule_hooks",
    "InvLrUpdaterHook": f"{_RT}.mmcv_schedule_hooks",
    "CosineAnnealingLrUpdaterHook": f"{_RT}.mmcv_schedule_hooks",
    "FlatCosineAnnealingLrUpdaterHook": f"{_RT}.mmcv_schedule_hooks",
    "CosineRestartLrUpdaterHook": f"{_RT}.mmcv_schedule_hooks",
    "CyclicLrUpdaterHook": f"{_RT}.mmcv_schedule_hooks",
    "OneCycleLrUpdaterHook": f"{_RT}.mmcv_schedule_hooks",
    "LinearAnnealingLrUpdaterHook": f"{_RT}.mmcv_schedule_hooks",
    "annealing_cos": f"{_RT}.mmcv_schedule_hooks",
    "annealing_linear": f"{_RT}.mmcv_schedule_hooks",
    "format_param": f"{_RT}.mmcv_schedule_hooks",
    "get_position_from_periods": f"{_RT}.mmcv_schedule_hooks",
    "MomentumUpdaterHook": f"{_RT}.mmcv_schedule_hooks",
    "StepMomentumUpdaterHook": f"{_RT}.mmcv_schedule_hooks",
    "CosineAnnealingMomentumUpdaterHook": f"{_RT}.mmcv_schedule_hooks",
    "LinearAnnealingMomentumUpdaterHook": f"{_RT}.mmcv_schedule_hooks",
    "CyclicMomentumUpdaterHook": f"{_RT}.mmcv_schedule_hooks",
    "OneCycleMomentumUpdaterHook": f"{_RT}.mmcv_schedule_hooks",
    "OptimizerHook": f"{_RT}.mmcv_hooks",
    "GradientCumulativeOptimizerHook": f"{_RT}.mmcv_hooks",
    "Fp16OptimizerHook": f"{_RT}.mmcv_hooks",
    "GradientCumulativeFp16OptimizerHook": f"{_RT}.mmcv_hooks",
    "EvalHook": f"{_RT}.mmcv_hooks",
    "DistEvalHook": f"{_RT}.mmcv_hooks",
    "CheckpointHook": f"{_RT}.mmcv_hooks",
    "LoggerHook": f"{_RT}.mmcv_hooks",
    "TextLoggerHook": f"{_RT}.mmcv_hooks",
    "TensorboardLoggerHook": f"{_RT}.mmcv_hooks",
    "WandbLoggerHook": f"{_RT}.mmcv_hooks",
    "MlflowLoggerHook": f"{_RT}.mmcv_hooks",
    "EMAHook": f"{_RT}.mmcv_hooks",
    "DistSamplerSeedHook": f"{_RT}.mmcv_hooks",
    "IterTimerHook": f"{_RT}.mmcv_hooks",
    "SyncBuffersHook": f"{_RT}.mmcv_hooks",
    # MMCV 1.x builders, scatter, get_device
    "build_runner": f"{_RT}.builders",
    "build_runner_constructor": f"{_RT}.builders",
    "RUNNERS": f"{_RT}.builders",
    "RUNNER_BUILDERS": f"{_RT}.builders",
    "DefaultRunnerConstructor": f"{_RT}.builders",
    "OPTIMIZER_BUILDERS": f"{_RT}.builders",
    "DefaultOptimizerConstructor": f"{_RT}.builders",
    "build_optimizer_constructor": f"{_RT}.builders",
    "scatter": f"{_RT}.parallel",
    "scatter_kwargs": f"{_RT}.parallel",
    "get_device": f"{_RT}.builders",
    "single_gpu_test": f"{_RT}.mmcv_hooks",
    # MMCV 1.x's MLU/NPU/MPS wrappers
    "MLUDataParallel": f"{_RT}.device_parallel",
    "MLUDistributedDataParallel": f"{_RT}.device_parallel",
    "NPUDataParallel": f"{_RT}.device_parallel",
    "NPUDistributedDataParallel": f"{_RT}.device_parallel",
    "MPSDataParallel": f"{_RT}.device_parallel",
    # MMCV 1.x helpers MMCV 2.x and MMEngine dropped
    "IterLoader": f"{_RT}.loop",
    "multi_gpu_test": f"{_RT}.mmcv_hooks",
    "IS_IPU_AVAILABLE": f"{_RT}.extras",
    "build_model_from_cfg": f"{_RT}.layer_registries",
    # MMCV 1.x's ONNX and TensorRT helpers that legacy export tools call
    "register_extra_symbolics": f"{_RT}.deployment",
    "is_custom_op_loaded": f"{_RT}.deployment",
    "get_tensorrt_op_path": f"{_RT}.deployment",
    "is_tensorrt_available": f"{_RT}.deployment",
    "is_tensorrt_plugin_loaded": f"{_RT}.deployment",
    "load_tensorrt_plugin": f"{_RT}.deployment",
}

#: module names (besides the table's) that exist as shims
_EXTRA_MODULES = (
    "mmcv",
    "mmcv.device",
    "mmcv.device.utils",
    "mmcv.device.mlu",
    "mmcv.device.npu",
    "mmcv.device.mps",
    "mmcv.onnx",
    "mmcv.onnx.info",
    "mmcv.onnx.symbolic",
    "mmcv.tensorrt",
    "mmcv.tensorrt.init_plugins",
)
#: every ``mmcv`` module path the symbol table knows
SHIM_MODULES: frozenset[str] = frozenset(
    {key.rpartition(".")[0] for key in MOVES} | set(_EXTRA_MODULES)
)
#: the legacy version the ``mmcv`` package reports under the aliases
LEGACY_VERSION = "1.7.2"
#: the pure-torch ``mmcv.ops`` used when no compiled MMCV ops load
OPS_FALLBACK_PACKAGE = "mmcompat.legacy.ops"

# where a legacy name comes from: the order :func:`locate` tries them
FROM_LEGACY = "legacy"
FROM_MMCOMPAT = "mmcompat"
FROM_MMCV = "mmcv"
FROM_OPS_FALLBACK = "ops fallback"
UNAVAILABLE = "unavailable"


class Located(NamedTuple):
    """Where ``mmcv.<module>.<name>`` comes from under the aliases.

    ``origin`` is one of ``"legacy"``, ``"mmcompat"``, ``"mmcv"``, ``"ops
    fallback"``, ``"unavailable"``; ``value`` the object (None when
    unavailable); ``why`` what to install or change when unavailable;
    ``known`` whether MMCV 1.x had the name (then it imports as a stand-in
    failing when used, else the import fails).
    """

    origin: str
    value: Any = None
    why: str = ""
    known: bool = True


# -- the installed mmcv ------------------------------------------------------


def find_installed_mmcv() -> Optional[InstalledMMCV]:
    """The real mmcv >= 2 importable here (found without importing it)."""
    module = sys.modules.get("mmcv")
    if _is_real_package(module):
        root = osp.dirname(module.__file__)
    else:
        spec = importlib.machinery.PathFinder.find_spec("mmcv")
        if spec is None or not spec.submodule_search_locations or not spec.origin:
            return None
        root = osp.dirname(spec.origin)
    version = _read_version(osp.join(root, "version.py"))
    if version is None or not version.split(".")[0].isdigit():
        return None
    if int(version.split(".")[0]) < 2:
        return None  # MMCV 1.x: hidden, the aliases emulate it
    return InstalledMMCV(version, root)


def _is_real_package(module: Any) -> bool:
    return (
        isinstance(module, types.ModuleType)
        and not isinstance(module, ShimModule)
        and bool(getattr(module, "__file__", None))
    )


def _read_version(path: str) -> Optional[str]:
    """``__version__ = '2.2.0'`` from MMCV's ``version.py``."""
    try:
        with open(path, encoding="utf-8") as f:
            tree = ast.parse(f.read())
    except (OSError, SyntaxError, ValueError):
        return None
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and any(
                isinstance(t, ast.Name) and t.id == "__version__" for t in node.targets
            )
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            return node.value.value
    return None


# -- resolution ----------------------------------------------------------------

#: the overlay of the active ``legacy_aliases()`` block
_ACTIVE: Optional[_Overlay] = None


def _load(target: str, name: str) -> Any:
    module_name, _, attr = target.partition(":")
    module = importlib.import_module(module_name)
    return getattr(module, attr or name)


def _origin_of_module(module: Any) -> str:
    if isinstance(module, ShimModule):
        return module._mmcompat_origin
    if getattr(module, "__name__", "").startswith(OPS_FALLBACK_PACKAGE):
        return FROM_OPS_FALLBACK
    return FROM_MMCV


def _removed_module(fullname: str) -> bool:
    """A module MMCV 1.x had in a package MMCV 2.x removed with no home
    (``mmcv.onnx``, ``mmcv.tensorrt``, ``mmcv.device.mlu``): it imports, as
    with MMCV 1.x, and each of its public names fails when used, naming the
    replacement."""
    return fullname in REMOVED_MODULES


def check_mmcv_version(version: str) -> str:
    """``version`` if it is an MMCV 1.x version (``1.7.0``), else a
    ValueError saying what is expected."""
    if not isinstance(version, str) or not re.fullmatch(r"1\.\d+\.\d+", version):
        raise ValueError(
            f"mmcv version {version!r}: expected an MMCV 1.x version such as 1.7.0"
        )
    return version


def reported_version() -> str:
    """The MMCV version the active overlay reports (1.7.2 outside one)."""
    return _ACTIVE.version if _ACTIVE is not None else LEGACY_VERSION


def overlay_active() -> bool:
    """Whether a :func:`legacy_aliases` block is active."""
    return _ACTIVE is not None


def _overlay() -> _Overlay:
    if _ACTIVE is None:
        raise RuntimeError("mmcv names resolve only inside legacy_aliases()")
    return _ACTIVE


def _is_module_path(fullname: str) -> bool:
    """Whether ``fullname`` names an ``mmcv`` module under the aliases."""
    if fullname in MOVES:
        # a package attribute that is also a submodule name is the symbol the
        # package re-exports (mmcv.parallel.collate is the function:
        # mmcv/parallel/__init__.py imports it over the module)
        return False
    if fullname in SHIM_MODULES or _removed_module(fullname):
        return True
    parent_name, _, child = fullname.rpartition(".")
    parent = sys.modules.get(parent_name)
    if _overlay().is_fallback(parent):
        # a function the fallback exports wins over a same-named module
        fallback = _overlay().ops_fallback()
        exported = fallback is not None and callable(vars(fallback).get(child))
        return not exported and child in _overlay().ops_submodules()
    if _overlay().is_real(parent):
        path = getattr(parent, "__path__", None)
        return (
            bool(path)
            and importlib.machinery.PathFinder.find_spec(fullname, path) is not None
        )
    return False


def locate_module(fullname: str) -> Located:
    """Import ``fullname`` (an ``mmcv`` module) through the aliases and say
    where it comes from; ``unavailable`` with the reason when it fails."""
    try:
        module = importlib.import_module(fullname)
    except ImportError as e:
        return Located(UNAVAILABLE, None, str(e), known=False)
    origin = _origin_of_module(module)
    if origin == UNAVAILABLE:
        return Located(origin, module, f"it belongs to MMCV 2.x: {INSTALL_MMCV_LITE}")
    return Located(origin, module)


def locate_path(path: str) -> tuple[str, Located]:
    """The ``mmcv`` symbol a dotted path as written in code names, and where
    it comes from: ``mmcv.runner.get_dist_info.__name__`` ->
    (``"mmcv.runner.get_dist_info"``, its :class:`Located`); a path that
    stays on modules (``mmcv.cnn``) is the module."""
    parts = path.split(".")
    module = parts[0]
    located = locate_module(module)
    for part in parts[1:]:
        if located.origin == UNAVAILABLE:
            break
        located = locate(module, part)
        if located.origin == UNAVAILABLE or not isinstance(
            located.value, types.ModuleType
        ):
            return f"{module}.{part}", located
        module = f"{module}.{part}"
    return module, located


def locate(module: str, name: str) -> Located:
    """Where ``from <module> import <name>`` comes from (``module`` an
    ``mmcv`` module path), importing what it needs through the aliases.

    The one resolution chain: the import machinery, the module attribute
    hooks and ``mmcompat doctor`` all call it.
    """
    return _locate(module, name, depth=0)


def _locate(module: str, name: str, depth: int) -> Located:
    overlay = _overlay()
    installed = overlay.installed
    symbol = f"{module}.{name}"
    if _is_module_path(symbol):
        return locate_module(symbol)
    listed = symbol in MOVES or name in REMOVED_MODULES.get(module, ())
    parent = sys.modules.get(module)
    if parent is None:
        parent = locate_module(module).value
    if name.startswith("__") and parent is not None and name in vars(parent):
        # module metadata (mmcv.__version__): what the module says
        return Located(_origin_of_module(parent), getattr(parent, name))
    real_parent = overlay.is_real(parent)
    # 1. the legacy implementation
    if installed is not None and listed:
        from .layer_registries import legacy_registry

        registry = legacy_registry(module, name)
        if registry is not None:
            return Located(FROM_LEGACY, registry)
    if name in LEGACY and (listed or not real_parent):
        target = LEGACY[name]
        origin = FROM_LEGACY if target.startswith("mmcompat.legacy") else FROM_MMCOMPAT
        return Located(origin, _load(target, name))
    # 2. the mmcompat new home
    resolution = resolve(module, name)
    home = resolution is not None and resolution.action != "todo" and resolution.module
    if home and home.startswith("mmcompat"):
        try:
            return Located(FROM_MMCOMPAT, _load(home, resolution.name))
        except (ImportError, AttributeError):
            pass
    mirrored = _mmcompat_mirror(lookup(module, name), name)
    if mirrored is not None:
        return Located(FROM_MMCOMPAT, mirrored)
    # 3. the installed mmcv 2.x
    if real_parent and name in vars(parent):
        return Located(FROM_MMCV, vars(parent)[name])
    if (
        home
        and home.startswith("mmcv")
        and f"{home}.{resolution.name}" != symbol
        and depth < 4
    ):
        target_module = locate_module(home)
        if target_module.origin != UNAVAILABLE:
            found = _locate(home, resolution.name, depth + 1)
            if found.origin != UNAVAILABLE:
                return found
    # 4. the ops fallback
    if module == "mmcv.ops" or module.startswith("mmcv.ops."):
        fallback = overlay.ops_fallback()
        if fallback is not None:
            if name in vars(fallback):
                return Located(FROM_OPS_FALLBACK, vars(fallback)[name])
            return Located(
                UNAVAILABLE,
                why="MMCV 1.7.2's mmcv.ops has no such name",
                known=False,
            )
    # 5. unavailable
    known = listed or (installed is None and not real_parent and in_mmcv2(module))
    return Located(UNAVAILABLE, why=advice(module, name, installed), known=known)


def _mmcompat_mirror(row: Optional[tuple], name: str) -> Any:
    """The mmcompat object mirroring an MMEngine home the table gives below
    a package mmcompat mirrors (``mmengine.model.weight_init.trunc_normal_``
    -> ``mmcompat.model.weight_init.trunc_normal_`` or
    ``mmcompat.model.trunc_normal_``), or None."""
    home = row[0] if row else None
    if not home or not home.startswith("mmengine."):
        return None
    parts = home.split(".")
    candidates = [".".join(["mmcompat", *parts[1:-1]]), f"mmcompat.{parts[1]}"]
    for candidate in dict.fromkeys(candidates):
        try:
            return getattr(importlib.import_module(candidate), parts[-1])
        except (ImportError, AttributeError):
            continue
    return None


def _serve(module: str, name: str) -> Any:
    """A module attribute under the aliases: the located value, a stand-in
    failing when used, or the import error MMCV 1.x would have raised."""
    if name.startswith("_") and f"{module}.{name}" not in MOVES:
        # private and dunder names MMCV 1.x did not export: a plain miss
        # (``hasattr(module, "__file__")`` probes must stay cheap and quiet)
        raise AttributeError(f"module {module!r} has no attribute {name!r}")
    located = locate(module, name)
    if located.origin != UNAVAILABLE:
        return located.value
    symbol = f"{module}.{name}"
    site = use_site()
    if located.known:
        return unavailable(symbol, site, located.why)
    raise LegacySymbolError(
        message(symbol, f"imported at {site}" if site else "", located.why)
    )


class ShimModule(types.ModuleType):
    """A legacy ``mmcv`` module MMCV 2.x does not have (or, without MMCV 2.x,
    one it does; or a view of the ops fallback); its attributes resolve
    lazily through :func:`locate`."""

    _mmcompat_origin = FROM_LEGACY

    def __getattr__(self, name: str) -> Any:
        value = _serve(self.__name__, name)
        if not isinstance(value, _UnavailableMeta):
            setattr(self, name, value)
        return value

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, types.ModuleType) and _reexported(self, name):
            # the import system binds a loaded submodule on its package; MMCV
            # packages re-export a symbol under that name (mmcv.ops.nms is
            # the function, mmcv.parallel.collate too): the symbol wins
            return
        super().__setattr__(name, value)


def _reexported(package: ShimModule, name: str) -> bool:
    if f"{package.__name__}.{name}" in MOVES:
        return True
    if package._mmcompat_origin == FROM_OPS_FALLBACK:
        fallback = _overlay().ops_fallback()
        value = vars(fallback).get(name) if fallback is not None else None
        return value is not None and not isinstance(value, types.ModuleType)
    return False


# -- the finder ----------------------------------------------------------------


class _ShimLoader(importlib.abc.Loader):
    def __init__(self, origin: str = FROM_LEGACY) -> None:
        self._origin = origin

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ShimModule:
        module = ShimModule(spec.name)
        module._mmcompat_origin = self._origin
        module.__path__ = []  # a package: submodules resolve through the finder
        if spec.name == "mmcv":
            module.__version__ = reported_version()
            module.version_info = tuple(int(p) for p in module.__version__.split("."))
        module.__doc__ = f"mmcompat alias of the legacy `{spec.name}` module"
        return module

    def exec_module(self, module: types.ModuleType) -> None:
        pass


class _RealLoader(importlib.abc.Loader):
    """Executes a real mmcv module, then overlays the legacy names on it."""

    def __init__(self, loader: importlib.abc.Loader, overlay: _Overlay) -> None:
        self._loader = loader
        self._overlay = overlay

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> Any:
        return self._loader.create_module(spec)

    def exec_module(self, module: types.ModuleType) -> None:
        # the module keeps its own loader (source, resources, tracebacks)
        module.__loader__ = self._loader
        module.__spec__.loader = self._loader
        self._loader.exec_module(module)
        self._overlay.adopt(module)


class _RealOpsLoader(_RealLoader):
    """A real ``mmcv.ops`` module, or a view of the fallback when it needs
    the compiled extension that is missing (``mmcv.ops.merge_cells`` is pure
    Python and loads from MMCV's own file; ``mmcv.ops.nms`` does not)."""

    def exec_module(self, module: types.ModuleType) -> None:
        try:
            super().exec_module(module)
        except ImportError as e:
            if "_ext" not in f"{e.name} {e}":
                raise
            name = module.__name__
            if name == "mmcv.ops":
                for stale in [n for n in sys.modules if n.startswith("mmcv.ops.")]:
                    del sys.modules[stale]
                _Overlay.ops_unloadable = f"{e}"
            self._overlay.serve_ops_fallback()
            view = _ShimLoader(FROM_OPS_FALLBACK).create_module(module.__spec__)
            sys.modules[name] = view


class LegacyAliasFinder(importlib.abc.MetaPathFinder):
    """Finds ``mmcv`` modules: real ones where MMCV 2.x has them, shims for
    the legacy ones it dropped; refuses the ones nobody has."""

    def __init__(self, overlay: _Overlay) -> None:
        self._overlay = overlay

    @property
    def installed(self) -> Optional[InstalledMMCV]:
        """The real mmcv >= 2 the overlay uses (None: none installed)."""
        return self._overlay.installed

    def find_spec(
        self, fullname: str, path: Any = None, target: Any = None
    ) -> Optional[importlib.machinery.ModuleSpec]:
        if fullname != "mmcv" and not fullname.startswith("mmcv."):
            return None
        overlay = self._overlay
        parent_name = fullname.rpartition(".")[0]
        parent = sys.modules.get(parent_name) if parent_name else None
        if fullname == "mmcv.ops" or fullname.startswith("mmcv.ops."):
            return self._ops_spec(fullname, parent)
        if fullname == "mmcv" and overlay.installed is not None:
            return self._real_spec(fullname, None, _RealLoader)
        if overlay.is_real(parent):
            spec = self._real_spec(fullname, parent.__path__, _RealLoader)
            if spec is not None:
                return spec
        if fullname in SHIM_MODULES:
            return self._shim_spec(fullname)
        if (overlay.installed is None and in_mmcv2(fullname)) or _removed_module(
            fullname
        ):
            # MMCV 1.x had it; every name in it fails when used
            return self._shim_spec(fullname, UNAVAILABLE)
        if fullname.rpartition(".")[2].startswith("_"):
            return None  # mmcv._ext and friends: the normal error
        raise ModuleNotFoundError(
            _module_error(fullname, overlay.installed), name=fullname
        )

    def _shim_spec(
        self, fullname: str, origin: str = FROM_LEGACY
    ) -> importlib.machinery.ModuleSpec:
        return importlib.machinery.ModuleSpec(
            fullname, _ShimLoader(origin), is_package=True
        )

    def _real_spec(
        self, fullname: str, path: Any, loader_cls: type
    ) -> Optional[importlib.machinery.ModuleSpec]:
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None:
            return None
        spec.loader = loader_cls(spec.loader, self._overlay)
        return spec

    def _ops_spec(
        self, fullname: str, parent: Any
    ) -> Optional[importlib.machinery.ModuleSpec]:
        overlay = self._overlay
        if fullname == "mmcv.ops":
            if overlay.is_real(parent) and not _Overlay.ops_unloadable:
                spec = self._real_spec(fullname, parent.__path__, _RealOpsLoader)
                if spec is not None:
                    return spec
            overlay.serve_ops_fallback()
            return self._shim_spec(fullname, FROM_OPS_FALLBACK)
        if overlay.is_real(parent):
            return self._real_spec(fullname, parent.__path__, _RealLoader)
        if overlay.is_fallback(parent) and fullname.count(".") == 2:
            # MMCV's op modules (mmcv.ops.nms...): MMCV's own file where it
            # loads without the extension, else a view of the fallback
            if fullname.rpartition(".")[2] not in overlay.ops_submodules():
                raise ModuleNotFoundError(
                    _module_error(fullname, overlay.installed), name=fullname
                )
            if overlay.installed is not None:
                ops_dir = [osp.join(overlay.installed.root, "ops")]
                spec = self._real_spec(fullname, ops_dir, _RealOpsLoader)
                if spec is not None:
                    return spec
            return self._shim_spec(fullname, FROM_OPS_FALLBACK)
        return None


def _module_error(fullname: str, installed: Optional[InstalledMMCV]) -> str:
    site = use_site()
    at = f" (imported at {site})" if site else ""
    parent, _, child = fullname.rpartition(".")
    resolution = resolve(parent, child)
    if parent == "mmcv" and child in MMCV1_PACKAGES:
        why = advice(parent, child, installed)
    elif resolution is not None and resolution.action == "todo":
        why = resolution.note
    elif installed is not None:
        why = (
            f"it is neither in the installed mmcv {installed.version} nor an "
            "MMCV 1.x module mmcompat emulates"
        )
    else:
        why = "it is not an MMCV 1.x module mmcompat emulates"
    return f"`{fullname}`{at} is not available under `mmcompat run`: {why}"


def _ops_error(installed: Optional[InstalledMMCV]) -> str:
    site = use_site()
    at = f" (imported at {site})" if site else ""
    have = (
        f"the installed mmcv {installed.version} has no loadable compiled ops"
        if installed is not None
        else "no mmcv with compiled ops is installed"
    )
    return (
        f"`mmcv.ops`{at} is not available under `mmcompat run`: {have} and this "
        "mmcompat has no pure-torch fallback (mmcompat.legacy.ops); install "
        "mmcv>=2 built with its ops for your torch"
    )


# -- the overlay ---------------------------------------------------------------


class _Overlay:
    """What one ``legacy_aliases()`` block changed, to put back afterwards."""

    #: the reason the real ``mmcv.ops`` did not load (once per process: its
    #: extension will not appear later)
    ops_unloadable: Optional[str] = None

    def __init__(
        self, installed: Optional[InstalledMMCV], version: str = LEGACY_VERSION
    ) -> None:
        self.installed = installed
        #: the MMCV 1.x version ``mmcv.__version__`` reports
        self.version = version
        self.adopted: list[types.ModuleType] = []
        self.overridden: list[tuple[types.ModuleType, str, Any]] = []
        self.cleanups = ExitStack()
        self._fallback: Any = None

    def is_real(self, module: Any) -> bool:
        if self.installed is None or not _is_real_package(module):
            return False
        return module.__file__.startswith(self.installed.root + osp.sep)

    def is_fallback(self, module: Any) -> bool:
        """Whether ``module`` is a view of the ops fallback."""
        return (
            isinstance(module, ShimModule)
            and module._mmcompat_origin == FROM_OPS_FALLBACK
        )

    def ops_fallback(self) -> Any:
        """The fallback package when it serves ``mmcv.ops`` (else None)."""
        ops = sys.modules.get("mmcv.ops")
        if ops is None:
            try:
                ops = importlib.import_module("mmcv.ops")
            except ImportError:
                return None
        return self._fallback if self.is_fallback(ops) else None

    def ops_submodules(self) -> frozenset[str]:
        """The ``mmcv.ops`` module names: MMCV 1.7.2's (those its ``ops``
        exports come from) and the installed mmcv's files."""
        fallback = self.serve_ops_fallback()
        names = set(getattr(fallback, "MMCV_OPS_EXPORTS", {}).values())
        if self.installed is not None:
            ops_dir = osp.join(self.installed.root, "ops")
            if osp.isdir(ops_dir):
                names.update(f[:-3] for f in os.listdir(ops_dir) if f.endswith(".py"))
        return frozenset(names - {"__init__"})

    def serve_ops_fallback(self) -> types.ModuleType:
        if self._fallback is None:
            try:
                self._fallback = importlib.import_module(OPS_FALLBACK_PACKAGE)
            except ModuleNotFoundError as e:
                if e.name != OPS_FALLBACK_PACKAGE:
                    raise
                raise ImportError(_ops_error(self.installed), name="mmcv.ops") from None
        return self._fallback

    def adopt(self, module: types.ModuleType) -> None:
        """Overlay the legacy names a real mmcv module lacks (PEP 562)."""
        if "__getattr__" in vars(module):
            return
        module.__getattr__ = functools.partial(_serve, module.__name__)
        self.adopted.append(module)
        if module.__name__ == "mmcv":
            version = tuple(int(p) for p in self.version.split("."))
            self.override(module, "__version__", self.version)
            self.override(module, "version_info", version)
            from .interop import mmengine_interop

            self.cleanups.enter_context(mmengine_interop())

    def override(self, module: types.ModuleType, name: str, value: Any) -> None:
        self.overridden.append((module, name, vars(module).get(name, _MISSING)))
        setattr(module, name, value)

    def restore(self) -> None:
        for module, name, old in reversed(self.overridden):
            if old is _MISSING:
                vars(module).pop(name, None)
            else:
                setattr(module, name, old)
        for module in self.adopted:
            vars(module).pop("__getattr__", None)
            for name, value in list(vars(module).items()):
                if isinstance(value, ShimModule):
                    del vars(module)[name]
        views = sys.modules.get(f"{_RT}.layer_registries")
        if views is not None:
            views.forget_views()
        self.cleanups.close()


_MISSING = object()


def _is_mmcv(name: str) -> bool:
    return name == "mmcv" or name.startswith("mmcv.")


@contextmanager
def legacy_aliases(mmcv_version: Optional[str] = None) -> Iterator[LegacyAliasFinder]:
    """Serve ``mmcv`` imports through the overlay inside the block.

    ``mmcv.__version__`` is ``mmcv_version`` (an MMCV 1.x version, default
    1.7.2, whose behaviour is served either way): a library that accepts
    only an older 1.x release imports.

    ``mmcv*`` modules already imported are set aside and restored on exit,
    except real mmcv >= 2 modules (they are overlaid, and the overlay is
    removed on exit); the legacy registries created inside are detached from
    mmcompat's root registries afterwards. Blocks do not nest: an inner
    block shares the outer one.
    """
    global _ACTIVE
    if _ACTIVE is not None:
        yield _ACTIVE.finder
        return
    overlay = _Overlay(
        find_installed_mmcv(), check_mmcv_version(mmcv_version or LEGACY_VERSION)
    )
    saved = {
        name: sys.modules.pop(name)
        for name in list(sys.modules)
        if _is_mmcv(name) and not overlay.is_real(sys.modules[name])
    }
    registries = _registry_snapshot()
    finder = overlay.finder = LegacyAliasFinder(overlay)
    _ACTIVE = overlay
    sys.meta_path.insert(0, finder)
    try:
        from .interop import numpy_aliases

        overlay.cleanups.enter_context(numpy_aliases())
        for name in sorted(n for n in sys.modules if _is_mmcv(n)):
            overlay.adopt(sys.modules[name])
        yield finder
    finally:
        if finder in sys.meta_path:
            sys.meta_path.remove(finder)
        try:
            overlay.restore()
        finally:
            _ACTIVE = None
            for name in [n for n in sys.modules if _is_mmcv(n)]:
                if not overlay.is_real(sys.modules[name]):
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
    from . import loop, mmcv_hooks, mmcv_schedule_hooks, model  # noqa: F401
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
