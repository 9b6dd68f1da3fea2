"""Shared machinery of the mmcompat codemods.

Every command is a ``VisitorBasedCodemodCommand`` taking ``--target``
(``mmcompat``, the default, or ``mmengine``). Two things are common:

- TODO comments: a rewrite that is not safe leaves the code alone and asks
  for a ``# TODO(mmcompat): ...`` line above the statement it is in
  (``self.todo(text)``). Comments are attached when the statement is left,
  and never twice: a second run finds the comment already there, which
  keeps the codemods idempotent.
- Rule counters: ``self.count(rule)`` tallies what each rule did into
  ``context.scratch[COUNTS_KEY]`` for the CLI summary.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

import libcst as cst
from libcst.codemod import Codemod, CodemodContext, VisitorBasedCodemodCommand
from libcst.codemod.visitors import AddImportsVisitor, RemoveImportsVisitor
from libcst.metadata import MetadataWrapper

TODO_PREFIX = "# TODO(mmcompat): "
COUNTS_KEY = "mmcompat_counts"
SOURCE_KEY = "mmcompat_source"
TARGETS = ("mmcompat", "mmengine")


def add_target_arg(arg_parser: argparse.ArgumentParser) -> None:
    arg_parser.add_argument(
        "--target",
        dest="target",
        choices=TARGETS,
        default="mmcompat",
        help="import root to rewrite to (default: mmcompat)",
    )


def dotted_name(node: cst.CSTNode | None) -> str | None:
    """``a.b.c`` for a Name/Attribute chain, else None."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        base = dotted_name(node.value)
        return None if base is None else f"{base}.{node.attr.value}"
    return None


def build_dotted(name: str) -> cst.Name | cst.Attribute:
    """The expression for a dotted name (``mmcompat.hooks``)."""
    parts = name.split(".")
    node: cst.Name | cst.Attribute = cst.Name(parts[0])
    for part in parts[1:]:
        node = cst.Attribute(value=node, attr=cst.Name(part))
    return node


def with_todos(
    node: cst.CSTNode, todos: list[str], also_existing: set[str] | None = None
) -> cst.CSTNode:
    """Add ``# TODO(mmcompat)`` lines above a statement, once each.

    ``also_existing``: comments already above the statement but held
    elsewhere (the module header holds those above a file's first line)."""
    existing = {
        line.comment.value.strip()
        for line in node.leading_lines
        if line.comment is not None
    } | (also_existing or set())
    new_lines = []
    for text in todos:
        comment = (TODO_PREFIX + text).strip()
        if comment not in existing:
            existing.add(comment)
            new_lines.append(cst.EmptyLine(comment=cst.Comment(comment)))
    if not new_lines:
        return node
    return node.with_changes(leading_lines=[*node.leading_lines, *new_lines])


_STATEMENTS = (cst.SimpleStatementLine, cst.BaseCompoundStatement)
# Nodes that only hold statements: walking them reaches every statement.
STATEMENT_CONTAINERS = (
    cst.Module,
    cst.BaseCompoundStatement,
    cst.BaseSuite,
    cst.Else,
    cst.ExceptHandler,
    cst.ExceptStarHandler,
    cst.Finally,
    cst.MatchCase,
)


_NEW_API_ROOTS = ("mmcompat", "mmengine", "mmcv")
_STDLIB = frozenset(sys.stdlib_module_names) | {"__future__"}


def _import_root(statement: cst.BaseStatement) -> str | None:
    """Top-level package a module-level import line imports from: ``"."``
    for a relative import, None for anything but an import line."""
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return None
    small = statement.body[0]
    if isinstance(small, cst.ImportFrom):
        if small.relative:
            return "."
        name = dotted_name(small.module)
        return None if name is None else name.split(".")[0]
    if isinstance(small, cst.Import):
        name = dotted_name(small.names[0].name)
        return None if name is None else name.split(".")[0]
    return None


def _place_in_group(
    body: list[cst.BaseStatement], new: list[cst.BaseStatement]
) -> list[cst.BaseStatement] | None:
    """Put added new-API import lines among the module's third-party imports.

    libcst appends them after the module's last import, which is the local
    (relative or first-party) group in most OpenMMLab files. They go after
    the last import of mmcompat/mmengine/mmcv (the legacy import they
    replace sat there), else after the last third-party import before the
    local group, else in a group of their own after the standard library
    (a blank line on each side, as isort would write it). None: leave
    libcst's placement (no import block to place them in)."""
    roots = [_import_root(st) for st in body]
    imports = [i for i, r in enumerate(roots) if r is not None]
    if not imports:
        return None
    # the import block: consecutive import lines from the first one
    block = [imports[0]]
    while block[-1] + 1 < len(body) and roots[block[-1] + 1] is not None:
        block.append(block[-1] + 1)
    first_local = next((i for i in block if roots[i] == "."), None)
    candidates = [i for i in block if first_local is None or i < first_local]
    third_party = [i for i in candidates if roots[i] not in _STDLIB]
    anchor = next(
        (i for i in reversed(third_party) if roots[i] in _NEW_API_ROOTS), None
    )
    if anchor is None and third_party:
        # the end of the first third-party group (first-party groups follow)
        anchor = third_party[0]
        while anchor + 1 in third_party and not body[anchor + 1].leading_lines:
            anchor += 1
    new = list(new)
    if anchor is None:
        stdlib = [i for i in candidates if roots[i] in _STDLIB]
        if not stdlib and first_local is None:
            return None
        anchor = stdlib[-1] if stdlib else first_local - 1
        if anchor >= 0:
            new[0] = new[0].with_changes(leading_lines=[cst.EmptyLine()])
        after = anchor + 1
        if after < len(body) and not body[after].leading_lines:
            body = list(body)
            body[after] = body[after].with_changes(leading_lines=[cst.EmptyLine()])
    return [*body[: anchor + 1], *new, *body[anchor + 1 :]]


class _ModuleLevelImportsOnly:
    """Walks only the module and its import lines (visiting an import, not
    its children): the import visitors below act on module-level imports."""

    def on_visit(self, node: cst.CSTNode) -> bool:
        if isinstance(node, (cst.Module, cst.SimpleStatementLine)):
            return super().on_visit(node)
        if isinstance(node, (cst.ImportFrom, cst.Import)):
            super().on_visit(node)
        return False


class _TopLevelAddImports(_ModuleLevelImportsOnly, AddImportsVisitor):
    """AddImportsVisitor that walks module-level import lines only (the
    imports it adds and merges into are module-level, and a full walk of
    a large file costs more than the rest of a codemod run), and places
    the lines it adds in the file's third-party import group."""

    def visit_Module(self, node: cst.Module) -> None:
        # gather the existing imports from the module-level import lines only
        lines = [
            s
            for s in node.body
            if isinstance(s, cst.SimpleStatementLine)
            and any(isinstance(b, (cst.Import, cst.ImportFrom)) for b in s.body)
        ]
        super().visit_Module(node.with_changes(body=lines))

    def leave_Module(
        self, original_node: cst.Module, updated_node: cst.Module
    ) -> cst.Module:
        result = super().leave_Module(original_node, updated_node)
        if result is updated_node:
            return result
        kept = {id(st) for st in updated_node.body}
        added = [
            st
            for st in result.body
            if id(st) not in kept
            and _import_root(st) not in (None, "__future__")
            and not st.leading_lines
        ]
        if not added:
            return result
        added_ids = {id(st) for st in added}
        body = [st for st in result.body if id(st) not in added_ids]
        placed = _place_in_group(body, added)
        return result if placed is None else result.with_changes(body=placed)


def used_names(code: str) -> set[str]:
    """Names a module uses outside its import statements: every bare name
    and attribute root, plus every word of every string (``__all__`` lists,
    string annotations). Conservative on purpose: a word that merely looks
    like a use keeps an import."""
    used: set[str] = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Name):
            used.add(node.id)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            used.update(re.findall(r"\w+", node.value))
    return used


class _TopLevelRemoveImports(_ModuleLevelImportsOnly, RemoveImportsVisitor):
    """RemoveImportsVisitor that removes module-level imports only and
    decides "unused" from the module's names (``used_names``) instead of
    libcst's scope analysis, which costs more than every codemod together
    on a large file. It can keep an import scope analysis would drop (a
    name used only in a string, or only shadowed), never the reverse; an
    import nested in a function stays, unused at worst."""

    @classmethod
    def get_inherited_dependencies(cls):  # type: ignore[override]
        return frozenset()  # none of RemoveImportsVisitor's scope metadata

    def visit_Module(self, node: cst.Module) -> None:
        used = used_names(node.code)
        unused: dict[cst.ImportAlias, cst.Import | cst.ImportFrom] = {}
        for statement in node.body:
            if not isinstance(statement, cst.SimpleStatementLine):
                continue
            for small in statement.body:
                if isinstance(small, cst.Import):
                    aliases = small.names
                elif isinstance(small, cst.ImportFrom) and not isinstance(
                    small.names, cst.ImportStar
                ):
                    aliases = small.names
                else:
                    continue
                for alias in aliases:
                    bound = alias.evaluated_alias or alias.evaluated_name
                    if isinstance(small, cst.Import) and alias.asname is None:
                        bound = bound.split(".")[0]
                    if bound not in used:
                        unused[alias] = small
        self._unused_imports = unused

    def leave_Module(
        self, original_node: cst.Module, updated_node: cst.Module
    ) -> cst.Module:
        """A removed line's blank lines and comments go to the line after
        it: a group's first import, when removed, must not merge its group
        into the one above."""
        body = list(updated_node.body)
        lines: list[cst.EmptyLine] = []
        changed = False
        j = 0
        for statement in original_node.body:
            if j < len(body) and self._same(statement, body[j]):
                if lines:
                    if body[j].leading_lines:  # it opens a group already
                        lines = [line for line in lines if line.comment is not None]
                    body[j] = body[j].with_changes(
                        leading_lines=[*lines, *body[j].leading_lines]
                    )
                    changed = True
                    lines = []
                j += 1
            else:  # removed
                lines.extend(statement.leading_lines)
        return updated_node.with_changes(body=body) if changed else updated_node

    @staticmethod
    def _same(original: cst.BaseStatement, updated: cst.BaseStatement) -> bool:
        """``updated`` is ``original``, possibly with import names removed
        (a changed line keeps its trailing-whitespace node)."""
        return original is updated or (
            isinstance(original, cst.SimpleStatementLine)
            and isinstance(updated, cst.SimpleStatementLine)
            and original.trailing_whitespace is updated.trailing_whitespace
        )


class LegacyCodemod(VisitorBasedCodemodCommand):
    """Base command: target selection, TODO comments and rule counters."""

    DESCRIPTION = "(base class of the mmcompat codemods, not a command)"
    RULE_FAMILY = "codemod"
    # Words a file must contain for the command to have anything to do
    # (a cheap text test that lets the engine skip the tree walk).
    TRIGGERS: tuple[str, ...] = ()
    # or a regular expression, when words are too coarse
    TRIGGER_RE: re.Pattern | None = None

    @classmethod
    def may_apply(cls, source: str) -> bool:
        if cls.TRIGGER_RE is not None:
            return cls.TRIGGER_RE.search(source) is not None
        return not cls.TRIGGERS or any(word in source for word in cls.TRIGGERS)

    @contextmanager
    def _handle_metadata_reference(self, module: cst.Module) -> Iterator[cst.Module]:
        # libcst deep-copies the module before computing metadata so a
        # caller's tree can never alias the transformed one. Our callers
        # (the engine, libcst.tool) hand each command a tree nothing else
        # holds, and the copy is most of the cost on large files.
        old_wrapper = self.context.wrapper
        wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
        with self.resolve(wrapper):
            self.context = replace(self.context, wrapper=wrapper)
            try:
                yield wrapper.module
            finally:
                self.context = replace(self.context, wrapper=old_wrapper)

    def __init__(self, context: CodemodContext, target: str = "mmcompat") -> None:
        # Like VisitorBasedCodemodCommand.__init__, minus the matcher-decorator
        # discovery: these commands use no matcher decorators, and scanning
        # every method for them costs more than rewriting a typical file.
        Codemod.__init__(self, context)
        cst.CSTTransformer.__init__(self)
        self._matchers = {}
        self._extra_visit_funcs = {}
        self._extra_leave_funcs = {}
        if target not in TARGETS:
            raise ValueError(f"--target must be one of {TARGETS}, got {target!r}")
        self.target = target
        self._statements: list[tuple[cst.CSTNode, list[str]]] = []
        self._elif_nodes: set[int] = set()

    @staticmethod
    def add_args(arg_parser: argparse.ArgumentParser) -> None:
        add_target_arg(arg_parser)

    # ---------------------------------------------------------- bookkeeping
    def count(self, rule: str, n: int = 1) -> None:
        counts = self.context.scratch.setdefault(COUNTS_KEY, Counter())
        counts[f"{self.RULE_FAMILY}.{rule}"] += n

    def todo(self, text: str) -> None:
        """Ask for a TODO comment above the statement being visited."""
        if self._statements:
            todos = self._statements[-1][1]
            if text not in todos:
                todos.append(text)

    def todo_on(self, statement: cst.CSTNode, text: str) -> None:
        """Ask for a TODO comment above an enclosing statement."""
        for node, todos in self._statements:
            if node is statement:
                if text not in todos:
                    todos.append(text)
                return
        self.todo(text)

    def _instantiate_and_run(self, transform, tree: cst.Module) -> cst.Module:
        # AddImportsVisitor / RemoveImportsVisitor, run after the command:
        # same tree ownership argument as above, so skip their copy too.
        if transform is AddImportsVisitor:
            transform = _TopLevelAddImports
        elif transform is RemoveImportsVisitor:
            transform = _TopLevelRemoveImports
        inst = transform(self.context)
        wrapper = MetadataWrapper(tree, unsafe_skip_copy=True)
        with inst.resolve(wrapper):
            inst.context = replace(inst.context, wrapper=wrapper)
            return inst.transform_module_impl(wrapper.module)

    def source_text(self, module: cst.Module) -> str:
        """The file's text, for cheap "is there anything to do" tests.

        The engine passes the text it read (``context.scratch[SOURCE_KEY]``)
        so commands need not regenerate it; it may predate an earlier
        command's edits, so use it only as a hint."""
        text = self.context.scratch.get(SOURCE_KEY)
        return text if isinstance(text, str) else module.code

    def should_visit(self, node: cst.CSTNode) -> bool:
        """Prune the walk: False skips ``node``'s children (its leave_* still
        runs). The matcher machinery behind codemod commands costs per node
        visited, so commands skip the subtrees they cannot change."""
        return True

    def on_visit(self, node: cst.CSTNode) -> bool:
        if isinstance(node, _STATEMENTS):
            self._statements.append((node, []))
        if isinstance(node, cst.If) and isinstance(node.orelse, cst.If):
            # an ``elif``: comments above it would sit inside the if-body
            self._elif_nodes.add(id(node.orelse))
        if isinstance(node, cst.Module):
            self._first_statement = node.body[0] if node.body else None
            self._header_comments = {
                line.comment.value.strip() for line in node.header if line.comment
            }
        if not isinstance(node, cst.Module) and not self.should_visit(node):
            return False
        # no matcher decorators here: skip the matcher bookkeeping per node
        return cst.CSTTransformer.on_visit(self, node)

    # No command defines visit_<Node>_<field> methods: skip their lookup.
    def on_visit_attribute(self, node: cst.CSTNode, attribute: str) -> None:
        return None

    def on_leave_attribute(self, original_node: cst.CSTNode, attribute: str) -> None:
        return None

    def on_leave(self, original_node, updated_node):  # type: ignore[override]
        result = cst.CSTTransformer.on_leave(self, original_node, updated_node)
        if (
            isinstance(original_node, _STATEMENTS)
            and self._statements
            and self._statements[-1][0] is original_node
        ):
            _, todos = self._statements.pop()
            if todos and id(original_node) in self._elif_nodes and self._statements:
                for text in todos:  # up to the ``if`` that owns the elif
                    self.todo(text)
                todos = []
            if todos:
                header = (
                    getattr(self, "_header_comments", set())
                    if original_node is getattr(self, "_first_statement", None)
                    else set()
                )
                result = self._attach(
                    result,
                    [t for t in todos if (TODO_PREFIX + t).strip() not in header],
                )
        return result

    def _attach(self, result, todos: list[str]):
        if not todos:
            return result
        if isinstance(result, _STATEMENTS):
            new = with_todos(result, todos)
            if new is not result:
                self.count("todo", len(todos))
            return new
        if isinstance(result, cst.FlattenSentinel) and result.nodes:
            first, *rest = result.nodes
            if isinstance(first, _STATEMENTS):
                new = with_todos(first, todos)
                if new is not first:
                    self.count("todo", len(todos))
                return cst.FlattenSentinel([new, *rest])
        # the statement was removed: move the TODOs up to its parent
        if self._statements:
            for text in todos:
                self.todo(text)
        return result


class LegacyNames:
    """Which local names stand for which legacy mmcv symbols in one file.

    Fed with the file's import statements (``from mmcv.runner import
    auto_fp16 as af``, ``import mmcv``, ``import mmcv.runner as r``);
    ``symbol(expr)`` then names the legacy symbol an expression refers to
    (``af`` -> ``auto_fp16``, ``mmcv.jit`` -> ``jit``,
    ``r.force_fp32`` -> ``force_fp32``), looking paths up in the symbol
    table so that ``mmcv.runner.auto_fp16`` and ``mmcv.runner.fp16_utils.
    auto_fp16`` are the same symbol.
    """

    def __init__(self) -> None:
        # local name -> (legacy module, symbol name)
        self.symbols: dict[str, tuple[str, str]] = {}
        # local name -> legacy module it is bound to
        self.modules: dict[str, str] = {}

    def record(self, node: cst.Import | cst.ImportFrom) -> None:
        from mmcompat.tables import symbols

        if isinstance(node, cst.Import):
            for alias in node.names:
                module = dotted_name(alias.name)
                if module is None or not symbols.is_legacy_module(module):
                    continue
                if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                    self.modules[alias.asname.name.value] = module
                else:
                    root = module.split(".")[0]
                    self.modules[root] = root
            return
        module = dotted_name(node.module) if not node.relative else None
        if (
            module is None
            or not symbols.is_legacy_module(module)
            or isinstance(node.names, cst.ImportStar)
        ):
            return
        for alias in node.names:
            name = dotted_name(alias.name)
            if name is None:
                continue
            local = (
                alias.asname.name.value
                if alias.asname and isinstance(alias.asname.name, cst.Name)
                else name
            )
            if symbols.lookup(module, name) is not None:
                self.symbols[local] = (module, name)
            elif name.islower():
                self.modules[local] = f"{module}.{name}"  # a submodule

    def symbol(self, node: cst.BaseExpression) -> tuple[str, str] | None:
        """``(legacy module, name)`` that ``node`` refers to, or None."""
        from mmcompat.tables import symbols

        dotted = dotted_name(node)
        if dotted is None:
            return None
        root, _, rest = dotted.partition(".")
        if not rest:
            return self.symbols.get(root)
        if root not in self.modules:
            return None
        module, _, name = f"{self.modules[root]}.{rest}".rpartition(".")
        if symbols.lookup(module, name) is None:
            return None
        return module, name

    def module_root(self, node: cst.BaseExpression) -> str | None:
        """The local module name an attribute chain starts from
        (``mmcv`` of ``mmcv.jit(...)``), if it is a legacy module."""
        if isinstance(node, cst.Call):
            node = node.func
        while isinstance(node, cst.Attribute):
            node = node.value
        if isinstance(node, cst.Name) and node.value in self.modules:
            return node.value
        return None


def remove_legacy_imports(
    context: CodemodContext,
    names: LegacyNames,
    symbol: str,
    modules: set[str],
    roots: set[str],
) -> None:
    """After rewriting the uses of ``symbol``: drop its imports from the
    legacy ``modules`` it was rewritten from, and the module imports whose
    local names are in ``roots`` (``mmcv`` of ``mmcv.x.symbol(...)``), each
    only when nothing else in the file still uses it."""
    for local, (module, name) in names.symbols.items():
        if name == symbol and module in modules:
            RemoveImportsVisitor.remove_unused_import(
                context, module, name, asname=None if local == name else local
            )
    for local in roots:
        module = names.modules[local]
        RemoveImportsVisitor.remove_unused_import(
            context, module, asname=None if local == module else local
        )
