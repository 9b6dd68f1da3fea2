"""Options and messages shared by the subcommands (no torch, no legacy).

Every subcommand validates its options with argparse (so a bad value
prints that subcommand's usage and one ``error:`` line, exit 2), puts a
project on ``sys.path`` with the same ``--path DIR``, and explains a custom
module that fails to import by its cause.
"""

from __future__ import annotations

import argparse
import os.path as osp
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager


def int_at_least(minimum: int) -> Callable[[str], int]:
    """An argparse ``type`` accepting integers ``>= minimum``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"expected an integer, got {text!r}"
            ) from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be >= {minimum}, got {value}")
        return value

    parse.__name__ = "integer"
    return parse


def existing_dir(text: str) -> str:
    """An argparse ``type`` accepting an existing directory."""
    if not osp.isdir(text):
        raise argparse.ArgumentTypeError(f"{text}: no such directory")
    return text


def add_path_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--path",
        action="append",
        default=[],
        type=existing_dir,
        metavar="DIR",
        help="put DIR (a project root) first on sys.path, so the project's "
        "own modules import (repeatable; like PYTHONPATH)",
    )


def add_mmcv_version_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--mmcv-version",
        type=mmcv_version,
        metavar="1.X.Y",
        help="the MMCV 1.x version mmcv.__version__ reports (default 1.7.2; "
        "MMCV 1.7.2's behaviour is served either way), for a library that "
        "accepts only an older release",
    )


def mmcv_version(text: str) -> str:
    """argparse type: an MMCV 1.x version."""
    from mmcompat.legacy.runtime.aliases import check_mmcv_version

    try:
        return check_mmcv_version(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


@contextmanager
def project_paths(dirs: Sequence[str]) -> Iterator[None]:
    """``dirs`` first on ``sys.path`` for the duration; restored after."""
    saved = sys.path[:]
    sys.path[:0] = [osp.abspath(d) for d in dirs]
    try:
        yield
    finally:
        sys.path[:] = saved


def missing_mmcv(error: BaseException) -> bool:
    """Whether an import failed on a missing ``mmcv`` module (the MMCV 1.x
    API: MMCV 2.x has no ``mmcv.runner``...)."""
    missing = getattr(error, "name", None) or ""
    return missing == "mmcv" or missing.startswith("mmcv.")


def explain_import_failure(module: str, error: BaseException, legacy: bool) -> str:
    """Why ``import module`` failed, and what to do about it (one line).

    ``legacy``: the import ran with the MMCV 1.x aliases active (a legacy
    config), so ``mmcv`` itself resolved.
    """
    missing = getattr(error, "name", None) or ""
    if missing == module or module.startswith(missing + "."):
        return (
            f"cannot import custom module {module!r} (no module named "
            f"{missing!r} on sys.path); add the directory that contains it "
            "with --path DIR (or PYTHONPATH)"
        )
    if not legacy and missing_mmcv(error):
        return (
            f"custom module {module!r} still imports the MMCV 1.x API ({error}); "
            f"rewrite it with `mmcompat codemod {_source_of(module)}`, or run the "
            "legacy code unchanged with `mmcompat run`"
        )
    return f"custom module {module!r} failed to import: {type(error).__name__}: {error}"


def _source_of(module: str) -> str:
    """Where ``module``'s code is (its package directory), for advice; its
    dotted name when it cannot be found without importing it."""
    import importlib.util

    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        spec = None
    origin = getattr(spec, "origin", None)
    if not origin or not osp.isfile(origin):
        return module.replace(".", "/")
    if spec.submodule_search_locations:  # a package: its directory
        origin = osp.dirname(origin)
    return osp.relpath(origin) if not osp.relpath(origin).startswith("..") else origin


def key_of_type(cfg: object, type_name: str, prefix: str = "") -> str | None:
    """The dotted key of the first dict in ``cfg`` whose ``type`` is
    ``type_name`` (``custom_hooks.0.type``), or None."""
    if isinstance(cfg, dict):
        if cfg.get("type") == type_name:
            return f"{prefix}type"
        items: Iterator = iter(cfg.items())
    elif isinstance(cfg, (list, tuple)):
        items = iter(enumerate(cfg))
    else:
        return None
    for key, value in items:
        found = key_of_type(value, type_name, f"{prefix}{key}.")
        if found is not None:
            return found
    return None
