"""What MMCV 1.x's hooks wrote into the work directory, for legacy runs:
the text and JSON logs (:class:`MMCVTextLog`), TensorBoard's ``tf_logs``
(:class:`MMCVTensorboardLog`), ``latest.pth`` (:class:`LatestLink`) and the
checkpoints' ``meta`` (:class:`MMCVCheckpointMeta`).

The JSON log, ``<work_dir>/<timestamp>.log.json``: log tools written for MMCV 1.x (mmdet's ``analyze_logs.py`` and the like)
read the file MMCV's ``TextLoggerHook`` wrote: one JSON object per line, the
runner's ``meta`` first (when the script gave one), then a record at every
logging point:

- ``mode``, ``epoch``, ``iter`` (the iteration within the epoch for an
  epoch-based log, else the global one, 1-based), ``lr`` (of the first
  param group; a dict for several optimizers), ``memory`` (MB, with CUDA),
  then ``runner.log_buffer.output``: the averages over the interval of
  everything in the log buffer (the model's ``log_vars``, ``grad_norm``,
  ``data_time``, ``time``, what hooks added);
- floats rounded to 5 decimals.

:class:`MMCVTextLog` follows MMCV's ``LoggerHook`` for when: a train record
every ``interval`` iterations (and at an epoch's end unless
``ignore_last``), one per validation epoch (the average over the epoch),
the buffer's output cleared after each record; an ``EvalHook``'s metrics
(put into the buffer's output after a train epoch) become a ``val`` record.
Each record is also a line of MMCV's text format on the runner's logger
(``<timestamp>.log`` when the script gave its logger that file)::

    Epoch [1][4/10]\tlr: 3.200e-02, eta: 0:00:01, time: 0.004, data_time: 0.001, loss: 3.4733, grad_norm: 3.6782
    Epoch(val) [1][8]\tbbox_mAP: 0.0102, ...

The new runner's ``LoggerHook`` keeps its own log in ``<timestamp>/``.
"""

from __future__ import annotations

import datetime
import json
import os
import os.path as osp
import shutil
from collections import OrderedDict
from typing import Any, Optional

from mmcompat.hooks import Hook as NewHook

from .checkpoint import runner_meta, stamped
from .mmcv_hooks import average_if_due, log_epoch, log_mode
from .state import view_of

__all__ = [
    "LatestLink",
    "MMCVCheckpointMeta",
    "MMCVTextLog",
    "MMCVTensorboardLog",
    "link_latest",
]


#: record keys MMCV's text line gives in its prefix (or not at all)
_IN_TEXT_PREFIX = (
    "mode",
    "Epoch",
    "iter",
    "lr",
    "time",
    "data_time",
    "memory",
    "epoch",
)


def _round_floats(value: Any) -> Any:
    if isinstance(value, list):
        return [_round_floats(item) for item in value]
    if isinstance(value, float):
        return round(value, 5)
    return value


class _MMCVLogger(NewHook):
    """MMCV's ``LoggerHook`` timing on the legacy log buffer: average the
    last ``interval`` iterations every ``interval`` iterations (and at an
    epoch's end unless ``ignore_last``), write a record when the buffer's
    output is ready (after a train epoch: an ``EvalHook``'s metrics), one
    per validation epoch; the logger MMCV flagged (the last one) clears
    the output after writing."""

    priority = "VERY_LOW"

    def __init__(
        self,
        interval: int = 10,
        by_epoch: bool = True,
        ignore_last: bool = True,
        reset_flag: bool = False,
    ) -> None:
        self.interval = interval
        self.by_epoch = by_epoch
        self.ignore_last = ignore_last
        self.reset_flag = reset_flag

    def log(self, view: Any) -> None:
        raise NotImplementedError

    def _log(self, runner: Any) -> None:
        view = view_of(runner)
        self.log(view)
        if self.reset_flag:
            view.log_buffer.clear_output()

    def after_train_iter(
        self,
        runner: Any,
        batch_idx: int,
        data_batch: Any = None,
        outputs: Optional[dict] = None,
    ) -> None:
        view = view_of(runner)
        average_if_due(view, self.interval, self.by_epoch, self.ignore_last)
        if view.log_buffer.ready:
            self._log(runner)

    def after_train_epoch(self, runner: Any) -> None:
        if view_of(runner).log_buffer.ready:
            self._log(runner)

    def after_val_epoch(self, runner: Any, metrics: Optional[dict] = None) -> None:
        view_of(runner).log_buffer.average()
        self._log(runner)


class MMCVTextLog(_MMCVLogger):
    """What MMCV's ``TextLoggerHook`` wrote (see the module doc): a text
    line on the runner's logger and a ``.log.json`` record.

    Args:
        path: the JSON file, ``<work_dir>/<timestamp>.log.json``.
        meta: the runner's ``meta``, written as the first line (as MMCV);
            its ``exp_name`` is logged every ``interval_exp_name``
            iterations and at the end of each epoch.
        interval: log every ``interval`` iterations (``log_config.interval``).
        by_epoch: count iterations within the epoch (MMCV's default; an
            IterBasedRunner's logger hooks default to False).
        ignore_last: skip the last iterations of an epoch that do not fill
            an interval.
        reset_flag: clear the buffer's output after writing.
        interval_exp_name: see ``meta``.
    """

    def __init__(
        self,
        path: str,
        meta: Optional[dict] = None,
        interval_exp_name: int = 1000,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.path = path
        self.meta = meta
        self.interval_exp_name = interval_exp_name
        self.time_sec_tot = 0.0
        self.start_iter = 0

    def _dump(self, record: dict) -> None:
        from mmcompat.dist import is_main_process

        if not is_main_process():
            return
        line = OrderedDict((k, _round_floats(v)) for k, v in record.items())
        with open(self.path, "a") as f:
            f.write(json.dumps(line) + "\n")

    def before_run(self, runner: Any) -> None:
        self.start_iter = view_of(runner).iter
        if self.meta is not None:
            self._dump(self.meta)

    def _text(self, record: dict, view: Any) -> str:
        """MMCV's text line for a record (its ``_log_info``)."""
        if record["mode"] == "train":
            lr = record["lr"]
            if isinstance(lr, dict):
                lr_text = " ".join(f"lr_{k}: {v:.3e}" for k, v in lr.items())
            else:
                lr_text = f"lr: {lr:.3e}"
            if self.by_epoch:
                where = f"Epoch [{record['epoch']}][{record['iter']}/{len(view.data_loader)}]"
            else:
                where = f"Iter [{record['iter']}/{view.max_iters}]"
            text = f"{where}\t{lr_text}, "
            if "time" in record:
                self.time_sec_tot += record["time"] * self.interval
                average = self.time_sec_tot / (view.iter - self.start_iter + 1)
                eta = datetime.timedelta(
                    seconds=int(average * (view.max_iters - view.iter - 1))
                )
                text += f"eta: {eta}, "
                text += f"time: {record['time']:.3f}, data_time: {record['data_time']:.3f}, "
                if "memory" in record:
                    text += f"memory: {record['memory']}, "
        elif self.by_epoch:
            text = f"Epoch({record['mode']}) [{record['epoch']}][{record['iter']}]\t"
        else:
            text = f"Iter({record['mode']}) [{record['iter']}]\t"
        items = [
            f"{name}: {value:.4f}" if isinstance(value, float) else f"{name}: {value}"
            for name, value in record.items()
            if name not in _IN_TEXT_PREFIX
        ]
        return text + ", ".join(items)

    def _exp_name_due(self, view: Any) -> bool:
        if self.meta is None or "exp_name" not in self.meta:
            return False
        every = self.interval_exp_name
        if every > 0 and (view.iter + 1) % every == 0:
            return True
        return self.by_epoch and view.inner_iter + 1 == len(view.data_loader)

    def log(self, view: Any) -> None:
        output = view.log_buffer.output
        mode = log_mode(view)
        if "eval_iter_num" in output:
            step = output.pop("eval_iter_num")
        elif self.by_epoch:
            step = view.inner_iter + 1
        else:
            step = view.iter + 1
        record: dict[str, Any] = OrderedDict(
            mode=mode, epoch=log_epoch(view), iter=step
        )
        lrs = view.current_lr()
        if isinstance(lrs, dict):
            record["lr"] = {name: values[0] for name, values in lrs.items()}
        else:
            record["lr"] = lrs[0]
        if "time" in output:
            import torch

            if torch.cuda.is_available():
                memory = torch.cuda.max_memory_allocated() / (1024 * 1024)
                record["memory"] = int(memory)
        record.update(output)
        if self._exp_name_due(view):
            view.logger.info(f"Exp name: {self.meta['exp_name']}")
        view.logger.info(self._text(record, view))
        self._dump(record)


class MMCVTensorboardLog(_MMCVLogger):
    """MMCV's ``TensorboardLoggerHook`` event files, in ``log_dir``
    (``<work_dir>/tf_logs`` by default): at each record, ``<mode>/<name>``
    for every scalar (text for strings) of the buffer's output but ``time``
    and ``data_time``, plus ``learning_rate`` and ``momentum`` (of the first
    param group; ``learning_rate/<name>`` for several optimizers), at step
    ``runner.iter + 1``."""

    def __init__(self, log_dir: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.log_dir = log_dir
        self.writer: Any = None

    def before_run(self, runner: Any) -> None:
        from mmcompat.dist import is_main_process

        if is_main_process():
            from torch.utils.tensorboard import SummaryWriter

            self.writer = SummaryWriter(self.log_dir)

    def _tags(self, view: Any) -> dict:
        mode = log_mode(view)
        tags = {
            f"{mode}/{name}": value
            for name, value in view.log_buffer.output.items()
            if name not in ("time", "data_time")
        }
        for tag, values in (
            ("learning_rate", view.current_lr()),
            ("momentum", view.current_momentum()),
        ):
            if isinstance(values, dict):
                tags.update({f"{tag}/{k}": v[0] for k, v in values.items()})
            else:
                tags[tag] = values[0]
        return tags

    def log(self, view: Any) -> None:
        if self.writer is None:
            return
        step = view.iter + 1
        for tag, value in self._tags(view).items():
            if isinstance(value, str):
                self.writer.add_text(tag, value, step)
            elif isinstance(value, (int, float)) or getattr(value, "numel", None):
                self.writer.add_scalar(tag, value, step)

    def after_run(self, runner: Any) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None


def link_latest(filepath: str) -> None:
    """MMCV's ``latest.pth`` beside ``filepath``: a relative symlink, or a
    copy where links cannot be made."""
    link = osp.join(osp.dirname(filepath), "latest.pth")
    try:
        if osp.lexists(link):
            os.remove(link)
        os.symlink(osp.basename(filepath), link)
    except OSError:
        shutil.copy(filepath, link)


class LatestLink(NewHook):
    """MMCV's ``CheckpointHook`` (``create_symlink=True``) pointed
    ``latest.pth`` at each checkpoint it saved; the new ``CheckpointHook``
    names its last checkpoint in the ``last_checkpoint`` file. This hook,
    running after it, makes the link (a copy where links cannot be made)."""

    priority = "LOWEST"

    def __init__(self) -> None:
        self._linked: Optional[str] = None

    def _link(self, runner: Any) -> None:
        from mmcompat.dist import is_main_process

        last = runner.message_hub.get_info("last_ckpt")
        if last is None or last == self._linked:
            return
        self._linked = last
        # MMCV's CheckpointHook noted the checkpoint in runner.meta
        meta = view_of(runner).meta
        if meta is not None:
            meta.setdefault("hook_msgs", {})["last_ckpt"] = last
        if is_main_process():
            link_latest(last)

    def after_train_iter(
        self,
        runner: Any,
        batch_idx: int,
        data_batch: Any = None,
        outputs: Optional[dict] = None,
    ) -> None:
        self._link(runner)

    def after_train_epoch(self, runner: Any) -> None:
        self._link(runner)

    def after_val_epoch(self, runner: Any, metrics: Optional[dict] = None) -> None:
        self._link(runner)

    def after_train(self, runner: Any) -> None:
        self._link(runner)


class MMCVCheckpointMeta(NewHook):
    """The ``meta`` MMCV 1.x saved in every checkpoint: ``checkpoint_config``'s
    ``meta`` (MMDet put ``CLASSES`` and its version there), then the
    runner's ``meta`` (the script's ``env_info``, ``config``, ``seed``...,
    and ``hook_msgs``), ``mmcv_version`` and ``time`` (``time.asctime()``),
    over the new runner's own entries; ``epoch``/``iter`` stay the
    runner's."""

    priority = "LOWEST"

    def __init__(
        self,
        extra: Optional[dict] = None,
        out_dir: Optional[str] = None,
        by_epoch: bool = True,
    ) -> None:
        self.extra = dict(extra or {})
        self.out_dir = out_dir
        self.by_epoch = by_epoch

    def before_run(self, runner: Any) -> None:
        # MMCV's CheckpointHook said where the checkpoints go
        out_dir = self.out_dir or runner.work_dir
        backend = "PetrelBackend" if out_dir.startswith("s3://") else "HardDiskBackend"
        view_of(runner).logger.info(
            f"Checkpoints will be saved to {out_dir} by {backend}."
        )

    def before_save_checkpoint(self, runner: Any, checkpoint: dict) -> None:
        view = view_of(runner)
        if self.by_epoch:
            view.logger.info(f"Saving checkpoint at {view.epoch + 1} epochs")
        else:
            view.logger.info(f"Saving checkpoint at {view.iter + 1} iterations")

        checkpoint["meta"] = stamped(runner_meta(self.extra, view))
