"""Check that every import the codemods wrote resolves.

    python benchmarks/codemod_check_imports.py REWRITTEN_TREE --original TREE [--python PY]

Collects every ``from mmcompat.X import Y``, ``from mmengine.X import Y``
and ``from mmcv.X import Y`` in the tree (and ``mmcompat.X.Y`` attribute
uses are not written by the codemods, so only import statements count):

- ``mmcompat.*``: imported for real from the installed mmcompat;
- ``mmengine.*`` / ``mmcv.*``: with ``--python PY`` (an interpreter with
  MMEngine 0.10.7 and MMCV 2.x), imported there; otherwise checked
  against the exports recorded in fixtures/golden/symbols/symbols.json
  (MMEngine 0.10.7 and MMCV 2.2.0, ``mmcv.ops`` read statically).

With ``--original`` only imports the codemods wrote are checked (a
``(module, name)`` the original file did not import); without it, every
such import except legacy ones left in place under a TODO. Prints one line per unresolved import and a
summary; exits 1 if any rewritten import does not resolve.
"""

from __future__ import annotations

import argparse
import ast
import importlib
import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

FACTS = (
    Path(__file__).resolve().parents[1]
    / "fixtures"
    / "golden"
    / "symbols"
    / "symbols.json"
)

_REMOTE = """
import importlib, json, sys, warnings
warnings.simplefilter('ignore')
out = {}
for item in json.loads(sys.stdin.read()):
    module, name = item
    try:
        m = importlib.import_module(module)
        ok = hasattr(m, name)
        if not ok:
            importlib.import_module(module + '.' + name)
            ok = True
    except Exception:
        ok = False
    out[module + '.' + name] = ok
print(json.dumps(out))
"""


def collect(
    root: Path, original: Path | None = None
) -> dict[tuple[str, str], list[str]]:
    """(module, name) -> files importing it, for the new-API roots."""
    found: dict[tuple[str, str], list[str]] = defaultdict(list)
    for path in sorted(root.rglob("*.py")):
        before: set[tuple[str, str]] = set()
        if original is not None:
            old = original / path.relative_to(root)
            if old.exists():
                before = {k for k, _ in _imports(old)}
        try:
            tree = ast.parse(path.read_bytes())
        except (SyntaxError, ValueError):
            continue
        lines = path.read_text(errors="replace").splitlines()
        for key, lineno in _imports(path, tree):
            if key in before:
                continue  # not written by the codemods
            above = lines[lineno - 2] if lineno >= 2 else ""
            if key[0].startswith("mmcv") and "TODO(mmcompat)" in above:
                continue  # left in place on purpose
            found[key].append(str(path.relative_to(root)))
    return found


def _imports(path: Path, tree: ast.AST | None = None):
    if tree is None:
        try:
            tree = ast.parse(path.read_bytes())
        except (SyntaxError, ValueError):
            return
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom) or node.level or not node.module:
            continue
        if node.module.split(".")[0] not in ("mmcompat", "mmengine", "mmcv"):
            continue
        for alias in node.names:
            yield (node.module, alias.name), node.lineno


def resolve_local(module: str, name: str) -> bool:
    try:
        m = importlib.import_module(module)
    except Exception:
        return False
    if hasattr(m, name):
        return True
    try:
        importlib.import_module(f"{module}.{name}")
        return True
    except Exception:
        return False


def resolve_recorded(items) -> dict[str, bool]:
    facts = json.loads(FACTS.read_text())
    exports = {}
    for table in (facts["mmengine_exports"], facts["mmcv2_exports"]):
        for module, names in table.items():
            exports.setdefault(module, set()).update(names)
    return {f"{m}.{n}": n in exports.get(m, ()) for m, n in items}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tree")
    parser.add_argument("--original", help="the tree before the codemods ran")
    parser.add_argument("--python", help="interpreter with MMEngine 0.10.7 + MMCV 2.x")
    args = parser.parse_args()
    found = collect(Path(args.tree), Path(args.original) if args.original else None)
    local = [k for k in found if k[0].startswith("mmcompat")]
    other = [k for k in found if not k[0].startswith("mmcompat")]
    ok = {f"{m}.{n}": resolve_local(m, n) for m, n in local}
    if other:
        if args.python:
            proc = subprocess.run(
                [args.python, "-c", _REMOTE],
                input=json.dumps(other),
                capture_output=True,
                text=True,
                check=True,
            )
            ok.update(json.loads(proc.stdout))
        else:
            ok.update(resolve_recorded(other))
    bad = sorted(k for k, v in ok.items() if not v)
    for key in bad:
        module, _, name = key.rpartition(".")
        print(f"unresolved: from {module} import {name}  ({found[(module, name)][0]})")
    print(
        f"{len(ok)} distinct imported symbols ({len(local)} mmcompat, "
        f"{len(other)} mmengine/mmcv), {len(bad)} unresolved"
    )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
