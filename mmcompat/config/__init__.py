"""Configs: ``Config``/``ConfigDict`` with MMEngine 0.10.7 semantics.

Reads ``.py``, ``.json`` and ``.yaml`` configs with ``_base_`` inheritance,
``_delete_``, ``{{_base_.x}}`` and ``_base_.x`` references, predefined and
environment variables and ``custom_imports``; writes them back; renders
config dicts as readable Python (:func:`format_python`). Imports no torch.
"""

from .config import Config
from .config_dict import ConfigDict
from .dict_action import DictAction
from .errors import (
    ConfigError,
    ConfigFileNotFoundError,
    ConfigFormatError,
    ConfigImportError,
    ConfigKeyError,
    ConfigSyntaxError,
    ConfigTypeError,
)
from .formatting import format_python

__all__ = [
    "Config",
    "ConfigDict",
    "ConfigError",
    "ConfigFileNotFoundError",
    "ConfigFormatError",
    "ConfigImportError",
    "ConfigKeyError",
    "ConfigSyntaxError",
    "ConfigTypeError",
    "DictAction",
    "format_python",
]
