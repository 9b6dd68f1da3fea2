"""LoggerHook: write the LogProcessor's lines and scalars at intervals."""

from __future__ import annotations

import json
import logging
import os
import os.path as osp
import shutil
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Optional, Union

from mmcompat.registry import HOOKS
from mmcompat.utils.path import write_atomic

from ._storage import check_ignored_backend_args, check_local_out_dir
from .hook import DATA_BATCH, Hook, train_loop_built

SUFFIX_TYPE = Union[Sequence[str], str]


def _plain(value: Any) -> Any:
    """``value`` with tensors and arrays turned into (nested) lists, for json.
    Unknown objects become None, as in MMEngine."""
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if type(value).__name__ in ("Tensor", "ndarray"):
        return value.tolist()
    return None


@HOOKS.register_module()
class LoggerHook(Hook):
    """Log training/validation/testing progress at intervals.

    Every ``interval`` training iterations the runner's ``log_processor``
    formats the smoothed scalars into a line written through
    ``runner.logger`` and hands the scalars to ``runner.visualizer``
    (``vis_data/scalars.json`` and ``vis_data/<timestamp>.json`` with the
    default LocalVisBackend). Validation metrics are logged after each
    validation epoch; test metrics are also dumped to
    ``<log_dir>/<timestamp>.json``.

    Args:
        interval: log every ``interval`` iterations (of the epoch's
            dataloader: ``batch_idx + 1`` divisible by it).
        ignore_last: skip the last iterations of an epoch when fewer than
            ``interval`` remain (they are logged anyway if the whole epoch is
            shorter than ``interval``).
        interval_exp_name: log ``Exp name: ...`` every this many iterations
            and at the end of each epoch.
        out_dir: copy the log files (``out_suffix``) to
            ``out_dir/<basename of work_dir>`` after the run. Local paths
            only.
        out_suffix: suffixes of the files in ``log_dir`` to copy.
        keep_local: keep the local log files after copying them.
        file_client_args: accepted for config compatibility and ignored
            (only the local file system is supported); must be None when
            ``out_dir`` is None, as in MMEngine.
        log_metric_by_epoch: visualizer step of validation metrics is the
            epoch (True) or the iteration (False).
        backend_args: accepted and ignored, like ``file_client_args``.
    """

    priority = "BELOW_NORMAL"

    def __init__(
        self,
        interval: int = 10,
        ignore_last: bool = True,
        interval_exp_name: int = 1000,
        out_dir: Optional[Union[str, Path]] = None,
        out_suffix: SUFFIX_TYPE = (".json", ".log", ".py", "yaml"),
        keep_local: bool = True,
        file_client_args: Optional[dict] = None,
        log_metric_by_epoch: bool = True,
        backend_args: Optional[dict] = None,
    ) -> None:
        if not isinstance(interval, int) or isinstance(interval, bool):
            raise TypeError(f"LoggerHook: interval must be an int, got {interval!r}")
        if interval <= 0:
            raise ValueError(f"LoggerHook: interval must be > 0, got {interval}")
        if not isinstance(ignore_last, bool):
            raise TypeError(
                f"LoggerHook: ignore_last must be a bool, got {ignore_last!r}"
            )
        if not isinstance(interval_exp_name, int) or interval_exp_name <= 0:
            raise ValueError(
                f"LoggerHook: interval_exp_name must be an int > 0, got {interval_exp_name!r}"
            )
        if out_dir is not None and not isinstance(out_dir, (str, Path)):
            raise TypeError(
                f"LoggerHook: out_dir must be a str or Path, got {out_dir!r}"
            )
        check_local_out_dir("LoggerHook", out_dir)
        if not isinstance(keep_local, bool):
            raise TypeError(
                f"LoggerHook: keep_local must be a bool, got {keep_local!r}"
            )
        if out_dir is None and file_client_args is not None:
            raise ValueError(
                'LoggerHook: file_client_args must be None when "out_dir" is not set'
            )
        check_ignored_backend_args(
            "LoggerHook",
            file_client_args,
            backend_args,
            "logs are copied with the local file system",
        )
        if not (
            isinstance(out_suffix, str)
            or (
                isinstance(out_suffix, Sequence)
                and all(isinstance(s, str) for s in out_suffix)
            )
        ):
            raise TypeError(
                f"LoggerHook: out_suffix must be a str or a sequence of str, got {out_suffix!r}"
            )
        self.interval = interval
        self.ignore_last = ignore_last
        self.interval_exp_name = interval_exp_name
        self.out_dir = None if out_dir is None else str(out_dir)
        self.out_suffix = out_suffix
        self.keep_local = keep_local
        self.file_client_args = file_client_args
        self.log_metric_by_epoch = log_metric_by_epoch
        self.json_log_path: Optional[str] = None

    def before_run(self, runner) -> None:
        if self.out_dir is not None:
            basename = osp.basename(str(runner.work_dir).rstrip(osp.sep))
            self.out_dir = osp.join(self.out_dir, basename)
            runner.logger.info(
                f"Text logs will be saved to {self.out_dir} after the training process."
            )
        self.json_log_path = f"{runner.timestamp}.json"

    def after_train_iter(
        self,
        runner,
        batch_idx: int,
        data_batch: DATA_BATCH = None,
        outputs: Optional[dict] = None,
    ) -> None:
        last_of_epoch = self.end_of_epoch(runner.train_dataloader, batch_idx)
        if self.every_n_train_iters(runner, self.interval_exp_name) or last_of_epoch:
            runner.logger.info(f"Exp name: {runner.experiment_name}")
        # MMEngine's rule for an epoch's last batch off the interval: logged
        # unless ``ignore_last``, and always when the epoch is no longer
        # than ``interval``.
        due = self.every_n_inner_iters(batch_idx, self.interval) or (
            last_of_epoch
            and (not self.ignore_last or len(runner.train_dataloader) <= self.interval)
        )
        if not due:
            return
        tag, log_str = runner.log_processor.get_log_after_iter(
            runner, batch_idx, "train"
        )
        runner.logger.info(log_str)
        runner.visualizer.add_scalars(
            tag, step=runner.iter + 1, file_path=self.json_log_path
        )

    def after_val_iter(
        self,
        runner,
        batch_idx: int,
        data_batch: DATA_BATCH = None,
        outputs: Optional[Sequence] = None,
    ) -> None:
        self._log_eval_iter(runner, batch_idx, "val")

    def after_test_iter(
        self,
        runner,
        batch_idx: int,
        data_batch: DATA_BATCH = None,
        outputs: Optional[Sequence] = None,
    ) -> None:
        self._log_eval_iter(runner, batch_idx, "test")

    def _log_eval_iter(self, runner, batch_idx: int, mode: str) -> None:
        if self.every_n_inner_iters(batch_idx, self.interval):
            _, log_str = runner.log_processor.get_log_after_iter(
                runner, batch_idx, mode
            )
            runner.logger.info(log_str)

    def after_val_epoch(
        self, runner, metrics: Optional[dict[str, float]] = None
    ) -> None:
        tag, log_str = runner.log_processor.get_log_after_epoch(
            runner, len(runner.val_dataloader), "val"
        )
        runner.logger.info(log_str)
        # A validation without training (runner.val()) logs at step 0.
        if not train_loop_built(runner):
            step = 0
        else:
            step = runner.epoch if self.log_metric_by_epoch else runner.iter
        runner.visualizer.add_scalars(tag, step=step, file_path=self.json_log_path)

    def after_test_epoch(
        self, runner, metrics: Optional[dict[str, float]] = None
    ) -> None:
        tag, log_str = runner.log_processor.get_log_after_epoch(
            runner, len(runner.test_dataloader), "test", with_non_scalar=True
        )
        runner.logger.info(log_str)
        record = json.dumps(OrderedDict(_plain(dict(tag))))
        write_atomic(osp.join(runner.log_dir, self.json_log_path), record.encode())

    def after_run(self, runner) -> None:
        runner.visualizer.close()
        if self.out_dir is None:
            return
        suffixes = (
            (self.out_suffix,)
            if isinstance(self.out_suffix, str)
            else tuple(self.out_suffix)
        )
        log_dir = runner.log_dir
        copied = []
        for root, _, files in os.walk(log_dir):
            for name in sorted(files):
                if not name.endswith(suffixes):
                    continue
                local_path = osp.join(root, name)
                out_path = osp.join(self.out_dir, osp.relpath(local_path, log_dir))
                os.makedirs(osp.dirname(out_path), exist_ok=True)
                shutil.copyfile(local_path, out_path)
                copied.append(local_path)
                runner.logger.info(
                    f"The file {local_path} has been uploaded to {out_path}."
                )
                if not self.keep_local:
                    runner.logger.info(
                        f"{local_path} was removed due to the `self.keep_local=False`. "
                        f"You can check the running logs in {out_path}"
                    )
        if not self.keep_local:
            for handler in runner.logger.handlers:
                if isinstance(handler, logging.FileHandler):
                    handler.close()
            for path in copied:
                os.remove(path)
