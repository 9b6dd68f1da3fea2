"""`mmcompat test`: evaluate a checkpoint with a config."""

from __future__ import annotations

import argparse

HELP = "evaluate a checkpoint with a config"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("args", nargs="*", help="arguments")


def run(args: argparse.Namespace) -> int:
    from ._pending import not_implemented

    return not_implemented("test")
