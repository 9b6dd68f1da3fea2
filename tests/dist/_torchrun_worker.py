"""Run by ``torchrun --nproc_per_node=2`` from test_torchrun.py.

Each rank records what the collectives returned in ``<out>/rank<r>.json``;
the test compares the two files. Kept free of pytest so torchrun can start it.
"""

from __future__ import annotations

import json
import os
import sys

import numpy as np
import torch

import mmcompat.dist as dist
import mmcompat.dist.dist as dist_impl
from mmcompat.logging import MMLogger


def main(out_dir: str) -> None:
    dist.init_dist("pytorch", backend="nccl")  # no CUDA here: falls back to gloo
    rank, world_size = dist.get_dist_info()
    record: dict = {
        "rank": rank,
        "world_size": world_size,
        "backend": dist.get_backend(),
        "is_distributed": dist.is_distributed(),
        "is_main_process": dist.is_main_process(),
        "local_rank": dist.get_local_rank(),
        "comm_device": str(dist.get_comm_device()),
    }

    summed = torch.tensor([1.0, 2.0]) * (rank + 1)
    dist.all_reduce(summed)
    averaged = torch.tensor([1.0, 2.0]) * (rank + 1)
    dist.all_reduce(averaged, op="mean")
    largest = torch.tensor([float(rank)])
    dist.all_reduce(largest, op="max")
    record["all_reduce_sum"] = summed.tolist()
    record["all_reduce_mean"] = averaged.tolist()
    record["all_reduce_max"] = largest.tolist()

    reduced = {"a": torch.tensor([rank + 1.0]), "b": torch.ones(2, 2) * rank}
    dist.all_reduce_dict(reduced)
    record["all_reduce_dict"] = {k: v.tolist() for k, v in reduced.items()}

    params = [torch.nn.Parameter(torch.full((2,), float(rank))), torch.arange(3) * rank]
    dist.all_reduce_params(params, op="sum")
    record["all_reduce_params"] = [p.tolist() for p in params]

    sent = torch.tensor([10 * (rank + 1)])
    dist.broadcast(sent, src=1)
    record["broadcast_from_1"] = sent.tolist()

    record["all_gather"] = [
        t.tolist() for t in dist.all_gather(torch.tensor([rank, rank]))
    ]

    objects = [{"from": rank}, f"text{rank}"]
    dist.broadcast_object_list(objects, src=0)
    record["broadcast_object_list"] = objects
    record["all_gather_object"] = dist.all_gather_object({"rank": rank})
    record["gather_object"] = dist.gather_object(rank * 100, dst=0)

    # A sampler deals the 5 samples round-robin, padding rank 1 with sample 0.
    part = [0, 2, 4] if rank == 0 else [1, 3, 0]
    record["collect_cpu_gloo"] = dist.collect_results(part, 5, device="cpu")
    record["collect_cpu_tmpdir"] = dist.collect_results(
        part, 5, device="cpu", tmpdir=os.path.join(out_dir, "parts")
    )
    record["collect_gpu_path"] = dist.collect_results(part, 5, device="gpu")
    # The file route MMEngine takes on non-gloo backends (shared ./.dist_test).
    real_get_backend = dist_impl.get_backend
    dist_impl.get_backend = lambda group=None: "nccl"
    record["collect_cpu_files"] = dist.collect_results(part, 5, device="cpu")
    dist_impl.get_backend = real_get_backend
    uneven = [None, "r0"] if rank == 0 else ["r1"]
    record["collect_keeps_none"] = dist.collect_results(uneven, 3)

    # MMCV 1.x's multi_gpu_test under the legacy aliases: each rank tests
    # its DistributedSampler share; rank 0 gets every result in order
    from mmcompat.legacy.runtime.aliases import legacy_aliases

    class Detector(torch.nn.Module):
        def forward(self, img, return_loss=True, rescale=False):
            return [float(x) for x in img]

    data = [dict(img=torch.tensor(float(i))) for i in range(5)]
    loader = torch.utils.data.DataLoader(
        data,
        batch_size=2,
        sampler=torch.utils.data.DistributedSampler(data, shuffle=False),
    )
    with legacy_aliases():
        from mmcv.engine import multi_gpu_test

        record["multi_gpu_test_tmpdir"] = multi_gpu_test(
            Detector(), loader, tmpdir=os.path.join(out_dir, "legacy_parts")
        )
        record["multi_gpu_test_gpu_collect"] = multi_gpu_test(
            Detector(), loader, gpu_collect=True
        )

    np.random.seed(1000 + rank)  # ranks would draw different seeds
    record["sync_random_seed"] = dist.sync_random_seed()
    record["sync_random_seed_given"] = dist.sync_random_seed(seed=123 + rank)

    @dist.master_only
    def only_on_main() -> str:
        return "ran"

    record["master_only"] = only_on_main()

    logger = MMLogger.get_instance(
        "dist-test", log_file=os.path.join(out_dir, "run.log"), distributed=True
    )
    logger.info(f"hello from rank {rank}")
    record["log_file"] = os.path.basename(logger.log_file)
    logger.close()

    dist.barrier()
    with open(os.path.join(out_dir, f"rank{rank}.json"), "w") as f:
        json.dump(record, f)
    torch.distributed.destroy_process_group()


if __name__ == "__main__":
    main(sys.argv[1])
