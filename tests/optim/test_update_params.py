"""OptimWrapper.update_params: backward, step and zero_grad through the
wrapper's methods, any of them overridden on the class or the instance."""

from __future__ import annotations

import torch
import torch.nn as nn

from mmcompat.optim import OptimWrapper


def _setup(cls=OptimWrapper, **kwargs):
    torch.manual_seed(0)
    model = nn.Linear(3, 1)
    wrapper = cls(torch.optim.SGD(model.parameters(), lr=0.1), **kwargs)
    return model, wrapper


def _loss(model):
    return model(torch.ones(4, 3)).pow(2).mean()


def test_plain_update_steps_zeroes_and_counts():
    model, wrapper = _setup()
    before = model.weight.detach().clone()
    wrapper.update_params(_loss(model))
    assert wrapper.inner_count == 1
    assert not torch.equal(model.weight, before)
    assert model.weight.grad is None  # zero_grad(set_to_none=True), torch default


def test_subclass_overriding_step_is_called():
    calls = []

    class Counting(OptimWrapper):
        def step(self, **kwargs):
            calls.append(kwargs)
            super().step(**kwargs)

    model, wrapper = _setup(Counting)
    wrapper.update_params(_loss(model))
    assert calls == [{}]


def test_instance_attribute_replacing_backward_is_called():
    model, wrapper = _setup()
    calls = []
    original = wrapper.backward

    def backward(loss, **kwargs):
        calls.append(loss)
        original(loss, **kwargs)

    wrapper.backward = backward
    wrapper.update_params(_loss(model))
    assert len(calls) == 1


def test_zero_kwargs_are_passed_to_the_optimizer():
    model, wrapper = _setup()
    wrapper.update_params(_loss(model), zero_kwargs=dict(set_to_none=False))
    assert model.weight.grad is not None
    assert torch.count_nonzero(model.weight.grad) == 0


def test_clip_grad_set_after_construction_is_applied():
    model, wrapper = _setup()
    wrapper.clip_grad_kwargs = dict(max_norm=1e-8)
    wrapper.clip_func = torch.nn.utils.clip_grad_norm_
    before = model.weight.detach().clone()
    wrapper.update_params(_loss(model))
    assert (model.weight - before).abs().max() < 1e-7
