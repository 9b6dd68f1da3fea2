"""AmpOptimWrapper (CPU bfloat16) and OptimWrapperDict."""

from __future__ import annotations

import io

import pytest
import torch
import torch.nn as nn

from mmcompat.optim import AmpOptimWrapper, OptimWrapper, OptimWrapperDict

from ._models import Regressor


def _data(seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(64, 4, generator=g)
    y = x @ torch.tensor([[1.0], [-2.0], [0.5], [3.0]])
    return x, y


def test_bf16_on_cpu_trains_a_tiny_model_under_autocast():
    torch.manual_seed(0)
    model = Regressor()
    wrapper = AmpOptimWrapper(
        optimizer=torch.optim.Adam(model.parameters(), lr=1e-2),
        dtype="bfloat16",
        clip_grad=dict(max_norm=10.0),
    )
    x, y = _data()
    losses = []
    for _ in range(60):
        with wrapper.optim_context(model):
            out = model(x)
            assert out.dtype == torch.bfloat16
        loss = ((out.float() - y) ** 2).mean()
        wrapper.update_params(loss)
        losses.append(loss.item())
    assert losses[-1] < 0.2 * losses[0]
    # Outside the context the model runs in float32 again.
    assert model(x).dtype == torch.float32
    # bf16 needs no loss scaling.
    assert not wrapper.scaler_enabled


def test_bf16_update_matches_plain_update_of_the_same_gradients():
    torch.manual_seed(0)
    amp_model = Regressor()
    plain_model = Regressor()
    plain_model.load_state_dict(amp_model.state_dict())
    amp = AmpOptimWrapper(
        optimizer=torch.optim.SGD(amp_model.parameters(), lr=0.1), dtype="bfloat16"
    )
    plain = OptimWrapper(torch.optim.SGD(plain_model.parameters(), lr=0.1))
    x, y = _data()
    with amp.optim_context(amp_model):
        out = amp_model(x)
    amp.backward(((out.float() - y) ** 2).mean())
    grads = [p.grad.clone() for p in amp_model.parameters()]
    amp.step()
    for p, g in zip(plain_model.parameters(), grads):
        p.grad = g
    plain.step()
    for a, b in zip(amp_model.parameters(), plain_model.parameters()):
        assert torch.equal(a, b)


@pytest.mark.parametrize(
    "dtype, expected",
    [("float16", torch.float16), (torch.bfloat16, torch.bfloat16), (None, None)],
)
def test_dtype_accepts_names_and_dtypes(dtype, expected):
    wrapper = AmpOptimWrapper(
        optimizer=torch.optim.SGD(Regressor().parameters(), lr=0.1), dtype=dtype
    )
    assert wrapper.cast_dtype == expected


def test_unknown_dtype_is_an_error_naming_the_key():
    with pytest.raises(ValueError, match="optim_wrapper.dtype"):
        AmpOptimWrapper(
            optimizer=torch.optim.SGD(Regressor().parameters(), lr=0.1), dtype="int8"
        )


@pytest.mark.parametrize("loss_scale", ["dynamic", 512, 512.0, dict(init_scale=256.0)])
def test_loss_scale_forms_are_accepted(loss_scale):
    wrapper = AmpOptimWrapper(
        optimizer=torch.optim.SGD(Regressor().parameters(), lr=0.1),
        loss_scale=loss_scale,
    )
    assert wrapper.loss_scaler is not None


def test_bad_loss_scale_is_an_error_naming_the_key():
    with pytest.raises(TypeError, match="loss_scale"):
        AmpOptimWrapper(
            optimizer=torch.optim.SGD(Regressor().parameters(), lr=0.1),
            loss_scale="big",
        )


def test_state_dict_has_loss_scaler_and_survives_weights_only_load():
    model = Regressor()
    wrapper = AmpOptimWrapper(
        optimizer=torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    )
    x, y = _data()
    with wrapper.optim_context(model):
        loss = ((model(x).float() - y) ** 2).mean()
    wrapper.update_params(loss)
    state = wrapper.state_dict()
    assert "loss_scaler" in state
    buffer = io.BytesIO()
    torch.save(state, buffer)
    buffer.seek(0)
    loaded = torch.load(buffer, weights_only=True)
    fresh = AmpOptimWrapper(
        optimizer=torch.optim.SGD(Regressor().parameters(), lr=0.1, momentum=0.9)
    )
    fresh.load_state_dict(loaded)
    assert (
        fresh.optimizer.state_dict()["state"].keys()
        == wrapper.optimizer.state_dict()["state"].keys()
    )


def _two_wrappers() -> tuple[nn.Module, nn.Module, OptimWrapperDict]:
    gen, disc = Regressor(), Regressor()
    gen_groups = [
        {"params": gen.fc1.parameters()},
        {"params": gen.fc2.parameters(), "lr": 0.2},
    ]
    wrappers = OptimWrapperDict(
        gen=OptimWrapper(torch.optim.SGD(gen_groups, lr=0.1, momentum=0.9)),
        disc=OptimWrapper(
            torch.optim.Adam(disc.parameters(), lr=1e-3, betas=(0.5, 0.9))
        ),
    )
    return gen, disc, wrappers


def test_optim_wrapper_dict_reports_lr_and_momentum_per_name():
    _, _, wrappers = _two_wrappers()
    assert wrappers.get_lr() == {
        "gen.base_lr": [0.1],
        "gen.lr": [0.1, 0.2],
        "disc.lr": [1e-3],
    }
    assert wrappers.get_momentum() == {
        "gen.momentum": [0.9, 0.9],
        "disc.momentum": [0.5],
    }
    assert list(wrappers.keys()) == ["gen", "disc"]
    assert dict(wrappers.items())["disc"] is wrappers["disc"]
    assert "gen" in wrappers and len(wrappers) == 2


def test_optim_wrapper_dict_refuses_to_train_as_a_whole():
    gen, _, wrappers = _two_wrappers()
    loss = gen(torch.randn(2, 4)).sum()
    with pytest.raises(NotImplementedError):
        wrappers.update_params(loss)
    with pytest.raises(NotImplementedError):
        wrappers.step()
    with pytest.raises(NotImplementedError):
        with wrappers.optim_context(gen):
            pass
    with pytest.raises(KeyError, match="'critic'"):
        wrappers["critic"]


def test_optim_wrapper_dict_state_round_trip_and_zero_grad():
    gen, disc, wrappers = _two_wrappers()
    x = torch.randn(3, 4)
    wrappers["gen"].update_params(gen(x).sum())
    disc(x).sum().backward()
    wrappers["disc"].step()
    state = wrappers.state_dict()
    assert set(state) == {"gen", "disc"}
    wrappers.zero_grad()
    assert all(p.grad is None or not p.grad.any() for p in disc.parameters())
    _, _, fresh = _two_wrappers()
    fresh.load_state_dict(state)
    assert fresh["disc"].optimizer.state_dict()["state"][0]["step"] == 1
    with pytest.raises(KeyError, match="'critic'"):
        fresh.load_state_dict({"critic": {}})


def test_float16_uses_the_grad_scaler_and_unscales_before_clipping():
    # CPU autocast supports float16 too, which exercises the scaling path.
    torch.manual_seed(0)
    model = Regressor()
    wrapper = AmpOptimWrapper(
        optimizer=torch.optim.SGD(model.parameters(), lr=0.0),
        dtype="float16",
        loss_scale=dict(init_scale=64.0),  # small enough not to overflow fp16
        clip_grad=dict(max_norm=1e-3),
    )
    assert wrapper.scaler_enabled
    x, y = _data()
    with wrapper.optim_context(model):
        out = model(x)
    assert out.dtype == torch.float16
    wrapper.backward(((out.float() - y) ** 2).mean())
    wrapper.step()
    # Clipped on the true (unscaled) gradients: their total norm is max_norm.
    norm = torch.stack([p.grad.norm() for p in model.parameters()]).norm()
    assert norm.item() == pytest.approx(1e-3, rel=1e-3)


def test_static_loss_scale_stays_fixed_and_round_trips():
    torch.manual_seed(0)
    model = Regressor()
    wrapper = AmpOptimWrapper(
        optimizer=torch.optim.SGD(model.parameters(), lr=1e-2),
        dtype="float16",
        loss_scale=512,
    )
    x, y = _data()
    for _ in range(3):
        with wrapper.optim_context(model):
            loss = ((model(x).float() - y) ** 2).mean()
        wrapper.update_params(loss)
    assert wrapper.loss_scaler.get_scale() == 512.0
    state = wrapper.state_dict()
    assert state["loss_scaler"]["scale"] == 512.0
    fresh = AmpOptimWrapper(
        optimizer=torch.optim.SGD(Regressor().parameters(), lr=1e-2), dtype="float16"
    )
    fresh.load_state_dict(state)
    assert fresh.loss_scaler.get_scale() == 512.0
    # A bfloat16 run saved an empty scaler state: nothing to restore.
    fresh.load_state_dict(
        AmpOptimWrapper(
            optimizer=torch.optim.SGD(Regressor().parameters(), lr=1e-2),
            dtype="bfloat16",
        ).state_dict()
    )
