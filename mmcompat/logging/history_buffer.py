"""``HistoryBuffer``: the bounded history behind every logged scalar.

Same names and statistics as MMEngine's ``HistoryBuffer`` (``update``,
``mean``/``min``/``max``/``current``, ``data``, ``register_statistics``,
``statistics``), with two differences that matter in a training loop:

- ``update`` is O(1). MMEngine appends with ``np.append``, which copies the
  whole history (up to 1,000,000 entries) on every call.
- Tensor values are kept as they are (detached, on their device). Reading a
  statistic converts everything not yet converted with one host-device
  transfer per device; ``update`` itself never synchronises. MMEngine's
  ``MessageHub`` calls ``.item()`` on every update instead.

Why the stored values are not kept as one tensor per entry forever: a buffer
nobody reads would pin one device allocation per update. Every
``_COMPACT_EVERY`` loose tensors are stacked into a single 1-d tensor (one
asynchronous kernel launch, no synchronisation), so unread history costs one
element of device memory per entry, as a tensor log would.

This module never imports torch or numpy at import time: tensors are
recognised by duck typing and numpy is imported only by ``data``.
"""

from __future__ import annotations

import itertools
import math
import warnings
from collections import deque
from collections.abc import Sequence
from typing import Any, Callable

_NUMBER_TYPES = (int, float)


def _is_tensor(value: Any) -> bool:
    return hasattr(value, "detach") and hasattr(value, "numel")


def _is_numpy(value: Any) -> bool:
    return type(value).__module__ == "numpy"


class HistoryBuffer:
    """Record a bounded history of ``(value, count)`` pairs.

    Args:
        log_history: initial values (numbers, numpy scalars or one-element
            tensors).
        count_history: the count of each initial value; same length.
        max_length: the most entries kept; older entries are dropped.

    Example::

        >>> buf = HistoryBuffer()
        >>> buf.update(1)
        >>> buf.update(2)
        >>> buf.mean(), buf.min(), buf.max(), buf.current()
        (1.5, 1, 2, 2)
        >>> buf.statistics('mean', 1)
        2.0
    """

    _statistics_methods: dict[str, Callable] = {}
    # How many loose tensors may wait before they are stacked into one.
    _COMPACT_EVERY = 256

    def __init__(
        self,
        log_history: Sequence = (),
        count_history: Sequence = (),
        max_length: int = 1_000_000,
    ) -> None:
        if not isinstance(max_length, int) or max_length < 1:
            raise ValueError(f"max_length must be a positive int, got {max_length!r}")
        if len(log_history) != len(count_history):
            raise ValueError(
                "log_history and count_history must have the same length, got "
                f"{len(log_history)} and {len(count_history)}"
            )
        self.max_length = max_length
        self._set_default_statistics()
        # Converted python numbers, oldest first.
        self._values: deque = deque(maxlen=max_length)
        # The count of every entry (converted or not): len(self._counts) is
        # always the number of entries held.
        self._counts: deque = deque(maxlen=max_length)
        # Entries newer than ``_values`` that are not converted yet, oldest
        # first: ``_stacked`` holds numbers, 0-d tensors and 1-d stacks of
        # earlier loose tensors; ``_loose`` holds the newest numbers and 0-d
        # tensors, not yet considered for stacking.
        self._stacked: deque = deque()
        self._loose: list = []
        self._n_pending = 0
        if len(log_history) > max_length:
            warnings.warn(
                f"The history ({len(log_history)} entries) is longer than "
                f"max_length ({max_length}); the oldest entries are dropped."
            )
            log_history = list(log_history)[-max_length:]
            count_history = list(count_history)[-max_length:]
        # 1-d tensors (our checkpoints) become python numbers in one call.
        if _is_tensor(log_history):
            log_history = log_history.tolist()
        if _is_tensor(count_history):
            count_history = count_history.tolist()
        if _all_numbers(log_history) and _all_numbers(count_history):
            self._values.extend(log_history)  # what update() would append
            self._counts.extend(count_history)
            return
        for value, count in zip(log_history, count_history):
            self.update(value, count)

    @classmethod
    def _set_default_statistics(cls) -> None:
        methods = HistoryBuffer._statistics_methods
        methods.setdefault("min", HistoryBuffer.min)
        methods.setdefault("max", HistoryBuffer.max)
        methods.setdefault("current", HistoryBuffer.current)
        methods.setdefault("mean", HistoryBuffer.mean)

    # ------------------------------------------------------------------ update
    def update(self, log_val: Any, count: int = 1) -> None:
        """Append ``log_val`` with weight ``count``; O(1), never synchronises.

        ``log_val`` may be an int, a float, a numpy scalar or a one-element
        tensor on any device (kept detached, converted when a statistic is
        read). When the buffer holds ``max_length`` entries the oldest is
        dropped.
        """
        if not isinstance(count, _NUMBER_TYPES):
            if _is_numpy(count) and getattr(count, "size", 0) == 1:
                count = count.item()
            else:
                raise TypeError(
                    f"count must be an int or float, got {type(count).__name__}: "
                    f"{count!r}"
                )
        is_tensor = False
        numpy = _is_numpy(log_val)
        if numpy and getattr(log_val, "size", 0) == 1:
            value = log_val.item()
        elif not numpy and isinstance(log_val, _NUMBER_TYPES):  # bool too
            value = log_val
        elif _is_tensor(log_val):
            is_tensor = True
            # A tensor that does not require grad carries no graph: keep it
            # as is (``detach`` alone costs about a microsecond).
            value = log_val.detach() if log_val.requires_grad else log_val
            if value.ndim != 0:
                if value.numel() != 1:
                    raise ValueError(
                        "HistoryBuffer.update expects a one-element tensor, got "
                        f"shape {tuple(value.shape)}"
                    )
                value = value.reshape(())
        else:
            raise TypeError(
                "log_val must be an int, a float, a numpy scalar or a "
                f"one-element tensor, got {type(log_val).__name__}: {log_val!r}"
            )
        self._counts.append(count)
        if not is_tensor and not self._n_pending:
            self._values.append(value)
            return
        # A tensor, or a number behind pending tensors: converted in order
        # when a statistic is read.
        self._loose.append(value)
        self._n_pending += 1
        if len(self._loose) >= self._COMPACT_EVERY:
            self._stack_loose()
        self._drop_oldest_pending()

    def _drop_oldest_pending(self) -> None:
        """Keep the entry count at ``max_length`` while entries are pending."""
        if len(self._values) + self._n_pending <= self.max_length:
            return
        if self._values:
            self._values.popleft()
            return
        self._n_pending -= 1
        if self._stacked:
            head = self._stacked[0]
            if _is_tensor(head) and head.ndim == 1 and head.shape[0] > 1:
                self._stacked[0] = head[1:]  # a view: no copy, no sync
            else:
                self._stacked.popleft()
        else:
            del self._loose[0]

    def _stack_loose(self) -> None:
        """Stack runs of loose 0-d tensors (same device and dtype) into one."""
        import torch

        if all(map(_is_tensor, self._loose)):
            try:  # the usual case: one device, one dtype
                self._stacked.append(torch.stack(self._loose))
                self._loose = []
                return
            except RuntimeError:  # tensors on several devices
                pass
        run: list = []

        def flush() -> None:
            if len(run) == 1:
                self._stacked.append(run[0])
            elif run:
                self._stacked.append(torch.stack(run))
            run.clear()

        for item in self._loose:
            if _is_tensor(item):
                if run and (item.device != run[0].device or item.dtype != run[0].dtype):
                    flush()
                run.append(item)
            else:
                flush()
                self._stacked.append(item)
        flush()
        self._loose = []

    def _materialize(self) -> None:
        """Convert every pending entry to a python number.

        One ``tolist()`` (one host-device transfer) per device holding
        pending tensors, whatever the number of entries.
        """
        if not self._n_pending:
            return
        if len(self._loose) > 1:
            # One stack per run of tensors instead of a reshape per entry.
            self._stack_loose()
        items = list(self._stacked)
        items.extend(self._loose)
        by_device: dict[Any, list[int]] = {}
        for index, item in enumerate(items):
            if _is_tensor(item):
                by_device.setdefault(item.device, []).append(index)
        converted: dict[int, list] = {}
        if by_device:
            import torch

            for indices in by_device.values():
                parts = [items[i].reshape(-1) for i in indices]
                flat = (
                    torch.cat(parts).tolist() if len(parts) > 1 else parts[0].tolist()
                )
                offset = 0
                for i, part in zip(indices, parts):
                    size = part.shape[0]
                    converted[i] = flat[offset : offset + size]
                    offset += size
        values = self._values
        for index, item in enumerate(items):
            if index in converted:
                values.extend(converted[index])
            else:
                values.append(item)
        self._stacked.clear()
        self._loose = []
        self._n_pending = 0

    # -------------------------------------------------------------- statistics
    def _window(self, window_size: int | None) -> tuple[Sequence, Sequence]:
        """The newest ``window_size`` values and counts, oldest first."""
        self._materialize()
        length = len(self._values)
        if window_size is None:
            window_size = length
        elif not isinstance(window_size, int) or isinstance(window_size, bool):
            raise TypeError(
                f"window_size must be an int or None, got {type(window_size).__name__}"
            )
        elif window_size < 0:
            raise ValueError(f"window_size must be >= 0, got {window_size}")
        # MMEngine slices ``history[-window_size:]``: 0 means the whole history.
        if window_size == 0 or window_size >= length:
            return self._values, self._counts  # read-only use: no copy
        # Walk from the newest end: O(window), not O(history).
        values = list(itertools.islice(reversed(self._values), window_size))
        counts = list(itertools.islice(reversed(self._counts), window_size))
        values.reverse()
        counts.reverse()
        return values, counts

    def mean(self, window_size: int | None = None) -> float:
        """Sum of the newest ``window_size`` values over the sum of their counts.

        ``None`` (or a window longer than the history, or 0) means the whole
        history, as in MMEngine. An empty buffer gives ``nan``.
        """
        values, counts = self._window(window_size)
        total_count = sum(counts)
        if not total_count:
            return math.nan
        return sum(values) / total_count

    def max(self, window_size: int | None = None) -> float:
        """The largest of the newest ``window_size`` values."""
        values, _ = self._window(window_size)
        if not values:
            raise ValueError("HistoryBuffer is empty: call update() first")
        return max(values)

    def min(self, window_size: int | None = None) -> float:
        """The smallest of the newest ``window_size`` values."""
        values, _ = self._window(window_size)
        if not values:
            raise ValueError("HistoryBuffer is empty: call update() first")
        return min(values)

    def current(self) -> float:
        """The most recently added value."""
        self._materialize()
        if not self._values:
            raise ValueError("HistoryBuffer is empty: call update() first")
        return self._values[-1]

    @property
    def data(self) -> tuple[Any, Any]:
        """``(values, counts)`` as numpy arrays, oldest first (as MMEngine)."""
        import numpy as np

        self._materialize()
        return np.array(self._values), np.array(self._counts)

    # MMEngine's custom statistics read these two arrays directly.
    @property
    def _log_history(self) -> Any:
        return self.data[0]

    @property
    def _count_history(self) -> Any:
        return self.data[1]

    @classmethod
    def register_statistics(cls, method: Callable) -> Callable:
        """Register ``method(self, *args)`` as the statistic ``method.__name__``.

        Usable as a decorator; a name can be registered only once.
        """
        name = method.__name__
        if name in cls._statistics_methods:
            raise KeyError(f"statistics method {name!r} is already registered")
        cls._statistics_methods[name] = method
        return method

    def statistics(self, method_name: str, *args: Any, **kwargs: Any) -> Any:
        """Call the statistic registered as ``method_name`` on this buffer."""
        method = self._statistics_methods.get(method_name)
        if method is None:
            raise KeyError(
                f"{method_name!r} is not a registered HistoryBuffer statistic; "
                f"known: {sorted(self._statistics_methods)}"
            )
        return method(self, *args, **kwargs)

    # ----------------------------------------------------------- serialisation
    def state_dict(self) -> dict:
        """``log_history`` and ``count_history`` as 1-d CPU tensors (int64
        when every entry is an int, else float64, which holds python floats
        exactly), and ``max_length``; converts pending tensors.

        Tensors, not lists: a checkpoint stores a tensor's bytes in one
        piece, where ``torch.save`` handles a list one number at a time (a
        million-entry history took seconds per checkpoint).
        """
        self._materialize()
        return {
            "log_history": _history_tensor(self._values),
            "count_history": _history_tensor(self._counts),
            "max_length": self.max_length,
        }

    @classmethod
    def from_state_dict(cls, state: dict) -> HistoryBuffer:
        """Rebuild a buffer from :meth:`state_dict` output."""
        missing = {"log_history", "count_history"} - set(state)
        if missing:
            raise KeyError(
                f"HistoryBuffer state is missing {sorted(missing)}; got keys "
                f"{sorted(state)}"
            )
        return cls(
            state["log_history"],
            state["count_history"],
            state.get("max_length", 1_000_000),
        )

    def __getstate__(self) -> dict:
        return self.state_dict()

    def __setstate__(self, state: dict) -> None:
        self.__init__(  # type: ignore[misc]
            state["log_history"], state["count_history"], state["max_length"]
        )

    def __repr__(self) -> str:
        entries = len(self._counts)
        return f"{type(self).__name__}(entries={entries}, max_length={self.max_length})"


_PLAIN_NUMBERS = frozenset({int, float})
_INT = frozenset({int})


def _all_numbers(items: Sequence) -> bool:
    """Whether every item is a python int or float (not bool)."""
    return _PLAIN_NUMBERS.issuperset(map(type, items))


def _history_tensor(items: Sequence) -> Any:
    """``items`` (python numbers) as a 1-d CPU tensor: int64 when every item
    is an int that fits, else float64."""
    import torch

    items = list(items)
    if items and _INT.issuperset(map(type, items)):
        try:
            return torch.tensor(items, dtype=torch.int64)
        except (OverflowError, RuntimeError):
            pass
    return torch.tensor(items, dtype=torch.float64)
