"""``torch.utils.data`` samplers by name in ``DATA_SAMPLERS``.

The runner builds ``sampler=dict(type=...)`` with the default arguments
``dataset`` and ``seed`` and ``batch_sampler=dict(type=...)`` with
``sampler`` and ``batch_size`` (MMEngine's contract). Torch's samplers name
these differently (``data_source``, a ``generator`` instead of a seed) and
MMEngine does not register them at all, so ``type='RandomSampler'`` fails
there; here each torch sampler is registered under its own name through a
small adapter that maps those arguments: the dataset becomes
``data_source`` (or ``dataset``), and a seed becomes a seeded
``torch.Generator`` (or ``DistributedSampler``'s ``seed``), so shuffling
never draws from the global RNG.
"""

from __future__ import annotations

import inspect
from typing import Any, Callable

import torch
from torch.utils import data

from mmcompat.registry import DATA_SAMPLERS

TORCH_SAMPLERS = (
    data.SequentialSampler,
    data.RandomSampler,
    data.SubsetRandomSampler,
    data.WeightedRandomSampler,
    data.BatchSampler,
    data.distributed.DistributedSampler,
)


def _adapter(sampler_cls: type) -> Callable[..., Any]:
    params = inspect.signature(sampler_cls.__init__).parameters

    def build(dataset: Any = None, seed: int | None = None, **kwargs: Any) -> Any:
        if dataset is not None:
            for name in ("data_source", "dataset"):
                if name in params:
                    kwargs.setdefault(name, dataset)
                    break
        if seed is not None:
            if "generator" in params and kwargs.get("generator") is None:
                kwargs["generator"] = torch.Generator().manual_seed(int(seed))
            elif "seed" in params:
                kwargs.setdefault("seed", int(seed))
        return sampler_cls(**kwargs)

    build.__name__ = sampler_cls.__name__
    build.__qualname__ = sampler_cls.__name__
    build.__doc__ = f"Build ``torch.utils.data.{sampler_cls.__name__}`` from a config."
    return build


for _cls in TORCH_SAMPLERS:
    DATA_SAMPLERS.register_module(name=_cls.__name__, module=_adapter(_cls))
