"""Write a translated config as readable, deterministic Python source.

``emit(new_cfg, report)`` renders ``new_cfg`` with
:func:`mmcompat.config.format_python` (``key = dict(...)`` style, 79
columns): a header naming the source file and what the result needs, and a
``# TODO(mmcompat): ...`` comment above every value the translation could
not map. Loading the text back (``Config.fromfile``) gives exactly
``new_cfg``: every value with a faithful Python literal or expression is
written as one (``range(0, 1)``, tuples, sets, ``float('inf')``, nested
containers); any other value (an object a config built while it ran) is
written as its ``repr`` string with a TODO naming its key, so the file is
still written.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from .report import Report

__all__ = ["emit", "header_lines", "writable"]


def header_lines(report: Report, source: str | None = None) -> list[str]:
    """The comment lines at the top of a converted file."""
    source = source or report.source
    lines = [f"Converted from {source}" if source else "Converted from a legacy config"]
    lines.append(
        f"by `mmcompat convert` (MMCV 1.x config -> {_target_name(report.target)})."
    )
    if report.needs_mmcompat:
        names = ", ".join(report.needs_mmcompat)
        lines.append(
            f"Needs mmcompat: {names} reproduce(s) MMCV's schedule exactly where "
            "stock MMEngine schedulers cannot."
        )
    for approx in report.approximations:
        deviation = approx.get("max_rel_deviation")
        measured = (
            f"max relative deviation {deviation:.3g}"
            if isinstance(deviation, (int, float))
            else "deviation not measured"
        )
        lines.append(f"Approximate {approx['key']} ({measured}): {approx['reason']}.")
    todos = len(report.todos)
    if todos:
        lines.append(f"{todos} TODO(mmcompat) item(s) need a look.")
    return lines


def _target_name(target: str) -> str:
    return "MMEngine config" if target == "mmengine" else "MMEngine-style config"


def _has_path(cfg: Any, path: Sequence) -> bool:
    node = cfg
    for part in path:
        if isinstance(node, Mapping) and part in node:
            node = node[part]
        elif (
            isinstance(node, (list, tuple))
            and isinstance(part, int)
            and 0 <= part < len(node)
        ):
            node = node[part]
        else:
            return False
    return True


def emit(
    new_cfg: Mapping[str, Any],
    report: Report,
    *,
    source: str | None = None,
    header: bool = True,
    width: int = 79,
    inherited: Collection[tuple] = (),
) -> str:
    """Python source for ``new_cfg``.

    Args:
        new_cfg: a translated config (``translate()``'s first result, or a
            tree-mode child: ``_base_`` plus the keys that differ).
        report: its report; each TODO finding becomes a comment above the
            value at its key path, or a header line when that value is not
            written here (a child that inherits it).
        source: the legacy file named in the header (default:
            ``report.source``).
        header: write the header comment.
        width: line width.
        inherited: ``(path, message)`` of TODOs already written in the
            ``_base_`` files (not repeated in a child's header).
    """
    from mmcompat.config import format_python

    new_cfg = writable(new_cfg, report)
    comments: dict[tuple, str] = {}
    unplaced: list[str] = []
    for finding in report.todos:
        text = f"TODO(mmcompat): {finding.message}"
        path = finding.path or ()
        if path and _has_path(new_cfg, path):
            # Each nesting level indents by 4; the "# " prefix takes 2.
            wrapped = _wrap(text, width - 4 * (len(path) - 1) - 2)
            comments[path] = (
                f"{comments[path]}\n{wrapped}" if path in comments else wrapped
            )
        elif (path, finding.message) not in inherited:
            unplaced.append(f"{text} ({finding.key})")
    if header:
        lines = header_lines(report, source)
        if lines[-1].endswith("need a look."):
            lines.pop()
        lines.extend(unplaced)
        placed = sum(1 for _ in comments)
        if placed:
            lines.append(f"{placed} TODO(mmcompat) comment(s) below.")
        comments[()] = _wrap("\n".join(lines), width - 2)
    return format_python(dict(new_cfg), comments, width=width)


def _wrap(text: str, width: int) -> str:
    import textwrap

    width = max(width, 40)
    out: list[str] = []
    for line in text.splitlines():
        out.extend(
            textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False)
            or [""]
        )
    return "\n".join(out)


def _literal(value: Any) -> bool:
    """Whether ``format_python`` writes ``value`` (a non-container) faithfully."""
    from mmcompat.config.errors import ConfigTypeError
    from mmcompat.config.formatting import _scalar_source

    if isinstance(value, type) or (
        callable(value) and not isinstance(value, (range, type(None)))
    ):
        return False  # written as a dotted-name string: not the same value
    try:
        _scalar_source(value, ())
    except ConfigTypeError:
        return False
    return True


def writable(new_cfg: Mapping[str, Any], report: Report) -> dict:
    """``new_cfg`` with every value that has no Python source replaced by its
    ``repr`` string, and a TODO finding in ``report`` naming its key."""

    def walk(value: Any, path: tuple) -> Any:
        if isinstance(value, Mapping):
            return {k: walk(v, path + (k,)) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v, path + (i,)) for i, v in enumerate(value)]
        if isinstance(value, tuple):
            return tuple(walk(v, path + (i,)) for i, v in enumerate(value))
        if _literal(value):
            return value
        key = ".".join(
            f"[{p}]" if isinstance(p, int) else str(p) for p in path
        ).replace(".[", "[")
        message = (
            f"a {type(value).__name__} value has no Python source: written "
            f"as its repr string {repr(value)[:60]!r}; write the value by hand"
        )
        if not any(f.path == path and f.message == message for f in report.todos):
            report.todo(key, message, path)
        return repr(value)

    return {k: walk(v, (k,)) for k, v in new_cfg.items()}
