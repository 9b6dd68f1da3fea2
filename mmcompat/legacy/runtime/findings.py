"""Translation findings, reported once per command.

One command may translate several legacy configs with findings in common
(a script that builds a legacy runner per stage, or runs one twice); a
finding the user cannot act on twice is told once. Inside :func:`reported_once` (one
``mmcompat train`` or ``mmcompat run``) each finding is reported the first
time only; outside it (a legacy runner used as a library) every translation
reports its findings.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from typing import Any, Optional

_reported: Optional[set[tuple[str, str, str]]] = None


@contextlib.contextmanager
def reported_once() -> Iterator[None]:
    """Within the block, :func:`to_report` drops findings already reported."""
    global _reported
    outer = _reported
    if outer is None:
        _reported = set()
    try:
        yield
    finally:
        _reported = outer


def to_report(findings: Iterable[Any]) -> list[Any]:
    """The findings worth telling the user (all but plain translations) that
    were not reported yet in this command; they count as reported now."""
    fresh = []
    for finding in findings:
        if finding.kind == "translated":
            continue
        if _reported is not None:
            identity = (finding.kind, finding.key, finding.message)
            if identity in _reported:
                continue
            _reported.add(identity)
        fresh.append(finding)
    return fresh
