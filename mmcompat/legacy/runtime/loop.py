"""MMCV 1.x's ``workflow`` as a train loop of the new runner.

``LegacyWorkflowLoop`` runs ``[('train', 1), ('val', 1)]``-style workflows
exactly as MMCV 1.7.2's runners did, so a legacy run draws random numbers in
the same order and produces the same numbers:

EpochBasedRunner (``epoch_based=True``)::

    before_train
    while epoch < max_epochs:
        for (mode, epochs), loader in zip(workflow, loaders):
            repeat epochs times (a train phase stops at max_epochs):
                train: before_train_epoch; for each batch of a fresh
                       iterator: before_train_iter, train_step,
                       after_train_iter; after_train_epoch; epoch += 1
                val:   before_val, before_val_epoch; under no_grad for each
                       batch: before_val_iter, legacy val_step,
                       after_val_iter; after_val_epoch(metrics), after_val
    after_train

IterBasedRunner (``epoch_based=False``): one iterator per loader is created up
front (as MMCV's ``IterLoader``; an exhausted one is recreated after
``sampler.set_epoch``), ``before_train_epoch``/``after_train_epoch`` fire
once around the run (MMCV's ``before_epoch``/``after_epoch``), and each
workflow phase runs ``iters`` single iterations.

Differences from the new loops, on purpose: validation is MMCV's *loss*
validation (the legacy ``val_step``, no evaluator; ``metrics`` given to
``after_val_epoch`` are the sample-weighted means of its ``log_vars``), and
it runs without saving/restoring the RNG states, because MMCV's val epoch
consumes the global generator (its DataLoader iterator draws a base seed)
and the next training epoch's shuffle depends on that.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Optional

import torch

from mmcompat.registry import LOOPS
from mmcompat.runner.base_loop import BaseLoop

__all__ = ["IterLoader", "LegacyWorkflowLoop", "Shared"]


class Shared:
    """Keeps objects out of the runner's config deep copies."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def __deepcopy__(self, memo: dict) -> Shared:
        return self


class IterLoader:
    """MMCV's ``IterLoader``: endless batches from a DataLoader, restarted
    (after ``sampler.set_epoch(epoch)``) when exhausted; ``epoch`` counts
    the restarts. MMCV slept 2 s at each restart; this does not."""

    def __init__(self, dataloader: Any) -> None:
        self._dataloader = dataloader
        self.iter_loader = iter(dataloader)
        self._epoch = 0

    @property
    def epoch(self) -> int:
        return self._epoch

    def __next__(self) -> Any:
        try:
            return next(self.iter_loader)
        except StopIteration:
            self._epoch += 1
            sampler = getattr(self._dataloader, "sampler", None)
            if hasattr(sampler, "set_epoch"):
                sampler.set_epoch(self._epoch)
            self.iter_loader = iter(self._dataloader)
            return next(self.iter_loader)

    def __len__(self) -> int:
        return len(self._dataloader)


class _ValInfoLoop(BaseLoop):
    """What new hooks read as ``runner.val_loop`` during a legacy val phase
    (its dataloader); it never runs itself."""

    def __init__(self, runner: Any, dataloader: Any) -> None:
        super().__init__(runner, dataloader)
        self.evaluator = None

    def run(self) -> None:
        raise RuntimeError(
            "a legacy workflow validates inside its train loop; runner.val() is "
            "not available for it"
        )


@LOOPS.register_module()
class LegacyWorkflowLoop(BaseLoop):
    """Train (and loss-validate) following MMCV's ``workflow``.

    Args:
        runner: the new runner.
        dataloader: the loader of the first ``train`` phase.
        workflow: ``[(mode, epochs_or_iters), ...]``, MMCV's.
        dataloaders: one loader per workflow phase (``Shared`` or a list);
            defaults to ``[dataloader]``.
        epoch_based: EpochBasedRunner (True) or IterBasedRunner (False).
        max_epochs / max_iters: the training length.
        view: the :class:`~.state.LegacyRunnerView` legacy hooks see.
        start_epoch / start_iter: counters after a legacy ``resume``.
    """

    def __init__(
        self,
        runner: Any,
        dataloader: Any,
        workflow: Sequence = (("train", 1),),
        dataloaders: Any = None,
        epoch_based: bool = True,
        max_epochs: Optional[int] = None,
        max_iters: Optional[int] = None,
        view: Any = None,
        start_epoch: int = 0,
        start_iter: int = 0,
    ) -> None:
        super().__init__(runner, dataloader)
        if isinstance(dataloaders, Shared):
            dataloaders = dataloaders.value
        if isinstance(view, Shared):
            view = view.value
        self.dataloaders = list(dataloaders) if dataloaders else [self.dataloader]
        self.workflow = [tuple(flow) for flow in workflow]
        if len(self.dataloaders) != len(self.workflow):
            raise ValueError(
                f"workflow {self.workflow} has {len(self.workflow)} phases but "
                f"{len(self.dataloaders)} data loaders were given"
            )
        for mode, _ in self.workflow:
            if mode not in ("train", "val"):
                raise ValueError(
                    f"workflow mode must be 'train' or 'val', got {mode!r}"
                )
        self.by_epoch = epoch_based
        if epoch_based:
            if max_epochs is None:
                raise ValueError("an epoch-based legacy run needs max_epochs")
            self._max_epochs = int(max_epochs)
            self._max_iters = self._max_epochs * len(self.dataloader)
        else:
            if max_iters is None:
                raise ValueError("an iteration-based legacy run needs max_iters")
            self._max_iters = int(max_iters)
            self._max_epochs = 1
        self._epoch = start_epoch
        self._iter = start_iter
        self.inner_iter = 0
        self.stop_training = False
        self.val_interval = 1
        self.val_begin = 1
        from .state import view_of

        self.view = view if view is not None else view_of(runner)
        self.view.bind(runner, self)

    max_epochs = property(lambda self: self._max_epochs)
    max_iters = property(lambda self: self._max_iters)
    epoch = property(lambda self: self._epoch)
    iter = property(lambda self: self._iter)

    def state_dict(self) -> dict:
        return {"epoch": self._epoch, "iter": self._iter}

    def load_state_dict(self, state: dict) -> None:
        """Counters come from the checkpoint meta; nothing else to restore."""

    @property
    def _adapter(self) -> Any:
        model = self.runner.model
        if not hasattr(model, "legacy_train_step"):
            raise TypeError(
                "a legacy workflow needs the model in a LegacyModelAdapter, got "
                f"{type(model).__name__}"
            )
        return model

    # -- running -----------------------------------------------------------
    def run(self) -> Any:
        runner = self.runner
        runner.call_hook("before_train")
        if self.by_epoch:
            self._run_epochs()
        else:
            self._run_iters()
        runner.call_hook("after_train")
        return runner.model

    def _run_epochs(self) -> None:
        while self._epoch < self._max_epochs and not self.stop_training:
            for (mode, epochs), loader in zip(self.workflow, self.dataloaders):
                for _ in range(epochs):
                    if mode == "train" and self._epoch >= self._max_epochs:
                        break
                    if mode == "train":
                        self.train_epoch(loader)
                    else:
                        self.val_epoch(loader)

    def _enter(self, mode: str, loader: Any) -> None:
        view = self.view
        view.mode = mode
        view.data_loader = loader

    def _step_outputs(self, outputs: dict, grad_norm: Optional[float] = None) -> None:
        view = self.view
        if "log_vars" in outputs:
            view.log_buffer._record(outputs["log_vars"], outputs["num_samples"])
        if grad_norm is not None:
            view.log_buffer._record({"grad_norm": grad_norm}, outputs["num_samples"])
        view.outputs = outputs

    def train_epoch(self, loader: Any) -> None:
        runner, model = self.runner, self._adapter
        model.train()
        self._enter("train", loader)
        self.dataloader = loader
        runner.call_hook("before_train_epoch")
        for i, data_batch in enumerate(loader):
            self.inner_iter = i
            self.view.data_batch = data_batch
            runner.call_hook("before_train_iter", batch_idx=i, data_batch=data_batch)
            log_vars = model.train_step(data_batch, optim_wrapper=runner.optim_wrapper)
            self._step_outputs(model.last_outputs, model.last_grad_norm)
            runner.call_hook(
                "after_train_iter", batch_idx=i, data_batch=data_batch, outputs=log_vars
            )
            self.view.data_batch = None
            self._iter += 1
        runner.call_hook("after_train_epoch")
        self._epoch += 1

    def _val_hooks_loop(self, loader: Any) -> None:
        self.runner._val_loop = _ValInfoLoop(self.runner, loader)

    def val_epoch(self, loader: Any) -> None:
        runner, model = self.runner, self._adapter
        model.eval()
        self._enter("val", loader)
        self._val_hooks_loop(loader)
        runner.call_hook("before_val")
        runner.call_hook("before_val_epoch")
        totals: dict[str, float] = {}
        counts: dict[str, int] = {}
        with torch.no_grad():
            for i, data_batch in enumerate(loader):
                self.inner_iter = i
                self.view.data_batch = data_batch
                runner.call_hook("before_val_iter", batch_idx=i, data_batch=data_batch)
                outputs = model.legacy_val_step(data_batch)
                self._step_outputs(outputs)
                n = outputs.get("num_samples", 1)
                for key, value in outputs.get("log_vars", {}).items():
                    totals[key] = totals.get(key, 0.0) + float(value) * n
                    counts[key] = counts.get(key, 0) + n
                runner.call_hook(
                    "after_val_iter",
                    batch_idx=i,
                    data_batch=data_batch,
                    outputs=outputs,
                )
                self.view.data_batch = None
        metrics = {key: totals[key] / counts[key] for key in totals}
        runner.call_hook("after_val_epoch", metrics=metrics)
        runner.call_hook("after_val")

    # -- iteration-based ---------------------------------------------------
    def _run_iters(self) -> None:
        runner = self.runner
        iter_loaders = [IterLoader(loader) for loader in self.dataloaders]
        runner.call_hook("before_train_epoch")
        while self._iter < self._max_iters and not self.stop_training:
            for (mode, iters), loader in zip(self.workflow, iter_loaders):
                self.inner_iter = 0
                for _ in range(iters):
                    if mode == "train" and self._iter >= self._max_iters:
                        break
                    if mode == "train":
                        self.train_iter(loader)
                    else:
                        self.val_iter(loader)
        runner.call_hook("after_train_epoch")

    def train_iter(self, loader: IterLoader) -> None:
        runner, model = self.runner, self._adapter
        model.train()
        self._enter("train", loader)
        self.dataloader = loader._dataloader
        self._epoch = loader.epoch
        data_batch = next(loader)
        self.view.data_batch = data_batch
        idx = self._iter
        runner.call_hook("before_train_iter", batch_idx=idx, data_batch=data_batch)
        log_vars = model.train_step(data_batch, optim_wrapper=runner.optim_wrapper)
        self._step_outputs(model.last_outputs, model.last_grad_norm)
        runner.call_hook(
            "after_train_iter", batch_idx=idx, data_batch=data_batch, outputs=log_vars
        )
        self.view.data_batch = None
        self.inner_iter += 1
        self._iter += 1

    def val_iter(self, loader: IterLoader) -> None:
        runner, model = self.runner, self._adapter
        model.eval()
        self._enter("val", loader)
        self._val_hooks_loop(loader._dataloader)
        data_batch = next(loader)
        self.view.data_batch = data_batch
        idx = self.inner_iter
        runner.call_hook("before_val_iter", batch_idx=idx, data_batch=data_batch)
        outputs = model.legacy_val_step(data_batch)
        self._step_outputs(outputs)
        runner.call_hook(
            "after_val_iter", batch_idx=idx, data_batch=data_batch, outputs=outputs
        )
        self.view.data_batch = None
        self.inner_iter += 1
