"""The four loops: epoch- and iteration-based training, validation, test.

Hook points fire exactly where MMEngine 0.10.7 fires them, with the same
arguments. Differences, on purpose:

- resuming continues *inside* an epoch (or a dataloader pass) at the batch
  where training stopped, without loading the skipped samples
  (:mod:`mmcompat.runner.data_position`); MMEngine restarts the epoch
  (epoch-based) or loads and discards every trained batch (iter-based);
- validation during training runs with the global RNG states saved and
  restored around it, so validating never changes the training trajectory
  (this is what makes a resume across a validation exact);
- the iteration-based loop restarts an exhausted dataloader without
  MMEngine's two-second sleep.
"""

from __future__ import annotations

import bisect
import logging
from collections.abc import Iterator, Sequence
from typing import Any, Optional, Union

import torch
from torch.utils.data import DataLoader

from mmcompat.registry import LOOPS

from .amp import autocast
from .base_loop import BaseLoop
from .data_position import DataPosition, sampler_of, set_sampler_epoch
from .randomness import capture_rng_state, set_rng_state
from .utils import calc_dynamic_intervals


def _check_count(name: str, value: Any) -> int:
    if isinstance(value, bool) or int(value) != value:
        raise TypeError(f"train_cfg.{name} must be an integer, got {value!r}")
    return int(value)


def _share_dataset_meta(loop: BaseLoop, evaluator: Any = None) -> None:
    """Give the dataset's ``metainfo`` to the visualizer (and evaluator)."""
    dataset = getattr(loop.dataloader, "dataset", None)
    if not hasattr(dataset, "metainfo"):
        from mmcompat.logging import print_log

        print_log(
            f"Dataset {type(dataset).__name__} has no metainfo. ``dataset_meta`` "
            "in visualizer will be None.",
            logger="current",
            level=logging.WARNING,
        )
        return
    if evaluator is not None:
        evaluator.dataset_meta = dataset.metainfo
    loop.runner.visualizer.dataset_meta = dataset.metainfo


class _TrainLoopMixin:
    """What both train loops share: counters, validation scheduling, state."""

    runner: Any
    dataloader: DataLoader

    def _init_train(
        self,
        val_begin: int,
        val_interval: int,
        dynamic_intervals: Optional[Sequence[tuple[int, int]]],
    ) -> None:
        self._epoch = 0
        self._iter = 0
        self.val_begin = val_begin
        self.val_interval = val_interval
        # Set by EarlyStoppingHook (or any hook) to end training early.
        self.stop_training = False
        self.dynamic_milestones, self.dynamic_intervals = calc_dynamic_intervals(
            val_interval, dynamic_intervals
        )
        self._position = DataPosition(self.dataloader)
        _share_dataset_meta(self)

    @property
    def max_epochs(self) -> int:
        return self._max_epochs

    @property
    def max_iters(self) -> int:
        return self._max_iters

    @property
    def epoch(self) -> int:
        return self._epoch

    @property
    def iter(self) -> int:
        return self._iter

    def _train_iter(self, batch_idx: int, data_batch: Any) -> None:
        """The iteration hooks around ``model.train_step``; counts the iter."""
        runner = self._runner
        runner.call_hook(
            "before_train_iter", batch_idx=batch_idx, data_batch=data_batch
        )
        outputs = runner.model.train_step(
            data_batch, optim_wrapper=runner.optim_wrapper
        )
        runner.call_hook(
            "after_train_iter",
            batch_idx=batch_idx,
            data_batch=data_batch,
            outputs=outputs,
        )
        self._iter += 1

    def _val_due(self, progress: int, last: int) -> bool:
        return (
            progress >= self.val_begin
            and (progress % self.val_interval == 0 or progress == last)
            and self.runner.val_loop is not None
        )

    def _run_val(self) -> None:
        # Validation must not consume the training RNG streams: its
        # dataloader iterator alone draws a base seed from the global torch
        # generator. Isolating it makes resume exact across validations.
        state = capture_rng_state()
        try:
            self.runner.val_loop.run()
        finally:
            set_rng_state(state)
        # MMEngine calls model.train() before every iteration; only
        # validation switches the mode, so switching back here suffices.
        self.runner.model.train()

    def _decide_val_interval(self, progress: int) -> None:
        step = bisect.bisect(self.dynamic_milestones, progress + 1)
        self.val_interval = self.dynamic_intervals[step - 1]

    # -- resume ------------------------------------------------------------
    def state_dict(self) -> dict[str, Any]:
        """Plain data for an exact resume (saved as ``checkpoint['train_loop']``)."""
        state = {
            "epoch": self._epoch,
            "iter": self._iter,
            "position": self._position.state_dict(),
        }
        seed = getattr(sampler_of(self.dataloader), "seed", None)
        if isinstance(seed, int):
            state["sampler_seed"] = seed
        return state

    def _load_common_state(self, state: dict[str, Any]) -> None:
        # A run started with seed=None drew a new sampler seed; the resumed
        # order must be the checkpoint's.
        sampler = sampler_of(self.dataloader)
        if "sampler_seed" in state and hasattr(sampler, "seed"):
            sampler.seed = state["sampler_seed"]


@LOOPS.register_module()
class EpochBasedTrainLoop(_TrainLoopMixin, BaseLoop):
    """Train for ``max_epochs`` epochs, validating every ``val_interval``.

    ::

        before_train
        while epoch < max_epochs and not stop_training:
            before_train_epoch
            for batch_idx, data_batch in enumerate(dataloader):
                before_train_iter(batch_idx, data_batch)
                outputs = model.train_step(data_batch, optim_wrapper)
                after_train_iter(batch_idx, data_batch, outputs)
            after_train_epoch
            (epoch += 1)
            validation when epoch >= val_begin and (epoch % val_interval == 0
                                                   or epoch == max_epochs)
        after_train

    Args:
        runner: the runner.
        dataloader: a DataLoader or its config.
        max_epochs: number of epochs.
        val_begin: first epoch after which validation may run (default 1).
        val_interval: validate every this many epochs (default 1).
        dynamic_intervals: ``[(epoch, interval), ...]``: from ``epoch`` on,
            validate every ``interval`` epochs.
    """

    def __init__(
        self,
        runner: Any,
        dataloader: Union[DataLoader, dict],
        max_epochs: int,
        val_begin: int = 1,
        val_interval: int = 1,
        dynamic_intervals: Optional[Sequence[tuple[int, int]]] = None,
    ) -> None:
        super().__init__(runner, dataloader)
        self._max_epochs = _check_count("max_epochs", max_epochs)
        self._max_iters = self._max_epochs * len(self.dataloader)
        self._init_train(val_begin, val_interval, dynamic_intervals)

    def run(self) -> torch.nn.Module:
        """Train; return the model."""
        self.runner.call_hook("before_train")
        while self._epoch < self._max_epochs and not self.stop_training:
            self.run_epoch()
            self._decide_current_val_interval()
            if self._val_due(self._epoch, self._max_epochs):
                self._run_val()
        self.runner.call_hook("after_train")
        return self.runner.model

    def run_epoch(self) -> None:
        """One epoch (the rest of it, when resuming mid-epoch)."""
        position = self._position
        position.apply_boundary_resume()
        self.runner.call_hook("before_train_epoch")
        self.runner.model.train()
        iterator = position.start_pass()
        for idx, data_batch in enumerate(iterator, position.batches_done):
            position.batches_done = idx + 1
            self.run_iter(idx, data_batch)
        self.runner.call_hook("after_train_epoch")
        self._epoch += 1

    def run_iter(self, idx: int, data_batch: Any) -> None:
        """One training step on ``data_batch`` (``idx``: index in the epoch):
        the iteration hooks around ``model.train_step``; counts the iter."""
        self._train_iter(idx, data_batch)

    def _decide_current_val_interval(self) -> None:
        self._decide_val_interval(self._epoch)

    def load_state_dict(self, state: dict[str, Any]) -> None:
        """Continue where ``state`` (plus ``state['rng_state']``) left off.

        The runner sets ``epoch``/``iter`` from the checkpoint meta first. A
        checkpoint saved inside epoch ``e`` (``meta['epoch'] == e``) resumes
        at its next batch; one saved after the epoch at the next epoch.
        """
        self._load_common_state(state)
        position = state.get("position", {})
        mid_epoch = state.get("epoch", -1) == self._epoch
        self._position.resume(
            position if mid_epoch else {"batches_done": 0},
            state.get("rng_state", {}),
        )


class _InfiniteDataloaderIterator:
    """Endless batches: restarts the dataloader (next sampler epoch) when it
    runs out. With an ``InfiniteSampler`` it never runs out."""

    def __init__(self, dataloader: DataLoader, position: DataPosition) -> None:
        self._dataloader = dataloader
        self._position = position
        self._iterator: Optional[Iterator] = None

    def __iter__(self) -> _InfiniteDataloaderIterator:
        return self

    def _start(self) -> None:
        if self._position.pass_index > 0:
            set_sampler_epoch(self._dataloader, self._position.pass_index)
        self._iterator = self._position.start_pass()

    def __next__(self) -> Any:
        if self._iterator is None:
            self._start()
        try:
            data = next(self._iterator)
        except StopIteration:
            from mmcompat.logging import print_log

            print_log(
                "Reached the end of the dataloader; restarting it. An "
                "InfiniteSampler iterates endlessly without restarts.",
                logger="current",
                level=logging.WARNING,
            )
            self._position.pass_index += 1
            self._start()
            data = next(self._iterator)
        self._position.batches_done += 1
        return data


@LOOPS.register_module()
class IterBasedTrainLoop(_TrainLoopMixin, BaseLoop):
    """Train for ``max_iters`` iterations, validating every ``val_interval``.

    ::

        before_train
        before_train_epoch                  # the whole run is one "epoch"
        while iter < max_iters and not stop_training:
            data_batch = next(endless dataloader)
            before_train_iter(iter, data_batch)
            outputs = model.train_step(data_batch, optim_wrapper)
            after_train_iter(iter, data_batch, outputs)
            (iter += 1)
            validation when iter >= val_begin and (iter % val_interval == 0
                                                  or iter == max_iters)
        after_train_epoch
        after_train

    Args:
        runner: the runner.
        dataloader: a DataLoader or its config.
        max_iters: number of iterations.
        val_begin: first iteration after which validation may run (default 1).
        val_interval: validate every this many iterations (default 1000).
        dynamic_intervals: ``[(iter, interval), ...]``.
    """

    def __init__(
        self,
        runner: Any,
        dataloader: Union[DataLoader, dict],
        max_iters: int,
        val_begin: int = 1,
        val_interval: int = 1000,
        dynamic_intervals: Optional[Sequence[tuple[int, int]]] = None,
    ) -> None:
        super().__init__(runner, dataloader)
        self._max_iters = _check_count("max_iters", max_iters)
        self._max_epochs = 1  # as MMEngine, for code reading runner.max_epochs
        self._init_train(val_begin, val_interval, dynamic_intervals)
        self.dataloader_iterator = _InfiniteDataloaderIterator(
            self.dataloader, self._position
        )

    def run(self) -> torch.nn.Module:
        """Train; return the model."""
        runner = self.runner
        runner.call_hook("before_train")
        runner.call_hook("before_train_epoch")
        runner.model.train()
        while self._iter < self._max_iters and not self.stop_training:
            self.run_iter(next(self.dataloader_iterator))
            self._decide_current_val_interval()
            if self._val_due(self._iter, self._max_iters):
                self._run_val()
        runner.call_hook("after_train_epoch")
        runner.call_hook("after_train")
        return runner.model

    def run_iter(self, data_batch: Any) -> None:
        """One training step (``batch_idx`` given to hooks is ``iter``): the
        iteration hooks around ``model.train_step``; counts the iter."""
        self._train_iter(self._iter, data_batch)

    def _decide_current_val_interval(self) -> None:
        self._decide_val_interval(self._iter)

    def load_state_dict(self, state: dict[str, Any]) -> None:
        """Continue at the batch after the one trained last (no replay)."""
        self._load_common_state(state)
        self._position.resume(state.get("position", {}), state.get("rng_state", {}))


class _EvalLoop(BaseLoop):
    """Validation and test share everything but names."""

    _stage = "val"

    def __init__(
        self,
        runner: Any,
        dataloader: Union[DataLoader, dict],
        evaluator: Any,
        fp16: bool = False,
    ) -> None:
        super().__init__(runner, dataloader)
        if isinstance(evaluator, (dict, list)):
            evaluator = runner.build_evaluator(evaluator)
        self.evaluator = evaluator
        _share_dataset_meta(self, evaluator)
        self.fp16 = fp16
        self._losses: dict[str, list[torch.Tensor]] = {}

    def run(self) -> dict:
        """Evaluate the whole dataloader; return the metrics."""
        stage, runner = self._stage, self.runner
        runner.call_hook(f"before_{stage}")
        runner.call_hook(f"before_{stage}_epoch")
        runner.model.eval()
        self._losses = {}
        for idx, data_batch in enumerate(self.dataloader):
            self.run_iter(idx, data_batch)
        metrics = self.evaluator.evaluate(len(self.dataloader.dataset))
        if self._losses:
            metrics.update(_average_losses(self._losses, stage))
        runner.call_hook(f"after_{stage}_epoch", metrics=metrics)
        runner.call_hook(f"after_{stage}")
        return metrics

    @torch.no_grad()
    def run_iter(self, idx: int, data_batch: Any) -> None:
        """Predict one batch and feed the evaluator."""
        stage, runner = self._stage, self.runner
        runner.call_hook(f"before_{stage}_iter", batch_idx=idx, data_batch=data_batch)
        with autocast(enabled=self.fp16):
            outputs = getattr(runner.model, f"{stage}_step")(data_batch)
        outputs = _split_losses(outputs, self._losses)
        self.evaluator.process(data_samples=outputs, data_batch=data_batch)
        runner.call_hook(
            f"after_{stage}_iter", batch_idx=idx, data_batch=data_batch, outputs=outputs
        )


@LOOPS.register_module()
class ValLoop(_EvalLoop):
    """Validation: ``before_val``, ``before_val_epoch``, per batch
    ``before_val_iter`` / ``model.val_step`` / ``evaluator.process`` /
    ``after_val_iter``, then ``evaluator.evaluate``,
    ``after_val_epoch(metrics)``, ``after_val``.

    Args:
        runner: the runner.
        dataloader: a DataLoader or its config.
        evaluator: an Evaluator, or a metric config / list of them.
        fp16: run the model under ``autocast``.
    """

    _stage = "val"

    @property
    def val_loss(self) -> dict:
        return self._losses


@LOOPS.register_module()
class TestLoop(_EvalLoop):
    """Testing: as :class:`ValLoop` with ``test`` points and ``test_step``."""

    _stage = "test"

    @property
    def test_loss(self) -> dict:
        return self._losses


def _split_losses(outputs: Any, losses: dict[str, list[torch.Tensor]]) -> Any:
    """Take a trailing ``loss``-only data element off the predictions.

    As MMEngine: a model may append an element whose only field is ``loss``
    (a dict of tensors) to its predictions; the losses are averaged over the
    loop and reported as ``<stage>_loss`` metrics. Values stay tensors here.
    """
    if not isinstance(outputs, (list, tuple)) or not outputs:
        return outputs
    last = outputs[-1]
    keys = getattr(last, "keys", None)
    if isinstance(last, dict) or not callable(keys) or list(keys()) != ["loss"]:
        return outputs
    for name, value in last.loss.items():
        values = value if isinstance(value, (list, tuple)) else [value]
        losses.setdefault(name, []).extend(v.detach() for v in values)
    return outputs[:-1]


def _average_losses(losses: dict[str, list[torch.Tensor]], stage: str) -> dict:
    result: dict[str, float] = {}
    total = 0.0
    for name, values in losses.items():
        mean = torch.stack([v.float().mean() for v in values]).mean().item()
        result[name] = mean
        if "loss" in name:
            total += mean
    result[f"{stage}_loss"] = total
    return result
