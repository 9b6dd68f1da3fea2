"""``DefaultScope``: the scope unscoped registry lookups start from."""

from __future__ import annotations

import copy
import time
from collections.abc import Iterator
from contextlib import contextmanager

from ..utils.manager import ManagerMixin


class DefaultScope(ManagerMixin):
    """A named global holding the current default scope (e.g. ``'mmdet'``).

    Example:
        >>> DefaultScope.get_instance('task', scope_name='mmdet')
        >>> DefaultScope.get_current_instance().scope_name
        'mmdet'
    """

    def __init__(self, name: str, scope_name: str) -> None:
        super().__init__(name)
        if not isinstance(scope_name, str):
            raise TypeError(f"scope_name must be a str, got {scope_name!r}")
        self._scope_name = scope_name

    @property
    def scope_name(self) -> str:
        return self._scope_name

    @classmethod
    def get_current_instance(cls) -> DefaultScope | None:
        """The current default scope, or None when none was set."""
        if not cls._instance_dict:
            return None
        return super().get_current_instance()

    @classmethod
    @contextmanager
    def overwrite_default_scope(cls, scope_name: str | None) -> Iterator[None]:
        """Make ``scope_name`` the current scope inside the block (None: no-op)."""
        if scope_name is None:
            yield
            return
        tmp = copy.deepcopy(cls._instance_dict)
        # A unique name so the new instance becomes the current one.
        cls.get_instance(f"overwrite-{time.time_ns()}", scope_name=scope_name)
        try:
            yield
        finally:
            cls._instance_dict = tmp
