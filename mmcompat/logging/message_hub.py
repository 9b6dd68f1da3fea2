"""``MessageHub``: the named global through which components share logs.

MMEngine names and semantics: *scalars* (losses, lr, times) accumulate in
:class:`HistoryBuffer` objects; *runtime info* (epoch, iter, metadata) is
overwritten on each update; every key carries a ``resumed`` flag that decides
whether :meth:`MessageHub.state_dict` saves it.

Differences from MMEngine 0.10.7, on purpose:

- ``update_scalar`` never synchronises with the device: tensors are stored
  detached and converted when a statistic is read (MMEngine calls ``.item()``
  on every update, three times per training iteration).
- ``state_dict`` holds only plain containers, python numbers, strings and
  tensors, so a checkpoint loads with ``torch.load(weights_only=True)``
  (MMEngine pickles ``HistoryBuffer`` objects, which that refuses).
"""

from __future__ import annotations

import copy
import logging
from collections import OrderedDict
from typing import Any

from mmcompat.utils import ManagerMixin

from .history_buffer import HistoryBuffer, _is_numpy, _is_tensor
from .logger import print_log

_PLAIN_ATOMS = (bool, int, float, complex, str, bytes)


class _NotPlain(Exception):
    """A runtime-info value that a weights-only checkpoint cannot hold."""


def _to_plain(value: Any) -> Any:
    """A copy of ``value`` made of types ``torch.load(weights_only=True)`` accepts.

    numpy scalars and arrays become python numbers and lists, dict/list/tuple
    subclasses (``ConfigDict``, named tuples) become the plain type, tensors
    are detached copies. Raises ``_NotPlain`` for anything else.
    """
    if value is None or type(value) in _PLAIN_ATOMS:
        return value
    if _is_numpy(value) and hasattr(value, "tolist"):
        return value.tolist()  # numpy scalars and arrays
    for atom in _PLAIN_ATOMS:  # subclasses: IntEnum, str subclasses, ...
        if isinstance(value, atom):
            return atom(value)
    if _is_tensor(value):
        return value.detach().clone()
    if isinstance(value, dict):
        return {_to_plain(k): _to_plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_to_plain(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_to_plain(v) for v in value)
    if isinstance(value, (set, frozenset)):
        return {_to_plain(v) for v in value}
    type_name = f"{type(value).__module__}.{type(value).__qualname__}"
    if type_name in ("torch.dtype", "torch.device"):
        return value
    raise _NotPlain(type_name)


class MessageHub(ManagerMixin):
    """Scalars and runtime information shared by the runner, hooks and models.

    Create or fetch with ``MessageHub.get_instance(name)``; the most recent is
    ``MessageHub.get_current_instance()`` (a hub named ``'mmcompat'`` is
    created if there is none).

    Args:
        name: the instance name.
        log_scalars: initial ``{key: HistoryBuffer}``.
        runtime_info: initial ``{key: value}``.
        resumed_keys: ``{key: bool}``; whether each key is saved by
            :meth:`state_dict`. Keys must be in ``log_scalars`` or
            ``runtime_info``.
    """

    def __init__(
        self,
        name: str,
        log_scalars: dict | None = None,
        runtime_info: dict | None = None,
        resumed_keys: dict | None = None,
    ) -> None:
        super().__init__(name)
        self._log_scalars: OrderedDict = self._parse_input("log_scalars", log_scalars)
        self._runtime_info: OrderedDict = self._parse_input(
            "runtime_info", runtime_info
        )
        self._resumed_keys: OrderedDict = self._parse_input(
            "resumed_keys", resumed_keys
        )
        for key, value in self._log_scalars.items():
            if not isinstance(value, HistoryBuffer):
                raise TypeError(
                    f"log_scalars[{key!r}] must be a HistoryBuffer, got "
                    f"{type(value).__name__}"
                )
        for key in self._resumed_keys:
            if key not in self._log_scalars and key not in self._runtime_info:
                raise KeyError(
                    f"resumed_keys has {key!r}, which is in neither log_scalars "
                    "nor runtime_info"
                )

    @classmethod
    def get_current_instance(cls) -> MessageHub:
        """The most recently created hub; creates one named 'mmcompat' if none."""
        if not cls._instance_dict:
            cls.get_instance("mmcompat")
        return super().get_current_instance()

    # ----------------------------------------------------------------- scalars
    def update_scalar(
        self, key: str, value: Any, count: int = 1, resumed: bool = True
    ) -> None:
        """Append ``value`` (weight ``count``) to the history of ``key``.

        ``value`` may be a number, a numpy scalar or a one-element tensor,
        which is stored detached and unconverted: no host-device sync here.
        ``resumed`` must be the same every time a key is updated.
        """
        known = self._resumed_keys.get(key)
        if known is None:
            self._resumed_keys[key] = resumed
        elif known != resumed:
            self._resumed_flag_error(key, known, resumed)
        if not isinstance(count, int):
            raise TypeError(
                f"count of {key!r} must be an int, got {type(count).__name__}: "
                f"{count!r}"
            )
        buffer = self._log_scalars.get(key)
        if buffer is None:
            buffer = self._log_scalars[key] = HistoryBuffer()
        buffer.update(value, count)

    def update_scalars(self, log_dict: dict, resumed: bool = True) -> None:
        """``update_scalar`` for each item; a value may be ``dict(value=, count=)``.

        A tensor ``count`` is converted with ``int()`` (a sync, as MMEngine).
        """
        if not isinstance(log_dict, dict):
            raise TypeError(f"log_dict must be a dict, got {type(log_dict).__name__}")
        for key, item in log_dict.items():
            if isinstance(item, dict):
                if "value" not in item:
                    raise KeyError(
                        f"log_dict[{key!r}] is a dict, so it needs a 'value' key; "
                        f"got keys {sorted(item)}"
                    )
                count = item.get("count", 1)
                if not isinstance(count, int):
                    if _is_tensor(count) or _is_numpy(count):
                        count = int(count.item())
                self.update_scalar(key, item["value"], count, resumed)
            else:
                self.update_scalar(key, item, 1, resumed)

    def get_scalar(self, key: str) -> HistoryBuffer:
        """The :class:`HistoryBuffer` of ``key`` (a reference, not a copy)."""
        buffer = self._log_scalars.get(key)
        if buffer is None:
            raise KeyError(
                f"{key!r} is not found in MessageHub {self.instance_name!r}; "
                f"logged scalars: {list(self._log_scalars)}"
            )
        return buffer

    @property
    def log_scalars(self) -> OrderedDict:
        """All ``{key: HistoryBuffer}`` (the live dict)."""
        return self._log_scalars

    # ------------------------------------------------------------ runtime info
    def update_info(self, key: str, value: Any, resumed: bool = True) -> None:
        """Set runtime information ``key`` to ``value`` (overwriting)."""
        known = self._resumed_keys.get(key)
        if known is None:
            self._resumed_keys[key] = resumed
        elif known != resumed:
            self._resumed_flag_error(key, known, resumed)
        self._runtime_info[key] = value

    def update_info_dict(self, info_dict: dict, resumed: bool = True) -> None:
        """``update_info`` for each item of ``info_dict``."""
        if not isinstance(info_dict, dict):
            raise TypeError(f"info_dict must be a dict, got {type(info_dict).__name__}")
        for key, value in info_dict.items():
            self.update_info(key, value, resumed=resumed)

    def get_info(self, key: str, default: Any = None) -> Any:
        """Runtime information ``key`` (a reference), or ``default``."""
        return self._runtime_info.get(key, default)

    def pop_info(self, key: str, default: Any = None) -> Any:
        """Remove and return runtime information ``key``, or ``default``."""
        return self._runtime_info.pop(key, default)

    @property
    def runtime_info(self) -> OrderedDict:
        """All runtime information (the live dict)."""
        return self._runtime_info

    def _resumed_flag_error(self, key: str, known: bool, resumed: bool) -> None:
        raise ValueError(
            f"{key!r} was registered with resumed={known}, got resumed={resumed} "
            "now; the resumed flag of a key cannot change"
        )

    # ----------------------------------------------------------- serialisation
    def state_dict(self) -> dict:
        """The resumable keys, as plain containers, numbers and tensors.

        Scalar histories become ``{'log_history': [...], 'count_history':
        [...], 'max_length': n}`` (pending tensors are converted: one sync per
        buffer). Runtime info is copied into plain types; a value that cannot
        be (an arbitrary object) is skipped with a warning naming the key.
        """
        saved_scalars: dict = {}
        for key, buffer in self._log_scalars.items():
            if self._resumed_keys.get(key, False):
                saved_scalars[key] = buffer.state_dict()
        saved_info: dict = {}
        resumed_keys = dict(self._resumed_keys)
        for key, value in self._runtime_info.items():
            if not self._resumed_keys.get(key, False):
                continue
            try:
                saved_info[key] = _to_plain(value)
            except _NotPlain as exc:
                del resumed_keys[key]
                print_log(
                    f"MessageHub runtime info {key!r} holds a {exc} (not a plain "
                    "container, number, string or tensor); it is not saved",
                    logger="current",
                    level=logging.WARNING,
                )
        return {
            "log_scalars": saved_scalars,
            "runtime_info": saved_info,
            "resumed_keys": resumed_keys,
        }

    def load_state_dict(self, state_dict: dict | MessageHub) -> None:
        """Load the output of :meth:`state_dict` (or copy another hub).

        Scalar histories may be given as our plain dicts or as
        ``HistoryBuffer``-like objects (anything with MMEngine's
        ``_log_history`` / ``_count_history`` arrays).
        """
        if isinstance(state_dict, MessageHub):
            self._log_scalars = copy.deepcopy(state_dict._log_scalars)
            self._runtime_info = copy.deepcopy(state_dict._runtime_info)
            self._resumed_keys = copy.deepcopy(state_dict._resumed_keys)
            return
        if not isinstance(state_dict, dict):
            raise TypeError(
                "MessageHub.load_state_dict expects a dict or a MessageHub, got "
                f"{type(state_dict).__name__}"
            )
        missing = [
            k
            for k in ("log_scalars", "runtime_info", "resumed_keys")
            if k not in state_dict
        ]
        if missing:
            raise KeyError(
                f"MessageHub state dict is missing {missing}; got keys "
                f"{sorted(state_dict)}"
            )
        for key, value in state_dict["log_scalars"].items():
            buffer = self._buffer_from_state(value)
            if buffer is None:
                print_log(
                    f"MessageHub scalar {key!r} in the state dict is a "
                    f"{type(value).__name__}, not a history; it is skipped",
                    logger="current",
                    level=logging.WARNING,
                )
                continue
            self._log_scalars[key] = buffer
        for key, value in state_dict["runtime_info"].items():
            try:
                self._runtime_info[key] = copy.deepcopy(value)
            except Exception:  # noqa: BLE001 - keep the reference, as MMEngine
                self._runtime_info[key] = value
        for key, resumed in state_dict["resumed_keys"].items():
            if key not in self._log_scalars and key not in self._runtime_info:
                if not resumed:  # never saved, so its absence is expected
                    continue
                print_log(
                    f"resumed key {key!r} is in neither the scalars nor the "
                    "runtime info of the state dict; it is skipped",
                    logger="current",
                    level=logging.WARNING,
                )
                continue
            self._resumed_keys[key] = resumed

    @staticmethod
    def _buffer_from_state(value: Any) -> HistoryBuffer | None:
        if isinstance(value, HistoryBuffer):
            return copy.deepcopy(value)
        if isinstance(value, dict) and "log_history" in value:
            return HistoryBuffer.from_state_dict(value)
        if hasattr(value, "_log_history") and hasattr(value, "_count_history"):
            return HistoryBuffer(
                list(value._log_history),
                list(value._count_history),
                getattr(value, "max_length", 1_000_000),
            )
        return None

    @staticmethod
    def _parse_input(name: str, value: Any) -> OrderedDict:
        if value is None:
            return OrderedDict()
        if isinstance(value, dict):
            return OrderedDict(value)
        raise TypeError(f"{name} must be a dict or None, got {type(value).__name__}")
