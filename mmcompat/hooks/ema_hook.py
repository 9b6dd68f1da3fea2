"""EMAHook: keep an averaged copy of the model and evaluate with it."""

from __future__ import annotations

import copy
import itertools
import logging
from typing import Optional

from mmcompat.logging import print_log
from mmcompat.model import is_model_wrapper
from mmcompat.registry import HOOKS, MODELS

from .hook import DATA_BATCH, Hook


@HOOKS.register_module()
class EMAHook(Hook):
    """Maintain an averaged model (``ExponentialMovingAverage`` by default)
    updated after every training iteration; validation and testing run with
    the averaged weights (swapped in and back out around each val/test
    epoch), and checkpoints store them under ``ema_state_dict`` with the
    averaged weights as ``state_dict`` (MMEngine's layout).

    Args:
        ema_type: an averaged-model type in ``MODELS``
            (``ExponentialMovingAverage``, ``MomentumAnnealingEMA``,
            ``StochasticWeightAverage``).
        strict_load: load ``ema_state_dict`` strictly when resuming.
        begin_iter / begin_epoch: before this iteration/epoch the averaged
            model just copies the source model (give at most one).
        **kwargs: passed to the averaged model (``momentum``, ``interval``,
            ``update_buffers`` ...).
    """

    priority = "NORMAL"

    def __init__(
        self,
        ema_type: str = "ExponentialMovingAverage",
        strict_load: bool = False,
        begin_iter: int = 0,
        begin_epoch: int = 0,
        **kwargs,
    ) -> None:
        if begin_iter != 0 and begin_epoch != 0:
            raise ValueError(
                f"EMAHook: give begin_iter ({begin_iter}) or begin_epoch "
                f"({begin_epoch}), not both"
            )
        if begin_iter < 0 or begin_epoch < 0:
            raise ValueError(
                f"EMAHook: begin_iter and begin_epoch must be >= 0, got "
                f"{begin_iter} and {begin_epoch}"
            )
        self.strict_load = strict_load
        self.ema_cfg = dict(type=ema_type, **kwargs)
        self.begin_iter = begin_iter
        self.begin_epoch = begin_epoch
        self.enabled_by_epoch = begin_epoch > 0

    def before_run(self, runner) -> None:
        model = runner.model.module if is_model_wrapper(runner.model) else runner.model
        self.src_model = model
        self.ema_model = MODELS.build(self.ema_cfg, default_args=dict(model=model))

    def before_train(self, runner) -> None:
        if self.enabled_by_epoch and self.begin_epoch > runner.max_epochs:
            raise ValueError(
                f"EMAHook: begin_epoch {self.begin_epoch} is after the last "
                f"epoch ({runner.max_epochs})"
            )
        if not self.enabled_by_epoch and self.begin_iter > runner.max_iters:
            raise ValueError(
                f"EMAHook: begin_iter {self.begin_iter} is after the last "
                f"iteration ({runner.max_iters})"
            )

    def after_train_iter(
        self,
        runner,
        batch_idx: int,
        data_batch: DATA_BATCH = None,
        outputs: Optional[dict] = None,
    ) -> None:
        if self._ema_started(runner):
            self.ema_model.update_parameters(self.src_model)
            return
        # Before averaging starts the averaged model follows the source.
        source = self.src_model.state_dict()
        for key, value in self.ema_model.module.state_dict().items():
            value.data.copy_(source[key].data)

    def before_val_epoch(self, runner) -> None:
        self._swap_ema_parameters()

    def after_val_epoch(
        self, runner, metrics: Optional[dict[str, float]] = None
    ) -> None:
        self._swap_ema_parameters()

    def before_test_epoch(self, runner) -> None:
        self._swap_ema_parameters()

    def after_test_epoch(
        self, runner, metrics: Optional[dict[str, float]] = None
    ) -> None:
        self._swap_ema_parameters()

    def before_save_checkpoint(self, runner, checkpoint: dict) -> None:
        checkpoint["ema_state_dict"] = self.ema_model.state_dict()
        # Save the averaged weights as the model's: a checkpoint used for
        # inference gets the better weights.
        self._swap_ema_state_dict(checkpoint)

    def after_load_checkpoint(self, runner, checkpoint: dict) -> None:
        from mmcompat.runner.checkpoint import load_state_dict

        if "ema_state_dict" in checkpoint and runner._resume:
            # Undo the swap done at saving time.
            self._swap_ema_state_dict(checkpoint)
            self.ema_model.load_state_dict(
                checkpoint["ema_state_dict"], strict=self.strict_load
            )
            return
        if runner._resume:
            print_log(
                "There is no `ema_state_dict` in checkpoint. `EMAHook` will make a "
                "copy of `state_dict` as the initial `ema_state_dict`",
                "current",
                logging.WARNING,
            )
        load_state_dict(
            self.ema_model.module,
            copy.deepcopy(checkpoint["state_dict"]),
            strict=self.strict_load,
        )

    def _swap_ema_parameters(self) -> None:
        """Exchange the source model's and the averaged model's weights."""
        if self.ema_model.update_buffers:
            averaged = itertools.chain(
                self.ema_model.module.parameters(), self.ema_model.module.buffers()
            )
            source = itertools.chain(
                self.src_model.parameters(), self.src_model.buffers()
            )
        else:
            averaged = self.ema_model.module.parameters()
            source = self.src_model.parameters()
        for p_avg, p_src in zip(averaged, source):
            tmp = p_avg.data.clone()
            p_avg.data.copy_(p_src.data)
            p_src.data.copy_(tmp)

    @staticmethod
    def _swap_ema_state_dict(checkpoint: dict) -> None:
        """Exchange ``state_dict`` entries with ``ema_state_dict``'s
        ``module.*`` entries."""
        model_state = checkpoint["state_dict"]
        ema_state = checkpoint["ema_state_dict"]
        for key in ema_state:
            if key.startswith("module."):
                name = key[len("module.") :]
                ema_state[key], model_state[name] = model_state[name], ema_state[key]

    def _ema_started(self, runner) -> bool:
        if self.enabled_by_epoch:
            return runner.epoch + 1 >= self.begin_epoch
        return runner.iter + 1 >= self.begin_iter
