"""The runner trains with every optimizer wrapper type: OptimWrapper (with
accumulation and clipping), AmpOptimWrapper (bf16 on CPU, checkpointed) and
OptimWrapperDict (a GAN-style model with two optimizers and its own step,
resumed)."""

from __future__ import annotations

import torch
import torch.nn as nn

from mmcompat.model import BaseModel
from mmcompat.optim import (
    AmpOptimWrapper,
    DefaultOptimWrapperConstructor,
    OptimWrapper,
    OptimWrapperDict,
)
from mmcompat.registry import OPTIM_WRAPPER_CONSTRUCTORS
from mmcompat.runner import Runner

from .helpers import runner_cfg


def _params(model) -> dict[str, torch.Tensor]:
    return {k: v.detach().clone() for k, v in model.state_dict().items()}


def _changed(before, after) -> bool:
    return any(not torch.equal(before[k], after[k]) for k in before)


def test_accumulating_clipping_optim_wrapper_trains(tmp_path):
    cfg = runner_cfg(
        tmp_path,
        optim_wrapper=dict(
            type="OptimWrapper",
            optimizer=dict(type="SGD", lr=0.05),
            accumulative_counts=2,
            clip_grad=dict(max_norm=1.0),
        ),
    )
    runner = Runner.from_cfg(cfg)
    before = _params(runner.model)
    runner.train()
    assert type(runner.optim_wrapper) is OptimWrapper
    assert runner.optim_wrapper._accumulative_counts == 2
    assert _changed(before, _params(runner.model))
    # grad norm of the last update reached the message hub
    assert runner.message_hub.get_scalar("train/grad_norm").current() > 0


def test_amp_optim_wrapper_bf16_on_cpu(tmp_path):
    cfg = runner_cfg(
        tmp_path,
        optim_wrapper=dict(
            type="AmpOptimWrapper",
            dtype="bfloat16",
            optimizer=dict(type="SGD", lr=0.05),
        ),
    )
    runner = Runner.from_cfg(cfg)
    before = _params(runner.model)
    runner.train()
    assert isinstance(runner.optim_wrapper, AmpOptimWrapper)
    after = _params(runner.model)
    assert _changed(before, after)
    assert all(torch.isfinite(v).all() for v in after.values())
    # the checkpoint written by CheckpointHook holds the wrapper state and
    # loads back safely
    ckpt = torch.load(tmp_path / "epoch_2.pth", weights_only=True)
    assert "optimizer" in ckpt and "state_dict" in ckpt


class TinyGAN(BaseModel):
    """A generator and a discriminator, each updated by its own optimizer."""

    def __init__(self) -> None:
        super().__init__()
        self.generator = nn.Linear(4, 2)
        self.discriminator = nn.Linear(2, 1)

    def forward(self, inputs, labels=None, mode="tensor"):
        return self.generator(torch.stack(list(inputs)))

    def train_step(self, data, optim_wrapper):
        data = self.data_preprocessor(data, True)
        real = torch.stack(list(data["labels"]))
        fake = self.generator(torch.stack(list(data["inputs"])))
        with optim_wrapper["discriminator"].optim_context(self.discriminator):
            loss_d = (
                nn.functional.softplus(self.discriminator(fake.detach())).mean()
                + nn.functional.softplus(-self.discriminator(real)).mean()
            )
            optim_wrapper["discriminator"].update_params(loss_d)
        with optim_wrapper["generator"].optim_context(self.generator):
            loss_g = nn.functional.softplus(-self.discriminator(fake)).mean()
            optim_wrapper["generator"].update_params(loss_g)
        return dict(loss_d=loss_d.detach(), loss_g=loss_g.detach())


class PerSubmoduleConstructor:
    """One wrapper per named submodule (the shape of mmagic's multi-optimizer
    constructor): MMEngine ships no such constructor, configs register one."""

    def __init__(self, optim_wrapper_cfg: dict, paramwise_cfg=None) -> None:
        self.cfgs = optim_wrapper_cfg

    def __call__(self, model) -> OptimWrapperDict:
        return OptimWrapperDict(
            **{
                name: DefaultOptimWrapperConstructor(dict(cfg))(getattr(model, name))
                for name, cfg in self.cfgs.items()
            }
        )


OPTIM_WRAPPER_CONSTRUCTORS.register_module(
    name="PerSubmoduleConstructorForTest", module=PerSubmoduleConstructor, force=True
)


def test_optim_wrapper_dict_trains_a_gan_and_resumes(tmp_path):
    optim_wrapper = dict(
        constructor="PerSubmoduleConstructorForTest",
        generator=dict(optimizer=dict(type="Adam", lr=1e-2)),
        discriminator=dict(optimizer=dict(type="SGD", lr=1e-2, momentum=0.5)),
    )

    def cfg(max_epochs, resume=False):
        return runner_cfg(
            tmp_path,
            model=dict(type=TinyGAN),
            optim_wrapper=optim_wrapper,
            train_cfg=dict(by_epoch=True, max_epochs=max_epochs),
            resume=resume,
        )

    runner = Runner.from_cfg(cfg(1))
    before = _params(runner.model)
    runner.train()
    assert isinstance(runner.optim_wrapper, OptimWrapperDict)
    lrs = runner.optim_wrapper.get_lr()
    assert lrs["generator.lr"] == [1e-2] and lrs["discriminator.lr"] == [1e-2]
    after_one = _params(runner.model)
    assert _changed(
        {k: v for k, v in before.items() if k.startswith("generator")},
        {k: v for k, v in after_one.items() if k.startswith("generator")},
    )
    assert _changed(
        {k: v for k, v in before.items() if k.startswith("discriminator")},
        {k: v for k, v in after_one.items() if k.startswith("discriminator")},
    )

    resumed = Runner.from_cfg(cfg(2, resume=True))
    resumed.train()
    assert resumed.epoch == 2
    adam_state = resumed.optim_wrapper["generator"].optimizer.state_dict()["state"]
    # Adam's step count continued from the first run: 4 batches per epoch
    assert int(next(iter(adam_state.values()))["step"]) == 8
