"""``runner.iter``/``epoch``/``max_iters``/``max_epochs`` are the train
loop's, a loop class overriding them included."""

from __future__ import annotations

from mmcompat.registry import LOOPS
from mmcompat.runner import Runner
from mmcompat.runner.loops import IterBasedTrainLoop

from .helpers import runner_cfg


class ShiftedCounters(IterBasedTrainLoop):
    """Reports counters offset by 1000 (as a wrapper loop might)."""

    @property
    def iter(self):
        return self._iter + 1000

    @property
    def max_iters(self):
        return self._max_iters + 1000


def test_runner_counters_follow_the_builtin_loop(tmp_path):
    runner = Runner(**runner_cfg(tmp_path, train_cfg=dict(by_epoch=False, max_iters=3)))
    runner.train()
    assert (runner.iter, runner.max_iters) == (3, 3)
    assert (runner.epoch, runner.max_epochs) == (0, 1)


def test_runner_counters_use_an_overriding_loop_class(tmp_path):
    LOOPS.register_module(module=ShiftedCounters, force=True)
    runner = Runner(
        **runner_cfg(
            tmp_path,
            train_cfg=dict(type="ShiftedCounters", max_iters=2),
        )
    )
    assert runner.max_iters == 1002
    runner.train_loop._iter = 1
    assert runner.iter == 1001
