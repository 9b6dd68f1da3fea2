"""SyncBuffersHook in a real two-process gloo group."""

from __future__ import annotations

import os
import types

import torch
import torch.distributed as dist
import torch.multiprocessing as mp

from mmcompat.hooks import SyncBuffersHook


def _worker(rank: int, init_file: str, out_dir: str) -> None:
    dist.init_process_group(
        "gloo", init_method=f"file://{init_file}", rank=rank, world_size=2
    )
    try:
        model = torch.nn.BatchNorm1d(3)
        model.running_mean.fill_(float(rank + 1))  # 1 on rank 0, 2 on rank 1
        model.running_var.fill_(float(4 * rank + 2))  # 2 and 6
        runner = types.SimpleNamespace(model=model)
        hook = SyncBuffersHook()
        hook.after_train_epoch(runner)
        torch.save(
            dict(
                mean=model.running_mean.clone(),
                var=model.running_var.clone(),
                called_in_train=hook.called_in_train,
            ),
            os.path.join(out_dir, f"rank{rank}.pt"),
        )
    finally:
        dist.destroy_process_group()


def test_buffers_are_averaged_across_ranks_after_train_epoch(tmp_path):
    mp.spawn(_worker, args=(str(tmp_path / "init"), str(tmp_path)), nprocs=2, join=True)
    for rank in range(2):
        result = torch.load(tmp_path / f"rank{rank}.pt", weights_only=True)
        torch.testing.assert_close(
            result["mean"], torch.full((3,), 1.5), rtol=0, atol=1e-6
        )
        torch.testing.assert_close(
            result["var"], torch.full((3,), 4.0), rtol=0, atol=1e-6
        )
        assert result["called_in_train"]


def test_single_process_leaves_buffers_alone():
    model = torch.nn.BatchNorm1d(2)
    model.running_mean.fill_(3.0)
    hook = SyncBuffersHook()
    hook.after_train_epoch(types.SimpleNamespace(model=model))
    hook.before_val_epoch(types.SimpleNamespace(model=model))
    assert model.running_mean.tolist() == [3.0, 3.0]
    assert not hook.called_in_train
