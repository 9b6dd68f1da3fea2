"""Logging: ``MMLogger``, ``print_log``, ``MessageHub``, ``HistoryBuffer``.

Importing this package imports neither torch nor numpy.
"""

from .history_buffer import HistoryBuffer
from .logger import MMFormatter, MMLogger, print_log
from .message_hub import MessageHub

__all__ = ["HistoryBuffer", "MessageHub", "MMFormatter", "MMLogger", "print_log"]
