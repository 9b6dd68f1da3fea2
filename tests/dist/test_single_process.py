"""Outside a distributed run every helper describes one process."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.multiprocessing as mp

import mmcompat.dist as dist

REPO = str(Path(__file__).resolve().parents[2])


def test_rank_queries_describe_one_process():
    assert dist.get_dist_info() == (0, 1)
    assert dist.get_rank() == 0 and dist.get_world_size() == 1
    assert dist.get_local_rank() == 0 and dist.get_local_size() == 1
    assert dist.is_main_process() and not dist.is_distributed()
    assert dist.get_backend() is None
    assert dist.get_comm_device() == torch.device("cpu")


def test_collectives_are_identity():
    data = torch.tensor([1.0, 2.0])
    dist.all_reduce(data)
    dist.all_reduce(data, op="mean")
    dist.broadcast(data, src=0)
    dist.barrier()
    assert data.tolist() == [1.0, 2.0]
    assert dist.all_gather(data) == [data]
    assert dist.gather(data) == [data]
    assert dist.all_gather_object({"a": 1}) == [{"a": 1}]
    assert dist.gather_object(3) == [3]
    objects = ["x", 1]
    dist.broadcast_object_list(objects)
    assert objects == ["x", 1]
    reduced = {"a": torch.ones(2)}
    dist.all_reduce_dict(reduced)
    assert reduced["a"].tolist() == [1.0, 1.0]


def test_all_reduce_rejects_an_unknown_op():
    with pytest.raises(ValueError, match="median"):
        dist.all_reduce(torch.ones(1), op="median")


def test_collect_results_truncates_to_size():
    assert dist.collect_results([1, 2, 3, 4], 3) == [1, 2, 3]
    assert dist.collect_results([1, 2], 5, device="gpu") == [1, 2]
    with pytest.raises(NotImplementedError, match="tpu"):
        dist.collect_results([1], 1, device="tpu")


def test_sync_random_seed_draws_from_numpy_global_state():
    np.random.seed(7)
    expected = int(np.random.randint(2**31))
    np.random.seed(7)
    assert dist.sync_random_seed() == expected
    assert dist.sync_random_seed(seed=5) == 5
    assert dist.sync_random_seed(11) == 11


def test_master_only_runs_on_the_main_process(monkeypatch):
    calls = []

    @dist.master_only
    def record(value):
        calls.append(value)
        return value

    assert record(1) == 1
    monkeypatch.setattr(dist.utils, "get_rank", lambda group=None: 1)
    assert record(2) is None
    assert calls == [1]


def test_init_dist_rejects_an_unknown_launcher():
    with pytest.raises(ValueError, match="'local'"):
        dist.init_dist("local", backend="gloo")


def test_init_dist_names_missing_environment_and_changes_nothing(monkeypatch):
    for name in ("RANK", "LOCAL_RANK", "WORLD_SIZE"):
        monkeypatch.delenv(name, raising=False)
    start_method = mp.get_start_method(allow_none=True)
    with pytest.raises(KeyError, match="RANK"):
        dist.init_dist("pytorch", backend="gloo")
    assert not dist.is_distributed()
    assert mp.get_start_method(allow_none=True) == start_method


def test_init_dist_slurm_sets_torch_environment(tmp_path):
    script = (
        "import os, json, mmcompat.dist as dist\n"
        "dist.init_dist('slurm', backend='gloo', port=int(os.environ['PORT']))\n"
        "keys = ('RANK', 'LOCAL_RANK', 'WORLD_SIZE', 'MASTER_PORT')\n"
        "print(json.dumps([dist.get_dist_info(), [os.environ[k] for k in keys]]))\n"
    )
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = dict(
        os.environ,
        SLURM_PROCID="0",
        SLURM_NTASKS="1",
        SLURM_LOCALID="0",
        SLURM_NODELIST="localhost",
        MASTER_ADDR="127.0.0.1",
        PORT=str(port),
        CUDA_VISIBLE_DEVICES="",
        PYTHONPATH=os.pathsep.join(filter(None, [REPO, os.environ.get("PYTHONPATH")])),
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    info, values = json.loads(result.stdout.strip().splitlines()[-1])
    assert info == [0, 1]
    assert values == ["0", "0", "1", str(port)]


def test_init_dist_rejects_a_non_numeric_timeout(monkeypatch):
    with pytest.raises(TypeError, match="seconds"):
        dist.init_dist("pytorch", backend="gloo", timeout="soon")


def test_infer_launcher_reads_the_environment(monkeypatch):
    for name in ("WORLD_SIZE", "SLURM_NTASKS", "OMPI_COMM_WORLD_LOCAL_RANK"):
        monkeypatch.delenv(name, raising=False)
    assert dist.infer_launcher() == "none"
    monkeypatch.setenv("SLURM_NTASKS", "4")
    assert dist.infer_launcher() == "slurm"
    monkeypatch.setenv("WORLD_SIZE", "2")
    assert dist.infer_launcher() == "pytorch"


def test_cast_data_device_keeps_containers():
    data = {"a": [torch.ones(1), torch.zeros(2)]}
    moved = dist.cast_data_device(data, torch.device("cpu"))
    assert isinstance(moved, dict) and isinstance(moved["a"], list)
    assert dist.get_data_device(moved) == torch.device("cpu")
    out = torch.empty(2)
    dist.cast_data_device(torch.tensor([3.0, 4.0]), torch.device("cpu"), out=out)
    assert out.tolist() == [3.0, 4.0]
    with pytest.raises(ValueError, match="empty"):
        dist.get_data_device([])
