"""The rule registry and the context rules work on.

A rule is a function ``rule(ctx) -> None`` registered for the legacy keys it
translates. ``translate()`` runs the rules in order; a rule runs when at
least one of its keys is present and not yet consumed by an earlier rule
(a rule registered with no keys always runs, after the keyed ones of the same
order, and may refine what others wrote, e.g. set an evaluator type from a
metric name). A rule reads the whole legacy config (``ctx.legacy``), writes
new-style keys into ``ctx.new``, marks what it translated with
``ctx.consume(key)`` and records what it did in ``ctx.report``. Keys nobody
consumed are carried unchanged and reported.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..report import Report, TranslationError

__all__ = ["Rule", "Context", "register_rule", "rules", "BUILTIN_ORDER"]

#: order of the built-in families; plug-in rules default to 100 (after them)
BUILTIN_ORDER = {
    "loop": 10,
    "optimisation": 20,
    "schedule": 30,
    "hooks": 40,
    "data": 50,
    "environment": 60,
}
PLUGIN_ORDER = 100


@dataclass(frozen=True)
class Rule:
    """A registered translation rule."""

    name: str
    keys: tuple[str, ...]
    family: str
    order: int
    func: Callable[[Context], None]

    def applies(self, ctx: Context) -> bool:
        if not self.keys:
            return True
        return any(k in ctx.legacy and k not in ctx.consumed for k in self.keys)


_RULES: list[Rule] = []


def register_rule(
    *keys: str,
    family: str = "plugin",
    order: int | None = None,
    name: str | None = None,
) -> Callable[[Callable[[Context], None]], Callable[[Context], None]]:
    """Decorator registering ``func(ctx)`` as the rule for legacy ``keys``.

    Built-in families run in the order loop, optimisation, schedule, hooks,
    data, environment; a plug-in rule runs after them unless ``order`` says
    otherwise (an ``order`` below 30, say, lets a library claim an
    ``lr_config`` policy of its own before the schedule rule sees it, by
    consuming the key).
    """
    if order is None:
        order = BUILTIN_ORDER.get(family, PLUGIN_ORDER)

    def decorator(func: Callable[[Context], None]) -> Callable[[Context], None]:
        rule = Rule(name or func.__name__, tuple(keys), family, order, func)
        # Re-registering the same function (module reloaded) replaces it.
        _RULES[:] = [r for r in _RULES if r.name != rule.name or r.family != family]
        _RULES.append(rule)
        return func

    return decorator


def rules() -> list[Rule]:
    """Registered rules in run order (stable for equal orders; keyed rules
    of an order run before the key-less ones of that order)."""
    return sorted(_RULES, key=lambda r: (r.order, not r.keys))


class Context:
    """What one translation works on.

    Args:
        legacy: the legacy config as plain dicts (never modified).
        report: where rules record findings.
        target: ``'mmcompat'`` (exact schedulers allowed) or ``'mmengine'``
            (stock MMEngine components only).
        partial: translating a ``_base_`` fragment rather than a whole
            config: a rule combines keys only when both are in the fragment.
    """

    def __init__(
        self,
        legacy: Mapping[str, Any],
        report: Report,
        target: str = "mmcompat",
        partial: bool = False,
    ) -> None:
        self.legacy = legacy
        self.report = report
        self.target = target
        self.partial = partial
        self.new: dict[str, Any] = {}
        self.consumed: set[str] = set()

    # -- legacy side -----------------------------------------------------
    def has(self, key: str) -> bool:
        return key in self.legacy

    def get(self, key: str, default: Any = None) -> Any:
        """A deep copy of a legacy value (rules may reshape it freely)."""
        if key not in self.legacy:
            return default
        return copy.deepcopy(self.legacy[key])

    def consume(self, *keys: str) -> None:
        self.consumed.update(k for k in keys if k in self.legacy)

    def error(self, key: str, message: str) -> TranslationError:
        """An exception to raise for an invalid legacy value."""
        self.report.add("error", key, message)
        return TranslationError(key, message, self.report.source)

    # -- new side --------------------------------------------------------
    def default_hooks(self) -> dict:
        return self.new.setdefault("default_hooks", {})

    def resolve_todo(self, path: Iterable) -> None:
        """Drop the TODO findings at ``path`` (a plug-in mapped the value)."""
        path = tuple(path)
        self.report.findings = [
            f for f in self.report.findings if not (f.kind == "todo" and f.path == path)
        ]


def check_type(ctx: Context, key: str, value: Any, types: Any, what: str) -> None:
    if not isinstance(value, types):
        raise ctx.error(key, f"expected {what}, got {value!r}")
