"""``BaseTTAModel``: test-time augmentation around a trained model.

The test pipeline produces several augmented views per sample (e.g. with
``TestTimeAug``), so each batch field holds one entry per augmentation:
``{'inputs': [views_aug0, views_aug1], 'data_samples': [...]}``. ``test_step``
runs the wrapped model's ``test_step`` once per augmentation and hands each
sample's predictions (one per augmentation) to ``merge_preds``.
"""

from __future__ import annotations

from abc import abstractmethod
from typing import Any

import torch.nn as nn

from mmcompat.registry import MODELS

from .base_model import BaseModel

__all__ = ["BaseTTAModel"]


@MODELS.register_module()
class BaseTTAModel(BaseModel):
    """Base class of test-time-augmentation wrappers.

    Args:
        module: the model, or its config (built by ``MODELS``).
        data_preprocessor: put into ``module``'s config when it is a dict.
    """

    def __init__(
        self,
        module: dict | nn.Module,
        data_preprocessor: dict | nn.Module | None = None,
    ) -> None:
        super().__init__()
        if isinstance(module, nn.Module):
            self.module = module
        elif isinstance(module, dict):
            if data_preprocessor is not None:
                module["data_preprocessor"] = data_preprocessor
            self.module = MODELS.build(module)
        else:
            raise TypeError(
                f"module must be an nn.Module or a config dict, got {module!r}"
            )
        if not hasattr(self.module, "test_step"):
            raise TypeError(
                f"{type(self.module).__name__} wrapped by BaseTTAModel needs test_step"
            )

    @abstractmethod
    def merge_preds(self, data_samples_list: list[list[Any]]) -> list[Any]:
        """One prediction per sample from its per-augmentation predictions
        (``data_samples_list[i]`` holds sample ``i``'s predictions)."""

    def test_step(self, data: dict | tuple | list) -> list:
        """Run the model on every augmentation and merge per sample."""
        if isinstance(data, dict):
            num_augs = len(data[next(iter(data))])
            views: list = [
                {key: value[i] for key, value in data.items()} for i in range(num_augs)
            ]
        elif isinstance(data, (tuple, list)):
            num_augs = len(data[0])
            views = [[field[i] for field in data] for i in range(num_augs)]
        else:
            raise TypeError(
                f"data must be a dict, tuple or list, got {type(data).__name__}"
            )
        predictions = [self.module.test_step(view) for view in views]
        return self.merge_preds(list(zip(*predictions)))

    def forward(
        self, inputs: Any, data_samples: list | None = None, mode: str = "tensor"
    ) -> Any:
        raise NotImplementedError(
            "BaseTTAModel.forward is not used in training or testing; call test_step"
        )
