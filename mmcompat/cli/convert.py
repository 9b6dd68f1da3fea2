"""`mmcompat convert`: write new-style configs from legacy MMCV 1.x configs.

    mmcompat convert old.py                 # to stdout
    mmcompat convert old.py -o new.py
    mmcompat convert a.py b.py -o out/      # each written standalone
    mmcompat convert configs/ -o configs_new/          # keeps _base_ inheritance
    mmcompat convert configs/ -o configs_new/ --flat   # fully merged files
    mmcompat convert old.py -o new.py --plot plots/    # + legacy vs converted lr
    mmcompat convert configs/ -o configs_new/ --check  # what would be written
    mmcompat convert old.py -o new.py --diff           # as a unified diff

--check and --diff write nothing and compare what would be written with
the output files as they are (a missing output compares as empty, shown
as /dev/null): --check prints `would write PATH` for each output that
would be created or changed, --diff a unified diff. Both need -o.

Exit codes: 0 converted; 1 converted with findings (TODOs to look at, or
files that failed in a tree); with --check: 0 nothing would change, 1 some
output would be written (or a file of a tree failed); 2 bad usage or input.
"""

from __future__ import annotations

import argparse
import os
import os.path as osp
import sys
from typing import Any

from mmcompat.utils.path import write_atomic

HELP = "convert legacy configs to new-style configs"
DESCRIPTION = __doc__


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "sources",
        nargs="+",
        metavar="SRC",
        help="legacy config file(s), or one directory",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="output file (one SRC), directory (several files or a tree); default: stdout",
    )
    parser.add_argument(
        "--flat",
        action="store_true",
        help="tree mode: write fully merged standalone files instead of keeping _base_",
    )
    parser.add_argument(
        "--target",
        choices=("mmcompat", "mmengine"),
        default="mmcompat",
        help="mmcompat (default): exact schedules, using mmcompat's exact schedulers "
        "where stock MMEngine cannot express them; mmengine: stock MMEngine only, "
        "approximations reported with their maximum deviation",
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--diff",
        action="store_true",
        help="write nothing; print a unified diff of each output file "
        "against what is there (a missing file compares as empty)",
    )
    mode.add_argument(
        "--check",
        action="store_true",
        help="write nothing; print `would write PATH` for each output that "
        "would be created or changed, and exit 1 if any would",
    )
    parser.add_argument(
        "--report", metavar="FILE", help="write the findings as JSON to FILE"
    )
    parser.add_argument(
        "--force", action="store_true", help="overwrite output files that differ"
    )
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="no summary on stderr"
    )
    parser.add_argument(
        "--plot",
        metavar="DIR",
        help="draw each converted schedule (lr, momentum) as MMCV steps it and as "
        "converted, with the maximum deviation, into DIR/<config>.png "
        "(needs matplotlib: the `plot` extra)",
    )


class UsageError(Exception):
    """Bad command line: exit 2."""


def _console() -> Any:
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def _write(path: str, text: str, force: bool) -> None:
    """Write ``text`` atomically; refuse to replace different content."""
    if osp.isdir(path):
        raise OSError(f"{path}: is a directory")
    if osp.exists(path):
        with open(path, encoding="utf-8") as f:
            if f.read() == text:
                return
        if not force:
            raise FileExistsError(
                f"{path}: exists and differs (use --force to overwrite)"
            )
    write_atomic(path, text.encode("utf-8"), make_dirs=True)


def _compare(path: str, text: str, args: argparse.Namespace) -> bool:
    """--check / --diff: whether writing ``text`` to ``path`` would change
    it; prints the ``would write`` line or the diff."""
    if osp.isdir(path):
        raise OSError(f"{path}: is a directory")
    old = None
    if osp.exists(path):
        with open(path, encoding="utf-8") as f:
            old = f.read()
    if old == text:
        return False
    if args.check:
        note = "" if old is None or args.force else " (exists and differs: use --force)"
        print(f"would write {path}{note}")
    else:
        import difflib

        sys.stdout.writelines(
            difflib.unified_diff(
                (old or "").splitlines(keepends=True),
                text.splitlines(keepends=True),
                fromfile="/dev/null" if old is None else f"a/{path}",
                tofile=f"b/{path}",
            )
        )
    return True


def _plan(args: argparse.Namespace) -> tuple[str, str, list[str] | None]:
    """(mode, root, paths): mode 'tree' (a directory) or 'files'."""
    sources = args.sources
    if (args.check or args.diff) and not args.output:
        flag = "--check" if args.check else "--diff"
        raise UsageError(
            f"{flag} compares with the output files; give them with -o OUT"
        )
    missing = [s for s in sources if not osp.exists(s)]
    if missing:
        raise UsageError(f"{missing[0]}: no such file or directory")
    dirs = [s for s in sources if osp.isdir(s)]
    if dirs:
        if len(sources) > 1:
            raise UsageError("give one directory, or config files (not both)")
        if not args.output:
            raise UsageError(f"{dirs[0]}: converting a directory needs -o OUT_DIR")
        if osp.isfile(args.output):
            raise UsageError(
                f"{args.output}: is a file; -o must be a directory for a tree"
            )
        return "tree", dirs[0], None
    if len(sources) > 1:
        if not args.output:
            raise UsageError("several files need -o OUT_DIR")
        if osp.isfile(args.output):
            raise UsageError(
                f"{args.output}: is a file; -o must be a directory for several files"
            )
        names = [osp.basename(s) for s in sources]
        if len(set(names)) != len(names):
            raise UsageError(
                "several sources share a file name; convert their directory instead"
            )
    paths = [osp.abspath(s) for s in sources]
    # Files are named relative to their common directory in messages.
    return "files", osp.commonpath([osp.dirname(p) for p in paths]), paths


def _output_path(args: argparse.Namespace, mode: str, item: Any) -> str | None:
    if mode == "tree":
        return osp.join(args.output, item.relpath)
    if len(args.sources) == 1:
        if not args.output:
            return None
        if osp.isdir(args.output) or args.output.endswith(os.sep):
            return osp.join(args.output, _py_name(item.source))
        return args.output
    return osp.join(args.output, _py_name(item.source))


def _py_name(path: str) -> str:
    """Converted configs are Python, whatever the legacy file's format."""
    return osp.splitext(osp.basename(path))[0] + ".py"


def run(args: argparse.Namespace) -> int:
    console = None if args.quiet else _console()
    try:
        mode, root, paths = _plan(args)
    except UsageError as exc:
        print(f"mmcompat convert: {exc}", file=sys.stderr)
        return 2
    if getattr(args, "plot", None) and not _has_matplotlib():
        print(
            "mmcompat convert: --plot needs matplotlib (pip install 'mmcompat[plot]')",
            file=sys.stderr,
        )
        return 2
    from mmcompat.legacy.emit import emit

    items = _convert(args, mode, root, paths, console)
    if args.target == "mmengine":
        _measure(items)
    failures: list[str] = []
    would_write: list[str] = []
    outputs: dict[str, str | None] = {}
    for item in items:
        if not item.ok:
            failures.append(item.error)
            continue
        try:
            text = emit(
                item.written,
                item.report,
                source=_display(item, mode),
                inherited=item.inherited_todos,
            )
            out = _output_path(args, mode, item)
            outputs[item.source] = out
            if out is None:
                sys.stdout.write(text)
            elif args.check or args.diff:
                if _compare(out, text, args):
                    would_write.append(out)
            else:
                _write(out, text, args.force)
        except (OSError, ValueError) as exc:
            item.error = f"{item.relpath}: {exc}"
            failures.append(item.error)
    if getattr(args, "plot", None):
        failures.extend(_plot(args.plot, items, mode, console))
    if args.report:
        _write_report(args.report, items, outputs, mode)
    if console is not None:
        _print_summary(console, items, mode, outputs)
    elif failures:
        for line in failures:
            print(line, file=sys.stderr)
    if failures and (mode != "tree" and len(items) == 1):
        return 2
    if args.check:
        return 1 if failures or would_write else 0
    todos = any(item.ok and item.report.has_findings for item in items)
    return 1 if failures or todos else 0


def _has_matplotlib() -> bool:
    import importlib.util

    return importlib.util.find_spec("matplotlib") is not None


def _plot(directory: str, items: list, mode: str, console: Any) -> list[str]:
    """``--plot``: one PNG per converted config with a schedule; returns the
    failures."""
    from mmcompat.legacy.plot import plot_schedules

    failures = []
    for item in items:
        if not item.ok:
            continue
        if console is not None:
            for why in item.report.unplottable:
                console.print(f"  [dim]not plotted[/] {item.relpath}: {why}")
        if not item.report.schedules:
            continue
        stem = osp.splitext(
            item.relpath if mode == "tree" else osp.basename(item.source)
        )[0]
        path = osp.join(directory, stem + ".png")
        try:
            why = plot_schedules(item.full, item.report, path, _display(item, mode))
        except (OSError, ValueError, RuntimeError) as exc:
            failures.append(f"{item.relpath}: --plot: {exc}")
            continue
        if console is not None:
            console.print(
                f"  plot {path}"
                if why is None
                else f"  [dim]not plotted[/] {item.relpath}: {why}"
            )
    return failures


def _display(item: Any, mode: str) -> str:
    return item.relpath if mode == "tree" else osp.basename(item.source)


def _convert(
    args: argparse.Namespace,
    mode: str,
    root: str,
    paths: list[str] | None,
    console: Any,
) -> list:
    from mmcompat.legacy.translate.tree import convert_tree

    flat = args.flat or mode == "files"
    if mode != "tree" or console is None or not sys.stderr.isatty():
        return convert_tree(root, target=args.target, flat=flat, paths=paths)
    from rich.progress import Progress

    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("converting", total=None)

        def advance(item: Any) -> None:
            progress.update(task, advance=1, description=item.relpath[-50:])

        return convert_tree(
            root, target=args.target, flat=flat, paths=paths, progress=advance
        )


def _measure(items: list) -> None:
    pending = [item for item in items if item.ok and item.report.approximations]
    if not pending:
        return
    from mmcompat.legacy.deviation import measure_approximations

    for item in pending:
        measure_approximations(item.full, item.report)


def _write_report(path: str, items: list, outputs: dict, mode: str) -> None:
    import json

    data = dict(
        mode=mode,
        files=[
            dict(
                source=item.source,
                output=outputs.get(item.source),
                status="ok" if item.ok else "failed",
                error=item.error,
                inherits=item.ok and item.written is not item.full,
                flat_reason=item.flat_reason,
                report=item.report.to_dict() if item.report is not None else None,
            )
            for item in items
        ],
    )
    _write(path, json.dumps(data, indent=1, default=str) + "\n", force=True)


def _print_summary(console: Any, items: list, mode: str, outputs: dict) -> None:
    """Human summary on stderr: per file for a few files, totals for trees."""
    from collections import Counter

    ok = [item for item in items if item.ok]
    failed = [item for item in items if not item.ok]
    if mode != "tree" and len(items) <= 3:
        for item in ok:
            report = item.report
            counts = report.counts()
            out = outputs.get(item.source) or "stdout"
            console.print(
                f"[bold]{item.relpath}[/] -> {out}: {counts['translated']} translated, "
                f"{counts['carried']} carried, {counts['todo']} TODO"
            )
            for finding in report.todos:
                console.print(f"  [yellow]TODO[/] {finding.key}: {finding.message}")
            for finding in report.of_kind("note"):
                console.print(f"  [dim]note[/] {finding.key}: {finding.message}")
            _print_schedules(console, report, "  ")
        for item in failed:
            console.print(f"[red]error[/] {item.error}")
        return
    inherits = sum(1 for item in ok if item.written is not item.full)
    flat = Counter(item.flat_reason for item in ok if item.flat_reason)
    console.print(
        f"[bold]{len(ok)}[/] of {len(items)} configs converted "
        f"({inherits} keeping _base_ inheritance), [red]{len(failed)} failed[/]"
    )
    for reason, count in flat.most_common():
        console.print(f"  written flat ({count}): {reason}")
    todo_keys = Counter(f.key.split("[")[0] for item in ok for f in item.report.todos)
    if todo_keys:
        listed = ", ".join(
            f"{key} ({count})" for key, count in todo_keys.most_common(8)
        )
        console.print(f"  [yellow]TODO[/] items by key: {listed}")
    needs = Counter(name for item in ok for name in item.report.needs_mmcompat)
    if needs:
        console.print(
            "  needs mmcompat (exact MMCV schedules): "
            + ", ".join(f"{name} in {count} file(s)" for name, count in needs.items())
        )
    for item in ok:
        _print_schedules(console, item.report, f"  {item.relpath}: ")
    for item in failed:
        console.print(f"[red]error[/] {item.error}")


def _print_schedules(console: Any, report: Any, prefix: str) -> None:
    for approx in report.approximations:
        deviation = approx.get("max_rel_deviation")
        if isinstance(deviation, float):
            length = approx.get("epoch_length")
            measured = f"max relative deviation {deviation:.3g}" + (
                f" (epoch length {length})" if length else ""
            )
            share = approx.get("max_deviation_of_initial")
            if isinstance(share, float):
                measured += f", at most {share:.3g} of the initial value"
        else:
            measured = approx.get("note", "not measured")
        console.print(f"{prefix}[yellow]approximate[/] {approx['key']}: {measured}")
