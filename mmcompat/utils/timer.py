"""``Timer``, ``TimerError`` and ``check_time`` (``mmengine.utils.timer``)."""

from __future__ import annotations

from time import time
from typing import Any


class TimerError(Exception):
    """A Timer method that needs a running timer was called on a stopped one."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class Timer:
    """Wall-clock timer.

    ``since_start()`` and ``since_last_check()`` both count as a check (they
    reset the "last check" time). Used as a context manager it prints the
    time spent in the block with ``print_tmpl`` (default ``'{:.3f}'``) and
    stops.
    """

    def __init__(self, start: bool = True, print_tmpl: str | None = None) -> None:
        self._is_running = False
        self.print_tmpl = print_tmpl if print_tmpl else "{:.3f}"
        if start:
            self.start()

    @property
    def is_running(self) -> bool:
        """Whether the timer runs."""
        return self._is_running

    def __enter__(self) -> Timer:
        self.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        print(self.print_tmpl.format(self.since_last_check()))
        self._is_running = False

    def start(self) -> None:
        """Start (a running timer keeps its start time; the last check
        time is reset)."""
        if not self._is_running:
            self._t_start = time()
            self._is_running = True
        self._t_last = time()

    def since_start(self) -> float:
        """Seconds since ``start()``."""
        if not self._is_running:
            raise TimerError("timer is not running")
        self._t_last = time()
        return self._t_last - self._t_start

    def since_last_check(self) -> float:
        """Seconds since the last check (or ``start()``)."""
        if not self._is_running:
            raise TimerError("timer is not running")
        now = time()
        duration = now - self._t_last
        self._t_last = now
        return duration


_global_timers: dict[str, Timer] = {}


def check_time(timer_id: str) -> float:
    """Seconds since the previous ``check_time(timer_id)`` call; the first
    call starts that timer and returns 0."""
    if timer_id not in _global_timers:
        _global_timers[timer_id] = Timer()
        return 0
    return _global_timers[timer_id].since_last_check()
