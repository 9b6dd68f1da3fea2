"""Model wrappers: ``MMDistributedDataParallel`` and ``is_model_wrapper``.

The loops call ``model.train_step(data, optim_wrapper)`` whether or not the
model is wrapped; the wrapper routes the forward pass through
``DistributedDataParallel.forward`` (so gradients are all-reduced) and uses the
wrapped model's ``data_preprocessor`` and ``parse_losses``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import torch.nn as nn
from torch.nn.parallel import DataParallel, DistributedDataParallel

from mmcompat.registry import MODEL_WRAPPERS, Registry

from .utils import detect_anomalous_params

if TYPE_CHECKING:
    from mmcompat.optim import OptimWrapper

__all__ = ["MMDistributedDataParallel", "is_model_wrapper"]

# As in MMEngine, plain torch wrappers count as model wrappers too.
MODEL_WRAPPERS.register_module(module=DistributedDataParallel)
MODEL_WRAPPERS.register_module(module=DataParallel)


def is_model_wrapper(model: nn.Module, registry: Registry = MODEL_WRAPPERS) -> bool:
    """Whether ``model`` is an instance of a class registered in MODEL_WRAPPERS.

    Child registries (other scopes, e.g. ``mmdet``) are searched too.
    """
    wrappers = tuple(registry.module_dict.values())
    if wrappers and isinstance(model, wrappers):
        return True
    return any(is_model_wrapper(model, child) for child in registry.children.values())


def run_forward(model: nn.Module, data: Any, mode: str) -> Any:
    """Call ``model`` with ``data`` unpacked: a dict as keywords, a sequence as
    positionals, plus ``mode``."""
    if isinstance(data, dict):
        return model(**data, mode=mode)
    if isinstance(data, (list, tuple)):
        return model(*data, mode=mode)
    raise TypeError(
        "the data_preprocessor must return a dict, list or tuple, "
        f"got {type(data).__name__}"
    )


@MODEL_WRAPPERS.register_module()
class MMDistributedDataParallel(DistributedDataParallel):
    """``DistributedDataParallel`` with the ``train/val/test_step`` interface.

    Args:
        module: the model (a :class:`~mmcompat.model.BaseModel`).
        detect_anomalous_params: debug aid; after each step, log parameters
            that did not contribute to the loss (slow).
        **kwargs: passed to ``DistributedDataParallel`` (``device_ids``,
            ``broadcast_buffers``, ``find_unused_parameters``, ...).
    """

    def __init__(
        self, module: nn.Module, detect_anomalous_params: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(module=module, **kwargs)
        self.detect_anomalous_params = detect_anomalous_params

    def train_step(
        self, data: dict | tuple | list, optim_wrapper: OptimWrapper
    ) -> dict:
        """Preprocess, forward through DDP (gradient sync), parse, update."""
        with optim_wrapper.optim_context(self):
            data = self.module.data_preprocessor(data, training=True)
            losses = self._run_forward(data, mode="loss")
        parsed_loss, log_vars = self.module.parse_losses(losses)
        optim_wrapper.update_params(parsed_loss)
        if self.detect_anomalous_params:
            detect_anomalous_params(parsed_loss, model=self)
        return log_vars

    def val_step(self, data: dict | tuple | list) -> list:
        """The wrapped model's ``val_step`` (no gradient sync needed)."""
        return self.module.val_step(data)

    def test_step(self, data: dict | tuple | list) -> list:
        """The wrapped model's ``test_step``."""
        return self.module.test_step(data)

    def _run_forward(self, data: dict | tuple | list, mode: str) -> Any:
        return run_forward(self, data, mode)
