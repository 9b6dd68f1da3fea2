"""Time `mmcompat convert` on a whole config tree (tree mode, _base_ kept).

    python benchmarks/convert_tree.py CONFIGS_DIR [OUT_DIR]

Prints the wall time of converting every config under CONFIGS_DIR (e.g. the
~660 MMDet 2.28 configs) and the conversion summary. Not a timed test.
"""

from __future__ import annotations

import sys
import tempfile
import time


def main() -> int:
    from mmcompat.cli.main import main as cli

    src = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        out = sys.argv[2] if len(sys.argv) > 2 else tmp
        start = time.perf_counter()
        rc = cli(["convert", src, "-o", out, "--force"])
        elapsed = time.perf_counter() - start
    print(f"converted {src} in {elapsed:.2f} s (exit code {rc})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
