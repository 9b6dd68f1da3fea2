"""Literal values <-> libcst expressions, for the runner_scripts codemod.

``literal_value`` evaluates the constant expressions configs are made of
(``dict(a=1)``, ``{'a': [1, 2.0]}``, ``('train', 1)``, ``None``, ``-1e-3``);
``render`` writes a value back as OpenMMLab-style source (``dict(...)`` for
dicts with identifier keys, single quotes), breaking lines past 79 columns.
"""

from __future__ import annotations

import keyword
from typing import Any

import libcst as cst

from ._base import dotted_name


class NotLiteral(Exception):
    """The expression is not a constant config value."""


def literal_value(node: cst.BaseExpression) -> Any:
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
        value = node.evaluated_value
        if value is None:
            raise NotLiteral(node)
        return value
    if isinstance(node, cst.Integer):
        return int(node.value.replace("_", ""), 0)
    if isinstance(node, cst.Float):
        return float(node.value.replace("_", ""))
    if isinstance(node, cst.Name) and node.value in ("True", "False", "None"):
        return {"True": True, "False": False, "None": None}[node.value]
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus):
        value = literal_value(node.expression)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return -value
        raise NotLiteral(node)
    if isinstance(node, (cst.List, cst.Tuple)):
        items = []
        for element in node.elements:
            if not isinstance(element, cst.Element):
                raise NotLiteral(node)
            items.append(literal_value(element.value))
        return items if isinstance(node, cst.List) else tuple(items)
    if isinstance(node, cst.Dict):
        out = {}
        for element in node.elements:
            if not isinstance(element, cst.DictElement):
                raise NotLiteral(node)
            out[literal_value(element.key)] = literal_value(element.value)
        return out
    if isinstance(node, cst.Call) and dotted_name(node.func) == "dict":
        out = {}
        for arg in node.args:
            if arg.keyword is None or arg.star:
                raise NotLiteral(node)
            out[arg.keyword.value] = literal_value(arg.value)
        return out
    raise NotLiteral(node)


def _is_identifier(key: Any) -> bool:
    return isinstance(key, str) and key.isidentifier() and not keyword.iskeyword(key)


def _one_line(value: Any) -> str:
    if isinstance(value, dict):
        if all(_is_identifier(k) for k in value):
            return (
                "dict("
                + ", ".join(f"{k}={_one_line(v)}" for k, v in value.items())
                + ")"
            )
        return (
            "{"
            + ", ".join(f"{_one_line(k)}: {_one_line(v)}" for k, v in value.items())
            + "}"
        )
    if isinstance(value, list):
        return "[" + ", ".join(_one_line(v) for v in value) + "]"
    if isinstance(value, tuple):
        inner = ", ".join(_one_line(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, str):
        return repr(value)
    return repr(value)


def render(value: Any, column: int = 0, indent: int = 0, width: int = 79) -> str:
    """Source for ``value`` starting at ``column`` on a line indented by
    ``indent``; too long for ``width``, it opens one item per line (each at
    ``indent + 4``, closing bracket back at ``indent``)."""
    line = _one_line(value)
    if column + len(line) <= width or not isinstance(value, (dict, list)) or not value:
        return line
    inner = indent + 4
    pad = " " * inner
    if isinstance(value, dict) and all(_is_identifier(k) for k in value):
        items = [
            f"{pad}{k}={render(v, inner + len(k) + 1, inner, width)},"
            for k, v in value.items()
        ]
        opener, closer = "dict(", ")"
    elif isinstance(value, dict):
        items = []
        for k, v in value.items():
            key = _one_line(k)
            items.append(
                f"{pad}{key}: {render(v, inner + len(key) + 2, inner, width)},"
            )
        opener, closer = "{", "}"
    else:
        items = [f"{pad}{render(v, inner, inner, width)}," for v in value]
        opener, closer = "[", "]"
    return opener + "\n" + "\n".join(items) + "\n" + " " * indent + closer
