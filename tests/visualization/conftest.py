from __future__ import annotations

import pytest

from mmcompat.visualization import Visualizer


@pytest.fixture(autouse=True)
def isolated_visualizers():
    """Each test sees no Visualizer created by another test."""
    saved = dict(Visualizer._instance_dict)
    Visualizer._instance_dict.clear()
    yield
    for name, instance in Visualizer._instance_dict.items():
        if name not in saved:
            instance.close()
    Visualizer._instance_dict.clear()
    Visualizer._instance_dict.update(saved)
