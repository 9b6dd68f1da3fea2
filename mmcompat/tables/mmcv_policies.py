"""MMCV 1.7's lr/momentum updater-hook policies: their arguments, MMCV's
defaults and the warm-up settings.

One table for everything that reads an ``lr_config``/``momentum_config``:
the translator (:mod:`mmcompat.legacy.translate`) validates a legacy config
against it, and the exact schedulers
(:mod:`mmcompat.optim.scheduler.mmcv_exact`) fill in MMCV's defaults from it.
Policy names are MMCV's class prefixes (``'Step'`` for
``StepLrUpdaterHook``); configs may spell them in lower case
(:func:`canonical_policy`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = [
    "REQUIRED",
    "LR_POLICIES",
    "MOMENTUM_POLICIES",
    "POLICIES",
    "WARMUP_DEFAULTS",
    "WARMUP_ARGS",
    "NUMERIC_ARGS",
    "ITER_ONLY",
    "canonical_policy",
    "default_by_epoch",
    "policy_hook_name",
    "with_defaults",
]


class _Required:
    """Marks an argument the policy's hook requires (no default)."""

    def __repr__(self) -> str:
        return "REQUIRED"


REQUIRED: Any = _Required()

#: lr policy -> its arguments with MMCV's defaults
LR_POLICIES: dict[str, dict[str, Any]] = {
    "Fixed": {},
    "Step": {"step": REQUIRED, "gamma": 0.1, "min_lr": None},
    "Exp": {"gamma": REQUIRED},
    "Poly": {"power": 1.0, "min_lr": 0.0},
    "Inv": {"gamma": REQUIRED, "power": 1.0},
    "CosineAnnealing": {"min_lr": None, "min_lr_ratio": None},
    "FlatCosineAnnealing": {
        "start_percent": 0.75,
        "min_lr": None,
        "min_lr_ratio": None,
    },
    "CosineRestart": {
        "periods": REQUIRED,
        "restart_weights": [1],
        "min_lr": None,
        "min_lr_ratio": None,
    },
    "Cyclic": {
        "target_ratio": (10, 1e-4),
        "cyclic_times": 1,
        "step_ratio_up": 0.4,
        "anneal_strategy": "cos",
        "gamma": 1,
    },
    "OneCycle": {
        "max_lr": REQUIRED,
        "total_steps": None,
        "pct_start": 0.3,
        "anneal_strategy": "cos",
        "div_factor": 25,
        "final_div_factor": 1e4,
        "three_phase": False,
    },
    "LinearAnnealing": {"min_lr": None, "min_lr_ratio": None},
    # MMDet 2.x's YOLOXLrUpdaterHook (an MMCV LrUpdaterHook subclass used by
    # the MMDet 2.x YOLOX configs): quadratic warm-up, cosine, flat end.
    "YOLOX": {"num_last_epochs": REQUIRED, "min_lr": None, "min_lr_ratio": None},
}

#: momentum policy -> its arguments with MMCV's defaults
MOMENTUM_POLICIES: dict[str, dict[str, Any]] = {
    "Step": {"step": REQUIRED, "gamma": 0.5, "min_momentum": None},
    "CosineAnnealing": {"min_momentum": None, "min_momentum_ratio": None},
    "LinearAnnealing": {"min_momentum": None, "min_momentum_ratio": None},
    "Cyclic": {
        "target_ratio": (0.85 / 0.95, 1.0),
        "cyclic_times": 1,
        "step_ratio_up": 0.4,
        "anneal_strategy": "cos",
        "gamma": 1.0,
    },
    "OneCycle": {
        "base_momentum": 0.85,
        "max_momentum": 0.95,
        "pct_start": 0.3,
        "anneal_strategy": "cos",
        "three_phase": False,
    },
}

#: ``'lr'`` / ``'momentum'`` -> its policy table
POLICIES: dict[str, dict[str, dict[str, Any]]] = {
    "lr": LR_POLICIES,
    "momentum": MOMENTUM_POLICIES,
}

#: the warm-up arguments of every policy, with MMCV's defaults (a momentum
#: warm-up *divides* by its factor, so its default ratio is 0.9; MMCV's
#: momentum hooks have no ``warmup_by_epoch``, it is always False there)
WARMUP_DEFAULTS: dict[str, dict[str, Any]] = {
    "lr": dict(warmup=None, warmup_iters=0, warmup_ratio=0.1, warmup_by_epoch=False),
    "momentum": dict(
        warmup=None, warmup_iters=0, warmup_ratio=0.9, warmup_by_epoch=False
    ),
}

#: arguments every policy accepts besides its own
WARMUP_ARGS = ("warmup", "warmup_iters", "warmup_ratio", "warmup_by_epoch", "by_epoch")

#: arguments that must be numbers when given
NUMERIC_ARGS = (
    "gamma",
    "power",
    "min_lr",
    "min_lr_ratio",
    "min_momentum",
    "min_momentum_ratio",
    "start_percent",
    "step_ratio_up",
    "pct_start",
    "div_factor",
    "final_div_factor",
    "cyclic_times",
    "num_last_epochs",
    "warmup_ratio",
    "total_steps",
)

#: policies whose hook insists on by_epoch=False (and defaults to it)
ITER_ONLY = ("Cyclic", "OneCycle")


def canonical_policy(policy: str) -> str:
    """MMCV's ``register_lr_hook`` naming: an all-lower-case policy gets its
    first letter capitalised (``'step'`` -> ``'Step'``); others are kept."""
    return policy.title() if policy == policy.lower() else policy


def policy_hook_name(param: str, policy: str) -> str:
    """The hook class MMCV built for a policy (``param`` ``'lr'`` or
    ``'momentum'``): ``'step'`` -> ``'StepLrUpdaterHook'``; a library's
    policy is the hook class it registered under that name."""
    suffix = {"lr": "LrUpdaterHook", "momentum": "MomentumUpdaterHook"}[param]
    return canonical_policy(policy) + suffix


def default_by_epoch(policy: str) -> bool:
    """The hook's ``by_epoch`` default (an IterBasedRunner sets False for
    ``lr_config`` itself)."""
    return canonical_policy(policy) not in ITER_ONLY


def with_defaults(param: str, legacy: Mapping[str, Any]) -> dict:
    """``legacy`` (an ``lr_config``/``momentum_config``: ``policy`` and its
    arguments; ``param`` is ``'lr'`` or ``'momentum'``) with MMCV's default
    for every argument it leaves out (required ones stay missing)."""
    policy = canonical_policy(legacy["policy"])
    table = POLICIES[param]
    if policy not in table:
        raise ValueError(
            f"unknown MMCV {param} policy {legacy['policy']!r}; "
            f"expected one of {sorted(table)}"
        )
    filled = {k: v for k, v in table[policy].items() if v is not REQUIRED}
    filled.update(WARMUP_DEFAULTS[param], by_epoch=default_by_epoch(policy))
    filled.update(legacy)
    return filled
