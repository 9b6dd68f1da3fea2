"""Merging a child config into its bases, and ``{{_base_.x}}`` substitution.

The merge rule is MMEngine's (and MMCV 1.x's) ``Config._merge_a_into_b``:

- a dict in the child merges key by key into the base's dict;
- a dict carrying ``_delete_=True`` replaces the base value instead (the
  ``_delete_`` key is dropped);
- any other child value overwrites;
- a dict in the child over a base value that is not a dict is an error,
  unless ``_delete_=True`` says to replace it;
- with ``allow_list_keys`` (used by ``merge_from_dict``), digit keys index
  into a base list: ``{'pipeline': {'0': dict(type='X')}}`` merges into
  ``pipeline[0]``.

Quirk kept for fidelity: when the base has no such key, MMEngine copies the
child's dict as is, so a ``_delete_=True`` there stays in the result (real
MMCV/MMEngine configs then carry a ``_delete_`` key; so do we).
"""

from __future__ import annotations

from typing import Any

from .config_dict import ConfigDict
from .errors import ConfigKeyError, ConfigTypeError

DELETE_KEY = "_delete_"


def _pop_delete(value: dict, filename: str | None, path: tuple) -> bool:
    flag = value.pop(DELETE_KEY, False)
    if not isinstance(flag, bool):
        raise ConfigTypeError(
            f"{DELETE_KEY} must be True or False, got {flag!r}",
            filename=filename,
            key=path + (DELETE_KEY,),
        )
    return flag


def merge_a_into_b(
    a: dict,
    b: Any,
    allow_list_keys: bool = False,
    *,
    filename: str | None = None,
    path: tuple = (),
) -> Any:
    """Merge ``a`` into a shallow copy of ``b`` and return the copy.

    ``a`` is consumed (its ``_delete_`` keys are popped); pass a copy if it
    is still needed. ``filename`` and ``path`` only make error messages
    precise.
    """
    b = b.copy()
    for key, value in a.items():
        key_path = path + (key,)
        if isinstance(b, list):
            if not (allow_list_keys and isinstance(key, str) and key.isdigit()):
                raise ConfigTypeError(
                    f"cannot merge key '{key}' into a list (the base value at "
                    f"'{'.'.join(map(str, path))}' is a list); set "
                    f"{DELETE_KEY}=True to replace it",
                    filename=filename,
                    key=key_path,
                )
            index = int(key)
            if index >= len(b):
                raise ConfigKeyError(
                    f"index {index} is out of range for a list of length {len(b)}",
                    filename=filename,
                    key=key_path,
                )
            if isinstance(value, dict):
                if _pop_delete(value, filename, key_path):
                    b[index] = ConfigDict(value)
                elif isinstance(b[index], (dict, list)):
                    b[index] = merge_a_into_b(
                        value,
                        b[index],
                        allow_list_keys,
                        filename=filename,
                        path=key_path,
                    )
                else:
                    raise _cannot_inherit(key_path, b[index], filename)
            else:
                b[index] = value
        elif isinstance(value, dict):
            if key in b and not _pop_delete(value, filename, key_path):
                allowed = (dict, list) if allow_list_keys else dict
                if not isinstance(b[key], allowed):
                    raise _cannot_inherit(key_path, b[key], filename)
                b[key] = merge_a_into_b(
                    value, b[key], allow_list_keys, filename=filename, path=key_path
                )
            else:
                b[key] = ConfigDict(value)
        else:
            b[key] = value
    return b


def _cannot_inherit(
    path: tuple, base_value: Any, filename: str | None
) -> ConfigTypeError:
    return ConfigTypeError(
        "is a dict in the child config but "
        f"{type(base_value).__name__} ({base_value!r:.60}) in the base config, "
        f"so it cannot be merged; set {DELETE_KEY}=True in the dict to replace "
        "the base value",
        filename=filename,
        key=path,
    )


def copy_tree(value: Any) -> Any:
    """A copy of nested dicts/lists/tuples; leaves are shared.

    ConfigDicts stay ConfigDicts. MMEngine deep-copies the child config here;
    rebuilding the containers gives the same independence, much faster.
    """
    if isinstance(value, dict):
        out = ConfigDict() if isinstance(value, ConfigDict) else {}
        for key, item in dict.items(value):
            dict.__setitem__(out, key, copy_tree(item))
        return out
    if isinstance(value, list):
        return [copy_tree(item) for item in value]
    if isinstance(value, tuple):
        items = [copy_tree(item) for item in value]
        return type(value)(*items) if hasattr(value, "_fields") else type(value)(items)
    return value


def lookup_base_var(
    base_cfg: dict,
    name: str,
    filename: str | None,
    path: tuple,
    lineno: int | None = None,
) -> Any:
    """The value ``{{_base_.<name>}}`` refers to (``name`` is dotted)."""
    current: Any = base_cfg
    walked: list[str] = []
    for part in name.split("."):
        walked.append(part)
        if isinstance(current, dict) and part in current:
            current = dict.__getitem__(current, part)
        elif (
            isinstance(current, (list, tuple))
            and part.isdigit()
            and int(part) < len(current)
        ):
            current = current[int(part)]
        else:
            where = ".".join(walked)
            raise ConfigKeyError(
                f"{{{{_base_.{name}}}}} refers to '{where}', which the base "
                "configs do not define",
                filename=filename,
                key=path,
                lineno=lineno,
            )
    return copy_tree(current)


def substitute_base_vars(
    value: Any,
    placeholders: dict[str, tuple[str, int]],
    base_cfg: dict,
    filename: str | None = None,
    path: tuple = (),
) -> Any:
    """A copy of ``value`` with every placeholder string swapped for the base
    value it names. Without placeholders this is just :func:`copy_tree`."""
    if not placeholders:
        return copy_tree(value)
    if isinstance(value, str):
        if value in placeholders:
            name, lineno = placeholders[value]
            return lookup_base_var(base_cfg, name, filename, path, lineno)
        return value
    if isinstance(value, dict):
        out = ConfigDict() if isinstance(value, ConfigDict) else {}
        for key, item in dict.items(value):
            dict.__setitem__(
                out,
                key,
                substitute_base_vars(
                    item, placeholders, base_cfg, filename, path + (key,)
                ),
            )
        return out
    if isinstance(value, (list, tuple)):
        items = [
            substitute_base_vars(
                item, placeholders, base_cfg, filename, path + (index,)
            )
            for index, item in enumerate(value)
        ]
        if isinstance(value, list):
            return items
        return type(value)(*items) if hasattr(value, "_fields") else type(value)(items)
    return value


def merge_options(
    options: dict,
    cfg_dict: Any,
    allow_list_keys: bool = True,
    filename: str | None = None,
) -> Any:
    """Merge dotted-key options (``{'model.backbone.depth': 101}``) into a
    copy of ``cfg_dict`` (``Config.merge_from_dict``; ``--cfg-options``)."""
    from .config_dict import to_builtin

    option_cfg: dict = {}
    for full_key, value in options.items():
        node = option_cfg
        parts = str(full_key).split(".")
        for part in parts[:-1]:
            child = node.setdefault(part, ConfigDict())
            if not isinstance(child, dict):
                raise ConfigKeyError(
                    f"option {full_key!r} conflicts with another option that "
                    f"sets {part!r} to a non-dict value",
                    key=full_key,
                )
            node = child
        node[parts[-1]] = (
            to_builtin(value) if isinstance(value, (dict, list, tuple)) else value
        )
    return merge_a_into_b(
        option_cfg, cfg_dict, allow_list_keys=allow_list_keys, filename=filename
    )
