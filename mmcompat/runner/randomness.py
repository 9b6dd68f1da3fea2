"""Seeding, and the RNG states a checkpoint needs for an exact resume.

``set_random_seed`` is MMEngine's: one seed for python ``random``, numpy and
torch (CPU and CUDA), drawn and broadcast from rank 0 when none is given.

``get_rng_state`` / ``set_rng_state`` capture and restore every global
generator as plain containers and tensors, so a checkpoint holding them still
loads with ``torch.load(weights_only=True)``.
"""

from __future__ import annotations

import logging
import random
from typing import Any, Optional

import numpy as np
import torch


def set_random_seed(
    seed: Optional[int] = None,
    deterministic: bool = False,
    diff_rank_seed: bool = False,
) -> int:
    """Seed python ``random``, numpy and torch; return the seed used.

    Args:
        seed: the seed; ``None`` draws one on rank 0 and broadcasts it, so
            every rank agrees (``mmcompat.dist.sync_random_seed``).
        deterministic: also make cuDNN deterministic
            (``cudnn.deterministic=True``, ``cudnn.benchmark=False``) and call
            ``torch.use_deterministic_algorithms(True)``, as MMEngine does.
        diff_rank_seed: add the global rank to the seed, so ranks draw
            different random numbers (e.g. different augmentations).
    """
    if seed is None:
        from mmcompat.dist import sync_random_seed

        seed = sync_random_seed()
    if diff_rank_seed:
        from mmcompat.dist import get_rank

        seed += get_rank()
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)  # seeds every CUDA device too
    if deterministic:
        if torch.backends.cudnn.benchmark:
            from mmcompat.logging import print_log

            print_log(
                "torch.backends.cudnn.benchmark is set to False so that cuDNN "
                "selects algorithms deterministically",
                logger="current",
                level=logging.WARNING,
            )
        torch.backends.cudnn.deterministic = True
        torch.backends.cudnn.benchmark = False
        torch.use_deterministic_algorithms(True)
    return seed


def capture_rng_state() -> dict[str, Any]:
    """A cheap snapshot of every global RNG (numpy's state kept as numpy
    returns it); :func:`plain_rng_state` turns it into checkpoint data."""
    state: dict[str, Any] = {
        "python": random.getstate(),
        "numpy": np.random.get_state(),
        "torch": torch.get_rng_state(),
    }
    # Only when CUDA is already initialised: querying it would initialise a
    # context (and allocate memory) in CPU-only runs on a GPU machine.
    if torch.cuda.is_available() and torch.cuda.is_initialized():
        state["cuda"] = torch.cuda.get_rng_state_all()
    return state


def plain_rng_state(snapshot: dict[str, Any]) -> dict[str, Any]:
    """A :func:`capture_rng_state` snapshot as plain containers and tensors."""
    state = dict(snapshot)
    numpy_state = snapshot["numpy"]
    if isinstance(numpy_state, tuple):
        name, key, pos, has_gauss, gauss = numpy_state
        state["numpy"] = {
            "bit_generator": name,
            "key": key.tolist(),
            "pos": int(pos),
            "has_gauss": int(has_gauss),
            "gauss": float(gauss),
        }
    return state


def get_rng_state() -> dict[str, Any]:
    """Every global RNG state, as plain containers and tensors.

    Keys: ``python`` (``random.getstate()``, a tuple of ints), ``numpy``
    (the MT19937 key as a list of ints plus position and Gaussian cache),
    ``torch`` (the CPU generator, a uint8 tensor) and, when CUDA is
    initialised, ``cuda`` (one uint8 tensor per device).
    """
    return plain_rng_state(capture_rng_state())


def set_rng_state(state: dict[str, Any]) -> None:
    """Restore what :func:`get_rng_state` (or :func:`capture_rng_state`)
    returned; missing parts are left as they are."""
    if "python" in state:
        version, internal, gauss_next = state["python"]
        random.setstate((version, tuple(internal), gauss_next))
    if isinstance(state.get("numpy"), tuple):
        np.random.set_state(state["numpy"])
    elif "numpy" in state:
        np_state = state["numpy"]
        np.random.set_state(
            {
                "bit_generator": np_state["bit_generator"],
                "state": {
                    "key": np.asarray(np_state["key"], dtype=np.uint32),
                    "pos": np_state["pos"],
                },
                "has_gauss": np_state["has_gauss"],
                "gauss": np_state["gauss"],
            }
        )
    if "torch" in state:
        torch.set_rng_state(state["torch"].cpu())
    if "cuda" in state and torch.cuda.is_available():
        cuda_states = [s.cpu() for s in state["cuda"]]
        if len(cuda_states) == torch.cuda.device_count():
            torch.cuda.set_rng_state_all(cuda_states)
        else:
            torch.cuda.set_rng_state(cuda_states[0])
