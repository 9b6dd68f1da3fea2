"""How far a stock approximation is from MMCV (``--target mmengine``).

For every schedule ``translate(..., target='mmengine')`` could only
approximate, both the exact scheduler (``MMCVLrPolicy``/
``MMCVMomentumPolicy``, which replays MMCV's formula) and the stock
composition are replayed with ``simulate_schedule`` over the config's
training length, for a few epoch lengths (the stock error often depends on
it); the largest relative difference at any iteration is recorded in the
approximation entry as ``max_rel_deviation`` (with ``epoch_length``), and
the largest difference as a share of the initial value as
``max_deviation_of_initial``.

This imports torch (the schedulers need an optimizer), so only the CLI's
``--target mmengine`` path loads it, and only when there is something to
measure.
"""

from __future__ import annotations

from typing import Any

from .report import Report

__all__ = ["measure_approximations", "EPOCH_LENGTHS", "MAX_ITERATIONS"]

EPOCH_LENGTHS = (7, 50, 500)
#: longer runs are not simulated (recorded as not measured)
MAX_ITERATIONS = 200_000


def _optimizer_cfg(new_cfg: dict) -> dict | None:
    wrapper = new_cfg.get("optim_wrapper")
    if not isinstance(wrapper, dict) or not isinstance(wrapper.get("optimizer"), dict):
        return None
    optimizer = dict(wrapper["optimizer"])
    # The value of each param group does not change the relative error of a
    # schedule; one plain group is enough (no model needed for paramwise_cfg).
    return dict(optimizer=optimizer)


def _deviations(
    a: list[list[float]], b: list[list[float]], initial: float
) -> tuple[float, float]:
    """(largest relative difference, largest difference / the optimizer's
    initial value): the second is easier to read for warm-ups, where values
    near 0 make any relative difference large."""
    worst_rel = worst_abs = 0.0
    for row_a, row_b in zip(a, b):
        for x, y in zip(row_a, row_b):
            worst_rel = max(worst_rel, abs(x - y) / max(abs(y), 1e-12))
            worst_abs = max(worst_abs, abs(x - y) / max(abs(initial), 1e-12))
    return worst_rel, worst_abs


def _initial(optimizer: dict, param: str) -> float:
    opt = optimizer["optimizer"]
    if param == "lr":
        return float(opt.get("lr", 1.0))
    if "momentum" in opt:
        return float(opt["momentum"])
    return float(opt.get("betas", (0.9,))[0])


def _measure_one(approx: dict, optimizer: dict, train_cfg: dict) -> dict[str, Any]:
    from mmcompat.optim.scheduler import simulate_schedule

    by_epoch = "max_epochs" in train_cfg
    worst, of_base, at, measured = 0.0, 0.0, None, False
    for length in EPOCH_LENGTHS if by_epoch else (None,):
        total = train_cfg["max_epochs"] * length if by_epoch else train_cfg["max_iters"]
        if total > MAX_ITERATIONS:
            continue
        kwargs: dict[str, Any] = (
            dict(max_epochs=train_cfg["max_epochs"], epoch_length=length, by_epoch=True)
            if by_epoch
            else dict(max_iters=train_cfg["max_iters"], by_epoch=False)
        )
        exact = simulate_schedule(approx["exact"], optimizer, **kwargs)
        stock = simulate_schedule(approx["stock"], optimizer, **kwargs)
        key = approx["param"]
        deviation, base_share = _deviations(
            list(zip(*stock[key])), list(zip(*exact[key])), _initial(optimizer, key)
        )
        if not measured or deviation > worst:
            worst, at = deviation, length
        of_base = max(of_base, base_share)
        measured = True
    if not measured:
        return dict(
            max_rel_deviation=None,
            note=f"longer than {MAX_ITERATIONS} iterations: not simulated",
        )
    return dict(
        max_rel_deviation=worst, max_deviation_of_initial=of_base, epoch_length=at
    )


#: results by schedule (the configs of a tree share their schedules)
_CACHE: dict[str, dict] = {}


def measure_approximations(new_cfg: dict, report: Report) -> None:
    """Fill ``max_rel_deviation`` into each of ``report.approximations``."""
    import json

    optimizer = _optimizer_cfg(new_cfg)
    train_cfg = new_cfg.get("train_cfg")
    for approx in report.approximations:
        if optimizer is None or not isinstance(train_cfg, dict):
            approx.update(
                max_rel_deviation=None, note="no single optimizer or train loop"
            )
            continue
        parts = [
            approx["exact"],
            approx["stock"],
            approx["param"],
            optimizer,
            train_cfg,
        ]
        key = json.dumps(parts, sort_keys=True, default=repr)
        if key not in _CACHE:
            try:
                _CACHE[key] = _measure_one(approx, optimizer, train_cfg)
            except Exception as exc:  # an approximation that cannot even be built
                _CACHE[key] = dict(
                    max_rel_deviation=None, note=f"{type(exc).__name__}: {exc}"
                )
        approx.update(_CACHE[key])
