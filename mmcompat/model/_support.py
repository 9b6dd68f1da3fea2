"""Logging for the model package, with a fallback while the logging package grows.

``mmcompat.logging.print_log`` is the real sink (the ``'current'`` MMLogger);
until it exists we log through the standard ``logging`` module under the
``mmcompat`` name, which is what the MMLogger ends up writing to as well.
"""

from __future__ import annotations

import logging
from typing import Any


def print_log(msg: str, logger: Any = "current", level: int = logging.INFO) -> None:
    """Log ``msg`` to the current MMLogger (MMEngine's ``print_log``)."""
    try:
        from mmcompat.logging import print_log as _print_log
    except ImportError:
        logging.getLogger("mmcompat").log(level, msg)
        return
    _print_log(msg, logger=logger, level=level)


def current_logger() -> logging.Logger:
    """The current MMLogger, or the ``mmcompat`` standard logger."""
    try:
        from mmcompat.logging import MMLogger
    except ImportError:
        return logging.getLogger("mmcompat")
    return MMLogger.get_current_instance()
