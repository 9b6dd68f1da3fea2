"""pseudo_collate / default_collate / worker_init_fn."""

from __future__ import annotations

import random
from collections import namedtuple

import numpy as np
import pytest
import torch
from torch.utils.data import DataLoader

from mmcompat.dataset import (
    COLLATE_FUNCTIONS,
    default_collate,
    pseudo_collate,
    worker_init_fn,
)
from mmcompat.registry import FUNCTIONS

Pair = namedtuple("Pair", ["a", "b"])


class Sample:
    """A data sample with MMEngine's BaseDataElement interface."""

    def __init__(self, value: int) -> None:
        self.value = value

    def to(self, *args, **kwargs) -> Sample:
        return self

    def to_dict(self) -> dict:
        return {"value": self.value}


def test_pseudo_collate_transposes_without_stacking():
    batch = [
        dict(inputs=torch.zeros(3, 2, 2), meta=("x", 1)),
        dict(inputs=torch.ones(3, 4, 4), meta=("y", 2)),
    ]
    out = pseudo_collate(batch)
    assert set(out) == {"inputs", "meta"}
    assert [t.shape for t in out["inputs"]] == [(3, 2, 2), (3, 4, 4)]
    # Tuples become lists of per-position lists, like torch.
    assert out["meta"] == [("x", "y"), (1, 2)]


def test_default_collate_stacks_tensors_and_keeps_data_samples_as_list():
    samples = [Sample(1), Sample(2)]
    batch = [
        dict(inputs=torch.full((2,), float(i)), label=i, data_samples=s)
        for i, s in enumerate(samples)
    ]
    out = default_collate(batch)
    assert torch.equal(out["inputs"], torch.tensor([[0.0, 0.0], [1.0, 1.0]]))
    assert torch.equal(out["label"], torch.tensor([0, 1]))
    assert out["data_samples"] == samples


def test_collate_keeps_namedtuples():
    out = default_collate([Pair(torch.tensor(1), "p"), Pair(torch.tensor(2), "q")])
    assert isinstance(out, Pair)
    assert torch.equal(out.a, torch.tensor([1, 2]))
    assert out.b == ("p", "q")


def test_collate_rejects_sequences_of_unequal_length():
    with pytest.raises(RuntimeError, match="equal size"):
        pseudo_collate([[1, 2], [1]])


def test_collate_functions_registered_in_functions_registry():
    assert COLLATE_FUNCTIONS is FUNCTIONS
    assert FUNCTIONS.get("pseudo_collate") is pseudo_collate
    assert FUNCTIONS.get("default_collate") is default_collate


def test_default_collate_works_in_a_dataloader():
    data = [
        dict(inputs=torch.tensor([float(i)]), data_samples=Sample(i)) for i in range(5)
    ]
    batches = list(DataLoader(data, batch_size=2, collate_fn=default_collate))
    assert [b["inputs"].shape for b in batches] == [(2, 1), (2, 1), (1, 1)]
    assert [s.value for s in batches[2]["data_samples"]] == [4]


def test_worker_init_fn_seeds_every_library_from_rank_and_worker():
    worker_init_fn(worker_id=1, num_workers=4, rank=2, seed=100)
    # num_workers * rank + worker_id + seed
    expected_seed = 4 * 2 + 1 + 100
    got = (np.random.rand(), random.random(), torch.rand(1))
    np.random.seed(expected_seed)
    random.seed(expected_seed)
    torch.manual_seed(expected_seed)
    assert got[0] == np.random.rand()
    assert got[1] == random.random()
    assert torch.equal(got[2], torch.rand(1))
