"""Two real processes (torchrun, gloo on CPU) exercising the collectives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.torchrun import run_two_ranks

WORKER = Path(__file__).with_name("_torchrun_worker.py")


@pytest.fixture(scope="module")
def ranks(tmp_path_factory):
    out_dir = tmp_path_factory.mktemp("torchrun")
    stdout = run_two_ranks(WORKER, out_dir)
    records = [json.loads((out_dir / f"rank{r}.json").read_text()) for r in (0, 1)]
    return records, out_dir, stdout


def test_ranks_and_backend(ranks):
    records, _, _ = ranks
    for rank, record in enumerate(records):
        assert record["rank"] == rank and record["world_size"] == 2
        assert record["backend"] == "gloo" and record["is_distributed"]
        assert record["is_main_process"] == (rank == 0)
        assert record["local_rank"] == rank
        assert record["comm_device"] == "cpu"


def test_all_reduce(ranks):
    records, _, _ = ranks
    for record in records:
        assert record["all_reduce_sum"] == [3.0, 6.0]
        assert record["all_reduce_mean"] == [1.5, 3.0]
        assert record["all_reduce_max"] == [1.0]
        assert record["all_reduce_dict"] == {"a": [3.0], "b": [[1.0, 1.0], [1.0, 1.0]]}
        assert record["all_reduce_params"] == [[1.0, 1.0], [0, 1, 2]]


def test_broadcast_and_gather(ranks):
    records, _, _ = ranks
    for record in records:
        assert record["broadcast_from_1"] == [20]
        assert record["all_gather"] == [[0, 0], [1, 1]]
        assert record["broadcast_object_list"] == [{"from": 0}, "text0"]
        assert record["all_gather_object"] == [{"rank": 0}, {"rank": 1}]
    assert records[0]["gather_object"] == [0, 100]
    assert records[1]["gather_object"] is None


def test_collect_results_interleaves_by_rank_and_truncates(ranks):
    records, _, _ = ranks
    for key in (
        "collect_cpu_gloo",
        "collect_cpu_tmpdir",
        "collect_cpu_files",
        "collect_gpu_path",
    ):
        assert records[0][key] == [0, 1, 2, 3, 4], key
        assert records[1][key] is None, key


def test_legacy_multi_gpu_test_gathers_every_result_on_rank_0(ranks):
    records, _, _ = ranks
    for key in ("multi_gpu_test_tmpdir", "multi_gpu_test_gpu_collect"):
        assert records[0][key] == [0.0, 1.0, 2.0, 3.0, 4.0], key
        assert records[1][key] is None, key


def test_collect_results_removes_its_temporary_folder(ranks):
    _, out_dir, _ = ranks
    assert list((out_dir / ".dist_test").iterdir()) == []


def test_collect_results_keeps_genuine_none_results(ranks):
    records, _, _ = ranks
    assert records[0]["collect_keeps_none"] == [None, "r1", "r0"]


def test_sync_random_seed_agrees(ranks):
    records, _, _ = ranks
    assert records[0]["sync_random_seed"] == records[1]["sync_random_seed"]
    assert (
        records[0]["sync_random_seed_given"]
        == records[1]["sync_random_seed_given"]
        == 123
    )


def test_master_only_runs_on_rank_0_only(ranks):
    records, _, _ = ranks
    assert records[0]["master_only"] == "ran"
    assert records[1]["master_only"] is None


def test_distributed_logger_writes_one_file_per_rank(ranks):
    records, out_dir, stdout = ranks
    for rank, record in enumerate(records):
        name = record["log_file"]
        assert name.startswith("run_") and name.endswith(f"_rank{rank}.log")
        assert f"hello from rank {rank}" in (out_dir / name).read_text()
    assert "hello from rank 0" in stdout
    assert "hello from rank 1" not in stdout
