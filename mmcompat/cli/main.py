"""The ``mmcompat`` command.

Each subcommand lives in its own module of this package exposing
``HELP`` (one line), ``add_arguments(parser)`` and ``run(args) -> int``.
Those modules import their machinery inside ``run`` only, so ``mmcompat
convert`` never pays for importing torch.

Exit codes: 0 done, 1 done with findings, 2 bad usage or input.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from ..version import __version__

# name -> module (relative to this package); order is the help order.
SUBCOMMANDS = {
    "train": "train",
    "test": "test",
    "run": "run_script",
    "convert": "convert",
    "codemod": "codemod",
    "doctor": "doctor",
}


class _RichHelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Plain argparse layout; colours are added when printing to a terminal."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mmcompat",
        description=(
            "Run, convert and rewrite legacy MMCV 1.x training code.\n\n"
            "  mmcompat train old_cfg.py        train a legacy or new-style config\n"
            "  mmcompat run tools/train.py ...  run a legacy script unchanged\n"
            "  mmcompat convert old_cfg.py      write a new-style config\n"
            "  mmcompat codemod src/            rewrite legacy code to the new API\n"
            "  mmcompat doctor src/             where each legacy mmcv name resolves"
        ),
        formatter_class=_RichHelpFormatter,
    )
    parser.add_argument(
        "--version", action="version", version=f"mmcompat {__version__}"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, module_name in SUBCOMMANDS.items():
        module = importlib.import_module(f".{module_name}", __package__)
        sub_parser = sub.add_parser(
            name,
            help=module.HELP,
            description=getattr(module, "DESCRIPTION", module.HELP),
            formatter_class=_RichHelpFormatter,
        )
        module.add_arguments(sub_parser)
        sub_parser.set_defaults(_module=module)
    return parser


def _print_help(parser: argparse.ArgumentParser) -> None:
    text = parser.format_help()
    if sys.stdout.isatty():
        from rich.console import Console

        Console().print(text, highlight=True, markup=False)
    else:
        sys.stdout.write(text)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        _print_help(parser)
        return 2
    try:
        return int(args._module.run(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
