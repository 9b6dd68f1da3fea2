"""OptimWrapper: update, accumulation, DDP no_sync, clipping, state."""

from __future__ import annotations

import contextlib
import copy
import json
from pathlib import Path

import pytest
import torch
import torch.nn as nn

from mmcompat.logging import MessageHub
from mmcompat.optim import OptimWrapper, build_optim_wrapper
from tests.golden import assert_within_ulps

from ._models import Regressor


def _batches(
    n: int, size: int = 5, seed: int = 0
) -> list[tuple[torch.Tensor, torch.Tensor]]:
    g = torch.Generator().manual_seed(seed)
    return [
        (torch.randn(size, 4, generator=g), torch.randn(size, 1, generator=g))
        for _ in range(n)
    ]


def _loss(model: nn.Module, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    return ((model(x) - y) ** 2).mean()


def _sgd(model: nn.Module) -> torch.optim.Optimizer:
    return torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=1e-3)


def _max_diff(a: nn.Module, b: nn.Module) -> float:
    return max(
        (p - q).abs().max().item() for p, q in zip(a.parameters(), b.parameters())
    )


def test_update_params_steps_and_zeroes_gradients():
    torch.manual_seed(0)
    model = Regressor()
    before = copy.deepcopy(model)
    wrapper = OptimWrapper(_sgd(model))
    x, y = _batches(1)[0]
    wrapper.update_params(_loss(model, x, y))
    assert _max_diff(model, before) > 0
    assert all(p.grad is None or not p.grad.any() for p in model.parameters())
    assert wrapper.inner_count == 1


def test_accumulation_equals_one_step_on_the_concatenated_batch():
    torch.manual_seed(0)
    accumulated = Regressor()
    reference = copy.deepcopy(accumulated)
    k, windows = 4, 3
    wrapper = OptimWrapper(_sgd(accumulated), accumulative_counts=k)
    ref_optimizer = _sgd(reference)
    batches = _batches(k * windows)
    for w in range(windows):
        window = batches[w * k : (w + 1) * k]
        for x, y in window:
            wrapper.update_params(_loss(accumulated, x, y))
        x = torch.cat([b[0] for b in window])
        y = torch.cat([b[1] for b in window])
        ref_optimizer.zero_grad()
        _loss(reference, x, y).backward()
        ref_optimizer.step()
        assert _max_diff(accumulated, reference) < 1e-6


def test_last_short_window_is_scaled_by_its_real_length():
    torch.manual_seed(0)
    accumulated = Regressor()
    reference = copy.deepcopy(accumulated)
    k, max_iters = 3, 8  # windows of 3, 3 and a last one of 2
    wrapper = OptimWrapper(_sgd(accumulated), accumulative_counts=k)
    wrapper.initialize_count_status(accumulated, 0, max_iters)
    ref_optimizer = _sgd(reference)
    batches = _batches(max_iters)
    steps = []
    for x, y in batches:
        wrapper.update_params(_loss(accumulated, x, y))
        steps.append(wrapper.should_update())
    assert [i + 1 for i, s in enumerate(steps) if s] == [3, 6, 8]
    for window in (batches[0:3], batches[3:6], batches[6:8]):
        ref_optimizer.zero_grad()
        x = torch.cat([b[0] for b in window])
        y = torch.cat([b[1] for b in window])
        _loss(reference, x, y).backward()
        ref_optimizer.step()
    assert _max_diff(accumulated, reference) < 1e-6


def test_scale_loss_follows_mmengine_window_rule():
    model = Regressor()
    wrapper = OptimWrapper(_sgd(model), accumulative_counts=4)
    one = torch.tensor(1.0)
    assert wrapper.scale_loss(one).item() == 0.25  # count status unknown
    wrapper.initialize_count_status(model, 8, 10)  # last window: 2 iterations
    assert wrapper.scale_loss(one).item() == 0.5
    wrapper.initialize_count_status(model, 4, 10)
    assert wrapper.scale_loss(one).item() == 0.25


class _FakeDDP(nn.Module):
    """A real module exposing DDP's ``no_sync`` and recording its use."""

    def __init__(self, module: nn.Module) -> None:
        super().__init__()
        self.module = module
        self.no_sync_calls = 0

    @contextlib.contextmanager
    def no_sync(self):
        self.no_sync_calls += 1
        yield

    def forward(self, x):
        return self.module(x)


def test_optim_context_skips_gradient_sync_inside_accumulation_window():
    model = _FakeDDP(Regressor())
    wrapper = OptimWrapper(_sgd(model), accumulative_counts=3)
    wrapper.initialize_count_status(model, 0, 7)
    synced = []
    for x, y in _batches(7):
        calls = model.no_sync_calls
        with wrapper.optim_context(model):
            loss = _loss(model, x, y)
        synced.append(model.no_sync_calls == calls)
        wrapper.update_params(loss)
    # The iterations that step (3, 6 and the last, 7) all-reduce.
    assert [i + 1 for i, s in enumerate(synced) if s] == [3, 6, 7]


def test_without_accumulation_the_loss_is_not_rescaled_and_context_is_shared():
    model = _FakeDDP(Regressor())
    wrapper = OptimWrapper(_sgd(model))
    loss = torch.tensor(2.0, requires_grad=True)
    # No ``loss / 1`` node: the same tensor goes to backward.
    assert wrapper.scale_loss(loss) is loss
    # Every iteration steps, so no no_sync and one reusable empty context.
    first, second = wrapper.optim_context(model), wrapper.optim_context(model)
    assert first is second
    with first:
        pass
    assert model.no_sync_calls == 0


def test_clip_grad_norm_matches_torch_and_reports_a_tensor(monkeypatch):
    torch.manual_seed(0)
    model = Regressor()
    reference = copy.deepcopy(model)
    hub = MessageHub.get_instance("optim-clip-test")
    reported = []
    original = hub.update_scalar

    def spy(key, value, *args, **kwargs):
        reported.append((key, value))
        return original(key, value, *args, **kwargs)

    monkeypatch.setattr(hub, "update_scalar", spy)
    wrapper = OptimWrapper(
        torch.optim.SGD(model.parameters(), lr=0.1),
        clip_grad=dict(max_norm=0.05, norm_type=2),
    )
    x, y = _batches(1)[0]
    wrapper.update_params(_loss(model, x, y) * 100)

    ref_optimizer = torch.optim.SGD(reference.parameters(), lr=0.1)
    (_loss(reference, x, y) * 100).backward()
    total = torch.nn.utils.clip_grad_norm_(
        reference.parameters(), max_norm=0.05, norm_type=2
    )
    ref_optimizer.step()
    assert _max_diff(model, reference) < 1e-7
    # Handed over as a detached tensor: no host sync in the training step.
    [(key, value)] = reported
    assert key == "train/grad_norm"
    assert isinstance(value, torch.Tensor) and not value.requires_grad
    assert torch.allclose(value, total, rtol=1e-6)
    assert hub.get_scalar("train/grad_norm").current() == pytest.approx(
        total.item(), rel=1e-6
    )


def test_clip_grad_value_clamps_every_gradient():
    torch.manual_seed(0)
    model = Regressor()
    wrapper = OptimWrapper(
        torch.optim.SGD(model.parameters(), lr=0.0),
        clip_grad=dict(type="value", clip_value=1e-3),
    )
    x, y = _batches(1)[0]
    wrapper.backward(_loss(model, x, y) * 100)
    wrapper.step()
    largest = max(p.grad.abs().max().item() for p in model.parameters())
    # float32(1e-3) is slightly above 1e-3; the large loss makes it binding.
    assert largest == pytest.approx(1e-3, rel=1e-6)


def test_clip_value_without_type_means_value_clipping():
    wrapper = OptimWrapper(_sgd(Regressor()), clip_grad=dict(clip_value=0.2))
    assert wrapper.clip_func is torch.nn.utils.clip_grad_value_


@pytest.mark.parametrize(
    "clip_grad, match",
    [(dict(type="l1", max_norm=1), "clip_grad.type"), (dict(type="norm"), "clip_grad")],
)
def test_bad_clip_grad_is_an_error_naming_the_key(clip_grad, match):
    with pytest.raises((ValueError, TypeError), match=match):
        OptimWrapper(_sgd(Regressor()), clip_grad=clip_grad)


@pytest.mark.parametrize("counts", [0, -1, 1.5])
def test_accumulative_counts_below_one_is_an_error_naming_the_key(counts):
    with pytest.raises(ValueError, match="accumulative_counts"):
        OptimWrapper(_sgd(Regressor()), accumulative_counts=counts)


def test_get_lr_and_momentum_like_mmengine():
    model = Regressor()
    sgd = torch.optim.SGD(
        [
            {"params": model.fc1.parameters()},
            {"params": model.fc2.parameters(), "lr": 0.5},
        ],
        lr=0.1,
        momentum=0.9,
    )
    wrapper = OptimWrapper(sgd)
    # Several groups: the base lr is tracked and reported as in MMEngine.
    assert wrapper.get_lr() == {"base_lr": [0.1], "lr": [0.1, 0.5]}
    assert wrapper.get_momentum() == {"momentum": [0.9, 0.9]}
    assert len(wrapper.param_groups) == 3
    adam = OptimWrapper(
        torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.8, 0.99))
    )
    assert adam.get_momentum() == {"momentum": [0.8]}
    rms = OptimWrapper(torch.optim.Adagrad(model.parameters(), lr=1e-3))
    assert rms.get_momentum() == {"momentum": [0]}
    assert wrapper.defaults["lr"] == 0.1


def test_state_dict_round_trip_restores_optimizer_and_base_settings():
    torch.manual_seed(0)
    model = Regressor()
    groups = [
        {"params": model.fc1.parameters()},
        {"params": model.fc2.parameters(), "lr": 0.5},
    ]
    wrapper = OptimWrapper(torch.optim.SGD(groups, lr=0.1, momentum=0.9))
    x, y = _batches(1)[0]
    wrapper.update_params(_loss(model, x, y))
    wrapper.base_param_settings["lr"] = 0.05
    state = wrapper.state_dict()
    assert "base_param_settings" in state

    fresh_model = copy.deepcopy(model)
    groups = [
        {"params": fresh_model.fc1.parameters()},
        {"params": fresh_model.fc2.parameters(), "lr": 0.5},
    ]
    fresh = OptimWrapper(torch.optim.SGD(groups, lr=0.1, momentum=0.9))
    fresh.load_state_dict(state)
    assert "base_param_settings" in state  # the caller's dict is not consumed
    assert fresh.get_lr()["base_lr"] == [0.05]
    buf = wrapper.optimizer.state_dict()["state"][0]["momentum_buffer"]
    assert torch.equal(fresh.optimizer.state_dict()["state"][0]["momentum_buffer"], buf)


def test_initialize_count_status_warns_about_batch_norm_and_odd_resume(captured_log):
    model = nn.Sequential(nn.Linear(2, 2), nn.BatchNorm1d(2))
    wrapper = OptimWrapper(
        torch.optim.SGD(model.parameters(), lr=0.1), accumulative_counts=2
    )
    wrapper.initialize_count_status(model, 3, 10)
    warnings = " ".join(m for level, m in captured_log if level == "WARNING")
    assert "BatchNorm" in warnings and "not divisible" in warnings


_WRAPPER_GOLDEN = json.loads(
    (
        Path(__file__).resolve().parents[2]
        / "fixtures/golden/schedulers/optim_wrapper_mmengine_0.10.7.json"
    ).read_text()
)["cases"]


@pytest.mark.parametrize(
    "case", _WRAPPER_GOLDEN, ids=[c["name"] for c in _WRAPPER_GOLDEN]
)
@pytest.mark.golden
def test_training_through_the_wrapper_matches_mmengine(case):
    """Recorded on another CPU; weights compared within 4 float32 ulps."""
    model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1))
    model.load_state_dict({k: torch.tensor(v) for k, v in case["init_state"].items()})
    wrapper = build_optim_wrapper(model, copy.deepcopy(case["optim_wrapper"]))
    if case["init_counts"] is not None:
        wrapper.initialize_count_status(model, case["init_counts"], case["max_counts"])
    for x, y in case["data"]:
        x, y = torch.tensor(x), torch.tensor(y)
        with wrapper.optim_context(model):
            loss = ((model(x) - y) ** 2).mean()
        wrapper.update_params(loss)
    for key, value in model.state_dict().items():
        assert_within_ulps(value, case["final_state"][key], key=key)
