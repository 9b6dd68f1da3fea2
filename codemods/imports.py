"""Move legacy ``mmcv`` imports to their new homes.

Reads ``mmcompat.legacy.symbols`` (recorded from the real MMCV 1.7.2,
MMEngine 0.10.7 and MMCV 2.x). Handles:

- ``from mmcv.runner import Hook, auto_fp16 as af`` (any legacy module,
  aliases kept, renamed symbols imported ``as`` their old name);
- ``import mmcv`` / ``import mmcv.runner as r`` with attribute uses
  (``mmcv.Config.fromfile``, ``r.get_dist_info()``): the attribute becomes
  the bare name, the import is added, and ``import mmcv`` is dropped once
  nothing else uses it;
- imports inside functions, ``if`` blocks and ``try/except ImportError``:
  rewritten in place, because their position (lazy import, fallback) is
  part of their meaning. Module-level imports go through
  ``AddImportsVisitor`` (and float to the import block), except those that
  carry a TODO, which stay in place so the TODO sits on them.

Symbols removed without a drop-in replacement stay as they are with a
``# TODO(mmcompat): ...`` naming the replacement.
"""

from __future__ import annotations

from collections import defaultdict

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor, RemoveImportsVisitor
from libcst.metadata import ParentNodeProvider, QualifiedNameProvider, ScopeProvider

from mmcompat.legacy import symbols

from ._base import LegacyCodemod, build_dotted, dotted_name


def _todo_text(name: str, note: str) -> str:
    return f"{name}: {note}"


class LegacyImportsCommand(LegacyCodemod):
    DESCRIPTION = (
        "Move imports of legacy mmcv symbols (mmcv, mmcv.runner, mmcv.utils, "
        "mmcv.parallel, mmcv.fileio, mmcv.engine, mmcv.cnn) to mmcompat / "
        "MMEngine / MMCV 2.x; TODO comments for removed ones."
    )
    RULE_FAMILY = "imports"
    METADATA_DEPENDENCIES = (ParentNodeProvider, QualifiedNameProvider, ScopeProvider)

    def __init__(self, context: CodemodContext, target: str = "mmcompat") -> None:
        super().__init__(context, target)

    # ----------------------------------------------------- from X import Y
    def leave_SimpleStatementLine(
        self,
        original_node: cst.SimpleStatementLine,
        updated_node: cst.SimpleStatementLine,
    ):
        imports = [s for s in updated_node.body if self._is_legacy_from(s)]
        if not imports:
            return updated_node
        module_level = isinstance(
            self.get_metadata(ParentNodeProvider, original_node, None), cst.Module
        )
        if len(updated_node.body) != 1:
            # ``from mmcv import a; x = 1``: rare; rewrite nothing, say so.
            self.todo("rewrite the legacy mmcv import on this line by hand")
            return updated_node
        return self._rewrite_import_line(updated_node, imports[0], module_level)

    @staticmethod
    def _is_legacy_from(node: cst.BaseSmallStatement) -> bool:
        if not isinstance(node, cst.ImportFrom) or node.relative:
            return False
        module = dotted_name(node.module)
        return module is not None and symbols.is_legacy_module(module)

    def _rewrite_import_line(
        self, line: cst.SimpleStatementLine, node: cst.ImportFrom, module_level: bool
    ):
        module = dotted_name(node.module)
        assert module is not None
        if isinstance(node.names, cst.ImportStar):
            self.todo(f"`from {module} import *`: import the names you use explicitly")
            return line
        kept: list[cst.ImportAlias] = []
        in_place: dict[str, list[cst.ImportAlias]] = defaultdict(list)
        todos: list[str] = []
        floated = 0
        for alias in node.names:
            name = dotted_name(alias.name)
            asname = (
                alias.asname.name.value
                if alias.asname and isinstance(alias.asname.name, cst.Name)
                else None
            )
            res = symbols.resolve(module, name, self.target) if name else None
            if res is None or res.action == "keep":
                kept.append(alias)
                continue
            if res.action == "todo":
                kept.append(alias)
                todos.append(_todo_text(name, res.note))
                self.count("todo_symbol")
                continue
            # a move: keep the local name the code uses
            local = asname or name
            new_asname = None if local == res.name else local
            self.count("moved")
            if symbols.note_needs_todo(res.note):
                todos.append(_todo_text(name, res.note))
            if module_level and not symbols.note_needs_todo(res.note):
                AddImportsVisitor.add_needed_import(
                    self.context, res.module, res.name, asname=new_asname
                )
                floated += 1
            else:
                in_place[res.module].append(self._alias(res.name, new_asname))
        if not floated and not in_place:
            for text in todos:
                self.todo(text)
            return line
        statements: list[cst.SimpleStatementLine] = []
        if kept:
            statements.append(line.with_changes(body=[self._with_names(node, kept)]))
        for new_module, aliases in in_place.items():
            new_node = cst.ImportFrom(
                module=build_dotted(new_module), names=self._fix_commas(aliases)
            )
            statements.append(cst.SimpleStatementLine(body=[new_node]))
        for text in todos:
            self.todo(text)
        if not statements:
            return cst.RemovalSentinel.REMOVE
        first = statements[0].with_changes(leading_lines=line.leading_lines)
        statements[0] = first
        return cst.FlattenSentinel(statements) if len(statements) > 1 else first

    @staticmethod
    def _alias(name: str, asname: str | None) -> cst.ImportAlias:
        return cst.ImportAlias(
            name=cst.Name(name),
            asname=cst.AsName(name=cst.Name(asname)) if asname else None,
        )

    @staticmethod
    def _fix_commas(aliases: list[cst.ImportAlias]) -> list[cst.ImportAlias]:
        out = [a.with_changes(comma=cst.MaybeSentinel.DEFAULT) for a in aliases]
        return out

    @staticmethod
    def _with_names(
        node: cst.ImportFrom, kept: list[cst.ImportAlias]
    ) -> cst.ImportFrom:
        """Drop moved names, keeping the statement's own layout."""
        if len(kept) == len(node.names):
            return node
        if node.lpar is None:
            kept = [*kept[:-1], kept[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)]
        elif node.names[-1].comma is cst.MaybeSentinel.DEFAULT or isinstance(
            node.names[-1].comma, cst.MaybeSentinel
        ):
            kept = [*kept[:-1], kept[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)]
        else:
            kept = [*kept[:-1], kept[-1].with_changes(comma=node.names[-1].comma)]
        return node.with_changes(names=kept)

    # ------------------------------------------- import mmcv; mmcv.X attribute
    def leave_Attribute(
        self, original_node: cst.Attribute, updated_node: cst.Attribute
    ):
        qnames = self.get_metadata(QualifiedNameProvider, original_node, set())
        legacy = [q.name for q in qnames if symbols.is_legacy_module(q.name)]
        if len(legacy) != 1 or dotted_name(original_node) is None:
            return updated_node
        module, _, name = legacy[0].rpartition(".")
        res = symbols.resolve(module, name, self.target)
        if res is None or res.action == "keep":
            return updated_node
        if res.action == "todo":
            self.todo(_todo_text(name, res.note))
            self.count("todo_symbol")
            return updated_node
        if not self._name_is_free(original_node, res.name, res.module):
            self.todo(
                f"{dotted_name(original_node)} moved to {res.module}.{res.name}; "
                f"the name {res.name} is taken here"
            )
            return updated_node
        if symbols.note_needs_todo(res.note):
            self.todo(_todo_text(name, res.note))
        AddImportsVisitor.add_needed_import(self.context, res.module, res.name)
        RemoveImportsVisitor.remove_unused_import_by_node(self.context, original_node)
        self.count("attribute")
        return cst.Name(res.name)

    def _name_is_free(self, node: cst.CSTNode, name: str, new_module: str) -> bool:
        """True if ``name`` is unbound where ``node`` is, or bound to the same
        symbol (imported from ``new_module`` or from a legacy module)."""
        scope = self.get_metadata(ScopeProvider, node, None)
        if scope is None:
            return False
        if name not in scope:
            return True
        for assignment in scope[name]:
            source = getattr(assignment, "node", None)
            if isinstance(source, cst.ImportFrom):
                source_module = dotted_name(source.module) or ""
                if source_module == new_module or symbols.is_legacy_module(
                    source_module
                ):
                    continue
            return False
        return True
