"""A subclass of IterTimerHook that overrides the shared
``_before_iter``/``_after_iter`` sees training iterations."""

from __future__ import annotations

from mmcompat.hooks import IterTimerHook
from mmcompat.hooks.hook import overridden_points

from ._runner import MiniRunner


class Recording(IterTimerHook):
    def __init__(self):
        super().__init__()
        self.calls = []

    def _before_iter(self, runner, batch_idx, data_batch=None, mode="train"):
        self.calls.append(("before", mode))
        super()._before_iter(runner, batch_idx, data_batch, mode)

    def _after_iter(
        self, runner, batch_idx, data_batch=None, outputs=None, mode="train"
    ):
        self.calls.append(("after", mode))
        super()._after_iter(runner, batch_idx, data_batch, outputs, mode)


def test_subclass_overriding_shared_iter_methods_sees_training(tmp_path):
    runner = MiniRunner(tmp_path, train_len=4, max_epochs=1)
    hook = Recording()
    hook.before_train(runner)
    hook.before_train_epoch(runner)
    hook.before_train_iter(runner, batch_idx=0)
    hook.after_train_iter(runner, batch_idx=0)
    assert hook.calls == [("before", "train"), ("after", "train")]
    assert len(runner.message_hub.get_scalar("train/time").data[0]) == 1
    assert {"before_train_iter", "after_train_iter"} <= set(overridden_points(hook))
