"""train_step calls the model and its data preprocessor as modules (their
hooks and custom ``__call__`` run) and the optimizer wrapper's methods, any
of them overridden."""

from __future__ import annotations

import torch
import torch.nn as nn

from mmcompat.model import BaseDataPreprocessor, BaseModel
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


def _wrapper(model, **kwargs):
    return OptimWrapper(torch.optim.SGD(model.parameters(), lr=0.1), **kwargs)


def _batches():
    g = torch.Generator().manual_seed(0)
    return [
        [torch.randn(4, 2, generator=g), torch.randn(4, 1, generator=g)]
        for _ in range(3)
    ]


def test_replaced_wrapper_methods_and_settings_take_the_general_path():
    calls = []

    class Context(OptimWrapper):
        def optim_context(self, model):
            calls.append("context")
            return super().optim_context(model)

    model = Linear()
    _step_with = lambda wrapper: model.train_step(_batches()[0], optim_wrapper=wrapper)  # noqa: E731
    _step_with(Context(torch.optim.SGD(model.parameters(), lr=0.1)))
    wrapper = _wrapper(model)
    original = wrapper.update_params
    wrapper.update_params = lambda loss: (calls.append("update"), original(loss))
    _step_with(wrapper)
    accumulating = _wrapper(model, accumulative_counts=2)
    accumulating.initialize_count_status(model, 0, 4)
    before = [p.detach().clone() for p in model.parameters()]
    _step_with(accumulating)  # first backward of a window of 2: no step yet
    assert all(torch.equal(a, b) for a, b in zip(before, model.parameters()))
    clipping = _wrapper(model, clip_grad=dict(max_norm=1e-6))
    before = [p.detach().clone() for p in model.parameters()]
    _step_with(clipping)
    moved = max((a - b).abs().max().item() for a, b in zip(before, model.parameters()))
    assert 0 < moved <= 0.1 * 1e-6 * 1.0001  # lr * clipped norm bounds the step
    assert calls == ["context", "update"]


def test_a_model_parse_losses_override_is_used():
    class Halved(Linear):
        def parse_losses(self, losses):
            loss, log_vars = super().parse_losses(losses)
            log_vars["loss"] = log_vars["loss"] / 2
            return loss, log_vars

    logged = []
    for cls in (Halved, Linear):
        torch.manual_seed(0)
        model = cls()
        logged.append(model.train_step(_batches()[0], optim_wrapper=_wrapper(model)))
    halved, plain = logged
    assert list(halved) == list(plain) == ["loss"]
    assert torch.equal(halved["loss"] * 2, plain["loss"])
