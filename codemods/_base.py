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
from collections import Counter

import libcst as cst
from libcst.codemod import CodemodContext, VisitorBasedCodemodCommand

TODO_PREFIX = "# TODO(mmcompat): "
COUNTS_KEY = "mmcompat_counts"
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


def with_todos(node: cst.CSTNode, todos: list[str]) -> cst.CSTNode:
    """Add ``# TODO(mmcompat)`` lines above a statement, once each."""
    existing = {
        line.comment.value.strip()
        for line in node.leading_lines
        if line.comment is not None
    }
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


class LegacyCodemod(VisitorBasedCodemodCommand):
    """Base command: target selection, TODO comments and rule counters."""

    RULE_FAMILY = "codemod"

    def __init__(self, context: CodemodContext, target: str = "mmcompat") -> None:
        super().__init__(context)
        if target not in TARGETS:
            raise ValueError(f"--target must be one of {TARGETS}, got {target!r}")
        self.target = target
        self._statements: list[tuple[cst.CSTNode, list[str]]] = []

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

    def on_visit(self, node: cst.CSTNode) -> bool:
        if isinstance(node, _STATEMENTS):
            self._statements.append((node, []))
        return super().on_visit(node)

    def on_leave(self, original_node, updated_node):  # type: ignore[override]
        result = super().on_leave(original_node, updated_node)
        if (
            isinstance(original_node, _STATEMENTS)
            and self._statements
            and self._statements[-1][0] is original_node
        ):
            _, todos = self._statements.pop()
            if todos:
                result = self._attach(result, todos)
        return result

    def _attach(self, result, todos: list[str]):
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
