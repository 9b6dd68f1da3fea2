"""Build parameter schedulers from configs, as MMEngine's Runner does.

``build_scheduler_from_cfg`` is MMEngine's ``PARAM_SCHEDULERS`` build
function: a config with ``convert_to_iter_based=True`` is built through
``cls.build_iter_from_epoch(..., epoch_length=...)``. ``build_param_schedulers``
is ``Runner.build_param_scheduler``: a single config, a list, or (for an
``OptimWrapperDict``) a dict of lists keyed by optimizer name, with the
train loop's ``max_epochs``/``max_iters`` as the default ``end``.
"""

from __future__ import annotations

import copy
import inspect
from collections.abc import Mapping, Sequence
from typing import Any

from mmcompat.registry import PARAM_SCHEDULERS, Registry

from .param_scheduler import _ParamScheduler

__all__ = ["build_scheduler_from_cfg", "build_param_schedulers"]


def build_scheduler_from_cfg(
    cfg: Mapping,
    registry: Registry = PARAM_SCHEDULERS,
    default_args: dict | None = None,
) -> _ParamScheduler:
    """Build one scheduler; ``convert_to_iter_based`` selects
    ``build_iter_from_epoch`` (which needs ``epoch_length``)."""
    if not isinstance(cfg, Mapping):
        raise TypeError(f"a scheduler config must be a dict, got {type(cfg).__name__}")
    args = dict(cfg)
    for key, value in (default_args or {}).items():
        args.setdefault(key, value)
    scope = args.pop("_scope_", None)
    with registry.switch_scope_and_registry(scope) as registry:
        if "type" not in args:
            raise KeyError(f"a scheduler config needs `type`, got keys {sorted(cfg)}")
        scheduler_type = args.pop("type")
        if isinstance(scheduler_type, str):
            scheduler_cls = registry.get(scheduler_type)
            if scheduler_cls is None:
                raise KeyError(registry.not_found_message(scheduler_type))
        elif inspect.isclass(scheduler_type):
            scheduler_cls = scheduler_type
        else:
            raise TypeError(
                f"scheduler `type` must be a str or a class, got {scheduler_type!r}"
            )
        if args.pop("convert_to_iter_based", False):
            if args.get("epoch_length") is None:
                raise ValueError(
                    f"{scheduler_cls.__name__}: convert_to_iter_based=True needs the "
                    "epoch length (iterations per epoch, len(train_dataloader))"
                )
            if not args.get("by_epoch", True):
                raise ValueError(
                    f"{scheduler_cls.__name__}: convert_to_iter_based=True needs an "
                    "epoch-based config (by_epoch=True)"
                )
            return scheduler_cls.build_iter_from_epoch(**args)
        args.pop("epoch_length", None)
        return scheduler_cls(**args)


PARAM_SCHEDULERS.build_func = build_scheduler_from_cfg


def _build_for_one_wrapper(
    cfgs: Any,
    optim_wrapper: Any,
    epoch_length: int | None,
    max_epochs: int | None,
    max_iters: int | None,
    where: str,
) -> list[_ParamScheduler]:
    if isinstance(cfgs, (_ParamScheduler, Mapping)):
        cfgs = [cfgs]
    if not isinstance(cfgs, Sequence) or isinstance(cfgs, str):
        raise TypeError(
            f"{where} must be a scheduler config (dict), a scheduler, or a list of "
            f"them, got {type(cfgs).__name__}"
        )
    schedulers = []
    for i, cfg in enumerate(cfgs):
        if isinstance(cfg, _ParamScheduler):
            schedulers.append(cfg)
            continue
        if not isinstance(cfg, Mapping):
            raise TypeError(
                f"{where}[{i}] must be a dict or a scheduler, got {type(cfg).__name__}"
            )
        cfg = copy.deepcopy(dict(cfg))
        default_end = max_epochs if cfg.get("by_epoch", True) else max_iters
        if default_end is not None:
            cfg.setdefault("end", default_end)
        try:
            scheduler = build_scheduler_from_cfg(
                cfg,
                default_args=dict(optimizer=optim_wrapper, epoch_length=epoch_length),
            )
        except (KeyError, TypeError, ValueError) as e:
            message = e.args[0] if len(e.args) == 1 else str(e)
            raise type(e)(f"{where}[{i}] (type={cfg.get('type')!r}): {message}") from e
        schedulers.append(scheduler)
    return schedulers


def build_param_schedulers(
    cfgs: Any,
    optim_wrapper: Any,
    epoch_length: int | None = None,
    *,
    max_epochs: int | None = None,
    max_iters: int | None = None,
) -> list[_ParamScheduler] | dict[str, list[_ParamScheduler]]:
    """Build the runner's parameter schedulers (MMEngine's
    ``Runner.build_param_scheduler``).

    Args:
        cfgs: a scheduler config, a built scheduler, a list of them, or for an
            ``OptimWrapperDict`` a dict ``{optimizer_name: cfgs}``; a plain
            config list is then built once per optimizer.
        optim_wrapper: an ``OptimWrapper``, ``OptimWrapperDict`` or optimizer.
        epoch_length: iterations per epoch (``len(train_dataloader)``), needed
            by ``convert_to_iter_based=True``.
        max_epochs / max_iters: the train loop's length; the default ``end``
            of a scheduler is ``max_epochs`` when it is ``by_epoch`` (the
            default) and ``max_iters`` otherwise (for an iteration-based loop
            MMEngine's ``max_epochs`` is 1).

    Returns:
        A list of schedulers, or a dict of lists for an ``OptimWrapperDict``.

    Note:
        Building a scheduler steps it once, which changes the param groups.
        To resume, build the schedulers first, then load the optimizer state
        (it restores the groups), then each scheduler's state: the runner's
        order.
    """
    from ..optimizer.optimizer_wrapper_dict import OptimWrapperDict

    common = dict(epoch_length=epoch_length, max_epochs=max_epochs, max_iters=max_iters)
    if not isinstance(optim_wrapper, OptimWrapperDict):
        return _build_for_one_wrapper(
            cfgs, optim_wrapper, where="param_scheduler", **common
        )
    per_name = isinstance(cfgs, Mapping) and "type" not in cfgs
    schedulers = {}
    for name, wrapper in optim_wrapper.items():
        if per_name:
            if name not in cfgs:
                raise KeyError(
                    f"param_scheduler has no entry for optimizer {name!r} (has "
                    f"{sorted(cfgs)})"
                )
            item, where = cfgs[name], f"param_scheduler[{name!r}]"
        else:
            item, where = cfgs, "param_scheduler"
        schedulers[name] = _build_for_one_wrapper(item, wrapper, where=where, **common)
    return schedulers
