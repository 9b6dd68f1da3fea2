"""Converting a tree of legacy configs while keeping ``_base_`` inheritance.

Every file is translated from its *merged* legacy config (``translate`` of
what ``Config.fromfile`` gives). A file is then written as its own
``_base_`` list (same relative paths, pointing at the converted bases) plus
only the keys whose translated value differs from what its converted bases
give: nested dicts as the keys that differ, lists whole, and a dict that
must replace (not merge into) the base's value with ``_delete_=True``.
Loading the converted file therefore gives exactly its translation; every
file's diff is checked by replaying the merge in memory, and a file whose
difference cannot be expressed (a key its bases have and it lacks, bases
that collide, a base that failed or lies outside the tree) is written flat
(fully merged) instead, with a note.

Pure dict work over ``mmcompat.config`` (no torch).
"""

from __future__ import annotations

import copy
import os
import os.path as osp
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from mmcompat.config import ConfigError

from ..report import Report, TranslationError
from . import _plain, translate

__all__ = [
    "ConvertedFile",
    "load_legacy",
    "direct_bases",
    "convert_tree",
    "diff_against",
    "CONFIG_SUFFIXES",
]

CONFIG_SUFFIXES = (".py", ".json", ".yaml", ".yml")
DELETE = "_delete_"


@dataclass
class ConvertedFile:
    """One file of a conversion: its translation and what gets written."""

    source: str  # absolute path of the legacy file
    relpath: str  # path relative to the tree root (or the file name)
    full: dict | None = None  # translate(merged legacy config)
    report: Report | None = None
    written: dict | None = None  # the dict emitted (flat or _base_ + diff)
    bases: list[str] = field(default_factory=list)  # absolute base paths
    base_refs: list[str] = field(default_factory=list)  # as written in _base_
    error: str | None = None
    flat_reason: str | None = None
    #: (path, message) of the TODOs its bases' files already carry
    inherited_todos: set = field(default_factory=set)

    @property
    def ok(self) -> bool:
        return self.error is None


def load_legacy(path: str) -> dict:
    """The merged legacy config of ``path`` as plain dicts, loaded as MMCV
    1.7.2 loads it (custom imports are not executed: converting must not
    need the library installed)."""
    from ..config_file import load_legacy_config

    return _plain(load_legacy_config(path))


def direct_bases(path: str) -> list[str]:
    """The ``_base_`` entries of ``path`` as written (without loading its
    bases); a :class:`~mmcompat.config.ConfigError` when the file does not
    parse or ``_base_`` is not a path or a list of paths."""
    from mmcompat.config import loader

    ext = osp.splitext(path)[1]
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except UnicodeDecodeError as exc:
        raise loader.ConfigSyntaxError(
            f"config file is not UTF-8 text: {exc}", filename=path
        ) from None
    text = loader.substitute_predefined_vars(text, path)
    text, _ = loader.substitute_base_placeholders(text)
    if ext == ".py":
        bases, _ = loader.compile_python(text, path)
    else:
        bases = loader.parse_data(text, path, ext).get("_base_", [])
    return loader.normalize_base_files(bases, path)


def _equal(a: Any, b: Any) -> bool:
    """Deep equality that tells tuples from lists (a config file does)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b))
    return a == b


def _diff_dict(child: dict, base: dict) -> dict:
    """What to write over ``base`` (a dict) so the merge gives ``child``."""
    if any(k not in child for k in base):
        out = {DELETE: True}
        out.update(copy.deepcopy(child))
        return out
    out: dict = {}
    for key, value in child.items():
        if key not in base:
            out[key] = copy.deepcopy(value)
        elif _equal(value, base[key]):
            continue
        elif isinstance(value, dict):
            out[key] = _diff_value(value, base[key])
        else:
            out[key] = copy.deepcopy(value)
    return out


def _diff_value(child: Any, base: Any) -> Any:
    if isinstance(child, dict):
        if isinstance(base, dict):
            return _diff_dict(child, base)
        out = {DELETE: True}
        out.update(copy.deepcopy(child))
        return out
    return copy.deepcopy(child)


def diff_against(full: dict, base_view: dict) -> dict | None:
    """Top-level keys to write over ``base_view`` to get ``full`` (None when
    ``base_view`` has a key ``full`` lacks: a base's key cannot be deleted)."""
    if any(k not in full for k in base_view):
        return None
    out = {}
    for key, value in full.items():
        if key not in base_view:
            out[key] = copy.deepcopy(value)
        elif not _equal(value, base_view[key]):
            out[key] = _diff_value(value, base_view[key])
    return out


def _replay(child: dict, base_view: dict) -> dict:
    """What loading ``child`` over ``base_view`` gives (the loader's merge)."""
    from mmcompat.config.merge import merge_a_into_b

    merged = merge_a_into_b(copy.deepcopy(child), copy.deepcopy(base_view))
    return _plain(merged)


def _collect(root: str) -> list[str]:
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            # OpenMMLab 1.x configs are Python; a tree's .yml/.json files are
            # metadata (model-zoo metafiles), not configs.
            if name.endswith(".py") and not name.startswith("."):
                found.append(osp.join(dirpath, name))
    return found


def _topological(files: dict[str, ConvertedFile]) -> list[ConvertedFile]:
    order: list[ConvertedFile] = []
    state: dict[str, int] = {}

    def visit(path: str) -> None:
        if state.get(path) == 2 or path not in files:
            return
        if state.get(path) == 1:
            return  # a cycle: the loader reports it for the files involved
        state[path] = 1
        for base in files[path].bases:
            visit(base)
        state[path] = 2
        order.append(files[path])

    for path in sorted(files):
        visit(path)
    return order


def convert_tree(
    root: str,
    *,
    target: str = "mmcompat",
    flat: bool = False,
    paths: Iterable[str] | None = None,
    progress: Callable[[ConvertedFile], None] | None = None,
) -> list[ConvertedFile]:
    """Translate every config under ``root`` (or the given ``paths`` in it).

    Returns the files in dependency order (bases first); each has ``full``
    (its translation) and ``written`` (what to emit: ``_base_`` plus the
    differences, or ``full`` when ``flat`` or when inheritance cannot express
    it), or ``error`` (one line naming the file and key).
    """
    root = osp.abspath(root)
    sources = [osp.abspath(p) for p in paths] if paths is not None else _collect(root)
    files: dict[str, ConvertedFile] = {}
    for path in sources:
        item = ConvertedFile(source=path, relpath=osp.relpath(path, root))
        try:
            item.base_refs = direct_bases(path)
        except ConfigError as exc:
            item.error = _error_line(item, exc)
        except OSError as exc:
            item.error = f"{item.relpath}: cannot read: {exc.strerror or exc}"
        item.bases = [
            osp.abspath(osp.join(osp.dirname(path), osp.expanduser(b)))
            for b in item.base_refs
        ]
        files[path] = item
    used_as_base = {b for item in files.values() for b in item.bases}
    ordered = _topological(files)
    for item in ordered:
        if item.error is None:
            _translate_one(
                item,
                files,
                target,
                flat,
                partial=item.source in used_as_base or "/_base_/" in item.source,
            )
        if progress is not None:
            progress(item)
    return ordered


def _error_line(item: ConvertedFile, exc: Any) -> str:
    """One line for a ConfigError: file (and line), key, what was expected."""
    where = "" if exc.filename in (None, item.source) else f" (in {exc.filename})"
    key = f"{exc.key}: " if exc.key else ""
    line = f" line {exc.lineno}" if exc.lineno else ""
    return f"{item.relpath}{line}: {key}{exc.detail}{where}"


def _translate_one(
    item: ConvertedFile,
    files: dict[str, ConvertedFile],
    target: str,
    flat: bool,
    partial: bool,
) -> None:
    try:
        legacy = load_legacy(item.source)
        if not legacy:
            item.error = f"{item.relpath}: defines no config keys (not a config file?)"
            return
        item.full, item.report = translate(
            legacy, target=target, source=item.relpath, partial=partial
        )
    except TranslationError as exc:
        item.error = f"{item.relpath}: {exc.key}: {exc.message}"
        return
    except ConfigError as exc:
        item.error = _error_line(item, exc)
        return
    except Exception as exc:  # a config file that fails while executing
        item.error = (
            f"{item.relpath}: config failed to load ({type(exc).__name__}: {exc})"
        )
        return
    item.written = item.full
    if flat or not item.bases:
        return
    reason = _inheritance_blocker(item, files)
    if reason is None:
        base_view: dict = {}
        for base in item.bases:
            base_view.update(files[base].full)  # type: ignore[arg-type]
        child = diff_against(item.full, base_view)
        if child is None:
            reason = "its bases define keys its translation does not have"
        else:
            written = {
                "_base_": item.base_refs[0]
                if len(item.base_refs) == 1
                else list(item.base_refs)
            }
            written.update(child)
            if _equal(_replay(child, base_view), item.full):
                item.written = written
                item.inherited_todos = {
                    (f.path, f.message)
                    for base in item.bases
                    for f in files[base].report.todos  # type: ignore[union-attr]
                } | {t for base in item.bases for t in files[base].inherited_todos}
                return
            reason = "the difference from its bases does not merge back exactly"
    item.flat_reason = reason
    item.report.note("_base_", f"written flat (fully merged): {reason}")  # type: ignore[union-attr]


def _inheritance_blocker(
    item: ConvertedFile, files: dict[str, ConvertedFile]
) -> str | None:
    seen: set[str] = set()
    for base, ref in zip(item.bases, item.base_refs):
        other = files.get(base)
        if other is None:
            return f"base {ref!r} is not part of the converted tree"
        if not other.ok or other.full is None:
            return f"base {ref!r} failed to convert"
        if (
            other.written is not other.full
            and other.flat_reason is None
            and other.written is None
        ):
            return f"base {ref!r} was not written"
        overlap = seen & set(other.full)
        if overlap:
            return f"its converted bases both define {sorted(overlap)}"
        seen |= set(other.full)
    return None
