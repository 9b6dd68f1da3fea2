"""``DictAction``: argparse action for ``--cfg-options key=value ...``.

Same parsing as MMEngine 0.10.7's ``DictAction``:

- ``KEY=VALUE`` splits on the first ``=``;
- values become ``int``, then ``float``, then ``True``/``False``
  (any case), ``None``, else stay strings;
- ``a,b,c`` and ``[a,b,c]`` become lists, ``(a,b)`` a tuple, nested
  brackets nest (``[(1,2),(3,4)]``); surrounding quotes and all spaces are
  removed first;
- repeated options accumulate into one dict.

Unbalanced brackets are a usage error (argparse exits with a message naming
the option) rather than MMEngine's ``AssertionError``.
"""

from __future__ import annotations

import argparse
import copy
from collections.abc import Sequence
from typing import Any


def parse_scalar(text: str) -> Any:
    """``'1'`` -> 1, ``'0.5'`` -> 0.5, ``'true'`` -> True, ``'None'`` -> None."""
    for convert in (int, float):
        try:
            return convert(text)
        except ValueError:
            pass
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    if text == "None":
        return None
    return text


def _split_top_level(text: str) -> list[str]:
    """Split on commas that are not inside () or []."""
    parts: list[str] = []
    depth = 0
    start = 0
    for index, char in enumerate(text):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    # 'a,b,' has no empty last element in MMEngine's parser.
    if parts and parts[-1] == "":
        parts.pop()
    return parts


def parse_value(text: str) -> Any:
    """Parse one option value: a scalar, or a (nested) list/tuple."""
    text = text.strip("'\"").replace(" ", "")
    is_tuple = False
    if text.startswith("(") and text.endswith(")"):
        is_tuple = True
        text = text[1:-1]
    elif text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    elif "," not in text:
        return parse_scalar(text)
    if text.count("(") != text.count(")") or text.count("[") != text.count("]"):
        raise ValueError(f"unbalanced brackets in {text!r}")
    values = [parse_value(part) for part in _split_top_level(text)] if text else []
    return tuple(values) if is_tuple else values


class DictAction(argparse.Action):
    """Collect ``KEY=VALUE`` arguments into a dict (see module docstring)."""

    _parse_int_float_bool = staticmethod(parse_scalar)
    _parse_iterable = staticmethod(parse_value)

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        options = copy.copy(getattr(namespace, self.dest, None) or {})
        if values is not None:
            if isinstance(values, str):
                values = [values]
            for item in values:
                if "=" not in item:
                    parser.error(
                        f"{option_string or self.dest}: expected KEY=VALUE, got {item!r}"
                    )
                key, value = item.split("=", maxsplit=1)
                try:
                    options[key] = parse_value(value)
                except ValueError as exc:
                    parser.error(f"{option_string or self.dest} {key}: {exc}")
        setattr(namespace, self.dest, options)
