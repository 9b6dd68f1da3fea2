"""Rewrite MMCV 1.x ``train_step(data, optimizer)`` models to OptimWrapper.

In MMCV 1.x the runner called ``model.train_step(data, optimizer)`` and an
``OptimizerHook`` did ``zero_grad / outputs['loss'].backward() / step``
with the returned ``dict(loss=..., log_vars=..., num_samples=...)``. Models
with custom optimisation (GANs) used the ``optimizer`` argument themselves
(``optimizer['generator'].zero_grad()`` ...). In MMEngine the model owns
the whole step: ``train_step(data, optim_wrapper)`` calls
``optim_wrapper.update_params(loss)`` (backward, step, zero_grad) and
returns the ``log_vars`` dict.

Rules:

- common shape (the ``optimizer`` argument unused): ``return dict(loss=L,
  log_vars=V, ...)`` (directly or through ``outputs = dict(...); return
  outputs``) -> ``optim_wrapper.update_params(L); return V``; any other
  ``return E`` -> ``outputs = E; optim_wrapper.update_params(outputs['loss']);
  return outputs['log_vars']`` (MMCV's contract on E);
- custom optimisation: the argument becomes ``optim_wrapper`` (so
  ``optimizer['gen']`` -> ``optim_wrapper['gen']``); ``L.backward()``
  directly followed by ``O.step()`` -> ``O.update_params(L)`` (the earlier
  ``O.zero_grad()`` stays, so gradients leaked from other losses are still
  cleared before the step); a lone ``L.backward()`` gets a TODO; a returned
  ``dict(log_vars=V, ...)`` -> ``return V``;
- ``val_step(self, data, optimizer=None)`` -> ``val_step(self, data)``,
  and its ``return E`` -> ``return [E]``: MMCV's runner required a dict
  from val_step, MMEngine 0.10.7's ValLoop takes a sequence of outputs
  (it reads ``outputs[-1]`` for a loss element and hands the sequence to
  the evaluator's metrics and to ``after_val_iter`` as ``outputs``), so the
  dict becomes a one-element list (mmcompat's ValLoop also accepts a bare
  dict, but the list runs on both); ``test_step`` (which MMCV never
  called) keeps its returns;
- ``_parse_losses`` -> ``parse_losses`` (definitions and calls).
"""

from __future__ import annotations

import libcst as cst
from libcst.codemod import CodemodContext

from ._base import LegacyCodemod, dotted_name, with_todos

NEW_OPTIM_PARAM = "optim_wrapper"
OUTPUT_KEYS = {"loss", "log_vars", "num_samples"}


def _dict_items(node: cst.BaseExpression) -> dict[str, cst.BaseExpression] | None:
    """``dict(a=x)`` / ``{'a': x}`` with plain string keys -> {"a": x}."""
    items: dict[str, cst.BaseExpression] = {}
    if isinstance(node, cst.Call) and dotted_name(node.func) == "dict":
        for arg in node.args:
            if arg.keyword is None or arg.star:
                return None
            items[arg.keyword.value] = arg.value
        return items
    if isinstance(node, cst.Dict):
        for element in node.elements:
            if not isinstance(element, cst.DictElement):
                return None
            key = element.key
            if not isinstance(key, cst.SimpleString):
                return None
            value = key.evaluated_value
            if not isinstance(value, str):
                return None
            items[value] = element.value
        return items
    return None


def _expr_line(code: str) -> cst.SimpleStatementLine:
    return cst.parse_statement(code)  # type: ignore[return-value]


def _uses_name(node: cst.CSTNode, name: str) -> bool:
    found = False

    class _Finder(cst.CSTVisitor):
        def visit_Name(self, n: cst.Name) -> None:
            nonlocal found
            if n.value == name:
                found = True

    node.visit(_Finder())
    return found


class _RenameName(cst.CSTTransformer):
    def __init__(self, old: str, new: str) -> None:
        self.old, self.new = old, new

    def leave_Name(self, original_node, updated_node):
        if updated_node.value == self.old:
            return updated_node.with_changes(value=self.new)
        return updated_node


class _OwnBodyTransformer(cst.CSTTransformer):
    """Visits one function's own body: nested functions, classes and
    lambdas are left alone."""

    depth = 0  # functions entered so far (set per instance once visiting)

    def visit_FunctionDef(self, node) -> bool:
        self.depth += 1
        return self.depth == 1  # only the function itself

    def leave_FunctionDef(self, original_node, updated_node):
        self.depth -= 1
        return updated_node

    def visit_ClassDef(self, node) -> bool:
        return False

    def visit_Lambda(self, node) -> bool:
        return False


class _StepBodyRewriter(_OwnBodyTransformer):
    """Rewrites the statements of one ``train_step`` body (not nested defs)."""

    def __init__(self, command: LegacyModelsCommand, optim_used: bool) -> None:
        self.command = command
        self.optim_used = optim_used

    def leave_IndentedBlock(self, original_node, updated_node):
        return updated_node.with_changes(body=self._rewrite_block(updated_node.body))

    def _rewrite_block(self, body):
        out: list[cst.BaseStatement] = []
        for statement in body:
            returned = self._return_value(statement)
            if returned is not None:
                out.extend(self._rewrite_return(statement, returned, out))
                continue
            backward = self._backward_of(statement)
            if backward is not None and self.optim_used:
                out.append(statement)
                continue
            stepped = self._step_of(statement)
            if stepped is not None and out:
                loss = self._backward_of(out[-1])
                if loss is not None:
                    previous = out.pop()
                    out.extend(self._update(stepped, loss, previous, statement))
                    continue
            out.append(statement)
        # a lone backward() in custom-optimisation code
        if self.optim_used:
            out = [
                self._todo(
                    statement,
                    "call optim_wrapper[...].backward(loss) or "
                    "update_params(loss) so AMP/accumulation apply",
                )
                if self._backward_of(statement) is not None
                else statement
                for statement in out
            ]
        return out

    def _todo(self, statement, text: str):
        new = with_todos(statement, [text])
        if new is not statement:
            self.command.count("todo")
        return new

    def _update(self, wrapper: str, loss, backward_line, step_line):
        """``L.backward(); O.step()`` -> ``O.update_params(L)``; with
        backward arguments -> ``O.backward(L, ...); O.step()``."""
        value, args = loss
        self.command.count("update_params")
        if args is None:
            line = _replace_placeholder(
                _expr_line(f"{wrapper}.update_params(__loss__)"), value
            )
            return [line.with_changes(leading_lines=backward_line.leading_lines)]
        line = _replace_placeholder(_expr_line(f"{wrapper}.backward(__loss__)"), value)
        call = line.body[0].value
        first = call.args[0].with_changes(
            comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
        )
        call = call.with_changes(args=[first, *args])
        line = line.with_changes(
            body=[line.body[0].with_changes(value=call)],
            leading_lines=backward_line.leading_lines,
        )
        return [line, step_line]

    @staticmethod
    def _return_value(statement):
        if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1:
            node = statement.body[0]
            if isinstance(node, cst.Return):
                return node.value or cst.Name("None")
        return None

    @staticmethod
    def _backward_of(statement):
        """``L.backward(...)`` statement -> (L, args or None)."""
        if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1:
            node = statement.body[0]
            if (
                isinstance(node, cst.Expr)
                and isinstance(node.value, cst.Call)
                and isinstance(node.value.func, cst.Attribute)
                and node.value.func.attr.value == "backward"
            ):
                owner = node.value.func.value
                code = cst.Module(body=[]).code_for_node(owner)
                if code == NEW_OPTIM_PARAM or code.startswith(NEW_OPTIM_PARAM + "["):
                    return None  # already optim_wrapper.backward(loss)
                return owner, (node.value.args or None)
        return None

    def _step_of(self, statement) -> str | None:
        """``optim_wrapper[...].step()`` -> the code of its wrapper."""
        if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1:
            node = statement.body[0]
            if (
                isinstance(node, cst.Expr)
                and isinstance(node.value, cst.Call)
                and not node.value.args
                and isinstance(node.value.func, cst.Attribute)
                and node.value.func.attr.value == "step"
            ):
                owner = node.value.func.value
                code = cst.Module(body=[]).code_for_node(owner)
                if code == NEW_OPTIM_PARAM or code.startswith(NEW_OPTIM_PARAM + "["):
                    return code
        return None

    def _rewrite_return(self, statement, value, previous):
        items = _dict_items(value)
        name = dotted_name(value) if isinstance(value, cst.Name) else None
        if items is None and name and previous:
            # outputs = dict(loss=..., log_vars=...); return outputs
            required = {"log_vars"} if self.optim_used else {"loss", "log_vars"}
            assigned = _assigned_dict(previous[-1], name, required)
            if assigned is not None:
                prev = previous.pop()
                items = assigned
                statement = statement.with_changes(leading_lines=prev.leading_lines)
        leading = statement.leading_lines
        if self.optim_used:
            if items is not None and "log_vars" in items:
                extra = sorted(set(items) - OUTPUT_KEYS)
                line = _return(items["log_vars"], leading)
                if extra:
                    line = self._todo(
                        line, f"train_step now returns only log_vars; {extra} dropped"
                    )
                self.command.count("return_log_vars")
                return [line]
            return [self._todo(statement, "train_step must return the log_vars dict")]
        if items is not None and {"loss", "log_vars"} <= set(items):
            update = _replace_placeholder(
                _expr_line(f"{NEW_OPTIM_PARAM}.update_params(__loss__)"), items["loss"]
            )
            self.command.count("update_params")
            return [
                update.with_changes(leading_lines=leading),
                _return(items["log_vars"]),
            ]
        if items is not None:
            return [
                self._todo(
                    statement,
                    "train_step must call update_params(loss) and return log_vars",
                )
            ]
        lines = []
        if name is None:
            bind = _expr_line("outputs = __value__")
            lines.append(
                _replace_placeholder(bind, value).with_changes(leading_lines=leading)
            )
            name = "outputs"
            leading = []
        lines.append(
            _expr_line(f"{NEW_OPTIM_PARAM}.update_params({name}['loss'])").with_changes(
                leading_lines=leading
            )
        )
        lines.append(_expr_line(f"return {name}['log_vars']"))
        self.command.count("update_params")
        return lines


class _ReturnAsList(_OwnBodyTransformer):
    """``return E`` -> ``return [E]`` in one val_step (not nested defs), with
    a comment saying why on each rewritten line."""

    COMMENT = "# MMEngine's ValLoop takes a list of outputs (MMCV's: one dict)"

    def __init__(self, command: LegacyModelsCommand) -> None:
        self.command = command

    def leave_SimpleStatementLine(self, original_node, updated_node):
        if len(updated_node.body) != 1 or not isinstance(
            updated_node.body[0], cst.Return
        ):
            return updated_node
        value = updated_node.body[0].value
        if value is None or isinstance(value, (cst.List, cst.Tuple)):
            return updated_node
        self.command.count("val_step_list")
        line = updated_node.with_changes(
            body=[
                updated_node.body[0].with_changes(value=cst.List([cst.Element(value)]))
            ]
        )
        comment = cst.EmptyLine(comment=cst.Comment(self.COMMENT))
        return line.with_changes(leading_lines=[*line.leading_lines, comment])


def _assigned_dict(statement, name: str, required: set[str]):
    if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1:
        node = statement.body[0]
        if (
            isinstance(node, cst.Assign)
            and len(node.targets) == 1
            and dotted_name(node.targets[0].target) == name
        ):
            items = _dict_items(node.value)
            if items is not None and required <= set(items):
                return items
    return None


def _return(value: cst.BaseExpression, leading=()) -> cst.SimpleStatementLine:
    return cst.SimpleStatementLine(
        body=[cst.Return(value=value)], leading_lines=list(leading)
    )


def _replace_placeholder(line, value: cst.BaseExpression):
    class _Swap(cst.CSTTransformer):
        def leave_Name(self, original_node, updated_node):
            if updated_node.value in ("__loss__", "__value__"):
                return value
            return updated_node

    return line.visit(_Swap())


class LegacyModelsCommand(LegacyCodemod):
    DESCRIPTION = (
        "Rewrite MMCV 1.x train_step(data, optimizer) models to "
        "train_step(data, optim_wrapper) with optim_wrapper.update_params(loss); "
        "val_step loses its optimizer argument; _parse_losses -> parse_losses."
    )
    RULE_FAMILY = "models"
    TRIGGERS = ("train_step", "val_step", "test_step", "_parse_losses")

    def __init__(self, context: CodemodContext, target: str = "mmcompat") -> None:
        super().__init__(context, target)
        self._class_depth = 0
        self._function_depth = 0

    def visit_Module(self, node: cst.Module) -> None:
        self._walk_all = "_parse_losses" in self.source_text(node)

    def should_visit(self, node: cst.CSTNode) -> bool:
        if self._walk_all or isinstance(
            node, (cst.Module, cst.ClassDef, cst.BaseSuite)
        ):
            return True
        if isinstance(node, cst.FunctionDef):
            return node.name.value in ("train_step", "val_step", "test_step")
        return False

    def visit_ClassDef(self, node) -> None:
        self._class_depth += 1

    def leave_ClassDef(self, original_node, updated_node):
        self._class_depth -= 1
        return updated_node

    def visit_FunctionDef(self, node) -> None:
        self._function_depth += 1

    def leave_FunctionDef(self, original_node, updated_node):
        self._function_depth -= 1
        if not self._class_depth or self._function_depth:
            return updated_node
        name = updated_node.name.value
        if name == "_parse_losses":
            self.count("parse_losses")
            return updated_node.with_changes(name=cst.Name("parse_losses"))
        if name == "train_step":
            return self._train_step(updated_node)
        if name in ("val_step", "test_step"):
            return self._val_step(updated_node)
        return updated_node

    def leave_Attribute(self, original_node, updated_node):
        if updated_node.attr.value == "_parse_losses" and self._class_depth:
            owner = updated_node.value
            if (isinstance(owner, cst.Name) and owner.value == "self") or (
                isinstance(owner, cst.Call) and dotted_name(owner.func) == "super"
            ):
                self.count("parse_losses")
                return updated_node.with_changes(attr=cst.Name("parse_losses"))
        return updated_node

    @staticmethod
    def _legacy_optim_param(node: cst.FunctionDef) -> cst.Param | None:
        params = node.params.params
        if len(params) < 3 or node.params.posonly_params:
            return None
        third = params[2]
        if third.name.value == NEW_OPTIM_PARAM or "optim" not in third.name.value:
            return None
        if any(p.default is None for p in params[3:]):
            return None
        return third

    def _train_step(self, node: cst.FunctionDef) -> cst.FunctionDef:
        param = self._legacy_optim_param(node)
        if param is None:
            return node
        old = param.name.value
        used = _uses_name(node.body, old)
        body = node.body
        if used:
            body = body.visit(_RenameName(old, NEW_OPTIM_PARAM))
        new_param = param.with_changes(
            name=cst.Name(NEW_OPTIM_PARAM),
            default=None,
            equal=cst.MaybeSentinel.DEFAULT,
        )
        params = list(node.params.params)
        if len(params) == 3:
            new_param = new_param.with_changes(comma=cst.MaybeSentinel.DEFAULT)
        params[2] = new_param
        node = node.with_changes(
            body=body, params=node.params.with_changes(params=params)
        )
        self.count("train_step")
        return node.visit(_StepBodyRewriter(self, optim_used=used))

    def _val_step(self, node: cst.FunctionDef) -> cst.FunctionDef:
        param = self._legacy_optim_param(node)
        if param is None:
            return node
        if _uses_name(node.body, param.name.value):
            self.todo(f"{node.name.value} no longer receives an optimizer")
            return node
        params = [p for p in node.params.params if p is not param]
        params[-1] = params[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        self.count("val_step")
        node = node.with_changes(params=node.params.with_changes(params=params))
        if node.name.value == "val_step":
            node = node.visit(_ReturnAsList(self))
        return node
