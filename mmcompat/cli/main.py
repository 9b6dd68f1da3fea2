"""The ``mmcompat`` command.

Each subcommand lives in its own module of this package exposing
``HELP`` (one line), ``add_arguments(parser)`` and ``run(args) -> int``.
Those modules import their machinery inside ``run`` only, so ``mmcompat
convert`` never pays for importing torch.

Conventions shared by every subcommand:

- exit codes: 0 done, 1 done with findings (``--check`` found work, TODOs
  left), 2 bad usage or input;
- a bad command line prints that subcommand's usage and one
  ``mmcompat COMMAND: error: ...`` line (argparse);
- bad input (a config, a file) prints one line naming the file, the key
  and what was expected, never a traceback;
- ``--path DIR`` puts a project directory on ``sys.path`` wherever the
  project's own modules must import (train, test, run);
- ``--check`` / ``--diff`` (convert, codemod) write nothing: ``--check``
  prints one ``would ... PATH`` line per file and exits 1 when something
  would change, ``--diff`` prints a unified diff.
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
    parser.set_defaults(_parser=parser)
    for name, module_name in SUBCOMMANDS.items():
        module = importlib.import_module(f".{module_name}", __package__)
        sub_parser = sub.add_parser(
            name,
            help=module.HELP,
            description=getattr(module, "DESCRIPTION", module.HELP),
            formatter_class=_RichHelpFormatter,
        )
        module.add_arguments(sub_parser)
        sub_parser.set_defaults(_module=module, _parser=sub_parser)
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
    # a usage error exits 2 (SystemExit, as argparse does), --help 0
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        # argparse reports a subcommand's unknown flag with the top-level
        # usage; the subcommand's own usage is the one that helps.
        args._parser.error(f"unrecognized arguments: {' '.join(unknown)}")
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
