"""Local path helpers (``mmengine.utils.path``)."""

from __future__ import annotations

import os
import os.path as osp
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any


def is_filepath(x: Any) -> bool:
    """Whether ``x`` is a ``str`` or a ``pathlib.Path``."""
    return isinstance(x, (str, Path))


def fopen(filepath: str | Path, *args: Any, **kwargs: Any) -> IO:
    """``open()`` for a ``str`` or ``Path``; anything else is a ValueError."""
    if isinstance(filepath, (str, Path)):
        return open(filepath, *args, **kwargs)
    raise ValueError("`filepath` should be a string or a Path")


def check_file_exist(
    filename: str | Path, msg_tmpl: str = 'file "{}" does not exist'
) -> None:
    """Raise ``FileNotFoundError`` unless ``filename`` is an existing file."""
    if not osp.isfile(filename):
        raise FileNotFoundError(msg_tmpl.format(filename))


def mkdir_or_exist(dir_name: str | Path, mode: int = 0o777) -> None:
    """Create ``dir_name`` and its parents (``~`` expanded); no error if it
    exists. An empty name (``osp.dirname('file.json')``) does nothing."""
    if dir_name == "":
        return
    os.makedirs(osp.expanduser(dir_name), mode=mode, exist_ok=True)


def symlink(
    src: str | Path, dst: str | Path, overwrite: bool = True, **kwargs: Any
) -> None:
    """Create the link ``dst -> src``, replacing an existing ``dst`` (file
    or link) when ``overwrite``."""
    if overwrite and os.path.lexists(dst):
        os.remove(dst)
    os.symlink(src, dst, **kwargs)


def scandir(
    dir_path: str | Path,
    suffix: str | tuple[str, ...] | None = None,
    recursive: bool = False,
    case_sensitive: bool = True,
) -> Iterator[str]:
    """Yield files below ``dir_path`` as paths relative to it.

    Hidden files (a leading ``.``) are skipped; as in MMEngine, hidden
    directories are still entered when ``recursive``. ``suffix`` filters by
    ending (compared lower-cased when not ``case_sensitive``). Order is the
    file system's (``os.scandir``), depth first.
    """
    if not isinstance(dir_path, (str, Path)):
        raise TypeError('"dir_path" must be a string or Path object')
    if suffix is not None and not isinstance(suffix, (str, tuple)):
        raise TypeError('"suffix" must be a string or tuple of strings')
    if suffix is not None and not case_sensitive:
        suffix = (
            suffix.lower()
            if isinstance(suffix, str)
            else tuple(item.lower() for item in suffix)
        )
    root = str(dir_path)

    def walk(directory: str) -> Iterator[str]:
        for entry in os.scandir(directory):
            if not entry.name.startswith(".") and entry.is_file():
                rel_path = osp.relpath(entry.path, root)
                compared = rel_path if case_sensitive else rel_path.lower()
                if suffix is None or compared.endswith(suffix):
                    yield rel_path
            elif recursive and osp.isdir(entry.path):
                yield from walk(entry.path)

    return walk(root)


def find_vcs_root(path: str | Path, markers: tuple[str, ...] = (".git",)) -> str | None:
    """The nearest directory (``path`` itself or a parent) that holds one
    of ``markers``, or None."""
    if osp.isfile(path):
        path = osp.dirname(path)
    previous, current = None, osp.abspath(osp.expanduser(path))
    while current != previous:
        if any(osp.exists(osp.join(current, marker)) for marker in markers):
            return current
        previous, current = current, osp.split(current)[0]
    return None


def is_abs(path: str) -> bool:
    """Absolute for any backend: a local absolute path or an
    ``http://``, ``https://`` or ``s3://`` URI."""
    return osp.isabs(path) or path.startswith(("http://", "https://", "s3://"))
