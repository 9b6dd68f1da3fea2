"""Shared helper for subcommands whose machinery has not landed yet."""

from __future__ import annotations

import sys


def not_implemented(command: str) -> int:
    print(f"mmcompat {command}: not implemented yet", file=sys.stderr)
    return 2
