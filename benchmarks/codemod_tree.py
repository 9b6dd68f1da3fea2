"""Codemod a whole source tree and report the numbers that matter.

    python benchmarks/codemod_tree.py SRC_TREE [--jobs 2] [--target mmcompat]

Copies SRC_TREE to a temporary directory (the original is never touched),
runs every codemod over the copy with ``--jobs`` workers and prints: the
wall time, files changed / skipped, files that no longer parse, files a
second run would change, legacy hook points left in Hook subclasses and the
TODO(mmcompat) count. ``--keep DIR`` keeps the rewritten copy there (for
benchmarks/codemod_check_imports.py).
"""

from __future__ import annotations

import argparse
import ast
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from codemods.engine import iter_python_files, process_files  # noqa: E402
from mmcompat.tables import hook_points  # noqa: E402


def legacy_hook_points(root: Path) -> list[str]:
    """``Class.method`` of legacy points left in classes derived from *Hook."""
    left = []
    for path in sorted(root.rglob("*.py")):
        try:
            tree = ast.parse(path.read_bytes())
        except (SyntaxError, ValueError):
            continue
        for node in ast.walk(tree):
            if not isinstance(node, ast.ClassDef):
                continue
            if not any(
                ast.unparse(b).split(".")[-1].endswith("Hook") for b in node.bases
            ):
                continue
            for item in node.body:
                if not isinstance(item, ast.FunctionDef):
                    continue
                legacy_iter = (
                    item.name in hook_points.NEW_SIGNATURES
                    and hook_points.is_iter_point(item.name)
                    and len(item.args.args) == 2
                    and not item.args.vararg
                )
                if item.name in hook_points.SHARED_POINTS or legacy_iter:
                    left.append(f"{path.relative_to(root)}:{node.name}.{item.name}")
    return left


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tree")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument(
        "--target", default="mmcompat", choices=("mmcompat", "mmengine")
    )
    parser.add_argument("--keep", help="copy the rewritten tree here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / Path(args.tree).name
        shutil.copytree(args.tree, root)
        files = list(iter_python_files([str(root)]))
        start = time.perf_counter()
        results = list(process_files(files, target=args.target, jobs=args.jobs))
        elapsed = time.perf_counter() - start
        changed = sum(r.status == "changed" for r in results)
        skipped = [r.message for r in results if r.status == "skipped"]
        todos = sum(r.todos for r in results)
        broken = []
        for path in files:
            try:
                ast.parse(Path(path).read_bytes())
            except SyntaxError:
                broken.append(path)
        again = [
            r.path
            for r in process_files(
                files, target=args.target, mode="check", jobs=args.jobs
            )
            if r.status != "unchanged"
        ]
        left = legacy_hook_points(root)
        print(f"files: {len(files)}  changed: {changed}  skipped: {len(skipped)}")
        for message in skipped:
            print(f"  {message}")
        print(f"time (--jobs {args.jobs}): {elapsed:.1f} s")
        print(f"files that no longer parse: {len(broken)}")
        print(f"files a second run would change: {len(again)}")
        for path in again[:10]:
            print(f"  {path}")
        print(f"legacy hook points left in Hook subclasses: {len(left)}")
        for item in left[:10]:
            print(f"  {item}")
        print(f"TODO(mmcompat) comments: {todos}")
        if args.keep:
            shutil.copytree(root, args.keep, dirs_exist_ok=True)
    return 0 if not (broken or again or left) else 1


if __name__ == "__main__":
    sys.exit(main())
