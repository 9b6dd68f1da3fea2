"""``Registry``: string names to classes/functions, with scopes and parents.

Semantics follow MMEngine 0.10.7: a registry's scope is the top-level package
that created it (``mmdet.registry.MODELS`` has scope ``mmdet``); a child
registry looks names up in itself, then in its parents; ``'mmdet.Foo'``
searches the registry of scope ``mmdet`` in the same tree. ``locations`` are
modules imported the first time a name is looked up, so registering a class
costs nothing until somebody asks for it.
"""

from __future__ import annotations

import difflib
import importlib
import inspect
from collections.abc import Iterable
from typing import Any, Callable

from .default_scope import DefaultScope


class NotRegisteredError(KeyError):
    """A config's ``type`` names nothing in the registry (a ``KeyError``,
    as MMEngine raises). ``name`` is the missing type, ``message`` the
    explanation (registry, scope, close matches)."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name
        self.message = message

    def __str__(self) -> str:
        # KeyError's str() would quote the message
        return self.message

    def __reduce__(self) -> tuple:
        return (type(self), (self.name, self.message))


def _infer_scope() -> str:
    """The top-level package of the module that instantiates the registry."""
    frame = inspect.currentframe()
    # _infer_scope <- Registry.__init__ <- the defining module
    for _ in range(2):
        if frame is None:
            break
        frame = frame.f_back
    module = inspect.getmodule(frame) if frame is not None else None
    if module is None or module.__name__ == "__main__":
        return "mmcompat"
    return module.__name__.split(".")[0]


class Registry:
    """A mapping from names to classes or functions.

    Args:
        name: the registry name, used in messages.
        build_func: builds an object from a config; the parent's build
            function by default (see :attr:`build_func`).
        parent: the parent registry; lookups fall back to it.
        scope: the registry scope; the defining package when omitted.
        locations: modules imported lazily before the first lookup.
    """

    def __init__(
        self,
        name: str,
        build_func: Callable | None = None,
        parent: Registry | None = None,
        scope: str | None = None,
        locations: Iterable[str] = (),
    ) -> None:
        self._name = name
        self._module_dict: dict[str, type | Callable] = {}
        self._children: dict[str, Registry] = {}
        self._locations = list(locations)
        self._imported = False
        self._scope = scope if scope is not None else _infer_scope()
        if parent is not None:
            if not isinstance(parent, Registry):
                raise TypeError(f"parent must be a Registry, got {type(parent)}")
            parent._add_child(self)
        self.parent = parent
        self._build_func = build_func

    # -- introspection -------------------------------------------------------
    def __len__(self) -> int:
        return len(self._module_dict)

    def __contains__(self, key: str) -> bool:
        return self.get(key) is not None

    def __repr__(self) -> str:
        names = ", ".join(sorted(self._module_dict))
        return f"Registry(name={self._name!r}, scope={self._scope!r}, items=[{names}])"

    @property
    def name(self) -> str:
        return self._name

    @property
    def scope(self) -> str:
        return self._scope

    @property
    def module_dict(self) -> dict[str, Any]:
        return self._module_dict

    @property
    def children(self) -> dict[str, Registry]:
        return self._children

    @property
    def root(self) -> Registry:
        return self._get_root_registry()

    @staticmethod
    def split_scope_key(key: str) -> tuple[str | None, str]:
        """``'mmdet.ResNet'`` -> ``('mmdet', 'ResNet')``; no dot -> scope None."""
        split_index = key.find(".")
        if split_index != -1:
            return key[:split_index], key[split_index + 1 :]
        return None, key

    def _get_root_registry(self) -> Registry:
        root = self
        while root.parent is not None:
            root = root.parent
        return root

    def _add_child(self, registry: Registry) -> None:
        if registry.scope in self._children:
            raise KeyError(
                f"scope {registry.scope!r} already exists in the {self.name} registry"
            )
        self._children[registry.scope] = registry

    def _search_child(self, scope: str) -> Registry | None:
        if self._scope == scope:
            return self
        for child in self._children.values():
            found = child._search_child(scope)
            if found is not None:
                return found
        return None

    # -- lazy import ---------------------------------------------------------
    def import_from_location(self) -> None:
        """Import ``locations`` once, registering the modules they define."""
        if self._imported:
            return
        self._imported = True
        for location in self._locations:
            importlib.import_module(location)

    # -- scope switching -----------------------------------------------------
    def switch_scope_and_registry(self, scope: str | None):
        """Context manager: the registry of ``scope`` in this tree (or self)."""
        return _SwitchScope(self, scope)

    # -- lookup --------------------------------------------------------------
    def get(self, key: str) -> type | Callable | None:
        """The object registered as ``key`` (``'scope.Name'`` allowed), or None."""
        if not isinstance(key, str):
            raise TypeError(f"registry keys must be str, got {type(key).__name__}")
        scope, real_key = self.split_scope_key(key)
        self.import_from_location()
        if scope is None or scope == self._scope:
            if real_key in self._module_dict:
                return self._module_dict[real_key]
            if scope is not None:
                # An explicit scope names exactly one registry.
                return None
            parent = self.parent
            while parent is not None:
                parent.import_from_location()
                if real_key in parent._module_dict:
                    return parent._module_dict[real_key]
                parent = parent.parent
            return None
        # A scope other than ours: the registry of that scope in our tree.
        if scope in self._children:
            return self._children[scope].get(real_key)
        target = self._get_root_registry()._search_child(scope)
        if target is None:
            # "a.b.C"-style keys whose first part is not a scope.
            return None
        return target.get(real_key)

    def _close_matches(self, key: str) -> list[str]:
        names: set[str] = set()
        registry: Registry | None = self
        while registry is not None:
            names.update(registry._module_dict)
            registry = registry.parent
        return difflib.get_close_matches(key, sorted(names), n=3, cutoff=0.6)

    def not_found_error(self, key: str) -> NotRegisteredError:
        """The error raised when a config names ``key`` and it is missing."""
        return NotRegisteredError(key, self.not_found_message(key))

    def not_found_message(self, key: str) -> str:
        """The message used when ``key`` is missing: registry, scope, matches."""
        _, real_key = self.split_scope_key(key)
        message = f"{key!r} is not in the {self.name!r} registry (scope {self.scope!r}"
        if self.parent is not None:
            message += ", and its parents"
        message += ")."
        matches = self._close_matches(real_key)
        if matches:
            message += " Did you mean: " + ", ".join(repr(m) for m in matches) + "?"
        else:
            message += (
                " Check the spelling of `type`, and that the module defining it "
                "is imported (or listed in `custom_imports`)."
            )
        return message

    # -- building ------------------------------------------------------------
    @property
    def build_func(self) -> Callable:
        """How :meth:`build` builds: this registry's own function, else its
        parent's, else ``build_from_cfg``. The package that owns a root
        registry's members sets the root's function when it is imported
        (``mmcompat.optim`` sets ``PARAM_SCHEDULERS.build_func``), so a root
        imports its ``locations`` before answering."""
        if self._build_func is not None:
            return self._build_func
        if self.parent is not None:
            return self.parent.build_func
        self.import_from_location()
        return self._build_func or build_from_cfg

    @build_func.setter
    def build_func(self, func: Callable) -> None:
        self._build_func = func

    def build(self, cfg: dict, *args: Any, **kwargs: Any) -> Any:
        return self.build_func(cfg, *args, **kwargs, registry=self)

    # -- registration --------------------------------------------------------
    def _register_module(
        self,
        module: Any,
        module_name: str | list[str] | None = None,
        force: bool = False,
    ) -> None:
        if not callable(module):
            raise TypeError(f"module must be a class or a function, got {type(module)}")
        if module_name is None:
            module_name = module.__name__
        names = [module_name] if isinstance(module_name, str) else list(module_name)
        for name in names:
            if not force and name in self._module_dict:
                existing = self._module_dict[name]
                raise KeyError(
                    f"{name!r} is already registered in the {self.name!r} registry "
                    f"at {getattr(existing, '__module__', '?')}; pass force=True to "
                    "replace it"
                )
            self._module_dict[name] = module

    def register_module(
        self,
        name: str | list[str] | None = None,
        force: bool = False,
        module: Any = None,
    ) -> Any:
        """Register a class or function; usable as a decorator or a call."""
        if not isinstance(force, bool):
            raise TypeError(f"force must be a bool, got {type(force)}")
        if not (name is None or isinstance(name, str) or _is_str_list(name)):
            raise TypeError(f"name must be None, a str or a list of str, got {name!r}")
        if module is not None:
            self._register_module(module, name, force)
            return module

        def _register(module: Any) -> Any:
            self._register_module(module, name, force)
            return module

        return _register


def _is_str_list(value: Any) -> bool:
    return isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value)


class _SwitchScope:
    def __init__(self, registry: Registry, scope: str | None) -> None:
        self.registry = registry
        self.scope = scope
        self._overwrite = None

    def __enter__(self) -> Registry:
        self._overwrite = DefaultScope.overwrite_default_scope(self.scope)
        self._overwrite.__enter__()
        current = DefaultScope.get_current_instance()
        if current is None:
            return self.registry
        scope_name = current.scope_name
        if scope_name == self.registry.scope:
            return self.registry
        found = self.registry._get_root_registry()._search_child(scope_name)
        if found is None:
            try:
                importlib.import_module(f"{scope_name}.registry")
            except ImportError:
                return self.registry
            found = self.registry._get_root_registry()._search_child(scope_name)
        return found if found is not None else self.registry

    def __exit__(self, *exc: Any) -> None:
        self._overwrite.__exit__(*exc)


def build_from_cfg(
    cfg: dict, registry: Registry, default_args: dict | None = None
) -> Any:
    """Build an object from ``cfg['type']`` (a name or a callable).

    ``default_args`` fill keys the config does not set; ``_scope_`` switches
    the default scope while building.
    """
    if not isinstance(cfg, dict):
        raise TypeError(f"cfg must be a dict, got {type(cfg).__name__}")
    if "type" not in cfg and (default_args is None or "type" not in default_args):
        raise KeyError(
            f'a config built by the {registry.name!r} registry needs the key "type", '
            f"got keys {sorted(cfg)}"
        )
    if default_args is not None and not isinstance(default_args, dict):
        raise TypeError(
            f"default_args must be a dict or None, got {type(default_args)}"
        )
    args = dict(cfg)
    if default_args is not None:
        for key, value in default_args.items():
            args.setdefault(key, value)
    scope = args.pop("_scope_", None)
    with registry.switch_scope_and_registry(scope) as registry:
        obj_type = args.pop("type")
        if isinstance(obj_type, str):
            obj_cls = registry.get(obj_type)
            if obj_cls is None:
                raise registry.not_found_error(obj_type)
        elif callable(obj_type):
            obj_cls = obj_type
        else:
            raise TypeError(
                f"type must be a str or a class/function, got {type(obj_type).__name__}"
            )
        try:
            if (
                inspect.isclass(obj_cls)
                and hasattr(obj_cls, "get_instance")
                and hasattr(obj_cls, "_instance_dict")
            ):
                # ManagerMixin classes (Visualizer, MessageHub ...) are named
                # global instances.
                return obj_cls.get_instance(**args)
            return obj_cls(**args)
        except Exception as e:
            # Name the class being built, keeping the original exception type.
            name = getattr(obj_cls, "__name__", repr(obj_cls))
            try:
                wrapped = type(e)(f"{name}: {e}")
            except Exception:
                raise e from None
            raise wrapped.with_traceback(e.__traceback__) from None
