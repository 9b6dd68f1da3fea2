"""Runner construction (configs, errors, lazy building) and loop behaviour."""

from __future__ import annotations

import functools

import pytest
import torch
from torch.utils.data import DataLoader

from mmcompat.hooks import Hook
from mmcompat.registry import LOOPS
from mmcompat.runner import EpochBasedTrainLoop, IterBasedTrainLoop, Runner, loops

from .helpers import CountingDataset, MeanErrorMetric, TinyModel, loader_cfg, runner_cfg


def _val(**kw):
    return dict(
        val_dataloader=loader_cfg(batch_size=4, shuffle=False),
        val_cfg=dict(**kw),
        val_evaluator=dict(type=MeanErrorMetric),
    )


# -- bad input: one clear error naming the key --------------------------------


@pytest.mark.parametrize(
    "override, message",
    [
        (
            dict(train_cfg=dict(by_epoch=True)),
            "train_cfg with by_epoch=True needs 'max_epochs'",
        ),
        (dict(train_cfg=dict(by_epoch=False)), "needs 'max_iters'"),
        (dict(train_cfg=dict(max_epochs=2)), "train_cfg needs 'by_epoch'"),
        (
            dict(
                train_dataloader=dict(batch_size=2, sampler=dict(type="DefaultSampler"))
            ),
            "train_dataloader config has no 'dataset' key",
        ),
        (
            dict(optim_wrapper=dict(type="OptimWrapper")),
            "optim_wrapper config has no 'optimizer' key",
        ),
        (
            dict(train_cfg=None),
            "train_dataloader, train_cfg, optim_wrapper must be given together",
        ),
    ],
)
def test_bad_configs_fail_at_construction_naming_the_key(tmp_path, override, message):
    with pytest.raises((KeyError, ValueError), match=message):
        Runner(**runner_cfg(tmp_path, **override))


def test_val_dataloader_without_dataset_is_named(tmp_path):
    cfg = runner_cfg(tmp_path, **_val())
    cfg["val_dataloader"] = dict(batch_size=2, sampler=dict(type="DefaultSampler"))
    with pytest.raises(KeyError, match="val_dataloader config has no 'dataset'"):
        Runner(**cfg)


# -- construction ----------------------------------------------------------


def test_components_are_built_lazily(tmp_path):
    runner = Runner(**runner_cfg(tmp_path, **_val()))
    assert isinstance(runner._train_loop, dict) and isinstance(
        runner.optim_wrapper, dict
    )
    assert runner.max_epochs == 2  # property access builds the train loop
    assert isinstance(runner.train_loop, EpochBasedTrainLoop)
    assert isinstance(runner._val_loop, dict)
    assert isinstance(runner.val_loop, loops.ValLoop)
    assert len(runner.train_dataloader) == 4


def test_from_cfg_with_registered_names_and_properties(tmp_path):
    cfg = runner_cfg(tmp_path, experiment_name="exp")
    runner = Runner.from_cfg(cfg)
    assert (
        runner.experiment_name.startswith("exp_") and runner.timestamp in runner.log_dir
    )
    assert (runner.rank, runner.world_size, runner.distributed, runner.launcher) == (
        0,
        1,
        False,
        "none",
    )
    assert runner.seed == 7 and runner.work_dir == str(tmp_path)
    assert runner.message_hub.instance_name == runner.experiment_name
    assert runner.logger.instance_name == runner.experiment_name
    assert runner.visualizer.instance_name == runner.experiment_name
    assert (runner.epoch, runner.iter) == (0, 0)


def test_two_runners_in_the_same_second_do_not_share_globals(tmp_path):
    first = Runner(**runner_cfg(tmp_path / "a"))
    second = Runner(**runner_cfg(tmp_path / "b"))
    assert first.message_hub is not second.message_hub
    assert second.logger.handlers[-1].baseFilename.startswith(str(tmp_path / "b"))


def test_dataloader_from_config_seeds_workers_per_rank(tmp_path):
    loader = Runner.build_dataloader(dict(loader_cfg(), num_workers=2), seed=5)
    assert isinstance(loader.worker_init_fn, functools.partial)
    assert loader.worker_init_fn.keywords == dict(
        num_workers=2, rank=0, seed=5, disable_subprocess_warning=False
    )
    assert loader.sampler.seed == 5 and loader.batch_size == 3
    # diff_rank_seed: the sampler seed is not the rank-specific one but a
    # shared random one (sync_random_seed), as MMEngine
    shared = Runner.build_dataloader(loader_cfg(), seed=5, diff_rank_seed=True)
    assert isinstance(shared.sampler.seed, int)


def test_dataloader_object_is_used_as_is(tmp_path):
    loader = DataLoader(CountingDataset(), batch_size=4, collate_fn=lambda b: b)
    assert Runner.build_dataloader(loader) is loader


def test_data_preprocessor_merges_into_model_config(tmp_path):
    cfg = runner_cfg(
        tmp_path,
        model=dict(type=TinyModel),
        data_preprocessor=dict(type="BaseDataPreprocessor"),
    )
    runner = Runner(**cfg)
    assert type(runner.model.data_preprocessor).__name__ == "BaseDataPreprocessor"


def test_auto_scale_lr_scales_by_batch_size(tmp_path):
    runner = Runner(
        **runner_cfg(tmp_path, auto_scale_lr=dict(enable=True, base_batch_size=6))
    )
    runner.train()
    assert runner.optim_wrapper.get_lr()["lr"] == [pytest.approx(0.05)]


# -- loops -----------------------------------------------------------------


class CountVal(Hook):
    def __init__(self):
        self.at = []

    def after_val_epoch(self, runner, metrics=None):
        self.at.append((runner.epoch, runner.iter, sorted(metrics)))


def _count_val(runner):
    return next(h for h in runner.hooks if isinstance(h, CountVal)).at


def test_val_begin_interval_and_dynamic_intervals_epoch_based(tmp_path):
    cfg = runner_cfg(
        tmp_path,
        train_cfg=dict(
            by_epoch=True,
            max_epochs=7,
            val_begin=2,
            val_interval=2,
            dynamic_intervals=[(5, 1)],
        ),
        custom_hooks=[dict(type=CountVal)],
        **_val(),
    )
    runner = Runner(**cfg)
    runner.train()
    assert [e for e, _, _ in _count_val(runner)] == [2, 4, 5, 6, 7]
    assert _count_val(runner)[0][2] == ["toy/err"]


def test_iter_based_loop_validates_every_interval_and_at_the_end(tmp_path):
    cfg = runner_cfg(
        tmp_path,
        train_cfg=dict(by_epoch=False, max_iters=7, val_interval=3),
        custom_hooks=[dict(type=CountVal)],
        **_val(),
    )
    runner = Runner(**cfg)
    runner.train()
    assert isinstance(runner.train_loop, IterBasedTrainLoop)
    assert [i for _, i, _ in _count_val(runner)] == [3, 6, 7]
    assert runner.max_epochs == 1 and runner.iter == 7


class StopAt(Hook):
    def after_train_iter(self, runner, batch_idx, data_batch=None, outputs=None):
        if runner.iter + 1 == 3:
            runner.train_loop.stop_training = True


def test_stop_training_flag_ends_after_the_epoch(tmp_path):
    runner = Runner(
        **runner_cfg(
            tmp_path,
            train_cfg=dict(by_epoch=True, max_epochs=5),
            custom_hooks=[dict(type=StopAt)],
        )
    )
    runner.train()
    assert (runner.epoch, runner.iter) == (1, 4)


@LOOPS.register_module(force=True)
class RunnerTestCustomLoop(EpochBasedTrainLoop):
    def __init__(self, runner, dataloader, max_epochs, note):
        super().__init__(runner, dataloader, max_epochs)
        self.note = note


def test_custom_loop_type_from_train_cfg(tmp_path):
    runner = Runner(
        **runner_cfg(
            tmp_path,
            train_cfg=dict(type="RunnerTestCustomLoop", max_epochs=1, note="hi"),
        )
    )
    runner.train()
    assert runner.train_loop.note == "hi" and runner.iter == 4


class AutocastProbeModel(TinyModel):
    """Records whether autocast was on in each forward, per mode."""

    def __init__(self) -> None:
        super().__init__()
        self.autocast_seen: list[tuple[str, bool]] = []

    def forward(self, inputs, labels=None, mode="tensor"):
        self.autocast_seen.append((mode, torch.is_autocast_enabled("cpu")))
        return super().forward(inputs, labels, mode)


@pytest.mark.parametrize("fp16", [True, False])
def test_val_and_test_return_metrics_and_autocast_only_with_fp16(tmp_path, fp16):
    cfg = runner_cfg(
        tmp_path,
        model=dict(type=AutocastProbeModel),
        **_val(fp16=fp16),
        test_dataloader=loader_cfg(batch_size=4, shuffle=False),
        test_cfg=dict(fp16=fp16),
        test_evaluator=[dict(type=MeanErrorMetric)],
    )
    runner = Runner(**cfg)
    val_metrics = runner.val()
    test_metrics = runner.test()
    assert isinstance(runner.val_loop, loops.ValLoop)
    assert isinstance(runner.test_loop, loops.TestLoop)
    assert runner.val_loop.fp16 is fp16 and runner.test_loop.fp16 is fp16
    assert set(val_metrics) == set(test_metrics) == {"toy/err"}
    seen = runner.model.autocast_seen
    assert seen and {mode for mode, _ in seen} == {"predict"}
    assert all(enabled is fp16 for _, enabled in seen)
    # fp16 (bfloat16 on CPU) rounds, but agrees within bf16 precision
    assert val_metrics["toy/err"] == pytest.approx(test_metrics["toy/err"], rel=3e-2)


def test_train_without_train_components_is_a_clear_error(tmp_path):
    runner = Runner(model=TinyModel(), work_dir=str(tmp_path))
    with pytest.raises(RuntimeError, match="without train_dataloader"):
        runner.train()
    with pytest.raises(RuntimeError, match="without val_dataloader"):
        runner.val()
    assert torch.is_tensor(runner.model.linear1.weight)
