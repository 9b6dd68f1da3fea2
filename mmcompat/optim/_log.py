"""Logging and MessageHub access for the optim package.

``mmcompat.logging`` provides ``print_log`` and ``MessageHub``; the optim
package only needs them for messages and for reporting the gradient norm, so
it looks them up lazily and degrades to the standard ``logging`` module (and
to no hub) when they are unavailable.
"""

from __future__ import annotations

import logging
from typing import Any

_fallback_logger = logging.getLogger("mmcompat")


def print_log(msg: str, level: int = logging.INFO) -> None:
    """Log ``msg`` to the current MMLogger (or the ``mmcompat`` logger)."""
    try:
        from mmcompat.logging import print_log as _print_log
    except ImportError:
        _fallback_logger.log(level, msg)
        return
    _print_log(msg, logger="current", level=level)


def current_message_hub() -> Any | None:
    """The current ``MessageHub`` instance, or None if there is none."""
    try:
        from mmcompat.logging import MessageHub
    except ImportError:
        return None
    return MessageHub.get_current_instance()
