"""``ZeroRedundancyOptimizer`` registered in ``OPTIMIZERS`` (MMEngine 0.10.7).

PyTorch's ZeRO-1 optimizer (optimizer states sharded across ranks), built
from a config: ``optimizer=dict(type='ZeroRedundancyOptimizer',
optimizer_type='AdamW', lr=...)``. ``optimizer_type`` names the local
optimizer: a ``torch.optim`` class or any name in ``OPTIMIZERS``. The state
dict is consolidated on the main process, which alone returns it (other
ranks return an empty dict), as MMEngine does. Needs an initialised
process group.

``torch.distributed.optim`` costs seconds to import (it scripts modules with
TorchScript), so it is imported when the first instance is built: the
registered name is a thin factory whose instances are
``torch.distributed.optim.ZeroRedundancyOptimizer`` objects.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

import torch

from mmcompat.registry import OPTIMIZERS

__all__ = ["ZeroRedundancyOptimizer"]


@functools.cache
def _implementation() -> type:
    from torch.distributed.optim import ZeroRedundancyOptimizer as TorchZero

    class _ZeroRedundancyOptimizer(TorchZero):
        def state_dict(self) -> dict:
            """Consolidated state on the main process; ``{}`` elsewhere."""
            from mmcompat.dist import is_main_process

            self.consolidate_state_dict()
            return super().state_dict() if is_main_process() else {}

    _ZeroRedundancyOptimizer.__name__ = "ZeroRedundancyOptimizer"
    _ZeroRedundancyOptimizer.__qualname__ = "ZeroRedundancyOptimizer"
    return _ZeroRedundancyOptimizer


@OPTIMIZERS.register_module()
class ZeroRedundancyOptimizer:
    """ZeRO optimizer whose local optimizer is given by name.

    Args:
        params: parameters or param groups, sharded across ranks.
        optimizer_type: name of the local optimizer class.
        **kwargs: arguments of the local optimizer (``lr`` ...) and of
            ``torch.distributed.optim.ZeroRedundancyOptimizer``.
    """

    def __new__(cls, params: Iterable, optimizer_type: str, **kwargs: Any) -> Any:
        optimizer_class = getattr(torch.optim, optimizer_type, None)
        if optimizer_class is None:
            optimizer_class = OPTIMIZERS.get(optimizer_type)
        if optimizer_class is None:
            raise KeyError(
                "ZeroRedundancyOptimizer.optimizer_type: "
                f"{OPTIMIZERS.not_found_message(optimizer_type)}"
            )
        return _implementation()(list(params), optimizer_class, **kwargs)
