"""Launch a worker script under ``torchrun --nproc_per_node=2`` (gloo, CPU)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def run_two_ranks(script: Path, out_dir: Path, timeout: int = 120) -> str:
    """Run ``script out_dir`` on two ranks; return its stdout.

    ``--standalone`` lets the launcher pick a free port, but it releases the
    port before the ranks bind it, so another job on the machine can rarely
    take it in between: one failed launch is retried before the test fails.
    """
    python_path = os.pathsep.join(
        filter(None, [str(REPO), os.environ.get("PYTHONPATH")])
    )
    env = dict(
        os.environ, OMP_NUM_THREADS="1", CUDA_VISIBLE_DEVICES="", PYTHONPATH=python_path
    )
    command = [
        sys.executable,
        "-m",
        "torch.distributed.run",
        "--standalone",
        "--nproc_per_node=2",
        str(script),
        str(out_dir),
    ]
    failures = []
    for _ in range(2):
        result = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env,
            cwd=out_dir,
        )
        if result.returncode == 0:
            return result.stdout
        failures.append(result.stdout[-3000:] + result.stderr[-3000:])
    raise AssertionError("torchrun failed twice:\n" + "\n----\n".join(failures))
