"""Data preprocessors: move a collated batch to the model's device, normalise.

``BaseModel.train_step`` calls ``model.data_preprocessor(data, training)``
first; its output is unpacked into ``forward`` (a dict as keywords, a
sequence as positionals).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import torch
import torch.nn as nn
import torch.nn.functional as F

from mmcompat.registry import MODELS

from .utils import stack_batch, target_device

__all__ = ["BaseDataPreprocessor", "ImgDataPreprocessor"]


@MODELS.register_module()
class BaseDataPreprocessor(nn.Module):
    """Copies a batch to :attr:`device` and returns it otherwise unchanged.

    Args:
        non_blocking: passed to ``Tensor.to``; with pinned memory the copy
            overlaps compute.

    The device follows the model: ``model.to(...)``/``cuda()``/``cpu()`` on a
    :class:`BaseModel` update it.
    """

    def __init__(self, non_blocking: bool | None = False) -> None:
        super().__init__()
        self._non_blocking = non_blocking
        self._device = torch.device("cpu")

    def cast_data(self, data: Any) -> Any:
        """Recursively move tensors (and objects with ``.to``, e.g. data samples)
        in mappings, lists, tuples and namedtuples to :attr:`device`.

        A tensor already on :attr:`device` comes back as it is (``Tensor.to``
        returns it); a mapping comes back as a dict, a sequence as its own
        type.
        """
        if isinstance(data, torch.Tensor):
            return data.to(self.device, non_blocking=self._non_blocking)
        if isinstance(data, Mapping):
            return {key: self.cast_data(data[key]) for key in data}
        if isinstance(data, (str, bytes)) or data is None:
            return data
        if isinstance(data, tuple) and hasattr(data, "_fields"):  # namedtuple
            return type(data)(*[self.cast_data(item) for item in data])
        if isinstance(data, Sequence):
            return type(data)([self.cast_data(item) for item in data])
        if _is_data_element(data):
            return data.to(self.device, non_blocking=self._non_blocking)
        return data

    def forward(self, data: Any, training: bool = False) -> Any:
        """Move ``data`` to the device; subclasses add batch augmentation."""
        return self.cast_data(data)

    @property
    def device(self) -> torch.device:
        return self._device

    def to(self, *args: Any, **kwargs: Any) -> nn.Module:
        device = target_device(*args, **kwargs)
        if device is not None:
            self._device = device
        return super().to(*args, **kwargs)

    def cuda(self, *args: Any, **kwargs: Any) -> nn.Module:
        self._device = torch.device(torch.cuda.current_device())
        return super().cuda()

    def cpu(self, *args: Any, **kwargs: Any) -> nn.Module:
        self._device = torch.device("cpu")
        return super().cpu()


def _is_data_element(obj: Any) -> bool:
    # MMEngine moves its BaseDataElement with ``.to(device, non_blocking=...)``;
    # any data-sample class with that method (mmengine's, mmdet's, ours) is
    # treated the same, without importing it.
    return callable(getattr(obj, "to", None)) and callable(
        getattr(obj, "to_dict", None)
    )


@MODELS.register_module()
class ImgDataPreprocessor(BaseDataPreprocessor):
    """Image batch preprocessing: channel swap, float, normalise, pad, stack.

    Args:
        mean, std: per-channel (3 values) or single-channel (1 value) pixel
            statistics; both or neither. With ``bgr_to_rgb`` they are in RGB
            order.
        pad_size_divisor: pad H and W up to a multiple of this.
        pad_value: value of the padded pixels (applied after normalising).
        bgr_to_rgb, rgb_to_bgr: reverse the channel order (before casting to
            float).
        non_blocking: see :class:`BaseDataPreprocessor`.

    ``data['inputs']`` is either a list of (C, H, W) tensors (``pseudo_collate``:
    each image is converted, then padded to the batch maximum and stacked) or
    an (N, C, H, W) tensor (``default_collate``: padded as a whole).
    """

    def __init__(
        self,
        mean: Sequence[float] | None = None,
        std: Sequence[float] | None = None,
        pad_size_divisor: int = 1,
        pad_value: float = 0,
        bgr_to_rgb: bool = False,
        rgb_to_bgr: bool = False,
        non_blocking: bool | None = False,
    ) -> None:
        super().__init__(non_blocking)
        if bgr_to_rgb and rgb_to_bgr:
            raise ValueError(
                "ImgDataPreprocessor: bgr_to_rgb and rgb_to_bgr are exclusive"
            )
        if (mean is None) != (std is None):
            raise ValueError("ImgDataPreprocessor: give both mean and std, or neither")
        self._enable_normalize = mean is not None
        if mean is not None:
            for key, value in (("mean", mean), ("std", std)):
                if len(value) not in (1, 3):
                    raise ValueError(
                        f"ImgDataPreprocessor: {key} needs 1 or 3 values (gray or "
                        f"RGB), got {len(value)}"
                    )
            self.register_buffer("mean", torch.tensor(mean).view(-1, 1, 1), False)
            self.register_buffer("std", torch.tensor(std).view(-1, 1, 1), False)
        self._channel_conversion = bgr_to_rgb or rgb_to_bgr
        self.pad_size_divisor = pad_size_divisor
        self.pad_value = pad_value

    def _convert(self, inputs: torch.Tensor, channel_dim: int) -> torch.Tensor:
        if self._channel_conversion:
            # MMEngine indexes channels [2, 1, 0] (an error for 1-channel input).
            order = [2, 1, 0]
            inputs = inputs[:, order] if channel_dim == 1 else inputs[order]
        # Cast after the channel swap: swapping uint8 is cheaper.
        inputs = inputs.float()
        if self._enable_normalize:
            inputs = (inputs - self.mean) / self.std
        return inputs

    def forward(self, data: dict, training: bool = False) -> dict:
        """Returns ``data`` with ``inputs`` as one padded float batch tensor and
        ``data_samples`` defaulting to None."""
        data = self.cast_data(data)
        inputs = data["inputs"]
        if isinstance(inputs, torch.Tensor):
            if inputs.dim() != 4:
                raise ValueError(
                    "ImgDataPreprocessor expects an NCHW tensor or a list of CHW "
                    f"tensors, got a tensor of shape {tuple(inputs.shape)}"
                )
            inputs = self._convert(inputs, channel_dim=1)
            h, w = inputs.shape[2:]
            pad_h = math.ceil(h / self.pad_size_divisor) * self.pad_size_divisor - h
            pad_w = math.ceil(w / self.pad_size_divisor) * self.pad_size_divisor - w
            batch = F.pad(inputs, (0, pad_w, 0, pad_h), "constant", self.pad_value)
        elif isinstance(inputs, Sequence) and all(
            isinstance(t, torch.Tensor) for t in inputs
        ):
            images = []
            for image in inputs:
                if self._enable_normalize and self.mean.shape[0] == 3:
                    if image.dim() != 3 or image.shape[0] != 3:
                        raise ValueError(
                            "ImgDataPreprocessor: with 3 mean values every image "
                            f"must be (3, H, W), got {tuple(image.shape)}"
                        )
                images.append(self._convert(image, channel_dim=0))
            batch = stack_batch(images, self.pad_size_divisor, self.pad_value)
        else:
            raise TypeError(
                "ImgDataPreprocessor: data['inputs'] must be a tensor or a list of "
                f"tensors, got {type(inputs).__name__}"
            )
        data["inputs"] = batch
        data.setdefault("data_samples", None)
        return data
