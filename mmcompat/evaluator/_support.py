"""Collectives and logging used by the metrics.

They come from ``mmcompat.dist`` and ``mmcompat.logging``; when those are not
importable (a trimmed build) the single-process behaviour is used, and a
distributed run fails loudly instead of computing metrics on one shard.
"""

from __future__ import annotations

import logging
from typing import Any


def _distributed() -> bool:
    import torch.distributed as dist

    return dist.is_available() and dist.is_initialized()


def collect_results(
    results: list, size: int, device: str = "cpu", tmpdir: str | None = None
) -> list | None:
    try:
        from mmcompat.dist import collect_results as _collect
    except ImportError:
        if _distributed():
            raise RuntimeError(
                "collecting results across ranks needs mmcompat.dist"
            ) from None
        return results[:size]
    return _collect(results, size, device, tmpdir=tmpdir)


def broadcast_object_list(data: list, src: int = 0) -> None:
    try:
        from mmcompat.dist import broadcast_object_list as _broadcast
    except ImportError:
        if _distributed():
            raise RuntimeError("broadcasting metrics needs mmcompat.dist") from None
        return
    _broadcast(data, src)


def is_main_process() -> bool:
    try:
        from mmcompat.dist import is_main_process as _is_main
    except ImportError:
        return (
            not _distributed()
            or __import__("torch.distributed").distributed.get_rank() == 0
        )
    return _is_main()


def print_log(msg: str, logger: Any = "current", level: int = logging.INFO) -> None:
    try:
        from mmcompat.logging import print_log as _print_log
    except ImportError:
        logging.getLogger("mmcompat").log(level, msg)
        return
    _print_log(msg, logger=logger, level=level)
