"""Small type checks, list helpers and decorators (``mmengine.utils.misc``).

Every name keeps MMEngine 0.10.7's signature and behaviour, because legacy
code imported these from ``mmcv`` and relies on their quirks: ``to_2tuple``
returns any iterable (a ``str`` too) unchanged; ``is_seq_of`` accepts any
``collections.abc.Sequence`` (a ``str`` of ``str`` is one); ``slice_list``
asserts divisibility for an ``int`` length.
"""

from __future__ import annotations

import collections.abc
import functools
import inspect
import itertools
import logging
import re
import shutil
import textwrap
import warnings
from collections.abc import Iterable, Iterator, Sequence
from importlib import import_module
from typing import Any, Callable


def to_ntuple(n: int) -> Callable[[Any], Any]:
    """A parser that repeats a scalar ``n`` times; iterables pass unchanged."""

    def parse(x: Any) -> Any:
        if isinstance(x, collections.abc.Iterable):
            return x
        return tuple(itertools.repeat(x, n))

    return parse


to_1tuple = to_ntuple(1)
to_2tuple = to_ntuple(2)
to_3tuple = to_ntuple(3)
to_4tuple = to_ntuple(4)


def is_str(x: Any) -> bool:
    """Whether ``x`` is a ``str`` (a Python 2 leftover kept for old code)."""
    return isinstance(x, str)


def import_modules_from_strings(
    imports: str | list[str] | None, allow_failed_imports: bool = False
) -> Any:
    """Import modules by dotted name.

    A single ``str`` returns one module, a list returns a list; an empty
    value returns None. With ``allow_failed_imports`` a module that fails to
    import warns and becomes None instead of raising ``ImportError``.
    """
    if not imports:
        return None
    single = isinstance(imports, str)
    if single:
        imports = [imports]
    if not isinstance(imports, list):
        raise TypeError(f"custom_imports must be a list but got type {type(imports)}")
    modules = []
    for name in imports:
        if not isinstance(name, str):
            raise TypeError(f"{name} is of type {type(name)} and cannot be imported.")
        try:
            module = import_module(name)
        except ImportError as exc:
            if not allow_failed_imports:
                raise ImportError(f"Failed to import {name}") from exc
            warnings.warn(f"{name} failed to import and is ignored.", UserWarning)
            module = None
        modules.append(module)
    return modules[0] if single else modules


def iter_cast(inputs: Iterable, dst_type: type, return_type: type | None = None) -> Any:
    """Map ``dst_type`` over ``inputs``: an iterator, or ``return_type(...)``."""
    if not isinstance(inputs, collections.abc.Iterable):
        raise TypeError("inputs must be an iterable object")
    if not isinstance(dst_type, type):
        raise TypeError('"dst_type" must be a valid type')
    casted: Iterator = map(dst_type, inputs)
    return casted if return_type is None else return_type(casted)


def list_cast(inputs: Iterable, dst_type: type) -> list:
    """``iter_cast`` into a list."""
    return iter_cast(inputs, dst_type, return_type=list)


def tuple_cast(inputs: Iterable, dst_type: type) -> tuple:
    """``iter_cast`` into a tuple."""
    return iter_cast(inputs, dst_type, return_type=tuple)


def is_seq_of(
    seq: Any, expected_type: type | tuple, seq_type: type | None = None
) -> bool:
    """Whether ``seq`` is a ``seq_type`` (default any Sequence) whose items
    are all ``expected_type`` (an empty sequence is)."""
    if seq_type is None:
        seq_type = collections.abc.Sequence
    elif not isinstance(seq_type, type):
        raise TypeError(f"seq_type must be a type, got {seq_type!r}")
    if not isinstance(seq, seq_type):
        return False
    return all(isinstance(item, expected_type) for item in seq)


def is_list_of(seq: Any, expected_type: type | tuple) -> bool:
    """``is_seq_of`` with ``seq_type=list``."""
    return is_seq_of(seq, expected_type, seq_type=list)


def is_tuple_of(seq: Any, expected_type: type | tuple) -> bool:
    """``is_seq_of`` with ``seq_type=tuple``."""
    return is_seq_of(seq, expected_type, seq_type=tuple)


def slice_list(in_list: Sequence, lens: int | list[int]) -> list:
    """Cut ``in_list`` into consecutive pieces of the given lengths.

    An ``int`` means equal pieces of that length (the list length must be a
    multiple of it); a list of lengths must sum to the list length.
    """
    if isinstance(lens, int):
        if len(in_list) % lens != 0:
            raise ValueError(f"list length {len(in_list)} is not a multiple of {lens}")
        lens = [lens] * (len(in_list) // lens)
    if not isinstance(lens, list):
        raise TypeError('"indices" must be an integer or a list of integers')
    if sum(lens) != len(in_list):
        raise ValueError(
            f"sum of lens and list length does not match: {sum(lens)} != {len(in_list)}"
        )
    out, start = [], 0
    for length in lens:
        out.append(in_list[start : start + length])
        start += length
    return out


def concat_list(in_list: Iterable[Iterable]) -> list:
    """Flatten one level: ``[[1, 2], [3]] -> [1, 2, 3]``."""
    return list(itertools.chain.from_iterable(in_list))


def apply_to(data: Any, expr: Callable[[Any], bool], apply_func: Callable) -> Any:
    """Apply ``apply_func`` to every leaf of nested dicts/lists/tuples
    (namedtuples rebuilt field-wise) for which ``expr(leaf)`` is true."""
    if isinstance(data, dict):
        out = type(data)()
        for key, value in data.items():
            out[key] = apply_to(value, expr, apply_func)
        return out
    if isinstance(data, tuple) and hasattr(data, "_fields"):
        return type(data)(*(apply_to(item, expr, apply_func) for item in data))
    if isinstance(data, (tuple, list)):
        return type(data)(apply_to(item, expr, apply_func) for item in data)
    return apply_func(data) if expr(data) else data


def check_prerequisites(
    prerequisites: str | list[str],
    checker: Callable[[str], bool],
    msg_tmpl: str = 'Prerequisites "{}" are required in method "{}" but not '
    "found, please install them first.",
) -> Callable:
    """Decorator factory: before each call, check every prerequisite with
    ``checker``; print ``msg_tmpl`` and raise ``RuntimeError`` if any fails."""

    def wrap(func: Callable) -> Callable:
        @functools.wraps(func)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            items = [prerequisites] if isinstance(prerequisites, str) else prerequisites
            missing = [item for item in items if not checker(item)]
            if missing:
                print(msg_tmpl.format(", ".join(missing), func.__name__))
                raise RuntimeError("Prerequisites not meet.")
            return func(*args, **kwargs)

        return wrapped

    return wrap


def _package_importable(package: str) -> bool:
    try:
        import_module(package)
    except ImportError:
        return False
    return True


def _executable_found(cmd: str) -> bool:
    # MMEngine shells out to ``which``; shutil.which is the same lookup
    # without a subprocess.
    return shutil.which(cmd) is not None


def requires_package(prerequisites: str | list[str]) -> Callable:
    """Decorator: the function needs these importable Python packages."""
    return check_prerequisites(prerequisites, checker=_package_importable)


def requires_executable(prerequisites: str | list[str]) -> Callable:
    """Decorator: the function needs these executables on ``PATH``."""
    return check_prerequisites(prerequisites, checker=_executable_found)


def deprecated_api_warning(name_dict: dict, cls_name: str | None = None) -> Callable:
    """Decorator renaming deprecated arguments (``{old: new}``) with a
    ``DeprecationWarning``.

    As in MMEngine, a deprecated keyword is renamed; a deprecated name
    passed positionally only warns (positional binding is unchanged).
    Passing both the old and the new keyword is an error.
    """

    def wrapper(old_func: Callable) -> Callable:
        @functools.wraps(old_func)
        def new_func(*args: Any, **kwargs: Any) -> Any:
            func_name = old_func.__name__
            if cls_name is not None:
                func_name = f"{cls_name}.{func_name}"
            if args:
                positional = inspect.getfullargspec(old_func).args[: len(args)]
                for src, dst in name_dict.items():
                    if src in positional:
                        warnings.warn(
                            f'"{src}" is deprecated in `{func_name}`, please '
                            f'use "{dst}" instead',
                            DeprecationWarning,
                        )
            for src, dst in name_dict.items():
                if src in kwargs:
                    if dst in kwargs:
                        raise AssertionError(
                            f"`{func_name}` got both the deprecated argument "
                            f"`{src}` and its replacement `{dst}`: pass only "
                            f"`{dst}`"
                        )
                    warnings.warn(
                        f'"{src}" is deprecated in `{func_name}`, please '
                        f'use "{dst}" instead',
                        DeprecationWarning,
                    )
                    kwargs[dst] = kwargs.pop(src)
            return old_func(*args, **kwargs)

        return new_func

    return wrapper


def deprecated_function(since: str, removed_in: str, instructions: str) -> Callable:
    """Decorator: log a warning on every call (through the current logger)
    and prepend a ``.. deprecated::`` note to the docstring."""

    def decorator(function: Callable) -> Callable:
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            # Imported here: ``mmcompat.utils`` must stay cheap to import.
            from mmcompat.logging import print_log

            print_log(
                f"'{function.__module__}.{function.__name__}' is deprecated in "
                f"version {since} and will be removed in version {removed_in}. "
                f"Please {instructions}.",
                logger="current",
                level=logging.WARNING,
            )
            return function(*args, **kwargs)

        note = (
            f".. deprecated:: {since}\n"
            f"    Deprecated and will be removed in version {removed_in}.\n"
            f"    Please {instructions}.\n"
        )
        parts = re.split("\n\n", function.__doc__ or "", maxsplit=1)
        summary = "\n".join(textwrap.dedent(line) for line in parts[0].split("\n"))
        doc = note + "\n\n" + textwrap.indent(summary, "    ")
        if len(parts) > 1:
            doc += "\n\n" + textwrap.indent(textwrap.dedent(parts[1]), "    ")
        wrapper.__doc__ = doc
        return wrapper

    return decorator


def is_method_overridden(method: str, base_class: type, derived_class: Any) -> bool:
    """Whether ``derived_class`` (a class or an instance) overrides
    ``base_class.method``."""
    if not isinstance(base_class, type):
        raise TypeError("base_class must be a class, not an instance")
    if not isinstance(derived_class, type):
        derived_class = type(derived_class)
    return getattr(derived_class, method) != getattr(base_class, method)


def has_method(obj: object, method: str) -> bool:
    """Whether ``obj.method`` exists and is callable."""
    return callable(getattr(obj, method, None))


def get_object_from_string(obj_name: str) -> Any:
    """Resolve ``"package.module.Class.attr"`` to the object, or None.

    The longest importable module prefix is imported, then the remaining
    parts are looked up as attributes.
    """
    parts = obj_name.split(".")
    module = None
    index = 0
    for index in range(len(parts), 0, -1):
        try:
            module = import_module(".".join(parts[:index]))
        except ImportError:
            continue
        break
    if module is None:
        return None
    obj: Any = module
    for part in parts[index:]:
        try:
            obj = getattr(obj, part)
        except AttributeError:
            return None
    return obj
