"""`mmcompat convert`: convert legacy configs to new-style configs."""

from __future__ import annotations

import argparse

HELP = "convert legacy configs to new-style configs"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("args", nargs="*", help="arguments")


def run(args: argparse.Namespace) -> int:
    from ._pending import not_implemented

    return not_implemented("convert")
