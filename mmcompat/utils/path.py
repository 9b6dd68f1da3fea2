"""Local path helpers (``mmengine.utils.path``)."""

from __future__ import annotations

import os
import os.path as osp
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, Callable, Union


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


def replace_keeping_mode(tmp: str, target: str) -> None:
    """Rename ``tmp`` over ``target``; an existing ``target`` keeps its mode
    (as ``open(target, 'w')`` would keep it), a new one keeps ``tmp``'s,
    which should be ``0o666`` less the umask (what ``open`` creates)."""
    if osp.exists(target):
        os.chmod(tmp, os.stat(target).st_mode & 0o7777)
    os.replace(tmp, target)


def write_atomic(
    path: str | Path,
    data: Union[bytes, Callable[[IO[bytes]], Any]],
    make_dirs: bool = False,
) -> None:
    """Replace ``path``'s content with ``data`` (bytes, or a function that
    writes into the binary file it is given), never leaving a half-written
    file: the content goes to a temporary file beside the target, which is
    then renamed over it. On any error the temporary file is removed and
    ``path`` keeps its previous content.

    The result is what ``open(path, 'wb')`` would give: a new file gets the
    umask's permissions, an existing one keeps its mode, and writing through
    a symlink replaces the link's target (the link stays). ``make_dirs``
    creates the missing parent folders; otherwise a missing folder is a
    ``FileNotFoundError`` as with ``open``.
    """
    path = os.fspath(path)
    target = osp.realpath(path) if osp.islink(path) else path
    directory = osp.dirname(osp.abspath(target))
    if make_dirs:
        mkdir_or_exist(directory)
    tmp = osp.join(directory, f".{osp.basename(target)}.{uuid.uuid4().hex}.tmp")
    # os.open with 0o666 applies the umask as open() does
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as file:
            if isinstance(data, (bytes, bytearray, memoryview)):
                file.write(data)
            else:
                data(file)
        replace_keeping_mode(tmp, target)
    except BaseException:
        if osp.exists(tmp):
            os.remove(tmp)
        raise
