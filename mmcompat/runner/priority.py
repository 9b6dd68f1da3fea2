"""Hook priorities (MMEngine's nine named levels).

A lower value runs earlier at a hook point; hooks with equal priority run in
registration order. Priorities may be given as a :class:`Priority`, as its
name (any case, ``'very_low'`` works) or as an integer in ``[0, 100]``.
"""

from __future__ import annotations

from enum import Enum
from typing import Union


class Priority(Enum):
    """Named hook priority levels.

    ============  =====
    level         value
    ============  =====
    HIGHEST       0
    VERY_HIGH     10
    HIGH          30
    ABOVE_NORMAL  40
    NORMAL        50
    BELOW_NORMAL  60
    LOW           70
    VERY_LOW      90
    LOWEST        100
    ============  =====
    """

    HIGHEST = 0
    VERY_HIGH = 10
    HIGH = 30
    ABOVE_NORMAL = 40
    NORMAL = 50
    BELOW_NORMAL = 60
    LOW = 70
    VERY_LOW = 90
    LOWEST = 100


PriorityLike = Union[int, str, Priority]


def get_priority(priority: PriorityLike) -> int:
    """Return the integer value of ``priority``.

    Args:
        priority: an int in ``[0, 100]``, a :class:`Priority`, or the name of
            a level (case-insensitive).

    Raises:
        ValueError: an int outside ``[0, 100]`` or an unknown level name.
        TypeError: any other type (``bool`` included: ``True`` is not a
            priority even though it is an ``int``).
    """
    if isinstance(priority, Priority):
        return priority.value
    if isinstance(priority, bool):
        raise TypeError(
            f"priority must be an int, a str or a Priority, got bool {priority!r}"
        )
    if isinstance(priority, int):
        if not 0 <= priority <= 100:
            raise ValueError(f"priority must be between 0 and 100, got {priority}")
        return priority
    if isinstance(priority, str):
        try:
            return Priority[priority.strip().upper()].value
        except KeyError:
            names = ", ".join(level.name for level in Priority)
            raise ValueError(
                f"unknown priority {priority!r}; expected one of {names} "
                "(any case) or an int in [0, 100]"
            ) from None
    raise TypeError(
        "priority must be an int, a str or a Priority, got "
        f"{type(priority).__name__} {priority!r}"
    )
