"""Drop MMCV 1.x's single-device ``MMDataParallel`` wrapper.

MMCV 1.x scripts wrapped a model for single-device training or testing:
``model = MMDataParallel(model.cuda(), device_ids=[0])``. The wrapper moved
each batch (its ``DataContainer`` fields) to the device and passed
``forward``/``train_step``/``val_step`` on to the module. The new API has no
such wrapper (MMEngine removed it): the runner moves the model to the device
and the model's data preprocessor moves each batch. So the call becomes its
module argument, with the wrapper's own arguments (``device_ids``,
``output_device``, ``dim``):

- ``model = MMDataParallel(model, device_ids=[0])`` is removed (it would be
  ``model = model``);
- ``model = MMDataParallel(model.cuda(), device_ids=[0])`` becomes
  ``model = model.cuda()``;
- ``runner = Runner(MMDataParallel(model), ...)`` passes ``model``.

The import goes when nothing else uses it. A call that does not name its
module once (``MMDataParallel(*args)``) is left with a TODO.
``MMDistributedDataParallel`` keeps its call: MMEngine (and mmcompat) have a
wrapper of that name taking the module first; the ``imports`` rules move it.
"""

from __future__ import annotations

import libcst as cst
from libcst.codemod import CodemodContext

from ._base import LegacyCodemod, LegacyNames, remove_legacy_imports

WRAPPER = "MMDataParallel"


def _module_argument(call: cst.Call) -> cst.BaseExpression | None:
    """The wrapped module of ``MMDataParallel(module, ...)``, or None."""
    if any(arg.star for arg in call.args):
        return None
    for position, arg in enumerate(call.args):
        if arg.keyword is None and position == 0:
            return arg.value
        if arg.keyword is not None and arg.keyword.value == "module":
            return arg.value
    return None


class LegacyParallelCommand(LegacyCodemod):
    DESCRIPTION = (
        "Drop MMCV's MMDataParallel(model, ...) wrapper: the runner and the "
        "data preprocessor place the model and the batches."
    )
    RULE_FAMILY = "parallel"
    TRIGGERS = (WRAPPER,)

    def __init__(self, context: CodemodContext, target: str = "mmcompat") -> None:
        super().__init__(context, target)
        self._names = LegacyNames()
        self._dropped: set[str] = set()  # legacy modules of dropped calls
        self._module_roots: set[str] = set()  # ``mmcv`` of ``mmcv.parallel.X``

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        for small in node.body:
            if isinstance(small, (cst.Import, cst.ImportFrom)):
                self._names.record(small)

    def _is_wrapper(self, node: cst.BaseExpression) -> bool:
        if not isinstance(node, cst.Call):
            return False
        symbol = self._names.symbol(node.func)
        return symbol is not None and symbol[1] == WRAPPER

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call):
        if not self._is_wrapper(original_node):
            return updated_node
        module = _module_argument(updated_node)
        if module is None:
            self.todo(
                f"{WRAPPER}(*args): pass the model itself; the runner moves it "
                "to the device and the data preprocessor moves the batches"
            )
            return updated_node
        self._dropped.add(self._names.symbol(original_node.func)[0])
        root = self._names.module_root(original_node)
        if root is not None:
            self._module_roots.add(root)
        self.count(WRAPPER)
        return module

    def leave_SimpleStatementLine(
        self,
        original_node: cst.SimpleStatementLine,
        updated_node: cst.SimpleStatementLine,
    ):
        # ``model = MMDataParallel(model)`` became ``model = model``: remove it
        if len(updated_node.body) != 1 or len(original_node.body) != 1:
            return updated_node
        before, after = original_node.body[0], updated_node.body[0]
        if (
            isinstance(before, cst.Assign)
            and self._is_wrapper(before.value)
            and isinstance(after, cst.Assign)
            and len(after.targets) == 1
            and isinstance(after.targets[0].target, cst.Name)
            and isinstance(after.value, cst.Name)
            and after.targets[0].target.value == after.value.value
        ):
            return cst.RemovalSentinel.REMOVE
        return updated_node

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module):
        remove_legacy_imports(
            self.context, self._names, WRAPPER, self._dropped, self._module_roots
        )
        return updated_node
