"""Run the codemod commands over files: the machinery behind ``mmcompat codemod``.

One file at a time: read bytes in the file's declared encoding (PEP 263
``# -*- coding: ... -*-``, else UTF-8, a byte order mark kept), refuse
binary / undecodable / unparsable input with one line naming the file,
parse it once and apply the selected commands to that one tree in a fixed
order (``runner_scripts``, ``parallel``, ``models``, ``hooks``, ``fp16``,
``parrots``, ``logger``, ``imports``: the others recognise legacy code by its legacy
imports, so imports move last), check that the result compiles, and write
it back in the same encoding through a temporary file renamed over the
original. Files are independent, so a pool of worker processes (one per
CPU by default) handles them in parallel.
"""

from __future__ import annotations

import ast
import difflib
import io
import os
import tokenize
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import libcst as cst
from libcst.codemod import CodemodContext

from mmcompat.utils.path import write_atomic

from ._base import COUNTS_KEY, SOURCE_KEY, TODO_PREFIX
from .families import ORDER

SKIP_DIRS = {
    "__pycache__",
    ".git",
    ".hg",
    ".svn",
    ".tox",
    ".nox",
    ".venv",
    "venv",
    ".eggs",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    ".idea",
    ".vscode",
    "node_modules",
}


def command_class(name: str):
    """The command class of a rule family (imported lazily)."""
    if name == "imports":
        from .imports import LegacyImportsCommand

        return LegacyImportsCommand
    if name == "hooks":
        from .hooks import LegacyHooksCommand

        return LegacyHooksCommand
    if name == "models":
        from .models import LegacyModelsCommand

        return LegacyModelsCommand
    if name == "runner_scripts":
        from .runner_scripts import LegacyRunnerScriptsCommand

        return LegacyRunnerScriptsCommand
    if name == "fp16":
        from .decorators import LegacyFp16Command

        return LegacyFp16Command
    if name == "parrots":
        from .decorators import LegacyParrotsCommand

        return LegacyParrotsCommand
    if name == "logger":
        from .loggers import LegacyLoggerCommand

        return LegacyLoggerCommand
    if name == "parallel":
        from .parallel import LegacyParallelCommand

        return LegacyParallelCommand
    raise ValueError(f"unknown codemod {name!r}; choose from {', '.join(ORDER)}")


@dataclass
class FileResult:
    path: str
    status: str  # "changed", "unchanged", "skipped"
    message: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    todos: int = 0  # TODO(mmcompat) comments in the (rewritten) file
    diff: str = ""


def rewrite_source(
    source: str,
    only: Sequence[str] = ORDER,
    target: str = "mmcompat",
    filename: str | None = None,
) -> tuple[str, Counter]:
    """Apply the selected commands to ``source``; return (code, rule counts)."""
    counts: Counter = Counter()
    commands = [command_class(n) for n in ORDER if n in only]
    commands = [c for c in commands if c.may_apply(source)]
    if not commands:
        # nothing to do: a cheap syntax check instead of the libcst parse
        ast.parse(source, filename or "<source>")
        return source, counts
    tree = cst.parse_module(source)
    for command in commands:
        context = CodemodContext(filename=filename, scratch={SOURCE_KEY: source})
        tree = command(context, target=target).transform_module(tree)
        counts.update(context.scratch.get(COUNTS_KEY, {}))
    return tree.code, counts


def _decode(data: bytes) -> tuple[str, str]:
    """The text of a source file and the encoding to write it back in:
    a declared ``# -*- coding: latin-1 -*-`` is honoured as Python honours
    it, a UTF-8 byte order mark is kept (``utf-8-sig``), else UTF-8."""
    if b"\0" in data:
        raise ValueError("binary file")
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as exc:
        raise ValueError(str(exc)) from None
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError as exc:
        name = "UTF-8" if encoding in ("utf-8", "utf-8-sig") else encoding
        raise ValueError(f"not {name} (byte {exc.start})") from None


def process_file(
    path: str,
    only: Sequence[str] = ORDER,
    target: str = "mmcompat",
    mode: str = "write",
) -> FileResult:
    """Rewrite one file. ``mode``: "write", "diff" (return a diff) or "check"."""
    file = Path(path)
    try:
        source, encoding = _decode(file.read_bytes())
    except (OSError, ValueError) as exc:
        return FileResult(path, "skipped", f"{path}: skipped: {exc}")
    try:
        code, counts = rewrite_source(source, only, target, filename=path)
    except cst.ParserSyntaxError as exc:
        return FileResult(
            path, "skipped", f"{path}: skipped: syntax error at line {exc.raw_line}"
        )
    except SyntaxError as exc:
        return FileResult(
            path, "skipped", f"{path}: skipped: syntax error at line {exc.lineno}"
        )
    except Exception as exc:  # a codemod bug must not stop the run
        return FileResult(
            path, "skipped", f"{path}: skipped: {type(exc).__name__}: {exc}"
        )
    todos = code.count(TODO_PREFIX.strip())
    if code == source:
        return FileResult(path, "unchanged", counts=dict(counts), todos=todos)
    try:
        # Python's own compiler is the judge (and far faster than a libcst
        # re-parse): the rewritten file must compile as the original did
        compile(code, path, "exec", ast.PyCF_ONLY_AST)
    except (SyntaxError, ValueError):
        return FileResult(
            path, "skipped", f"{path}: skipped: the rewritten code would not parse"
        )
    result = FileResult(path, "changed", counts=dict(counts), todos=todos)
    if mode == "diff":
        result.diff = "".join(
            difflib.unified_diff(
                source.splitlines(keepends=True),
                code.splitlines(keepends=True),
                fromfile=f"a/{path}",
                tofile=f"b/{path}",
            )
        )
    elif mode == "write":
        try:
            data = code.encode(encoding)
        except UnicodeEncodeError:
            return FileResult(
                path,
                "skipped",
                f"{path}: skipped: the rewritten code cannot be written in "
                f"its declared encoding {encoding}",
            )
        write_atomic(file, data)
    return result


def iter_python_files(paths: Iterable[str]) -> Iterator[str]:
    """Files named explicitly, and every ``*.py`` under named directories."""
    for path in paths:
        p = Path(path)
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS)
                for name in sorted(files):
                    if name.endswith(".py"):
                        yield os.path.join(root, name)
        else:
            yield str(p)


def _process_star(args: tuple) -> FileResult:
    return process_file(*args)


def process_files(
    files: Sequence[str],
    only: Sequence[str] = ORDER,
    target: str = "mmcompat",
    mode: str = "write",
    jobs: int = 1,
) -> Iterator[FileResult]:
    """Results in file order (computed in parallel for ``jobs > 1``)."""
    work = [(f, tuple(only), target, mode) for f in files]
    if jobs <= 1 or len(work) <= 1:
        for item in work:
            yield process_file(*item)
        return
    import multiprocessing

    chunk = max(1, min(16, len(work) // (jobs * 8)))
    # spawn, not fork: the CLI's progress bar runs a refresh thread, and a
    # fork taken while it holds a lock would inherit that lock held
    with multiprocessing.get_context("spawn").Pool(jobs) as pool:
        yield from pool.imap(_process_star, work, chunksize=chunk)
