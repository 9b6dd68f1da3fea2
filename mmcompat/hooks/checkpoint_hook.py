"""CheckpointHook: save checkpoints at intervals, keep the newest, track the best."""

from __future__ import annotations

import hashlib
import os
import os.path as osp
import pickle
import shutil
from collections import deque
from math import inf
from pathlib import Path
from typing import Any, Callable, Optional, Union

from mmcompat.dist import is_main_process
from mmcompat.registry import HOOKS
from mmcompat.utils.path import write_atomic

from ._rules import DEFAULT_GREATER_KEYS, DEFAULT_LESS_KEYS, infer_rule
from ._storage import check_ignored_backend_args, check_local_out_dir
from .hook import DATA_BATCH, Hook


def _remove(path: str) -> bool:
    """Remove a checkpoint file (or directory); False if there was none."""
    if osp.isfile(path):
        os.remove(path)
        return True
    if osp.isdir(path):
        shutil.rmtree(path)
        return True
    return False


def _as_str_list(value: Any, name: str) -> Optional[list[str]]:
    if value is None:
        return None
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return list(value)
    raise TypeError(
        f"CheckpointHook: {name} must be a str, a list of str or None, got {value!r}"
    )


@HOOKS.register_module()
class CheckpointHook(Hook):
    """Save checkpoints every ``interval`` epochs (or iterations).

    Checkpoints go to ``out_dir`` (default ``runner.work_dir``; otherwise
    ``out_dir/<basename of work_dir>``) named by ``filename_tmpl``
    (``epoch_{}.pth`` / ``iter_{}.pth``). After each save the path is written
    to ``<work_dir>/last_checkpoint`` (what ``resume='auto'`` reads).

    Args:
        interval: save every ``interval`` epochs/iterations; -1 never
            (except the last one if ``save_last``).
        by_epoch: count ``interval`` in epochs (True) or iterations.
        save_optimizer: include the optimizer state.
        save_param_scheduler: include the parameter schedulers' state.
        out_dir: root directory for checkpoints (local paths only).
        max_keep_ckpts: keep only the newest this many interval checkpoints
            (older files are deleted); -1 keeps all. Survives resume through
            the message hub info ``keep_ckpt_ids``.
        save_last: also save after the last epoch/iteration.
        save_best: metric name(s) whose best value's checkpoint is kept as
            ``best_<metric>_<epoch|iter>_<n>.pth``; ``'auto'`` picks the first
            metric of the first validation.
        rule: ``'greater'`` or ``'less'`` (one, or one per ``save_best``);
            inferred from the metric name when None: names equal to or
            containing one of ``greater_keys`` (acc, top, AR@, auc,
            precision, mAP, mDice, mIoU, mAcc, aAcc) are greater-is-better,
            those matching ``less_keys`` (loss) less-is-better.
        greater_keys / less_keys: replace those default key lists.
        file_client_args / backend_args: accepted and ignored (local files).
        filename_tmpl: checkpoint file name template with one ``{}``.
        published_keys: after training, also write ``<name>-<sha256[:8]>.pth``
            copies of the last and best checkpoints holding only these keys.
        save_begin: first epoch/iteration counted by ``interval``.
        **kwargs: passed on to ``runner.save_checkpoint``.
    """

    priority = "VERY_LOW"
    rule_map: dict[str, Callable[[Any, Any], bool]] = {
        "greater": lambda x, y: x > y,
        "less": lambda x, y: x < y,
    }
    init_value_map = {"greater": -inf, "less": inf}
    _default_greater_keys = DEFAULT_GREATER_KEYS
    _default_less_keys = DEFAULT_LESS_KEYS

    def __init__(
        self,
        interval: int = -1,
        by_epoch: bool = True,
        save_optimizer: bool = True,
        save_param_scheduler: bool = True,
        out_dir: Optional[Union[str, Path]] = None,
        max_keep_ckpts: int = -1,
        save_last: bool = True,
        save_best: Union[str, list[str], None] = None,
        rule: Union[str, list[str], None] = None,
        greater_keys: Optional[Union[str, list[str]]] = None,
        less_keys: Optional[Union[str, list[str]]] = None,
        file_client_args: Optional[dict] = None,
        filename_tmpl: Optional[str] = None,
        backend_args: Optional[dict] = None,
        published_keys: Union[str, list[str], None] = None,
        save_begin: int = 0,
        **kwargs,
    ) -> None:
        self.interval = interval
        self.by_epoch = by_epoch
        self.save_optimizer = save_optimizer
        self.save_param_scheduler = save_param_scheduler
        check_local_out_dir("CheckpointHook", out_dir)
        self.out_dir = None if out_dir is None else str(out_dir)
        self.max_keep_ckpts = max_keep_ckpts
        self.save_last = save_last
        self.args = kwargs
        check_ignored_backend_args(
            "CheckpointHook",
            file_client_args,
            backend_args,
            "checkpoints are written to the local file system",
        )
        self.file_client_args = file_client_args
        self.backend_args = backend_args
        if filename_tmpl is None:
            filename_tmpl = "epoch_{}.pth" if by_epoch else "iter_{}.pth"
        self.filename_tmpl = filename_tmpl

        best = _as_str_list(save_best, "save_best")
        if best is not None:
            if "auto" in best and len(best) != 1:
                raise ValueError(
                    f"CheckpointHook: 'auto' must be alone in save_best, got {best}"
                )
            if len(best) != len(set(best)):
                raise ValueError(
                    f"CheckpointHook: duplicate metrics in save_best {best}"
                )
        self.save_best = best
        rules = _as_str_list(rule, "rule") or [None]
        if best is not None and len(rules) not in (1, len(best)):
            raise ValueError(
                f"CheckpointHook: give one rule or one per save_best metric; got "
                f"{len(rules)} rules for {len(best)} metrics"
            )
        # An explicit empty list disables that half of the inference.
        greater = _as_str_list(greater_keys, "greater_keys")
        less = _as_str_list(less_keys, "less_keys")
        self.greater_keys = self._default_greater_keys if greater is None else greater
        self.less_keys = self._default_less_keys if less is None else less
        if self.save_best is not None:
            self.is_better_than: dict[str, Callable] = {}
            self._init_rule(rules, self.save_best)
            if len(self.key_indicators) == 1:
                self.best_ckpt_path: Optional[str] = None
            else:
                self.best_ckpt_path_dict: dict[str, Optional[str]] = {}

        keys = _as_str_list(published_keys, "published_keys")
        if keys is not None and len(keys) != len(set(keys)):
            raise ValueError(f"CheckpointHook: duplicate keys in published_keys {keys}")
        self.published_keys = keys
        self.last_ckpt: Optional[str] = None
        if save_begin < 0:
            raise ValueError(
                f"CheckpointHook: save_begin must be >= 0, got {save_begin}"
            )
        self.save_begin = save_begin

    # -- rule inference ----------------------------------------------------
    def _init_rule(self, rules: list, key_indicators: list[str]) -> None:
        """Pair each metric with 'greater'/'less' (given or inferred)."""
        if len(rules) == 1:
            rules = rules * len(key_indicators)
        self.rules = []
        for rule, key in zip(rules, key_indicators):
            if rule is not None and rule not in self.rule_map:
                raise KeyError(
                    f"CheckpointHook: rule must be 'greater', 'less' or None, got {rule!r}"
                )
            if rule is None and key != "auto":
                rule = infer_rule(key, self.greater_keys, self.less_keys)
                if rule is None:
                    raise ValueError(
                        f"CheckpointHook: cannot infer whether a greater or smaller "
                        f"{key!r} is better; set rule='greater' or rule='less'"
                    )
            if rule is not None:
                self.is_better_than[key] = self.rule_map[rule]
            self.rules.append(rule)
        self.key_indicators = key_indicators

    # -- hook points -------------------------------------------------------
    def before_train(self, runner) -> None:
        work_dir = str(runner.work_dir)
        if self.out_dir is None:
            self.out_dir = work_dir
        elif self.out_dir != work_dir:
            self.out_dir = osp.join(
                self.out_dir, osp.basename(work_dir.rstrip(osp.sep))
            )
        runner.logger.info(f"Checkpoints will be saved to {self.out_dir}.")

        hub = runner.message_hub
        if self.save_best is not None:
            if len(self.key_indicators) == 1:
                self.best_ckpt_path = hub.get_info("best_ckpt")
            else:
                for key in self.key_indicators:
                    self.best_ckpt_path_dict[key] = hub.get_info(f"best_ckpt_{key}")

        if self.max_keep_ckpts > 0:
            # Resumed runs continue the count; drop what a smaller
            # max_keep_ckpts no longer allows.
            keep_ids = list(hub.get_info("keep_ckpt_ids") or [])
            while len(keep_ids) > self.max_keep_ckpts:
                step = keep_ids.pop(0)
                if is_main_process():
                    _remove(osp.join(self.out_dir, self.filename_tmpl.format(step)))
            self.keep_ckpt_ids: deque = deque(keep_ids, self.max_keep_ckpts)

    def after_train_epoch(self, runner) -> None:
        if not self.by_epoch:
            return
        if self.every_n_epochs(runner, self.interval, self.save_begin) or (
            self.save_last and self.is_last_train_epoch(runner)
        ):
            runner.logger.info(f"Saving checkpoint at {runner.epoch + 1} epochs")
            self._save_checkpoint(runner)

    def after_train_iter(
        self,
        runner,
        batch_idx: int,
        data_batch: DATA_BATCH = None,
        outputs: Optional[dict] = None,
    ) -> None:
        if self.by_epoch:
            return
        if self.every_n_train_iters(runner, self.interval, self.save_begin) or (
            self.save_last and self.is_last_train_iter(runner)
        ):
            runner.logger.info(f"Saving checkpoint at {runner.iter + 1} iterations")
            self._save_checkpoint(runner)

    def after_val_epoch(
        self, runner, metrics: Optional[dict[str, float]] = None
    ) -> None:
        if not metrics:
            runner.logger.warning(
                "Since `metrics` is an empty dict, the behavior to save the best "
                "checkpoint will be skipped in this evaluation."
            )
            return
        self._save_best_checkpoint(runner, metrics)

    def after_train(self, runner) -> None:
        if self.published_keys is None:
            return
        if self.save_last and self.last_ckpt is not None:
            self._publish_model(runner, self.last_ckpt)
        if getattr(self, "best_ckpt_path", None) is not None:
            self._publish_model(runner, str(self.best_ckpt_path))
        for best in getattr(self, "best_ckpt_path_dict", {}).values():
            if best is not None:
                self._publish_model(runner, best)

    # -- saving ------------------------------------------------------------
    def _save_checkpoint(self, runner) -> None:
        if self.by_epoch:
            step = runner.epoch + 1
            meta = dict(epoch=step, iter=runner.iter)
        else:
            step = runner.iter + 1
            meta = dict(epoch=runner.epoch, iter=step)
        self._save_checkpoint_with_step(runner, step, meta)

    def _save_checkpoint_with_step(self, runner, step: int, meta: dict) -> None:
        if self.max_keep_ckpts > 0 and not (
            self.keep_ckpt_ids and self.keep_ckpt_ids[-1] == step
        ):
            if len(self.keep_ckpt_ids) == self.max_keep_ckpts:
                oldest = self.keep_ckpt_ids.popleft()
                if is_main_process():
                    _remove(osp.join(self.out_dir, self.filename_tmpl.format(oldest)))
            self.keep_ckpt_ids.append(step)
            runner.message_hub.update_info("keep_ckpt_ids", list(self.keep_ckpt_ids))

        filename = self.filename_tmpl.format(step)
        self.last_ckpt = osp.join(self.out_dir, filename)
        runner.message_hub.update_info("last_ckpt", self.last_ckpt)
        runner.save_checkpoint(
            self.out_dir,
            filename,
            self.file_client_args,
            save_optimizer=self.save_optimizer,
            save_param_scheduler=self.save_param_scheduler,
            meta=meta,
            by_epoch=self.by_epoch,
            backend_args=self.backend_args,
            **self.args,
        )
        if is_main_process():
            last_file = osp.join(str(runner.work_dir), "last_checkpoint")
            write_atomic(last_file, self.last_ckpt.encode("utf-8"))

    def _save_best_checkpoint(self, runner, metrics: dict) -> None:
        if not self.save_best:
            return
        # Validation runs after the loop advanced runner.epoch/iter, so the
        # current counters name the epoch/iteration just trained.
        cur_type, cur_time = (
            ("epoch", runner.epoch) if self.by_epoch else ("iter", runner.iter)
        )
        ckpt_filename = self.filename_tmpl.format(cur_time)
        meta = dict(epoch=runner.epoch, iter=runner.iter)
        if "auto" in self.key_indicators:
            self._init_rule(self.rules, [next(iter(metrics))])

        hub = runner.message_hub
        single = len(self.key_indicators) == 1
        updated = False
        for key, rule in zip(self.key_indicators, self.rules):
            if key not in metrics:
                raise KeyError(
                    f"CheckpointHook: save_best metric {key!r} is not among the "
                    f"validation metrics {sorted(metrics)}"
                )
            score = metrics[key]
            score_key = "best_score" if single else f"best_score_{key}"
            ckpt_key = "best_ckpt" if single else f"best_ckpt_{key}"
            previous = (
                self.best_ckpt_path if single else self.best_ckpt_path_dict.get(key)
            )
            best_score = hub.get_info(score_key, self.init_value_map[rule])
            if score is None or not self.is_better_than[key](score, best_score):
                continue
            updated = True
            hub.update_info(score_key, score)
            if previous and is_main_process() and _remove(previous):
                runner.logger.info(
                    f"The previous best checkpoint {previous} is removed"
                )

            best_name = f"best_{key}_{ckpt_filename}".replace("/", "_")
            best_path = osp.join(self.out_dir, best_name)
            if single:
                self.best_ckpt_path = best_path
            else:
                self.best_ckpt_path_dict[key] = best_path
            hub.update_info(ckpt_key, best_path)
            runner.save_checkpoint(
                self.out_dir,
                filename=best_name,
                file_client_args=self.file_client_args,
                save_optimizer=False,
                save_param_scheduler=False,
                meta=meta,
                by_epoch=False,
                backend_args=self.backend_args,
            )
            runner.logger.info(
                f"The best checkpoint with {score:0.4f} {key} at {cur_time} "
                f"{cur_type} is saved to {best_name}."
            )
        # Re-save the latest interval checkpoint so that its message hub
        # holds the new best score (what a resumed run compares against).
        if updated and self.last_ckpt is not None:
            self._save_checkpoint_with_step(runner, cur_time, meta)

    def _publish_model(self, runner, ckpt_path: str) -> None:
        """Write ``<ckpt>-<sha256[:8]>.pth`` with only ``published_keys``."""
        if not is_main_process():
            return
        import torch

        checkpoint = torch.load(ckpt_path, map_location="cpu", weights_only=True)
        removed = [key for key in checkpoint if key not in self.published_keys]
        for key in removed:
            checkpoint.pop(key)
        if removed:
            runner.logger.info(
                f"Key {removed} will be removed because they are not found in "
                f"published_keys. If you want to keep them, please set `{removed}` "
                "in published_keys"
            )
        sha = hashlib.sha256(pickle.dumps(checkpoint)).hexdigest()
        final_path = osp.splitext(ckpt_path)[0] + f"-{sha[:8]}.pth"
        tmp = f"{final_path}.tmp{os.getpid()}"
        torch.save(checkpoint, tmp)
        os.replace(tmp, final_path)
        runner.logger.info(
            f"The checkpoint ({ckpt_path}) is published to {final_path}."
        )
