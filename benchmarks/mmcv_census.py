"""Census of the legacy ``mmcv`` names a code base uses, and which resolve.

    python benchmarks/mmcv_census.py SRC              # under mmcompat's aliases
    python benchmarks/mmcv_census.py SRC --plain      # plain imports (e.g. in an
                                                      # environment with real MMCV 1.7.2)
    python benchmarks/mmcv_census.py --compare A.json B.json

Writes one JSON object per run (``--out FILE``, default stdout): every
symbol the tree uses (same AST walk as ``mmcompat doctor``) and whether it
resolves. ``--plain`` imports each name the way Python would without
mmcompat, to measure a reference installation; ``--compare`` lists the
names the reference resolves and the first file does not. Used to measure
mmdet 2.28.2 (its wheel unpacked: package and ``.mim/tools``) under
``mmcompat run`` with mmcv-lite against real MMCV 1.7.2 without compiled ops.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import types
import warnings


def plain_resolve(path: str) -> tuple[str, bool, str]:
    """``(symbol, resolves, error)`` for a dotted path, importing plainly."""
    parts = path.split(".")
    module_name = parts[0]
    try:
        value = importlib.import_module(module_name)
    except Exception as e:  # noqa: BLE001 - any failure means "does not resolve"
        return module_name, False, f"{type(e).__name__}: {e}"
    for part in parts[1:]:
        name = f"{module_name}.{part}"
        try:
            value = getattr(value, part)
        except AttributeError:
            try:
                value = importlib.import_module(name)
            except Exception as e:  # noqa: BLE001
                return name, False, f"{type(e).__name__}: {e}"
        except Exception as e:  # noqa: BLE001
            return name, False, f"{type(e).__name__}: {e}"
        if not isinstance(value, types.ModuleType):
            return name, True, ""
        module_name = name
    return module_name, True, ""


def census(source: str, plain: bool) -> dict:
    from mmcompat.legacy.usage import mmcv_uses, python_files

    files = python_files(source)
    if not plain:
        from mmcompat.cli.doctor import diagnose

        report = diagnose(files)
        return {
            "mode": "mmcompat",
            "mmcv": report["mmcv"],
            "symbols": {
                e["symbol"]: {
                    "resolves": e["origin"] != "unavailable",
                    "origin": e["origin"],
                    "where": e["where"],
                }
                for e in report["symbols"]
            },
        }
    uses, _ = mmcv_uses(files)
    symbols: dict = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for use in uses:
            symbol, ok, error = plain_resolve(use.path)
            symbols.setdefault(
                symbol,
                {"resolves": ok, "error": error, "where": f"{use.file}:{use.line}"},
            )
    mmcv = sys.modules.get("mmcv")
    return {
        "mode": "plain",
        "mmcv": getattr(mmcv, "__version__", None),
        "symbols": symbols,
    }


def compare(ours_path: str, reference_path: str) -> dict:
    with open(ours_path) as f:
        ours = json.load(f)["symbols"]
    with open(reference_path) as f:
        reference = json.load(f)["symbols"]
    both = set(ours) & set(reference)
    return {
        "resolve_here": sum(ours[s]["resolves"] for s in ours),
        "resolve_in_reference": sum(reference[s]["resolves"] for s in reference),
        "symbols_here": len(ours),
        "symbols_in_reference": len(reference),
        "reference_only": sorted(
            s for s in both if reference[s]["resolves"] and not ours[s]["resolves"]
        ),
        "here_only": sorted(
            s for s in both if ours[s]["resolves"] and not reference[s]["resolves"]
        ),
        "not_in_both": sorted(set(ours) ^ set(reference)),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", nargs="?")
    parser.add_argument("--plain", action="store_true")
    parser.add_argument("--compare", nargs=2, metavar=("OURS", "REFERENCE"))
    parser.add_argument("--out")
    args = parser.parse_args()
    if args.compare:
        result = compare(*args.compare)
    elif args.source:
        result = census(args.source, args.plain)
    else:
        parser.error("give SRC or --compare")
    text = json.dumps(result, indent=2, sort_keys=True)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text + "\n")
    else:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
