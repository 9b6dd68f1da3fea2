"""EmptyCacheHook: release PyTorch's cached CUDA memory."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Optional, Union

from mmcompat.registry import HOOKS

from .hook import DATA_BATCH, Hook


def _empty_cuda_cache() -> None:
    import torch

    if torch.cuda.is_available():
        torch.cuda.empty_cache()


@HOOKS.register_module()
class EmptyCacheHook(Hook):
    """Call ``torch.cuda.empty_cache()`` before and/or after every epoch
    and/or after every iteration (train, val and test alike).

    Args:
        before_epoch: empty the cache before each epoch.
        after_epoch: empty the cache after each epoch.
        after_iter: empty the cache after each iteration.
    """

    priority = "NORMAL"

    def __init__(
        self,
        before_epoch: bool = False,
        after_epoch: bool = True,
        after_iter: bool = False,
    ) -> None:
        self._do_before_epoch = before_epoch
        self._do_after_epoch = after_epoch
        self._do_after_iter = after_iter

    def _after_iter(
        self,
        runner,
        batch_idx: int,
        data_batch: DATA_BATCH = None,
        outputs: Optional[Union[dict, Sequence]] = None,
        mode: str = "train",
    ) -> None:
        if self._do_after_iter:
            _empty_cuda_cache()

    def _before_epoch(self, runner, mode: str = "train") -> None:
        if self._do_before_epoch:
            _empty_cuda_cache()

    def _after_epoch(self, runner, mode: str = "train") -> None:
        if self._do_after_epoch:
            _empty_cuda_cache()
