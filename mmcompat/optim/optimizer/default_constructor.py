"""``DefaultOptimWrapperConstructor``: optimizer + wrapper from a config,
with per-parameter options (``paramwise_cfg``), as in MMEngine 0.10.7.

``paramwise_cfg`` keys:

* ``custom_keys``: ``{substring: dict(lr_mult=, decay_mult=, ...)}``. A
  parameter's full name (``backbone.layer1.0.conv1.weight``; a top-level
  parameter is matched as ``.weight``) is compared with the keys longest
  first (ties alphabetically); the first key contained in the name applies,
  and its other entries (e.g. ``betas``) are copied into the param group.
  A custom key overrides all the options below.
* ``bias_lr_mult`` / ``bias_decay_mult``: biases (not of norm layers, not
  of deformable-conv offsets).
* ``norm_decay_mult``: weights and biases of BatchNorm/InstanceNorm/
  GroupNorm/LayerNorm.
* ``dwconv_decay_mult``: depthwise ``Conv2d`` (``in_channels == groups``).
* ``flat_decay_mult``: any other 1-D parameter.
* ``dcn_offset_lr_mult``: the ``conv_offset`` layer inside a deformable
  convolution (a module whose class is or derives from a class named
  ``DeformConv2d``/``ModulatedDeformConv2d``, MMCV's or another library's).
* ``bypass_duplicate``: skip parameters shared with an earlier group
  instead of letting the optimizer fail on them.

With a non-empty ``paramwise_cfg`` every parameter gets its own param group,
and each non-default option is logged (``paramwise_options -- name:key=v``).
A custom key that matches no parameter is warned about by name.
"""

from __future__ import annotations

import inspect
import logging
from typing import Any

import torch.nn as nn
from torch.nn import GroupNorm, LayerNorm
from torch.nn.modules.batchnorm import _BatchNorm
from torch.nn.modules.instancenorm import _InstanceNorm

from mmcompat.registry import OPTIM_WRAPPER_CONSTRUCTORS, OPTIM_WRAPPERS, OPTIMIZERS

from .._log import print_log
from .optimizer_wrapper import OptimWrapper

__all__ = ["DefaultOptimWrapperConstructor"]

_DCN_CLASS_NAMES = ("DeformConv2d", "ModulatedDeformConv2d")
_DECAY_KEYS = (
    "bias_decay_mult",
    "norm_decay_mult",
    "dwconv_decay_mult",
    "flat_decay_mult",
)
_KNOWN_KEYS = (
    "custom_keys",
    "bias_lr_mult",
    "dcn_offset_lr_mult",
    "bypass_duplicate",
    *_DECAY_KEYS,
)


def _is_dcn(module: nn.Module) -> bool:
    return any(cls.__name__ in _DCN_CLASS_NAMES for cls in type(module).__mro__)


def _match_name(full_name: str) -> str:
    # MMEngine matches custom keys against f'{prefix}.{name}', which is
    # '.weight' for a parameter of the top-level module.
    return full_name if "." in full_name else f".{full_name}"


@OPTIM_WRAPPER_CONSTRUCTORS.register_module()
class DefaultOptimWrapperConstructor:
    """Build an optimizer wrapper from ``optim_wrapper_cfg``.

    Args:
        optim_wrapper_cfg: the ``optim_wrapper`` config without
            ``constructor``/``paramwise_cfg``; must contain ``optimizer``
            and may set ``type`` (``OptimWrapper`` by default) and wrapper
            arguments (``clip_grad``, ``accumulative_counts`` ...).
        paramwise_cfg: per-parameter options (see the module docstring).
    """

    def __init__(
        self, optim_wrapper_cfg: dict, paramwise_cfg: dict | None = None
    ) -> None:
        if not isinstance(optim_wrapper_cfg, dict):
            raise TypeError(
                f"optim_wrapper_cfg must be a dict, got {type(optim_wrapper_cfg).__name__}"
            )
        if "optimizer" not in optim_wrapper_cfg:
            raise KeyError(
                "optim_wrapper needs an `optimizer` config, e.g. "
                "optimizer=dict(type='SGD', lr=0.01)"
            )
        self.optim_wrapper_cfg = optim_wrapper_cfg.copy()
        self.optimizer_cfg = self.optim_wrapper_cfg.pop("optimizer")
        self.paramwise_cfg = {} if paramwise_cfg is None else paramwise_cfg
        self.base_lr = self.optimizer_cfg.get("lr", None)
        self.base_wd = self.optimizer_cfg.get("weight_decay", None)
        self._validate_cfg()

    def _validate_cfg(self) -> None:
        if not isinstance(self.paramwise_cfg, dict):
            raise TypeError(
                "optim_wrapper.paramwise_cfg must be None or a dict, got "
                f"{type(self.paramwise_cfg).__name__}"
            )
        if type(self) is DefaultOptimWrapperConstructor:
            # Subclasses read keys of their own; only the default constructor
            # knows that anything else is a typo it would silently ignore.
            for key in self.paramwise_cfg:
                if key not in _KNOWN_KEYS:
                    print_log(
                        f"optim_wrapper.paramwise_cfg.{key} is not an option of "
                        f"DefaultOptimWrapperConstructor and is ignored (options: "
                        f"{', '.join(_KNOWN_KEYS)})",
                        level=logging.WARNING,
                    )
        custom_keys = self.paramwise_cfg.get("custom_keys", {})
        if not isinstance(custom_keys, dict):
            raise TypeError(
                "optim_wrapper.paramwise_cfg.custom_keys must be a dict, got "
                f"{type(custom_keys).__name__}"
            )
        for key, options in custom_keys.items():
            if not isinstance(options, dict):
                raise TypeError(
                    f"optim_wrapper.paramwise_cfg.custom_keys[{key!r}] must be a dict "
                    f"like dict(lr_mult=0.1), got {options!r}"
                )
            if self.base_wd is None and "decay_mult" in options:
                raise ValueError(
                    f"optim_wrapper.paramwise_cfg.custom_keys[{key!r}] sets decay_mult "
                    "but optimizer.weight_decay is not set"
                )
        for key in _DECAY_KEYS:
            if key in self.paramwise_cfg and self.base_wd is None:
                raise ValueError(
                    f"optim_wrapper.paramwise_cfg.{key} needs optimizer.weight_decay "
                    "to be set"
                )
        needs_lr = [
            k for k in ("bias_lr_mult", "dcn_offset_lr_mult") if k in self.paramwise_cfg
        ]
        if self.base_lr is None and (needs_lr or custom_keys):
            raise ValueError(
                "optim_wrapper.paramwise_cfg "
                f"{needs_lr[0] if needs_lr else 'custom_keys'} needs optimizer.lr "
                "to be set"
            )

    @staticmethod
    def _is_in(param_group: dict, param_group_list: list[dict]) -> bool:
        """Whether any parameter of ``param_group`` is already in the list."""
        params = set(param_group["params"])
        seen: set = set()
        for group in param_group_list:
            seen.update(group["params"])
        return not params.isdisjoint(seen)

    def add_params(
        self,
        params: list[dict],
        module: nn.Module,
        prefix: str = "",
        is_dcn_module: int | float | bool | None = None,
    ) -> None:
        """Append one param group per parameter of ``module`` (recursively).

        Args:
            params: the param groups built so far (extended in place).
            module: the module whose parameters are added.
            prefix: the module's name in the model.
            is_dcn_module: whether the *parent* is a deformable convolution
                (its ``conv_offset`` child then gets ``dcn_offset_lr_mult``).
        """
        cfg = self.paramwise_cfg
        custom_keys = cfg.get("custom_keys", {})
        # Longest key first, ties alphabetically (MMEngine's order).
        sorted_keys = sorted(sorted(custom_keys), key=len, reverse=True)
        bias_lr_mult = cfg.get("bias_lr_mult", None)
        bias_decay_mult = cfg.get("bias_decay_mult", None)
        norm_decay_mult = cfg.get("norm_decay_mult", None)
        dwconv_decay_mult = cfg.get("dwconv_decay_mult", None)
        flat_decay_mult = cfg.get("flat_decay_mult", None)
        bypass_duplicate = cfg.get("bypass_duplicate", False)
        dcn_offset_lr_mult = cfg.get("dcn_offset_lr_mult", None)

        is_norm = isinstance(module, (_BatchNorm, _InstanceNorm, GroupNorm, LayerNorm))
        is_dwconv = (
            isinstance(module, nn.Conv2d) and module.in_channels == module.groups
        )

        for name, param in module.named_parameters(recurse=False):
            group: dict[str, Any] = {"params": [param]}
            if bypass_duplicate and self._is_in(group, params):
                print_log(
                    f"{prefix} is duplicate. It is skipped since "
                    f"bypass_duplicate={bypass_duplicate}",
                    level=logging.WARNING,
                )
                continue
            if not param.requires_grad:
                print_log(
                    f"{prefix}.{name} is skipped since its "
                    f"requires_grad={param.requires_grad}",
                    level=logging.WARNING,
                )
                continue

            is_custom = False
            for key in sorted_keys:
                if key in f"{prefix}.{name}":
                    is_custom = True
                    options = custom_keys[key]
                    group["lr"] = self.base_lr * options.get("lr_mult", 1.0)
                    if self.base_wd is not None:
                        group["weight_decay"] = self.base_wd * options.get(
                            "decay_mult", 1.0
                        )
                    group.update(options)
                    break

            if not is_custom:
                if (
                    name == "bias"
                    and not (is_norm or is_dcn_module)
                    and bias_lr_mult is not None
                ):
                    group["lr"] = self.base_lr * bias_lr_mult
                if (
                    "conv_offset" in prefix
                    and is_dcn_module
                    and dcn_offset_lr_mult is not None
                    and isinstance(module, nn.Conv2d)
                ):
                    group["lr"] = self.base_lr * dcn_offset_lr_mult
                if self.base_wd is not None:
                    if is_norm and norm_decay_mult is not None:
                        group["weight_decay"] = self.base_wd * norm_decay_mult
                    elif (
                        name == "bias"
                        and not is_dcn_module
                        and bias_decay_mult is not None
                    ):
                        group["weight_decay"] = self.base_wd * bias_decay_mult
                    elif is_dwconv and dwconv_decay_mult is not None:
                        group["weight_decay"] = self.base_wd * dwconv_decay_mult
                    elif (
                        param.ndim == 1
                        and not is_dcn_module
                        and flat_decay_mult is not None
                    ):
                        group["weight_decay"] = self.base_wd * flat_decay_mult

            params.append(group)
            full_name = f"{prefix}.{name}" if prefix else name
            for key, value in group.items():
                if key != "params":
                    print_log(f"paramwise_options -- {full_name}:{key}={value}")

        child_is_dcn = _is_dcn(module)
        for child_name, child in module.named_children():
            child_prefix = f"{prefix}.{child_name}" if prefix else child_name
            self.add_params(
                params, child, prefix=child_prefix, is_dcn_module=child_is_dcn
            )

    def _warn_unmatched_custom_keys(self, model: nn.Module) -> None:
        custom_keys = self.paramwise_cfg.get("custom_keys", {})
        if not custom_keys:
            return
        names = [_match_name(n) for n, _ in model.named_parameters()]
        for key in custom_keys:
            if not any(key in n for n in names):
                print_log(
                    f"optim_wrapper.paramwise_cfg.custom_keys[{key!r}] matches no "
                    "parameter of the model; check the key against "
                    "model.named_parameters()",
                    level=logging.WARNING,
                )

    def __call__(self, model: nn.Module) -> OptimWrapper:
        """Build the optimizer for ``model``'s parameters and wrap it."""
        if hasattr(model, "module"):
            model = model.module
        optim_wrapper_cfg = self.optim_wrapper_cfg.copy()
        optim_wrapper_cfg.setdefault("type", "OptimWrapper")
        optimizer_cfg = self.optimizer_cfg.copy()
        optimizer_cls = optimizer_cfg.get("type")
        if isinstance(optimizer_cls, str):
            with OPTIMIZERS.switch_scope_and_registry(None) as registry:
                found = registry.get(optimizer_cls)
            if found is None:
                raise KeyError(
                    f"optim_wrapper.optimizer.type: {registry.not_found_message(optimizer_cls)}"
                )
            optimizer_cls = found
        if optimizer_cls is None:
            raise KeyError("optim_wrapper.optimizer needs a `type`, e.g. type='SGD'")
        first_arg = next(iter(inspect.signature(optimizer_cls).parameters))
        if not self.paramwise_cfg:
            optimizer_cfg[first_arg] = model.parameters()
        else:
            self._warn_unmatched_custom_keys(model)
            params: list[dict] = []
            self.add_params(params, model)
            optimizer_cfg[first_arg] = params
        optimizer = OPTIMIZERS.build(optimizer_cfg)
        return OPTIM_WRAPPERS.build(
            optim_wrapper_cfg, default_args=dict(optimizer=optimizer)
        )
