"""`mmcompat codemod`: rewrite legacy MMCV 1.x code to the new API.

Runs the libcst commands of the top-level ``codemods`` package (imports,
hooks, models, runner_scripts) over files and directories. In place by
default; ``--diff`` prints a unified diff and ``--check`` only reports
(exit 1 when something would change). Files that cannot be read or parsed
are skipped with one line each, and the exit code is then 2. Imports no
torch.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from pathlib import Path

from codemods.families import ORDER

from .common import int_at_least

HELP = "rewrite legacy code to the new API"
DESCRIPTION = (
    "Rewrite legacy MMCV 1.x code (imports, hooks, train_step models, "
    "runner scripts) to the new API, in place.\n\n"
    "  mmcompat codemod src/               rewrite in place\n"
    "  mmcompat codemod src/ --diff        print a diff, write nothing\n"
    "  mmcompat codemod src/ --check       print `would rewrite PATH` per file,\n"
    "                                      exit 1 if anything would change\n"
    "  mmcompat codemod src/ --only imports,hooks --target mmengine\n\n"
    "Exit codes: 0 done, 1 --check found work, 2 bad usage or unreadable input."
)
FAMILIES = ORDER


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or directories")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--diff", action="store_true", help="print a unified diff, write nothing"
    )
    mode.add_argument(
        "--check",
        action="store_true",
        help="write nothing; print `would rewrite PATH` for each file that "
        "would change, and exit 1 if any would",
    )
    parser.add_argument(
        "--target",
        choices=("mmcompat", "mmengine"),
        default="mmcompat",
        help="import root of the rewritten code (default: mmcompat)",
    )
    parser.add_argument(
        "--only",
        type=_parse_only,
        default=list(FAMILIES),
        metavar="RULES",
        help=f"comma-separated rule families (default: {','.join(FAMILIES)})",
    )
    parser.add_argument(
        "--jobs",
        "-j",
        type=int_at_least(1),
        default=None,
        metavar="N",
        help="worker processes (default: one per CPU)",
    )
    parser.add_argument("--report", metavar="FILE", help="write a JSON report to FILE")


def _parse_only(text: str) -> list[str]:
    names = [n.strip() for n in text.split(",") if n.strip()]
    unknown = [n for n in names if n not in FAMILIES]
    if not names or unknown:
        found = f"unknown rule family {unknown[0]!r}; " if unknown else ""
        raise argparse.ArgumentTypeError(
            f"{found}expected a comma-separated subset of {','.join(FAMILIES)}"
        )
    return names


def run(args: argparse.Namespace) -> int:
    from rich.console import Console

    from codemods.engine import iter_python_files, process_files

    err = Console(stderr=True, highlight=False, soft_wrap=True, markup=False)
    only = args.only
    missing = [p for p in args.paths if not os.path.exists(p)]
    if missing:
        err.print(f"mmcompat codemod: {missing[0]}: no such file or directory")
        return 2
    jobs = args.jobs if args.jobs is not None else (os.cpu_count() or 1)
    files = list(iter_python_files(args.paths))
    mode = "diff" if args.diff else "check" if args.check else "write"
    results = []
    counts: Counter = Counter()
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    progress = Progress(
        TextColumn("codemod"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )
    with progress:
        task = progress.add_task("", total=len(files))
        for result in process_files(files, only, args.target, mode, jobs):
            results.append(result)
            counts.update(result.counts)
            if result.status == "skipped":
                progress.console.print(result.message)
            if result.diff:
                sys.stdout.write(result.diff)
            progress.update(task, advance=1, description=Path(result.path).name)
    results.sort(key=lambda r: r.path)
    changed = [r for r in results if r.status == "changed"]
    if args.check:
        for result in changed:
            print(f"would rewrite {result.path}")
    skipped = [r for r in results if r.status == "skipped"]
    todos = sum(r.todos for r in results)
    verb = {"write": "rewritten", "diff": "would change", "check": "would change"}[mode]
    err.print(
        f"{len(files)} files, {len(changed)} {verb}, {len(skipped)} skipped, "
        f"{todos} TODO(mmcompat) comments left"
    )
    for rule, n in sorted(counts.items()):
        err.print(f"  {rule}: {n}")
    if args.report:
        report = {
            "mode": mode,
            "target": args.target,
            "only": only,
            "files": len(files),
            "changed": [r.path for r in changed],
            "skipped": {r.path: r.message for r in skipped},
            "todos": todos,
            "todos_per_file": {r.path: r.todos for r in results if r.todos},
            "rules": dict(sorted(counts.items())),
        }
        Path(args.report).write_text(json.dumps(report, indent=2) + "\n")
    if skipped:
        return 2
    if args.check and changed:
        return 1
    return 0
