"""MMCV 1.x's small helpers (``mmcv.utils`` / ``mmcv.runner``) with their
legacy signatures: logger, time and host strings, type checks, seeding."""

from __future__ import annotations

import logging
import os
import os.path as osp
import time
from collections.abc import Sequence
from typing import Any, Optional

__all__ = [
    "get_logger",
    "get_time_str",
    "get_host_info",
    "mkdir_or_exist",
    "is_str",
    "is_seq_of",
    "is_list_of",
    "is_tuple_of",
    "set_random_seed",
]


def get_logger(
    name: str,
    log_file: Optional[str] = None,
    log_level: int = logging.INFO,
    file_mode: str = "w",
) -> logging.Logger:
    """``mmcv.utils.get_logger``: a named logger, console + file (rank 0),
    in MMCV's format (``2026-01-01 12:00:00,000 - name - INFO - message``)."""
    from mmcompat.logging import MMLogger

    if MMLogger.check_instance_created(name):
        return MMLogger.get_instance(name)
    logger = MMLogger.get_instance(
        name,
        logger_name=name,
        log_file=log_file,
        log_level=log_level,
        file_mode=file_mode,
    )
    mmcv_format = logging.Formatter(
        "%(asctime)s - %(name)s - %(levelname)s - %(message)s"
    )
    for handler in logger.handlers:
        handler.setFormatter(mmcv_format)
    return logger


def get_time_str() -> str:
    return time.strftime("%Y%m%d_%H%M%S", time.localtime())


def get_host_info() -> str:
    import getpass
    import socket

    try:
        return f"{getpass.getuser()}@{socket.gethostname()}"
    except Exception:  # no user name in some containers
        return socket.gethostname()


def mkdir_or_exist(dir_name: str, mode: int = 0o777) -> None:
    if dir_name == "":
        return
    os.makedirs(osp.expanduser(dir_name), mode=mode, exist_ok=True)


def is_str(x: Any) -> bool:
    return isinstance(x, str)


def is_seq_of(seq: Any, expected_type: Any, seq_type: Any = None) -> bool:
    exp_seq_type = Sequence if seq_type is None else seq_type
    if not isinstance(seq, exp_seq_type):
        return False
    return all(isinstance(item, expected_type) for item in seq)


def is_list_of(seq: Any, expected_type: Any) -> bool:
    return is_seq_of(seq, expected_type, seq_type=list)


def is_tuple_of(seq: Any, expected_type: Any) -> bool:
    return is_seq_of(seq, expected_type, seq_type=tuple)


def set_random_seed(
    seed: int, deterministic: bool = False, use_rank_shift: bool = False
) -> None:
    """``mmcv.runner.set_random_seed`` (``use_rank_shift``: seed + rank)."""
    from mmcompat.runner import set_random_seed as _set

    _set(seed=seed, deterministic=deterministic, diff_rank_seed=use_rank_shift)
