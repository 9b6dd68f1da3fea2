"""MMCV 1.x functions and classes whose legacy signature differs from the
new API (or that the new API dropped), implemented on mmcompat.

The alias modules (:mod:`.aliases`) serve these under their MMCV names;
everything else they serve is the mmcompat symbol that
:mod:`mmcompat.legacy.symbols` lists as the legacy name's new home.
"""

from __future__ import annotations

import functools
import inspect
import logging
import os
import os.path as osp
import time
from collections.abc import Sequence
from typing import Any, Callable, Optional

import torch
import torch.nn as nn

from mmcompat.registry import Registry as _NewRegistry

__all__ = [
    "Registry", "build_from_cfg", "get_logger", "mkdir_or_exist", "is_str",
    "is_list_of", "is_tuple_of", "is_seq_of", "set_random_seed",
    "save_checkpoint", "load_checkpoint", "build_optimizer", "MMDataParallel",
    "MMDistributedDataParallel", "DataContainer", "collate", "auto_fp16",
    "force_fp32", "get_time_str", "get_host_info", "obj_from_dict",
]  # fmt: skip

#: every legacy registry created while the aliases are installed (so they
#: can be detached from the new root registries afterwards)
CREATED_REGISTRIES: list = []


def _caller_package(depth: int = 2) -> str:
    frame = inspect.currentframe()
    for _ in range(depth):
        frame = frame.f_back if frame is not None else None
    module = inspect.getmodule(frame) if frame is not None else None
    if module is None or module.__name__ == "__main__":
        return "__main__"
    return module.__name__.split(".")[0]


class Registry(_NewRegistry):
    """``mmcv.utils.Registry`` (MMCV 1.x signature and scope inference).

    ``Registry('models')`` in package ``toyproj`` gets scope ``toyproj``, as
    MMCV inferred it; a ``parent`` may be a new-style root registry
    (``mmcv.cnn.MODELS`` is ``mmcompat.registry.MODELS`` under the aliases),
    so names the user's registry lacks fall back to mmcompat's built-ins.
    """

    def __init__(
        self,
        name: str,
        build_func: Optional[Callable] = None,
        parent: Optional[_NewRegistry] = None,
        scope: Optional[str] = None,
    ) -> None:
        if scope is None:
            scope = _caller_package()
        if parent is not None and scope in parent.children:
            # The same legacy module imported again (a second run in one
            # process): the newer registry replaces the older one.
            del parent.children[scope]
        if build_func is None and not isinstance(parent, Registry):
            # MMCV's build (no default-scope switching), also below a new
            # root registry such as ``mmcv.cnn.MODELS``
            build_func = build_from_cfg
        super().__init__(name, build_func=build_func, parent=parent, scope=scope)
        CREATED_REGISTRIES.append(self)


def build_from_cfg(
    cfg: dict, registry: _NewRegistry, default_args: Optional[dict] = None
) -> Any:
    """``mmcv.utils.build_from_cfg``: ``registry.get(cfg['type'])(**args)``
    (no default-scope switching, as MMCV 1.x)."""
    if not isinstance(cfg, dict):
        raise TypeError(f"cfg must be a dict, but got {type(cfg)}")
    if "type" not in cfg and (default_args is None or "type" not in default_args):
        raise KeyError(
            '`cfg` or `default_args` must contain the key "type", '
            f"but got {cfg}\n{default_args}"
        )
    args = dict(cfg)
    for key, value in (default_args or {}).items():
        args.setdefault(key, value)
    obj_type = args.pop("type")
    if isinstance(obj_type, str):
        obj_cls = registry.get(obj_type)
        if obj_cls is None:
            raise registry.not_found_error(obj_type)
    elif callable(obj_type):
        obj_cls = obj_type
    else:
        raise TypeError(f"type must be a str or valid type, but got {type(obj_type)}")
    try:
        return obj_cls(**args)
    except Exception as e:
        raise type(e)(f"{obj_cls.__name__}: {e}") from e


def get_logger(
    name: str,
    log_file: Optional[str] = None,
    log_level: int = logging.INFO,
    file_mode: str = "w",
) -> logging.Logger:
    """``mmcv.utils.get_logger``: a named logger, console + file (rank 0)."""
    from mmcompat.logging import MMLogger

    if MMLogger.check_instance_created(name):
        return MMLogger.get_instance(name)
    return MMLogger.get_instance(
        name,
        logger_name=name,
        log_file=log_file,
        log_level=log_level,
        file_mode=file_mode,
    )


def get_time_str() -> str:
    return time.strftime("%Y%m%d_%H%M%S", time.localtime())


def get_host_info() -> str:
    import getpass
    import socket

    try:
        return f"{getpass.getuser()}@{socket.gethostname()}"
    except Exception:  # no user name in some containers
        return socket.gethostname()


def mkdir_or_exist(dir_name: str, mode: int = 0o777) -> None:
    if dir_name == "":
        return
    os.makedirs(osp.expanduser(dir_name), mode=mode, exist_ok=True)


def is_str(x: Any) -> bool:
    return isinstance(x, str)


def is_seq_of(seq: Any, expected_type: Any, seq_type: Any = None) -> bool:
    exp_seq_type = Sequence if seq_type is None else seq_type
    if not isinstance(seq, exp_seq_type):
        return False
    return all(isinstance(item, expected_type) for item in seq)


def is_list_of(seq: Any, expected_type: Any) -> bool:
    return is_seq_of(seq, expected_type, seq_type=list)


def is_tuple_of(seq: Any, expected_type: Any) -> bool:
    return is_seq_of(seq, expected_type, seq_type=tuple)


def set_random_seed(
    seed: int, deterministic: bool = False, use_rank_shift: bool = False
) -> None:
    """``mmcv.runner.set_random_seed`` (``use_rank_shift``: seed + rank)."""
    from mmcompat.runner import set_random_seed as _set

    _set(seed=seed, deterministic=deterministic, diff_rank_seed=use_rank_shift)


def obj_from_dict(info: dict, parent: Any = None, default_args: Any = None) -> Any:
    args = dict(info)
    obj_type = args.pop("type")
    if isinstance(obj_type, str):
        obj_type = getattr(parent, obj_type) if parent is not None else None
    for key, value in (default_args or {}).items():
        args.setdefault(key, value)
    return obj_type(**args)


# -- checkpoints --------------------------------------------------------------
def save_checkpoint(
    model: nn.Module,
    filename: str,
    optimizer: Any = None,
    meta: Optional[dict] = None,
    file_client_args: Optional[dict] = None,
) -> None:
    """``mmcv.runner.save_checkpoint``: ``meta`` (+ ``mmcv_version``,
    ``time``), ``state_dict`` (unwrapped, on CPU) and ``optimizer`` (a state
    dict, or a dict of them), written atomically."""
    from mmcompat.runner.checkpoint import get_state_dict, weights_to_cpu
    from mmcompat.runner.checkpoint import save_checkpoint as _save

    from .model import unwrap_legacy

    if meta is None:
        meta = {}
    elif not isinstance(meta, dict):
        raise TypeError(f"meta must be a dict or None, but got {type(meta)}")
    meta = dict(meta, mmcv_version="1.7.2", time=time.asctime())
    checkpoint: dict = {
        "meta": meta,
        "state_dict": weights_to_cpu(get_state_dict(unwrap_legacy(model))),
    }
    if isinstance(optimizer, torch.optim.Optimizer):
        checkpoint["optimizer"] = optimizer.state_dict()
    elif isinstance(optimizer, dict):
        checkpoint["optimizer"] = {k: o.state_dict() for k, o in optimizer.items()}
    _save(checkpoint, filename, file_client_args=file_client_args)


def load_checkpoint(
    model: nn.Module,
    filename: str,
    map_location: Any = None,
    strict: bool = False,
    logger: Any = None,
    revise_keys: list = [(r"^module\.", "")],  # noqa: B006 (MMCV's signature)
) -> dict:
    """``mmcv.runner.load_checkpoint`` (weights into the unwrapped model)."""
    from mmcompat.runner import load_checkpoint as _load

    from .model import unwrap_legacy

    return _load(
        unwrap_legacy(model),
        filename,
        map_location=map_location,
        strict=strict,
        logger=logger,
        revise_keys=revise_keys,
    )


def build_optimizer(model: nn.Module, cfg: dict) -> Any:
    """``mmcv.runner.build_optimizer``: a torch optimizer (or, for a config
    of several, a dict of them) with ``paramwise_cfg`` applied."""
    from mmcompat.optim import build_optim_wrapper

    cfg = dict(cfg)
    constructor = cfg.pop("constructor", None)
    paramwise_cfg = cfg.pop("paramwise_cfg", None)
    wrapper_cfg: dict = dict(optimizer=cfg)
    if paramwise_cfg is not None:
        wrapper_cfg["paramwise_cfg"] = paramwise_cfg
    if constructor is not None:
        wrapper_cfg["constructor"] = constructor
    return build_optim_wrapper(model, wrapper_cfg).optimizer


# -- data parallel -------------------------------------------------------------
class MMDataParallel(nn.Module):
    """``mmcv.parallel.MMDataParallel`` for one device (or the CPU).

    Single-device training needs no wrapper on the new runner; this one
    keeps ``model.module`` and forwards ``train_step``/``val_step``/calls.
    """

    def __init__(self, module: nn.Module, device_ids: Any = None, dim: int = 0,
                 **kwargs: Any) -> None:  # fmt: skip
        super().__init__()
        self.module = module
        self.device_ids = list(device_ids) if device_ids else []
        self.dim = dim
        if self.device_ids and torch.cuda.is_available():
            self.module.to(f"cuda:{self.device_ids[0]}")

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        return self.module(*args, **kwargs)

    def train_step(self, *args: Any, **kwargs: Any) -> Any:
        return self.module.train_step(*args, **kwargs)

    def val_step(self, *args: Any, **kwargs: Any) -> Any:
        return self.module.val_step(*args, **kwargs)


class MMDistributedDataParallel(MMDataParallel):
    """``mmcv.parallel.MMDistributedDataParallel``: on one process (no
    process group) it behaves like :class:`MMDataParallel`; with a process
    group, gradients are all-reduced by a DDP wrapper of the module."""

    def __init__(
        self, module: nn.Module, device_ids: Any = None, **kwargs: Any
    ) -> None:
        from mmcompat.dist import is_distributed

        super().__init__(module, device_ids)
        self._ddp = None
        if is_distributed():
            self._ddp = nn.parallel.DistributedDataParallel(
                module, device_ids=device_ids, **kwargs
            )

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        return (self._ddp or self.module)(*args, **kwargs)


class DataContainer:
    """``mmcv.parallel.DataContainer`` (minimal: holds ``data`` and flags)."""

    def __init__(self, data: Any, stack: bool = False, padding_value: int = 0,
                 cpu_only: bool = False, pad_dims: int = 2) -> None:  # fmt: skip
        self._data = data
        self._cpu_only = cpu_only
        self._stack = stack
        self._padding_value = padding_value
        self._pad_dims = pad_dims

    data = property(lambda self: self._data)
    stack = property(lambda self: self._stack)
    cpu_only = property(lambda self: self._cpu_only)
    padding_value = property(lambda self: self._padding_value)
    pad_dims = property(lambda self: self._pad_dims)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.data!r})"

    def size(self, *args: Any) -> Any:
        return self.data.size(*args)

    def dim(self) -> int:
        return self.data.dim()


def collate(batch: Sequence, samples_per_gpu: int = 1) -> Any:
    """``mmcv.parallel.collate`` without DataContainer padding: containers
    are collated as lists of their data (stacked when ``stack`` and equal
    shapes); everything else as ``torch.utils.data.default_collate``."""
    from torch.utils.data import default_collate

    if not batch:
        return batch
    first = batch[0]
    if isinstance(first, DataContainer):
        datas = [b.data for b in batch]
        if first.stack and all(d.shape == datas[0].shape for d in datas):
            return DataContainer(torch.stack(datas), True, first.padding_value)
        return DataContainer(datas, first.stack, first.padding_value, first.cpu_only)
    if isinstance(first, dict):
        return {key: collate([b[key] for b in batch], samples_per_gpu) for key in first}
    if isinstance(first, (list, tuple)) and not isinstance(first, str):
        return [collate(list(s), samples_per_gpu) for s in zip(*batch)]
    return default_collate(batch)


# -- fp16 decorators -------------------------------------------------------------
def _cast_args(func: Callable, apply_to: Any, args: tuple, kwargs: dict,
               dtype: torch.dtype) -> tuple:  # fmt: skip
    names = inspect.signature(func).parameters
    arg_names = list(names)
    args = list(args)
    for i, value in enumerate(args):
        name = arg_names[i] if i < len(arg_names) else None
        if (apply_to is None or name in apply_to) and torch.is_tensor(value):
            if value.is_floating_point():
                args[i] = value.to(dtype)
    for name, value in kwargs.items():
        if (apply_to is None or name in apply_to) and torch.is_tensor(value):
            if value.is_floating_point():
                kwargs[name] = value.to(dtype)
    return tuple(args), kwargs


def auto_fp16(apply_to: Any = None, out_fp32: bool = False,
              supported_types: tuple = (nn.Module,)) -> Callable:  # fmt: skip
    """``mmcv.runner.auto_fp16``: a no-op unless ``self.fp16_enabled``; then
    the ``apply_to`` float tensors are cast to half (as MMCV)."""

    def decorator(func: Callable) -> Callable:
        @functools.wraps(func)
        def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
            if not getattr(self, "fp16_enabled", False):
                return func(self, *args, **kwargs)
            args, kwargs = _cast_args(
                func, apply_to, (self, *args), dict(kwargs), torch.half
            )
            output = func(*args, **kwargs)
            return output

        return wrapper

    return decorator


def force_fp32(apply_to: Any = None, out_fp16: bool = False) -> Callable:
    """``mmcv.runner.force_fp32``: casts ``apply_to`` to float32 when
    ``self.fp16_enabled``; a no-op otherwise."""

    def decorator(func: Callable) -> Callable:
        @functools.wraps(func)
        def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
            if not getattr(self, "fp16_enabled", False):
                return func(self, *args, **kwargs)
            args, kwargs = _cast_args(
                func, apply_to, (self, *args), dict(kwargs), torch.float
            )
            return func(*args, **kwargs)

        return wrapper

    return decorator
