"""Rewrite legacy MMCV 1.x hooks to MMEngine-style hook points.

For every class that derives from a hook (a base named ``*Hook``, a class
registered with ``@HOOKS.register_module()``, or a hook class defined
earlier in the file):

- ``before_epoch``/``after_epoch``/``before_iter``/``after_iter`` become the
  train point, with the val point as an alias (MMCV ran them for both);
  a class that already defines one of the two gets only the other;
- points whose signature grew get it: ``after_train_iter(self, runner)`` ->
  ``after_train_iter(self, runner, batch_idx, data_batch=None,
  outputs=None)``, ``after_val_epoch(self, runner)`` -> ``(self, runner,
  metrics=None)``;
- inside the points: ``runner.outputs`` -> ``outputs`` in
  ``after_train_iter`` (``runner.outputs['log_vars']`` -> ``outputs``:
  MMEngine's train_step returns the log_vars dict) and ``outputs[0]`` in
  ``after_val_iter`` (``runner.outputs['log_vars']`` ->
  ``outputs[0]['log_vars']``: ``outputs`` is what val_step returned, MMCV's
  dict in the one-element list the models codemod makes of it); a method
  serving both (``after_iter``) gets the train form and a TODO;
  ``runner.inner_iter`` ->
  ``batch_idx``, ``runner.optimizer`` -> ``runner.optim_wrapper`` (with
  ``.optimizer`` before raw attributes such as ``param_groups``),
  ``runner.data_loader`` -> ``runner.train_dataloader``/``val_dataloader``,
  ``runner.log_buffer.update({...})`` -> one
  ``runner.message_hub.update_scalar('train/key', value)`` per key,
  ``self.every_n_inner_iters(runner, n)`` -> ``(batch_idx, n)``,
  ``self.end_of_epoch(runner)`` -> ``(runner.train_dataloader, batch_idx)``,
  ``is_last_epoch``/``is_last_iter`` -> ``is_last_train_epoch``/
  ``is_last_train_iter``, ``super().after_iter(runner)`` -> the new point;
- anywhere: ``runner.register_*_hook(...)`` helpers and ``dict(type=...)``
  configs naming removed MMCV hooks get a TODO naming the replacement.

Everything else that cannot be rewritten safely gets a TODO comment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import libcst as cst
from libcst.codemod import CodemodContext

from mmcompat.tables import hook_points as hp
from mmcompat.tables import symbols

from ._base import STATEMENT_CONTAINERS, LegacyCodemod, build_dotted, dotted_name

VAL_OUTPUTS_TODO = (
    "this method also runs as after_val_iter, where `outputs` is what "
    "val_step returned ([MMCV's dict] after the models codemod), not the "
    "log_vars dict train_step returns"
)
# Text that makes module-wide expressions worth a look (register helpers,
# ``type='XxxHook'`` configs); otherwise only hook classes are walked.
_WIDE = re.compile(r"register_(?!module)\w+|\n[ \t]+[^\n]*type\W+\w+Hook")


@dataclass
class _HookClass:
    name: str
    methods: set[str]
    aliases: dict[str, str] = field(default_factory=dict)  # ``a = b`` lines


@dataclass
class _Method:
    original: str
    new_name: str
    runner: str | None
    phase: str | None  # "train", "val", "test", "shared" or None
    new_signature: bool = False
    aliases: list[str] = field(default_factory=list)
    todos: set[str] = field(default_factory=set)

    @property
    def signature(self) -> tuple[str, ...]:
        """Parameters after ``self``: the widest among the points it serves
        (``after_epoch`` serving ``after_val_epoch`` needs ``metrics=None``)."""
        points = [self.new_name, *self.aliases]
        return max((hp.NEW_SIGNATURES.get(p, ("runner",)) for p in points), key=len)

    @property
    def iter_point(self) -> bool:
        return hp.is_iter_point(self.new_name) and self.new_signature

    @property
    def after_iter(self) -> bool:
        return self.iter_point and self.new_name.startswith("after_")


def _removed_hook_notes() -> dict[str, str]:
    """MMCV hook class name -> TODO note, for hooks with no new class."""
    notes = {}
    for path, (new, note) in symbols.MOVES.items():
        name = path.rpartition(".")[2]
        if name.endswith("Hook") and new is None and name not in notes:
            notes[name] = note
    return notes


def _param(name: str, default: str | None = None) -> cst.Param:
    if default is None:
        return cst.Param(name=cst.Name(name))
    return cst.Param(
        name=cst.Name(name),
        default=cst.parse_expression(default),
        equal=cst.AssignEqual(
            whitespace_before=cst.SimpleWhitespace(""),
            whitespace_after=cst.SimpleWhitespace(""),
        ),
    )


def _string_value(node: cst.BaseExpression) -> str | None:
    if isinstance(node, cst.SimpleString):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


class LegacyHooksCommand(LegacyCodemod):
    DESCRIPTION = (
        "Rewrite MMCV 1.x Hook subclasses to MMEngine hook points "
        "(before_epoch -> before_train_epoch + before_val_epoch, new iter "
        "signatures, runner.outputs/inner_iter/log_buffer/optimizer)."
    )
    RULE_FAMILY = "hooks"
    # a class deriving from *Hook, a HOOKS registration, a register_* call,
    # or an indented (in-code, not config) ``type='...Hook'``
    TRIGGER_RE = re.compile(
        r"class\s+\w+\s*\([^)]*Hook\b|HOOKS\.register_module|register_(?!module)\w+"
        r"|\n[ \t]+[^\n]*type\W+\w+Hook"
    )

    def __init__(self, context: CodemodContext, target: str = "mmcompat") -> None:
        super().__init__(context, target)
        self._hook_classes: set[str] = set()
        self._classes: list[_HookClass | None] = []
        self._methods: list[_Method | None] = []
        self._removed_notes = _removed_hook_notes()
        self._log_buffer_updates: set[int] = set()

    # --------------------------------------------------------- classes
    def visit_Module(self, node: cst.Module) -> None:
        self._wide = _WIDE.search(self.source_text(node)) is not None

    def should_visit(self, node: cst.CSTNode) -> bool:
        if self._wide or isinstance(
            node, (*STATEMENT_CONTAINERS, cst.SimpleStatementLine)
        ):
            return True
        # inside a hook class everything matters
        return any(c is not None for c in self._classes)

    def _is_hook_class(self, node: cst.ClassDef) -> bool:
        for base in node.bases:
            name = dotted_name(base.value)
            if name is None:
                continue
            last = name.rpartition(".")[2]
            if last.endswith("Hook") or last in self._hook_classes:
                return True
        for decorator in node.decorators:
            target = decorator.decorator
            if isinstance(target, cst.Call):
                target = target.func
            name = dotted_name(target) or ""
            if name.endswith("HOOKS.register_module"):
                return True
        return False

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        if self._is_hook_class(node):
            self._hook_classes.add(node.name.value)
            methods = {
                s.name.value for s in node.body.body if isinstance(s, cst.FunctionDef)
            }
            aliases = {}
            for s in node.body.body:
                if (
                    isinstance(s, cst.SimpleStatementLine)
                    and len(s.body) == 1
                    and isinstance(s.body[0], cst.Assign)
                    and len(s.body[0].targets) == 1
                    and isinstance(s.body[0].targets[0].target, cst.Name)
                    and isinstance(s.body[0].value, cst.Name)
                ):
                    aliases[s.body[0].targets[0].target.value] = s.body[0].value.value
            methods |= set(aliases)
            self._classes.append(_HookClass(node.name.value, methods, aliases))
        else:
            self._classes.append(None)
        self._methods.append(None)  # a class body starts a fresh method scope

    def leave_ClassDef(self, original_node, updated_node):
        self._classes.pop()
        self._methods.pop()
        return updated_node

    # --------------------------------------------------------- methods
    @property
    def _method(self) -> _Method | None:
        return self._methods[-1] if self._methods else None

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        klass = self._classes[-1] if self._classes else None
        direct = klass is not None and self._methods and self._methods[-1] is None
        if direct and klass is not None:
            self._methods.append(self._plan_method(node, klass))
        else:
            # nested function: same runner variable as the enclosing method
            self._methods.append(self._method)

    def _plan_method(self, node: cst.FunctionDef, klass: _HookClass) -> _Method:
        name = node.name.value
        params = node.params
        simple = (
            len(params.params) == 2
            and not params.posonly_params
            and not params.kwonly_params
            and params.star_arg is cst.MaybeSentinel.DEFAULT
            and params.star_kwarg is None
            and all(p.default is None for p in params.params)
        )
        runner = params.params[1].name.value if len(params.params) >= 2 else None
        if name in hp.SHARED_POINTS:
            train, val = hp.SHARED_POINTS[name]
            missing = [p for p in (train, val) if p not in klass.methods]
            if not missing:
                self.todo(
                    f"{name} is not a hook point any more and {train}/{val} are "
                    "both defined here: call it from them or delete it"
                )
                return _Method(name, name, runner, None)
            phase = "shared" if len(missing) == 2 else hp.phase_of(missing[0])
            method = _Method(name, missing[0], runner, phase, aliases=missing[1:])
        elif name in hp.LEGACY_POINTS:
            phase = hp.phase_of(name)
            # ``after_val_iter = after_train_iter`` (a previous run's alias):
            # the method still serves both phases
            if any(v == name for k, v in klass.aliases.items() if k != name):
                phase = "shared"
            method = _Method(name, name, runner, phase)
        else:
            return _Method(name, name, runner, None)
        if method.signature != ("runner",):
            new_names = [s.partition("=")[0] for s in method.signature]
            current = [p.name.value for p in params.params[1:]]
            has_star = isinstance(params.star_arg, cst.Param) or params.star_kwarg
            if simple or current == new_names:
                method.new_signature = True
            elif not has_star:
                self.todo(f"{method.new_name} now takes {', '.join(method.signature)}")
        return method

    def leave_FunctionDef(self, original_node, updated_node):
        method = self._methods.pop()
        klass = self._classes[-1] if self._classes else None
        if method is None or klass is None or self._method is not None:
            return updated_node
        if method.new_name == method.original and (
            not method.new_signature or len(updated_node.params.params) != 2
        ):
            return updated_node
        node = updated_node.with_changes(name=cst.Name(method.new_name))
        if method.new_name != method.original:
            self.count("point_renamed")
        if method.new_signature and len(updated_node.params.params) == 2:
            old = updated_node.params.params
            new_params = [old[0], old[1].with_changes(comma=cst.MaybeSentinel.DEFAULT)]
            for spec in method.signature[1:]:
                pname, _, default = spec.partition("=")
                new_params.append(_param(pname, default or None))
            node = node.with_changes(
                params=updated_node.params.with_changes(params=new_params)
            )
            self.count("signature")
        if not method.aliases:
            return node
        lines = [node]
        for alias in method.aliases:
            lines.append(
                cst.SimpleStatementLine(
                    leading_lines=[cst.EmptyLine(indent=False)],
                    body=[
                        cst.Assign(
                            targets=[cst.AssignTarget(target=cst.Name(alias))],
                            value=cst.Name(method.new_name),
                        )
                    ],
                    trailing_whitespace=cst.TrailingWhitespace(
                        whitespace=cst.SimpleWhitespace("  "),
                        comment=cst.Comment(
                            f"# MMCV ran {method.original} for train and val"
                        ),
                    ),
                )
            )
        return cst.FlattenSentinel(lines)

    # --------------------------------------------------------- runner.X
    def _runner_attr(self, node: cst.Attribute) -> str | None:
        method = self._method
        if method is None or method.runner is None:
            return None
        if isinstance(node.value, cst.Name) and node.value.value == method.runner:
            return node.attr.value
        return None

    def _dataloader_attr(self, phase: str | None) -> str | None:
        return {"train": "train_dataloader", "val": "val_dataloader"}.get(phase or "")

    def leave_Attribute(self, original_node: cst.Attribute, updated_node):
        method = self._method
        attr = self._runner_attr(original_node)
        if method is None:
            return updated_node
        runner = method.runner
        # runner.optimizer.param_groups -> runner.optim_wrapper.optimizer.param_groups
        if (
            dotted_name(original_node.value) == f"{runner}.optimizer"
            and original_node.attr.value in hp.RAW_OPTIMIZER_ATTRIBUTES
        ):
            return updated_node.with_changes(
                value=cst.Attribute(
                    value=updated_node.value, attr=cst.Name("optimizer")
                )
            )
        if attr is None:
            return updated_node
        if attr in hp.RUNNER_ATTRIBUTES:
            self.count("runner_attribute")
            return updated_node.with_changes(attr=cst.Name(hp.RUNNER_ATTRIBUTES[attr]))
        if attr == "outputs" and method.after_iter:
            self.count("outputs")
            if method.phase == "val":
                # val_step's outputs: [MMCV's dict] (see codemods.models)
                return cst.Subscript(
                    value=cst.Name("outputs"),
                    slice=[cst.SubscriptElement(cst.Index(cst.Integer("0")))],
                )
            if method.phase == "shared":
                self.todo(VAL_OUTPUTS_TODO)
            return cst.Name("outputs")
        if attr == "inner_iter" and method.iter_point:
            self.count("batch_idx")
            return cst.Name("batch_idx")
        if attr == "data_loader":
            new = self._dataloader_attr(method.phase)
            if new is not None:
                self.count("runner_attribute")
                return updated_node.with_changes(attr=cst.Name(new))
        if attr == "log_buffer" and self._is_log_buffer_update(original_node):
            return updated_node  # the statement handler rewrites it
        if attr in hp.RUNNER_ATTRIBUTES_GONE:
            # once per method: the first use gets the comment
            text = hp.RUNNER_ATTRIBUTES_GONE[attr]
            if text not in method.todos:
                method.todos.add(text)
                self.todo(text)
        return updated_node

    def _is_log_buffer_update(self, node: cst.Attribute) -> bool:
        return id(node) in self._log_buffer_updates

    def visit_Expr(self, node: cst.Expr) -> None:
        # ``runner.log_buffer.update(...)`` statements are rewritten whole
        call = node.value
        if (
            isinstance(call, cst.Call)
            and isinstance(call.func, cst.Attribute)
            and call.func.attr.value == "update"
            and isinstance(call.func.value, cst.Attribute)
        ):
            self._log_buffer_updates.add(id(call.func.value))

    def leave_Subscript(self, original_node: cst.Subscript, updated_node):
        method = self._method
        if method is None or not method.after_iter or method.phase == "val":
            return updated_node  # val: outputs[0] holds MMCV's whole dict
        if dotted_name(original_node.value) != f"{method.runner}.outputs":
            return updated_node
        key = None
        if len(original_node.slice) == 1:
            index = original_node.slice[0].slice
            if isinstance(index, cst.Index):
                key = _string_value(index.value)
        if key == "log_vars":
            return cst.Name("outputs")
        if key not in hp.LEGACY_OUTPUT_KEYS:
            self.todo(
                "`outputs` is now the log_vars dict returned by train_step; "
                f"{key!r} is not in it"
            )
        return updated_node

    # --------------------------------------------------------- calls
    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call):
        func = updated_node.func
        if isinstance(func, cst.Attribute):
            attr = func.attr.value
            if attr in hp.RUNNER_REGISTER_HELPERS:
                self.todo(
                    f"{attr} is gone: pass {hp.RUNNER_REGISTER_HELPERS[attr]} to "
                    "the Runner instead"
                )
        self._check_hook_type(updated_node)
        method = self._method
        if method is None or not isinstance(func, cst.Attribute):
            return updated_node
        owner = func.value
        if isinstance(owner, cst.Name) and owner.value == "self":
            return self._rewrite_self_call(updated_node, func.attr.value, method)
        if (
            isinstance(owner, cst.Call)
            and dotted_name(owner.func) == "super"
            and func.attr.value in (method.original, method.new_name)
            and method.new_name != func.attr.value + "_"
        ):
            return self._rewrite_super_call(updated_node, method)
        return updated_node

    def _rewrite_self_call(self, node: cst.Call, name: str, method: _Method):
        runner = method.runner
        args = list(node.args)
        first_is_runner = bool(args) and dotted_name(args[0].value) == runner
        if name in hp.HELPER_RENAMES:
            self.count("helper")
            return node.with_changes(
                func=node.func.with_changes(attr=cst.Name(hp.HELPER_RENAMES[name]))
            )
        if name == "every_n_inner_iters" and first_is_runner:
            if method.iter_point:
                self.count("helper")
                return node.with_changes(
                    args=[args[0].with_changes(value=cst.Name("batch_idx")), *args[1:]]
                )
            self.todo("every_n_inner_iters(batch_idx, n) needs the batch index")
        if name == "end_of_epoch" and first_is_runner and len(args) == 1:
            loader = self._dataloader_attr(method.phase)
            if method.iter_point and loader is not None:
                self.count("helper")
                return node.with_changes(
                    args=[
                        cst.Arg(
                            build_dotted(f"{runner}.{loader}"),
                            comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")),
                        ),
                        cst.Arg(cst.Name("batch_idx")),
                    ]
                )
            self.todo("end_of_epoch(dataloader, batch_idx) needs the loader and index")
        if name in hp.SHARED_POINTS:
            self.todo(f"{name} is not a hook point any more")
        return node

    def _rewrite_super_call(self, node: cst.Call, method: _Method):
        func = node.func.with_changes(attr=cst.Name(method.new_name))
        if not method.new_signature or len(node.args) != 1:
            return node.with_changes(func=func)
        names = [s.partition("=")[0] for s in method.signature]
        args = [node.args[0].with_changes(comma=cst.MaybeSentinel.DEFAULT)]
        args += [cst.Arg(cst.Name(n)) for n in names[1:]]
        self.count("super_call")
        return node.with_changes(func=func, args=args)

    def _in_code(self) -> bool:
        """Inside a function or class: module-level dict literals are
        config-like and belong to ``mmcompat convert``."""
        return len(self._statements) > 1

    def _check_hook_type(self, node: cst.Call) -> None:
        """``dict(type='TextLoggerHook', ...)`` naming a removed MMCV hook."""
        if dotted_name(node.func) != "dict" or not self._in_code():
            return
        for arg in node.args:
            if arg.keyword is not None and arg.keyword.value == "type":
                name = _string_value(arg.value)
                if name in self._removed_notes:
                    self.todo(f"type='{name}': {self._removed_notes[name]}")

    def leave_Dict(self, original_node: cst.Dict, updated_node: cst.Dict):
        if not self._in_code():
            return updated_node
        for element in updated_node.elements:
            if (
                isinstance(element, cst.DictElement)
                and _string_value(element.key) == "type"
            ):
                name = _string_value(element.value)
                if name in self._removed_notes:
                    self.todo(f"type='{name}': {self._removed_notes[name]}")
        return updated_node

    # --------------------------------------------------------- log_buffer
    def leave_SimpleStatementLine(self, original_node, updated_node):
        method = self._method
        if method is None or len(updated_node.body) != 1:
            return updated_node
        expr = updated_node.body[0]
        if not (isinstance(expr, cst.Expr) and isinstance(expr.value, cst.Call)):
            return updated_node
        call = expr.value
        if dotted_name(call.func) != f"{method.runner}.log_buffer.update":
            return updated_node
        if len(call.args) != 1 or call.args[0].keyword or call.args[0].star:
            self.todo(
                "log_buffer.update(vars, count) -> runner.message_hub.update_scalar"
                "(key, value, count) per key"
            )
            return updated_node
        prefix = {"train": "train/", "val": "val/"}.get(method.phase or "")
        hub = f"{method.runner}.message_hub"
        items = self._literal_items(call.args[0].value)
        if items is None or prefix is None:
            self.count("log_buffer")
            if prefix is None:
                self.todo(
                    "LoggerHook shows message_hub keys named 'train/<key>' or "
                    "'val/<key>': prefix the keys for the phase"
                )
            new_call = cst.Call(
                func=build_dotted(f"{hub}.update_scalars"), args=[call.args[0]]
            )
            if prefix is not None:
                self.todo(f"LoggerHook shows keys named '{prefix}<key>': prefix them")
            return updated_node.with_changes(body=[expr.with_changes(value=new_call)])
        lines = []
        for key, value in items:
            new_call = cst.Call(
                func=build_dotted(f"{hub}.update_scalar"),
                args=[
                    cst.Arg(
                        cst.SimpleString(repr(prefix + key)),
                        comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")),
                    ),
                    cst.Arg(value),
                ],
            )
            lines.append(cst.SimpleStatementLine(body=[cst.Expr(new_call)]))
        if not lines:
            return cst.RemovalSentinel.REMOVE
        self.count("log_buffer")
        lines[0] = lines[0].with_changes(leading_lines=updated_node.leading_lines)
        return cst.FlattenSentinel(lines) if len(lines) > 1 else lines[0]

    @staticmethod
    def _literal_items(node: cst.BaseExpression):
        """``{'a': x}`` / ``dict(a=x)`` -> [("a", x)], else None."""
        items = []
        if isinstance(node, cst.Dict):
            for element in node.elements:
                if not isinstance(element, cst.DictElement):
                    return None
                key = _string_value(element.key)
                if key is None:
                    return None
                items.append((key, element.value))
            return items
        if isinstance(node, cst.Call) and dotted_name(node.func) == "dict":
            for arg in node.args:
                if arg.keyword is None or arg.star:
                    return None
                items.append((arg.keyword.value, arg.value))
            return items
        return None
