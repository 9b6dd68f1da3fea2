"""Codemod throughput and how much of a tree's legacy mmcv use it resolves.

    python benchmarks/codemod_throughput.py SRC_TREE [--jobs N] [--target T]
        [--repeat 1] [--left 25]

Copies SRC_TREE to a temporary directory (the original is never touched),
runs every codemod family over the copy and prints:

- files/s of the rewrite (best of ``--repeat`` runs, each on a fresh copy),
  by wall time and per CPU second (the CPU time of the run and its worker
  processes, which a busy machine does not inflate);
- legacy references resolved: every name imported from a legacy ``mmcv``
  module and every ``mmcv.x.Y`` attribute use that the symbol table knows
  (``mmcompat.tables.symbols``), counted in the original tree; one is left
  unresolved when the rewritten tree still refers to a legacy symbol that
  does not exist in MMCV 2.x at that path (a move not made, or a TODO);
- files that no longer compile (``compile()`` of every rewritten file) and
  files a second run would change;
- the most frequent unresolved symbols (``--left``).
"""

from __future__ import annotations

import argparse
import ast
import os
import resource
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from codemods.engine import iter_python_files, process_files  # noqa: E402
from mmcompat.tables import symbols  # noqa: E402


def _chain(node: ast.AST) -> list[str] | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return parts[::-1]


def legacy_references(tree: ast.AST, target: str) -> Counter:
    """``module.name`` -> uses, with whether each still needs work.

    Returns a Counter over ``(path, unresolved)`` pairs."""
    found: Counter = Counter()
    aliases: dict[str, str] = {}  # local name -> legacy module
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if symbols.is_legacy_module(alias.name):
                    local = alias.asname or alias.name.split(".")[0]
                    aliases[local] = alias.name if alias.asname else local
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            if not symbols.is_legacy_module(node.module):
                continue
            for alias in node.names:
                if alias.name == "*":
                    continue
                res = symbols.resolve(node.module, alias.name, target)
                if symbols.lookup(node.module, alias.name) is None:
                    if res is None:  # a submodule or a name MMCV 2.x keeps
                        if alias.name.islower():
                            aliases[alias.asname or alias.name] = (
                                f"{node.module}.{alias.name}"
                            )
                        continue
                found[(f"{node.module}.{alias.name}", res.action != "keep")] += 1
    if not aliases:
        return found
    seen: set[int] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute) or id(node) in seen:
            continue
        inner = node.value
        while isinstance(inner, ast.Attribute):
            seen.add(id(inner))
            inner = inner.value
        parts = _chain(node)
        if parts is None or parts[0] not in aliases:
            continue
        dotted = [*aliases[parts[0]].split("."), *parts[1:]]
        for i in range(2, len(dotted) + 1):
            module, name = ".".join(dotted[: i - 1]), dotted[i - 1]
            if symbols.lookup(module, name) is not None or (
                name[:1].isupper() and symbols.dropped_package(module)
            ):
                res = symbols.resolve(module, name, target)
                found[(f"{module}.{name}", res.action != "keep")] += 1
                break
    return found


def _cpu_seconds() -> float:
    """CPU time of this process and its finished worker processes: on a
    shared machine wall time measures the neighbours too."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def census(root: Path, target: str) -> Counter:
    total: Counter = Counter()
    for path in iter_python_files([str(root)]):
        try:
            tree = ast.parse(Path(path).read_bytes())
        except (SyntaxError, ValueError):
            continue
        total.update(legacy_references(tree, target))
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tree")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument(
        "--target", default="mmcompat", choices=("mmcompat", "mmengine")
    )
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--left", type=int, default=25, help="unresolved to list")
    args = parser.parse_args()
    before = census(Path(args.tree), args.target)
    total = sum(before.values())
    best = best_cpu = float("inf")
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(max(1, args.repeat)):
            root = Path(tmp) / "tree"
            shutil.rmtree(root, ignore_errors=True)
            shutil.copytree(args.tree, root)
            files = list(iter_python_files([str(root)]))
            start, start_cpu = time.perf_counter(), _cpu_seconds()
            results = list(process_files(files, target=args.target, jobs=args.jobs))
            best = min(best, time.perf_counter() - start)
            best_cpu = min(best_cpu, _cpu_seconds() - start_cpu)
        skipped = [r.message for r in results if r.status == "skipped"]
        broken = []
        for path in files:
            try:
                compile(Path(path).read_bytes(), path, "exec")
            except SyntaxError:
                broken.append(path)
        again = [
            r.path
            for r in process_files(
                files, target=args.target, mode="check", jobs=args.jobs
            )
            if r.status != "unchanged"
        ]
        after = census(root, args.target)
    left = Counter({path: n for (path, todo), n in after.items() if todo})
    unresolved = sum(left.values())
    print(f"files: {len(files)}  skipped: {len(skipped)}")
    for message in skipped[:10]:
        print(f"  {message}")
    print(
        f"throughput (--jobs {args.jobs}): {len(files) / best:.1f} files/s "
        f"({best:.2f} s wall, {best_cpu:.2f} s CPU: "
        f"{len(files) / best_cpu:.1f} files per CPU second)"
    )
    print(
        f"legacy references resolved (--target {args.target}): "
        f"{total - unresolved} / {total} ({100 * (total - unresolved) / total:.1f}%)"
        if total
        else "no legacy references"
    )
    print(f"files that no longer compile: {len(broken)}")
    print(f"files a second run would change: {len(again)}")
    for path in again[:10]:
        print(f"  {path}")
    for path, n in left.most_common(args.left):
        print(f"  left: {n:4d}  {path}")
    return 0 if not (broken or again or skipped) else 1


if __name__ == "__main__":
    sys.exit(main())
