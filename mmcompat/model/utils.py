"""Model helpers: batch stacking, SyncBN conversion, debug aids."""

from __future__ import annotations

import logging
import math
from typing import Any

import torch
import torch.nn as nn
import torch.nn.functional as F

from mmcompat.logging import print_log

__all__ = [
    "convert_sync_batchnorm",
    "detect_anomalous_params",
    "merge_dict",
    "revert_sync_batchnorm",
    "stack_batch",
]


def target_device(*args: Any, **kwargs: Any) -> torch.device | None:
    """The device ``nn.Module.to(*args, **kwargs)`` moves to; None when the
    call changes only the dtype or memory format.

    ``to`` takes ``(device=None, dtype=None, non_blocking=False)``,
    ``(dtype, non_blocking=False)`` or ``(tensor, non_blocking=False)``: the
    device is the ``device`` keyword, a first positional device (a
    ``torch.device``, a string or a device index), or the device of a tensor
    given as the first positional argument or as ``tensor=``.
    """
    device = kwargs.get("device")
    tensor = kwargs.get("tensor")
    if device is None and tensor is None and args:
        first = args[0]
        if isinstance(first, torch.Tensor):
            tensor = first
        elif isinstance(first, (torch.device, str)) or (
            isinstance(first, int) and not isinstance(first, bool)
        ):
            device = first
    if device is None and tensor is not None:
        device = tensor.device
    return None if device is None else torch.device(device)


def stack_batch(
    tensor_list: list[torch.Tensor],
    pad_size_divisor: int = 1,
    pad_value: float = 0,
) -> torch.Tensor:
    """Stack tensors of equal rank into one batch, padding right/bottom.

    Every dimension except the first (channels) is padded to the batch maximum
    rounded up to a multiple of ``pad_size_divisor``; padding is added only at
    the end of each dimension, as MMEngine does.
    """
    if not isinstance(tensor_list, list):
        raise TypeError(f"stack_batch expects a list, got {type(tensor_list).__name__}")
    if not tensor_list:
        raise ValueError("stack_batch got an empty list")
    ndims = {t.ndim for t in tensor_list}
    if len(ndims) != 1:
        raise ValueError(
            "stack_batch needs tensors of one rank, got ranks "
            f"{[t.ndim for t in tensor_list]}"
        )
    ndim = tensor_list[0].ndim
    max_sizes = [max(t.shape[d] for t in tensor_list) for d in range(ndim)]
    targets = [max_sizes[0]] + [
        int(math.ceil(size / pad_size_divisor) * pad_size_divisor)
        for size in max_sizes[1:]
    ]
    if all(tuple(t.shape[1:]) == tuple(targets[1:]) for t in tensor_list):
        return torch.stack(tensor_list)
    padded = []
    for tensor in tensor_list:
        # F.pad lists (left, right) pairs from the last dimension backwards.
        pad: list[int] = []
        for d in range(ndim - 1, 0, -1):
            pad += [0, targets[d] - tensor.shape[d]]
        padded.append(F.pad(tensor, tuple(pad), value=pad_value))
    return torch.stack(padded)


def merge_dict(*args: dict) -> dict:
    """Merge dicts left to right (a traceable stand-in for ``dict.update``)."""
    output: dict = {}
    for item in args:
        if not isinstance(item, dict):
            raise TypeError(
                f"merge_dict arguments must be dicts, got {type(item).__name__}"
            )
        output.update(item)
    return output


try:  # torch.fx should treat merge_dict as a leaf call.
    import torch.fx

    merge_dict = torch.fx.wrap(merge_dict)
except (ImportError, AttributeError):  # pragma: no cover
    pass


def detect_anomalous_params(loss: torch.Tensor, model: nn.Module) -> None:
    """Log (ERROR) every trainable parameter that did not contribute to ``loss``."""
    in_graph: set = set()
    seen: set = set()
    stack = [loss.grad_fn]
    while stack:
        fn = stack.pop()
        if fn is None or fn in seen:
            continue
        seen.add(fn)
        variable = getattr(fn, "variable", None)
        if variable is not None:
            in_graph.add(variable)
        stack.extend(parent for parent, _ in fn.next_functions)
    for name, param in model.named_parameters():
        if param.requires_grad and param not in in_graph:
            print_log(
                f"{name} with shape {param.size()} is not in the computational graph \n",
                level=logging.ERROR,
                logger="current",
            )


class _BatchNormXd(nn.modules.batchnorm._BatchNorm):
    """A BatchNorm without the input-rank check, the target of SyncBN reversal."""

    def _check_input_dim(self, input: torch.Tensor) -> None:
        return


def _copy_bn_state(src: nn.Module, dst: nn.Module) -> None:
    if src.affine:
        with torch.no_grad():
            dst.weight = src.weight
            dst.bias = src.bias
    dst.running_mean = src.running_mean
    dst.running_var = src.running_var
    dst.num_batches_tracked = src.num_batches_tracked
    if hasattr(src, "qconfig"):
        dst.qconfig = src.qconfig


def revert_sync_batchnorm(module: nn.Module) -> nn.Module:
    """Replace every ``SyncBatchNorm`` with an equivalent plain BatchNorm.

    Used to run SyncBN models on one process / CPU. Parameters and buffers are
    shared, not copied.
    """
    output = module
    if isinstance(module, nn.SyncBatchNorm):
        output = _BatchNormXd(
            module.num_features,
            module.eps,
            module.momentum,
            module.affine,
            module.track_running_stats,
        )
        _copy_bn_state(module, output)
        output.training = module.training
    for name, child in module.named_children():
        try:
            output.add_module(name, revert_sync_batchnorm(child))
        except Exception:
            # Some third-party modules refuse add_module; MMEngine warns and
            # keeps going.
            print_log(
                f"Failed to convert {child} from SyncBN to BN!",
                level=logging.WARNING,
                logger="current",
            )
    return output


def convert_sync_batchnorm(
    module: nn.Module, implementation: str = "torch"
) -> nn.Module:
    """Replace every BatchNorm with ``torch.nn.SyncBatchNorm``.

    Only ``implementation='torch'`` exists here (``'mmcv'`` needs MMCV's
    compiled ops).
    """
    if implementation != "torch":
        raise ValueError(
            f"convert_sync_batchnorm: implementation must be 'torch', got {implementation!r}"
        )
    output = module
    if isinstance(module, nn.modules.batchnorm._BatchNorm):
        output = nn.SyncBatchNorm(
            module.num_features,
            module.eps,
            module.momentum,
            module.affine,
            module.track_running_stats,
        )
        _copy_bn_state(module, output)
    for name, child in module.named_children():
        output.add_module(name, convert_sync_batchnorm(child, implementation))
    return output
