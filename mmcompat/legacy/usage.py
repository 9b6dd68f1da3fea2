"""Which ``mmcv`` names a Python source tree uses, and where (no imports).

Reads each file's AST for ``import mmcv...``, ``from mmcv... import ...``
and ``mmcv.x.y`` attribute chains on names bound to an ``mmcv`` module or
symbol (``import mmcv.cnn as cnn``; ``cnn.ConvModule``). A use is the dotted
path as written (``mmcv.runner.hooks.Hook.priority`` stays whole: where the
module part ends is the resolver's business, see
:func:`mmcompat.legacy.runtime.aliases.locate_path`). Torch-free.
"""

from __future__ import annotations

import ast
import os
from collections.abc import Iterator
from typing import NamedTuple

__all__ = ["Use", "Unparsed", "python_files", "mmcv_uses"]


class Use(NamedTuple):
    """One use of an ``mmcv`` name: the dotted path, file and line."""

    path: str
    file: str
    line: int


class Unparsed(NamedTuple):
    """A file that is not valid Python (3)."""

    file: str
    line: int
    error: str


def _is_mmcv(name: str) -> bool:
    return name == "mmcv" or name.startswith("mmcv.")


#: directories of tools, not code (``.mim``, hidden too, is code: OpenMMLab
#: wheels ship their tools there)
_SKIPPED_DIRS = frozenset(
    {".git", ".hg", ".svn", ".tox", ".nox", ".venv", ".eggs", "__pycache__",
     ".mypy_cache", ".pytest_cache", ".ruff_cache"}
)  # fmt: skip


def python_files(source: str) -> list[str]:
    """``source`` itself when it is a file, else every ``.py`` below it
    (sorted; version-control and tool cache directories skipped)."""
    if os.path.isfile(source):
        return [source]
    found = []
    for root, dirs, files in os.walk(source):
        dirs[:] = sorted(d for d in dirs if d not in _SKIPPED_DIRS)
        found.extend(os.path.join(root, f) for f in sorted(files) if f.endswith(".py"))
    return found


class _Collector(ast.NodeVisitor):
    def __init__(self, file: str) -> None:
        self.file = file
        self.bound: dict[str, str] = {}  # local name -> mmcv dotted path
        self.uses: list[Use] = []

    def _use(self, path: str, node: ast.AST) -> None:
        self.uses.append(Use(path, self.file, node.lineno))

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if not _is_mmcv(alias.name):
                continue
            self._use(alias.name, node)
            if alias.asname:
                self.bound[alias.asname] = alias.name
            else:
                self.bound["mmcv"] = "mmcv"

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level or not node.module or not _is_mmcv(node.module):
            return
        for alias in node.names:
            if alias.name == "*":
                self._use(node.module, node)
                continue
            path = f"{node.module}.{alias.name}"
            self._use(path, node)
            self.bound[alias.asname or alias.name] = path

    def visit_Attribute(self, node: ast.Attribute) -> None:
        parts = []
        current: ast.AST = node
        while isinstance(current, ast.Attribute):
            parts.append(current.attr)
            current = current.value
        if isinstance(current, ast.Name) and current.id in self.bound:
            path = ".".join([self.bound[current.id], *reversed(parts)])
            self._use(path, node)


def mmcv_uses(files: list[str]) -> tuple[list[Use], list[Unparsed]]:
    """The ``mmcv`` uses of ``files``, in file and line order, and the files
    that could not be parsed."""
    uses: list[Use] = []
    unparsed: list[Unparsed] = []
    for file in files:
        try:
            with open(file, "rb") as f:
                tree = ast.parse(f.read(), filename=file)
        except SyntaxError as e:
            unparsed.append(Unparsed(file, e.lineno or 0, e.msg))
            continue
        except (OSError, ValueError) as e:
            unparsed.append(Unparsed(file, 0, str(e)))
            continue
        collector = _Collector(file)
        # imports first, so chains on names bound later in the file resolve
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                collector.visit(node)
        collector.uses.sort(key=lambda u: u.line)
        imports = collector.uses
        collector.uses = []
        for node in _outermost_attributes(tree):
            collector.visit(node)
        uses.extend(sorted(imports + collector.uses, key=lambda u: u.line))
    return uses, unparsed


def _outermost_attributes(tree: ast.AST) -> Iterator[ast.Attribute]:
    """Attribute nodes that are not the ``.value`` of another attribute."""
    inner: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            if id(node) not in inner:
                yield node
            current = node.value
            while isinstance(current, ast.Attribute):
                inner.add(id(current))
                current = current.value
