"""``ConfigDict``: a dict whose keys are also attributes (MMEngine semantics).

Built on ``addict.Dict`` like MMEngine's, with MMEngine's changes to it:

- a missing key raises (``KeyError`` for ``d['x']``, ``AttributeError``
  naming the key for ``d.x``) instead of addict's silent auto-vivification;
- only plain ``dict``/``OrderedDict`` values are converted to ``ConfigDict``
  (recursively, also inside lists and tuples, whose type is kept); a value
  that already is a ``ConfigDict`` (or another dict subclass) is stored as is;
- ``update`` merges nested dicts; ``merge`` also honours ``_delete_``.

MMEngine's lazy-import objects (``LazyObject``) are not supported: mmcompat
reads the ``_base_`` style of config, where every value is plain data.
"""

from __future__ import annotations

import copy
from collections import OrderedDict
from typing import Any

from addict import Dict

DELETE_KEY = "_delete_"


def _is_plain_dict(value: Any) -> bool:
    return type(value) in (dict, OrderedDict)


def to_builtin(value: Any) -> Any:
    """``value`` with every dict (ConfigDict included) turned into ``dict``.

    Lists and tuples keep their type and are rebuilt, so the result shares no
    container with ``value``. Leaves (str, numbers, objects) are shared.
    """
    if isinstance(value, dict):
        return {key: to_builtin(item) for key, item in dict.items(value)}
    if isinstance(value, list):
        return [to_builtin(item) for item in value]
    if isinstance(value, tuple):
        items = [to_builtin(item) for item in value]
        if hasattr(value, "_fields"):  # namedtuple: positional constructor
            return type(value)(*items)
        return type(value)(items)
    return value


class ConfigDict(Dict):
    """A ``dict`` with attribute access, used for every level of a config.

    >>> d = ConfigDict(model=dict(type='ResNet', depth=50))
    >>> d.model.depth
    50
    >>> d.model.missing
    Traceback (most recent call last):
    ...
    AttributeError: 'ConfigDict' object has no attribute 'missing'
    """

    def __init__(__self, *args: Any, **kwargs: Any) -> None:
        # addict keeps these three attributes on every instance; its freeze()
        # and __setitem__ read them. Auto-vivification (the parent link) is
        # never used because __missing__ raises.
        object.__setattr__(__self, "__parent", kwargs.pop("__parent", None))
        object.__setattr__(__self, "__key", kwargs.pop("__key", None))
        object.__setattr__(__self, "__frozen", False)
        for arg in args:
            if not arg:
                continue
            if isinstance(arg, dict):
                pairs = dict.items(arg)
            elif isinstance(arg, tuple) and not isinstance(arg[0], tuple):
                pairs = [arg]
            else:
                pairs = iter(arg)
            for key, value in pairs:
                __self[key] = value
        for key, value in kwargs.items():
            __self[key] = value

    @classmethod
    def _hook(cls, item: Any) -> Any:
        if _is_plain_dict(item):
            return cls(item)
        if isinstance(item, (list, tuple)):
            items = [cls._hook(elem) for elem in item]
            if hasattr(item, "_fields"):
                return type(item)(*items)
            return type(item)(items)
        return item

    def __missing__(self, name: Any) -> Any:
        raise KeyError(name)

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(
                f"'{type(self).__name__}' object has no attribute '{name}'"
            ) from None

    def __setitem__(self, name: Any, value: Any) -> None:
        # addict's __setitem__ also maintains the auto-vivification parent
        # link, which never exists here; only its freeze() check is kept.
        try:
            frozen = object.__getattribute__(self, "__frozen")
        except AttributeError:
            frozen = False
        if frozen and name not in self:
            raise KeyError(name)
        dict.__setitem__(self, name, self._hook(value))

    def __delattr__(self, name: str) -> None:
        try:
            del self[name]
        except KeyError:
            raise AttributeError(
                f"'{type(self).__name__}' object has no attribute '{name}'"
            ) from None

    def __copy__(self) -> ConfigDict:
        other = self.__class__()
        for key, value in dict.items(self):
            dict.__setitem__(other, key, value)
        return other

    copy = __copy__

    def __deepcopy__(self, memo: dict) -> ConfigDict:
        other = self.__class__()
        memo[id(self)] = other
        for key, value in dict.items(self):
            dict.__setitem__(
                other, copy.deepcopy(key, memo), copy.deepcopy(value, memo)
            )
        return other

    def __reduce_ex__(self, protocol: int):
        # Pickle as "call the class with a plain dict of the items": the
        # default dict-subclass path would go through addict's
        # __getstate__/__setstate__, which skip __init__.
        return (self.__class__, ({k: v for k, v in dict.items(self)},))

    def merge(self, other: dict) -> None:
        """Merge ``other`` into this dict in place, MMEngine's way.

        Nested dicts merge key by key; a dict in ``other`` carrying
        ``_delete_=True`` replaces the value here instead of merging into it;
        anything else in ``other`` overwrites.
        """
        merged = _merge_with_delete(to_builtin(other), to_builtin(self))
        self.clear()
        for key, value in merged.items():
            self[key] = value

    def to_dict(self) -> dict:
        """A plain ``dict`` copy, recursively (lists and tuples keep type)."""
        return to_builtin(self)


_MISSING = object()


def _merge_with_delete(a: Any, b: Any) -> Any:
    """MMEngine's ``ConfigDict.merge`` rule: dicts merge, ``_delete_`` resets."""
    if not isinstance(a, dict):
        return b if a is _MISSING else a
    if not isinstance(b, dict):
        a.pop(DELETE_KEY, None)
        return a
    if a.pop(DELETE_KEY, False):
        b = {}
    keys = list(b) + [key for key in a if key not in b]
    return {
        key: _merge_with_delete(a.get(key, _MISSING), b.get(key, _MISSING))
        for key in keys
    }
