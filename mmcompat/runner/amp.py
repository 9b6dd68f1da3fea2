"""``autocast``: mixed precision for validation/testing (``fp16=True``)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Optional

import torch


@contextmanager
def autocast(
    device_type: Optional[str] = None,
    dtype: Optional[torch.dtype] = None,
    enabled: bool = True,
    cache_enabled: Optional[bool] = None,
) -> Iterator[None]:
    """``torch.autocast`` on the current device, as MMEngine's ``autocast``.

    The device defaults to CUDA when available, else the CPU; the dtype to
    float16 on CUDA and bfloat16 on the CPU (the CPU autocast supports only
    bfloat16). ``enabled=False`` runs the block unchanged.
    """
    if not enabled:
        yield
        return
    if device_type is None:
        device_type = "cuda" if torch.cuda.is_available() else "cpu"
    if dtype is None:
        dtype = torch.float16 if device_type == "cuda" else torch.bfloat16
    kwargs = {} if cache_enabled is None else {"cache_enabled": cache_enabled}
    with torch.autocast(device_type=device_type, dtype=dtype, **kwargs):
        yield
