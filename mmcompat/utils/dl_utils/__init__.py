"""MMEngine 0.10.7's ``mmengine.utils.dl_utils``: helpers that need torch
(``import mmcompat.utils`` does not import this package).

=====================  ======================================================
name                   what
=====================  ======================================================
``TORCH_VERSION``      ``torch.__version__``
``collect_env``        the environment the runner logs (platform, Python,
                       CUDA, GCC, PyTorch and its build, NumPy, OpenCV,
                       mmcompat)
``is_norm``            whether a module is a batch/instance/group/layer norm
``has_batch_norm``     whether a module contains a batch norm
``is_jit_tracing``     ``torch.jit.is_tracing()``
``torch_meshgrid``     ``torch.meshgrid(..., indexing='ij')``
``load_url``           ``torch.hub.load_state_dict_from_url``
``parrots_wrapper``    torch's ``_BatchNorm``, ``_ConvNd``... base classes
=====================  ======================================================
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any, Optional, Union

import torch
from torch import nn

from .parrots_wrapper import (
    TORCH_VERSION,
    _AdaptiveAvgPoolNd,
    _AdaptiveMaxPoolNd,
    _AvgPoolNd,
    _BatchNorm,
    _ConvNd,
    _ConvTransposeMixin,
    _InstanceNorm,
    _MaxPoolNd,
)

__all__ = [
    "TORCH_VERSION",
    "collect_env",
    "has_batch_norm",
    "is_jit_tracing",
    "is_norm",
    "load_url",
    "torch_meshgrid",
    "_AdaptiveAvgPoolNd",
    "_AdaptiveMaxPoolNd",
    "_AvgPoolNd",
    "_BatchNorm",
    "_ConvNd",
    "_ConvTransposeMixin",
    "_InstanceNorm",
    "_MaxPoolNd",
]


def collect_env() -> OrderedDict:
    """The environment the runner logs at start (MMEngine's
    ``collect_env``, with mmcompat's version)."""
    from mmcompat.runner.env import collect_env as runner_env

    return runner_env()


def is_norm(layer: nn.Module, exclude: Optional[Union[type, tuple]] = None) -> bool:
    """Whether ``layer`` is a normalisation layer (batch, instance, group or
    layer norm), unless it is an instance of ``exclude``."""
    if exclude is not None:
        if not isinstance(exclude, tuple):
            exclude = (exclude,)
        if not all(isinstance(e, type) for e in exclude):
            raise TypeError(
                f'"exclude" must be either None or type or a tuple of types, '
                f"but got {type(exclude)}: {exclude}"
            )
        if isinstance(layer, exclude):
            return False
    return isinstance(layer, (_BatchNorm, _InstanceNorm, nn.GroupNorm, nn.LayerNorm))


def has_batch_norm(model: nn.Module) -> bool:
    """Whether ``model`` is or contains a batch norm layer."""
    return any(isinstance(m, _BatchNorm) for m in model.modules())


def is_jit_tracing() -> bool:
    """Whether ``torch.jit.trace`` is running."""
    return torch.jit.is_tracing()


def torch_meshgrid(*tensors: Any) -> tuple:
    """``torch.meshgrid`` with ``indexing='ij'`` (the behaviour older
    PyTorch had without the argument), without its warning."""
    return torch.meshgrid(*tensors, indexing="ij")


def load_url(
    url: str,
    model_dir: Optional[str] = None,
    map_location: Any = None,
    progress: bool = True,
    check_hash: bool = False,
    file_name: Optional[str] = None,
) -> Any:
    """Download (once, into ``model_dir``, default torch hub's) and load a
    checkpoint: ``torch.hub.load_state_dict_from_url``."""
    return torch.hub.load_state_dict_from_url(
        url,
        model_dir=model_dir,
        map_location=map_location,
        progress=progress,
        check_hash=check_hash,
        file_name=file_name,
    )
