"""Replay a parameter-scheduler config without training.

``simulate_schedule`` answers "which learning rate / momentum does iteration
``i`` use?" for a ``param_scheduler`` config, exactly as the runner would:
schedulers are built like ``Runner.build_param_scheduler`` (default ``end``,
``convert_to_iter_based``), and stepped like MMEngine's ``ParamSchedulerHook``
(``by_epoch=False`` schedulers after every train iteration, ``by_epoch=True``
ones after every train epoch; an iteration-based loop runs one long epoch).
The value recorded for an iteration is the one in effect while it trains,
i.e. read before that iteration's scheduler steps.

Metric-driven schedulers (``ReduceOnPlateau*``) react only to the
``val_metrics`` given; without them they leave their parameter unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .builder import build_param_schedulers

__all__ = ["simulate_schedule"]


def _build_wrapper(optim_wrapper: Any, model: Any) -> Any:
    import torch

    from ..optimizer import BaseOptimWrapper, OptimWrapper, build_optim_wrapper

    if isinstance(optim_wrapper, BaseOptimWrapper):
        return optim_wrapper
    if isinstance(optim_wrapper, torch.optim.Optimizer):
        return OptimWrapper(optimizer=optim_wrapper)
    if not isinstance(optim_wrapper, dict):
        raise TypeError(
            "optim_wrapper must be an optim_wrapper config, an optimizer config, an "
            f"OptimWrapper or an Optimizer, got {type(optim_wrapper).__name__}"
        )
    cfg = dict(optim_wrapper)
    if "optimizer" not in cfg and "constructor" not in cfg:
        # A bare optimizer config: dict(type='SGD', lr=0.01, momentum=0.9).
        cfg = dict(optimizer=cfg)
    if model is None:
        model = torch.nn.Linear(1, 1)
    return build_optim_wrapper(model, cfg)


def _columns(wrapper: Any, extra_params: Sequence[str], prefix: str = "") -> dict:
    """What to record, as ``{key: [(group, entry), ...]}`` (one per column).

    The same values as ``get_lr()`` (``lr``, plus ``base_lr`` for several
    groups) and ``get_momentum()`` (``momentum``, else ``betas[0]``, else 0),
    resolved once so that recording an iteration is a few dict lookups.
    """
    from ..optimizer import OptimWrapperDict

    if isinstance(wrapper, OptimWrapperDict):
        columns: dict = {}
        for name, inner in wrapper.items():
            columns.update(_columns(inner, extra_params, f"{prefix}{name}."))
        return columns
    groups = wrapper.optimizer.param_groups
    columns = {}
    if getattr(wrapper, "base_param_settings", None) is not None:
        columns[f"{prefix}base_lr"] = [(wrapper.base_param_settings, "lr")]
    columns[f"{prefix}lr"] = [(g, "lr") for g in groups]
    columns[f"{prefix}momentum"] = [
        (g, "momentum" if "momentum" in g else "betas" if "betas" in g else None)
        for g in groups
    ]
    for param in extra_params:
        columns[f"{prefix}{param}"] = [(g, param) for g in groups]
    return columns


def _value(group: dict, entry: str | None) -> float:
    if entry is None:
        return 0.0
    if entry == "betas":
        return float(group["betas"][0])
    return float(group[entry])


def simulate_schedule(
    param_scheduler: Any,
    optim_wrapper: Any = None,
    *,
    max_epochs: int | None = None,
    max_iters: int | None = None,
    epoch_length: int | None = None,
    by_epoch: bool = True,
    model: Any = None,
    extra_params: Sequence[str] = (),
    val_metrics: Sequence[dict | None] | None = None,
) -> dict[str, list[list[float]]]:
    """Per-iteration lr and momentum that a training run would use.

    Args:
        param_scheduler: the ``param_scheduler`` config (dict, list, or dict of
            lists for several optimizers), as in a config file.
        optim_wrapper: an ``optim_wrapper`` config, a bare optimizer config, or
            a built ``OptimWrapper``/optimizer. Defaults to
            ``dict(optimizer=dict(type='SGD', lr=0.01, momentum=0.9))``.
        max_epochs: epochs of an epoch-based loop (``by_epoch=True``).
        max_iters: iterations of an iteration-based loop (``by_epoch=False``).
        epoch_length: iterations per epoch (``len(train_dataloader)``); required
            for epoch-based loops and for ``convert_to_iter_based``.
        by_epoch: whether the train loop is epoch-based
            (``train_cfg=dict(by_epoch=True, ...)``) or iteration-based.
        model: the model whose parameters the optimizer gets (a one-layer
            ``nn.Linear`` by default; give one to use ``paramwise_cfg``).
        extra_params: other ``param_groups`` keys to record (``'weight_decay'``).
        val_metrics: for ``ReduceOnPlateau*``: the validation metrics after
            each epoch (``val_metrics[epoch]``; None skips that epoch), fed to
            the schedulers after the epoch's ``step()`` like
            ``ParamSchedulerHook.after_val_epoch``.

    Returns:
        ``{'lr': [[group 0 per iteration], [group 1 ...]], 'momentum': [...]}``
        (plus ``'base_lr'`` for a wrapper with several param groups, as in
        ``get_lr()``, and one entry per ``extra_params``; keys are prefixed
        ``'<name>.'`` for several optimizers); each inner list has one value
        per training iteration.
    """
    if optim_wrapper is None:
        optim_wrapper = dict(optimizer=dict(type="SGD", lr=0.01, momentum=0.9))
    if by_epoch:
        if max_epochs is None or epoch_length is None:
            raise ValueError(
                "an epoch-based simulation (by_epoch=True) needs max_epochs and "
                "epoch_length"
            )
        if max_iters is not None and max_iters != max_epochs * epoch_length:
            raise ValueError(
                f"max_iters={max_iters} disagrees with max_epochs * epoch_length = "
                f"{max_epochs * epoch_length}; give only max_epochs"
            )
        loop_epochs, loop_iters = max_epochs, max_epochs * epoch_length
        iters_per_epoch = epoch_length
    else:
        if max_iters is None:
            raise ValueError("an iteration-based simulation needs max_iters")
        # MMEngine's IterBasedTrainLoop is one epoch of max_iters iterations.
        loop_epochs, loop_iters = 1, max_iters
        iters_per_epoch = max_iters
    if not (isinstance(loop_iters, int) and loop_iters > 0):
        raise ValueError(
            f"the loop must have a positive number of iterations, got {loop_iters}"
        )

    wrapper = _build_wrapper(optim_wrapper, model)
    schedulers = build_param_schedulers(
        param_scheduler,
        wrapper,
        epoch_length=epoch_length,
        max_epochs=loop_epochs,
        max_iters=loop_iters,
    )
    flat = (
        [s for group in schedulers.values() for s in group]
        if isinstance(schedulers, dict)
        else schedulers
    )
    iter_based = [s for s in flat if not s.by_epoch]
    epoch_based = [s for s in flat if s.by_epoch]
    metric_based = [s for s in epoch_based if getattr(s, "need_val_args", False)]

    columns = _columns(wrapper, extra_params)
    history = {key: [[] for _ in cols] for key, cols in columns.items()}
    cells = [
        (column, group, entry)
        for key, cols in columns.items()
        for column, (group, entry) in zip(history[key], cols)
    ]
    for it in range(loop_iters):
        for column, group, entry in cells:
            column.append(_value(group, entry))
        for scheduler in iter_based:
            scheduler.step()
        if (it + 1) % iters_per_epoch == 0:
            for scheduler in epoch_based:
                scheduler.step()
            epoch = (it + 1) // iters_per_epoch - 1
            if val_metrics is not None and epoch < len(val_metrics):
                metrics = val_metrics[epoch]
                if metrics is not None:
                    for scheduler in metric_based:
                        scheduler.step(metrics)
    return history
