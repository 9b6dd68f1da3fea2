"""``Config``: a loaded config file (MMEngine 0.10.7 interface).

``Config`` wraps a :class:`ConfigDict` and remembers where it came from::

    cfg = Config.fromfile('configs/retinanet_r50_fpn_1x_coco.py')
    cfg.model.backbone.depth            # attribute access
    cfg['optimizer']['lr']              # item access
    cfg.merge_from_dict({'optimizer.lr': 0.01, 'train_pipeline.0.type': 'X'})
    cfg.dump('work_dir/config.py')      # .py, .json or .yaml

Loading is done by :mod:`mmcompat.config.loader`; rendering ``.py`` text by
:func:`mmcompat.config.formatting.format_python`. No torch import anywhere.
"""

from __future__ import annotations

import difflib
import importlib
import json
import os
import os.path as osp
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from mmcompat.utils.path import write_atomic

from .config_dict import ConfigDict, to_builtin
from .errors import (
    ConfigError,
    ConfigFormatError,
    ConfigImportError,
    ConfigKeyError,
    ConfigTypeError,
)
from .formatting import format_python
from .loader import SUPPORTED_EXTENSIONS, ConfigYamlDumper, load_file, load_text
from .merge import merge_a_into_b, merge_options

RESERVED_KEYS = ("filename", "text", "pretty_text", "env_variables")

# Attributes Config keeps on itself; everything else is a config key.
_OWN_ATTRIBUTES = frozenset(
    {
        "_cfg_dict",
        "_filename",
        "_text",
        "_env_variables",
        "_format_python_code",
        "_imported_names",
    }
)


def import_modules_from_strings(
    imports: Any, allow_failed_imports: bool = False
) -> Any:
    """Import the modules named in ``custom_imports`` (MMEngine semantics).

    ``imports`` is a module name or a list of names. A failed import raises,
    unless ``allow_failed_imports`` is set: then it warns and yields ``None``.
    """
    if not imports:
        return None
    single = isinstance(imports, str)
    names = [imports] if single else imports
    if not isinstance(names, list):
        raise ConfigTypeError(
            f"custom_imports.imports must be a list of module names, got {type(imports).__name__}",
            key="custom_imports.imports",
        )
    modules = []
    for name in names:
        if not isinstance(name, str):
            raise ConfigTypeError(
                f"custom_imports.imports must hold module names, got {name!r}",
                key="custom_imports.imports",
            )
        try:
            modules.append(importlib.import_module(name))
        except ImportError as exc:
            if not allow_failed_imports:
                missing = getattr(exc, "name", None) or ""
                if missing == name or name.startswith(missing + "."):
                    detail = (
                        f"failed to import custom module {name!r} ({exc}); make "
                        "sure its directory is on sys.path (set PYTHONPATH), or "
                        "set custom_imports.allow_failed_imports=True. sys.path "
                        "is: " + os.pathsep.join(sys.path)
                    )
                else:  # the module was found; something it imports failed
                    detail = (
                        f"custom module {name!r} failed to import: "
                        f"{type(exc).__name__}: {exc}"
                    )
                error = ConfigImportError(detail, key="custom_imports.imports")
                error.module = name
                raise error from exc
            warnings.warn(
                f"{name} failed to import and is ignored.", UserWarning, stacklevel=3
            )
            modules.append(None)
    return modules[0] if single else modules


def run_custom_imports(cfg_dict: dict, filename: str | None) -> None:
    """Import the modules of ``cfg_dict['custom_imports']`` (if any)."""
    custom = cfg_dict.get("custom_imports")
    if not custom:
        return
    if not isinstance(custom, dict):
        raise ConfigTypeError(
            "custom_imports must be dict(imports=[...], allow_failed_imports=False), "
            f"got {type(custom).__name__}",
            filename=filename,
            key="custom_imports",
        )
    unknown = set(custom) - {"imports", "allow_failed_imports"}
    if unknown:
        raise ConfigKeyError(
            f"unknown keys {sorted(unknown)}; expected imports and allow_failed_imports",
            filename=filename,
            key="custom_imports",
        )
    try:
        import_modules_from_strings(**custom)
    except ConfigError as exc:
        exc.filename = filename
        exc.args = (exc._message(),)
        raise


class Config:
    """A config: a :class:`ConfigDict` plus the file it was loaded from.

    Args:
        cfg_dict: the config values (``None`` for an empty config).
        cfg_text: the source text; read from ``filename`` when omitted.
        filename: the file the config came from, if any.
        env_variables: environment variables substituted while loading.
        format_python_code: accepted for MMEngine compatibility; ``.py``
            output is always formatted (by :func:`format_python`, no yapf).
    """

    def __init__(
        self,
        cfg_dict: dict | None = None,
        cfg_text: str | None = None,
        filename: str | Path | None = None,
        env_variables: dict | None = None,
        format_python_code: bool = True,
    ) -> None:
        filename = str(filename) if isinstance(filename, Path) else filename
        if cfg_dict is None:
            cfg_dict = {}
        elif not isinstance(cfg_dict, dict):
            raise ConfigTypeError(
                f"cfg_dict must be a dict, got {type(cfg_dict).__name__}"
            )
        for key in cfg_dict:
            if key in RESERVED_KEYS:
                raise ConfigKeyError(
                    "is reserved for config attributes and cannot be a config key",
                    filename=filename,
                    key=key,
                )
        if not isinstance(cfg_dict, ConfigDict):
            cfg_dict = ConfigDict(cfg_dict)
        if cfg_text:
            text = cfg_text
        elif filename:
            with open(filename, encoding="utf-8") as file:
                text = file.read()
        else:
            text = ""
        set_attr = super().__setattr__
        set_attr("_cfg_dict", cfg_dict)
        set_attr("_filename", filename)
        set_attr("_text", text)
        set_attr("_env_variables", dict(env_variables or {}))
        set_attr("_format_python_code", format_python_code)
        set_attr("_imported_names", set())

    # -- construction -------------------------------------------------------

    @staticmethod
    def fromfile(
        filename: str | Path,
        use_predefined_variables: bool = True,
        import_custom_modules: bool = True,
        use_environment_variables: bool = True,
        lazy_import: bool | None = None,
        format_python_code: bool = True,
    ) -> Config:
        """Load a ``.py``, ``.json`` or ``.yaml``/``.yml`` config file.

        ``_base_`` files are loaded and merged, ``{{_base_.x}}`` and
        ``{{fileDirname}}``-style templates substituted, and the modules in
        ``custom_imports`` imported (when ``import_custom_modules``).
        ``lazy_import=True`` (MMEngine's pure-Python config style) is not
        supported.
        """
        filename = str(filename)
        if lazy_import:
            raise ConfigFormatError(
                "lazy_import (pure-Python style configs) is not supported",
                filename=filename,
            )
        cfg_dict, text, env_variables = load_file(
            filename, use_predefined_variables, use_environment_variables
        )
        if import_custom_modules:
            run_custom_imports(cfg_dict, osp.abspath(filename))
        return Config(
            cfg_dict,
            cfg_text=text,
            filename=filename,
            env_variables=env_variables,
            format_python_code=format_python_code,
        )

    @staticmethod
    def fromstring(cfg_str: str, file_format: str) -> Config:
        """Load a config from text in ``file_format`` (``.py``/``.json``/...).

        Unlike MMEngine (which goes through a temporary file) relative
        ``_base_`` paths resolve from the current directory; ``filename`` of
        the result is ``None``.
        """
        if file_format not in SUPPORTED_EXTENSIONS:
            raise ConfigFormatError(
                f"unsupported file_format {file_format!r}; expected .py, .json, .yaml or .yml"
            )
        if file_format != ".py" and "dict(" in cfg_str:
            warnings.warn(
                'Please check "file_format", the file format may be .py', stacklevel=2
            )
        virtual_name = osp.join(os.getcwd(), f"<string>{file_format}")
        cfg_dict, _, env_variables = load_text(cfg_str, virtual_name)
        run_custom_imports(cfg_dict, virtual_name)
        return Config(cfg_dict, cfg_text=cfg_str, env_variables=env_variables)

    # MMEngine's private static helpers, kept because downstream code calls them.
    _merge_a_into_b = staticmethod(merge_a_into_b)
    _file2dict = staticmethod(load_file)

    # -- properties ----------------------------------------------------------

    @property
    def filename(self) -> str | None:
        """The path the config was loaded from (as given), or ``None``."""
        return self._filename

    @property
    def text(self) -> str:
        """Source text: every file of the ``_base_`` chain, bases first."""
        return self._text

    @property
    def env_variables(self) -> dict:
        """Environment variables substituted by ``{{$NAME:default}}``."""
        return self._env_variables

    @property
    def pretty_text(self) -> str:
        """The config as Python source (see :func:`format_python`)."""
        return format_python(self.to_dict())

    # -- conversion and output ----------------------------------------------

    def to_dict(self, keep_imported: bool = False) -> dict:
        """A plain ``dict`` copy of the config (recursively)."""
        return to_builtin(self._cfg_dict)

    def dump(self, file: str | Path | None = None) -> str | None:
        """Write the config to ``file`` (format from its extension), or return
        it as text in the format of :attr:`filename` (Python when unknown).

        ``.py`` output is :attr:`pretty_text`; ``.json`` turns tuples into
        lists (as MMEngine); ``.yaml`` keeps tuples as ``!!python/tuple``.
        The file is written to a temporary name and renamed, so a failure
        never leaves half a config behind.
        """
        if file is None:
            if self.filename is None or self.filename.endswith(".py"):
                return self.pretty_text
            return _serialize(self.to_dict(), osp.splitext(self.filename)[1])
        file = str(file)
        ext = osp.splitext(file)[1]
        if ext not in SUPPORTED_EXTENSIONS:
            raise ConfigFormatError(
                f"cannot dump to {ext or 'a file without extension'}; use .py, .json, .yaml or .yml",
                filename=file,
            )
        text = self.pretty_text if ext == ".py" else _serialize(self.to_dict(), ext)
        write_atomic(file, text.encode("utf-8"))
        return None

    def merge_from_dict(self, options: dict, allow_list_keys: bool = True) -> None:
        """Merge dotted-key options (``{'model.backbone.depth': 101}``).

        With ``allow_list_keys`` a digit key indexes a list:
        ``{'train_pipeline.0.type': 'X'}`` changes the first pipeline step.
        Nested dicts merge; ``_delete_=True`` in a value replaces.
        """
        merged = merge_options(
            options,
            self._cfg_dict,
            allow_list_keys=allow_list_keys,
            filename=self.filename,
        )
        super().__setattr__("_cfg_dict", merged)

    @staticmethod
    def diff(cfg1: str | Config, cfg2: str | Config) -> str:
        """A unified diff of two configs' :attr:`pretty_text`."""
        if isinstance(cfg1, str):
            cfg1 = Config.fromfile(cfg1)
        if isinstance(cfg2, str):
            cfg2 = Config.fromfile(cfg2)
        lines = difflib.unified_diff(
            cfg1.pretty_text.split("\n"), cfg2.pretty_text.split("\n")
        )
        return "".join(line + "\n" for line in lines)

    # -- dict-like behaviour (delegated to the ConfigDict) ---------------------

    def __getattr__(self, name: str) -> Any:
        if name in _OWN_ATTRIBUTES:
            # Only reachable while unpickling, before __setstate__ ran.
            raise AttributeError(name)
        return getattr(self._cfg_dict, name)

    def __getitem__(self, name: Any) -> Any:
        return self._cfg_dict[name]

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, dict):
            value = ConfigDict(value)
        self._cfg_dict.__setattr__(name, value)

    def __setitem__(self, name: Any, value: Any) -> None:
        if isinstance(value, dict):
            value = ConfigDict(value)
        self._cfg_dict[name] = value

    def __delattr__(self, name: str) -> None:
        delattr(self._cfg_dict, name)

    def __delitem__(self, name: Any) -> None:
        del self._cfg_dict[name]

    def __contains__(self, name: Any) -> bool:
        return name in self._cfg_dict

    def __iter__(self) -> Iterator:
        return iter(self._cfg_dict)

    def __len__(self) -> int:
        return len(self._cfg_dict)

    def __repr__(self) -> str:
        return f"Config (path: {self.filename}): {self._cfg_dict!r}"

    # -- copying and pickling -------------------------------------------------

    def __getstate__(self) -> tuple:
        return (
            self._cfg_dict,
            self._filename,
            self._text,
            self._env_variables,
            self._format_python_code,
            self._imported_names,
        )

    def __setstate__(self, state: tuple) -> None:
        names = (
            "_cfg_dict",
            "_filename",
            "_text",
            "_env_variables",
            "_format_python_code",
            "_imported_names",
        )
        for name, value in zip(names, state):
            super().__setattr__(name, value)

    def __copy__(self) -> Config:
        other = self.__class__.__new__(self.__class__)
        other.__dict__.update(self.__dict__)
        super(Config, other).__setattr__("_cfg_dict", self._cfg_dict.copy())
        return other

    copy = __copy__

    def __deepcopy__(self, memo: dict) -> Config:
        import copy

        other = self.__class__.__new__(self.__class__)
        memo[id(self)] = other
        for key, value in self.__dict__.items():
            super(Config, other).__setattr__(key, copy.deepcopy(value, memo))
        return other


def _serialize(cfg_dict: dict, ext: str) -> str:
    if ext == ".json":
        try:
            return json.dumps(cfg_dict, indent=4, default=_json_default) + "\n"
        except (TypeError, ValueError) as exc:
            raise ConfigTypeError(f"cannot write the config as JSON: {exc}") from None
    if ext in (".yaml", ".yml"):
        try:
            return yaml.dump(
                cfg_dict,
                Dumper=ConfigYamlDumper,
                sort_keys=False,
                default_flow_style=None,
            )
        except yaml.YAMLError as exc:
            raise ConfigTypeError(f"cannot write the config as YAML: {exc}") from None
    return format_python(cfg_dict)


def _json_default(value: Any) -> Any:
    # MMEngine's JSON handler writes sets and ranges as lists.
    if isinstance(value, (set, frozenset, range)):
        return list(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")
