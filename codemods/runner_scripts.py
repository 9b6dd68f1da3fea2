"""Rewrite MMCV 1.x training scripts to ``Runner(...)`` + ``runner.train()``.

The legacy shape, in one block of statements::

    runner = EpochBasedRunner(model=model, optimizer=optimizer,
                              work_dir='./work_dir', max_epochs=3)
    runner.register_training_hooks(lr_config=lr_config,
                                   optimizer_config=optimizer_config,
                                   checkpoint_config=dict(interval=1),
                                   log_config=log_config)
    runner.run([train_loader], [('train', 1)])

becomes one ``Runner(...)`` call with ``train_dataloader``, ``train_cfg``,
``optim_wrapper=OptimWrapper(optimizer=optimizer, ...)``,
``param_scheduler``, ``default_hooks``, ``custom_hooks`` (and the
``visualizer`` / ``log_processor`` a ``log_config`` implies), then
``runner.train()``. The hook configs go through the config translator
(``mmcompat.legacy.translate.translate_hook_configs``), so scripts and
converted configs agree; they must be literals, written in the call or
assigned once earlier in the same block. Anything else (``cfg.lr_config``,
``build_runner(cfg.runner, ...)``, a computed workflow) is left as it is
with a TODO naming what to do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor, RemoveImportsVisitor

from mmcompat.tables import symbols

from ._base import LegacyCodemod, dotted_name, with_todos
from ._literals import NotLiteral, literal_value, render

RUNNER_CLASSES = {"EpochBasedRunner": True, "IterBasedRunner": False, "Runner": True}
# MMCV BaseRunner.register_training_hooks positional parameters
HOOK_PARAMS = (
    "lr_config",
    "optimizer_config",
    "checkpoint_config",
    "log_config",
    "momentum_config",
    "timer_config",
    "custom_hooks_config",
)
# Runner(...) keyword order of the rewritten call
NEW_ORDER = (
    "model",
    "work_dir",
    "train_dataloader",
    "train_cfg",
    "optim_wrapper",
    "param_scheduler",
    "default_hooks",
    "custom_hooks",
    "visualizer",
    "log_processor",
)
DEFAULT_WORK_DIR = "./work_dirs"
DROPPED_KWARGS = {
    "logger": "logger= dropped: the Runner builds its MMLogger (pass log_level=...)",
    "meta": "meta= dropped: keep run metadata in runner.message_hub (update_info)",
    "batch_processor": "batch_processor= is gone: move it into model.train_step",
}


@dataclass
class _Script:
    runner: str
    by_epoch: bool
    create: int  # statement indexes in the block
    register: int | None = None
    run: int | None = None
    todos: list[str] = field(default_factory=list)


def _single_call(statement: cst.BaseStatement) -> cst.Call | None:
    if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1:
        node = statement.body[0]
        if isinstance(node, cst.Expr) and isinstance(node.value, cst.Call):
            return node.value
    return None


class LegacyRunnerScriptsCommand(LegacyCodemod):
    DESCRIPTION = (
        "Rewrite EpochBasedRunner/IterBasedRunner + register_training_hooks + "
        "run(loaders, workflow) scripts to Runner(...) + runner.train(); "
        "literal hook configs go through the config translator."
    )
    RULE_FAMILY = "runner_scripts"
    TRIGGERS = ("Runner", "register_training_hooks", "build_runner")

    def __init__(self, context: CodemodContext, target: str = "mmcompat") -> None:
        super().__init__(context, target)
        self._runner_names: dict[str, bool] = {}  # local name -> by_epoch
        self._replaced_runner_alias = False

    # ------------------------------------------------------ legacy names
    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        module = dotted_name(node.module) if not node.relative else None
        if module is None or not symbols.is_legacy_module(module):
            return
        if isinstance(node.names, cst.ImportStar):
            return
        for alias in node.names:
            name = dotted_name(alias.name)
            if name in RUNNER_CLASSES:
                local = (
                    alias.asname.name.value
                    if alias.asname and isinstance(alias.asname.name, cst.Name)
                    else name
                )
                self._runner_names[local] = RUNNER_CLASSES[name]

    def _runner_class(self, call: cst.Call) -> bool | None:
        """by_epoch of a legacy runner construction, None if not one."""
        name = dotted_name(call.func)
        if name is None:
            return None
        if name in self._runner_names:
            return self._runner_names[name]
        root, _, last = name.rpartition(".")
        if root.startswith("mmcv") and last in ("EpochBasedRunner", "IterBasedRunner"):
            return RUNNER_CLASSES[last]
        return None

    # ------------------------------------------------------ blocks
    def leave_IndentedBlock(self, original_node, updated_node):
        return updated_node.with_changes(
            body=self._rewrite_block(list(updated_node.body))
        )

    def leave_Module(self, original_node, updated_node):
        body = self._rewrite_block(list(updated_node.body))
        if self._replaced_runner_alias:
            body = self._drop_legacy_runner_alias(body)
        return updated_node.with_changes(body=body)

    @staticmethod
    def _drop_legacy_runner_alias(body):
        """``from mmcv.runner import Runner`` (MMCV's EpochBasedRunner alias)
        would shadow the new ``Runner`` import: drop that name."""
        out = []
        for statement in body:
            if (
                isinstance(statement, cst.SimpleStatementLine)
                and len(statement.body) == 1
            ):
                node = statement.body[0]
                module = (
                    dotted_name(node.module)
                    if isinstance(node, cst.ImportFrom)
                    else None
                )
                if (
                    module is not None
                    and not node.relative
                    and symbols.is_legacy_module(module)
                    and not isinstance(node.names, cst.ImportStar)
                ):
                    names = [
                        a
                        for a in node.names
                        if not (dotted_name(a.name) == "Runner" and a.asname is None)
                    ]
                    if not names:
                        continue
                    if len(names) != len(node.names):
                        names[-1] = names[-1].with_changes(
                            comma=cst.MaybeSentinel.DEFAULT
                        )
                        statement = statement.with_changes(
                            body=[node.with_changes(names=names)]
                        )
            out.append(statement)
        return out

    def _rewrite_block(self, body: list[cst.BaseStatement]) -> list[cst.BaseStatement]:
        scripts = self._find_scripts(body)
        for script in reversed(scripts):
            body = self._rewrite_script(body, script)
        return body

    def _find_scripts(self, body) -> list[_Script]:
        scripts: list[_Script] = []
        for index, statement in enumerate(body):
            if (
                isinstance(statement, cst.SimpleStatementLine)
                and len(statement.body) == 1
            ):
                node = statement.body[0]
                if (
                    isinstance(node, cst.Assign)
                    and len(node.targets) == 1
                    and isinstance(node.targets[0].target, cst.Name)
                    and isinstance(node.value, cst.Call)
                ):
                    if dotted_name(node.value.func) in (
                        "build_runner",
                        "mmcv.runner.build_runner",
                    ):
                        body[index] = self._todo(
                            statement,
                            "build_runner(cfg.runner, default_args) -> Runner.from_cfg(cfg) "
                            "on a converted config (`mmcompat convert`)",
                        )
                        continue
                    by_epoch = self._runner_class(node.value)
                    if by_epoch is not None:
                        scripts.append(
                            _Script(node.targets[0].target.value, by_epoch, index)
                        )
                        continue
            call = _single_call(statement)
            if call is None or not scripts:
                continue
            owner = dotted_name(call.func)
            script = scripts[-1]
            if (
                owner == f"{script.runner}.register_training_hooks"
                and script.register is None
            ):
                script.register = index
            elif owner == f"{script.runner}.run" and script.run is None:
                script.run = index
        return scripts

    def _todo(self, statement, text: str):
        new = with_todos(statement, [text])
        if new is not statement:
            self.count("todo")
        return new

    # ------------------------------------------------------ one script
    def _rewrite_script(self, body, script: _Script):
        create_line = body[script.create]
        create_call = create_line.body[0].value
        if script.register is None or script.run is None:
            missing = "register_training_hooks" if script.register is None else "run"
            body[script.create] = self._todo(
                create_line,
                f"{script.runner}.{missing}(...) not found in this block: build "
                "{root}.runner.Runner(...) by hand".replace("{root}", self.target),
            )
            return body
        try:
            plan = self._plan(body, script, create_call)
        except _Unsafe as exc:
            body[script.create] = self._todo(create_line, str(exc))
            return body
        new_line = self._runner_statement(script, plan, create_line)
        train_line = cst.parse_statement(f"{script.runner}.train()")
        run_line = body[script.run]
        train_line = train_line.with_changes(leading_lines=run_line.leading_lines)
        for todo in plan["todos"]:
            new_line = with_todos(new_line, [todo])
            self.count("todo")
        out = []
        for index, statement in enumerate(body):
            if index == script.create:
                out.append(new_line)
            elif index == script.register:
                continue
            elif index == script.run:
                out.append(train_line)
            elif script.create < index < script.run:
                out.append(self._check_between(statement, script.runner))
            else:
                out.append(statement)
        out = self._drop_consumed(out, plan["consumed"])
        self.count("runner")
        AddImportsVisitor.add_needed_import(
            self.context, f"{self.target}.runner", "Runner"
        )
        wrapper = plan.get("optim_wrapper_class")
        if wrapper:
            AddImportsVisitor.add_needed_import(
                self.context, f"{self.target}.optim", wrapper
            )
        callee = dotted_name(create_call.func) or ""
        if callee == "Runner":
            self._replaced_runner_alias = True
        for module in ("mmcv.runner", "mmcv"):
            RemoveImportsVisitor.remove_unused_import(self.context, module, callee)
        return out

    def _drop_consumed(self, body, names: set[str]):
        """Remove ``lr_config = dict(...)`` lines the Runner call absorbed,
        when nothing else in the block reads the name."""
        for name in names:
            assignments = [
                i
                for i, s in enumerate(body)
                if isinstance(s, cst.SimpleStatementLine)
                and len(s.body) == 1
                and isinstance(s.body[0], cst.Assign)
                and len(s.body[0].targets) == 1
                and dotted_name(s.body[0].targets[0].target) == name
            ]
            if len(assignments) != 1:
                continue
            index = assignments[0]
            others = body[:index] + body[index + 1 :]
            if any(_reads_name(s, name) for s in others):
                continue
            removed = body[index]
            body = others
            if index < len(body) and removed.leading_lines:
                nxt = body[index]
                body[index] = nxt.with_changes(
                    leading_lines=[*removed.leading_lines, *nxt.leading_lines]
                )
        return body

    def _check_between(self, statement, runner: str):
        """Statements between construction and run that used MMCV-only API."""
        call = _single_call(statement)
        if call is not None:
            owner = dotted_name(call.func) or ""
            if owner in (f"{runner}.resume", f"{runner}.load_checkpoint"):
                return self._todo(
                    statement,
                    "pass resume=True / load_from=... to Runner(...): it loads when "
                    "train() starts",
                )
        if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1:
            node = statement.body[0]
            if isinstance(node, cst.Assign) and any(
                (dotted_name(t.target) or "").startswith(f"{runner}.")
                for t in node.targets
            ):
                return self._todo(
                    statement, "the new Runner may not have this attribute (read-only)"
                )
        return statement

    # ------------------------------------------------------ planning
    def _literal(
        self, node: cst.BaseExpression, body, before: int, what: str, consumed=None
    ) -> Any:
        try:
            return literal_value(node)
        except NotLiteral:
            pass
        name = dotted_name(node) if isinstance(node, cst.Name) else None
        if name is not None:
            value = self._assigned_literal(body, before, name)
            if value is not _MISSING:
                if consumed is not None:
                    consumed.add(name)
                return value
        raise _Unsafe(
            f"{what} is not a literal: translate it with `mmcompat convert` "
            "and pass the result to Runner(...) by hand"
        )

    @staticmethod
    def _assigned_literal(body, before: int, name: str) -> Any:
        value: Any = _MISSING
        for statement in body[:before]:
            if isinstance(statement, cst.SimpleStatementLine):
                for node in statement.body:
                    if isinstance(node, (cst.Assign, cst.AnnAssign, cst.AugAssign)):
                        targets = (
                            [t.target for t in node.targets]
                            if isinstance(node, cst.Assign)
                            else [node.target]
                        )
                        if any(dotted_name(t) == name for t in targets):
                            try:
                                value = (
                                    literal_value(node.value)
                                    if isinstance(node, cst.Assign)
                                    and len(targets) == 1
                                    else _MISSING
                                )
                            except NotLiteral:
                                value = _MISSING
            elif _uses_target(statement, name):
                value = _MISSING  # assigned in a nested block: not knowable
        return value

    def _plan(self, body, script: _Script, create_call: cst.Call) -> dict:
        todos: list[str] = []
        kwargs: dict[str, cst.BaseExpression] = {}
        for arg in create_call.args:
            if arg.keyword is None or arg.star:
                raise _Unsafe(
                    f"{dotted_name(create_call.func)}(...) with positional arguments"
                )
            kwargs[arg.keyword.value] = arg.value
        length_key = "max_epochs" if script.by_epoch else "max_iters"
        register = _single_call(body[script.register])
        run = _single_call(body[script.run])
        assert register is not None and run is not None
        # run(data_loaders, workflow, max_epochs=...)
        run_args = [a for a in run.args if a.keyword is None]
        for arg in run.args:
            if arg.keyword is not None and arg.keyword.value in (
                "max_epochs",
                "max_iters",
            ):
                kwargs[length_key] = arg.value
        if len(run_args) != 2:
            raise _Unsafe(f"{script.runner}.run(data_loaders, workflow) expected")
        loaders, workflow = run_args[0].value, run_args[1].value
        flow = self._literal(workflow, body, script.run, "the workflow")
        if not isinstance(loaders, (cst.List, cst.Tuple)) or len(
            loaders.elements
        ) != len(flow):
            raise _Unsafe(
                "run(): write the data loaders as a list matching the workflow"
            )
        train_loader = None
        for (phase, _), element in zip(flow, loaders.elements):
            if phase == "train" and train_loader is None:
                train_loader = element.value
            elif phase == "val":
                todos.append(
                    "MMCV's ('val', n) workflow ran val_step for losses; the new "
                    "ValLoop needs val_dataloader=..., val_cfg=dict(), val_evaluator=..."
                )
        if train_loader is None:
            raise _Unsafe("the workflow has no 'train' phase")
        length = kwargs.pop(length_key, None)
        if length is None:
            raise _Unsafe(f"{length_key}= not given to the runner or run()")
        try:
            length_value = literal_value(length)
        except NotLiteral:
            length_value = None
        hook_args: dict[str, Any] = {}
        positional = [a for a in register.args if a.keyword is None]
        if any(a.star for a in register.args):
            raise _Unsafe("register_training_hooks(*args / **kwargs)")
        consumed: set[str] = set()
        for name, arg in zip(HOOK_PARAMS, positional):
            hook_args[name] = self._literal(
                arg.value, body, script.register, name, consumed
            )
        for arg in register.args:
            if arg.keyword is not None:
                name = arg.keyword.value
                hook_args[name] = self._literal(
                    arg.value, body, script.register, name, consumed
                )
        if length_value is None and hook_args.get("lr_config") is not None:
            raise _Unsafe(f"{length_key} is not a literal: lr_config needs it")
        from mmcompat.legacy.translate import translate_hook_configs

        try:
            new, report = translate_hook_configs(
                **{k: v for k, v in hook_args.items() if k in HOOK_PARAMS},
                **({length_key: length_value} if length_value is not None else {}),
                target=self.target,
            )
        except (ValueError, TypeError) as exc:  # TranslationError is a ValueError
            raise _Unsafe(f"hook configs not translatable: {exc}") from None
        for finding in report.todos:
            todos.append(f"{finding.key}: {finding.message}")
        for name, message in DROPPED_KWARGS.items():
            if kwargs.pop(name, None) is not None:
                todos.append(message)
        optimizer = kwargs.pop("optimizer", None)
        wrapper_cfg = dict(new.pop("optim_wrapper", None) or {"type": "OptimWrapper"})
        wrapper_class = wrapper_cfg.pop("type", "OptimWrapper")
        if optimizer is None:
            todos.append("no optimizer given: add optim_wrapper=dict(optimizer=...)")
            wrapper_class = None
        elif isinstance(optimizer, cst.Dict) or (
            isinstance(optimizer, cst.Call) and dotted_name(optimizer.func) == "dict"
        ):
            todos.append(
                "one optimizer per submodule: use OptimWrapperDict(name=OptimWrapper(...))"
            )
        train_cfg = {"by_epoch": script.by_epoch}
        return {
            "kwargs": kwargs,
            "train_loader": train_loader,
            "train_cfg": train_cfg,
            "length_key": length_key,
            "length": length,
            "optimizer": optimizer,
            "optim_wrapper_class": wrapper_class,
            "optim_wrapper_cfg": wrapper_cfg,
            "translated": new,
            "todos": todos,
            "consumed": consumed,
        }

    def _runner_statement(self, script: _Script, plan: dict, create_line):
        depth = sum(
            isinstance(n, cst.BaseCompoundStatement) for n, _ in self._statements
        )
        indent = " " * 4 * depth
        code = cst.Module(body=[])
        items: dict[str, str] = {}
        kwargs = dict(plan["kwargs"])
        for key in ("model", "work_dir"):
            if key in kwargs:
                items[key] = code.code_for_node(kwargs.pop(key))
        if "work_dir" not in items:
            # MMCV allowed work_dir=None; the new Runner requires one
            items["work_dir"] = repr(DEFAULT_WORK_DIR)
            plan["todos"].append(
                f"the Runner needs a work_dir: {DEFAULT_WORK_DIR!r} was filled in"
            )
        items["train_dataloader"] = code.code_for_node(plan["train_loader"])
        length = code.code_for_node(plan["length"])
        by_epoch = "True" if script.by_epoch else "False"
        items["train_cfg"] = f"dict(by_epoch={by_epoch}, {plan['length_key']}={length})"
        if plan["optim_wrapper_class"]:
            args = [f"optimizer={code.code_for_node(plan['optimizer'])}"]
            args += [f"{k}={render(v)}" for k, v in plan["optim_wrapper_cfg"].items()]
            items["optim_wrapper"] = f"{plan['optim_wrapper_class']}({', '.join(args)})"
        for key, value in plan["translated"].items():
            items[key] = render(value, len(indent) + len(key) + 5, 4)
        for key, value in kwargs.items():
            items[key] = code.code_for_node(value)
        ordered = [k for k in NEW_ORDER if k in items] + [
            k for k in items if k not in NEW_ORDER
        ]
        lines = [f"{script.runner} = Runner("]
        lines += [f"    {key}={items[key]}," for key in ordered]
        lines.append(")")
        # continuation lines parse as "indented with the block": libcst adds
        # the block's indentation back when the statement is placed in it
        text = "\n".join(lines) + "\n"
        statement = cst.parse_statement(text)
        return statement.with_changes(leading_lines=create_line.leading_lines)


class _Unsafe(Exception):
    """The script's shape is not one the codemod rewrites safely."""


_MISSING = object()


def _reads_name(statement: cst.CSTNode, name: str) -> bool:
    """``name`` is read somewhere in ``statement`` (keywords and attribute
    names do not count)."""
    found = False

    class _Finder(cst.CSTVisitor):
        def visit_Arg(self, node: cst.Arg) -> bool:
            node.value.visit(self)
            return False

        def visit_Attribute(self, node: cst.Attribute) -> bool:
            node.value.visit(self)
            return False

        def visit_Name(self, node: cst.Name) -> None:
            nonlocal found
            if node.value == name:
                found = True

    statement.visit(_Finder())
    return found


def _uses_target(statement: cst.BaseStatement, name: str) -> bool:
    found = False

    class _Finder(cst.CSTVisitor):
        def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
            nonlocal found
            if dotted_name(node.target) == name:
                found = True

    statement.visit(_Finder())
    return found
