"""Where training is in its dataloader, so that a resume continues exactly.

A train loop walks its dataloader in *passes* (an epoch of an
``EpochBasedTrainLoop``; one run through a finite sampler, or the whole
endless stream of an ``InfiniteSampler``, in an ``IterBasedTrainLoop``).
:class:`DataPosition` counts the batches taken from the current pass and
remembers every RNG state right before the pass's iterator was created.

Resuming in the middle of a pass then:

1. restores the RNG states of the pass start, so creating the iterator draws
   the same DataLoader base seed (and a ``RandomSampler`` the same order);
2. asks the sampler to skip the batches already trained on
   (``sampler.set_start(batches * batch_size)``) -- no sample is loaded.
   Samplers without ``set_start`` get the batches replayed instead (loaded and
   discarded, as MMEngine does), with a warning;
3. restores the RNG states saved with the checkpoint, so dropout and any
   random augmentation continue as if uninterrupted.

Exact for ``num_workers=0``; with worker processes the workers' own random
streams are reseeded identically but see the samples in different workers.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any, Optional

from torch.utils.data import BatchSampler, DataLoader

from .randomness import capture_rng_state, plain_rng_state, set_rng_state


def _capture(dataloader: Any) -> dict[str, Any]:
    state = capture_rng_state()
    generator = getattr(dataloader, "generator", None)
    if generator is not None:
        state["dataloader_generator"] = generator.get_state()
    return state


def _restore(dataloader: Any, state: dict[str, Any]) -> None:
    set_rng_state(state)
    generator = getattr(dataloader, "generator", None)
    if generator is not None and "dataloader_generator" in state:
        generator.set_state(state["dataloader_generator"])


def _index_sampler(dataloader: Any) -> Any:
    """The per-sample sampler behind a DataLoader's batches, if it has one."""
    batch_sampler = getattr(dataloader, "batch_sampler", None)
    if type(batch_sampler) is BatchSampler:
        return batch_sampler.sampler
    return getattr(dataloader, "sampler", None) if batch_sampler is None else None


def _batch_size(dataloader: Any) -> Optional[int]:
    batch_sampler = getattr(dataloader, "batch_sampler", None)
    return getattr(batch_sampler, "batch_size", None) or getattr(
        dataloader, "batch_size", None
    )


def sampler_of(dataloader: Any) -> Any:
    """The dataloader's sampler with ``set_epoch`` (its own or its batch
    sampler's), else its sampler."""
    for owner in (dataloader, getattr(dataloader, "batch_sampler", None)):
        sampler = getattr(owner, "sampler", None)
        if hasattr(sampler, "set_epoch"):
            return sampler
    return getattr(dataloader, "sampler", None)


def set_sampler_epoch(dataloader: Any, epoch: int) -> None:
    """``set_epoch`` on the dataloader's sampler, when it has one."""
    sampler = sampler_of(dataloader)
    if hasattr(sampler, "set_epoch"):
        sampler.set_epoch(epoch)


def skip_without_loading(dataloader: Any, batches: int) -> bool:
    """Make the next iterator of ``dataloader`` start after ``batches``
    batches, through ``sampler.set_start``; False when the sampler cannot."""
    sampler = _index_sampler(dataloader)
    batch_size = _batch_size(dataloader)
    if not hasattr(sampler, "set_start") or not batch_size:
        return False
    sampler.set_start(batches * batch_size)
    return True


class DataPosition:
    """The batches taken from the current pass and the RNG at its start."""

    def __init__(self, dataloader: DataLoader) -> None:
        self.dataloader = dataloader
        self.pass_index = 0
        self.batches_done = 0
        self._pass_start_rng: Optional[dict[str, Any]] = None
        self._pending: Optional[dict[str, Any]] = None

    # -- running -----------------------------------------------------------
    def start_pass(self) -> Iterator:
        """An iterator over the dataloader: a fresh pass, or the resumed one."""
        pending, self._pending = self._pending, None
        if pending is not None and pending["batches_done"] == 0:
            _restore(self.dataloader, pending["rng_state"])
            pending = None
        if pending is None:
            self._pass_start_rng = _capture(self.dataloader)
            self.batches_done = 0
            return iter(self.dataloader)
        skip = pending["batches_done"]
        self._pass_start_rng = pending["pass_start_rng_state"]
        _restore(self.dataloader, self._pass_start_rng)
        replay = not skip_without_loading(self.dataloader, skip)
        iterator = iter(self.dataloader)
        if replay:
            from mmcompat.logging import print_log

            print_log(
                f"The sampler of the train dataloader has no set_start(); "
                f"replaying {skip} batches to reach the resumed position",
                logger="current",
                level=logging.WARNING,
            )
            for _ in range(skip):
                next(iterator)
        _restore(self.dataloader, pending["rng_state"])
        self.batches_done = skip
        return iterator

    def apply_boundary_resume(self) -> None:
        """At a pass boundary, restore the checkpoint's RNG states now (before
        the hooks that precede the next pass), as the uninterrupted run had
        them at this point."""
        if self._pending is not None and self._pending["batches_done"] == 0:
            _restore(self.dataloader, self._pending["rng_state"])
            self._pending = None

    # -- checkpointing -----------------------------------------------------
    def state_dict(self) -> dict[str, Any]:
        """Plain data: pass index, batches done, RNG at the pass start."""
        state: dict[str, Any] = {
            "pass_index": self.pass_index,
            "batches_done": self.batches_done,
        }
        if self._pass_start_rng is not None:
            state["pass_start_rng_state"] = plain_rng_state(self._pass_start_rng)
        return state

    def resume(self, state: dict[str, Any], rng_state: dict[str, Any]) -> None:
        """Continue from ``state`` (see :meth:`state_dict`) at the next pass
        start, with ``rng_state`` the RNG states saved in the checkpoint."""
        self.pass_index = int(state.get("pass_index", 0))
        batches = int(state.get("batches_done", 0))
        if batches and "pass_start_rng_state" not in state:
            batches = 0
        self._pending = {
            "batches_done": batches,
            "rng_state": rng_state,
            "pass_start_rng_state": state.get("pass_start_rng_state"),
        }
