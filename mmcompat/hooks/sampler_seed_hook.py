"""DistSamplerSeedHook: reshuffle a distributed sampler each epoch."""

from __future__ import annotations

from mmcompat.registry import HOOKS

from .hook import Hook


@HOOKS.register_module()
class DistSamplerSeedHook(Hook):
    """Call ``set_epoch(runner.epoch)`` on the train dataloader's sampler
    (or its batch sampler's sampler) before each training epoch, so that a
    shuffling sampler draws a new order every epoch, identical on all ranks.
    """

    priority = "NORMAL"

    def before_train_epoch(self, runner) -> None:
        loader = runner.train_loop.dataloader
        sampler = getattr(loader, "sampler", None)
        if hasattr(sampler, "set_epoch"):
            sampler.set_epoch(runner.epoch)
            return
        batch_sampler = getattr(loader, "batch_sampler", None)
        inner = getattr(batch_sampler, "sampler", None)
        if hasattr(inner, "set_epoch"):
            inner.set_epoch(runner.epoch)
