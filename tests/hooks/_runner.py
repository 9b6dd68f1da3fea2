"""A small stand-in for the Runner, built from real parts, to drive hooks.

It has what the built-in hooks read (message hub, logger, dataloaders, model,
optimizer, counters, work/log dirs) and replays the hook calls of MMEngine's
EpochBasedTrainLoop / IterBasedTrainLoop / ValLoop, with the same counter
updates: ``runner.iter`` advances after ``after_train_iter``, ``runner.epoch``
after ``after_train_epoch``.
"""

from __future__ import annotations

import itertools
import logging
import os
import types
from typing import Any, Optional

import torch
from torch.utils.data import DataLoader, TensorDataset

from mmcompat.logging import MessageHub

_ids = itertools.count()


class ListHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


class RecordingVisualizer:
    """Records ``add_scalars`` calls (the real visualizer writes them to
    vis_data/*.json; the LoggerHook's part is what it passes)."""

    def __init__(self) -> None:
        self.calls: list[tuple[dict, int, Optional[str]]] = []
        self.closed = False

    def add_scalars(
        self, scalar_dict: dict, step: int = 0, file_path=None, **kwargs
    ) -> None:
        self.calls.append((dict(scalar_dict), step, file_path))

    def close(self) -> None:
        self.closed = True


class MiniRunner:
    def __init__(
        self,
        work_dir: str,
        *,
        train_len: int = 5,
        val_len: int = 3,
        test_len: int = 2,
        max_epochs: int = 3,
        max_iters: Optional[int] = None,
        log_processor: Any = None,
    ) -> None:
        n = next(_ids)
        self.work_dir = str(work_dir)
        self.timestamp = f"20260101_0000{n:02d}"
        self.log_dir = os.path.join(self.work_dir, self.timestamp)
        os.makedirs(self.log_dir, exist_ok=True)
        self.experiment_name = f"exp_{n}"
        self.message_hub = MessageHub(f"hooks_test_{n}")
        self.logger = logging.getLogger(f"hooks_test_{n}")
        self.logger.propagate = False
        self.log_lines = ListHandler()
        self.logger.addHandler(self.log_lines)
        self.logger.setLevel(logging.INFO)
        self.visualizer = RecordingVisualizer()
        if log_processor is None:
            from mmcompat.runner.log_processor import LogProcessor

            log_processor = LogProcessor()
        self.log_processor = log_processor

        torch.manual_seed(0)
        self.model = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.BatchNorm1d(2))
        self.optimizer = torch.optim.SGD(self.model.parameters(), lr=0.1)
        self.param_schedulers = None

        def loader(length: int) -> DataLoader:
            return DataLoader(TensorDataset(torch.randn(2 * length, 2)), batch_size=2)

        self.train_dataloader = loader(train_len)
        self.val_dataloader = loader(val_len)
        self.test_dataloader = loader(test_len)
        self.train_loop = types.SimpleNamespace(dataloader=self.train_dataloader)
        self.val_loop = types.SimpleNamespace(dataloader=self.val_dataloader)
        self.test_loop = types.SimpleNamespace(dataloader=self.test_dataloader)
        self._train_loop = self.train_loop
        self.epoch = 0
        self.iter = 0
        self.max_epochs = max_epochs
        self.max_iters = max_iters if max_iters is not None else max_epochs * train_len
        self.saved: list[dict] = []

    # -- what CheckpointHook calls -----------------------------------------
    def save_checkpoint(
        self,
        out_dir,
        filename,
        file_client_args=None,
        save_optimizer=True,
        save_param_scheduler=True,
        meta=None,
        by_epoch=True,
        backend_args=None,
    ) -> None:
        path = os.path.join(out_dir, filename)
        os.makedirs(out_dir, exist_ok=True)
        checkpoint = dict(meta=dict(meta or {}), state_dict=self.model.state_dict())
        if save_optimizer:
            checkpoint["optimizer"] = self.optimizer.state_dict()
        torch.save(checkpoint, path)
        self.saved.append(
            dict(
                path=path,
                filename=filename,
                meta=dict(meta or {}),
                save_optimizer=save_optimizer,
                save_param_scheduler=save_param_scheduler,
                by_epoch=by_epoch,
            )
        )

    # -- replay the loops' hook calls ----------------------------------------
    def call(self, hooks, point: str, **kwargs) -> None:
        for hook in hooks:
            getattr(hook, point)(self, **kwargs)

    def train_epoch(self, hooks, outputs=None) -> None:
        self.call(hooks, "before_train_epoch")
        for batch_idx, data_batch in enumerate(self.train_dataloader):
            self.train_iter(hooks, batch_idx, data_batch, outputs)
        self.call(hooks, "after_train_epoch")
        self.epoch += 1

    def train_iter(self, hooks, batch_idx, data_batch=None, outputs=None) -> None:
        self.call(
            hooks, "before_train_iter", batch_idx=batch_idx, data_batch=data_batch
        )
        out = outputs(self) if callable(outputs) else outputs
        self.call(
            hooks,
            "after_train_iter",
            batch_idx=batch_idx,
            data_batch=data_batch,
            outputs=out,
        )
        self.iter += 1

    def validate(self, hooks, metrics: dict) -> None:
        self.call(hooks, "before_val")
        self.call(hooks, "before_val_epoch")
        for batch_idx, data_batch in enumerate(self.val_dataloader):
            self.call(
                hooks, "before_val_iter", batch_idx=batch_idx, data_batch=data_batch
            )
            self.call(
                hooks,
                "after_val_iter",
                batch_idx=batch_idx,
                data_batch=data_batch,
                outputs=[],
            )
        self.call(hooks, "after_val_epoch", metrics=metrics)
        self.call(hooks, "after_val")
