"""``digit_version`` and ``get_git_hash`` (``mmengine.utils.version_utils``)."""

from __future__ import annotations

import os
import re
import subprocess

# PEP 440 (the subset ``packaging`` accepts), normalised spellings included.
_VERSION = re.compile(
    r"""
    ^\s*v?
    (?:(?P<epoch>\d+)!)?
    (?P<release>\d+(?:\.\d+)*)
    (?:[-_.]?(?P<pre_l>alpha|a|beta|b|preview|pre|rc|c)[-_.]?(?P<pre_n>\d+)?)?
    (?:-(?P<post_n1>\d+)|[-_.]?(?P<post_l>post|rev|r)[-_.]?(?P<post_n2>\d+)?)?
    (?:[-_.]?(?P<dev_l>dev)[-_.]?(?P<dev_n>\d+)?)?
    (?:\+(?P<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?
    \s*$
    """,
    re.VERBOSE | re.IGNORECASE,
)
_PRE_NAMES = {"alpha": "a", "a": "a", "beta": "b", "b": "b"}
_PRE_ORDER = {"a": -3, "b": -2, "rc": -1}


def digit_version(version_str: str, length: int = 4) -> tuple[int, ...]:
    """A version string as a tuple of ints that compares correctly.

    The release is cut or zero-padded to ``length`` numbers, then two more
    follow, as in MMEngine: ``(-3|-2|-1, n)`` for alpha/beta/rc ``n``,
    ``(-4, 0)`` for a dev-only pre-release, ``(1, n)`` for ``.postN`` and
    ``(0, 0)`` for a final release. ``1.13.0+cu117`` is ``(1, 13, 0, 0, 0, 0)``.
    """
    if "parrots" in version_str:
        raise ValueError("parrots versions are not supported")
    match = _VERSION.match(version_str)
    if match is None:
        raise ValueError(f"failed to parse version {version_str!r}")
    release = [int(part) for part in match["release"].split(".")][:length]
    release += [0] * (length - len(release))
    if match["pre_l"]:
        label = _PRE_NAMES.get(match["pre_l"].lower(), "rc")
        release += [_PRE_ORDER[label], int(match["pre_n"] or 0)]
    elif match["dev_l"]:
        release += [-4, 0]
    elif match["post_l"] or match["post_n1"]:
        release += [1, int(match["post_n1"] or match["post_n2"] or 0)]
    else:
        release += [0, 0]
    return tuple(release)


def get_git_hash(fallback: str = "unknown", digits: int | None = None) -> str:
    """The ``HEAD`` commit of the git repository around the current
    directory (``fallback`` when git cannot run), cut to ``digits``."""
    if digits is not None and not isinstance(digits, int):
        raise TypeError("digits must be None or an integer")
    env = {k: os.environ[k] for k in ("SYSTEMROOT", "PATH", "HOME") if k in os.environ}
    env.update(LANGUAGE="C", LANG="C", LC_ALL="C")
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"], capture_output=True, env=env
        ).stdout
    except OSError:
        return fallback
    # As in MMEngine, outside a repository git prints nothing on stdout and
    # the result is '' (not the fallback).
    sha = out.strip().decode("ascii")
    return sha[:digits] if digits is not None else sha
