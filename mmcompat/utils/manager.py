"""Named global instances, as MMEngine's ``ManagerMixin``.

``MMLogger``, ``MessageHub``, ``Visualizer`` and ``DefaultScope`` are created
with ``Cls.get_instance(name, **kwargs)``; the most recently created (or
fetched) instance is ``Cls.get_current_instance()``.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

_lock = threading.RLock()


class ManagerMeta(type):
    """Gives every class its own instance dict and requires a ``name``."""

    def __init__(cls, *args: Any) -> None:
        cls._instance_dict = OrderedDict()
        super().__init__(*args)


class ManagerMixin(metaclass=ManagerMeta):
    def __init__(self, name: str = "", **kwargs: Any) -> None:
        if not isinstance(name, str) or not name:
            raise TypeError(
                f"{type(self).__name__} needs a non-empty str name, got {name!r}"
            )
        self._instance_name = name

    @classmethod
    def get_instance(cls, name: str, **kwargs: Any):
        """Return the instance called ``name``, creating it with ``kwargs``."""
        with _lock:
            instance_dict = cls._instance_dict
            if name not in instance_dict:
                instance_dict[name] = cls(name=name, **kwargs)
            elif kwargs:
                import warnings

                warnings.warn(
                    f"{cls.__name__} instance {name!r} already exists; "
                    f"the arguments {sorted(kwargs)} are ignored",
                    stacklevel=2,
                )
            return instance_dict[name]

    @classmethod
    def get_current_instance(cls):
        """Return the most recently created instance; raise if there is none."""
        with _lock:
            if not cls._instance_dict:
                raise RuntimeError(
                    f"Before calling {cls.__name__}.get_current_instance(), "
                    f"create one with {cls.__name__}.get_instance(name=...)"
                )
            return next(reversed(cls._instance_dict.values()))

    @classmethod
    def check_instance_created(cls, name: str) -> bool:
        return name in cls._instance_dict

    @property
    def instance_name(self) -> str:
        return self._instance_name
