"""MMCV 1.x's layer registries on MMCV 2.x's one ``MODELS`` registry.

MMCV 1.x kept a registry per layer family (``CONV_LAYERS``,
``NORM_LAYERS``, ..., ``TRANSFORMER_LAYER_SEQUENCE``) and a root
``mmcv.cnn.MODELS`` for downstream model registries. MMCV 2.x keeps all of
its layers in MMEngine's ``MODELS``, and its builders (``build_conv_layer``,
``build_norm_layer``, ``build_transformer_layer_sequence``...) look there.
With MMCV 2.x installed, the legacy names are therefore views of that one
registry:

- a layer registered by legacy code (``@CONV_LAYERS.register_module()``) is
  registered in MMEngine's ``MODELS``, where MMCV 2.x's builders find it;
  ``CONV_LAYERS.get('Conv')`` finds MMCV 2.x's layers;
- ``mmcv.cnn.MODELS`` is a legacy registry of scope ``mmcv`` over the same
  table, a child of mmcompat's ``MODELS``: a library's
  ``Registry('models', parent=MMCV_MODELS)`` finds MMCV's bricks through its
  parent, and mmcompat's runner finds the library's registry by scope;
- a name that the merged table already holds for another class (a user's
  ``Swish`` plugin next to MMCV 2.x's ``Swish`` activation, which MMCV 1.x
  kept apart) is refused with an error naming both.

The registrations legacy code made are removed when the run ends.
"""

from __future__ import annotations

from typing import Any, Optional

from .registry import Registry, build_from_cfg

__all__ = ["LAYER_REGISTRIES", "legacy_registry", "build_model_from_cfg"]

#: legacy registry constant -> the name MMCV 1.x gave the registry
LAYER_REGISTRIES: dict[str, str] = {
    "CONV_LAYERS": "conv layer",
    "NORM_LAYERS": "norm layer",
    "ACTIVATION_LAYERS": "activation layer",
    "PADDING_LAYERS": "padding layer",
    "UPSAMPLE_LAYERS": "upsample layer",
    "PLUGIN_LAYERS": "plugin layer",
    "DROPOUT_LAYERS": "drop out layers",
    "POSITIONAL_ENCODING": "position encoding",
    "ATTENTION": "attention",
    "FEEDFORWARD_NETWORK": "feed-forward Network",
    "TRANSFORMER_LAYER": "transformerLayer",
    "TRANSFORMER_LAYER_SEQUENCE": "transformer-layers sequence",
}
#: the modules whose ``MODELS`` is MMCV 1.x's root model registry
_MODELS_MODULES = ("mmcv.cnn", "mmcv.cnn.builder")

_MISSING = object()


def build_model_from_cfg(
    cfg: dict | list, registry: Any, default_args: Optional[dict] = None
) -> Any:
    """``mmcv.cnn.build_model_from_cfg``: a list of configs becomes the
    legacy ``Sequential`` (MMCV 1.x's build function of ``MODELS``)."""
    if isinstance(cfg, list):
        from mmcompat.model import Sequential

        return Sequential(*(build_from_cfg(c, registry, default_args) for c in cfg))
    return build_from_cfg(cfg, registry, default_args)


class _MergedTable:
    """Registration into MMEngine's ``MODELS`` for the legacy views, with the
    clash check and the record that undoes it."""

    def __init__(self, models: Any) -> None:
        self.models = models
        self.added: list[tuple[str, Any]] = []  # (name, what it replaced)

    def register(
        self, view: Registry, module: Any, names: list[str], force: bool
    ) -> None:
        table = self.models.module_dict
        for name in names:
            existing = table.get(name, _MISSING)
            if existing is module:
                continue
            if existing is not _MISSING and not force:
                raise KeyError(
                    f"{_qualname(module)} cannot be registered as {name!r} in the "
                    f"legacy {view.name!r} registry: MMCV 2.x keeps all layers in "
                    f"one MODELS registry, where {name!r} is already "
                    f"{_qualname(existing)}. Register it under another name "
                    "(register_module(name=...)), or with force=True to replace "
                    "MMCV's for this run"
                )
            self.added.append((name, existing))
            table[name] = module

    def undo(self) -> None:
        table = self.models.module_dict
        for name, previous in reversed(self.added):
            if previous is _MISSING:
                table.pop(name, None)
            else:
                table[name] = previous
        self.added.clear()


def _qualname(obj: Any) -> str:
    return f"{getattr(obj, '__module__', '?')}.{getattr(obj, '__qualname__', obj)}"


class _MergedView:
    """Mixin: a legacy registry whose table is MMEngine's ``MODELS``."""

    _merged: _MergedTable

    def _register_module(
        self, module: Any, module_name: Any = None, force: bool = False
    ) -> None:
        if not callable(module):
            raise TypeError(f"module must be a class or a function, got {type(module)}")
        if module_name is None:
            module_name = module.__name__
        names = [module_name] if isinstance(module_name, str) else list(module_name)
        self._merged.register(self, module, names, force)


class LegacyLayerRegistry(_MergedView, Registry):
    """``CONV_LAYERS``... (no parent, as in MMCV 1.x) over MMCV 2.x's table."""

    def __init__(self, name: str, merged: _MergedTable) -> None:
        super().__init__(name, scope="mmcv")
        self._merged = merged
        self._module_dict = merged.models.module_dict


class LegacyModels(_MergedView, Registry):
    """``mmcv.cnn.MODELS``: MMCV 1.x's root model registry over MMCV 2.x's
    table, below mmcompat's ``MODELS``."""

    def __init__(self, merged: _MergedTable) -> None:
        from mmcompat.registry import MODELS

        super().__init__(
            "model", build_func=build_model_from_cfg, parent=MODELS, scope="mmcv"
        )
        self._merged = merged
        self._module_dict = merged.models.module_dict


class _Views:
    """The views of one run (the same object for every import path)."""

    def __init__(self) -> None:
        from mmengine.registry import MODELS

        self.merged = _MergedTable(MODELS)
        self.layers: dict[str, LegacyLayerRegistry] = {}
        self.models: Optional[LegacyModels] = None

    def get(self, module: str, name: str) -> Optional[Registry]:
        if name in LAYER_REGISTRIES:
            if name not in self.layers:
                self.layers[name] = LegacyLayerRegistry(
                    LAYER_REGISTRIES[name], self.merged
                )
            return self.layers[name]
        if name == "MODELS" and module in _MODELS_MODULES:
            if self.models is None:
                self.models = LegacyModels(self.merged)
            return self.models
        return None


_VIEWS: Optional[_Views] = None


def legacy_registry(module: str, name: str) -> Optional[Registry]:
    """The legacy registry ``module.name`` (MMCV 2.x installed), or None
    when the name is not one of MMCV 1.x's layer or model registries."""
    global _VIEWS
    if name not in LAYER_REGISTRIES and name != "MODELS":
        return None
    if _VIEWS is None:
        _VIEWS = _Views()
    return _VIEWS.get(module, name)


def forget_views() -> None:
    """End of a run: remove what legacy code registered, drop the views."""
    global _VIEWS
    if _VIEWS is not None:
        _VIEWS.merged.undo()
        _VIEWS = None
