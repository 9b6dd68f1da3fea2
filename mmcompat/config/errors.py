"""Config errors: one exception family that names the file and the key.

MMEngine raises whatever the loader happened to hit (``SyntaxError``,
``KeyError``, ``TypeError``, ``OSError``, or a bare traceback from deep in
``_file2dict``). mmcompat raises a :class:`ConfigError` instead, whose message
says which file, which key and what was expected. Each concrete error also
subclasses the builtin MMEngine would have raised, so code written against
MMEngine (``except KeyError``) keeps working.
"""

from __future__ import annotations

from typing import Any


def format_key(key: Any) -> str:
    """Render a key path such as ``('data', 'train', 0)`` as ``data.train.0``."""
    if isinstance(key, (tuple, list)):
        return ".".join(str(part) for part in key)
    return str(key)


class ConfigError(ValueError):
    """A config file or config value is not what the loader expects.

    Attributes:
        filename: the config file the problem is in, if known.
        key: the dotted key path the problem is about, if known.
        lineno: the line in ``filename``, if known.
        detail: the problem itself, without the location.
    """

    def __init__(
        self,
        detail: str,
        *,
        filename: str | None = None,
        key: Any = None,
        lineno: int | None = None,
    ) -> None:
        self.detail = detail
        self.filename = filename
        self.key = format_key(key) if key is not None and key != () else None
        self.lineno = lineno
        super().__init__(self._message())

    def _message(self) -> str:
        where = []
        if self.filename:
            where.append(
                f"{self.filename}:{self.lineno}" if self.lineno else self.filename
            )
        if self.key:
            where.append(f"key '{self.key}'")
        prefix = ", ".join(where)
        return f"{prefix}: {self.detail}" if prefix else self.detail

    def __str__(self) -> str:
        # KeyError and SyntaxError format their args specially; the message
        # built in __init__ is already the whole story.
        return self._message()

    def __reduce__(self):
        return (
            _rebuild_error,
            (type(self), self.detail, self.filename, self.key, self.lineno),
        )


def _rebuild_error(cls, detail, filename, key, lineno):
    return cls(detail, filename=filename, key=key, lineno=lineno)


class ConfigSyntaxError(ConfigError, SyntaxError):
    """The file does not parse (Python, JSON or YAML)."""

    def __init__(self, detail: str, **kwargs: Any) -> None:
        super().__init__(detail, **kwargs)
        # SyntaxError.__init__ with one argument leaves its own fields empty;
        # fill the ones tools read.
        self.msg = detail


class ConfigFileNotFoundError(ConfigError, FileNotFoundError):
    """A config file, or a ``_base_`` file it names, does not exist."""


class ConfigKeyError(ConfigError, KeyError):
    """A key is missing, duplicated or reserved."""


class ConfigTypeError(ConfigError, TypeError):
    """A value has the wrong type (e.g. a dict merged onto a list)."""


class ConfigFormatError(ConfigError, OSError):
    """The file extension or format is not one mmcompat reads."""


class ConfigImportError(ConfigError, ImportError):
    """A module listed in ``custom_imports`` failed to import.

    ``module`` is its name; ``__cause__`` the original ``ImportError``.
    """

    module: str | None = None
