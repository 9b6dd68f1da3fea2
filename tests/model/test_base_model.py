"""BaseModel: parse_losses, forward modes, steps, device moves."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
import torch
import torch.nn as nn

from mmcompat.model import BaseDataPreprocessor, BaseModel, ImgDataPreprocessor
from mmcompat.registry import MODELS


class ToyModel(BaseModel):
    def __init__(self, data_preprocessor=None) -> None:
        super().__init__(data_preprocessor=data_preprocessor)
        self.linear = nn.Linear(2, 1)

    def forward(self, inputs, data_samples=None, mode="tensor"):
        out = self.linear(inputs)
        if mode == "loss":
            return dict(
                loss_mse=((out - data_samples) ** 2).mean(), acc=out.detach().mean()
            )
        if mode == "predict":
            return [row for row in out]
        return out


def test_base_model_needs_forward():
    with pytest.raises(TypeError, match="abstract"):
        BaseModel()


def test_parse_losses_sums_loss_keys_and_lists():
    model = ToyModel()
    losses = dict(
        loss_cls=torch.tensor([1.0, 3.0], requires_grad=True),
        loss_bbox=[torch.tensor([2.0, 4.0]), torch.tensor(5.0)],
        acc=torch.tensor(0.5),
    )
    loss, log_vars = model.parse_losses(losses)
    # mean(1, 3) + (mean(2, 4) + 5); 'acc' has no 'loss' in its name.
    assert loss.item() == pytest.approx(2.0 + 3.0 + 5.0)
    assert loss.requires_grad
    assert list(log_vars) == ["loss", "loss_cls", "loss_bbox", "acc"]
    assert log_vars["loss_bbox"].item() == pytest.approx(8.0)
    assert log_vars["acc"].item() == pytest.approx(0.5)


def test_parse_losses_log_vars_are_detached_tensors():
    model = ToyModel()
    _, log_vars = model.parse_losses(dict(loss=torch.ones(2, requires_grad=True)))
    assert all(isinstance(v, torch.Tensor) for v in log_vars.values())
    assert not any(v.requires_grad for v in log_vars.values())


def test_parse_losses_never_syncs_with_item(monkeypatch):
    calls = []
    real_item = torch.Tensor.item

    def counting_item(self):
        calls.append(1)
        return real_item(self)

    monkeypatch.setattr(torch.Tensor, "item", counting_item)
    monkeypatch.setattr(torch.Tensor, "tolist", lambda self: calls.append(1))
    ToyModel().parse_losses(
        dict(loss_a=torch.ones(3), loss_b=[torch.ones(2)], acc=torch.ones(1))
    )
    assert calls == []


def test_parse_losses_rejects_non_tensor_values():
    with pytest.raises(TypeError, match="'acc' must be a tensor or a list of tensors"):
        ToyModel().parse_losses(dict(loss=torch.ones(1), acc=0.5))


def test_run_forward_unpacks_dict_as_keywords_and_sequence_as_positionals():
    model = ToyModel()
    x = torch.randn(4, 2)
    expected = model.linear(x)
    assert torch.equal(model._run_forward(dict(inputs=x), mode="tensor"), expected)
    assert torch.equal(model._run_forward([x], mode="tensor"), expected)
    assert len(model._run_forward((x, None), mode="predict")) == 4
    with pytest.raises(TypeError, match="dict, list or tuple"):
        model._run_forward(x, mode="tensor")


def test_val_and_test_step_return_predictions():
    model = ToyModel()
    x = torch.randn(3, 2)
    for step in (model.val_step, model.test_step):
        preds = step(dict(inputs=x))
        assert len(preds) == 3
        assert torch.allclose(torch.stack(preds), model.linear(x))


class RecordingOptimWrapper:
    """Records the order of calls; the real OptimWrapper is tested in tests/optim."""

    def __init__(self, model: nn.Module) -> None:
        self.optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
        self.calls: list[str] = []

    @contextmanager
    def optim_context(self, model):
        self.calls.append("enter")
        yield
        self.calls.append("exit")

    def update_params(self, loss):
        self.calls.append("update")
        loss.backward()
        self.optimizer.step()
        self.optimizer.zero_grad()


def test_train_step_runs_forward_in_context_then_updates():
    torch.manual_seed(0)
    model = ToyModel()
    wrapper = RecordingOptimWrapper(model)
    x, y = torch.randn(4, 2), torch.randn(4, 1)
    before = model.linear.weight.detach().clone()
    expected_loss = ((model.linear(x) - y) ** 2).mean().detach()
    log_vars = model.train_step(dict(inputs=x, data_samples=y), wrapper)
    assert wrapper.calls == ["enter", "exit", "update"]
    assert torch.allclose(log_vars["loss"], expected_loss)
    assert not torch.equal(model.linear.weight, before)


def test_data_preprocessor_default_and_from_config():
    assert type(ToyModel().data_preprocessor) is BaseDataPreprocessor
    model = ToyModel(
        data_preprocessor=dict(type="ImgDataPreprocessor", mean=[1], std=[2])
    )
    assert isinstance(model.data_preprocessor, ImgDataPreprocessor)
    with pytest.raises(TypeError, match="dict or an nn.Module"):
        ToyModel(data_preprocessor="ImgDataPreprocessor")


def test_model_device_moves_update_preprocessor_device():
    # The meta device stands in for an accelerator on CPU-only machines.
    model = ToyModel()
    model.to(torch.device("meta"))
    assert model.data_preprocessor.device == torch.device("meta")
    model.to(torch.float64)  # dtype only: device unchanged
    assert model.data_preprocessor.device == torch.device("meta")
    model = ToyModel().to("meta", torch.float64)
    assert model.data_preprocessor.device == torch.device("meta")
    model = ToyModel()
    model.data_preprocessor._device = torch.device("meta")
    model.cpu()
    assert model.data_preprocessor.device == torch.device("cpu")


def test_models_registered():
    assert MODELS.get("BaseDataPreprocessor") is BaseDataPreprocessor
    assert MODELS.get("ImgDataPreprocessor") is ImgDataPreprocessor


def test_parse_losses_adds_no_autograd_node_for_a_single_scalar_loss():
    # mean() of a 0-d loss and ``0 + loss`` are identities; MMEngine builds
    # both nodes (a forward and a backward kernel each per iteration).
    model = ToyModel()
    weight = torch.tensor(2.0, requires_grad=True)
    loss_in = weight * 3.0
    loss, log_vars = model.parse_losses(dict(loss_mse=loss_in))
    assert loss is loss_in
    assert log_vars["loss"].item() == pytest.approx(6.0)
    loss.backward()
    assert weight.grad.item() == pytest.approx(3.0)


@pytest.mark.parametrize(
    "value",
    [
        torch.tensor(1.5, requires_grad=True),  # the usual single loss
        torch.tensor([1.0, 2.0], requires_grad=True),  # reduced with mean()
        torch.tensor(3),  # an int tensor: mean() fails, as in MMEngine
        torch.tensor(1.5, dtype=torch.float64),
    ],
)
def test_parse_losses_of_a_single_loss_entry_equals_the_general_rule(value):
    # The general rule, spelled out: mean of the entry; total = the entry;
    # log_vars = {'loss': detached total}.
    if not value.is_floating_point():
        with pytest.raises(RuntimeError):
            ToyModel().parse_losses(dict(loss=value))
        return
    loss, log_vars = ToyModel().parse_losses(dict(loss=value))
    assert torch.equal(loss, value.mean()) and loss.requires_grad == value.requires_grad
    assert list(log_vars) == ["loss"] and type(log_vars).__name__ == "OrderedDict"
    assert torch.equal(log_vars["loss"], value.mean().detach())
    assert not log_vars["loss"].requires_grad


def test_parse_losses_without_loss_keys_gives_int_zero_like_sum():
    loss, log_vars = ToyModel().parse_losses(dict(acc=torch.tensor(0.5)))
    assert loss == 0 and isinstance(loss, int)
    assert list(log_vars) == ["loss", "acc"]


def test_parse_losses_entry_named_loss_overrides_the_total_in_log_vars():
    # As MMEngine: log_vars = {'loss': total}; log_vars.update(entries).
    loss, log_vars = ToyModel().parse_losses(
        dict(loss=torch.tensor(1.0), loss_b=torch.tensor(2.0))
    )
    assert loss.item() == pytest.approx(3.0)
    assert list(log_vars) == ["loss", "loss_b"]
    assert log_vars["loss"].item() == pytest.approx(1.0)
