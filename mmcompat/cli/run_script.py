"""`mmcompat run`: run a legacy MMCV 1.x script unchanged."""

from __future__ import annotations

import argparse

HELP = "run a legacy MMCV 1.x script unchanged"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("args", nargs="*", help="arguments")


def run(args: argparse.Namespace) -> int:
    from ._pending import not_implemented

    return not_implemented("run")
