"""The Runner's checkpoint methods: load, resume, save (MMEngine signatures).

Kept beside the Runner as a mixin so ``runner.py`` stays the story of a
run; what a checkpoint holds is :mod:`.training_state`, the file format and
atomic writing :mod:`.checkpoint`.
"""

from __future__ import annotations

import os.path as osp
from typing import Callable, Optional, Union

from .checkpoint import (
    _load_checkpoint,
    _load_checkpoint_to_model,
    find_latest_checkpoint,
)
from .checkpoint import save_checkpoint as _save_checkpoint_file
from .training_state import collect_checkpoint, restore_training_state
from .utils import get_device, unwrap_model


class CheckpointingMixin:
    """``load_or_resume``, ``load_checkpoint``, ``resume``, ``save_checkpoint``
    of :class:`~mmcompat.runner.Runner`."""

    def load_or_resume(self) -> None:
        """Resume (``resume=True``: ``load_from``, else the latest checkpoint
        of ``work_dir``) or load ``load_from``; once."""
        if self._has_loaded:
            return
        resume_from = None
        if self._resume and self._load_from is None:
            resume_from = find_latest_checkpoint(self._work_dir)
            if resume_from is None:
                # MMEngine 0.10.7 prints its first sentence, then logs "Auto
                # resumed from the latest checkpoint None." and trains from
                # scratch: we say what really happens, always visible
                self.logger.warning(
                    "Did not find last_checkpoint to be resumed. No checkpoint "
                    f"in {self._work_dir}: training from scratch."
                )
            else:
                self.logger.info(
                    f"Auto resumed from the latest checkpoint {resume_from}."
                )
        elif self._resume:
            resume_from = self._load_from
        if resume_from is not None:
            self.resume(resume_from)
        elif self._load_from is not None:
            self.load_checkpoint(self._load_from)
        self._has_loaded = resume_from is not None or self._load_from is not None

    def load_checkpoint(
        self,
        filename: str,
        map_location: Union[str, Callable] = "cpu",
        strict: bool = False,
        revise_keys: list = [(r"^module.", "")],  # noqa: B006 (MMEngine's signature)
    ) -> dict:
        """Load the model weights of ``filename``; return the checkpoint."""
        checkpoint = _load_checkpoint(filename, map_location=map_location)
        self.call_hook("after_load_checkpoint", checkpoint=checkpoint)
        _load_checkpoint_to_model(
            unwrap_model(self.model), checkpoint, strict, revise_keys=revise_keys
        )
        self._has_loaded = True
        self.logger.info(f"Load checkpoint from {filename}")
        return checkpoint

    def resume(
        self,
        filename: str,
        resume_optimizer: bool = True,
        resume_param_scheduler: bool = True,
        map_location: Union[str, Callable] = "default",
    ) -> None:
        """Continue training from ``filename``: weights, epoch/iter, optimizer,
        schedulers, message hub, hooks' state, RNG states and the position
        in the train dataloader."""
        if map_location == "default":
            map_location = get_device()
        checkpoint = self.load_checkpoint(filename, map_location=map_location)
        restore_training_state(
            self, checkpoint, resume_optimizer, resume_param_scheduler
        )
        self._has_loaded = True
        self.logger.info(f"resumed epoch: {self.epoch}, iter: {self.iter}")

    def save_checkpoint(
        self,
        out_dir: str,
        filename: str,
        file_client_args: Optional[dict] = None,
        save_optimizer: bool = True,
        save_param_scheduler: bool = True,
        meta: Optional[dict] = None,
        by_epoch: bool = True,
        backend_args: Optional[dict] = None,
    ) -> None:
        """Write ``out_dir/filename`` (rank 0 only; atomic). ``by_epoch``:
        called after an epoch (``meta.epoch = epoch + 1``) rather than after
        an iteration (``meta.iter = iter + 1``)."""
        if self._rank != 0:
            return
        if meta is None:
            meta = {}
        elif not isinstance(meta, dict):
            raise TypeError(f"meta must be a dict or None, got {type(meta)}")
        meta = dict(meta)
        if by_epoch:
            meta.setdefault("epoch", self.epoch + 1)
            meta.setdefault("iter", self.iter)
        else:
            meta.setdefault("epoch", self.epoch)
            meta.setdefault("iter", self.iter + 1)
        checkpoint = collect_checkpoint(
            self, meta, save_optimizer, save_param_scheduler
        )
        self.call_hook("before_save_checkpoint", checkpoint=checkpoint)
        _save_checkpoint_file(
            checkpoint,
            osp.join(out_dir, filename),
            file_client_args=file_client_args,
            backend_args=backend_args,
        )
