from __future__ import annotations

import pytest

from mmcompat.logging import MessageHub, MMLogger


@pytest.fixture(autouse=True)
def isolated_instances():
    """Each test sees no MMLogger / MessageHub created by another test."""
    saved = {cls: dict(cls._instance_dict) for cls in (MMLogger, MessageHub)}
    for cls in saved:
        cls._instance_dict.clear()
    yield
    for cls, instances in saved.items():
        for name, instance in list(cls._instance_dict.items()):
            if name not in instances and isinstance(instance, MMLogger):
                instance.close()
        cls._instance_dict.clear()
        cls._instance_dict.update(instances)
