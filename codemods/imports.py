"""Move legacy ``mmcv`` imports to their new homes.

Reads ``mmcompat.tables.symbols`` (recorded from the real MMCV 1.7.2,
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

Registries: a legacy ``Registry('dataset')`` (from mmcv) had no parent, as
MMCV had no root ``DATASETS``; the new Runner builds from the root
registries and reaches a package's registry only as their child. A legacy
registry named like a root registry (or its plural, ``'models'``; see
``mmcompat.tables.registries``) without a ``parent`` gets
``parent=<root>``, imported under a prefixed name so it cannot clash with
the module's own (``from mmcompat.registry import DATASETS as
MMCOMPAT_DATASETS``). ``parent=mmcv.cnn.MODELS``-style parents are moved
by the import table like any symbol.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections import defaultdict

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor, RemoveImportsVisitor

from mmcompat.tables import registries, symbols

from ._base import (
    STATEMENT_CONTAINERS,
    LegacyCodemod,
    build_dotted,
    dotted_name,
    with_todos,
)

_IMPORT_MODULE = re.compile(
    r"^\s*import\s+[^\n]*\bmmcv\b|\bfrom\s+mmcv\s+import\s+\(?\s*[a-z]", re.M
)
_REGISTRY_CALL = re.compile(r"\bRegistry\s*\(")
#: where the import table sends ``mmcv.utils.Registry``
_NEW_REGISTRY = "mmengine.registry.Registry"


def _bare_names(source: str) -> set[str]:
    """Names used bare (not after a dot) in code, strings and comments
    excluded."""
    names: set[str] = set()
    previous = None
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.NAME and not (
                previous is not None and previous.string == "."
            ):
                names.add(token.string)
            if token.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT):
                previous = token
    except (tokenize.TokenError, SyntaxError):
        return {m.group(0) for m in re.finditer(r"\w+", source)}  # conservative
    return names


def _attribute_chains(module: cst.Module) -> set[str]:
    chains: set[str] = set()

    class _Chains(cst.CSTVisitor):
        def visit_Import(self, node: cst.Import) -> bool:
            return False  # ``import mmcv.runner`` is not a use

        def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
            return False

        def visit_Attribute(self, node: cst.Attribute) -> bool:
            name = dotted_name(node)
            if name is not None:
                chains.add(name)
                return False
            return True

    module.visit(_Chains())
    return chains


def _todo_text(name: str, note: str) -> str:
    return note if note.startswith(f"{name} ") else f"{name}: {note}"


class LegacyImportsCommand(LegacyCodemod):
    DESCRIPTION = (
        "Move imports of legacy mmcv symbols (mmcv, mmcv.runner, mmcv.utils, "
        "mmcv.parallel, mmcv.fileio, mmcv.engine, mmcv.cnn) to mmcompat / "
        "MMEngine / MMCV 2.x; TODO comments for removed ones."
    )
    RULE_FAMILY = "imports"
    TRIGGERS = ("mmcv",)

    def __init__(self, context: CodemodContext, target: str = "mmcompat") -> None:
        super().__init__(context, target)
        # local name -> legacy module it is bound to (``import mmcv.runner as r``)
        self._module_aliases: dict[str, str] = {}
        # names bound by ``from <legacy or new module> import name``
        self._imported: set[str] = set()
        self._source = ""
        self._pending_lines: list[cst.EmptyLine] = []
        self._bare_names: set[str] | None = None
        # local name -> the ``import mmcv[.x] [as y]`` statements binding it
        self._module_imports: dict[str, list[tuple[str, str | None]]] = {}
        # local name -> the ``from mmcv import runner [as r]`` binding it
        self._submodule_imports: dict[str, tuple[str, str, str | None]] = {}
        # local names bound to MMCV's Registry class
        self._legacy_registry: set[str] = set()

    def visit_Module(self, node: cst.Module) -> None:
        self._source = self.source_text(node)
        # Without ``import mmcv`` (or ``from mmcv import runner``) there are no
        # ``mmcv.X`` attributes to rewrite: only import lines need a visit.
        self._lines_only = (
            _IMPORT_MODULE.search(self._source) is None
            and _REGISTRY_CALL.search(self._source) is None
        )

    def should_visit(self, node: cst.CSTNode) -> bool:
        if not self._lines_only:
            return True
        if isinstance(node, cst.SimpleStatementLine):
            for small in node.body:
                if isinstance(small, cst.ImportFrom):
                    self.visit_ImportFrom(small)
            return False
        return isinstance(node, STATEMENT_CONTAINERS) or isinstance(node, cst.Module)

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module):
        """``import mmcv.runner`` breaks on MMCV 2.x: once no ``mmcv.runner.X``
        use is left, it becomes ``import mmcv`` (which it also bound), and
        that is dropped if unused; while uses remain it gets a TODO."""
        dropped = [
            i
            for i, statement in enumerate(updated_node.body)
            if isinstance(statement, cst.SimpleStatementLine)
            and len(statement.body) == 1
            and isinstance(statement.body[0], cst.Import)
            and any(self._dropped_package(a) for a in statement.body[0].names)
        ]
        if not dropped:
            return updated_node
        chains = _attribute_chains(updated_node)
        body = list(updated_node.body)
        has_plain_mmcv = any(
            isinstance(small, cst.Import)
            and any(
                dotted_name(a.name) == "mmcv" and a.asname is None for a in small.names
            )
            for st in body
            if isinstance(st, cst.SimpleStatementLine)
            for small in st.body
        )
        for i in dropped:
            statement = body[i]
            names = []
            for alias in statement.body[0].names:
                package = self._dropped_package(alias)
                if package is None:
                    names.append(alias)
                elif any(c == package or c.startswith(package + ".") for c in chains):
                    header = self._header_comments if i == 0 else set()
                    todo = f"{package} was removed in MMCV 2.x"
                    new = with_todos(statement, [todo], header)
                    if new is not statement:
                        self.count("todo")
                    statement = new
                    names.append(alias)
                else:
                    if not has_plain_mmcv:
                        names.append(alias.with_changes(name=cst.Name("mmcv")))
                        has_plain_mmcv = True
                        RemoveImportsVisitor.remove_unused_import(self.context, "mmcv")
                    self.count("moved")
            if not names:
                body[i] = None
                continue
            names[-1] = names[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
            body[i] = statement.with_changes(
                body=[statement.body[0].with_changes(names=names)]
            )
        return updated_node.with_changes(body=[b for b in body if b is not None])

    @staticmethod
    def _dropped_package(alias: cst.ImportAlias) -> str | None:
        module = dotted_name(alias.name)
        if alias.asname is not None or module is None or module.count(".") < 1:
            return None
        res = symbols.resolve(module.rpartition(".")[0], module.rpartition(".")[2])
        return symbols.dropped_package(module) if res is None else None

    def on_leave(self, original_node, updated_node):
        result = super().on_leave(original_node, updated_node)
        if (
            self._pending_lines
            and not self._statements  # a module-level statement just left
            and isinstance(result, (cst.SimpleStatementLine, cst.BaseCompoundStatement))
        ):
            is_import = isinstance(result, cst.SimpleStatementLine) and any(
                isinstance(b, (cst.Import, cst.ImportFrom)) for b in result.body
            )
            # an import line takes the removed line's blank lines; anything
            # else gets the added imports above it instead
            carried = self._pending_lines if is_import else []
            if result.leading_lines:
                # the next line opens a group of its own: one separation
                carried = [line for line in carried if line.comment is not None]
            self._pending_lines = []
            result = result.with_changes(
                leading_lines=[*carried, *result.leading_lines]
            )
        return result

    def visit_Import(self, node: cst.Import) -> None:
        for alias in node.names:
            module = dotted_name(alias.name)
            if module is None or not symbols.is_legacy_module(module):
                continue
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                local = alias.asname.name.value
                self._module_aliases[local] = module
                self._module_imports.setdefault(local, []).append((module, local))
            else:
                root = module.split(".")[0]
                self._module_aliases[root] = root
                self._module_imports.setdefault(root, []).append((module, None))

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        module = dotted_name(node.module) if not node.relative else None
        if module is None or isinstance(node.names, cst.ImportStar):
            return
        legacy = symbols.is_legacy_module(module)
        for alias in node.names:
            name = dotted_name(alias.name)
            local = (
                alias.asname.name.value
                if alias.asname and isinstance(alias.asname.name, cst.Name)
                else name
            )
            if name is None or local is None:
                continue
            row = symbols.lookup(module, name) if legacy else None
            if legacy and row is None and name.islower():
                self._module_aliases[local] = f"{module}.{name}"  # a submodule
                self._submodule_imports[local] = (
                    module,
                    name,
                    None if local == name else local,
                )
            if row is not None and row[0] == _NEW_REGISTRY:
                self._legacy_registry.add(local)
            if legacy or module.split(".")[0] in ("mmcompat", "mmengine"):
                self._imported.add(local)

    # ----------------------------------------------------- from X import Y
    def leave_SimpleStatementLine(
        self,
        original_node: cst.SimpleStatementLine,
        updated_node: cst.SimpleStatementLine,
    ):
        imports = [s for s in updated_node.body if self._is_legacy_from(s)]
        if not imports:
            return updated_node
        # the statement stack holds this line only at module level
        module_level = len(self._statements) == 1
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
        # a line with its own comments keeps its place (and its comments)
        commented = any(e.comment is not None for e in line.leading_lines) or (
            line.trailing_whitespace.comment is not None
        )
        float_ok = module_level and not commented
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
            if float_ok and not symbols.note_needs_todo(res.note):
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
            if module_level:
                # keep its blank lines/comments for the next line (on_leave)
                self._pending_lines.extend(line.leading_lines)
            return cst.RemovalSentinel.REMOVE
        if not kept:  # the first new line inherits the old line's comments
            statements[0] = statements[0].with_changes(
                trailing_whitespace=line.trailing_whitespace
            )
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
        dotted = dotted_name(original_node)
        if dotted is None:
            return updated_node
        root, _, rest = dotted.partition(".")
        if root not in self._module_aliases:
            return updated_node
        module, _, name = f"{self._module_aliases[root]}.{rest}".rpartition(".")
        if symbols.lookup(module, name) is None:
            return updated_node  # a module prefix (mmcv.runner) or unknown
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
        for imported, asname in self._module_imports.get(root, ()):
            # ``import mmcv`` / ``import mmcv.runner``: dropped once unused
            RemoveImportsVisitor.remove_unused_import(
                self.context, imported, asname=asname
            )
        if root in self._submodule_imports:  # ``from mmcv import runner``
            RemoveImportsVisitor.remove_unused_import(
                self.context, *self._submodule_imports[root]
            )
        self.count("attribute")
        return cst.Name(res.name)

    def _name_is_free(self, node: cst.CSTNode, name: str, new_module: str) -> bool:
        """True if the bare ``name`` can stand for the moved symbol: it does
        not occur in the file except as an attribute, or only through an
        import from a legacy or new-API module (the same symbol).

        A text test, deliberately conservative (and far cheaper than scope
        analysis): any other bare use of the name keeps the attribute."""
        if name in self._imported:
            return True
        if self._bare_names is None:
            self._bare_names = _bare_names(self._source)
        return name not in self._bare_names

    # ------------------------------------------- Registry('dataset') parents
    def _is_legacy_registry(self, func: cst.BaseExpression) -> bool:
        dotted = dotted_name(func)
        if dotted is None:
            return False
        if "." not in dotted:
            return dotted in self._legacy_registry
        root, _, rest = dotted.partition(".")
        if root not in self._module_aliases:
            return False
        module, _, name = f"{self._module_aliases[root]}.{rest}".rpartition(".")
        row = symbols.lookup(module, name)
        return row is not None and row[0] == _NEW_REGISTRY

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call):
        if not self._is_legacy_registry(original_node.func):
            return updated_node
        args = list(updated_node.args)
        if any(a.star for a in args) or any(
            a.keyword is not None and a.keyword.value == "parent" for a in args
        ):
            return updated_node
        positional = [a for a in args if a.keyword is None]
        named = [a for a in args if a.keyword is not None and a.keyword.value == "name"]
        if len(positional) >= 3:  # Registry(name, build_func, parent)
            return updated_node
        given = (positional or named or [None])[0]
        name = None
        if given is not None and isinstance(given.value, cst.SimpleString):
            value = given.value.evaluated_value
            name = value if isinstance(value, str) else None
        root = registries.root_registry_for(name) if name else None
        if root is None:
            return updated_node
        alias = f"{self.target.upper()}_{root}"
        if alias not in self._imported:
            if self._bare_names is None:
                self._bare_names = _bare_names(self._source)
            if alias in self._bare_names:
                self.todo(
                    f"Registry({name!r}) needs parent={self.target}.registry."
                    f"{root} (the new Runner builds from the root registries); "
                    f"the name {alias} is taken here"
                )
                return updated_node
        AddImportsVisitor.add_needed_import(
            self.context, f"{self.target}.registry", root, asname=alias
        )
        self._imported.add(alias)
        self.count("registry_parent")
        last = args[-1]
        ws = updated_node.whitespace_before_args
        multiline = isinstance(ws, cst.ParenthesizedWhitespace)
        parent = cst.Arg(
            keyword=cst.Name("parent"),
            value=cst.Name(alias),
            equal=cst.AssignEqual(
                whitespace_before=cst.SimpleWhitespace(""),
                whitespace_after=cst.SimpleWhitespace(""),
            ),
            comma=last.comma,
        )
        comma = cst.Comma(
            whitespace_after=ws if multiline else cst.SimpleWhitespace(" ")
        )
        args[-1] = last.with_changes(comma=comma)
        return updated_node.with_changes(args=[*args, parent])
