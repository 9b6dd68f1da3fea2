"""Drop MMCV 1.x decorators and calls that have no job left.

Two commands, one removal each:

- ``fp16`` (``LegacyFp16Command``): ``@auto_fp16(...)`` and
  ``@force_fp32(...)`` go, and so do ``wrap_fp16_model(model)`` statements.
  Under PyTorch >= 1.6 MMCV's decorators only entered ``torch.autocast``
  once ``wrap_fp16_model`` (or ``Fp16OptimizerHook``) had set
  ``fp16_enabled`` on the modules; in MMEngine mixed precision is the
  optimizer wrapper's autocast around the whole forward
  (``optim_wrapper=dict(type='AmpOptimWrapper', ...)`` in the config,
  which ``mmcompat convert`` writes from a legacy ``fp16=`` key), so
  MMEngine-era OpenMMLab code has neither the decorators nor the call.
  A removed ``wrap_fp16_model`` call leaves one TODO saying where fp16
  went, because a test script then runs in fp32 unless it enters
  ``autocast`` itself.
- ``parrots`` (``LegacyParrotsCommand``): ``@mmcv.jit(...)`` and
  ``@mmcv.skip_no_elena``, which acted only under the parrots framework and
  were no-ops under PyTorch.

The legacy imports that only served the removed code are dropped through
``RemoveImportsVisitor`` (which keeps any the file still uses).
"""

from __future__ import annotations

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import RemoveImportsVisitor

from ._base import STATEMENT_CONTAINERS, LegacyCodemod, LegacyNames

WRAP_FP16_TODO = (
    "wrap_fp16_model removed: fp16 training is optim_wrapper=dict("
    "type='AmpOptimWrapper', ...) in the config; for fp16 inference run the "
    "forward under {root}.runner.autocast()"
)


class _RemovedDecoratorsCommand(LegacyCodemod):
    """Remove decorators (and bare call statements) naming legacy symbols."""

    DESCRIPTION = "(base class: removes legacy decorators)"
    #: legacy symbol names whose decorators are removed
    DECORATORS: frozenset[str] = frozenset()
    #: legacy symbol names whose ``f(...)`` statements are removed, with a TODO
    CALLS: dict[str, str] = {}

    def __init__(self, context: CodemodContext, target: str = "mmcompat") -> None:
        super().__init__(context, target)
        self._names = LegacyNames()
        self._removed = False
        self._module_roots: set[str] = set()  # ``mmcv`` of a removed ``@mmcv.jit``

    def should_visit(self, node: cst.CSTNode) -> bool:
        # decorators and call statements sit on statements: no expression
        # below a statement line needs a visit
        return isinstance(
            node, (*STATEMENT_CONTAINERS, cst.SimpleStatementLine, cst.Decorator)
        )

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        for small in node.body:
            if isinstance(small, (cst.Import, cst.ImportFrom)):
                self._names.record(small)

    def _legacy_name(self, node: cst.BaseExpression) -> str | None:
        if isinstance(node, cst.Call):
            node = node.func
        symbol = self._names.symbol(node)
        return None if symbol is None else symbol[1]

    def _removing(self, node: cst.BaseExpression, name: str) -> None:
        self.count(f"removed_{name}")
        self._removed = True
        if isinstance(node, cst.Call):
            node = node.func
        while isinstance(node, cst.Attribute):
            node = node.value
        if isinstance(node, cst.Name) and node.value in self._names.modules:
            self._module_roots.add(node.value)

    def leave_FunctionDef(
        self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef
    ) -> cst.FunctionDef:
        return self._strip(updated_node)

    def leave_ClassDef(
        self, original_node: cst.ClassDef, updated_node: cst.ClassDef
    ) -> cst.ClassDef:
        return self._strip(updated_node)

    def _strip(self, node):
        kept: list[cst.Decorator] = []
        carried: list[cst.EmptyLine] = []  # comments above a removed decorator
        for decorator in node.decorators:
            name = self._legacy_name(decorator.decorator)
            if name in self.DECORATORS:
                carried.extend(line for line in decorator.leading_lines if line.comment)
                self._removing(decorator.decorator, name)
                continue
            if carried:
                decorator = decorator.with_changes(
                    leading_lines=[*carried, *decorator.leading_lines]
                )
                carried = []
            kept.append(decorator)
        if len(kept) == len(node.decorators):
            return node
        changes = {"decorators": kept}
        if carried:
            changes["lines_after_decorators"] = [
                *carried,
                *node.lines_after_decorators,
            ]
        return node.with_changes(**changes)

    def leave_SimpleStatementLine(
        self,
        original_node: cst.SimpleStatementLine,
        updated_node: cst.SimpleStatementLine,
    ):
        if len(updated_node.body) != 1 or not isinstance(
            updated_node.body[0], cst.Expr
        ):
            return updated_node
        call = updated_node.body[0].value
        if not isinstance(call, cst.Call):
            return updated_node
        name = self._legacy_name(call)
        if name not in self.CALLS:
            return updated_node
        self._removing(call, name)
        self.todo(self.CALLS[name].replace("{root}", self.target))
        return cst.RemovalSentinel.REMOVE

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module):
        if self._removed:
            removed = self.DECORATORS | set(self.CALLS)
            for local, (module, name) in self._names.symbols.items():
                if name in removed:
                    asname = None if local == name else local
                    RemoveImportsVisitor.remove_unused_import(
                        self.context, module, name, asname=asname
                    )
            for local in self._module_roots:
                # ``import mmcv`` that only served ``@mmcv.jit``
                module = self._names.modules[local]
                RemoveImportsVisitor.remove_unused_import(
                    self.context, module, asname=None if local == module else local
                )
        return updated_node


class LegacyFp16Command(_RemovedDecoratorsCommand):
    DESCRIPTION = (
        "Remove MMCV's @auto_fp16/@force_fp32 decorators and "
        "wrap_fp16_model(model) calls: mixed precision is the optimizer "
        "wrapper's autocast (optim_wrapper=dict(type='AmpOptimWrapper'))."
    )
    RULE_FAMILY = "fp16"
    TRIGGERS = ("auto_fp16", "force_fp32", "wrap_fp16_model")
    DECORATORS = frozenset({"auto_fp16", "force_fp32"})
    CALLS = {"wrap_fp16_model": WRAP_FP16_TODO}


class LegacyParrotsCommand(_RemovedDecoratorsCommand):
    DESCRIPTION = (
        "Remove @mmcv.jit(...) and @mmcv.skip_no_elena: they acted only "
        "under parrots and were no-ops under PyTorch."
    )
    RULE_FAMILY = "parrots"
    TRIGGERS = ("jit", "skip_no_elena")
    DECORATORS = frozenset({"jit", "skip_no_elena"})
