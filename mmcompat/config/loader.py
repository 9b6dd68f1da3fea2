"""Reading config files: ``_base_`` chains, template variables, merging.

The steps for one file follow MMEngine 0.10.7 ``Config._file2dict``, done in
memory instead of through temporary files:

1. substitute ``{{fileDirname}}``-style predefined variables, then
   ``{{$ENV:default}}`` environment variables, in the file text;
2. replace every ``{{_base_.a.b}}`` with a quoted placeholder string, so the
   file parses;
3. read ``_base_`` (a path or a list of paths, relative to the file) and load
   each base recursively; bases must not define the same top-level key;
4. run the file (``.py``; the name ``_base_`` is bound to the merged bases,
   so ``_base_.model`` reads a base value) or parse it (``.json``/``.yaml``);
5. drop functions, modules and ``__dunder__`` names, swap the placeholders
   for the base values they name, and merge the file's keys into the bases
   (nested dicts merge key by key; ``_delete_=True`` replaces instead).

MMCV 1.x ``mmcv.Config`` gives the same result for every config it can read:
it has the same merge rules; it only lacks ``_base_.x`` references.

Where MMEngine fails with a stray traceback (a cycle in ``_base_`` recurses
forever, an unknown ``{{_base_.x}}`` raises a bare ``KeyError``) mmcompat
raises a :class:`~mmcompat.config.errors.ConfigError` naming file and key.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import os.path as osp
import re
import types
import uuid
import warnings
from typing import Any

import yaml

from .config_dict import ConfigDict
from .errors import (
    ConfigError,
    ConfigFileNotFoundError,
    ConfigFormatError,
    ConfigKeyError,
    ConfigSyntaxError,
    ConfigTypeError,
)
from .merge import merge_a_into_b, substitute_base_vars

BASE_KEY = "_base_"
DELETE_KEY = "_delete_"
DEPRECATION_KEY = "_deprecation_"
SUPPORTED_EXTENSIONS = (".py", ".json", ".yaml", ".yml")

_ENV_VAR_RE = re.compile(r"\{\{['\"]?\s*\$(\w+)\s*:\s*(\S*?)\s*['\"]?\}\}")
_BASE_VAR_RE = re.compile(r"\{\{\s*" + BASE_KEY + r"\.([\w.]+)\s*\}\}")
_PREDEFINED_NAMES = (
    "fileDirname",
    "fileBasename",
    "fileBasenameNoExtension",
    "fileExtname",
)
_PREDEFINED_RE = re.compile(r"\{\{\s*(" + "|".join(_PREDEFINED_NAMES) + r")\s*\}\}")


# -- YAML: safe loading that still round-trips tuples ------------------------
#
# MMEngine loads YAML with PyYAML's full ``Loader`` (which can build any
# Python object) and dumps with the full ``Dumper`` (tuples become
# ``!!python/tuple``). mmcompat reads and writes the tuple tag and nothing
# else that is Python-specific.

_BaseSafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BaseSafeDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class ConfigYamlLoader(_BaseSafeLoader):  # type: ignore[misc,valid-type]
    """YAML safe loader that also reads ``!!python/tuple``."""


def _construct_tuple(loader: yaml.SafeLoader, node: yaml.Node) -> tuple:
    return tuple(loader.construct_sequence(node, deep=True))


ConfigYamlLoader.add_constructor("tag:yaml.org,2002:python/tuple", _construct_tuple)


class ConfigYamlDumper(_BaseSafeDumper):  # type: ignore[misc,valid-type]
    """YAML safe dumper that writes tuples as ``!!python/tuple``."""


def _represent_tuple(dumper: yaml.SafeDumper, data: tuple) -> yaml.Node:
    return dumper.represent_sequence("tag:yaml.org,2002:python/tuple", list(data))


ConfigYamlDumper.add_representer(tuple, _represent_tuple)


# -- text substitutions -------------------------------------------------------


def substitute_predefined_vars(text: str, filename: str) -> str:
    """Replace ``{{fileDirname}}`` & co. with parts of ``filename``."""
    if "{{" not in text:
        return text
    basename = osp.basename(filename)
    values = {
        "fileDirname": osp.dirname(filename),
        "fileBasename": basename,
        "fileBasenameNoExtension": osp.splitext(basename)[0],
        "fileExtname": osp.splitext(filename)[1],
    }
    return _PREDEFINED_RE.sub(lambda m: values[m.group(1)].replace("\\", "/"), text)


def substitute_env_vars(text: str, filename: str, used: dict) -> str:
    """Replace ``{{$NAME:default}}`` with ``$NAME`` (or the default)."""
    if "{{" not in text:
        return text

    def replace(match: re.Match) -> str:
        name, default = match.group(1), match.group(2)
        if name in os.environ:
            used[name] = os.environ[name]
            return os.environ[name]
        if not default:
            raise ConfigKeyError(
                f"environment variable ${name} is not set and the config "
                "gives no default ({{$" + name + ":default}})",
                filename=filename,
                lineno=text.count("\n", 0, match.start()) + 1,
            )
        return default

    return _ENV_VAR_RE.sub(replace, text)


def substitute_base_placeholders(text: str) -> tuple[str, dict[str, tuple[str, int]]]:
    """Swap each ``{{_base_.a.b}}`` for a unique quoted placeholder string.

    Returns the new text and ``{placeholder: ('a.b', line of first use)}``.
    """
    if "{{" not in text:
        return text, {}
    placeholders: dict[str, tuple[str, int]] = {}
    by_name: dict[str, str] = {}
    # Derived from the text (not random) so the compiled-code cache can hit;
    # a token that happens to occur in the text is replaced.
    token = hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
    while token in text:
        token = uuid.uuid4().hex[:8]

    def replace(match: re.Match) -> str:
        name = match.group(1)
        if name not in by_name:
            placeholder = f"_mmcompat_base_{len(by_name)}_{token}_{name}"
            by_name[name] = placeholder
            lineno = text.count("\n", 0, match.start()) + 1
            placeholders[placeholder] = (name, lineno)
        return f'"{by_name[name]}"'

    return _BASE_VAR_RE.sub(replace, text), placeholders


# -- parsing ------------------------------------------------------------------


def _syntax_error(exc: SyntaxError, filename: str) -> ConfigSyntaxError:
    detail = f"invalid Python syntax: {exc.msg}"
    if exc.text:
        detail += f": {exc.text.strip()}"
    return ConfigSyntaxError(detail, filename=filename, lineno=exc.lineno)


def _check_not_pure_python_style(tree: ast.Module, filename: str) -> None:
    for node in tree.body:
        if isinstance(node, ast.With) and any(
            isinstance(item.context_expr, ast.Call)
            and getattr(item.context_expr.func, "id", None) == "read_base"
            for item in node.items
        ):
            raise ConfigFormatError(
                "pure-Python style configs ('with read_base(): from ... import *') "
                "are not supported; use _base_ = [...] inheritance",
                filename=filename,
                lineno=node.lineno,
            )


def _is_base_assign(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Assign)
        and isinstance(node.targets[0], ast.Name)
        and node.targets[0].id == BASE_KEY
    )


def python_base_files(tree: ast.Module, filename: str) -> Any:
    """The value of the first top-level ``_base_ = ...``, evaluated alone.

    Like MMEngine, the expression is evaluated without the rest of the file,
    so it must be self-contained (a string, a list of strings, or an
    expression of literals).
    """
    node = next((n for n in tree.body if _is_base_assign(n)), None)
    if node is None:
        return []
    expression = ast.Expression(body=node.value)  # type: ignore[attr-defined]
    try:
        return eval(compile(expression, filename, "eval"), {})
    except Exception as exc:
        raise ConfigTypeError(
            f"must be a path or a list of paths written as literals; "
            f"evaluating it failed with {type(exc).__name__}: {exc}",
            filename=filename,
            key=BASE_KEY,
            lineno=node.lineno,
        ) from None


class _RemoveBaseAssign(ast.NodeTransformer):
    """Drop every ``_base_ = ...`` statement (MMEngine binds ``_base_`` to the
    merged base configs instead)."""

    def visit_Assign(self, node: ast.Assign) -> ast.AST | None:
        return None if _is_base_assign(node) else node


# An assignment to _base_ somewhere other than at the start of a line at the
# top level: indented, or after ':' / ';' on one line.
_NESTED_BASE_ASSIGN_RE = re.compile(
    r"(^[ \t]+|[:;][ \t]*)_base_\s*=(?!=)", re.MULTILINE
)

# Compiled configs, keyed by (path, substituted text). Base files are shared
# by many configs; parsing and compiling them once makes loading a config
# tree cost little more than executing it. Code objects are immutable.
_CODE_CACHE: dict[tuple[str, str], tuple[Any, types.CodeType]] = {}
_CODE_CACHE_SIZE = 1024


def compile_python(text: str, filename: str) -> tuple[Any, types.CodeType]:
    """Parse and compile a ``.py`` config (after text substitutions).

    Returns ``(raw _base_ value, code)``; every ``_base_ = ...`` statement is
    left out of the code. Results are cached.
    """
    key = (filename, text)
    cached = _CODE_CACHE.get(key)
    if cached is not None:
        return cached
    try:
        if BASE_KEY not in text and "read_base" not in text:
            # The common case for base files: nothing to find or remove.
            result: tuple[Any, types.CodeType] = ([], compile(text, filename, "exec"))
        else:
            tree = ast.parse(text, filename=filename)
            _check_not_pure_python_style(tree, filename)
            base_files = python_base_files(tree, filename)
            if _NESTED_BASE_ASSIGN_RE.search(text):
                tree = _RemoveBaseAssign().visit(tree)
                # Statement bodies left empty by the removal need a statement.
                for node in ast.walk(tree):
                    if getattr(node, "body", None) == [] and not isinstance(
                        node, ast.Module
                    ):
                        node.body = [ast.Pass()]  # type: ignore[attr-defined]
                ast.fix_missing_locations(tree)
            else:
                tree.body = [node for node in tree.body if not _is_base_assign(node)]
            result = (base_files, compile(tree, filename, "exec"))
    except SyntaxError as exc:
        raise _syntax_error(exc, filename) from None
    except ValueError as exc:  # e.g. null bytes in the source
        if isinstance(exc, ConfigError):
            raise
        raise ConfigSyntaxError(
            f"cannot parse Python: {exc}", filename=filename
        ) from None
    if len(_CODE_CACHE) >= _CODE_CACHE_SIZE:
        _CODE_CACHE.clear()
    _CODE_CACHE[key] = result
    return result


def exec_python(code: types.CodeType, filename: str, base_cfg: ConfigDict) -> dict:
    """Run a compiled ``.py`` config; return its module-level names.

    ``_base_`` is bound to the merged base configs while the file runs, so
    ``_base_.model.depth`` reads a base value (MMEngine semantics).
    """
    # __file__ is the config's own path: MMCV 1.x ran configs as modules (so
    # __file__ existed, though it named a temporary copy); MMEngine has none.
    namespace: dict[str, Any] = {BASE_KEY: base_cfg, "__file__": filename}
    try:
        exec(code, namespace)
    except ConfigError:
        raise
    except Exception as exc:
        lineno = None
        tb = exc.__traceback__
        while tb is not None:
            if tb.tb_frame.f_code.co_filename == filename:
                lineno = tb.tb_lineno
            tb = tb.tb_next
        raise ConfigError(
            f"running the config failed: {type(exc).__name__}: {exc}",
            filename=filename,
            lineno=lineno,
        ) from exc
    return {
        key: value
        for key, value in namespace.items()
        if key != BASE_KEY and not key.startswith("__")
    }


def parse_data(text: str, filename: str, ext: str) -> dict:
    """Parse a ``.json`` or ``.yaml`` config; the top level must be a mapping."""
    try:
        if ext == ".json":
            data = json.loads(text)
        else:
            data = yaml.load(text, Loader=ConfigYamlLoader)
    except json.JSONDecodeError as exc:
        raise ConfigSyntaxError(
            f"invalid JSON: {exc.msg}", filename=filename, lineno=exc.lineno
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigSyntaxError(
            f"invalid YAML: {problem}",
            filename=filename,
            lineno=mark.line + 1 if mark is not None else None,
        ) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigTypeError(
            f"the top level of a config must be a mapping of keys to values, "
            f"got {type(data).__name__}",
            filename=filename,
        )
    return data


def normalize_base_files(base_files: Any, filename: str) -> list[str]:
    if isinstance(base_files, str):
        base_files = [base_files]
    if not isinstance(base_files, (list, tuple)) or not all(
        isinstance(item, str) for item in base_files
    ):
        raise ConfigTypeError(
            f"must be a path or a list of paths, got {base_files!r}",
            filename=filename,
            key=BASE_KEY,
        )
    for item in base_files:
        if "::" in item:
            raise ConfigFormatError(
                f"_base_ '{item}' names a config inside an installed package "
                "('package::path'); mmcompat only reads local base files",
                filename=filename,
                key=BASE_KEY,
            )
    return list(base_files)


# -- loading one file and its bases -------------------------------------------


class LoadOptions:
    """What to substitute while loading (shared by every file of a chain)."""

    def __init__(self, use_predefined_variables: bool, use_environment_variables: bool):
        self.use_predefined_variables = use_predefined_variables
        self.use_environment_variables = use_environment_variables
        self.env_variables: dict[str, str] = {}


def load_file(
    filename: str,
    use_predefined_variables: bool = True,
    use_environment_variables: bool = True,
) -> tuple[dict, str, dict]:
    """Load a config file with its ``_base_`` chain.

    Returns ``(cfg_dict, text, env_variables)``: the merged top-level dict
    (values are ConfigDicts where they are dicts), the text of every file
    involved (each prefixed by its path, bases first, like MMEngine), and
    the environment variables that were substituted.
    """
    options = LoadOptions(use_predefined_variables, use_environment_variables)
    cfg_dict, text = _load_path(filename, (), options)
    return cfg_dict, text, options.env_variables


def load_text(
    text: str,
    filename: str,
    use_predefined_variables: bool = True,
    use_environment_variables: bool = True,
) -> tuple[dict, str, dict]:
    """Like :func:`load_file` for text that claims to live at ``filename``
    (which need not exist; relative ``_base_`` paths resolve from it)."""
    options = LoadOptions(use_predefined_variables, use_environment_variables)
    filename = osp.abspath(osp.expanduser(filename))
    ext = _check_extension(filename)
    cfg_dict, text = _load_text(text, filename, ext, (), options)
    return cfg_dict, text, options.env_variables


def _check_extension(filename: str) -> str:
    ext = osp.splitext(filename)[1]
    if ext not in SUPPORTED_EXTENSIONS:
        raise ConfigFormatError(
            f"unsupported config file extension {ext or '(none)'!r}; "
            "expected .py, .json, .yaml or .yml",
            filename=filename,
        )
    return ext


def _load_path(
    filename: str,
    chain: tuple[str, ...],
    options: LoadOptions,
) -> tuple[dict, str]:
    filename = osp.abspath(osp.expanduser(filename))
    ext = _check_extension(filename)
    try:
        with open(filename, encoding="utf-8") as file:
            raw = file.read()
    except FileNotFoundError:
        raise ConfigFileNotFoundError(
            "config file does not exist", filename=filename
        ) from None
    except UnicodeDecodeError as exc:
        raise ConfigSyntaxError(
            f"config file is not UTF-8 text: {exc}", filename=filename
        ) from None
    except OSError as exc:
        raise ConfigError(
            f"cannot read config file: {exc}", filename=filename
        ) from None
    return _load_text(raw, filename, ext, chain, options)


def _load_text(
    raw: str, filename: str, ext: str, chain: tuple[str, ...], options: LoadOptions
) -> tuple[dict, str]:
    text = raw
    if options.use_predefined_variables:
        text = substitute_predefined_vars(text, filename)
    if options.use_environment_variables:
        text = substitute_env_vars(text, filename, options.env_variables)
    text, placeholders = substitute_base_placeholders(text)

    if ext == ".py":
        base_files, code = compile_python(text, filename)
    else:
        data = parse_data(text, filename, ext)
        base_files = data.get(BASE_KEY, [])
    base_files = normalize_base_files(base_files, filename)

    chain = chain + (filename,)
    base_cfg = ConfigDict()
    texts: list[str] = []
    for base in base_files:
        base_path = osp.abspath(osp.join(osp.dirname(filename), osp.expanduser(base)))
        if base_path in chain:
            cycle = " -> ".join(chain[chain.index(base_path) :] + (base_path,))
            raise ConfigError(
                f"_base_ files form a cycle: {cycle}", filename=filename, key=BASE_KEY
            )
        if not osp.isfile(base_path):
            raise ConfigFileNotFoundError(
                f"base config {base!r} does not exist (looked for {base_path})",
                filename=filename,
                key=BASE_KEY,
            )
        base_dict, base_text = _load_path(base_path, chain, options)
        duplicates = base_cfg.keys() & base_dict.keys()
        if duplicates:
            raise ConfigKeyError(
                f"base config {base!r} defines {sorted(map(str, duplicates))}, "
                "already defined by an earlier base; a top-level key may come "
                "from one base only",
                filename=filename,
                key=BASE_KEY,
            )
        base_cfg.update(base_dict)
        texts.append(base_text)

    if ext == ".py":
        cfg_dict = exec_python(code, filename, base_cfg)
    else:
        cfg_dict = data
    for key, value in list(cfg_dict.items()):
        if isinstance(value, (types.FunctionType, types.ModuleType)):
            del cfg_dict[key]
    if DEPRECATION_KEY in cfg_dict:
        _warn_deprecated(filename, cfg_dict.pop(DEPRECATION_KEY))
    if DELETE_KEY in cfg_dict:
        raise ConfigKeyError(
            f"{DELETE_KEY} belongs inside a dict value (e.g. "
            f"optimizer = dict({DELETE_KEY}=True, ...)), not at the top level",
            filename=filename,
            key=DELETE_KEY,
        )

    cfg_dict = substitute_base_vars(cfg_dict, placeholders, base_cfg, filename)
    cfg_dict.pop(BASE_KEY, None)
    merged = merge_a_into_b(cfg_dict, base_cfg, filename=filename)
    result = {
        key: value
        for key, value in dict.items(merged)
        if not (isinstance(key, str) and key.startswith("__"))
    }
    texts.append(filename + "\n" + raw)
    return result, "\n".join(texts)


def _warn_deprecated(filename: str, info: Any) -> None:
    message = f"The config file {filename} will be deprecated in the future."
    if isinstance(info, dict):
        if "expected" in info:
            message += f" Please use {info['expected']} instead."
        if "reference" in info:
            message += f" More information can be found at {info['reference']}"
    warnings.warn(message, DeprecationWarning, stacklevel=4)
