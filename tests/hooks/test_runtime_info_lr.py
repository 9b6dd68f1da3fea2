"""RuntimeInfoHook logs ``get_lr()``'s first lr of each key, through an
overriding ``get_lr`` too."""

from __future__ import annotations

import torch
import torch.nn as nn

from mmcompat.hooks import RuntimeInfoHook
from mmcompat.optim import OptimWrapper

from ._runner import MiniRunner


def _wrapper(cls=OptimWrapper):
    model = nn.Linear(2, 1)
    return cls(torch.optim.SGD(model.parameters(), lr=0.1))


def _logged_lrs(runner, key="train/lr"):
    return runner.message_hub.get_scalar(key).data[0].tolist()


def test_plain_wrapper_lr_follows_the_param_group(tmp_path):
    runner = MiniRunner(tmp_path)
    runner.optim_wrapper = _wrapper()
    hook = RuntimeInfoHook()
    hook.before_train_iter(runner, batch_idx=0)
    runner.optim_wrapper.optimizer.param_groups[0]["lr"] = 0.05
    hook.before_train_iter(runner, batch_idx=1)
    assert _logged_lrs(runner) == [0.1, 0.05]


def test_overridden_get_lr_is_used(tmp_path):
    class Scaled(OptimWrapper):
        def get_lr(self):
            return {"lr": [7.0], "extra_lr": [3.0]}

    runner = MiniRunner(tmp_path)
    runner.optim_wrapper = _wrapper(Scaled)
    RuntimeInfoHook().before_train_iter(runner, batch_idx=0)
    assert _logged_lrs(runner) == [7.0]
    assert _logged_lrs(runner, "train/extra_lr") == [3.0]


def test_instance_get_lr_is_used(tmp_path):
    runner = MiniRunner(tmp_path)
    runner.optim_wrapper = _wrapper()
    runner.optim_wrapper.get_lr = lambda: {"lr": [2.0]}
    RuntimeInfoHook().before_train_iter(runner, batch_idx=0)
    assert _logged_lrs(runner) == [2.0]
