"""`mmcompat doctor`: which legacy mmcv names a code base uses, and where
each comes from under `mmcompat run`.

    mmcompat doctor src/            # a tree (or one .py file)
    mmcompat doctor src/ --json     # for machines

Lists every `mmcv` symbol the Python files use (`import mmcv...`, `from
mmcv... import ...`, `mmcv.x.y` attribute chains) with a file:line of a use
and where it resolves: the legacy layer, mmcompat, the installed mmcv 2.x,
the mmcv.ops fallback, or unavailable (with what to install or change). It
imports the names the way `mmcompat run` does (the same resolver), so what
it reports is what a run gets.

Exit codes: 0 everything resolves; 1 something would fail (an unavailable
name, a file that does not parse); 2 bad usage or input.
"""

from __future__ import annotations

import argparse
import json
import os.path as osp
import sys
from typing import Any

HELP = "list the legacy mmcv names a code base uses and where each resolves"
DESCRIPTION = __doc__

#: the report order of origins, and their labels
ORIGINS = ("unavailable", "legacy", "mmcompat", "mmcv", "ops fallback")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", metavar="SRC", help="a Python file or directory")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")


def _provider(value: Any) -> str:
    module = getattr(value, "__module__", None) or getattr(value, "__name__", "")
    name = getattr(value, "__qualname__", None)
    if isinstance(value, type(sys)):
        return value.__name__
    return f"{module}.{name}" if module and name else type(value).__name__


def diagnose(files: list[str]) -> dict[str, Any]:
    """Resolve every mmcv use of ``files``; the report as a plain dict."""
    from mmcompat.legacy.runtime import unavailable
    from mmcompat.legacy.runtime.aliases import legacy_aliases, locate_path
    from mmcompat.legacy.usage import mmcv_uses

    uses, unparsed = mmcv_uses(files)
    symbols: dict[str, dict[str, Any]] = {}
    unavailable.RECORD_SITES = False  # the report names each use itself
    try:
        with legacy_aliases() as finder:
            installed = finder.installed
            for use in uses:
                symbol, located = locate_path(use.path)
                entry = symbols.get(symbol)
                if entry is None:
                    entry = symbols[symbol] = {
                        "symbol": symbol,
                        "origin": located.origin,
                        "provider": (
                            ""
                            if located.origin == "unavailable"
                            else _provider(located.value)
                        ),
                        "why": located.why,
                        "where": f"{use.file}:{use.line}",
                        "uses": 0,
                    }
                entry["uses"] += 1
    finally:
        unavailable.RECORD_SITES = True
    ordered = sorted(
        symbols.values(), key=lambda e: (ORIGINS.index(e["origin"]), e["symbol"])
    )
    counts = {origin: 0 for origin in ORIGINS}
    for entry in ordered:
        counts[entry["origin"]] += 1
    return {
        "files": len(files),
        "mmcv": installed.version if installed is not None else None,
        "symbols": ordered,
        "counts": counts,
        "unparsed": [
            {"where": f"{u.file}:{u.line}", "error": u.error} for u in unparsed
        ],
    }


def _print_text(report: dict[str, Any], source: str) -> None:
    counts = report["counts"]
    mmcv = f"mmcv {report['mmcv']}" if report["mmcv"] else "no mmcv>=2 installed"
    resolved = len(report["symbols"]) - counts["unavailable"]
    print(
        f"{source}: {len(report['symbols'])} mmcv symbols in {report['files']} files "
        f"({mmcv}); {resolved} resolve: "
        + ", ".join(f"{counts[o]} {o}" for o in ORIGINS[1:])
        + f"; {counts['unavailable']} unavailable"
    )
    width = max((len(e["symbol"]) for e in report["symbols"]), default=0)
    for entry in report["symbols"]:
        detail = entry["why"] if entry["origin"] == "unavailable" else entry["provider"]
        print(
            f"  {entry['origin']:<12} {entry['symbol']:<{width}}  "
            f"{entry['where']}  {detail}"
        )
    for item in report["unparsed"]:
        print(f"  {'unparsed':<12} {item['where']}  {item['error']}")


def run(args: argparse.Namespace) -> int:
    from mmcompat.legacy.usage import python_files

    if not osp.exists(args.source):
        print(f"mmcompat doctor: {args.source} does not exist", file=sys.stderr)
        return 2
    files = python_files(args.source)
    if not files:
        print(f"mmcompat doctor: no Python files in {args.source}", file=sys.stderr)
        return 2
    report = diagnose(files)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        _print_text(report, args.source)
    failing = report["counts"]["unavailable"] or report["unparsed"]
    return 1 if failing else 0
