"""Visualization: ``Visualizer`` and its storage backends (MMEngine names)."""

from .vis_backend import (
    BaseVisBackend,
    LocalVisBackend,
    TensorboardVisBackend,
    force_init_env,
)
from .visualizer import Visualizer

__all__ = [
    "BaseVisBackend",
    "LocalVisBackend",
    "TensorboardVisBackend",
    "Visualizer",
    "force_init_env",
]
