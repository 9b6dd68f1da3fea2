"""What a runner checkpoint holds, and putting it back.

A checkpoint is a dict of tensors and plain containers (it loads with
``torch.load(weights_only=True)``)::

    meta              epoch, iter, cfg (text), seed, experiment_name, time,
                      mmcompat_version, torch_version[, dataset_meta]
    state_dict        model weights (CPU)
    message_hub       MessageHub.state_dict()
    optimizer         optim_wrapper.state_dict()          (save_optimizer)
    param_schedulers  [scheduler.state_dict(), ...]       (save_param_scheduler)
    hooks             {name: hook.state_dict()} for hooks that have one
    rng_state         python / numpy / torch / CUDA generator states
    train_loop        train_loop.state_dict(): epoch, iter, dataloader
                      position and the RNG states at its pass start

MMEngine 0.10.7 stores the first five; the last three make resume exact.
"""

from __future__ import annotations

import time
from typing import Any, Optional

import torch

from .checkpoint import get_state_dict, weights_to_cpu
from .randomness import get_rng_state, set_rng_state
from .utils import unwrap_model


def _hook_names(hooks: list) -> list[str]:
    """Stable names: the class name, ``#n`` appended for repeats."""
    names, seen = [], {}
    for hook in hooks:
        name = type(hook).__name__
        seen[name] = seen.get(name, 0) + 1
        names.append(name if seen[name] == 1 else f"{name}#{seen[name]}")
    return names


def _stateful_hooks(hooks: list) -> dict[str, Any]:
    return {
        name: hook
        for name, hook in zip(_hook_names(hooks), hooks)
        if callable(getattr(hook, "state_dict", None))
        and callable(getattr(hook, "load_state_dict", None))
    }


def _config_text(cfg: Any) -> str:
    try:
        return cfg.pretty_text if len(cfg) else ""
    except Exception:  # objects (a built model ...) that do not print as code
        return ""


def _cpu(obj: Any) -> Any:
    if isinstance(obj, torch.Tensor):
        return obj.detach().cpu()
    if isinstance(obj, dict):
        return type(obj)((k, _cpu(v)) for k, v in obj.items())
    if type(obj) in (list, tuple):
        return type(obj)(_cpu(v) for v in obj)
    return obj


def _scheduler_states(schedulers: Any) -> Any:
    if isinstance(schedulers, dict):
        return {
            name: [s.state_dict() for s in group] for name, group in schedulers.items()
        }
    return [s.state_dict() for s in schedulers]


def collect_checkpoint(
    runner: Any,
    meta: dict,
    save_optimizer: bool,
    save_param_scheduler: bool,
) -> dict:
    """The checkpoint dict of ``runner`` now (``meta`` already has
    epoch/iter)."""
    from mmcompat.optim import OptimWrapper
    from mmcompat.version import __version__

    meta.update(
        cfg=_config_text(runner.cfg),
        seed=runner.seed,
        experiment_name=runner.experiment_name,
        time=time.strftime("%Y%m%d_%H%M%S", time.localtime()),
        mmcompat_version=__version__,
        torch_version=str(torch.__version__),
    )
    train_loop = runner.train_loop
    dataset = getattr(getattr(train_loop, "dataloader", None), "dataset", None)
    if hasattr(dataset, "metainfo"):
        meta.update(dataset_meta=dataset.metainfo)

    checkpoint: dict[str, Any] = {
        "meta": meta,
        "state_dict": weights_to_cpu(get_state_dict(unwrap_model(runner.model))),
        "message_hub": _cpu(runner.message_hub.state_dict()),
    }
    if save_optimizer:
        if not isinstance(runner.optim_wrapper, OptimWrapper):
            raise TypeError(
                "runner.optim_wrapper must be a built OptimWrapper to save it, "
                f"got {type(runner.optim_wrapper).__name__}"
            )
        checkpoint["optimizer"] = _cpu(runner.optim_wrapper.state_dict())
    if save_param_scheduler and runner.param_schedulers is None:
        runner.logger.warning(
            "`save_param_scheduler` is True but `runner.param_schedulers` is "
            "None, so skip saving parameter schedulers"
        )
        save_param_scheduler = False
    if save_param_scheduler:
        checkpoint["param_schedulers"] = _scheduler_states(runner.param_schedulers)
    hook_states = {n: h.state_dict() for n, h in _stateful_hooks(runner.hooks).items()}
    if hook_states:
        checkpoint["hooks"] = hook_states
    checkpoint["rng_state"] = get_rng_state()
    if callable(getattr(train_loop, "state_dict", None)):
        checkpoint["train_loop"] = train_loop.state_dict()
    return checkpoint


def _load_schedulers(schedulers: Any, states: Any) -> None:
    if isinstance(schedulers, dict):
        for name, group in schedulers.items():
            for scheduler, state in zip(group, states[name]):
                scheduler.load_state_dict(state)
    else:
        for scheduler, state in zip(schedulers, states):
            scheduler.load_state_dict(state)


def restore_training_state(
    runner: Any,
    checkpoint: dict,
    resume_optimizer: bool,
    resume_param_scheduler: bool,
) -> None:
    """Put everything but the weights (already loaded) back into ``runner``."""
    import pickle

    meta = checkpoint.get("meta", {})
    train_loop = runner.train_loop
    train_loop._epoch = meta.get("epoch", 0)
    train_loop._iter = meta.get("iter", 0)

    resumed_seed = meta.get("seed")
    current_seed = runner._randomness_cfg.get("seed")
    if resumed_seed is not None and resumed_seed != current_seed:
        if current_seed is not None:
            runner.logger.warning(
                f'The value of random seed in the checkpoint "{resumed_seed}" '
                f'is different from the value in `randomness` config "{current_seed}"'
            )
        runner._randomness_cfg.update(seed=resumed_seed)
        runner.set_randomness(**runner._randomness_cfg)

    dataset = getattr(train_loop.dataloader, "dataset", None)
    resumed_meta = meta.get("dataset_meta")
    current_meta = getattr(dataset, "metainfo", None)
    if pickle.dumps(resumed_meta) != pickle.dumps(current_meta):
        runner.logger.warning(
            "The dataset metainfo from the resumed checkpoint is different from "
            "the current training dataset, please check the correctness of the "
            "checkpoint or the training dataset."
        )

    if "message_hub" in checkpoint:
        runner.message_hub.load_state_dict(checkpoint["message_hub"])
    if "optimizer" in checkpoint and resume_optimizer:
        runner.optim_wrapper = runner.build_optim_wrapper(runner.optim_wrapper)
        runner.optim_wrapper.load_state_dict(checkpoint["optimizer"])
    if resume_param_scheduler and runner.param_schedulers is None:
        runner.logger.warning(
            "`resume_param_scheduler` is True but `runner.param_schedulers` is "
            "None, so skip resuming parameter schedulers"
        )
        resume_param_scheduler = False
    if "param_schedulers" in checkpoint and resume_param_scheduler:
        runner.param_schedulers = runner.build_param_scheduler(runner.param_schedulers)
        _load_schedulers(runner.param_schedulers, checkpoint["param_schedulers"])

    hook_states = checkpoint.get("hooks", {})
    for name, hook in _stateful_hooks(runner.hooks).items():
        if name in hook_states:
            hook.load_state_dict(hook_states[name])

    rng_state: Optional[dict] = checkpoint.get("rng_state")
    if rng_state is not None:
        set_rng_state(rng_state)
        loop_state = checkpoint.get("train_loop")
        if loop_state is not None and callable(
            getattr(train_loop, "load_state_dict", None)
        ):
            train_loop.load_state_dict(dict(loop_state, rng_state=rng_state))
