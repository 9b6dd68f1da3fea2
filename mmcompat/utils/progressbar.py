"""Text progress bars (``mmengine.utils.progressbar``).

The output format is MMEngine's (``[>>>   ] 3/10, 2.0 task/s, elapsed: 2s,
ETA:     4s``, redrawn with ``\\r``), so logs and tests that read it keep
working. ``file`` defaults to the ``sys.stdout`` of the moment the bar is
made (MMEngine binds it at import time, which output capturing misses).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sequence
from shutil import get_terminal_size
from typing import IO, Any, Callable

from .timer import Timer


class ProgressBar:
    """A progress bar for ``task_num`` steps (0: unknown, counts only)."""

    def __init__(
        self,
        task_num: int = 0,
        bar_width: int = 50,
        start: bool = True,
        file: IO[str] | None = None,
    ) -> None:
        self.task_num = task_num
        self.bar_width = bar_width
        self.completed = 0
        self.file = sys.stdout if file is None else file
        if start:
            self.start()

    @property
    def terminal_width(self) -> int:
        return get_terminal_size()[0]

    def start(self) -> None:
        """Draw the empty bar and start the clock."""
        if self.task_num > 0:
            self.file.write(
                f"[{' ' * self.bar_width}] 0/{self.task_num}, elapsed: 0s, ETA:"
            )
        else:
            self.file.write("completed: 0, elapsed: 0s")
        self.file.flush()
        self.timer = Timer()

    def update(self, num_tasks: int = 1) -> None:
        """Count ``num_tasks`` more finished tasks and redraw."""
        if num_tasks <= 0:
            raise ValueError(f"num_tasks must be positive, got {num_tasks}")
        self.completed += num_tasks
        elapsed = self.timer.since_start()
        fps = self.completed / elapsed if elapsed > 0 else float("inf")
        if self.task_num > 0:
            fraction = self.completed / float(self.task_num)
            eta = int(elapsed * (1 - fraction) / fraction + 0.5)
            msg = (
                f"\r[{{}}] {self.completed}/{self.task_num}, "
                f"{fps:.1f} task/s, elapsed: {int(elapsed + 0.5)}s, "
                f"ETA: {eta:5}s"
            )
            width = self.terminal_width
            bar_width = min(self.bar_width, int(width - len(msg)) + 2, int(width * 0.6))
            bar_width = max(2, bar_width)
            marks = int(bar_width * fraction)
            self.file.write(msg.format(">" * marks + " " * (bar_width - marks)))
        else:
            self.file.write(
                f"completed: {self.completed}, elapsed: {int(elapsed + 0.5)}s,"
                f" {fps:.1f} tasks/s"
            )
        self.file.flush()


def _split_tasks(tasks: Any) -> tuple[Iterable, int]:
    """``(iterable, count)`` or a sequence -> the tasks and their number."""
    if isinstance(tasks, tuple):
        if not (
            len(tasks) == 2
            and isinstance(tasks[0], Iterable)
            and isinstance(tasks[1], int)
        ):
            raise TypeError(
                '"tasks" given as a tuple must be (iterable of tasks, number '
                f"of tasks), got {tasks!r}"
            )
        return tasks[0], tasks[1]
    if isinstance(tasks, Sequence):
        return tasks, len(tasks)
    raise TypeError(
        f'"tasks" must be a tuple object or a sequence object, but got {type(tasks)}'
    )


def track_progress(
    func: Callable,
    tasks: Sequence | tuple,
    bar_width: int = 50,
    file: IO[str] | None = None,
    **kwargs: Any,
) -> list:
    """``[func(task, **kwargs) for task in tasks]`` with a progress bar."""
    tasks, task_num = _split_tasks(tasks)
    bar = ProgressBar(task_num, bar_width, file=file)
    results = []
    for task in tasks:
        results.append(func(task, **kwargs))
        bar.update()
    bar.file.write("\n")
    return results


def track_iter_progress(
    tasks: Sequence | tuple, bar_width: int = 50, file: IO[str] | None = None
) -> Iterator:
    """Yield the tasks, advancing a progress bar after each one."""
    tasks, task_num = _split_tasks(tasks)
    bar = ProgressBar(task_num, bar_width, file=file)
    for task in tasks:
        yield task
        bar.update()
    bar.file.write("\n")


def init_pool(
    process_num: int,
    initializer: Callable | None = None,
    initargs: tuple | None = None,
) -> Any:
    """A ``multiprocessing.Pool`` (imported here: it is slow to import)."""
    from multiprocessing import Pool

    if initargs is not None and not isinstance(initargs, tuple):
        raise TypeError('"initargs" must be a tuple')
    return Pool(process_num, initializer, initargs or ())


def track_parallel_progress(
    func: Callable,
    tasks: Sequence | tuple,
    nproc: int,
    initializer: Callable | None = None,
    initargs: tuple | None = None,
    bar_width: int = 50,
    chunksize: int = 1,
    skip_first: bool = False,
    keep_order: bool = True,
    file: IO[str] | None = None,
) -> list:
    """``track_progress`` over a process pool of ``nproc`` workers.

    ``keep_order=False`` returns results in completion order. With
    ``skip_first`` the first ``nproc * chunksize`` results (worker start-up)
    are left out of the speed estimate, as in MMEngine.
    """
    tasks, task_num = _split_tasks(tasks)
    pool = init_pool(nproc, initializer, initargs)
    warmup = nproc * chunksize if skip_first else 0
    bar = ProgressBar(task_num - warmup, bar_width, not skip_first, file=file)
    results = []
    try:
        mapper = pool.imap if keep_order else pool.imap_unordered
        for result in mapper(func, tasks, chunksize):
            results.append(result)
            if skip_first and len(results) <= warmup:
                if len(results) == warmup:
                    bar.start()
                continue
            bar.update()
        bar.file.write("\n")
    finally:
        pool.close()
        pool.join()
    return results
