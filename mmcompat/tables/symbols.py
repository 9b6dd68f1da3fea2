"""Where every legacy MMCV 1.x symbol lives now (read by the codemods and the
legacy import aliases).

``MOVES`` maps a legacy import path (``"mmcv.runner.EpochBasedRunner"``,
``"mmcv.Config"``, ``"mmcv.runner.hooks.lr_updater.StepLrUpdaterHook"``) to
``(new_home, note)``:

- ``new_home`` is the MMEngine 0.10.7 (``"mmengine.hooks.Hook"``) or MMCV 2.x
  (``"mmcv.cnn.ConvModule"``) path of the same symbol, or ``None`` when it was
  removed without a drop-in replacement;
- ``note`` names the replacement of a removed symbol, or the behaviour change
  of a moved one (``{root}`` stands for the target import root). Notes that
  start with ``renamed:`` are informational only.

The table is generated from the real libraries by
``fixtures/golden/symbols/record.py`` (the curated decisions live there) into
:mod:`mmcompat.tables.symbol_moves`; this module holds the hand-written
resolution logic that reads it.

MMCV 1.x re-exported helpers from many places (``mmcv.Config`` is
``mmcv.utils.config.Config``); every such import path has its own row.
The ``mmcompat`` target mirrors MMEngine's packages (``mmengine.hooks`` ->
``mmcompat.hooks``, ``mmengine.fileio`` -> ``mmcompat.fileio``) for the
packages in ``MMCOMPAT_PACKAGES``; names in those packages that mmcompat
does not provide (``MMCOMPAT_MISSING``) and symbols of other MMEngine
packages (``mmengine.utils.dl_utils``, ``mmengine.device``, ...) get a TODO
instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from .symbol_moves import (
    MMCOMPAT_PACKAGES,
    MMCV2_MODULES,
    MOVES,
    REMOVED_MODULES,
    REMOVED_PACKAGES,
)

__all__ = [
    "MOVES",
    "MMCOMPAT_MISSING",
    "REMOVED_MODULES",
    "REMOVED_PACKAGES",
    "Resolution",
    "TARGETS",
    "dropped_package",
    "is_legacy_module",
    "lookup",
    "note_needs_todo",
    "resolve",
]

TARGETS = ("mmcompat", "mmengine")


class Resolution(NamedTuple):
    """What the codemod does with one legacy symbol for one target.

    ``action`` is ``"move"`` (import ``name`` from ``module``), ``"keep"``
    (the legacy path still works in MMCV 2.x) or ``"todo"`` (leave the code,
    add ``# TODO(mmcompat): note``). A ``"move"`` may carry a note too: a
    behaviour change worth a TODO at the import.
    """

    action: str
    module: str | None
    name: str | None
    note: str


# MMEngine names in packages mmcompat mirrors that mmcompat does not provide
# (checked against the installed mmcompat by tests/codemods): the mmcompat
# target gets a TODO for them instead of an import that would fail.
MMCOMPAT_MISSING: frozenset[str] = frozenset(
    {
        # remote storage backends: mmcompat.fileio reads local files only
        "mmengine.fileio.HTTPBackend",
        "mmengine.fileio.LmdbBackend",
        "mmengine.fileio.MemcachedBackend",
        "mmengine.fileio.PetrelBackend",
        "mmengine.hooks.ProfilerHook",
        "mmengine.runner.get_deprecated_model_names",
        "mmengine.runner.get_external_models",
        "mmengine.runner.get_mmcls_models",
        "mmengine.runner.get_torchvision_models",
    }
)

LEGACY_ROOTS = ("mmcv",)


def is_legacy_module(module: str) -> bool:
    """True for ``mmcv`` and its submodules (the import roots we rewrite)."""
    return module == "mmcv" or module.startswith("mmcv.")


def lookup(module: str, name: str) -> tuple[str | None, str] | None:
    """The ``MOVES`` row of ``from module import name``, or None if unknown."""
    return MOVES.get(f"{module}.{name}")


def dropped_package(module: str) -> str | None:
    """The MMCV 1.x package that ``module`` is (or is below) when MMCV 2.x
    dropped it (``mmcv.tensorrt``, ``mmcv.device``, ``mmcv.runner``); None
    for a package MMCV 2.x still has (``mmcv.ops``) or a non-MMCV module."""
    parts = module.split(".")
    if parts[0] != "mmcv" or len(parts) < 2:
        return None
    package = ".".join(parts[:2])
    if any(m == package or m.startswith(package + ".") for m in MMCV2_MODULES):
        return None
    return package


def _unlisted(module: str) -> Resolution | None:
    """A path the table does not list: fine below a package MMCV 2.x still
    has (``mmcv.ops.nms``), a TODO below one it dropped."""
    package = dropped_package(module)
    if package is None:
        return None
    return Resolution("todo", None, None, f"{package} was removed in MMCV 2.x")


_MMCOMPAT_ROOT = Path(__file__).resolve().parents[1]


def _mmcompat_home(new: str) -> str | None:
    """``mmengine.hooks.Hook`` -> ``mmcompat.hooks.Hook`` where mirrored.

    A deeper path (``mmengine.runner.checkpoint._load_checkpoint``) maps to
    the same submodule of mmcompat when mmcompat has that module file.
    """
    parts = new.split(".")
    if (
        len(parts) < 3
        or parts[0] != "mmengine"
        or parts[1] not in MMCOMPAT_PACKAGES
        or new in MMCOMPAT_MISSING
        or f"mmengine.{parts[1]}.{parts[-1]}" in MMCOMPAT_MISSING
    ):
        return None
    if len(parts) > 3:
        module = _MMCOMPAT_ROOT.joinpath(*parts[1:-1])
        if not (module.with_suffix(".py").is_file() or module.is_dir()):
            return None
    return ".".join(["mmcompat", *parts[1:]])


def resolve(module: str, name: str, target: str = "mmcompat") -> Resolution | None:
    """How to rewrite ``from module import name`` for ``target``.

    Returns None for paths the table does not know (not legacy, or a
    private name nobody exports).
    """
    if target not in TARGETS:
        raise ValueError(f"target must be one of {TARGETS}, got {target!r}")
    row = lookup(module, name)
    if row is None:
        return _unlisted(module)
    new, note = row
    root = target
    note = note.replace("{root}", root)
    if new is None:
        return Resolution("todo", None, None, note)
    new_module, _, new_name = new.rpartition(".")
    if new == f"{module}.{name}":
        return Resolution("keep", module, name, note)
    if new_module == "mmcv" or new_module.startswith("mmcv."):
        return Resolution("move", new_module, new_name, note)
    if target == "mmengine":
        return Resolution("move", new_module, new_name, note)
    home = _mmcompat_home(new)
    if home is None:
        extra = f"; {note}" if note else ""
        return Resolution(
            "todo",
            None,
            None,
            f"{name} moved to {new_module}.{new_name} in MMEngine, "
            f"which mmcompat does not provide{extra}",
        )
    home_module, _, home_name = home.rpartition(".")
    return Resolution("move", home_module, home_name, note)


def note_needs_todo(note: str) -> bool:
    """Behaviour-change notes become TODO comments; renames do not."""
    return bool(note) and not note.startswith("renamed:")
