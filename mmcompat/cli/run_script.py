"""`mmcompat run`: run a legacy MMCV 1.x script unchanged.

    mmcompat run [--path DIR ...] SCRIPT [SCRIPT ARGS ...]

The script runs as ``__main__`` with ``sys.argv = [SCRIPT, *ARGS]``; its
``import mmcv`` / ``from mmcv.runner import EpochBasedRunner, HOOKS, Hook``
... are answered by mmcompat's legacy shims, so an MMCV 1.x training script
trains on mmcompat's runner with the numbers MMCV 1.7.2 gives. ``--path``
adds directories to ``sys.path`` (e.g. the project root, for scripts run
from ``tools/``). Exit code: the script's ``sys.exit`` code, 0 when it
returns, 2 when the script does not exist.
"""

from __future__ import annotations

import argparse
import sys

HELP = "run a legacy MMCV 1.x script unchanged"
DESCRIPTION = __doc__


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--path",
        action="append",
        default=[],
        metavar="DIR",
        help="add DIR to sys.path (repeatable)",
    )
    parser.add_argument("script", help="the legacy script (.py)")
    parser.add_argument(
        "args", nargs=argparse.REMAINDER, help="arguments passed to the script"
    )


def run(args: argparse.Namespace) -> int:
    import os.path as osp

    if not osp.isfile(args.script):
        print(f"mmcompat: script {args.script} does not exist", file=sys.stderr)
        return 2
    from mmcompat.legacy.runtime.script import run_script

    try:
        run_script(args.script, args.args, extra_paths=args.path)
    except SystemExit as e:
        code = e.code
        if code is None:
            return 0
        if isinstance(code, int):
            return code
        print(code, file=sys.stderr)
        return 1
    return 0
