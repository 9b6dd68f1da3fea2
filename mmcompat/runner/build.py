"""Building the runner's components from configs (MMEngine's ``build_*``).

The ``Runner.build_*`` methods call these; each accepts a built object
(returned as is) or a config dict. :func:`check_configs` rejects, before
anything is built, the config mistakes that MMEngine reports late or
cryptically (a missing ``dataset``, ``max_epochs``, ``optimizer``...).
"""

from __future__ import annotations

import copy
import os
from functools import partial
from typing import Any, Callable, Optional, Union

import torch.nn as nn
from torch.utils.data import DataLoader

from mmcompat.registry import (
    DATA_SAMPLERS,
    DATASETS,
    EVALUATOR,
    FUNCTIONS,
    LOG_PROCESSORS,
    LOOPS,
    MODEL_WRAPPERS,
    MODELS,
    RUNNERS,
    VISUALIZERS,
    Registry,
)

from .base_loop import BaseLoop

# -- early validation ---------------------------------------------------------


def _check_dataloader(name: str, cfg: Any) -> None:
    if cfg is None or isinstance(cfg, DataLoader) or not isinstance(cfg, dict):
        return
    if "dataset" not in cfg:
        raise KeyError(
            f"{name} config has no 'dataset' key (got keys {sorted(cfg)}); e.g. "
            f"{name}=dict(dataset=dict(type='MyDataset'), sampler=dict("
            "type='DefaultSampler', shuffle=True), batch_size=2)"
        )
    if "sampler" not in cfg and "batch_sampler" not in cfg:
        raise KeyError(
            f"{name} config has no 'sampler' key (got keys {sorted(cfg)}); e.g. "
            f"sampler=dict(type='DefaultSampler', shuffle={name.startswith('train')})"
        )
    if "batch_sampler" not in cfg and "batch_size" not in cfg:
        raise KeyError(
            f"{name} config has no 'batch_size' key (got keys {sorted(cfg)})"
        )


def _check_train_cfg(cfg: Any) -> None:
    if not isinstance(cfg, dict):
        return
    if "type" in cfg and "by_epoch" in cfg:
        raise KeyError("train_cfg takes either 'type' or 'by_epoch', not both")
    if "type" in cfg:
        return
    by_epoch = cfg.get("by_epoch")
    if by_epoch is None:
        raise KeyError(
            "train_cfg needs 'by_epoch' (True: EpochBasedTrainLoop, False: "
            f"IterBasedTrainLoop) or a loop 'type'; got keys {sorted(cfg)}"
        )
    key = "max_epochs" if by_epoch else "max_iters"
    if key not in cfg:
        raise KeyError(
            f"train_cfg with by_epoch={by_epoch} needs '{key}' (got keys {sorted(cfg)})"
        )


def _check_optim_wrapper(cfg: Any) -> None:
    if not isinstance(cfg, dict) or "optimizer" in cfg or "constructor" in cfg:
        return
    from mmcompat.optim import OptimWrapper

    # A dict of built wrappers (several optimizers) needs no 'optimizer'.
    if cfg and all(isinstance(v, OptimWrapper) for v in cfg.values()):
        return
    raise KeyError(
        f"optim_wrapper config has no 'optimizer' key (got keys {sorted(cfg)}); "
        "e.g. optim_wrapper=dict(optimizer=dict(type='SGD', lr=0.01))"
    )


def _check_together(stage: str, items: dict[str, Any]) -> None:
    given = [name for name, value in items.items() if value is not None]
    if given and len(given) != len(items):
        missing = [name for name in items if name not in given]
        raise ValueError(
            f"{', '.join(items)} must be given together (all or none) to "
            f"{stage}; got {', '.join(given)} without {', '.join(missing)}"
        )


def check_configs(
    *,
    train_dataloader: Any,
    train_cfg: Any,
    optim_wrapper: Any,
    param_scheduler: Any,
    val_dataloader: Any,
    val_cfg: Any,
    val_evaluator: Any,
    test_dataloader: Any,
    test_cfg: Any,
    test_evaluator: Any,
) -> None:
    """Raise one clear error for the first malformed component config."""
    _check_together(
        "train",
        dict(
            train_dataloader=train_dataloader,
            train_cfg=train_cfg,
            optim_wrapper=optim_wrapper,
        ),
    )
    if param_scheduler is not None and optim_wrapper is None:
        raise ValueError("param_scheduler is given but optim_wrapper is not")
    _check_together(
        "validate",
        dict(
            val_dataloader=val_dataloader, val_cfg=val_cfg, val_evaluator=val_evaluator
        ),
    )
    _check_together(
        "test",
        dict(
            test_dataloader=test_dataloader,
            test_cfg=test_cfg,
            test_evaluator=test_evaluator,
        ),
    )
    _check_dataloader("train_dataloader", train_dataloader)
    _check_dataloader("val_dataloader", val_dataloader)
    _check_dataloader("test_dataloader", test_dataloader)
    for name, loop in (
        ("train_cfg", train_cfg),
        ("val_cfg", val_cfg),
        ("test_cfg", test_cfg),
    ):
        # Built on first use; anything else would fail only then.
        if loop is not None and not isinstance(loop, (dict, BaseLoop)):
            raise TypeError(f"{name} must be a loop or a dict, got {loop!r}")
    _check_train_cfg(train_cfg)
    _check_optim_wrapper(optim_wrapper)


# -- components ----------------------------------------------------------------


def build_model(model: Union[nn.Module, dict]) -> nn.Module:
    """A model from ``MODELS`` (or the given ``nn.Module``)."""
    if isinstance(model, nn.Module):
        return model
    if isinstance(model, dict):
        return MODELS.build(model)
    raise TypeError(f"model must be an nn.Module or a config dict, got {type(model)}")


def wrap_model(
    model: nn.Module,
    model_wrapper_cfg: Optional[dict],
    distributed: bool,
    cfg: Any,
    logger: Any,
) -> nn.Module:
    """Move ``model`` to the device and, when distributed, wrap it in
    ``MMDistributedDataParallel`` (or ``model_wrapper_cfg['type']``)."""
    from torch.nn.parallel import DistributedDataParallel

    from mmcompat.model import (
        MMDistributedDataParallel,
        convert_sync_batchnorm,
        is_model_wrapper,
        revert_sync_batchnorm,
    )

    from .utils import get_device

    if is_model_wrapper(model):
        if model_wrapper_cfg is not None:
            raise TypeError(
                "model is already wrapped, so model_wrapper_cfg must be None, "
                f"got {model_wrapper_cfg}"
            )
        return model
    device = get_device()
    model = model.to(device)
    if not distributed:
        logger.info(
            "Distributed training is not used, all SyncBatchNorm (SyncBN) "
            "layers in the model will be automatically reverted to "
            "BatchNormXd layers if they are used."
        )
        return revert_sync_batchnorm(model)
    sync_bn = cfg.get("sync_bn", None)
    if sync_bn is not None:
        model = convert_sync_batchnorm(model, sync_bn)
    device_ids = [int(os.environ["LOCAL_RANK"])] if device == "cuda" else None
    if model_wrapper_cfg is None:
        return MMDistributedDataParallel(
            module=model,
            device_ids=device_ids,
            broadcast_buffers=False,
            find_unused_parameters=cfg.get("find_unused_parameters", False),
        )
    wrapper_cfg = dict(model_wrapper_cfg)
    wrapper_cfg.setdefault("type", "MMDistributedDataParallel")
    wrapper_type = wrapper_cfg["type"]
    if isinstance(wrapper_type, str):
        wrapper_type = MODEL_WRAPPERS.get(wrapper_type)
    default_args: dict[str, Any] = dict(module=model)
    if isinstance(wrapper_type, type) and issubclass(
        wrapper_type, DistributedDataParallel
    ):
        default_args["device_ids"] = device_ids
    return MODEL_WRAPPERS.build(wrapper_cfg, default_args=default_args)


def _function_from(cfg: Any, what: str) -> Callable:
    """``dict(type=name_or_callable, **kwargs)`` -> a partial; callables pass."""
    if callable(cfg) and not isinstance(cfg, dict):
        return cfg
    if not isinstance(cfg, dict) or "type" not in cfg:
        raise TypeError(f"{what} must be a callable or dict(type=...), got {cfg!r}")
    kwargs = dict(cfg)
    fn = kwargs.pop("type")
    if isinstance(fn, str):
        name = fn
        fn = FUNCTIONS.get(name)
        if fn is None:
            raise KeyError(f"{what}: {FUNCTIONS.not_found_message(name)}")
    if not callable(fn):
        raise TypeError(
            f"{what} type must be a function name or a callable, got {fn!r}"
        )
    return partial(fn, **kwargs) if kwargs else fn


def build_dataloader(
    dataloader: Union[DataLoader, dict],
    seed: Optional[int] = None,
    diff_rank_seed: bool = False,
) -> DataLoader:
    """A ``DataLoader`` from ``dict(dataset, sampler, batch_size, ...)``.

    As MMEngine: the dataset comes from ``DATASETS`` (``full_init()`` called
    if present), the sampler from ``DATA_SAMPLERS`` with the runner's seed
    (``None`` when ``diff_rank_seed``, so the samplers of all ranks agree),
    an optional ``batch_sampler`` takes ``batch_size``, ``collate_fn``
    defaults to ``pseudo_collate``, and ``worker_init_fn`` defaults to one
    seeding each worker with ``num_workers * rank + worker_id + seed``.
    ``num_batch_per_epoch`` truncates the dataset (quick debugging runs).
    """
    if isinstance(dataloader, DataLoader):
        return dataloader
    from mmcompat.dataset import worker_init_fn as default_worker_init_fn
    from mmcompat.dist import get_rank, get_world_size

    cfg = copy.deepcopy(dict(dataloader))
    dataset = cfg.pop("dataset")
    if isinstance(dataset, dict):
        dataset = DATASETS.build(dataset)
        if hasattr(dataset, "full_init"):
            dataset.full_init()
    num_batch_per_epoch = cfg.pop("num_batch_per_epoch", None)
    if num_batch_per_epoch is not None:
        from .utils import get_batch_size

        length = num_batch_per_epoch * get_batch_size(dataloader) * get_world_size()
        dataset = _SlicedDataset(dataset, length)

    sampler = cfg.pop("sampler", None)
    if isinstance(sampler, dict):
        sampler = DATA_SAMPLERS.build(
            sampler,
            default_args=dict(dataset=dataset, seed=None if diff_rank_seed else seed),
        )
    batch_sampler = cfg.pop("batch_sampler", None)
    if isinstance(batch_sampler, dict):
        batch_sampler = DATA_SAMPLERS.build(
            batch_sampler,
            default_args=dict(sampler=sampler, batch_size=cfg.pop("batch_size", 1)),
        )

    if "worker_init_fn" in cfg:
        init_fn = _function_from(cfg.pop("worker_init_fn"), "worker_init_fn")
    elif seed is not None:
        init_fn = partial(
            default_worker_init_fn,
            num_workers=cfg.get("num_workers", 0),
            rank=get_rank(),
            seed=seed,
            disable_subprocess_warning=cfg.pop("disable_subprocess_warning", False),
        )
    else:
        init_fn = None
    collate_fn = _function_from(
        cfg.pop("collate_fn", dict(type="pseudo_collate")), "collate_fn"
    )
    return DataLoader(
        dataset=dataset,
        sampler=sampler if batch_sampler is None else None,
        batch_sampler=batch_sampler,
        collate_fn=collate_fn,
        worker_init_fn=init_fn,
        **cfg,
    )


class _SlicedDataset:
    """The first ``length`` samples of a dataset (``num_batch_per_epoch``)."""

    def __init__(self, dataset: Any, length: int) -> None:
        self._dataset = dataset
        self._length = min(length, len(dataset))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._dataset, name)

    def __getitem__(self, idx: int) -> Any:
        return self._dataset[idx]

    def __len__(self) -> int:
        return self._length


def build_evaluator(evaluator: Any) -> Any:
    """An ``Evaluator`` from a metric config, a list of them, or
    ``dict(type=..., metrics=...)`` (MMEngine's cases)."""
    from mmcompat.evaluator import Evaluator

    if isinstance(evaluator, Evaluator):
        return evaluator
    if isinstance(evaluator, dict):
        if "metrics" in evaluator:
            cfg = dict(evaluator)
            cfg.setdefault("type", "Evaluator")
            return EVALUATOR.build(cfg)
        return Evaluator(evaluator)
    if isinstance(evaluator, list):
        return Evaluator(evaluator)
    raise TypeError(
        f"evaluator must be an Evaluator, a dict or a list of dicts, got {evaluator!r}"
    )


def build_train_loop(runner: Any, loop: Union[BaseLoop, dict]) -> BaseLoop:
    """``train_cfg`` -> a train loop (``by_epoch`` picks the built-in one)."""
    from .loops import EpochBasedTrainLoop, IterBasedTrainLoop

    if isinstance(loop, BaseLoop):
        return loop
    if not isinstance(loop, dict):
        raise TypeError(f"train_cfg must be a loop or a dict, got {loop!r}")
    _check_train_cfg(loop)
    cfg = copy.deepcopy(dict(loop))
    default_args = dict(runner=runner, dataloader=runner._train_dataloader)
    if "type" in cfg:
        return LOOPS.build(cfg, default_args=default_args)
    loop_type = EpochBasedTrainLoop if cfg.pop("by_epoch") else IterBasedTrainLoop
    return loop_type(**cfg, **default_args)


def build_eval_loop(runner: Any, loop: Union[BaseLoop, dict], stage: str) -> BaseLoop:
    """``val_cfg``/``test_cfg`` -> a loop (``ValLoop``/``TestLoop`` by default)."""
    from .loops import TestLoop, ValLoop

    if isinstance(loop, BaseLoop):
        return loop
    if not isinstance(loop, dict):
        raise TypeError(f"{stage}_cfg must be a loop or a dict, got {loop!r}")
    cfg = copy.deepcopy(dict(loop))
    default_args = dict(
        runner=runner,
        dataloader=getattr(runner, f"_{stage}_dataloader"),
        evaluator=getattr(runner, f"_{stage}_evaluator"),
    )
    if "type" in cfg:
        return LOOPS.build(cfg, default_args=default_args)
    return (ValLoop if stage == "val" else TestLoop)(**cfg, **default_args)


def build_log_processor(log_processor: Any) -> Any:
    """A ``LogProcessor`` (``type`` from ``LOG_PROCESSORS`` when given)."""
    from .log_processor import LogProcessor

    if isinstance(log_processor, LogProcessor):
        return log_processor
    if not isinstance(log_processor, dict):
        raise TypeError(
            f"log_processor must be a LogProcessor or dict, got {log_processor!r}"
        )
    cfg = copy.deepcopy(log_processor)
    if "type" in cfg:
        return LOG_PROCESSORS.build(cfg)
    return LogProcessor(**cfg)


def build_visualizer(visualizer: Any, name: str, log_dir: str) -> Any:
    """The runner's ``Visualizer`` (a named global instance); by default one
    writing ``<log_dir>/vis_data/`` through ``LocalVisBackend``."""
    from mmcompat.visualization import Visualizer

    if visualizer is None:
        return Visualizer.get_instance(
            name=name, vis_backends=[dict(type="LocalVisBackend")], save_dir=log_dir
        )
    if isinstance(visualizer, Visualizer):
        return visualizer
    if isinstance(visualizer, dict):
        cfg = dict(visualizer)
        cfg.setdefault("name", name)
        cfg.setdefault("save_dir", log_dir)
        cfg.setdefault("type", "Visualizer")
        return VISUALIZERS.build(cfg)
    raise TypeError(
        f"visualizer must be a Visualizer, a dict or None, got {visualizer!r}"
    )


def build_runner_from_cfg(cfg: dict, registry: Registry) -> Any:
    """How ``RUNNERS`` builds: ``Runner.from_cfg``, with ``runner_type``
    picking the class."""
    from mmcompat.config import Config

    args = dict(cfg)
    runner_type = args.pop("runner_type", "Runner")
    if isinstance(runner_type, str):
        runner_cls = registry.get(runner_type)
        if runner_cls is None:
            raise registry.not_found_error(runner_type)
    else:
        runner_cls = runner_type
    return runner_cls.from_cfg(cfg if isinstance(cfg, Config) else Config(args))


RUNNERS.build_func = build_runner_from_cfg
