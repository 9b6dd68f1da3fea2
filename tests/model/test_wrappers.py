"""MMDistributedDataParallel, is_model_wrapper and the SyncBN helpers."""

from __future__ import annotations

import copy

import pytest
import torch
import torch.distributed as dist
import torch.nn as nn

from mmcompat.model import (
    BaseModel,
    BaseModule,
    BaseTTAModel,
    MMDistributedDataParallel,
    convert_sync_batchnorm,
    is_model_wrapper,
    revert_sync_batchnorm,
)
from mmcompat.optim import OptimWrapper
from mmcompat.registry import MODEL_WRAPPERS, Registry


class Regressor(BaseModel):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 1)

    def forward(self, inputs, data_samples=None, mode="tensor"):
        out = self.fc(inputs)
        if mode == "loss":
            return dict(loss=((out - data_samples) ** 2).mean())
        if mode == "predict":
            return list(out)
        return out


@pytest.fixture
def one_rank_group(tmp_path):
    dist.init_process_group(
        "gloo", init_method=f"file://{tmp_path / 'store'}", rank=0, world_size=1
    )
    yield
    dist.destroy_process_group()


def test_ddp_train_step_matches_the_unwrapped_model(one_rank_group):
    torch.manual_seed(0)
    plain = Regressor()
    wrapped_inner = copy.deepcopy(plain)
    ddp = MMDistributedDataParallel(wrapped_inner)
    assert is_model_wrapper(ddp) and not is_model_wrapper(plain)
    plain_optim = OptimWrapper(torch.optim.SGD(plain.parameters(), lr=0.1))
    ddp_optim = OptimWrapper(torch.optim.SGD(ddp.parameters(), lr=0.1))
    g = torch.Generator().manual_seed(1)
    for _ in range(3):
        data = dict(
            inputs=torch.randn(4, 3, generator=g),
            data_samples=torch.randn(4, 1, generator=g),
        )
        expected = plain.train_step(data, plain_optim)
        got = ddp.train_step(data, ddp_optim)
        assert torch.allclose(got["loss"], expected["loss"], rtol=1e-6)
    assert torch.allclose(ddp.module.fc.weight, plain.fc.weight, rtol=1e-6)
    x = torch.randn(2, 3)
    assert torch.allclose(torch.stack(ddp.val_step(dict(inputs=x))), plain.fc(x))
    assert len(ddp.test_step(dict(inputs=x))) == 2


def test_ddp_wrapper_registered_with_torch_wrappers():
    assert MODEL_WRAPPERS.get("MMDistributedDataParallel") is MMDistributedDataParallel
    assert (
        MODEL_WRAPPERS.get("DistributedDataParallel")
        is nn.parallel.DistributedDataParallel
    )
    assert is_model_wrapper(nn.DataParallel(nn.Linear(1, 1)))


def test_is_model_wrapper_searches_child_registries():
    child = Registry("model_wrapper", parent=MODEL_WRAPPERS, scope="wrapper_test_scope")

    @child.register_module()
    class MyWrapper(nn.Module):
        def __init__(self, module):
            super().__init__()
            self.module = module

    assert is_model_wrapper(MyWrapper(nn.Linear(1, 1)))
    del MODEL_WRAPPERS.children["wrapper_test_scope"]


def test_init_weights_reaches_into_wrapped_children():
    class Inner(BaseModule):
        def __init__(self):
            super().__init__(init_cfg=dict(type="Constant", layer="Linear", val=3))
            self.fc = nn.Linear(2, 2)

    class Wrapper(nn.DataParallel):
        pass

    class Outer(BaseModule):
        def __init__(self):
            super().__init__()
            self.inner = Wrapper(Inner())

    outer = Outer()
    outer.init_weights()
    assert torch.all(outer.inner.module.fc.weight == 3)


def test_revert_and_convert_sync_batchnorm_keep_parameters():
    model = nn.Sequential(nn.Conv2d(2, 2, 1), nn.BatchNorm2d(2))
    with torch.no_grad():
        model[1].weight.fill_(2)
        model[1].running_mean.fill_(0.5)
    synced = convert_sync_batchnorm(model)
    assert isinstance(synced[1], nn.SyncBatchNorm)
    assert torch.all(synced[1].weight == 2) and torch.all(synced[1].running_mean == 0.5)
    reverted = revert_sync_batchnorm(synced)
    assert not isinstance(reverted[1], nn.SyncBatchNorm)
    assert isinstance(reverted[1], nn.modules.batchnorm._BatchNorm)
    reverted.eval()
    x = torch.randn(1, 2, 3, 3)
    reference = nn.Sequential(nn.Conv2d(2, 2, 1), nn.BatchNorm2d(2))
    reference.load_state_dict(reverted.state_dict())
    assert torch.allclose(reverted(x), reference.eval()(x))
    with pytest.raises(ValueError, match="must be 'torch'"):
        convert_sync_batchnorm(model, implementation="mmcv")


class FlipTTA(BaseTTAModel):
    def merge_preds(self, data_samples_list):
        return [torch.stack(list(preds)).mean(0) for preds in data_samples_list]


def test_tta_model_runs_each_augmentation_and_merges_per_sample():
    torch.manual_seed(0)
    model = Regressor()
    tta = FlipTTA(model)
    views = [torch.randn(2, 3), torch.randn(2, 3)]
    merged = tta.test_step(dict(inputs=views))
    expected = (model.fc(views[0]) + model.fc(views[1])) / 2
    assert len(merged) == 2
    assert torch.allclose(torch.stack(merged), expected)
    assert len(tta.test_step([views])) == 2
    with pytest.raises(NotImplementedError, match="call test_step"):
        tta(views[0])
