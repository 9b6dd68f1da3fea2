"""train_step calls ``forward`` directly only when ``__call__`` would do
nothing else: hooks, compiled modules and custom ``__call__`` still run."""

from __future__ import annotations

import torch
import torch.nn as nn

from mmcompat.model import BaseDataPreprocessor, BaseModel
from mmcompat.model._call import call_module
from mmcompat.optim import OptimWrapper


class Linear(BaseModel):
    def __init__(self, data_preprocessor=None):
        super().__init__(data_preprocessor=data_preprocessor)
        self.fc = nn.Linear(2, 1)

    def forward(self, inputs, targets=None, mode="tensor"):
        return dict(loss=((self.fc(inputs) - targets) ** 2).mean())


def _step(model):
    wrapper = OptimWrapper(torch.optim.SGD(model.parameters(), lr=0.1))
    data = (torch.ones(3, 2), torch.zeros(3, 1))
    return model.train_step(data, optim_wrapper=wrapper)


def test_forward_pre_hook_on_the_model_runs_in_train_step():
    model = Linear()
    seen = []
    model.register_forward_pre_hook(lambda module, args: seen.append(len(args)))
    _step(model)
    assert seen == [2]


def test_forward_hook_on_the_data_preprocessor_runs_in_train_step():
    model = Linear()
    seen = []
    model.data_preprocessor.register_forward_hook(
        lambda module, args, output: seen.append(args[1])
    )
    _step(model)
    assert seen == [True]


def test_global_forward_hook_runs_in_train_step():
    model = Linear()
    seen = []
    handle = nn.modules.module.register_module_forward_hook(
        lambda module, args, output: seen.append(type(module).__name__)
    )
    try:
        _step(model)
    finally:
        handle.remove()
    assert "Linear" in seen and "BaseDataPreprocessor" in seen


def test_custom_call_of_a_data_preprocessor_is_used():
    class Counting(BaseDataPreprocessor):
        calls = 0

        def __call__(self, *args, **kwargs):
            type(self).calls += 1
            return super().__call__(*args, **kwargs)

    _step(Linear(data_preprocessor=Counting()))
    assert Counting.calls == 1


def test_call_module_returns_what_calling_the_module_returns():
    layer = nn.Linear(2, 2)
    x = torch.ones(1, 2)
    torch.testing.assert_close(call_module(layer, x), layer(x), rtol=0, atol=0)
