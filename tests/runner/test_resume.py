"""Exact resume: interrupted anywhere, resumed in a new Runner, the final
weights are bitwise those of an uninterrupted run (shuffling sampler,
dropout, momentum, validation in between), and no skipped sample is loaded.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import torch

from mmcompat.hooks import Hook
from mmcompat.runner import Runner
from mmcompat.runner.checkpoint import CheckpointError

from .helpers import CountingDataset, MeanErrorMetric, loader_cfg, runner_cfg

BATCH = 3  # 12 samples -> 4 batches per epoch


def _cfg(work_dir, by_epoch: bool, sampler="DefaultSampler", **extra):
    cfg = runner_cfg(
        work_dir,
        train_dataloader=loader_cfg(batch_size=BATCH, sampler=sampler),
        default_hooks=dict(
            logger=dict(type="LoggerHook", interval=100),
            # a checkpoint after every iteration: any of them can be resumed
            checkpoint=dict(type="CheckpointHook", interval=1, by_epoch=False),
        ),
        # and one after every epoch (saved before that epoch's validation)
        custom_hooks=[dict(type="CheckpointHook", interval=1, by_epoch=True)],
    )
    if by_epoch:
        cfg["train_cfg"] = dict(by_epoch=True, max_epochs=3, val_interval=1)
    else:
        cfg["train_cfg"] = dict(by_epoch=False, max_iters=10, val_interval=3)
    cfg.update(
        val_dataloader=loader_cfg(
            dataset=dict(type=CountingDataset, n=6, seed=1), shuffle=False
        ),
        val_cfg=dict(),
        val_evaluator=dict(type=MeanErrorMetric),
    )
    cfg.update(extra)
    return cfg


def _train(cfg):
    runner = Runner.from_cfg(cfg)
    runner.train()
    return runner


def _weights(runner):
    return {k: v.clone() for k, v in runner.model.state_dict().items()}


def _assert_bitwise_equal(a, b):
    assert a.keys() == b.keys()
    for key in a:
        assert torch.equal(a[key], b[key]), key


@pytest.fixture(scope="module")
def epoch_reference(tmp_path_factory):
    work_dir = tmp_path_factory.mktemp("epoch_ref")
    cfg = _cfg(work_dir, by_epoch=True)
    runner = _train(cfg)
    return work_dir, _weights(runner), list(runner.train_dataloader.dataset.reads)


@pytest.mark.parametrize(
    "name, k",
    # mid-epoch, last batch of an epoch, mid-epoch 2, after epoch 1 (whose
    # validation the resumed run does not repeat)
    [("iter_1", 1), ("iter_4", 4), ("iter_6", 6), ("epoch_1", 4)],
)
def test_epoch_based_resume_is_bitwise_exact(epoch_reference, tmp_path, name, k):
    ref_dir, ref_weights, ref_reads = epoch_reference
    cfg = _cfg(
        tmp_path, by_epoch=True, load_from=str(ref_dir / f"{name}.pth"), resume=True
    )
    runner = _train(cfg)
    _assert_bitwise_equal(_weights(runner), ref_weights)
    # Only the batches after iteration k were read, in the same order.
    assert runner.train_dataloader.dataset.reads == ref_reads[k * BATCH :]


def test_reference_run_differs_from_a_different_seed(epoch_reference, tmp_path):
    """The exactness check can fail: a different seed gives other weights."""
    _, ref_weights, _ = epoch_reference
    runner = _train(_cfg(tmp_path, by_epoch=True, randomness=dict(seed=8)))
    weights = _weights(runner)
    assert any(not torch.equal(weights[k], ref_weights[k]) for k in weights)


@pytest.mark.parametrize(
    "sampler, k",
    [("InfiniteSampler", 5), ("DefaultSampler", 4), ("DefaultSampler", 6)],
)
def test_iter_based_resume_is_bitwise_exact(tmp_path, sampler, k):
    reference = _train(_cfg(tmp_path / "ref", by_epoch=False, sampler=sampler))
    ref_reads = list(reference.train_dataloader.dataset.reads)
    resumed = _train(
        _cfg(
            tmp_path / "resumed",
            by_epoch=False,
            sampler=sampler,
            load_from=str(tmp_path / "ref" / f"iter_{k}.pth"),
            resume=True,
        )
    )
    _assert_bitwise_equal(_weights(resumed), _weights(reference))
    assert resumed.train_dataloader.dataset.reads == ref_reads[k * BATCH :]
    assert resumed.iter == 10


class _Interrupt(Hook):
    priority = "LOWEST"  # after CheckpointHook saved this iteration

    def __init__(self, at_iter: int) -> None:
        self.at_iter = at_iter

    def after_train_iter(self, runner, batch_idx, data_batch=None, outputs=None):
        if runner.iter + 1 == self.at_iter:
            raise KeyboardInterrupt


def test_interrupted_run_resumes_from_work_dir(epoch_reference, tmp_path):
    _, ref_weights, _ = epoch_reference
    with pytest.raises(KeyboardInterrupt):
        _train(
            _cfg(
                tmp_path, by_epoch=True, custom_hooks=[dict(type=_Interrupt, at_iter=7)]
            )
        )
    resumed = _train(_cfg(tmp_path, by_epoch=True, resume=True))
    assert resumed.iter == 12
    _assert_bitwise_equal(_weights(resumed), ref_weights)


def test_resume_restores_optimizer_schedulers_and_message_hub(tmp_path):
    cfg = _cfg(
        tmp_path / "ref",
        by_epoch=True,
        param_scheduler=dict(type="MultiStepLR", milestones=[1, 2], gamma=0.5),
    )
    reference = _train(copy.deepcopy(cfg))
    cfg.update(
        work_dir=str(tmp_path / "b"), load_from=str(tmp_path / "ref" / "iter_6.pth")
    )
    cfg["resume"] = True
    runner = Runner.from_cfg(cfg)
    runner.train_loop  # noqa: B018 (build the loop, as train() does)
    runner.optim_wrapper = runner.build_optim_wrapper(runner.optim_wrapper)
    runner.param_schedulers = runner.build_param_scheduler(runner.param_schedulers)
    runner.resume(str(tmp_path / "ref" / "iter_6.pth"))
    assert (runner.epoch, runner.iter) == (1, 6)
    assert runner.optim_wrapper.get_lr()["lr"] == [0.05]
    assert runner.param_schedulers[0].last_step == 1
    momentum = runner.optim_wrapper.optimizer.state_dict()["state"][0][
        "momentum_buffer"
    ]
    assert momentum.abs().sum() > 0
    assert runner.message_hub.get_info("iter") == 5
    assert reference.iter == 12


def test_load_from_without_resume_loads_weights_only(epoch_reference, tmp_path):
    ref_dir, _, _ = epoch_reference
    checkpoint = torch.load(ref_dir / "iter_6.pth", weights_only=True)
    cfg = _cfg(tmp_path, by_epoch=True, load_from=str(ref_dir / "iter_6.pth"))
    cfg["train_cfg"] = dict(by_epoch=True, max_epochs=1)
    runner = Runner.from_cfg(cfg)
    runner.load_or_resume()
    assert runner.iter == 0
    for key, value in runner.model.state_dict().items():
        assert torch.equal(value, checkpoint["state_dict"][key])


def test_auto_resume_without_checkpoint_starts_fresh(tmp_path):
    runner = Runner.from_cfg(_cfg(tmp_path, by_epoch=True, resume=True))
    runner.load_or_resume()
    assert (runner.epoch, runner.iter) == (0, 0)
    log = (Path(runner.log_dir) / f"{runner.timestamp}.log").read_text()
    # MMEngine 0.10.7's sentence, then what happens (it also logged
    # "Auto resumed from the latest checkpoint None.")
    assert "Did not find last_checkpoint to be resumed." in log
    assert f"No checkpoint in {tmp_path}: training from scratch." in log
    assert "Auto resumed" not in log


def test_resume_from_a_missing_checkpoint_is_an_error_naming_it(tmp_path):
    missing = tmp_path / "nope" / "epoch_3.pth"
    runner = Runner.from_cfg(
        _cfg(tmp_path, by_epoch=True, resume=True, load_from=str(missing))
    )
    with pytest.raises(CheckpointError, match=f"{missing} does not exist"):
        runner.train()
    assert not list(tmp_path.glob("*.pth"))
