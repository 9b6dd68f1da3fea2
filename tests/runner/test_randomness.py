"""Seeding and RNG state capture."""

from __future__ import annotations

import io
import random

import numpy as np
import torch

from mmcompat.runner import get_rng_state, set_random_seed, set_rng_state


def _draw():
    return random.random(), float(np.random.rand()), torch.rand(3)


def test_set_random_seed_seeds_python_numpy_and_torch():
    assert set_random_seed(3) == 3
    first = _draw()
    set_random_seed(3)
    second = _draw()
    assert first[:2] == second[:2] and torch.equal(first[2], second[2])


def test_seed_none_draws_one_and_returns_it():
    seed = set_random_seed(None)
    assert isinstance(seed, int)
    first = _draw()
    set_random_seed(seed)
    assert _draw()[:2] == first[:2]


def test_diff_rank_seed_adds_rank_zero_in_one_process():
    assert set_random_seed(5, diff_rank_seed=True) == 5


def test_rng_state_round_trips_through_a_weights_only_file():
    set_random_seed(11)
    _draw()
    buffer = io.BytesIO()
    torch.save(get_rng_state(), buffer)
    expected = _draw()
    _draw()
    buffer.seek(0)
    set_rng_state(torch.load(buffer, weights_only=True))
    again = _draw()
    assert again[:2] == expected[:2] and torch.equal(again[2], expected[2])


def test_deterministic_sets_cudnn_flags():
    before = torch.are_deterministic_algorithms_enabled()
    try:
        set_random_seed(0, deterministic=True)
        assert torch.backends.cudnn.deterministic and not torch.backends.cudnn.benchmark
        assert torch.are_deterministic_algorithms_enabled()
    finally:
        torch.use_deterministic_algorithms(before)
        torch.backends.cudnn.deterministic = False
