"""``MMLogger`` and ``print_log`` (MMEngine names and behaviour).

- The console handler writes to ``sys.stdout``; on ranks other than 0 it lets
  only ERROR and above through.
- With ``log_file``, rank 0 writes that file. Other ranks write their own file
  only when ``distributed=True`` or the level is DEBUG, named
  ``<stem>_<user>@<host>_device<id>_rank<rank><suffix>`` next to it (every
  rank's file gets that name then, as in MMEngine).
- Records look like ``04/05 10:11:12 - mmcompat - INFO - message``; errors
  add ``pathname - funcName - lineno``. A repeated WARNING message is shown
  once per handler.
- ``MMLogger`` instances are not registered in ``logging``'s manager, so
  third-party logging configuration does not touch them.

Better than MMEngine: colours are used only when the console is a terminal
(and ``NO_COLOR`` is unset), so piped logs are clean; the log file's folder
is created if missing. This module never imports torch: the rank is read
from ``torch.distributed`` only when torch is already imported.
"""

from __future__ import annotations

import logging
import os
import os.path as osp
import sys
import warnings
from getpass import getuser
from logging import handlers
from socket import gethostname
from typing import Any

from mmcompat.utils import ManagerMixin

_ANSI_COLOURS = {"ERROR": 31, "WARNING": 33, "INFO": 37, "DEBUG": 32}


def _rank_and_world_size() -> tuple[int, int]:
    """Rank and world size, without importing torch.

    Distributed training cannot be initialised unless torch is imported, so
    when it is not, this is (0, 1).
    """
    torch_dist = sys.modules.get("torch.distributed")
    if (
        torch_dist is not None
        and torch_dist.is_available()
        and torch_dist.is_initialized()
    ):
        return torch_dist.get_rank(), torch_dist.get_world_size()
    return 0, 1


def _device_id() -> int | str:
    """The accelerator index of this process (for per-rank log file names)."""
    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    visible = os.environ.get("CUDA_VISIBLE_DEVICES")
    if not visible:
        return local_rank
    devices = visible.split(",")
    if local_rank >= len(devices):
        return local_rank
    try:
        return int(devices[local_rank])
    except ValueError:  # MIG identifiers are not integers
        return devices[local_rank]


def _host_info() -> str:
    """``user@host``, or '' where that is unavailable (some containers)."""
    try:
        return f"{getuser()}@{gethostname()}"
    except Exception as exc:  # noqa: BLE001 - getuser raises various errors
        warnings.warn(f"Host or user not found: {exc}")
        return ""


class FilterDuplicateWarning(logging.Filter):
    """Let each distinct WARNING message through only once."""

    def __init__(self, name: str = "mmcompat") -> None:
        super().__init__(name)
        self.seen: set = set()

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno != logging.WARNING:
            return True
        if record.msg in self.seen:
            return False
        self.seen.add(record.msg)
        return True


class MMFormatter(logging.Formatter):
    """MMEngine's record layout, with optional ANSI colour on the level name.

    Args:
        color: colour (and underline) the level name.
        blink: also blink INFO and DEBUG (ERROR and WARNING always blink
            when coloured).
        **kwargs: passed to ``logging.Formatter`` (e.g. ``datefmt``).
    """

    def __init__(self, color: bool = True, blink: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if blink and not color:
            raise ValueError("blink is only available when color is True")
        datefmt = kwargs.get("datefmt")
        self._formatters: dict[int, logging.Formatter] = {}
        for level_name, level in (
            ("ERROR", logging.ERROR),
            ("WARNING", logging.WARNING),
            ("INFO", logging.INFO),
            ("DEBUG", logging.DEBUG),
        ):
            prefix = self._get_prefix(
                level_name, color, blink=blink or level >= logging.WARNING
            )
            fmt = f"%(asctime)s - %(name)s - {prefix} - "
            if level == logging.ERROR:
                fmt += "%(pathname)s - %(funcName)s - %(lineno)d - "
            self._formatters[level] = logging.Formatter(fmt + "%(message)s", datefmt)

    @staticmethod
    def _get_prefix(level: str, color: bool, blink: bool = False) -> str:
        if not color:
            return level
        codes = "\033[4m" + ("\033[5m" if blink else "")
        return f"{codes}\033[{_ANSI_COLOURS[level]}m{level}\033[0m"

    def format(self, record: logging.LogRecord) -> str:
        formatter = self._formatters.get(record.levelno)
        if formatter is None:  # custom levels: the plain layout
            return super().format(record)
        return formatter.format(record)


def _use_colour(stream: Any) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # closed stream
        return False


def _level_number(log_level: int | str) -> int:
    if isinstance(log_level, int):
        return log_level
    level = logging.getLevelName(str(log_level).upper())
    if not isinstance(level, int):
        raise ValueError(
            f"log level must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL or an "
            f"int, got {log_level!r}"
        )
    return level


def _file_handler_classes() -> dict[str, type]:
    classes = {"FileHandler": logging.FileHandler}
    for name in dir(handlers):
        obj = getattr(handlers, name)
        if isinstance(obj, type) and issubclass(obj, logging.FileHandler):
            classes[name] = obj
    return classes


class MMLogger(logging.Logger, ManagerMixin):
    """A formatted logger fetched by instance name (``MMLogger.get_instance``).

    Args:
        name: the global instance name.
        logger_name: the ``logging.Logger`` name shown in records.
        log_file: also write records to this file (see the module docstring
            for which ranks write).
        log_level: level of the handlers ('INFO', 'DEBUG', ... or an int).
        file_mode: ``'w'`` (truncate) or ``'a'`` (append).
        distributed: every rank writes its own log file.
        file_handler_cfg: build the file handler from this dict instead:
            ``type`` names a ``logging.handlers`` file handler (e.g.
            ``'RotatingFileHandler'``), the rest are its arguments.
    """

    def __init__(
        self,
        name: str,
        logger_name: str = "mmcompat",
        log_file: str | None = None,
        log_level: int | str = "INFO",
        file_mode: str = "w",
        distributed: bool = False,
        file_handler_cfg: dict | None = None,
    ) -> None:
        logging.Logger.__init__(self, logger_name)
        ManagerMixin.__init__(self, name)
        level = _level_number(log_level)
        rank, world_size = _rank_and_world_size()

        stream_handler = logging.StreamHandler(stream=sys.stdout)
        stream_handler.setFormatter(
            MMFormatter(color=_use_colour(sys.stdout), datefmt="%m/%d %H:%M:%S")
        )
        stream_handler.setLevel(level if rank == 0 else logging.ERROR)
        stream_handler.addFilter(FilterDuplicateWarning(logger_name))
        self.handlers.append(stream_handler)

        if log_file is not None:
            log_file = os.fspath(log_file)
            per_rank = (distributed or level <= logging.DEBUG) and world_size > 1
            if per_rank:
                stem, suffix = osp.splitext(osp.basename(log_file))
                host = _host_info()
                host_part = f"_{host}" if host else ""
                log_file = osp.join(
                    osp.dirname(log_file),
                    f"{stem}{host_part}_device{_device_id()}_rank{rank}{suffix}",
                )
            if rank == 0 or per_rank:
                file_handler = self._build_file_handler(
                    log_file, file_mode, file_handler_cfg
                )
                file_handler.setFormatter(
                    MMFormatter(color=False, datefmt="%Y/%m/%d %H:%M:%S")
                )
                file_handler.setLevel(level)
                file_handler.addFilter(FilterDuplicateWarning(logger_name))
                self.handlers.append(file_handler)
        self._log_file = log_file

    @staticmethod
    def _build_file_handler(
        log_file: str, file_mode: str, file_handler_cfg: dict | None
    ) -> logging.Handler:
        directory = osp.dirname(log_file)
        if directory:
            os.makedirs(directory, exist_ok=True)
        if file_handler_cfg is None:
            return logging.FileHandler(log_file, file_mode)
        cfg = dict(file_handler_cfg)
        if "type" not in cfg:
            raise KeyError(
                "file_handler_cfg needs a 'type' key naming a logging file handler, "
                f"got {cfg}"
            )
        handler_type = cfg.pop("type")
        classes = _file_handler_classes()
        if handler_type not in classes:
            raise ValueError(
                f"file_handler_cfg type {handler_type!r} is not a file handler of "
                f"logging.handlers; choose from {sorted(classes)}"
            )
        cfg.setdefault("filename", log_file)
        return classes[handler_type](**cfg)

    @property
    def log_file(self) -> str | None:
        """The file this rank writes (None if none)."""
        return self._log_file

    @classmethod
    def get_current_instance(cls) -> MMLogger:
        """The most recent logger; creates one named 'mmcompat' if none."""
        if not cls._instance_dict:
            cls.get_instance("mmcompat")
        return super().get_current_instance()

    def callHandlers(self, record: logging.LogRecord) -> None:  # noqa: N802
        # Only this logger's own handlers, never the root logger's: MMEngine
        # does the same so that a library's logging setup cannot duplicate or
        # swallow our records.
        for handler in self.handlers:
            if record.levelno >= handler.level:
                handler.handle(record)

    def setLevel(self, level: int | str) -> None:  # noqa: N802
        # logging.Logger.setLevel clears the caches of loggers known to the
        # logging manager; ours are not, so clear theirs ourselves.
        self.level = logging._checkLevel(level)  # type: ignore[attr-defined]
        for logger in MMLogger._instance_dict.values():
            logger._cache.clear()

    def close(self) -> None:
        """Close and remove the file handlers (the console handler stays)."""
        for handler in list(self.handlers):
            if isinstance(handler, logging.FileHandler):
                handler.close()
                self.handlers.remove(handler)


def print_log(
    msg: Any,
    logger: logging.Logger | str | None = None,
    level: int | str = logging.INFO,
) -> None:
    """Log ``msg`` through ``logger``.

    ``logger`` may be a ``logging.Logger``; ``'current'`` (the latest
    ``MMLogger``); ``'silent'`` (drop the message); the instance name of an
    existing ``MMLogger`` (ValueError if there is none); or None (``print``).
    ``level`` is a ``logging`` level number or name ('WARNING').
    """
    if not isinstance(level, int):
        level = _level_number(level)
    if logger is None:
        print(msg)
    elif isinstance(logger, logging.Logger):
        logger.log(level, msg)
    elif logger == "silent":
        pass
    elif logger == "current":
        MMLogger.get_current_instance().log(level, msg)
    elif isinstance(logger, str):
        if not MMLogger.check_instance_created(logger):
            raise ValueError(f"MMLogger: {logger} has not been created!")
        MMLogger.get_instance(logger).log(level, msg)
    else:
        raise TypeError(
            "logger must be a logging.Logger, an MMLogger instance name, 'silent', "
            f"'current' or None, got {type(logger).__name__}"
        )
