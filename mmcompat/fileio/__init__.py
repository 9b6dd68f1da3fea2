"""File I/O with MMEngine 0.10.7's ``mmengine.fileio`` names, local files only.

``load``/``dump`` read and write json, yaml (yml) and pickle (pkl) from
paths or file objects; the path functions (``get_text``, ``exists``,
``list_dir_or_file``, ...) go through a storage backend chosen by the URI
prefix. Only ``LocalBackend`` is shipped: ``s3://``, ``http://`` and the
other remote backends raise a ``ValueError`` that says so (register your own
with ``register_backend``). See ``handlers`` for the YAML/pickle notes.
"""

from __future__ import annotations

from .backends import (
    BaseStorageBackend,
    LocalBackend,
    get_file_backend,
    register_backend,
)
from .file_client import FileClient, HardDiskBackend
from .handlers import (
    BaseFileHandler,
    JsonHandler,
    PickleHandler,
    YamlHandler,
    file_handlers,
    register_handler,
)
from .io import (
    copy_if_symlink_fails,
    copyfile,
    copyfile_from_local,
    copyfile_to_local,
    copytree,
    copytree_from_local,
    copytree_to_local,
    dump,
    exists,
    get,
    get_local_path,
    get_text,
    isdir,
    isfile,
    join_path,
    list_dir_or_file,
    load,
    put,
    put_text,
    remove,
    rmtree,
)
from .parse import dict_from_file, list_from_file

__all__ = [
    "BaseFileHandler",
    "BaseStorageBackend",
    "FileClient",
    "HardDiskBackend",
    "JsonHandler",
    "LocalBackend",
    "PickleHandler",
    "YamlHandler",
    "copy_if_symlink_fails",
    "copyfile",
    "copyfile_from_local",
    "copyfile_to_local",
    "copytree",
    "copytree_from_local",
    "copytree_to_local",
    "dict_from_file",
    "dump",
    "exists",
    "file_handlers",
    "get",
    "get_file_backend",
    "get_local_path",
    "get_text",
    "isdir",
    "isfile",
    "join_path",
    "list_dir_or_file",
    "list_from_file",
    "load",
    "put",
    "put_text",
    "register_backend",
    "register_handler",
    "remove",
    "rmtree",
]
