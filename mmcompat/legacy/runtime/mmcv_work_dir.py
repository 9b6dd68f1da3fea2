"""What MMCV 1.x's hooks wrote into the work directory, for legacy runs:
the JSON log (:class:`MMCVJsonLog`), TensorBoard's ``tf_logs``
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

:class:`MMCVJsonLog` follows MMCV's ``LoggerHook`` for when: a train record
every ``interval`` iterations (and at an epoch's end unless
``ignore_last``), one per validation epoch (the average over the epoch),
the buffer's output cleared after each record; an ``EvalHook``'s metrics
(put into the buffer's output after a train epoch) become a ``val`` record.
The text log is the new runner's ``LoggerHook``; this hook writes only the
JSON file.
"""

from __future__ import annotations

import json
import os
import os.path as osp
import shutil
from collections import OrderedDict
from typing import Any, Optional

from mmcompat.hooks import Hook as NewHook

from .aliases import LEGACY_VERSION
from .mmcv_hooks import average_if_due, log_epoch, log_mode
from .state import view_of

__all__ = [
    "LatestLink",
    "MMCVCheckpointMeta",
    "MMCVJsonLog",
    "MMCVTensorboardLog",
    "link_latest",
]


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


class MMCVJsonLog(_MMCVLogger):
    """Write MMCV's ``.log.json`` (see the module doc).

    Args:
        path: the file, ``<work_dir>/<timestamp>.log.json``.
        meta: the runner's ``meta``, written as the first line (as MMCV).
        interval: log every ``interval`` iterations (``log_config.interval``).
        by_epoch: count iterations within the epoch (MMCV's default; an
            IterBasedRunner's logger hooks default to False).
        ignore_last: skip the last iterations of an epoch that do not fill
            an interval.
        reset_flag: clear the buffer's output after writing.
    """

    def __init__(self, path: str, meta: Optional[dict] = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.path = path
        self.meta = meta

    def _dump(self, record: dict) -> None:
        from mmcompat.dist import is_main_process

        if not is_main_process():
            return
        line = OrderedDict((k, _round_floats(v)) for k, v in record.items())
        with open(self.path, "a") as f:
            f.write(json.dumps(line) + "\n")

    def before_run(self, runner: Any) -> None:
        if self.meta is not None:
            self._dump(self.meta)

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

    def __init__(self, extra: Optional[dict] = None) -> None:
        self.extra = dict(extra or {})

    def before_save_checkpoint(self, runner: Any, checkpoint: dict) -> None:
        import time

        meta = checkpoint.setdefault("meta", {})
        counters = {k: meta[k] for k in ("epoch", "iter") if k in meta}
        meta.update(self.extra)
        meta.update(view_of(runner).meta or {})
        meta.update(counters, mmcv_version=LEGACY_VERSION, time=time.asctime())
