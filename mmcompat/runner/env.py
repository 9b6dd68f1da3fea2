"""Process environment for a run: multiprocessing, threads, file limits, and
the environment summary the runner logs first."""

from __future__ import annotations

import os
import platform
import sys
from collections import OrderedDict
from typing import Any, Optional

import torch


def set_multi_processing(
    mp_start_method: str = "fork",
    opencv_num_threads: int = 0,
    distributed: bool = False,
) -> None:
    """MMEngine's ``env_cfg.mp_cfg``: the start method of worker processes,
    OpenCV's thread count (when OpenCV is installed) and, for distributed
    runs, ``OMP_NUM_THREADS``/``MKL_NUM_THREADS=1`` unless already set."""
    import multiprocessing as mp

    if platform.system() != "Windows":
        current = mp.get_start_method(allow_none=True)
        if current is not None and current != mp_start_method:
            import warnings

            warnings.warn(
                f"mp_start_method {mp_start_method!r} differs from the already "
                f"set {current!r}; it is forced to {mp_start_method!r}",
                stacklevel=2,
            )
        mp.set_start_method(mp_start_method, force=True)
    if "cv2" in sys.modules or _has_module("cv2"):
        try:
            import cv2

            cv2.setNumThreads(opencv_num_threads)
        except Exception:
            pass
    if distributed:
        for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ.setdefault(name, "1")


def _has_module(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


def set_resource_limit(limit: Optional[int]) -> None:
    """Raise the open-file soft limit to ``limit`` (bounded by the hard one),
    as MMEngine does (DataLoader workers share tensors through files)."""
    if platform.system() == "Windows":
        return
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = max(limit if limit is not None else 4096, soft)
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    if wanted != soft:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


def collect_env() -> OrderedDict:
    """What the runner logs as "System environment"."""
    import numpy as np

    from mmcompat.version import __version__

    env: OrderedDict[str, Any] = OrderedDict()
    env["sys.platform"] = sys.platform
    env["Python"] = sys.version.replace("\n", "")
    env["CUDA available"] = torch.cuda.is_available()
    if torch.cuda.is_available():
        env["GPU 0"] = torch.cuda.get_device_name(0)
    env["numpy_random_seed"] = np.random.get_state()[1][0]
    env["PyTorch"] = torch.__version__
    env["NumPy"] = np.__version__
    env["mmcompat"] = __version__
    return env


def unique_instance_name(name: str) -> str:
    """``name``, or ``name_1``, ``name_2``... if a runner of this process took
    it already (MMEngine reuses the first runner's logger, message hub and
    visualizer for a second runner started within the same second)."""
    from mmcompat.logging import MessageHub, MMLogger
    from mmcompat.registry import DefaultScope
    from mmcompat.visualization import Visualizer

    def taken(candidate: str) -> bool:
        return any(
            cls.check_instance_created(candidate)
            for cls in (MMLogger, MessageHub, Visualizer, DefaultScope)
        )

    unique, count = name, 0
    while taken(unique):
        count += 1
        unique = f"{name}_{count}"
    return unique


def log_environment(runner: Any, env_cfg: dict) -> None:
    """Log the system and runtime environment, then the config (MMEngine's
    first log lines)."""
    runtime = dict(env_cfg)
    runtime.update(runner._randomness_cfg)
    runtime.update(
        {
            "seed": runner._seed,
            "Distributed launcher": runner._launcher,
            "Distributed training": runner._distributed,
            "GPU number": runner._world_size,
        }
    )
    system = "\n    ".join(f"{k}: {v}" for k, v in collect_env().items())
    runtime_text = "\n    ".join(f"{k}: {v}" for k, v in runtime.items())
    dash = "-" * 60
    runner.logger.info(
        f"\n{dash}\nSystem environment:\n    {system}\n\n"
        f"Runtime environment:\n    {runtime_text}\n{dash}\n"
    )
    if len(runner.cfg):
        try:
            runner.logger.info(f"Config:\n{runner.cfg.pretty_text}")
        except Exception:  # configs holding built objects do not print
            pass
