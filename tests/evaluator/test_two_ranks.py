"""Samplers, metric collection and DDP train_step across two real processes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch
import torch.nn as nn

from tests.torchrun import run_two_ranks

WORKER = Path(__file__).with_name("_two_rank_worker.py")


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    out_dir = tmp_path_factory.mktemp("two_ranks")
    run_two_ranks(WORKER, out_dir)
    return [json.loads((out_dir / f"rank{r}.json").read_text()) for r in (0, 1)]


def test_default_sampler_splits_and_pads_across_ranks(records):
    # round_up: 5 samples -> 3 per rank, index 0 repeated on rank 1.
    assert records[0]["default_indices"] == [0, 2, 4]
    assert records[1]["default_indices"] == [1, 3, 0]


def test_unseeded_samplers_share_rank_zeros_seed(records):
    assert records[0]["synced_seed"] == records[1]["synced_seed"]


def test_infinite_sampler_ranks_interleave_one_stream(records):
    merged = [
        i for pair in zip(records[0]["infinite"], records[1]["infinite"]) for i in pair
    ]
    g = torch.Generator().manual_seed(4)
    stream = (
        torch.randperm(5, generator=g).tolist()
        + torch.randperm(5, generator=g).tolist()
    )
    stream += torch.randperm(5, generator=g).tolist()
    assert merged == stream[:12]


def test_metric_collects_in_dataset_order_without_padding_on_every_rank(records):
    for record in records:
        assert record["metrics"] == {"seen/order": [0, 1, 2, 3, 4]}


def test_ddp_train_step_averages_gradients_like_one_full_batch(records):
    torch.manual_seed(0)
    fc = nn.Linear(3, 1)
    g = torch.Generator().manual_seed(1)
    inputs, targets = torch.randn(4, 3, generator=g), torch.randn(4, 1, generator=g)
    # Mean of the two shard losses' gradients == gradient of the full-batch mean.
    loss = ((fc(inputs) - targets) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        expected_weight = (fc.weight - 0.5 * fc.weight.grad).flatten()
        expected_bias = fc.bias - 0.5 * fc.bias.grad
    for record in records:
        assert torch.allclose(
            torch.tensor(record["weight"]), expected_weight, atol=1e-6
        )
        assert torch.allclose(torch.tensor(record["bias"]), expected_bias, atol=1e-6)
    assert records[0]["loss"] != records[1]["loss"]  # each rank logs its own shard
