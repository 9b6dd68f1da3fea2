"""Legacy registry names and the root registries they belong under.

MMCV 1.x had root registries only for what MMCV itself built (``model``,
``hook``, ``runner``, ``optimizer``...); a library or project made its own
``Registry('dataset')`` with no parent (MMCV had no root ``DATASETS``), and
often named registries in the plural (``Registry('models', parent=...)``).
MMEngine's Runner builds every component from a *root* registry and
reaches a package's registry only as a child of that root (through
``default_scope``). A legacy registry whose name is a root registry's name
(or its plural) therefore needs ``parent=<that root>``; the name itself
does not matter for lookup and is kept.

Data only: read by the codemods (``Registry('dataset')`` ->
``Registry('dataset', parent=DATASETS)``). No torch.
"""

from __future__ import annotations

__all__ = ["ROOT_REGISTRIES", "root_registry_for"]

#: root registry name -> its constant in ``mmcompat.registry`` (and
#: ``mmengine.registry``: the same names in MMEngine 0.10.7)
ROOT_REGISTRIES: dict[str, str] = {
    "runner": "RUNNERS",
    "runner constructor": "RUNNER_CONSTRUCTORS",
    "loop": "LOOPS",
    "hook": "HOOKS",
    "strategy": "STRATEGIES",
    "dataset": "DATASETS",
    "data sampler": "DATA_SAMPLERS",
    "transform": "TRANSFORMS",
    "model": "MODELS",
    "model_wrapper": "MODEL_WRAPPERS",
    "weight initializer": "WEIGHT_INITIALIZERS",
    "optimizer": "OPTIMIZERS",
    "optim_wrapper": "OPTIM_WRAPPERS",
    "optimizer wrapper constructor": "OPTIM_WRAPPER_CONSTRUCTORS",
    "parameter scheduler": "PARAM_SCHEDULERS",
    "metric": "METRICS",
    "evaluator": "EVALUATOR",
    "task util": "TASK_UTILS",
    "visualizer": "VISUALIZERS",
    "vis_backend": "VISBACKENDS",
    "log_processor": "LOG_PROCESSORS",
    "inferencer": "INFERENCERS",
    "function": "FUNCTIONS",
}


def root_registry_for(name: str) -> str | None:
    """The root registry constant a legacy ``Registry(name)`` belongs under:
    its exact name, or a plural one (``'models'``, ``'datasets'``); None for
    names with no root (``'pipeline'``, ``'backbone'``: library registries
    the Runner never builds from)."""
    if name in ROOT_REGISTRIES:
        return ROOT_REGISTRIES[name]
    if name.endswith("s") and name[:-1] in ROOT_REGISTRIES:
        return ROOT_REGISTRIES[name[:-1]]
    return None
