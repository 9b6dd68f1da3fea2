"""``print_log`` for the dataset package (standard logging until the
``mmcompat.logging`` package is importable)."""

from __future__ import annotations

import logging
from typing import Any


def print_log(msg: str, logger: Any = "current", level: int = logging.INFO) -> None:
    try:
        from mmcompat.logging import print_log as _print_log
    except ImportError:
        logging.getLogger("mmcompat").log(level, msg)
        return
    _print_log(msg, logger=logger, level=level)
