"""The root registries of the new-style API (MMEngine's names).

Each lazily imports the package that registers the built-in members, so
``HOOKS.get('CheckpointHook')`` works without importing ``mmcompat.hooks``
first and ``import mmcompat.registry`` stays cheap. That package also sets
the registry's build function where building needs more than
``build_from_cfg`` (``RUNNERS``: ``Runner.from_cfg``; ``MODELS``: a list
of configs is a ``Sequential``; ``PARAM_SCHEDULERS``:
``convert_to_iter_based``), as MMEngine wires the same functions in.
"""

from __future__ import annotations

from .registry import Registry

RUNNERS = Registry("runner", scope="mmcompat", locations=["mmcompat.runner"])
RUNNER_CONSTRUCTORS = Registry("runner constructor", scope="mmcompat")
LOOPS = Registry("loop", scope="mmcompat", locations=["mmcompat.runner.loops"])
HOOKS = Registry("hook", scope="mmcompat", locations=["mmcompat.hooks"])
STRATEGIES = Registry("strategy", scope="mmcompat")

DATASETS = Registry("dataset", scope="mmcompat", locations=["mmcompat.dataset"])
DATA_SAMPLERS = Registry(
    "data sampler", scope="mmcompat", locations=["mmcompat.dataset"]
)
TRANSFORMS = Registry("transform", scope="mmcompat", locations=["mmcompat.dataset"])

MODELS = Registry("model", scope="mmcompat", locations=["mmcompat.model"])
MODEL_WRAPPERS = Registry(
    "model_wrapper", scope="mmcompat", locations=["mmcompat.model"]
)
WEIGHT_INITIALIZERS = Registry(
    "weight initializer", scope="mmcompat", locations=["mmcompat.model"]
)

OPTIMIZERS = Registry("optimizer", scope="mmcompat", locations=["mmcompat.optim"])
OPTIM_WRAPPERS = Registry(
    "optim_wrapper", scope="mmcompat", locations=["mmcompat.optim"]
)
OPTIM_WRAPPER_CONSTRUCTORS = Registry(
    "optimizer wrapper constructor", scope="mmcompat", locations=["mmcompat.optim"]
)
PARAM_SCHEDULERS = Registry(
    "parameter scheduler", scope="mmcompat", locations=["mmcompat.optim"]
)

METRICS = Registry("metric", scope="mmcompat", locations=["mmcompat.evaluator"])
EVALUATOR = Registry("evaluator", scope="mmcompat", locations=["mmcompat.evaluator"])

TASK_UTILS = Registry("task util", scope="mmcompat")
VISUALIZERS = Registry(
    "visualizer", scope="mmcompat", locations=["mmcompat.visualization"]
)
VISBACKENDS = Registry(
    "vis_backend", scope="mmcompat", locations=["mmcompat.visualization"]
)
LOG_PROCESSORS = Registry(
    "log_processor", scope="mmcompat", locations=["mmcompat.runner"]
)
INFERENCERS = Registry("inferencer", scope="mmcompat")
FUNCTIONS = Registry("function", scope="mmcompat", locations=["mmcompat.dataset"])
