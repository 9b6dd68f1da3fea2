"""The training hot path never synchronises host and device outside the
iterations that log: no ``.item()``, ``float(t)``, ``.cpu()``, ``.tolist()``.

The tensor methods that force a sync are wrapped with counters; a hook at
the highest priority opens a window before each iteration and one at the
lowest closes it after every other hook ran. Iterations in which nothing was
logged must count zero.
"""

from __future__ import annotations

import logging

import pytest
import torch

from mmcompat.hooks import Hook
from mmcompat.runner import BaseLoop, Runner

from .helpers import runner_cfg

SYNCING = ("item", "__float__", "__int__", "__bool__", "tolist", "cpu", "numpy")
COUNTS = {"n": 0}


class OpenWindow(Hook):
    priority = "HIGHEST"

    def before_train_iter(self, runner, batch_idx, data_batch=None):
        COUNTS["n"] = 0


class CloseWindow(Hook):
    priority = "LOWEST"

    def __init__(self):
        self.per_iter: list[int] = []

    def after_train_iter(self, runner, batch_idx, data_batch=None, outputs=None):
        self.per_iter.append(COUNTS["n"])


class LogRecorder(logging.Handler):
    def __init__(self, runner):
        super().__init__()
        self.runner = runner
        self.iters: set[int] = set()

    def emit(self, record):
        loop = self.runner._train_loop
        if isinstance(loop, BaseLoop):
            self.iters.add(loop.iter)


@pytest.fixture
def counted_syncs(monkeypatch):
    for name in SYNCING:
        original = getattr(torch.Tensor, name)

        def wrapper(self, *args, __original=original, **kwargs):
            COUNTS["n"] += 1
            return __original(self, *args, **kwargs)

        monkeypatch.setattr(torch.Tensor, name, wrapper)
    yield


@pytest.mark.parametrize("by_epoch", [True, False])
def test_no_host_device_sync_in_iterations_that_do_not_log(
    tmp_path, counted_syncs, by_epoch
):
    train_cfg = (
        dict(by_epoch=True, max_epochs=2)
        if by_epoch
        else dict(by_epoch=False, max_iters=12)
    )
    cfg = runner_cfg(
        tmp_path,
        train_cfg=train_cfg,
        param_scheduler=dict(type="MultiStepLR", milestones=[1], by_epoch=by_epoch),
        default_hooks=dict(
            logger=dict(type="LoggerHook", interval=3),
            checkpoint=dict(
                type="CheckpointHook", interval=6 - 5 * by_epoch, by_epoch=by_epoch
            ),
        ),
        custom_hooks=[dict(type=OpenWindow), dict(type=CloseWindow)],
        log_level="INFO",
    )
    runner = Runner(**cfg)
    recorder = LogRecorder(runner)
    runner.logger.addHandler(recorder)
    runner.train()
    per_iter = next(h for h in runner.hooks if isinstance(h, CloseWindow)).per_iter
    assert len(per_iter) == runner.iter
    quiet = [i for i in range(len(per_iter)) if i not in recorder.iters]
    logged = [i for i in range(len(per_iter)) if i in recorder.iters]
    assert quiet and logged
    assert {i: per_iter[i] for i in quiet} == {i: 0 for i in quiet}
    assert sum(per_iter[i] for i in logged) > 0  # the counters do count
