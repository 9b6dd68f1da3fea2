"""``mmcompat run script.py [args...]``: a legacy script, unchanged.

The script runs as ``__main__`` (``runpy.run_path``) with ``sys.argv`` set to
``[script, *args]``, its directory first on ``sys.path`` (as ``python
script.py`` would have it) and the legacy import aliases active, so its
``import mmcv`` / ``from mmcv.runner import EpochBasedRunner`` get mmcompat's
shims. Everything is put back afterwards (argv, path, modules).
"""

from __future__ import annotations

import os.path as osp
import runpy
import sys
from collections.abc import Sequence
from typing import Any, Optional

from .aliases import legacy_aliases
from .findings import reported_once

__all__ = ["run_script"]


def run_script(
    path: str,
    args: Sequence[str] = (),
    extra_paths: Sequence[str] = (),
    mmcv_version: Optional[str] = None,
) -> dict[str, Any]:
    """Run ``path`` as ``__main__`` with ``args``; return its globals.

    Args:
        path: the legacy script.
        args: its command-line arguments.
        extra_paths: more directories put on ``sys.path`` (after the
            script's own), e.g. the project root for ``import myproj``.
        mmcv_version: the MMCV 1.x version ``mmcv.__version__`` reports
            (default 1.7.2; see :func:`~.aliases.legacy_aliases`).
    """
    if not osp.isfile(path):
        raise FileNotFoundError(f"no such script: {path}")
    script = osp.abspath(path)
    old_argv, old_path = sys.argv[:], sys.path[:]
    before = set(sys.modules)
    sys.argv = [script, *args]
    sys.path[:0] = [osp.dirname(script), *map(osp.abspath, extra_paths)]
    try:
        with legacy_aliases(mmcv_version), reported_once():
            try:
                return runpy.run_path(script, run_name="__main__")
            finally:
                # modules the script imported from its own tree hold shim
                # objects: drop them, so nothing stale outlives the aliases
                for name in set(sys.modules) - before:
                    module = sys.modules.get(name)
                    if _from_tree(module, osp.dirname(script), extra_paths):
                        del sys.modules[name]
    finally:
        sys.argv = old_argv
        sys.path[:] = old_path


def _from_tree(module: Any, script_dir: str, extra: Sequence[str]) -> bool:
    filename = getattr(module, "__file__", None)
    if not filename:
        return False
    filename = osp.abspath(filename)
    roots = [script_dir, *map(osp.abspath, extra)]
    return any(filename.startswith(root + osp.sep) for root in roots)
