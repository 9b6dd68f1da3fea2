"""IterTimerHook: time each iteration and estimate the time left."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Optional, Union

from mmcompat.registry import HOOKS

from .hook import DATA_BATCH, Hook


@HOOKS.register_module()
class IterTimerHook(Hook):
    """Log ``<mode>/data_time`` (waiting for the batch) and ``<mode>/time``
    (the whole iteration) to the message hub, and keep the info ``eta``
    (seconds left in training, or in the current val/test run) up to date.

    The training ETA averages over the iterations run since ``before_train``
    (a resumed run does not count the iterations it skipped).
    """

    priority = "NORMAL"

    def __init__(self) -> None:
        self.time_sec_tot = 0.0
        self.time_sec_test_val = 0.0
        self.start_iter = 0
        self.t = time.perf_counter()

    def before_train(self, runner) -> None:
        self.start_iter = runner.iter

    def _before_epoch(self, runner, mode: str = "train") -> None:
        self.t = time.perf_counter()

    def _after_epoch(self, runner, mode: str = "train") -> None:
        self.time_sec_test_val = 0.0

    def _before_iter(
        self, runner, batch_idx: int, data_batch: DATA_BATCH = None, mode: str = "train"
    ) -> None:
        runner.message_hub.update_scalar(
            f"{mode}/data_time", time.perf_counter() - self.t
        )

    def _after_iter(
        self,
        runner,
        batch_idx: int,
        data_batch: DATA_BATCH = None,
        outputs: Optional[Union[dict, Sequence]] = None,
        mode: str = "train",
    ) -> None:
        now = time.perf_counter()
        iter_time = now - self.t
        self.t = now
        hub = runner.message_hub
        hub.update_scalar(f"{mode}/time", iter_time)
        if mode == "train":
            self.time_sec_tot += iter_time
            cur_iter = runner.iter
            time_sec_avg = self.time_sec_tot / (cur_iter - self.start_iter + 1)
            eta_sec = time_sec_avg * (runner.max_iters - cur_iter - 1)
        else:
            loader = runner.val_dataloader if mode == "val" else runner.test_dataloader
            self.time_sec_test_val += iter_time
            time_sec_avg = self.time_sec_test_val / (batch_idx + 1)
            eta_sec = time_sec_avg * (len(loader) - batch_idx - 1)
        hub.update_info("eta", eta_sec)
