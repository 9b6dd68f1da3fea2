"""`mmcompat run`: run a legacy MMCV 1.x script unchanged.

    mmcompat run [--path DIR ...] SCRIPT [SCRIPT ARGS ...]

The script runs as ``__main__`` with ``sys.argv = [SCRIPT, *ARGS]``; its
``import mmcv`` / ``from mmcv.runner import EpochBasedRunner, HOOKS, Hook``
... are answered by mmcompat's legacy shims, so an MMCV 1.x training script
trains on mmcompat's runner with the numbers MMCV 1.7.2 gives. ``--path``
adds directories to ``sys.path`` (e.g. the project root, for scripts run
from ``tools/``), as for ``train`` and ``test``. When the script raises,
its traceback is printed as ``python SCRIPT`` would print it (without
mmcompat's own frames around the script) and the exit code is 1.
Exit code: the script's ``sys.exit`` code, 0 when it returns, 1 when it
raises, 2 when the script does not exist.
"""

from __future__ import annotations

import argparse
import sys

HELP = "run a legacy MMCV 1.x script unchanged"
DESCRIPTION = __doc__


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from .common import add_mmcv_version_argument, add_path_argument

    add_path_argument(parser)
    add_mmcv_version_argument(parser)
    parser.add_argument("script", help="the legacy script (.py)")
    parser.add_argument(
        "args", nargs=argparse.REMAINDER, help="arguments passed to the script"
    )


def run(args: argparse.Namespace) -> int:
    import os.path as osp

    if not osp.isfile(args.script):
        print(f"mmcompat run: {args.script}: script does not exist", file=sys.stderr)
        return 2
    from mmcompat.legacy.runtime.script import run_script

    try:
        run_script(
            args.script,
            args.args,
            extra_paths=args.path,
            mmcv_version=args.mmcv_version,
        )
    except Exception as e:
        _print_script_traceback(e, osp.abspath(args.script))
        hint = version_check_hint(e)
        if hint:
            print(f"mmcompat run: {hint}", file=sys.stderr)
        return 1
    except SystemExit as e:
        code = e.code
        if code is None:
            return 0
        if isinstance(code, int):
            return code
        print(code, file=sys.stderr)
        return 1
    return 0


def version_check_hint(error: BaseException) -> str:
    """For a library's own check refusing the reported MMCV version
    (``MMCV==1.7.2 is used but incompatible. Please install mmcv>=1.3.8,
    <=1.7.0.``), how to report a version it accepts; else ``''``."""
    import re

    from mmcompat.legacy.runtime.aliases import LEGACY_VERSION

    text = str(error)
    refused = re.search(r"MMCV==(\S+) is used but incompatible", text)
    if not isinstance(error, AssertionError) or refused is None:
        return ""
    newest = re.search(r"<=\s*(1\.\d+\.\d+)", text)
    version = newest.group(1) if newest else "1.X.Y"
    reported = refused.group(1)
    served = (
        "whose behaviour it serves"
        if reported == LEGACY_VERSION
        else f"serving {LEGACY_VERSION}'s behaviour"
    )
    return (
        f"the library refuses the MMCV version mmcompat reports ({reported}, "
        f"{served}); --mmcv-version {version} reports one it accepts"
    )


def _print_script_traceback(error: BaseException, script: str) -> None:
    """The traceback from the script's first frame on, as ``python SCRIPT``
    shows it: the runpy and mmcompat frames that started the script are
    left out (frames of mmcompat code the script calls stay)."""
    import traceback

    tb = error.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename != script:
        tb = tb.tb_next
    # None: the script never started (a SyntaxError); Python then prints
    # only the error and the offending line, and so does this.
    traceback.print_exception(type(error), error, tb)
