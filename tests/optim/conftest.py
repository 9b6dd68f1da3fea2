"""Fixtures of the optim tests."""

from __future__ import annotations

import logging

import pytest

from mmcompat.logging import MMLogger


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.records: list[list[str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append([record.levelname, record.getMessage()])


@pytest.fixture
def captured_log():
    """``[level, message]`` of every record of the current MMLogger."""
    logger = MMLogger.get_current_instance()
    handler = _Capture()
    logger.addHandler(handler)
    yield handler.records
    logger.removeHandler(handler)
