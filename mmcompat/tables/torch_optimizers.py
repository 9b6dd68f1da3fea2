"""Constructor arguments of the ``torch.optim`` optimizers.

Read by the config translation, which imports no torch, to tell an
optimizer argument from a key that ended up in the ``optimizer`` dict by
mistake (MMCV passes every key but ``constructor`` and ``paramwise_cfg`` to
the optimizer class, so an unknown key fails there with a TypeError).
The union over PyTorch 1.x-2.x signatures (``params`` excluded); an
optimizer type not listed here (a library's own) is not checked.
``tests/tables/test_torch_optimizers.py`` checks it against the installed
torch.
"""

from __future__ import annotations

__all__ = ["TORCH_OPTIMIZER_ARGS", "MMCV_OPTIMIZER_KEYS"]

_COMMON = ("lr", "weight_decay", "foreach", "maximize", "differentiable", "capturable")

TORCH_OPTIMIZER_ARGS: dict[str, frozenset[str]] = {
    name: frozenset(_COMMON + extra)
    for name, extra in {
        "ASGD": ("lambd", "alpha", "t0"),
        "Adadelta": ("rho", "eps"),
        "Adafactor": ("beta2_decay", "eps", "d"),
        "Adagrad": ("lr_decay", "initial_accumulator_value", "eps", "fused"),
        "Adam": ("betas", "eps", "amsgrad", "fused", "decoupled_weight_decay"),
        "AdamW": ("betas", "eps", "amsgrad", "fused"),
        "Adamax": ("betas", "eps"),
        "LBFGS": (
            "max_iter",
            "max_eval",
            "tolerance_grad",
            "tolerance_change",
            "history_size",
            "line_search_fn",
        ),
        "Muon": (
            "momentum",
            "nesterov",
            "ns_coefficients",
            "eps",
            "ns_steps",
            "adjust_lr_fn",
        ),
        "NAdam": ("betas", "eps", "momentum_decay", "decoupled_weight_decay"),
        "RAdam": ("betas", "eps", "decoupled_weight_decay"),
        "RMSprop": ("alpha", "eps", "momentum", "centered"),
        "Rprop": ("etas", "step_sizes"),
        "SGD": ("momentum", "dampening", "nesterov", "fused"),
        "SparseAdam": ("betas", "eps"),
    }.items()
}

#: keys MMCV 1.x's ``build_optimizer`` takes out of the optimizer dict
MMCV_OPTIMIZER_KEYS = frozenset({"type", "constructor", "paramwise_cfg"})
