"""DefaultSampler / InfiniteSampler: MMEngine's index order, resumable position."""

from __future__ import annotations

import itertools
import json
import random
from pathlib import Path

import pytest
import torch
from torch.utils.data import DataLoader

import mmcompat.dataset.sampler as sampler_module
from mmcompat.dataset import DefaultSampler, InfiniteSampler
from mmcompat.registry import DATA_SAMPLERS

GOLDEN = json.loads(
    (
        Path(__file__).resolve().parents[2] / "fixtures/golden/samplers/samplers.json"
    ).read_text()
)


@pytest.fixture
def as_rank(monkeypatch):
    def _set(rank: int, world_size: int) -> None:
        monkeypatch.setattr(sampler_module, "get_dist_info", lambda: (rank, world_size))

    return _set


def _case_id(row: dict) -> str:
    keys = ("length", "world_size", "rank", "shuffle", "seed", "round_up", "epoch")
    return "-".join(f"{k}={row[k]}" for k in keys if k in row)


@pytest.mark.golden
@pytest.mark.parametrize("row", GOLDEN["default_sampler"], ids=_case_id)
def test_default_sampler_indices_equal_mmengine(row, as_rank):
    as_rank(row["rank"], row["world_size"])
    sampler = DefaultSampler(
        list(range(row["length"])), row["shuffle"], row["seed"], row["round_up"]
    )
    sampler.set_epoch(row["epoch"])
    assert len(sampler) == row["len"]
    assert list(sampler) == row["indices"]


@pytest.mark.golden
@pytest.mark.parametrize("row", GOLDEN["infinite_sampler"], ids=_case_id)
def test_infinite_sampler_indices_equal_mmengine(row, as_rank):
    as_rank(row["rank"], row["world_size"])
    sampler = InfiniteSampler(list(range(row["length"])), row["shuffle"], row["seed"])
    assert len(sampler) == row["len"]
    count = len(row["indices"])
    assert list(itertools.islice(iter(sampler), count)) == row["indices"]


@pytest.mark.golden
@pytest.mark.parametrize("row", GOLDEN["infinite_sampler"], ids=_case_id)
def test_infinite_sampler_resumed_at_position_continues_mmengine_stream(row, as_rank):
    as_rank(row["rank"], row["world_size"])
    expected = row["indices"]
    positions = {1, row["length"] - 1, row["length"] + 2, len(expected) - 3}
    for position in sorted(p for p in positions if 0 <= p < len(expected)):
        sampler = InfiniteSampler(
            list(range(row["length"])), row["shuffle"], row["seed"]
        )
        sampler.set_start(position)
        got = list(itertools.islice(iter(sampler), len(expected) - position))
        assert got == expected[position:], position


def test_default_sampler_set_start_yields_remaining_indices_once():
    sampler = DefaultSampler(range(13), shuffle=True, seed=3)
    sampler.set_epoch(2)
    full = list(sampler)
    sampler.set_start(5)
    assert sampler.start == 5
    assert list(sampler) == full[5:]
    # The start applies to one iteration only: the same epoch again is whole.
    assert list(sampler) == full
    sampler.set_epoch(3)
    assert len(list(sampler)) == 13


def test_default_sampler_resume_through_dataloader_skips_loading(as_rank):
    as_rank(1, 2)
    loaded: list[int] = []

    class Recording(torch.utils.data.Dataset):
        def __len__(self) -> int:
            return 20

        def __getitem__(self, index: int) -> int:
            loaded.append(index)
            return index

    sampler = DefaultSampler(Recording(), seed=11)
    sampler.set_epoch(1)
    full = list(sampler)
    sampler.set_start(2 * 3)  # 2 iterations of batch size 3 already trained
    batches = [
        b.tolist() for b in DataLoader(Recording(), batch_size=3, sampler=sampler)
    ]
    assert sum(batches, []) == full[6:]
    assert loaded == full[6:]


def test_default_sampler_start_after_a_partial_last_batch_is_an_empty_epoch():
    sampler = DefaultSampler(range(10), seed=0)
    sampler.set_start(4 * 3)  # 4 batches of 3 done; the last one held 1 sample
    assert list(sampler) == []
    assert len(list(sampler)) == 10


def test_default_sampler_set_start_rejects_negative_or_non_int():
    sampler = DefaultSampler(range(4), seed=0)
    with pytest.raises(ValueError, match="non-negative int"):
        sampler.set_start(-1)
    with pytest.raises(ValueError, match="non-negative int"):
        sampler.set_start(1.5)


def test_default_sampler_state_dict_round_trip_is_plain_ints():
    sampler = DefaultSampler(range(9), seed=5)
    sampler.set_epoch(4)
    sampler.set_start(2)
    state = sampler.state_dict()
    assert state == {"seed": 5, "epoch": 4, "start": 2}
    assert all(type(v) is int for v in state.values())
    other = DefaultSampler(range(9), seed=0)
    other.load_state_dict(state)
    assert list(other) == list(sampler)


def test_infinite_sampler_iterating_again_continues_the_stream():
    sampler = InfiniteSampler(range(6), seed=1)
    first = list(itertools.islice(iter(sampler), 4))
    second = list(itertools.islice(iter(sampler), 4))
    reference = InfiniteSampler(range(6), seed=1)
    assert first + second == list(itertools.islice(iter(reference), 8))
    assert sampler.position == 8


def test_infinite_sampler_state_dict_restores_exact_position():
    sampler = InfiniteSampler(range(7), seed=9)
    list(itertools.islice(iter(sampler), 17))
    state = sampler.state_dict()
    assert state == {"seed": 9, "position": 17}
    resumed = InfiniteSampler(range(7), seed=123)
    resumed.load_state_dict(state)
    assert list(itertools.islice(iter(resumed), 10)) == list(
        itertools.islice(iter(sampler), 10)
    )


def test_samplers_do_not_consume_global_rng():
    torch.manual_seed(0)
    random.seed(0)
    expected_torch = torch.rand(3)
    expected_random = random.random()
    torch.manual_seed(0)
    random.seed(0)
    list(DefaultSampler(range(50), seed=1))
    list(itertools.islice(iter(InfiniteSampler(range(50), seed=1)), 120))
    assert torch.equal(torch.rand(3), expected_torch)
    assert random.random() == expected_random


def test_samplers_are_registered():
    assert DATA_SAMPLERS.get("DefaultSampler") is DefaultSampler
    assert DATA_SAMPLERS.get("InfiniteSampler") is InfiniteSampler
    sampler = DATA_SAMPLERS.build(
        dict(type="DefaultSampler", shuffle=False), default_args=dict(dataset=range(3))
    )
    assert list(sampler) == [0, 1, 2]
