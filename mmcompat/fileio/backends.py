"""Storage backends (``mmengine.fileio.backends``): local files only.

mmcompat ships ``LocalBackend`` (and the deprecated ``HardDiskBackend``
alias of ``file_client``). Remote storage (``s3://``, ``http(s)://``,
petrel, memcached, lmdb) is not provided: a URI with a prefix gets a clear
``ValueError`` naming it, instead of a half-working client. A project that
needs one can subclass ``BaseStorageBackend`` and ``register_backend`` it
(with ``prefixes=...``), exactly as with MMEngine.

Writes (``put``/``put_text``) go to a temporary file beside the target that
is then renamed over it, so a crash never leaves a truncated file (MMEngine
writes in place).
"""

from __future__ import annotations

import os
import os.path as osp
import shutil
from abc import ABCMeta, abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from mmcompat.utils.path import write_atomic


class BaseStorageBackend(metaclass=ABCMeta):
    """A storage backend reads bytes (``get``) and text (``get_text``)."""

    _allow_symlink = False

    @property
    def name(self) -> str:
        return self.__class__.__name__

    @property
    def allow_symlink(self) -> bool:
        return self._allow_symlink

    @abstractmethod
    def get(self, filepath: str | Path) -> bytes: ...

    @abstractmethod
    def get_text(self, filepath: str | Path, encoding: str = "utf-8") -> str: ...


class LocalBackend(BaseStorageBackend):
    """Files on the local file system."""

    _allow_symlink = True

    def get(self, filepath: str | Path) -> bytes:
        with open(filepath, "rb") as f:
            return f.read()

    def get_text(self, filepath: str | Path, encoding: str = "utf-8") -> str:
        with open(filepath, encoding=encoding) as f:
            return f.read()

    def put(self, obj: bytes, filepath: str | Path) -> None:
        """Write bytes, creating missing parent directories."""
        write_atomic(filepath, obj, make_dirs=True)

    def put_text(self, obj: str, filepath: str | Path, encoding: str = "utf-8") -> None:
        """Write text, creating missing parent directories."""
        write_atomic(filepath, obj.encode(encoding), make_dirs=True)

    def exists(self, filepath: str | Path) -> bool:
        return osp.exists(filepath)

    def isdir(self, filepath: str | Path) -> bool:
        return osp.isdir(filepath)

    def isfile(self, filepath: str | Path) -> bool:
        return osp.isfile(filepath)

    def join_path(self, filepath: str | Path, *filepaths: str | Path) -> str:
        return osp.join(filepath, *filepaths)

    @contextmanager
    def get_local_path(self, filepath: str | Path) -> Iterator[str | Path]:
        """The file is already local: yield its path unchanged."""
        yield filepath

    def copyfile(self, src: str | Path, dst: str | Path) -> str:
        """Copy a file (into ``dst`` if it is a directory); returns the
        destination file."""
        return shutil.copy(src, dst)

    def copytree(self, src: str | Path, dst: str | Path) -> str:
        """Copy a directory tree to a new ``dst``; returns ``dst``."""
        return shutil.copytree(src, dst)

    def copyfile_from_local(self, src: str | Path, dst: str | Path) -> str:
        return self.copyfile(src, dst)

    def copytree_from_local(self, src: str | Path, dst: str | Path) -> str:
        return self.copytree(src, dst)

    def copyfile_to_local(self, src: str | Path, dst: str | Path) -> str:
        return self.copyfile(src, dst)

    def copytree_to_local(self, src: str | Path, dst: str | Path) -> str:
        return self.copytree(src, dst)

    def remove(self, filepath: str | Path) -> None:
        """Remove a file (not a directory)."""
        if not self.exists(filepath):
            raise FileNotFoundError(f"filepath {filepath} does not exist")
        if self.isdir(filepath):
            raise IsADirectoryError("filepath should be a file")
        os.remove(filepath)

    def rmtree(self, dir_path: str | Path) -> None:
        shutil.rmtree(dir_path)

    def copy_if_symlink_fails(self, src: str | Path, dst: str | Path) -> bool:
        """Link ``dst -> src``; copy instead where links fail. True if linked."""
        try:
            os.symlink(src, dst)
            return True
        except OSError:
            if self.isfile(src):
                self.copyfile(src, dst)
            else:
                self.copytree(src, dst)
            return False

    def list_dir_or_file(
        self,
        dir_path: str | Path,
        list_dir: bool = True,
        list_file: bool = True,
        suffix: str | tuple[str, ...] | None = None,
        recursive: bool = False,
    ) -> Iterator[str]:
        """Yield directories and/or files below ``dir_path`` (relative to
        it; hidden files skipped; ``suffix`` only without ``list_dir``)."""
        if list_dir and suffix is not None:
            raise TypeError("`suffix` should be None when `list_dir` is True")
        if suffix is not None and not isinstance(suffix, (str, tuple)):
            raise TypeError("`suffix` must be a string or tuple of strings")
        root = dir_path

        def walk(directory: str | Path) -> Iterator[str]:
            for entry in os.scandir(directory):
                if not entry.name.startswith(".") and entry.is_file():
                    rel_path = osp.relpath(entry.path, root)
                    if list_file and (suffix is None or rel_path.endswith(suffix)):
                        yield rel_path
                elif osp.isdir(entry.path):
                    if list_dir:
                        yield osp.relpath(entry.path, root)
                    if recursive:
                        yield from walk(entry.path)

        return walk(dir_path)


backends: dict[str, type[BaseStorageBackend]] = {"local": LocalBackend}
prefix_to_backends: dict[str, type[BaseStorageBackend]] = {"": LocalBackend}
backend_instances: dict[str, BaseStorageBackend] = {}


def _register_backend(
    name: str,
    backend: type,
    force: bool = False,
    prefixes: str | list[str] | tuple[str, ...] | None = None,
) -> None:
    if not isinstance(name, str):
        raise TypeError(f"the backend name should be a string, but got {type(name)}")
    if not isinstance(backend, type) or not issubclass(backend, BaseStorageBackend):
        raise TypeError(f"backend {backend} is not a subclass of BaseStorageBackend")
    if not force and name in backends:
        raise ValueError(
            f"{name} is already registered as a storage backend, "
            'add "force=True" if you want to override it'
        )
    backends[name] = backend
    if prefixes is not None:
        for prefix in [prefixes] if isinstance(prefixes, str) else prefixes:
            if prefix in prefix_to_backends and not force:
                raise ValueError(
                    f"{prefix} is already registered as a storage backend, "
                    'add "force=True" if you want to override it'
                )
            prefix_to_backends[prefix] = backend


def register_backend(
    name: str,
    backend: type | None = None,
    force: bool = False,
    prefixes: str | list[str] | tuple[str, ...] | None = None,
) -> Any:
    """Register a backend class under ``name`` (and URI ``prefixes``);
    usable as a call or as a class decorator."""
    if backend is not None:
        _register_backend(name, backend, force=force, prefixes=prefixes)
        return None

    def wrap(cls: type) -> type:
        _register_backend(name, cls, force=force, prefixes=prefixes)
        return cls

    return wrap


def parse_uri_prefix(uri: str | Path) -> str:
    """``'s3://b/k'`` -> ``'s3'``, ``'cluster:s3://b/k'`` -> ``'s3'``,
    a local path -> ``''``."""
    if not isinstance(uri, (str, Path)):
        raise TypeError(f"uri must be a str or Path, got {type(uri)}")
    uri = str(uri)
    if "://" not in uri:
        return ""
    prefix = uri.split("://", 1)[0]
    return prefix.rsplit(":", 1)[-1]


def _make_backend(prefix: str, backend_args: dict, uri: Any) -> BaseStorageBackend:
    args = dict(backend_args)
    if "backend" in args:
        name = args.pop("backend")
        if name not in backends:
            raise ValueError(
                f"storage backend {name!r} is not available in mmcompat "
                f"(available: {sorted(backends)}); only local files are "
                "supported unless you register_backend() your own"
            )
        return backends[name](**args)
    if prefix not in prefix_to_backends:
        raise ValueError(
            f"{uri}: no storage backend for URIs starting with {prefix}:// "
            "(mmcompat reads local files only; register_backend(..., "
            f"prefixes={prefix!r}) to add one)"
        )
    return prefix_to_backends[prefix](**args)


def get_file_backend(
    uri: str | Path | None = None,
    *,
    backend_args: dict | None = None,
    enable_singleton: bool = False,
) -> BaseStorageBackend:
    """The backend for ``uri`` (by its prefix) or ``backend_args['backend']``.

    With ``enable_singleton`` the same (prefix, args) returns the same
    instance.
    """
    backend_args = {} if backend_args is None else backend_args
    if uri is None and "backend" not in backend_args:
        raise ValueError(
            'uri should not be None when "backend" does not exist in backend_args'
        )
    prefix = "" if uri is None else parse_uri_prefix(uri)
    if not enable_singleton:
        return _make_backend(prefix, backend_args, uri)
    key = f"{prefix}:{sorted(backend_args.items())!r}"
    if key not in backend_instances:
        backend_instances[key] = _make_backend(prefix, backend_args, uri)
    return backend_instances[key]
