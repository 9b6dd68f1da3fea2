"""``format_python``: render a config dict as readable OpenMMLab-style Python.

The output is what a person would write in an OpenMMLab config file::

    model = dict(
        type='FasterRCNN',
        backbone=dict(type='ResNet', depth=50, out_indices=(0, 1, 2, 3)),
        neck=dict(
            type='FPN', in_channels=[256, 512, 1024, 2048], out_channels=256))

Layout rules, tried in order for every value that is a container:

1. the whole value on the current line, if it fits in ``width``;
2. the opening bracket on the current line and all items on the next line;
3. one item per line (a sequence of plain scalars is instead packed, as many
   items per line as fit).

Closing brackets of ``dict(...)`` hug the last item, as in OpenMMLab configs;
a list or tuple broken one item per line closes on its own line. Dicts whose
keys are all identifiers (and not keywords) are written ``dict(k=v)``, other
dicts as ``{'k': v}`` literals. Strings use ``repr``. Key order is the
dict's order (MMEngine's ``pretty_text`` sorts keys alphabetically and runs
yapf; mmcompat keeps the order the config was written in and needs no yapf).

The output always round-trips: executing it gives back an equal dict,
tuples as tuples and lists as lists. A value that cannot be written as a
Python literal raises :class:`ConfigTypeError` naming its key path; classes
and functions are written as their dotted import path string, the way
MMEngine dumps lazily imported objects.
"""

from __future__ import annotations

import keyword
import math
import numbers
from collections.abc import Mapping
from typing import Any

from .errors import ConfigKeyError, ConfigTypeError

KeyPath = tuple
INDENT = 4


def _is_dict_call_key(key: Any) -> bool:
    return (
        isinstance(key, str)
        and key.isidentifier()
        and not keyword.iskeyword(key)
        and key != "__debug__"  # a valid identifier that cannot be assigned
    )


def _is_container(value: Any) -> bool:
    return isinstance(value, (dict, list, tuple))


def _scalar_source(value: Any, path: KeyPath) -> str:
    """Python source for a non-container value."""
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return repr(value)
    if kind is float and math.isfinite(value):
        return repr(value)
    if value is None or isinstance(value, (bool, str, bytes)):
        return repr(value)
    if isinstance(value, int):
        return repr(int(value))
    if isinstance(value, float):
        if math.isnan(value):
            return "float('nan')"
        if math.isinf(value):
            return "float('inf')" if value > 0 else "float('-inf')"
        return repr(float(value))
    if isinstance(value, complex):
        return repr(value)
    if isinstance(value, range):
        return repr(value)  # range(start, stop[, step])
    if isinstance(value, numbers.Integral):  # numpy integers and friends
        return repr(int(value))
    if isinstance(value, numbers.Real):
        return _scalar_source(float(value), path)
    if isinstance(value, (set, frozenset)):
        items = [_scalar_source(item, path + ("<set item>",)) for item in value]
        items.sort()
        if not items:
            return "set()" if isinstance(value, set) else "frozenset()"
        body = "{" + ", ".join(items) + "}"
        return body if isinstance(value, set) else f"frozenset({body})"
    if isinstance(value, type) or callable(value) and hasattr(value, "__qualname__"):
        module = getattr(value, "__module__", None)
        name = f"{module}.{value.__qualname__}" if module else value.__qualname__
        return repr(name)
    raise ConfigTypeError(
        f"cannot write a value of type {type(value).__name__} ({value!r}) "
        "as Python source; use str, int, float, bool, None, list, tuple or dict",
        key=path,
    )


def _is_packable(value: Any) -> bool:
    """Scalars and flat sequences of scalars (``(1333, 800)``) pack well."""
    if isinstance(value, dict):
        return False
    if isinstance(value, (list, tuple)):
        return not any(_is_container(item) for item in value)
    return True


class _Renderer:
    def __init__(self, comments: Mapping[KeyPath, str], width: int) -> None:
        self.width = width
        self.comments = {tuple(path): text for path, text in comments.items()}
        self.used: set[KeyPath] = set()
        self.inline_cache: dict[int, str] = {}
        # Containers that hold a commented item somewhere below must be broken
        # one item per line, or the comment would have no line to sit above.
        self.forced_open: set[KeyPath] = set()
        for path in self.comments:
            for depth in range(1, len(path)):
                self.forced_open.add(path[:depth])

    # -- inline rendering -------------------------------------------------

    def inline(self, value: Any, path: KeyPath) -> str:
        if not _is_container(value):
            return _scalar_source(value, path)
        # Every ancestor tries the one-line form first; remember the text.
        cached = self.inline_cache.get(id(value))
        if cached is None:
            cached = self.inline_cache[id(value)] = self._inline_container(value, path)
        return cached

    def _inline_container(self, value: Any, path: KeyPath) -> str:
        if isinstance(value, dict):
            if not value:
                return "dict()"
            if all(_is_dict_call_key(key) for key in value):
                body = ", ".join(
                    f"{key}={self.inline(item, path + (key,))}"
                    for key, item in value.items()
                )
                return f"dict({body})"
            body = ", ".join(
                f"{self.key_source(key, path)}: {self.inline(item, path + (key,))}"
                for key, item in value.items()
            )
            return "{" + body + "}"
        if isinstance(value, (list, tuple)):
            items = [
                self.inline(item, path + (index,)) for index, item in enumerate(value)
            ]
            if isinstance(value, list):
                return "[" + ", ".join(items) + "]"
            if len(items) == 1:
                return f"({items[0]},)"
            return "(" + ", ".join(items) + ")"
        raise AssertionError("not a container")

    def key_source(self, key: Any, path: KeyPath) -> str:
        if _is_container(key):
            return self.inline(key, path)
        return _scalar_source(key, path)

    # -- block rendering --------------------------------------------------

    def comment_lines(self, path: KeyPath, indent: str) -> list[str]:
        text = self.comments.get(path)
        if text is None:
            return []
        self.used.add(path)
        lines = []
        for line in str(text).splitlines() or [""]:
            line = line.rstrip()
            if not line.lstrip().startswith("#"):
                line = f"# {line}" if line else "#"
            lines.append(indent + line.lstrip())
        return lines

    def render(
        self, value: Any, path: KeyPath, indent: int, prefix: str, suffix: str
    ) -> list[str]:
        """Lines for ``value``: the first starts with ``prefix`` at ``indent``,
        the last ends with ``suffix``."""
        pad = " " * indent
        if not _is_container(value) or not value:
            return [pad + prefix + self.inline(value, path) + suffix]
        if path not in self.forced_open:
            text = self.inline(value, path)
            if len(pad) + len(prefix) + len(text) + len(suffix) <= self.width:
                return [pad + prefix + text + suffix]

        opener, closer, items = self.parts(value, path)
        child_pad = " " * (indent + INDENT)
        forced = path in self.forced_open

        if not forced:
            # Two lines: the opener here, every item on the next line.
            body = ", ".join(
                item_prefix + self.inline(item, item_path)
                for item_prefix, item, item_path in items
            )
            if len(items) == 1 and isinstance(value, tuple):
                body += ","
            line = child_pad + body + closer + suffix
            if len(line) <= self.width:
                return [pad + prefix + opener, line]
            if isinstance(value, (list, tuple)) and all(
                _is_packable(item) for item in value
            ):
                return self.render_packed(
                    value, path, indent, prefix, suffix, opener, closer
                )

        lines = [pad + prefix + opener]
        hug = isinstance(value, dict)
        last = len(items) - 1
        for index, (item_prefix, item, item_path) in enumerate(items):
            lines.extend(self.comment_lines(item_path, child_pad))
            if index < last:
                item_suffix = ","
            elif hug:
                item_suffix = closer + suffix
            else:
                item_suffix = ","
            lines.extend(
                self.render(item, item_path, indent + INDENT, item_prefix, item_suffix)
            )
        if not hug:
            lines.append(pad + closer + suffix)
        return lines

    def render_packed(
        self,
        value: Any,
        path: KeyPath,
        indent: int,
        prefix: str,
        suffix: str,
        opener: str,
        closer: str,
    ) -> list[str]:
        """A sequence of scalars, as many items per line as fit."""
        pad = " " * indent
        child_pad = " " * (indent + INDENT)
        texts = [self.inline(item, path + (index,)) for index, item in enumerate(value)]
        lines = [pad + prefix + opener]
        current = ""
        for index, text in enumerate(texts):
            is_last = index == len(texts) - 1
            tail = closer + suffix if is_last else ","
            if is_last and len(texts) == 1 and isinstance(value, tuple):
                tail = "," + tail
            candidate = f"{current} {text}{tail}" if current else text + tail
            if current and len(child_pad) + len(candidate) > self.width:
                lines.append(child_pad + current)
                candidate = text + tail
            current = candidate
        lines.append(child_pad + current)
        return lines

    def parts(self, value: Any, path: KeyPath) -> tuple[str, str, list]:
        if isinstance(value, dict):
            if all(_is_dict_call_key(key) for key in value):
                items = [
                    (f"{key}=", item, path + (key,)) for key, item in value.items()
                ]
                return "dict(", ")", items
            items = [
                (f"{self.key_source(key, path)}: ", item, path + (key,))
                for key, item in value.items()
            ]
            return "{", "}", items
        items = [("", item, path + (index,)) for index, item in enumerate(value)]
        if isinstance(value, list):
            return "[", "]", items
        return "(", ")", items


def format_python(
    cfg: Mapping[str, Any],
    comments: Mapping[KeyPath, str] | None = None,
    width: int = 79,
) -> str:
    """Render ``cfg`` as the Python source of a config file.

    Args:
        cfg: the config; its top-level keys become module-level variables, so
            they must be identifiers (dump other configs to JSON or YAML).
        comments: maps a key path (a tuple of str keys and int list indices,
            e.g. ``('optimizer', 'lr')`` or ``('train_pipeline', 2)``) to a
            comment written on the line(s) above that item; each line gets a
            ``# `` prefix unless it already starts with ``#``. The empty path
            ``()`` puts the comment at the top of the file.
        width: the line width to fit in (a single string or number longer
            than the width stays on its line).

    Returns:
        The source text, ending with a newline.

    Raises:
        ConfigKeyError: a top-level key is not an identifier, or a comment's
            key path does not exist in ``cfg``.
        ConfigTypeError: a value cannot be written as Python source.
    """
    renderer = _Renderer(comments or {}, width)
    lines: list[str] = []
    lines.extend(renderer.comment_lines((), ""))
    for key, value in cfg.items():
        if not _is_dict_call_key(key):
            raise ConfigKeyError(
                "top-level keys of a Python config must be identifiers (and not "
                "keywords); dump this config to .json or .yaml instead",
                key=str(key),
            )
        path = (key,)
        lines.extend(renderer.comment_lines(path, ""))
        lines.extend(renderer.render(value, path, 0, f"{key} = ", ""))
    unused = [path for path in renderer.comments if path not in renderer.used]
    if unused:
        shown = ", ".join(repr(path) for path in unused)
        raise ConfigKeyError(f"comment key paths not found in the config: {shown}")
    return "\n".join(lines) + "\n"
