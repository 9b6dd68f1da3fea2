"""Run by torchrun with 2 processes (gloo): samplers, metric collection and
DDP training across real ranks; each rank writes what it saw to JSON."""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path

import torch
import torch.distributed as dist
import torch.nn as nn

from mmcompat.dataset import DefaultSampler, InfiniteSampler
from mmcompat.evaluator import BaseMetric, Evaluator
from mmcompat.model import BaseModel, MMDistributedDataParallel
from mmcompat.optim import OptimWrapper


class SeenIndices(BaseMetric):
    default_prefix = "seen"

    def process(self, data_batch, data_samples):
        self.results.extend(s["index"] for s in data_samples)

    def compute_metrics(self, results):
        return {"order": list(results)}


class Regressor(BaseModel):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 1)

    def forward(self, inputs, data_samples=None, mode="tensor"):
        out = self.fc(inputs)
        return dict(loss=((out - data_samples) ** 2).mean())


def main(out_dir: Path) -> None:
    dist.init_process_group("gloo")
    rank = dist.get_rank()
    record = {}

    sampler = DefaultSampler(range(5), shuffle=False, seed=0)
    record["default_indices"] = list(sampler)
    record["synced_seed"] = DefaultSampler(range(5)).seed
    record["infinite"] = list(
        itertools.islice(iter(InfiniteSampler(range(5), seed=4)), 6)
    )

    evaluator = Evaluator(SeenIndices())
    for index in record["default_indices"]:
        evaluator.process([dict(index=index)])
    record["metrics"] = evaluator.evaluate(5)

    torch.manual_seed(0)  # same initial weights on both ranks
    model = MMDistributedDataParallel(Regressor())
    optim_wrapper = OptimWrapper(torch.optim.SGD(model.parameters(), lr=0.5))
    g = torch.Generator().manual_seed(1)
    inputs, targets = torch.randn(4, 3, generator=g), torch.randn(4, 1, generator=g)
    shard = slice(rank * 2, rank * 2 + 2)
    log_vars = model.train_step(
        dict(inputs=inputs[shard], data_samples=targets[shard]), optim_wrapper
    )
    record["loss"] = float(log_vars["loss"])
    record["weight"] = model.module.fc.weight.flatten().tolist()
    record["bias"] = model.module.fc.bias.tolist()

    (out_dir / f"rank{rank}.json").write_text(json.dumps(record))
    # Free DDP's reducer and let both ranks finish their collectives before
    # tearing the group down (gloo aborts on a half-closed peer otherwise).
    del model, optim_wrapper
    dist.barrier()
    dist.destroy_process_group()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
