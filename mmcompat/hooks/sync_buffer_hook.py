"""SyncBuffersHook: average model buffers across ranks."""

from __future__ import annotations

from mmcompat.registry import HOOKS

from .hook import Hook


def _all_reduce_mean(tensors) -> None:
    from mmcompat.dist import all_reduce

    for tensor in tensors:
        all_reduce(tensor, op="mean")


def _is_distributed() -> bool:
    from mmcompat.dist import is_distributed

    return is_distributed()


@HOOKS.register_module()
class SyncBuffersHook(Hook):
    """After each training epoch of a distributed run, replace every model
    buffer (BatchNorm running statistics ...) by its mean over all ranks, so
    that validation and checkpoints see the same buffers on every rank.

    A validation run outside training (``runner.val()``) syncs before it
    starts, unless the training epoch just did.
    """

    priority = "NORMAL"

    def __init__(self) -> None:
        self.called_in_train = False

    def before_val_epoch(self, runner) -> None:
        if _is_distributed():
            if not self.called_in_train:
                _all_reduce_mean(runner.model.buffers())
            self.called_in_train = False

    def after_train_epoch(self, runner) -> None:
        if _is_distributed():
            _all_reduce_mean(runner.model.buffers())
            self.called_in_train = True
