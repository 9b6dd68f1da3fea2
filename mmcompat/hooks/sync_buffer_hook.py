"""SyncBuffersHook: average model buffers across ranks."""

from __future__ import annotations

from mmcompat.dist import all_reduce_params, is_distributed
from mmcompat.registry import HOOKS

from .hook import Hook


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
        if is_distributed():
            if not self.called_in_train:
                all_reduce_params(runner.model.buffers(), op="mean")
            self.called_in_train = False

    def after_train_epoch(self, runner) -> None:
        if is_distributed():
            all_reduce_params(runner.model.buffers(), op="mean")
            self.called_in_train = True
