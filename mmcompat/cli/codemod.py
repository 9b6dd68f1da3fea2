"""`mmcompat codemod`: rewrite legacy code to the new API."""

from __future__ import annotations

import argparse

HELP = "rewrite legacy code to the new API"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("args", nargs="*", help="arguments")


def run(args: argparse.Namespace) -> int:
    from ._pending import not_implemented

    return not_implemented("codemod")
