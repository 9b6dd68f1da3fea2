"""Installed-package queries (``mmengine.utils.package_utils``).

MMEngine answers through ``pkg_resources`` (deprecated, slow to import);
``importlib.metadata`` gives the same answers. ``install_package`` (which
runs pip) is deliberately not provided.
"""

from __future__ import annotations

import importlib.util
import os.path as osp
import subprocess
from importlib import metadata


def is_installed(package: str) -> bool:
    """Whether a distribution or an importable top-level module of that
    name exists."""
    try:
        metadata.distribution(package)
        return True
    except metadata.PackageNotFoundError:
        pass
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return False
    return spec is not None and spec.origin is not None


def _top_level_module(dist: metadata.Distribution, package: str) -> str:
    top_level = dist.read_text("top_level.txt")
    if top_level and top_level.split():
        return top_level.split()[0]
    raise ValueError(f"can not infer the module name of {package}")


def get_installed_path(package: str) -> str:
    """The directory of an installed package's top-level module."""
    try:
        dist = metadata.distribution(package)
    except metadata.PackageNotFoundError:
        spec = importlib.util.find_spec(package)
        if spec is None:
            raise
        if spec.origin is None:
            raise RuntimeError(
                f"{package} is a namespace package, which is invalid "
                "for `get_install_path`"
            ) from None
        return osp.dirname(spec.origin)
    location = osp.abspath(str(dist.locate_file("")))
    candidate = osp.join(location, package)
    if osp.exists(candidate):
        return candidate
    # editable installs and renamed modules: ask the import system
    spec = importlib.util.find_spec(package.replace("-", "_"))
    if spec is not None and spec.origin is not None:
        return osp.dirname(spec.origin)
    return osp.join(location, _top_level_module(dist, package))


def call_command(cmd: list[str]) -> None:
    """Run a command; a non-zero exit raises ``CalledProcessError``."""
    subprocess.check_call(cmd)
