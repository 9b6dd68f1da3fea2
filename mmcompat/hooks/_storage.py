"""Checks shared by the hooks that write files (CheckpointHook, LoggerHook):
only the local file system is supported."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Optional, Union


def check_local_out_dir(hook: str, out_dir: Optional[Union[str, Path]]) -> None:
    """Reject a remote ``out_dir`` (``s3://...``)."""
    if out_dir is not None and "://" in str(out_dir):
        raise ValueError(
            f"{hook}: out_dir {str(out_dir)!r} is a remote URI; only local "
            "directories are supported"
        )


def check_ignored_backend_args(
    hook: str,
    file_client_args: Optional[dict],
    backend_args: Optional[dict],
    effect: str,
) -> None:
    """MMEngine's rule that the two cannot both be set; either one is
    accepted with a warning that it is ignored (``effect`` says what happens
    instead). The warning points at the code that built the hook."""
    if file_client_args is not None and backend_args is not None:
        raise ValueError(
            f'{hook}: "file_client_args" and "backend_args" cannot both be set'
        )
    if file_client_args is not None or backend_args is not None:
        warnings.warn(
            f"{hook}: file_client_args/backend_args are ignored; {effect}",
            stacklevel=3,
        )
