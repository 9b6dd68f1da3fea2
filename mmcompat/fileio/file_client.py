"""``FileClient`` and ``HardDiskBackend``: MMEngine's deprecated front end
over the storage backends, kept because MMDet 2.x pipelines build
``FileClient(**file_client_args)`` (``dict(backend='disk')``).

Only the local backend exists (``'disk'``, and ``'local'``); other backend
names or URI prefixes raise a ``ValueError`` naming what is available.
MMEngine logs a deprecation warning on every construction; here it is a
``DeprecationWarning`` (hidden by default), because dataset pipelines build
one per transform.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .backends import BaseStorageBackend, LocalBackend, parse_uri_prefix


class HardDiskBackend(LocalBackend):
    """Deprecated name of ``LocalBackend``."""

    def __init__(self) -> None:
        warnings.warn(
            '"HardDiskBackend" is the alias of "LocalBackend" and will be '
            "removed in the future; use LocalBackend",
            DeprecationWarning,
        )

    @property
    def name(self) -> str:
        return LocalBackend.__name__


class FileClient:
    """A cached backend chosen by name (``backend='disk'``) or URI prefix.

    Constructing with the same arguments returns the same instance.
    """

    _backends: dict[str, type[BaseStorageBackend]] = {
        "disk": HardDiskBackend,
        "local": LocalBackend,
    }
    _prefix_to_backends: dict[str, type[BaseStorageBackend]] = {}
    _instances: dict[str, FileClient] = {}
    client: Any

    def __new__(
        cls, backend: str | None = None, prefix: str | None = None, **kwargs: Any
    ) -> FileClient:
        warnings.warn(
            '"FileClient" will be deprecated in future. Please use the io '
            "functions of mmcompat.fileio (load, dump, get, get_text, ...)",
            DeprecationWarning,
        )
        if backend is None and prefix is None:
            backend = "disk"
        if backend is not None and backend not in cls._backends:
            raise ValueError(
                f"Backend {backend} is not supported. Currently supported ones"
                f" are {list(cls._backends)} (mmcompat reads local files only)"
            )
        if prefix is not None and prefix not in cls._prefix_to_backends:
            raise ValueError(
                f"prefix {prefix} is not supported. Currently supported ones "
                f"are {list(cls._prefix_to_backends)} (mmcompat reads local "
                "files only)"
            )
        key = f"{backend}:{prefix}" + "".join(f":{k}:{v}" for k, v in kwargs.items())
        if key not in cls._instances:
            instance = super().__new__(cls)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                if backend is not None:
                    instance.client = cls._backends[backend](**kwargs)
                else:
                    instance.client = cls._prefix_to_backends[prefix](**kwargs)
            cls._instances[key] = instance
        return cls._instances[key]

    @property
    def name(self) -> str:
        return self.client.name

    @property
    def allow_symlink(self) -> bool:
        return self.client.allow_symlink

    @staticmethod
    def parse_uri_prefix(uri: str | Path) -> str | None:
        """The URI's prefix (``'s3'``), or None for a local path."""
        return parse_uri_prefix(uri) or None

    @classmethod
    def infer_client(
        cls, file_client_args: dict | None = None, uri: str | Path | None = None
    ) -> FileClient:
        """A client from explicit arguments, else from the URI's prefix."""
        if file_client_args is None and uri is None:
            raise ValueError("give file_client_args or uri")
        if file_client_args is None:
            return cls(prefix=cls.parse_uri_prefix(uri))  # type: ignore[arg-type]
        return cls(**file_client_args)

    @classmethod
    def register_backend(
        cls,
        name: str,
        backend: type | None = None,
        force: bool = False,
        prefixes: str | list[str] | None = None,
    ) -> Any:
        """Register a backend class (call or class decorator)."""

        def register(backend_cls: type) -> type:
            if not (
                isinstance(backend_cls, type)
                and issubclass(backend_cls, BaseStorageBackend)
            ):
                raise TypeError(
                    f"backend {backend_cls} is not a subclass of BaseStorageBackend"
                )
            if not force and name in cls._backends:
                raise ValueError(
                    f"{name} is already registered as a storage backend, "
                    'add "force=True" if you want to override it'
                )
            cls._backends[name] = backend_cls
            for prefix in [prefixes] if isinstance(prefixes, str) else prefixes or []:
                if prefix in cls._prefix_to_backends and not force:
                    raise ValueError(f"prefix {prefix} is already registered")
                cls._prefix_to_backends[prefix] = backend_cls
            # instances built on an overridden backend must be rebuilt
            for key in [
                k for k, v in cls._instances.items() if type(v.client) is backend_cls
            ]:
                del cls._instances[key]
            return backend_cls

        if backend is not None:
            register(backend)
            return None
        return register

    def get(self, filepath: str | Path) -> bytes:
        return self.client.get(filepath)

    def get_text(self, filepath: str | Path, encoding: str = "utf-8") -> str:
        return self.client.get_text(filepath, encoding)

    def put(self, obj: bytes, filepath: str | Path) -> None:
        self.client.put(obj, filepath)

    def put_text(self, obj: str, filepath: str | Path) -> None:
        self.client.put_text(obj, filepath)

    def remove(self, filepath: str | Path) -> None:
        self.client.remove(filepath)

    def exists(self, filepath: str | Path) -> bool:
        return self.client.exists(filepath)

    def isdir(self, filepath: str | Path) -> bool:
        return self.client.isdir(filepath)

    def isfile(self, filepath: str | Path) -> bool:
        return self.client.isfile(filepath)

    def join_path(self, filepath: str | Path, *filepaths: str | Path) -> str:
        return self.client.join_path(filepath, *filepaths)

    @contextmanager
    def get_local_path(self, filepath: str | Path) -> Iterator[str | Path]:
        with self.client.get_local_path(str(filepath)) as path:
            yield path

    def list_dir_or_file(
        self,
        dir_path: str | Path,
        list_dir: bool = True,
        list_file: bool = True,
        suffix: str | tuple[str, ...] | None = None,
        recursive: bool = False,
    ) -> Iterator[str]:
        return self.client.list_dir_or_file(
            dir_path, list_dir, list_file, suffix, recursive
        )
