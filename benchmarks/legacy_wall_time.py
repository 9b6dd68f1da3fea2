"""Wall time of legacy MMCV 1.x scripts: real MMCV 1.7.2 against
``mmcompat run``, measured side by side in one run.

    python benchmarks/legacy_wall_time.py --mmcv-python /path/to/python \
        [--repeats 3] [--scripts epoch_val,iter_based] [--mmdet DIR]

Each script of ``fixtures/legacy_scripts`` runs unchanged in a fresh
process, as a user starts it: ``MMCV_PYTHON script.py`` (an interpreter with
real mmcv 1.7.2 and torch) and ``python -m mmcompat run script.py`` (this
interpreter), interleaved, ``--repeats`` times each; the median wall time of
each and their ratio are printed. MMCV's ``EpochBasedRunner`` sleeps 2 s at
every train and val epoch start; the second column runs MMCV with
``time.sleep`` disabled, the part of its time that is computation and
start-up. With ``--mmdet DIR`` (the directory holding mmdet 2.28.2's
package; ``MMCV_PYTHON`` needs MMCV's compiled CPU ops), mmdet's own
``tools/train.py`` training the tiny RetinaNet of ``fixtures/mmdet_coco``
(two epochs with bbox evaluation) is timed the same way. Prints numbers;
asserts nothing (timings depend on the machine).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = ROOT / "fixtures" / "legacy_scripts"
NAMES = ("epoch_val", "epoch_cumulative", "iter_based", "library_policy")

# runs a script as ``python script.py`` would, optionally without sleeps
RUNNER = """
import os, runpy, sys, time
if os.environ.get('NO_SLEEP'):
    time.sleep = lambda seconds: None
script = sys.argv[1]
sys.argv = sys.argv[1:]
sys.path.insert(0, os.path.dirname(script))
runpy.run_path(script, run_name='__main__')
"""


def _timed(command: list[str], env: dict) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        args = [*command, "--work-dir", os.path.join(tmp, "w"), "--out"]
        args.append(os.path.join(tmp, "out.json"))
        start = time.perf_counter()
        subprocess.run(args, check=True, cwd=tmp, env=env, capture_output=True)
        return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mmcv-python", required=True)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--scripts", default=",".join(NAMES))
    parser.add_argument("--mmdet", help="directory holding the mmdet package")
    args = parser.parse_args()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    quiet = dict(env, NO_SLEEP="1")
    print(
        f"{'script':18s} {'MMCV 1.7.2':>11s} {'(no sleep)':>11s} "
        f"{'mmcompat run':>13s} {'ratio':>7s} {'(no sleep)':>11s}"
    )
    for name in filter(None, args.scripts.split(",")):
        script = str(SCRIPTS / f"{name}.py")
        runs: dict[str, list[float]] = {"mmcv": [], "quiet": [], "ours": []}
        for _ in range(args.repeats):
            mmcv = [args.mmcv_python, "-c", RUNNER, script]
            runs["mmcv"].append(_timed(mmcv, env))
            runs["quiet"].append(_timed(mmcv, quiet))
            ours = [sys.executable, "-m", "mmcompat", "run", script]
            runs["ours"].append(_timed(ours, env))
        mmcv, quiet_mmcv, ours = (statistics.median(runs[k]) for k in runs)
        print(
            f"{name:18s} {mmcv:10.2f}s {quiet_mmcv:10.2f}s {ours:12.2f}s "
            f"{ours / mmcv:7.2f} {ours / quiet_mmcv:11.2f}"
        )
    if args.mmdet:
        _mmdet(args.mmcv_python, args.mmdet, args.repeats)
    return 0


def _mmdet(mmcv_python: str, mmdet_dir: str, repeats: int) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "record", ROOT / "fixtures" / "golden" / "mmdet_runs" / "record.py"
    )
    record = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(record)
    train = os.path.join(mmdet_dir, "mmdet", ".mim", "tools", "train.py")
    config = str(ROOT / "fixtures" / "mmdet_coco" / "retinanet_tiny.py")
    commands = {
        "mmcv": ([mmcv_python, train], {"PYTHONPATH": mmdet_dir}),
        "quiet": ([mmcv_python, "-c", RUNNER, train], {"PYTHONPATH": mmdet_dir}),
        "ours": ([sys.executable, "-m", "mmcompat", "run", train], {}),
    }
    runs: dict[str, list[float]] = {k: [] for k in commands}
    for _ in range(repeats):
        for key, (command, extra) in commands.items():
            env = dict(os.environ, **extra)
            if key == "quiet":
                env["NO_SLEEP"] = "1"
            with tempfile.TemporaryDirectory() as tmp:
                start = time.perf_counter()
                record.run_train(command, config, tmp, env)
                runs[key].append(time.perf_counter() - start)
    mmcv, quiet_mmcv, ours = (statistics.median(runs[k]) for k in runs)
    print(
        f"{'mmdet RetinaNet':18s} {mmcv:10.2f}s {quiet_mmcv:10.2f}s {ours:12.2f}s "
        f"{ours / mmcv:7.2f} {ours / quiet_mmcv:11.2f}"
    )


if __name__ == "__main__":
    sys.exit(main())
