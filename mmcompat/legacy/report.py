"""What a config translation did: the :class:`Report` of ``translate()``.

Every legacy key ends up in exactly one of these buckets, so that nothing is
dropped silently:

- ``translated``: a rule consumed the key and wrote new-style keys;
- ``carried``: no rule knows the key; it is copied unchanged (library
  settings such as ``model``, pipelines, helper variables);
- ``todo``: the key (or part of a value) was carried unchanged but needs a
  human decision for the new-style API; ``emit()`` writes a
  ``# TODO(mmcompat): ...`` comment above it;
- ``note``: a translation that is exact but worth knowing (a changed default,
  an MMCV quirk being reproduced, a dropped no-op argument);
- ``error``: an invalid legacy value; ``translate()`` raises
  :class:`TranslationError` for the first one.

The report is plain data (``to_dict()`` is what ``--report FILE`` writes).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Finding", "Report", "TranslationError", "KINDS"]

KINDS = ("translated", "carried", "todo", "note", "error")

#: a key path into the new config: str keys and int list indices
KeyPath = tuple


class TranslationError(ValueError):
    """An invalid legacy value: names the key and what was expected."""

    def __init__(self, key: str, message: str, source: str | None = None) -> None:
        self.key = key
        self.message = message
        self.source = source
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.source}: " if self.source else ""
        return f"{where}{self.key}: {self.message}"


@dataclass
class Finding:
    """One thing the translation did or could not do.

    ``key`` names the legacy key (dotted for nested values); ``path`` is the
    key path of the affected value in the *new* config (where a TODO comment
    goes), or None.
    """

    kind: str
    key: str
    message: str
    path: KeyPath | None = None

    def to_dict(self) -> dict:
        out: dict[str, Any] = {"kind": self.kind, "key": self.key}
        out["message"] = self.message
        if self.path is not None:
            out["path"] = list(self.path)
        return out


@dataclass
class Report:
    """Findings of one translation, in the order rules ran."""

    source: str | None = None
    target: str = "mmcompat"
    findings: list[Finding] = field(default_factory=list)
    #: scheduler types from ``mmcompat.optim.scheduler.mmcv_exact`` used: the
    #: converted config then needs mmcompat (not stock MMEngine) to train.
    needs_mmcompat: list[str] = field(default_factory=list)
    #: schedules emitted as the closest stock composition (target mmengine):
    #: entries {'key', 'exact': [...], 'stock': [...], 'max_rel_deviation'}
    approximations: list[dict] = field(default_factory=list)
    #: every translated schedule: {'key', 'param', 'legacy': [the exact
    #: scheduler replaying MMCV], 'converted': [what was written]} (what
    #: ``convert --plot`` draws; not part of ``to_dict()``)
    schedules: list[dict] = field(default_factory=list)
    #: translated schedules ``convert --plot`` cannot draw, with why (a
    #: library's policy needs the library's class; not part of ``to_dict()``)
    unplottable: list[str] = field(default_factory=list)

    # -- recording -------------------------------------------------------
    def add(
        self, kind: str, key: str, message: str, path: KeyPath | None = None
    ) -> Finding:
        if kind not in KINDS:
            raise ValueError(f"unknown finding kind {kind!r}; expected one of {KINDS}")
        finding = Finding(kind, key, message, tuple(path) if path else None)
        self.findings.append(finding)
        return finding

    def translated(self, key: str, message: str) -> None:
        self.add("translated", key, message)

    def carried(self, key: str, message: str = "carried unchanged") -> None:
        self.add("carried", key, message, (key,))

    def todo(self, key: str, message: str, path: KeyPath | None = None) -> None:
        self.add("todo", key, message, path if path is not None else (key,))

    def note(self, key: str, message: str) -> None:
        self.add("note", key, message)

    def require_mmcompat(self, scheduler_type: str) -> None:
        if scheduler_type not in self.needs_mmcompat:
            self.needs_mmcompat.append(scheduler_type)

    # -- reading ---------------------------------------------------------
    def of_kind(self, kind: str) -> list[Finding]:
        return [f for f in self.findings if f.kind == kind]

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    @property
    def todos(self) -> list[Finding]:
        return self.of_kind("todo")

    @property
    def has_findings(self) -> bool:
        """True when a human has work to do (TODOs, errors)."""
        return bool(self.todos or self.of_kind("error"))

    def todo_comments(self) -> dict[KeyPath, str]:
        """Key path -> comment text, for ``format_python(comments=...)``."""
        comments: dict[KeyPath, str] = {}
        for finding in self.todos:
            if finding.path is None:
                continue
            text = f"TODO(mmcompat): {finding.message}"
            if finding.path in comments:
                comments[finding.path] += "\n" + text
            else:
                comments[finding.path] = text
        return comments

    def counts(self) -> dict[str, int]:
        counts = {kind: 0 for kind in KINDS}
        for finding in self.findings:
            counts[finding.kind] += 1
        return counts

    def to_dict(self) -> dict:
        return {
            "source": self.source,
            "target": self.target,
            "counts": self.counts(),
            "needs_mmcompat": list(self.needs_mmcompat),
            "approximations": [dict(a) for a in self.approximations],
            "findings": [f.to_dict() for f in self.findings],
        }

    @classmethod
    def from_dict(cls, data: Mapping) -> Report:
        report = cls(source=data.get("source"), target=data.get("target", "mmcompat"))
        report.needs_mmcompat = list(data.get("needs_mmcompat", []))
        report.approximations = [dict(a) for a in data.get("approximations", [])]
        for f in data.get("findings", []):
            report.add(f["kind"], f["key"], f["message"], f.get("path"))
        return report
