"""Samplers: ``DefaultSampler`` (epoch-based) and ``InfiniteSampler`` (iter-based).

Index order equals MMEngine 0.10.7's for every seed, world size and epoch
(checked against recorded golden lists). Both samplers draw from their own
``torch.Generator`` and never touch the global RNG.

Resumable position (mmcompat addition; MMEngine re-reads and discards the
already-seen batches, or restarts the epoch):

- ``DefaultSampler.set_start(n)``: the next ``iter(sampler)`` skips the first
  ``n`` indices of this rank's share of the current epoch, without the
  DataLoader loading them. It applies once; the next epoch starts at 0.
- ``InfiniteSampler.set_start(n)`` / ``load_state_dict({'position': n, ...})``:
  continue this rank's infinite stream at its ``n``-th index.

``n`` counts *samples consumed by training* (``iterations * batch_size``), not
indices the sampler has handed out: a DataLoader with workers prefetches
batches ahead of the model, so the sampler's own counter
(``InfiniteSampler.position``) runs ahead of what was trained on.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sized

import torch
from torch.utils.data import Sampler

from mmcompat.dist import get_dist_info, sync_random_seed
from mmcompat.registry import DATA_SAMPLERS

__all__ = ["DefaultSampler", "InfiniteSampler"]


def _check_count(name: str, value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{name} must be a non-negative int, got {value!r}")
    return value


@DATA_SAMPLERS.register_module()
class DefaultSampler(Sampler):
    """Shuffled (or ordered) indices split across ranks, for epoch-based loops.

    Args:
        dataset: the dataset (only ``len`` is used).
        shuffle: permute the indices each epoch; the permutation comes from a
            generator seeded with ``seed + epoch``.
        seed: shared by all ranks; ``sync_random_seed()`` when None.
        round_up: repeat indices so that every rank gets
            ``ceil(len(dataset) / world_size)`` samples (like torch's
            ``DistributedSampler(drop_last=False)``); without it ranks get
            ``ceil((len - rank) / world_size)`` and nothing is dropped.

    Rank ``r`` takes every ``world_size``-th index starting at ``r``.
    """

    def __init__(
        self,
        dataset: Sized,
        shuffle: bool = True,
        seed: int | None = None,
        round_up: bool = True,
    ) -> None:
        rank, world_size = get_dist_info()
        self.rank = rank
        self.world_size = world_size
        self.dataset = dataset
        self.shuffle = shuffle
        self.seed = sync_random_seed() if seed is None else seed
        self.epoch = 0
        self.round_up = round_up
        if round_up:
            self.num_samples = math.ceil(len(dataset) / world_size)
            self.total_size = self.num_samples * world_size
        else:
            self.num_samples = math.ceil((len(dataset) - rank) / world_size)
            self.total_size = len(dataset)
        self._start = 0

    def _rank_indices(self) -> list[int]:
        """This rank's indices for ``self.epoch``, in order."""
        size = len(self.dataset)
        if self.shuffle:
            generator = torch.Generator()
            generator.manual_seed(self.seed + self.epoch)
            indices = torch.randperm(size, generator=generator).tolist()
        else:
            indices = list(range(size))
        if self.round_up and indices:
            # Pad by repeating the whole order, as MMEngine does.
            repeats = self.total_size // len(indices) + 1
            indices = (indices * repeats)[: self.total_size]
        return indices[self.rank : self.total_size : self.world_size]

    def __iter__(self) -> Iterator[int]:
        # Not a generator function: the pending start is consumed when the
        # DataLoader creates its iterator, so it cannot leak into a later one.
        start, self._start = self._start, 0
        return iter(self._rank_indices()[start:])

    def __len__(self) -> int:
        """Samples of this rank per epoch (a resumed epoch yields fewer)."""
        return self.num_samples

    def set_epoch(self, epoch: int) -> None:
        """Use the permutation of ``epoch`` from now on."""
        self.epoch = epoch

    def set_start(self, start: int) -> None:
        """Skip the first ``start`` indices of this rank in the next iteration
        only (mid-epoch resume).

        ``start`` may exceed the epoch (``batches * batch_size`` after a last,
        partial batch): the iteration is then empty.
        """
        self._start = _check_count("DefaultSampler start", start)

    @property
    def start(self) -> int:
        """The start index pending for the next iteration (0 when none)."""
        return self._start

    def state_dict(self) -> dict[str, int]:
        """``{'seed', 'epoch', 'start'}`` as plain ints."""
        return {
            "seed": int(self.seed),
            "epoch": int(self.epoch),
            "start": int(self._start),
        }

    def load_state_dict(self, state: dict[str, int]) -> None:
        """Restore ``seed``, ``epoch`` and the pending ``start`` (keys optional)."""
        if "seed" in state:
            self.seed = int(state["seed"])
        if "epoch" in state:
            self.epoch = int(state["epoch"])
        if "start" in state:
            self.set_start(int(state["start"]))


@DATA_SAMPLERS.register_module()
class InfiniteSampler(Sampler):
    """An endless index stream for iteration-based loops (detectron2 style).

    One generator seeded with ``seed`` draws a fresh permutation each pass
    over the dataset; the concatenated passes are split across ranks by
    taking every ``world_size``-th index starting at ``rank``. Iterating the
    sampler again continues the stream where it stopped (in MMEngine a second
    ``iter(sampler)`` after the first one was dropped yields nothing).

    Args:
        dataset: the dataset (only ``len`` is used).
        shuffle: permute each pass; otherwise ``0..len-1`` repeated.
        seed: shared by all ranks; ``sync_random_seed()`` when None.

    ``position`` is the number of indices this rank's stream has handed out;
    ``state_dict()`` returns ``{'seed', 'position'}`` (plain ints) and
    ``load_state_dict``/``set_start`` restart the stream at a position,
    skipping earlier indices without loading them. See the module docstring
    for which position to restore.
    """

    def __init__(
        self, dataset: Sized, shuffle: bool = True, seed: int | None = None
    ) -> None:
        rank, world_size = get_dist_info()
        self.rank = rank
        self.world_size = world_size
        self.dataset = dataset
        self.shuffle = shuffle
        self.seed = sync_random_seed() if seed is None else seed
        self.size = len(dataset)
        self._position = 0
        self.indices = self._indices_of_rank()

    def _pass_order(self, generator: torch.Generator) -> list[int]:
        if self.shuffle:
            return torch.randperm(self.size, generator=generator).tolist()
        return list(range(self.size))

    def _indices_of_rank(self) -> Iterator[int]:
        """This rank's stream from ``self._position`` on."""
        if self.size == 0:
            return
        generator = torch.Generator()
        generator.manual_seed(self.seed)
        # Global stream position of this rank's next index.
        pos = self.rank + self._position * self.world_size
        pass_index = 0
        while True:
            # Every pass draws its permutation, skipped or not, to keep the
            # generator in step with an uninterrupted stream.
            order = self._pass_order(generator)
            pass_end = (pass_index + 1) * self.size
            while pos < pass_end:
                index = order[pos - pass_index * self.size]
                self._position += 1
                yield index
                pos += self.world_size
            pass_index += 1

    def __iter__(self) -> Iterator[int]:
        # The stream itself, not a generator delegating to it: in MMEngine,
        # dropping one iterator (``yield from``) closes the shared stream and
        # every later ``iter(sampler)`` is empty.
        return self.indices

    def __len__(self) -> int:
        """The dataset length (the stream itself is endless)."""
        return self.size

    def set_epoch(self, epoch: int) -> None:
        """No effect: an infinite stream has no epochs (MMEngine API)."""

    @property
    def position(self) -> int:
        """Indices of this rank's stream handed out so far."""
        return self._position

    def set_start(self, position: int) -> None:
        """Continue the stream at this rank's ``position``-th index."""
        self._position = _check_count("InfiniteSampler position", position)
        self.indices = self._indices_of_rank()

    def state_dict(self) -> dict[str, int]:
        """``{'seed', 'position'}`` as plain ints."""
        return {"seed": int(self.seed), "position": int(self._position)}

    def load_state_dict(self, state: dict[str, int]) -> None:
        """Restore ``seed`` (optional) and ``position``."""
        if "seed" in state:
            self.seed = int(state["seed"])
        self.set_start(int(state.get("position", 0)))
