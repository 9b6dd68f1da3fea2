"""A MMCV 1.x model on the new runner: ``LegacyModelAdapter``.

A legacy model's ``train_step(data, optimizer)`` returns
``dict(loss=..., log_vars=..., num_samples=...)``; MMCV's ``OptimizerHook``
then ran ``zero_grad``, ``loss.backward()``, gradient clipping and
``optimizer.step()`` (``GradientCumulativeOptimizerHook``: the loss divided
by the window length, a step every ``cumulative_iters`` and at the last
iteration). The new runner calls ``model.train_step(data, optim_wrapper)``
and expects the model to update itself, so the adapter:

1. calls the legacy ``train_step`` with the *raw* optimizer (or dict of
   optimizers) the legacy code created;
2. when an optimizer hook was configured (``optimizer_config``), runs
   ``optim_wrapper.update_params(outputs['loss'])``; the wrapper's
   clipping/accumulation settings come from ``translate()``, so numbers match
   MMCV's hook (backward, clip, step; zero_grad after the step instead of
   before the next backward, which is the same when training starts from
   zero gradients);
3. returns ``log_vars`` (what new hooks read as ``outputs``) and keeps the
   full legacy outputs in ``last_outputs`` (what legacy hooks read as
   ``runner.outputs``), and the norm the wrapper's clipping returned in
   this step in ``last_grad_norm`` (MMCV's OptimizerHook put it into
   ``runner.log_buffer`` as ``grad_norm``).

Models whose ``train_step`` steps the optimizer(s) itself (no
``optimizer_config``, GAN style) get the raw optimizer(s) and nothing else
steps. The adapter is a registered model wrapper, so checkpoints hold the
legacy model's own ``state_dict`` keys, as MMCV saved them.
"""

from __future__ import annotations

from typing import Any, Callable, Optional

import torch
import torch.nn as nn

from mmcompat.registry import MODEL_WRAPPERS

__all__ = ["LegacyModelAdapter", "unwrap_legacy"]


def unwrap_legacy(model: Any) -> nn.Module:
    """The model inside legacy/new data-parallel wrappers."""
    while hasattr(model, "module") and isinstance(model.module, nn.Module):
        model = model.module
    return model


@MODEL_WRAPPERS.register_module()
class LegacyModelAdapter(nn.Module):
    """Give a legacy model the new ``train_step(data, optim_wrapper)``.

    Args:
        model: the legacy model (possibly in ``MMDataParallel``).
        optimizer: what the legacy ``train_step`` receives (a torch optimizer,
            a dict of them, or None).
        update_params: run ``optim_wrapper.update_params(outputs['loss'])``
            after the legacy step (an optimizer hook was configured).
        batch_processor: MMCV's deprecated ``batch_processor(model, data,
            train_mode)``, used instead of ``train_step``/``val_step``.
        val_step_takes_optimizer: MMCV's EpochBasedRunner passed the
            optimizer to ``val_step``; the IterBasedRunner did not.
    """

    def __init__(
        self,
        model: nn.Module,
        optimizer: Any = None,
        update_params: bool = True,
        batch_processor: Optional[Callable] = None,
        val_step_takes_optimizer: bool = True,
    ) -> None:
        super().__init__()
        self.legacy_model = model
        self.module = unwrap_legacy(model)
        self.raw_optimizer = optimizer
        self.update_params = update_params
        self.batch_processor = batch_processor
        self.val_step_takes_optimizer = val_step_takes_optimizer
        self.last_outputs: dict = {}
        self.last_grad_norm: Optional[float] = None

    def __getattr__(self, name: str) -> Any:
        try:
            return super().__getattr__(name)
        except AttributeError:
            return getattr(self.__dict__["_modules"]["module"], name)

    def _check(self, outputs: Any, method: str) -> dict:
        if not isinstance(outputs, dict):
            raise TypeError(
                f"{type(self.module).__name__}.{method}() must return a dict "
                f"(loss, log_vars, num_samples), got {type(outputs).__name__}"
            )
        self.last_outputs = outputs
        return outputs

    def legacy_train_step(self, data: Any, **kwargs: Any) -> dict:
        if self.batch_processor is not None:
            outputs = self.batch_processor(
                self.legacy_model, data, train_mode=True, **kwargs
            )
        else:
            outputs = self.legacy_model.train_step(data, self.raw_optimizer, **kwargs)
        return self._check(outputs, "train_step")

    def train_step(self, data: Any, optim_wrapper: Any = None) -> dict:
        """Legacy step, then the optimizer hook's update; returns log_vars."""
        outputs = self.legacy_train_step(data)
        if self.update_params and optim_wrapper is not None:
            if "loss" not in outputs:
                raise KeyError(
                    f"{type(self.module).__name__}.train_step() returned no 'loss' "
                    "but an optimizer_config (OptimizerHook) is configured; a model "
                    "that steps its optimizers itself needs optimizer_config=None"
                )
            clipped = getattr(optim_wrapper, "last_clip_result", None)
            optim_wrapper.update_params(outputs["loss"])
            result = getattr(optim_wrapper, "last_clip_result", None)
            # MMCV's OptimizerHook logged float(grad_norm): a host sync, as there
            self.last_grad_norm = None if result is clipped else float(result)
        return dict(outputs.get("log_vars", {}))

    @torch.no_grad()
    def legacy_val_step(self, data: Any, **kwargs: Any) -> dict:
        if self.batch_processor is not None:
            outputs = self.batch_processor(
                self.legacy_model, data, train_mode=False, **kwargs
            )
        elif self.val_step_takes_optimizer:
            outputs = self.legacy_model.val_step(data, self.raw_optimizer, **kwargs)
        else:
            outputs = self.legacy_model.val_step(data, **kwargs)
        return self._check(outputs, "val_step")

    def val_step(self, data: Any) -> dict:
        return self.legacy_val_step(data)

    def test_step(self, data: Any) -> dict:
        return self.legacy_val_step(data)

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        return self.legacy_model(*args, **kwargs)
