"""Launched by test_distributed.py under ``torchrun --nproc_per_node=2``.

Trains a tiny model with launcher='pytorch' (gloo on CPU) and a shuffling
DefaultSampler, then writes this rank's final weights and sample order to
``<work_dir>/rank<r>.pt``.
"""

from __future__ import annotations

import sys

import torch

from mmcompat.runner import Runner

sys.path.insert(0, __file__.rsplit("/tests/", 1)[0])
from tests.runner.helpers import CountingDataset, TinyModel  # noqa: E402


def main(work_dir: str) -> None:
    runner = Runner(
        model=dict(type=TinyModel, dropout=0.5),
        work_dir=work_dir,
        train_dataloader=dict(
            dataset=dict(type=CountingDataset, n=16),
            sampler=dict(type="DefaultSampler", shuffle=True),
            batch_size=2,
            num_workers=0,
            collate_fn=dict(type="default_collate"),
        ),
        train_cfg=dict(by_epoch=True, max_epochs=2),
        optim_wrapper=dict(optimizer=dict(type="SGD", lr=0.1, momentum=0.9)),
        launcher="pytorch",
        env_cfg=dict(dist_cfg=dict(backend="gloo")),
        randomness=dict(seed=3, diff_rank_seed=True),  # dropout differs per rank
        log_level="WARNING",
        default_hooks=dict(logger=dict(type="LoggerHook", interval=4)),
    )
    runner.train()
    torch.save(
        dict(
            state_dict=runner.model.module.state_dict(),
            reads=runner.train_dataloader.dataset.reads,
            world_size=runner.world_size,
            wrapper=type(runner.model).__name__,
        ),
        f"{work_dir}/rank{runner.rank}.pt",
    )
    torch.distributed.destroy_process_group()


if __name__ == "__main__":
    main(sys.argv[1])
