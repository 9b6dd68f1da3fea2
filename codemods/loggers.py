"""Rewrite MMCV 1.x ``get_logger(...)`` calls to ``MMLogger.get_instance``.

MMCV's ``get_logger(name, log_file=None, log_level=logging.INFO,
file_mode='w')`` configured and returned ``logging.getLogger(name)``. The
new API keeps loggers as named instances: ``MMLogger.get_instance(name,
logger_name=name, log_file=..., log_level=..., file_mode=...)`` returns the
instance called ``name`` (created on first use with those arguments), a
``logging.Logger`` whose records carry ``logger_name``. Passing the same
name twice keeps the records' name what MMCV printed (``mmdet``, not the
default ``mmengine``). ``log_level`` takes an int (``logging.INFO``) or a
level name in both APIs.

A name given as anything but a literal or a plain name is passed once (the
instance name only): evaluating it twice could differ.
"""

from __future__ import annotations

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor

from ._base import LegacyCodemod, LegacyNames, remove_legacy_imports

# MMCV get_logger's parameters after ``name``, in order
POSITIONAL = ("log_file", "log_level", "file_mode")


def _keyword(name: str, value: cst.BaseExpression) -> cst.Arg:
    return cst.Arg(
        keyword=cst.Name(name),
        value=value,
        equal=cst.AssignEqual(
            whitespace_before=cst.SimpleWhitespace(""),
            whitespace_after=cst.SimpleWhitespace(""),
        ),
    )


class LegacyLoggerCommand(LegacyCodemod):
    DESCRIPTION = (
        "Rewrite MMCV's get_logger(name, log_file, log_level, file_mode) to "
        "MMLogger.get_instance(name, logger_name=name, log_file=..., ...)."
    )
    RULE_FAMILY = "logger"
    TRIGGERS = ("get_logger",)

    def __init__(self, context: CodemodContext, target: str = "mmcompat") -> None:
        super().__init__(context, target)
        self._names = LegacyNames()
        self._rewritten: set[str] = set()  # legacy modules of rewritten callees
        self._module_roots: set[str] = set()  # ``mmcv`` of ``mmcv.get_logger``

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        for small in node.body:
            if isinstance(small, (cst.Import, cst.ImportFrom)):
                self._names.record(small)

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call):
        symbol = self._names.symbol(original_node.func)
        if symbol is None or symbol[1] != "get_logger":
            return updated_node
        args = list(updated_node.args)
        if any(a.star for a in args):
            self.todo(
                "get_logger(*args/**kwargs): call "
                f"{self.target}.logging.MMLogger.get_instance(name, ...) by hand"
            )
            return updated_node
        positional = [a for a in args if a.keyword is None]
        keywords = {a.keyword.value: a.value for a in args if a.keyword is not None}
        if len(positional) > 1 + len(POSITIONAL) or (
            not positional and "name" not in keywords
        ):
            return updated_node  # not a call MMCV accepted: leave it
        name = positional[0].value if positional else keywords.pop("name")
        for param, arg in zip(POSITIONAL, positional[1:]):
            keywords[param] = arg.value
        new_args = [cst.Arg(value=name)]
        if isinstance(name, (cst.SimpleString, cst.Name)):
            new_args.append(_keyword("logger_name", name))
        for param in POSITIONAL:
            if param in keywords:
                new_args.append(_keyword(param, keywords.pop(param)))
        new_args.extend(_keyword(k, v) for k, v in keywords.items())
        new_args = [
            a.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
            for a in new_args[:-1]
        ] + new_args[-1:]
        AddImportsVisitor.add_needed_import(
            self.context, f"{self.target}.logging", "MMLogger"
        )
        self._rewritten.add(symbol[0])
        root = self._names.module_root(original_node)
        if root is not None:
            self._module_roots.add(root)
        self.count("get_logger")
        return cst.Call(
            func=cst.Attribute(
                value=cst.Name("MMLogger"), attr=cst.Name("get_instance")
            ),
            args=new_args,
        )

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module):
        remove_legacy_imports(
            self.context, self._names, "get_logger", self._rewritten, self._module_roots
        )
        return updated_node
