"""A real two-process ``torchrun`` training (gloo, CPU): both ranks end with
identical weights and each trains on its own half of every epoch."""

from __future__ import annotations

from pathlib import Path

import torch

from tests.torchrun import run_two_ranks

SCRIPT = Path(__file__).with_name("dist_train_script.py")


def test_two_ranks_train_to_identical_weights(tmp_path):
    run_two_ranks(SCRIPT, tmp_path)
    rank0 = torch.load(tmp_path / "rank0.pt", weights_only=True)
    rank1 = torch.load(tmp_path / "rank1.pt", weights_only=True)
    assert rank0["world_size"] == rank1["world_size"] == 2
    assert rank0["wrapper"] == "MMDistributedDataParallel"
    for key, value in rank0["state_dict"].items():
        assert torch.equal(value, rank1["state_dict"][key]), key
    # DefaultSampler: per epoch, the ranks read disjoint halves of the data
    epoch0 = set(rank0["reads"][:8]), set(rank1["reads"][:8])
    assert epoch0[0].isdisjoint(epoch0[1]) and epoch0[0] | epoch0[1] == set(range(16))
    assert (tmp_path / "epoch_2.pth").exists()  # rank 0 saved the checkpoints
