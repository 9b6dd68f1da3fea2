"""Scope: ``default_scope``, which MMCV configs never needed.

MMCV 1.x built a model with the registry of the package that registered
it (``build_detector(cfg.model)`` used ``mmdet``'s ``MODELS``); a project
registry ``Registry('models', parent=MMCV_MODELS)`` got the scope of its
package (``regproj``). MMEngine's Runner builds everything from the *root*
registries, and reaches a child registry only through the scope: without
``default_scope='regproj'`` it reports ``'MLPRegressor' is not in the
'model' registry``.

Rule (``infer_default_scope``), for a config without ``default_scope``:

- ``custom_imports.imports`` naming exactly one top-level package other
  than mmcompat/MMEngine/MMCV/PyTorch and the OpenMMLab libraries -> that
  package is the scope (a project imports its own package; an OpenMMLab
  library imported by another one's config, e.g. ``mmcls.models`` for a
  backbone in an MMDet config, is not the config's scope), with a TODO to
  check it;
- otherwise, when ``model.type`` is a name that is not one of the
  mmcompat/MMEngine built-in models (which need no scope), a TODO on
  ``model`` says to set ``default_scope`` to the package registering it
  (candidates from ``custom_imports`` named). Not in a ``_base_`` fragment:
  the config using it decides.
"""

from __future__ import annotations

from typing import Any

from ._core import Context, register_rule

__all__ = ["infer_default_scope", "imported_packages"]

#: top-level packages that are never a project's registry scope
NOT_A_SCOPE = frozenset({"mmcompat", "mmengine", "mmcv", "torch", "torchvision"})
#: OpenMMLab libraries: a config imports one for its components, while the
#: config's own scope is that of the library it belongs to
OPENMMLAB_LIBRARIES = frozenset(
    {
        "mmdet",
        "mmdet3d",
        "mmcls",
        "mmpretrain",
        "mmseg",
        "mmpose",
        "mmocr",
        "mmaction",
        "mmedit",
        "mmagic",
        "mmgen",
        "mmrotate",
        "mmtrack",
        "mmyolo",
        "mmselfsup",
        "mmrazor",
        "mmfewshot",
        "mmflow",
        "mmhuman3d",
        "mmdeploy",
    }
)
#: models registered in the root 'model' registry (mmcompat = MMEngine 0.10.7)
BUILTIN_MODELS = frozenset(
    {
        "BaseDataPreprocessor",
        "ImgDataPreprocessor",
        "BaseTTAModel",
        "ExponentialMovingAverage",
        "MomentumAnnealingEMA",
        "StochasticWeightAverage",
    }
)


def imported_packages(custom_imports: Any) -> list[str]:
    """Distinct top-level packages of ``custom_imports.imports`` (a module
    name or a list of them), in order; [] for anything else."""
    if not isinstance(custom_imports, dict):
        return []
    imports = custom_imports.get("imports")
    if isinstance(imports, str):
        imports = [imports]
    if not isinstance(imports, (list, tuple)):
        return []
    packages: list[str] = []
    for module in imports:
        if isinstance(module, str) and module.strip():
            top = module.strip().split(".")[0]
            if top not in packages:
                packages.append(top)
    return packages


@register_rule(family="environment", order=65)
def infer_default_scope(ctx: Context) -> None:
    if ctx.has("default_scope") or "default_scope" in ctx.new:
        return
    packages = imported_packages(ctx.legacy.get("custom_imports"))
    own = [p for p in packages if p not in NOT_A_SCOPE | OPENMMLAB_LIBRARIES]
    model = ctx.legacy.get("model")
    model_type = model.get("type") if isinstance(model, dict) else None
    if len(own) == 1:
        ctx.new["default_scope"] = own[0]
        ctx.report.todo(
            "default_scope",
            f"inferred from custom_imports (the Runner reaches a package's "
            "child registries through the scope, which MMCV's Registry took "
            f"from the package name): check that '{own[0]}' registers "
            + (f"`{model_type}`" if isinstance(model_type, str) else "the model"),
            ("default_scope",),
        )
        return
    if ctx.partial or not isinstance(model_type, str) or model_type in BUILTIN_MODELS:
        return
    hint = f" (one of {', '.join(repr(p) for p in own)}?)" if own else ""
    ctx.report.todo(
        "model.type",
        f"the Runner looks `{model_type}` up in the root 'model' registry: if a "
        "package registers it in a child registry (MMCV-style "
        "`Registry('models', parent=...)`, or an OpenMMLab 2.x library), set "
        f"default_scope = '<that package>'{hint}",
        ("model",),
    )
