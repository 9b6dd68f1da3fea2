"""MMCV 1.x's ``Registry``, ``build_from_cfg`` and ``obj_from_dict`` on
mmcompat's registry (MMCV's signatures, scope inference and build)."""

from __future__ import annotations

import inspect
from typing import Any, Callable, Optional

from mmcompat.registry import Registry as _NewRegistry

__all__ = ["Registry", "build_from_cfg", "obj_from_dict", "CREATED_REGISTRIES"]

#: every legacy registry created while the aliases are installed (so they
#: can be detached from the new root registries afterwards)
CREATED_REGISTRIES: list = []


def _caller_package(depth: int = 2) -> str:
    frame = inspect.currentframe()
    for _ in range(depth):
        frame = frame.f_back if frame is not None else None
    module = inspect.getmodule(frame) if frame is not None else None
    if module is None or module.__name__ == "__main__":
        return "__main__"
    return module.__name__.split(".")[0]


class Registry(_NewRegistry):
    """``mmcv.utils.Registry`` (MMCV 1.x signature and scope inference).

    ``Registry('models')`` in package ``toyproj`` gets scope ``toyproj``, as
    MMCV inferred it; a ``parent`` may be a new-style root registry
    (``mmcv.cnn.MODELS`` is ``mmcompat.registry.MODELS`` under the aliases),
    so names the user's registry lacks fall back to mmcompat's built-ins.
    """

    def __init__(
        self,
        name: str,
        build_func: Optional[Callable] = None,
        parent: Optional[_NewRegistry] = None,
        scope: Optional[str] = None,
    ) -> None:
        if scope is None:
            scope = _caller_package()
        if parent is not None and scope in parent.children:
            # The same legacy module imported again (a second run in one
            # process): the newer registry replaces the older one.
            del parent.children[scope]
        if build_func is None and not isinstance(parent, Registry):
            # MMCV's build (no default-scope switching), also below a new
            # root registry such as ``mmcv.cnn.MODELS``
            build_func = build_from_cfg
        super().__init__(name, build_func=build_func, parent=parent, scope=scope)
        CREATED_REGISTRIES.append(self)


def build_from_cfg(
    cfg: dict, registry: _NewRegistry, default_args: Optional[dict] = None
) -> Any:
    """``mmcv.utils.build_from_cfg``: ``registry.get(cfg['type'])(**args)``
    (no default-scope switching, as MMCV 1.x)."""
    if not isinstance(cfg, dict):
        raise TypeError(f"cfg must be a dict, but got {type(cfg)}")
    if "type" not in cfg and (default_args is None or "type" not in default_args):
        raise KeyError(
            '`cfg` or `default_args` must contain the key "type", '
            f"but got {cfg}\n{default_args}"
        )
    args = dict(cfg)
    for key, value in (default_args or {}).items():
        args.setdefault(key, value)
    obj_type = args.pop("type")
    if isinstance(obj_type, str):
        obj_cls = registry.get(obj_type)
        if obj_cls is None:
            raise registry.not_found_error(obj_type)
    elif callable(obj_type):
        obj_cls = obj_type
    else:
        raise TypeError(f"type must be a str or valid type, but got {type(obj_type)}")
    try:
        return obj_cls(**args)
    except Exception as e:
        raise type(e)(f"{obj_cls.__name__}: {e}") from e


def obj_from_dict(info: dict, parent: Any = None, default_args: Any = None) -> Any:
    args = dict(info)
    obj_type = args.pop("type")
    if isinstance(obj_type, str):
        obj_type = getattr(parent, obj_type) if parent is not None else None
    for key, value in (default_args or {}).items():
        args.setdefault(key, value)
    return obj_type(**args)
