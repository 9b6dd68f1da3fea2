"""File format handlers for ``load``/``dump`` (``mmengine.fileio.handlers``).

``file_handlers`` maps a format name (a file extension) to a handler
instance; ``register_handler`` adds formats.

Differences from MMEngine, on purpose:

- YAML is read with a *safe* loader (PyYAML's ``SafeLoader``, C version
  when available) that also accepts ``!!python/tuple``, the one Python tag
  ``dump`` writes for plain data. MMEngine reads with PyYAML's full
  ``Loader``, which builds arbitrary Python objects named in the file. Pass
  ``Loader=yaml.Loader`` to ``load`` to get that behaviour back.
- ``yaml`` is imported on first use, not when ``mmcompat.fileio`` is.

Pickle is loaded with ``pickle.load``: only load pickle files you (or
someone you trust) wrote; unpickling runs code named in the file. ``load``
never picks the pickle handler by itself for a file without a ``.pkl`` /
``.pickle`` extension.
"""

from __future__ import annotations

import json
import pickle
from abc import ABCMeta, abstractmethod
from typing import IO, Any, Callable


class BaseFileHandler(metaclass=ABCMeta):
    """Reads and writes one serialisation format.

    ``str_like`` says whether the format is text (file objects in text
    mode) or binary.
    """

    str_like = True

    @abstractmethod
    def load_from_fileobj(self, file: IO, **kwargs: Any) -> Any: ...

    @abstractmethod
    def dump_to_fileobj(self, obj: Any, file: IO, **kwargs: Any) -> None: ...

    @abstractmethod
    def dump_to_str(self, obj: Any, **kwargs: Any) -> str | bytes: ...

    def load_from_path(self, filepath: str, mode: str = "r", **kwargs: Any) -> Any:
        with open(filepath, mode) as f:
            return self.load_from_fileobj(f, **kwargs)

    def dump_to_path(
        self, obj: Any, filepath: str, mode: str = "w", **kwargs: Any
    ) -> None:
        with open(filepath, mode) as f:
            self.dump_to_fileobj(obj, f, **kwargs)


def set_default(obj: Any) -> Any:
    """``json`` fallback: sets and ranges become lists, numpy arrays and
    numpy scalars become Python lists and numbers (as MMEngine)."""
    if isinstance(obj, (set, range)):
        return list(obj)
    # numpy without importing it: arrays have tolist(), numpy scalars item()
    module = type(obj).__module__
    if module == "numpy":
        if hasattr(obj, "tolist") and hasattr(obj, "shape") and obj.shape != ():
            return obj.tolist()
        return obj.item()
    raise TypeError(f"{type(obj)} is unsupported for json dump")


class JsonHandler(BaseFileHandler):
    def load_from_fileobj(self, file: IO, **kwargs: Any) -> Any:
        return json.load(file, **kwargs)

    def dump_to_fileobj(self, obj: Any, file: IO, **kwargs: Any) -> None:
        kwargs.setdefault("default", set_default)
        json.dump(obj, file, **kwargs)

    def dump_to_str(self, obj: Any, **kwargs: Any) -> str:
        kwargs.setdefault("default", set_default)
        return json.dumps(obj, **kwargs)


_yaml_classes: tuple[type, type] | None = None


def _yaml_loader_dumper() -> tuple[type, type]:
    """(safe loader that also reads ``!!python/tuple``, MMEngine's dumper)."""
    global _yaml_classes
    if _yaml_classes is None:
        import yaml

        safe = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        dumper = getattr(yaml, "CDumper", yaml.Dumper)

        class TupleSafeLoader(safe):  # type: ignore[misc, valid-type]
            pass

        TupleSafeLoader.add_constructor(
            "tag:yaml.org,2002:python/tuple",
            lambda loader, node: tuple(loader.construct_sequence(node)),
        )
        _yaml_classes = (TupleSafeLoader, dumper)
    return _yaml_classes


class YamlHandler(BaseFileHandler):
    def load_from_fileobj(self, file: IO, **kwargs: Any) -> Any:
        import yaml

        kwargs.setdefault("Loader", _yaml_loader_dumper()[0])
        return yaml.load(file, **kwargs)

    def dump_to_fileobj(self, obj: Any, file: IO, **kwargs: Any) -> None:
        import yaml

        kwargs.setdefault("Dumper", _yaml_loader_dumper()[1])
        yaml.dump(obj, file, **kwargs)

    def dump_to_str(self, obj: Any, **kwargs: Any) -> str:
        import yaml

        kwargs.setdefault("Dumper", _yaml_loader_dumper()[1])
        return yaml.dump(obj, **kwargs)


class PickleHandler(BaseFileHandler):
    """Binary pickle, protocol 2 by default (MMEngine's choice, readable by
    every Python 3)."""

    str_like = False

    def load_from_fileobj(self, file: IO, **kwargs: Any) -> Any:
        return pickle.load(file, **kwargs)  # noqa: S301 - the user's own file

    def load_from_path(self, filepath: str, **kwargs: Any) -> Any:
        return super().load_from_path(filepath, mode="rb", **kwargs)

    def dump_to_str(self, obj: Any, **kwargs: Any) -> bytes:
        kwargs.setdefault("protocol", 2)
        return pickle.dumps(obj, **kwargs)

    def dump_to_fileobj(self, obj: Any, file: IO, **kwargs: Any) -> None:
        kwargs.setdefault("protocol", 2)
        pickle.dump(obj, file, **kwargs)

    def dump_to_path(self, obj: Any, filepath: str, **kwargs: Any) -> None:
        super().dump_to_path(obj, filepath, mode="wb", **kwargs)


file_handlers: dict[str, BaseFileHandler] = {
    "json": JsonHandler(),
    "yaml": YamlHandler(),
    "yml": YamlHandler(),
    "pickle": PickleHandler(),
    "pkl": PickleHandler(),
}


def _register_handler(handler: BaseFileHandler, file_formats: str | list[str]) -> None:
    if not isinstance(handler, BaseFileHandler):
        raise TypeError(
            f"handler must be a child of BaseFileHandler, not {type(handler)}"
        )
    if isinstance(file_formats, str):
        file_formats = [file_formats]
    if not (
        isinstance(file_formats, list) and all(isinstance(f, str) for f in file_formats)
    ):
        raise TypeError("file_formats must be a str or a list of str")
    for ext in file_formats:
        file_handlers[ext] = handler


def register_handler(
    file_formats: str | list[str], **kwargs: Any
) -> Callable[[type], type]:
    """Class decorator: instantiate the handler (with ``kwargs``) and use
    it for ``file_formats``."""

    def wrap(cls: type) -> type:
        _register_handler(cls(**kwargs), file_formats)
        return cls

    return wrap
