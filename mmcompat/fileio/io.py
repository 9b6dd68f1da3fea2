"""``load``/``dump`` and the file operations of ``mmengine.fileio.io``.

Each operation finds the backend of its path (``get_file_backend``) and
delegates; with only the local backend that means plain ``os``/``shutil``
calls, and a remote URI raises a clear ``ValueError``.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from io import BytesIO, StringIO
from pathlib import Path
from typing import IO, Any

from .backends import get_file_backend
from .handlers import file_handlers


def _backend(
    path: str | Path,
    backend_args: dict | None,
    file_client_args: dict | None = None,
) -> Any:
    if file_client_args is not None:
        warnings.warn(
            '"file_client_args" will be deprecated in future. '
            'Please use "backend_args" instead',
            DeprecationWarning,
        )
        if backend_args is not None:
            raise ValueError(
                '"file_client_args" and "backend_args" cannot be set at the same time.'
            )
        from .file_client import FileClient

        return FileClient.infer_client(file_client_args, path)
    return get_file_backend(path, backend_args=backend_args, enable_singleton=True)


def get(filepath: str | Path, backend_args: dict | None = None) -> bytes:
    """The bytes of a file."""
    return _backend(filepath, backend_args).get(filepath)


def get_text(
    filepath: str | Path, encoding: str = "utf-8", backend_args: dict | None = None
) -> str:
    """The text of a file."""
    return _backend(filepath, backend_args).get_text(filepath, encoding)


def put(obj: bytes, filepath: str | Path, backend_args: dict | None = None) -> None:
    """Write bytes (atomically; parent directories are created)."""
    _backend(filepath, backend_args).put(obj, filepath)


def put_text(
    obj: str,
    filepath: str | Path,
    encoding: str = "utf-8",
    backend_args: dict | None = None,
) -> None:
    """Write text (atomically; parent directories are created)."""
    _backend(filepath, backend_args).put_text(obj, filepath, encoding)


def exists(filepath: str | Path, backend_args: dict | None = None) -> bool:
    return _backend(filepath, backend_args).exists(filepath)


def isdir(filepath: str | Path, backend_args: dict | None = None) -> bool:
    return _backend(filepath, backend_args).isdir(filepath)


def isfile(filepath: str | Path, backend_args: dict | None = None) -> bool:
    return _backend(filepath, backend_args).isfile(filepath)


def join_path(
    filepath: str | Path, *filepaths: str | Path, backend_args: dict | None = None
) -> str:
    """Join path parts the way the path's backend does (``os.path.join``)."""
    return _backend(filepath, backend_args).join_path(filepath, *filepaths)


@contextmanager
def get_local_path(
    filepath: str | Path, backend_args: dict | None = None
) -> Iterator[str | Path]:
    """A local path to read ``filepath`` from (the path itself when local)."""
    with _backend(filepath, backend_args).get_local_path(str(filepath)) as path:
        yield path


def copyfile(src: str | Path, dst: str | Path, backend_args: dict | None = None) -> str:
    return _backend(src, backend_args).copyfile(src, dst)


def copytree(src: str | Path, dst: str | Path, backend_args: dict | None = None) -> str:
    return _backend(src, backend_args).copytree(src, dst)


def copyfile_from_local(
    src: str | Path, dst: str | Path, backend_args: dict | None = None
) -> str:
    return _backend(dst, backend_args).copyfile_from_local(src, dst)


def copytree_from_local(
    src: str | Path, dst: str | Path, backend_args: dict | None = None
) -> str:
    return _backend(dst, backend_args).copytree_from_local(src, dst)


def copyfile_to_local(
    src: str | Path, dst: str | Path, backend_args: dict | None = None
) -> str:
    return _backend(src, backend_args).copyfile_to_local(src, dst)


def copytree_to_local(
    src: str | Path, dst: str | Path, backend_args: dict | None = None
) -> str:
    return _backend(src, backend_args).copytree_to_local(src, dst)


def remove(filepath: str | Path, backend_args: dict | None = None) -> None:
    _backend(filepath, backend_args).remove(filepath)


def rmtree(dir_path: str | Path, backend_args: dict | None = None) -> None:
    _backend(dir_path, backend_args).rmtree(dir_path)


def copy_if_symlink_fails(
    src: str | Path, dst: str | Path, backend_args: dict | None = None
) -> bool:
    return _backend(src, backend_args).copy_if_symlink_fails(src, dst)


def list_dir_or_file(
    dir_path: str | Path,
    list_dir: bool = True,
    list_file: bool = True,
    suffix: str | tuple[str, ...] | None = None,
    recursive: bool = False,
    backend_args: dict | None = None,
) -> Iterator[str]:
    """Directories and/or files below ``dir_path``, relative to it."""
    return _backend(dir_path, backend_args).list_dir_or_file(
        dir_path, list_dir, list_file, suffix, recursive
    )


def _handler(file_format: str | None) -> Any:
    if file_format not in file_handlers:
        raise TypeError(
            f"Unsupported format: {file_format} (supported: "
            f"{', '.join(sorted(file_handlers))}; pass file_format=...)"
        )
    return file_handlers[file_format]


def load(
    file: str | Path | IO,
    file_format: str | None = None,
    file_client_args: dict | None = None,
    backend_args: dict | None = None,
    **kwargs: Any,
) -> Any:
    """Read a json / yaml (yml) / pickle (pkl) file or file object.

    The format comes from ``file_format`` or else the path's extension
    (everything after the last dot). ``kwargs`` go to the format's reader.
    Pickle runs code named in the file: load only your own pickles.
    """
    if isinstance(file, Path):
        file = str(file)
    if file_format is None and isinstance(file, str):
        file_format = file.split(".")[-1]
    handler = _handler(file_format)
    if isinstance(file, str):
        backend = _backend(file, backend_args, file_client_args)
        if handler.str_like:
            with StringIO(backend.get_text(file)) as f:
                return handler.load_from_fileobj(f, **kwargs)
        with BytesIO(backend.get(file)) as f:
            return handler.load_from_fileobj(f, **kwargs)
    if hasattr(file, "read"):
        return handler.load_from_fileobj(file, **kwargs)
    raise TypeError('"file" must be a filepath str or a file-object')


def dump(
    obj: Any,
    file: str | Path | IO | None = None,
    file_format: str | None = None,
    file_client_args: dict | None = None,
    backend_args: dict | None = None,
    **kwargs: Any,
) -> str | bytes | None:
    """Write ``obj`` as json / yaml / pickle to a path or file object, or
    return it as a ``str`` (``bytes`` for pickle) when ``file`` is None.

    A path is written atomically (temporary file + rename), parent
    directories created. ``kwargs`` go to the format's writer
    (``indent=4`` for json, ``default_flow_style=False`` for yaml...).
    """
    if isinstance(file, Path):
        file = str(file)
    if file_format is None:
        if isinstance(file, str):
            file_format = file.split(".")[-1]
        elif file is None:
            raise ValueError("file_format must be specified since file is None")
    handler = _handler(file_format)
    if file is None:
        return handler.dump_to_str(obj, **kwargs)
    if isinstance(file, str):
        backend = _backend(file, backend_args, file_client_args)
        if handler.str_like:
            with StringIO() as f:
                handler.dump_to_fileobj(obj, f, **kwargs)
                backend.put_text(f.getvalue(), file)
        else:
            with BytesIO() as f:
                handler.dump_to_fileobj(obj, f, **kwargs)
                backend.put(f.getvalue(), file)
        return None
    if hasattr(file, "write"):
        handler.dump_to_fileobj(obj, file, **kwargs)
        return None
    raise TypeError('"file" must be a filename str or a file-object')
