"""Logging and MessageHub access for the optim package."""

from __future__ import annotations

import logging
from typing import Any

from mmcompat.logging import MessageHub
from mmcompat.logging import print_log as _print_log


def print_log(msg: str, level: int = logging.INFO) -> None:
    """Log ``msg`` to the current ``MMLogger``."""
    _print_log(msg, logger="current", level=level)


def current_message_hub() -> Any:
    """The current ``MessageHub`` (MMEngine creates one on first use too)."""
    return MessageHub.get_current_instance()
