"""`mmcompat train`: train a legacy MMCV 1.x or new-style config."""

from __future__ import annotations

import argparse

HELP = "train a legacy MMCV 1.x or new-style config"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("args", nargs="*", help="arguments")


def run(args: argparse.Namespace) -> int:
    from ._pending import not_implemented

    return not_implemented("train")
