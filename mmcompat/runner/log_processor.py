"""LogProcessor: turn the message hub's history into log lines and tags.

The :class:`~mmcompat.hooks.LoggerHook` calls it every ``interval``
iterations and after each val/test epoch. Logged values sit in the message
hub as (detached) tensors until then; reading the statistics here is the one
host-device synchronisation of a logging interval.

The text is MMEngine 0.10.7's, character for character, quirks included
(recorded from the real library in ``fixtures/golden/log_format``)::

    Epoch(train)  [1][12/50]  base_lr: 2.0000e-02 lr: 2.0000e-02  eta: 0:20:34  time: 0.0514  data_time: 0.0030  loss: 0.5889
    Iter(train) [ 124/1500]  base_lr: 2.0000e-02 lr: 2.0000e-02  eta: 0:20:34  time: 0.0514  ...
    Epoch(val)  [3][ 5/10]    eta: 0:00:03  time: 0.0815  data_time: 0.0325
    Epoch(val) [3][10/10]    accuracy: 0.8125  data_time: 0.0177  time: 0.0664
    Epoch(test) [8/8]    accuracy: 0.7500  data_time: 0.0215  time: 0.0701
"""

from __future__ import annotations

import copy
import datetime
import functools
import re
from collections import OrderedDict
from itertools import chain
from typing import Any, Optional

from mmcompat.hooks.hook import train_loop_built
from mmcompat.registry import LOG_PROCESSORS

_MODES = ("train", "val", "test")


def _strip(key: str, prefix: str) -> str:
    return key[len(prefix) :] if key.startswith(prefix) else key


def _format_value(value: Any, num_digits: int) -> str:
    if isinstance(value, float):
        return f"{value:.{num_digits}f}"
    if _is_array(value):
        return f"\n{value}\n"
    return str(value)


def _is_array(value: Any) -> bool:
    # Tensors and numpy arrays among the non-scalar infos print on their own
    # lines, as in MMEngine; checked by name so this module needs neither.
    return type(value).__name__ in ("Tensor", "ndarray")


@LOG_PROCESSORS.register_module()
class LogProcessor:
    """Format the message hub's scalars into a log string and a tag dict.

    Args:
        window_size: how many recent values the smoothed keys average over.
        by_epoch: ``Epoch(train) [e][i/n]`` headers if True, else
            ``Iter(train) [i/max_iters]``.
        custom_cfg: extra statistics, each a dict with ``data_src`` (key
            without the ``train/``-like prefix), ``method_name`` (``mean``,
            ``max``, ``min``, ``current``), optional ``window_size`` (an int,
            ``'epoch'`` = since the epoch began, ``'global'`` = since
            training began) and optional ``log_name`` (default: replace
            ``data_src`` itself).
        num_digits: digits after the point (``e`` notation for learning rates).
        log_with_hierarchy: keep the ``train/`` / ``val/`` prefixes in the
            tag (and in the epoch log lines).
        mean_pattern: keys matching it are averaged over ``window_size``;
            others show their latest value.
    """

    def __init__(
        self,
        window_size: int = 10,
        by_epoch: bool = True,
        custom_cfg: Optional[list[dict]] = None,
        num_digits: int = 4,
        log_with_hierarchy: bool = False,
        mean_pattern: str = r".*(loss|time|data_time|grad_norm).*",
    ) -> None:
        self.window_size = window_size
        self.by_epoch = by_epoch
        self.custom_cfg = custom_cfg if custom_cfg else []
        self.num_digits = num_digits
        self.log_with_hierarchy = log_with_hierarchy
        self.mean_pattern = re.compile(mean_pattern)
        self._check_custom_cfg()

    # -- public API --------------------------------------------------------
    def get_log_after_iter(self, runner, batch_idx: int, mode: str) -> tuple[dict, str]:
        """The tag dict and log line after iteration ``batch_idx`` of ``mode``."""
        if mode not in _MODES:
            raise ValueError(f"mode must be one of {_MODES}, got {mode!r}")
        cfg = self._resolve_windows(runner, batch_idx, self.custom_cfg)
        log_tag = self._collect_scalars(cfg, runner, mode)
        if self.log_with_hierarchy:
            tag = self._collect_scalars(cfg, runner, mode, reserve_prefix=True)
        else:
            tag = OrderedDict(log_tag)

        lr_items = []
        for key, value in tag.items():
            if key.endswith("lr"):
                key = _strip(key, f"{mode}/")
                log_tag.pop(key)
                lr_items.append(f"{key}: {value:.{self.num_digits}e}")

        log_str = self._iter_header(runner, batch_idx, mode, tag)
        tag["iter"] = runner.iter + 1 if train_loop_built(runner) else 0
        log_str += " ".join(lr_items) + "  "

        if (
            "time" in log_tag
            and "data_time" in log_tag
            and "eta" in runner.message_hub.runtime_info
        ):
            eta = datetime.timedelta(seconds=int(runner.message_hub.get_info("eta")))
            time, data_time = log_tag.pop("time"), log_tag.pop("data_time")
            log_str += (
                f"eta: {eta}  time: {time:.{self.num_digits}f}  "
                f"data_time: {data_time:.{self.num_digits}f}  "
            )
        if self._cuda_available():
            memory = self._get_max_memory(runner)
            log_str += f"memory: {memory}  "
            tag["memory"] = memory

        if mode in ("train", "val"):
            # MMEngine's val filter compares prefix-stripped names with
            # 'val/loss', so val losses never show; kept for identical logs.
            items = [
                f"{name}: {_format_value(value, self.num_digits)}"
                for name, value in log_tag.items()
                if mode == "train" or name.startswith("val/loss")
            ]
            log_str += "  ".join(items)
        return tag, log_str

    def get_log_after_epoch(
        self, runner, batch_idx: int, mode: str, with_non_scalar: bool = False
    ) -> tuple[dict, str]:
        """The tag dict and log line after a val or test epoch: the metrics,
        then non-scalar infos, then ``data_time``/``time`` averaged over the
        epoch (``batch_idx`` is the number of batches run)."""
        if mode not in ("val", "test"):
            raise ValueError(
                f"get_log_after_epoch takes mode 'val' or 'test', got {mode!r}"
            )
        length = self._dataloader_len(runner, mode)
        if not self.by_epoch:
            log_str = f"Iter({mode}) [{length}/{length}]  "
        elif mode == "val":
            log_str = (
                f"Epoch({mode}) [{self._epoch(runner, mode)}][{length}/{length}]  "
            )
        else:
            log_str = f"Epoch({mode}) [{length}/{length}]  "

        cfg = copy.deepcopy(self.custom_cfg)
        custom_keys = {_strip(item["data_src"], f"{mode}/") for item in cfg}
        for key in ("time", "data_time"):
            if key not in custom_keys:
                cfg.append(dict(data_src=key, window_size="epoch", method_name="mean"))
        cfg = self._resolve_windows(runner, batch_idx, cfg)
        scalars = self._collect_scalars(cfg, runner, mode, self.log_with_hierarchy)
        non_scalars = self._collect_non_scalars(runner, mode)

        timing_keys = (f"{mode}/time", f"{mode}/data_time", "time", "data_time")
        tag: dict = OrderedDict()
        time_tag: dict = OrderedDict()
        for key, value in scalars.items():
            (time_tag if key in timing_keys else tag)[key] = value

        items = [
            f"{name}: {_format_value(value, self.num_digits)}"
            for name, value in chain(tag.items(), non_scalars.items(), time_tag.items())
        ]
        log_str += "  " + "  ".join(items)
        if with_non_scalar:
            tag.update(non_scalars)
        tag.update(time_tag)
        return tag, log_str

    # -- pieces ------------------------------------------------------------
    def _iter_header(self, runner, batch_idx: int, mode: str, tag: dict) -> str:
        if self.by_epoch:
            length = self._dataloader_len(runner, mode)
            position = f"{batch_idx + 1:>{len(str(length))}}/{length}"
            if mode == "test":
                return f"Epoch({mode}) [{position}]  "
            epoch = self._epoch(runner, mode)
            tag["epoch"] = epoch
            epoch_str = f"[{epoch}]"
            if train_loop_built(runner):
                epoch_str = epoch_str.rjust(len(str(runner.max_epochs)) + 3)
            return f"Epoch({mode}){epoch_str}[{position}]  "
        if mode == "train":
            width = len(str(runner.max_iters))
            return f"Iter({mode}) [{runner.iter + 1:>{width}}/{runner.max_iters}]  "
        length = self._dataloader_len(runner, mode)
        return f"Iter({mode}) [{batch_idx + 1:>{len(str(length))}}/{length}]  "

    def _collect_scalars(
        self, custom_cfg: list[dict], runner, mode: str, reserve_prefix: bool = False
    ) -> dict:
        """Smoothed or latest value of every scalar logged under ``mode``,
        then the ``custom_cfg`` statistics (which may replace them)."""
        buffers: dict = OrderedDict()
        for key, buffer in runner.message_hub.log_scalars.items():
            # MMEngine matches the bare mode name, not 'mode/'.
            if key.startswith(mode):
                buffers[key if reserve_prefix else _strip(key, f"{mode}/")] = buffer

        tag: dict = OrderedDict()
        averaged = self._averaged_keys()
        for key, buffer in buffers.items():
            mean = averaged.get(key)
            if mean is None:
                mean = averaged[key] = self.mean_pattern.search(key) is not None
            if mean:
                tag[key] = buffer.mean(self.window_size)
            else:
                tag[key] = buffer.current()

        for item in custom_cfg:
            item = dict(item)
            data_src = item.pop("data_src")
            log_name = item.pop("log_name", data_src)
            if reserve_prefix:
                data_src, log_name = f"{mode}/{data_src}", f"{mode}/{log_name}"
            if data_src in buffers:
                tag[log_name] = buffers[data_src].statistics(**item)
        return tag

    def _collect_non_scalars(self, runner, mode: str) -> dict:
        infos: dict = OrderedDict()
        for key, value in runner.message_hub.runtime_info.items():
            if key.startswith(mode):
                infos[key if self.log_with_hierarchy else _strip(key, f"{mode}/")] = (
                    value
                )
        return infos

    def _resolve_windows(
        self, runner, batch_idx: int, custom_cfg: list[dict]
    ) -> list[dict]:
        """Copy of ``custom_cfg`` with ``'epoch'``/``'global'`` windows as ints."""
        if not custom_cfg:  # the usual case: nothing to copy
            return []
        resolved = copy.deepcopy(custom_cfg)
        for item in resolved:
            window = item.get("window_size")
            if window is None or isinstance(window, int):
                continue
            if window == "epoch":
                item["window_size"] = batch_idx + 1
            elif window == "global":
                item["window_size"] = runner.iter + 1
            else:
                raise TypeError(
                    "log_processor custom_cfg: window_size must be an int, 'epoch' "
                    f"or 'global', got {window!r} (data_src {item.get('data_src')!r})"
                )
        return resolved

    def _check_custom_cfg(self) -> None:
        seen: dict[str, str] = {}
        for item in self.custom_cfg:
            if "data_src" not in item:
                raise ValueError(
                    f"log_processor custom_cfg item {item!r} has no 'data_src'"
                )
            data_src = item["data_src"]
            log_name = item.get("log_name", data_src)
            if log_name in seen:
                raise ValueError(
                    f"log_processor custom_cfg: log_name {log_name!r} is produced "
                    f"twice (data_src {seen[log_name]!r} and {data_src!r}); give "
                    "each statistic its own log_name"
                )
            seen[log_name] = data_src
            if not self.by_epoch and item.get("window_size") == "epoch":
                raise ValueError(
                    f"log_processor custom_cfg: window_size='epoch' (data_src "
                    f"{data_src!r}) needs by_epoch=True"
                )

    def _averaged_keys(self) -> dict:
        """``{key: whether mean_pattern matches it}``, filled as keys are
        seen (for the current ``mean_pattern``)."""
        cache = self.__dict__.get("_averaged")
        if cache is None or cache[0] is not self.mean_pattern:
            cache = self._averaged = (self.mean_pattern, {})
        return cache[1]

    @staticmethod
    @functools.cache
    def _cuda_available() -> bool:
        # Asked once per process: whether CUDA can be used does not change.
        import torch

        return torch.cuda.is_available()

    def _get_max_memory(self, runner) -> int:
        """Peak CUDA memory in MiB since the previous log line (the peak is
        reset, so each line reports its own interval)."""
        import torch

        device = getattr(runner.model, "output_device", None)
        peak = torch.cuda.max_memory_allocated(device=device)
        torch.cuda.reset_peak_memory_stats(device=device)
        return int(peak / (1024 * 1024))

    def _epoch(self, runner, mode: str) -> int:
        # Training shows the epoch being run (1-based); validation runs after
        # the loop advanced runner.epoch, so it shows runner.epoch as is.
        if mode == "train":
            return runner.epoch + 1
        return runner.epoch if train_loop_built(runner) else 0

    def _dataloader_len(self, runner, mode: str) -> int:
        loop = {"train": "train_loop", "val": "val_loop", "test": "test_loop"}[mode]
        return len(getattr(runner, loop).dataloader)
