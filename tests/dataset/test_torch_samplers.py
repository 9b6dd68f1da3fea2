"""Torch's samplers by name, built the way the runner builds samplers."""

from __future__ import annotations

import pytest
import torch
from torch.utils import data

from mmcompat.registry import DATA_SAMPLERS
from mmcompat.runner.build import build_dataloader


class Range(data.Dataset):
    def __init__(self, n: int = 10) -> None:
        self.n = n

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, i: int) -> torch.Tensor:
        return torch.tensor(i)


@pytest.mark.parametrize(
    "name",
    [
        "SequentialSampler",
        "RandomSampler",
        "SubsetRandomSampler",
        "WeightedRandomSampler",
        "BatchSampler",
        "DistributedSampler",
    ],
)
def test_every_torch_sampler_is_registered_by_name(name):
    assert DATA_SAMPLERS.get(name) is not None


def test_random_sampler_is_seeded_and_leaves_the_global_rng_alone():
    dataset = Range()
    state = torch.get_rng_state()
    first = list(
        DATA_SAMPLERS.build(
            dict(type="RandomSampler"), default_args=dict(dataset=dataset, seed=3)
        )
    )
    second = list(
        DATA_SAMPLERS.build(
            dict(type="RandomSampler"), default_args=dict(dataset=dataset, seed=3)
        )
    )
    assert torch.equal(torch.get_rng_state(), state)
    assert first == second and sorted(first) == list(range(10))
    expected = torch.randperm(10, generator=torch.Generator().manual_seed(3)).tolist()
    assert first == expected


def test_dataloader_config_with_torch_sampler_and_batch_sampler():
    loader = build_dataloader(
        dict(
            dataset=Range(7),
            sampler=dict(type="SequentialSampler"),
            batch_sampler=dict(type="BatchSampler", drop_last=True),
            batch_size=3,
            collate_fn=dict(type="default_collate"),
        ),
        seed=0,
    )
    assert [b.tolist() for b in loader] == [[0, 1, 2], [3, 4, 5]]


def test_distributed_sampler_takes_the_seed():
    sampler = DATA_SAMPLERS.build(
        dict(type="DistributedSampler", num_replicas=2, rank=1),
        default_args=dict(dataset=Range(8), seed=5),
    )
    assert sampler.seed == 5
    assert len(list(sampler)) == 4
