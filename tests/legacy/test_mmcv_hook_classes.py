"""MMCV 1.x hook classes, builders and scatter under the overlay, with real
tiny training runs on the legacy runner facade."""

from __future__ import annotations

import importlib.util
import json
import logging
import math
from pathlib import Path

import pytest
import torch
from torch.utils.data import DataLoader

from mmcompat.legacy.runtime.aliases import legacy_aliases

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "fixtures/golden/mmcv_schedules/golden.json"
# pure Python float arithmetic on both sides (see the translate golden test)
REL_TOL = 1e-6

HOOK_NAMES = {
    "mmcv.runner": [
        "OptimizerHook",
        "GradientCumulativeOptimizerHook",
        "Fp16OptimizerHook",
        "GradientCumulativeFp16OptimizerHook",
        "LrUpdaterHook",
        "MomentumUpdaterHook",
        "EvalHook",
        "DistEvalHook",
        "CheckpointHook",
        "LoggerHook",
        "TextLoggerHook",
        "TensorboardLoggerHook",
        "WandbLoggerHook",
        "MlflowLoggerHook",
        "EMAHook",
        "DistSamplerSeedHook",
        "IterTimerHook",
        "SyncBuffersHook",
        "build_runner",
        "RUNNERS",
        "RUNNER_BUILDERS",
        "DefaultRunnerConstructor",
        "OPTIMIZER_BUILDERS",
        "DefaultOptimizerConstructor",
        "build_optimizer",
    ],
    "mmcv.runner.hooks.lr_updater": [
        "FixedLrUpdaterHook",
        "StepLrUpdaterHook",
        "ExpLrUpdaterHook",
        "PolyLrUpdaterHook",
        "InvLrUpdaterHook",
        "CosineAnnealingLrUpdaterHook",
        "FlatCosineAnnealingLrUpdaterHook",
        "CosineRestartLrUpdaterHook",
        "CyclicLrUpdaterHook",
        "OneCycleLrUpdaterHook",
        "LinearAnnealingLrUpdaterHook",
        "annealing_cos",
        "annealing_linear",
    ],
    "mmcv.runner.hooks.momentum_updater": [
        "StepMomentumUpdaterHook",
        "CosineAnnealingMomentumUpdaterHook",
        "LinearAnnealingMomentumUpdaterHook",
        "CyclicMomentumUpdaterHook",
        "OneCycleMomentumUpdaterHook",
    ],
    "mmcv.runner.hooks.optimizer": ["OptimizerHook", "Fp16OptimizerHook"],
    "mmcv.runner.hooks.evaluation": ["EvalHook", "DistEvalHook"],
    "mmcv.runner.hooks.logger.wandb": ["WandbLoggerHook"],
    "mmcv.parallel": ["scatter", "scatter_kwargs"],
    "mmcv.device": ["get_device"],
    "mmcv.engine": ["single_gpu_test"],
}


@pytest.mark.parametrize("module", sorted(HOOK_NAMES))
def test_names_resolve_to_the_legacy_implementations(module):
    from mmcompat.legacy.runtime.aliases import locate

    with legacy_aliases():
        imported = __import__(module, fromlist=HOOK_NAMES[module])
        for name in HOOK_NAMES[module]:
            value = getattr(imported, name)
            assert locate(module, name).origin == "legacy", name
            assert value.__module__.startswith("mmcompat.legacy.runtime"), name


def _loader(n: int = 4, batch_size: int = 1) -> DataLoader:
    return DataLoader(list(range(n)), batch_size=batch_size)


def test_constructible_with_mmcv_arguments():
    with legacy_aliases():
        from mmcv.runner import (
            CheckpointHook,
            CosineAnnealingMomentumUpdaterHook,
            DistEvalHook,
            DistSamplerSeedHook,
            EMAHook,
            EvalHook,
            Fp16OptimizerHook,
            GradientCumulativeFp16OptimizerHook,
            GradientCumulativeOptimizerHook,
            IterTimerHook,
            MlflowLoggerHook,
            OptimizerHook,
            SyncBuffersHook,
            TensorboardLoggerHook,
            TextLoggerHook,
            WandbLoggerHook,
        )
        from mmcv.runner.hooks.lr_updater import (
            CosineRestartLrUpdaterHook,
            CyclicLrUpdaterHook,
            FlatCosineAnnealingLrUpdaterHook,
            OneCycleLrUpdaterHook,
            PolyLrUpdaterHook,
            StepLrUpdaterHook,
        )

        OptimizerHook(grad_clip=dict(max_norm=35, norm_type=2))
        GradientCumulativeOptimizerHook(cumulative_iters=4, grad_clip=None)
        assert (
            Fp16OptimizerHook(loss_scale=512.0, distributed=False).distributed is False
        )
        GradientCumulativeFp16OptimizerHook(cumulative_iters=2, loss_scale="dynamic")
        with pytest.raises(ValueError, match="loss_scale"):
            Fp16OptimizerHook(loss_scale=3)
        hook = StepLrUpdaterHook(step=[8, 11], warmup="linear", warmup_iters=500)
        assert hook.warmup_ratio == 0.1 and hook.step == [8, 11]
        with pytest.raises(ValueError, match="warming up"):
            StepLrUpdaterHook(step=2, warmup="bogus", warmup_iters=5)
        PolyLrUpdaterHook(power=0.9, min_lr=1e-4, by_epoch=False)
        CosineRestartLrUpdaterHook(periods=[5, 5], restart_weights=[1, 0.5], min_lr=0)
        FlatCosineAnnealingLrUpdaterHook(start_percent=0.5, min_lr_ratio=0.01)
        CyclicLrUpdaterHook(target_ratio=(10, 1e-4), cyclic_times=1)
        OneCycleLrUpdaterHook(max_lr=0.1, pct_start=0.3)
        CosineAnnealingMomentumUpdaterHook(min_momentum_ratio=0.85 / 0.95)
        eval_hook = EvalHook(_loader(), interval=2, save_best="auto", metric="acc")
        assert eval_hook.eval_kwargs == dict(metric="acc") and eval_hook.rule is None
        assert EvalHook(_loader(), save_best="mAP").rule == "greater"
        assert EvalHook(_loader(), save_best="loss").rule == "less"
        with pytest.raises(TypeError, match="DataLoader"):
            EvalHook([1, 2])
        DistEvalHook(_loader(), broadcast_bn_buffer=True, gpu_collect=False)
        CheckpointHook(interval=1, max_keep_ckpts=3)
        TextLoggerHook(by_epoch=True, interval=5)
        TensorboardLoggerHook(interval=5)
        WandbLoggerHook(init_kwargs=dict(project="p"), interval=10)
        MlflowLoggerHook(exp_name="e")
        EMAHook(momentum=0.0002, warm_up=100)
        DistSamplerSeedHook()
        IterTimerHook()
        SyncBuffersHook(distributed=False)


def test_package_logger_hooks_fail_clearly_only_at_use_when_missing():
    with legacy_aliases():
        from mmcv.runner import MlflowLoggerHook, WandbLoggerHook

        for cls, package in ((WandbLoggerHook, "wandb"), (MlflowLoggerHook, "mlflow")):
            hook = cls(interval=10)
            if importlib.util.find_spec(package) is not None:
                continue
            with pytest.raises(ImportError, match=f"pip install {package}"):
                hook.legacy_entry()


# -- a tiny legacy model ---------------------------------------------------------------


class Tiny(torch.nn.Module):
    """A linear regression whose ``train_step`` returns MMCV's outputs."""

    def __init__(self) -> None:
        super().__init__()
        torch.manual_seed(0)
        self.fc = torch.nn.Linear(3, 1)
        self.seen_lr: list = []

    def data(self, i: int) -> tuple:
        g = torch.Generator().manual_seed(int(i))
        x = torch.randn(2, 3, generator=g)
        return x, x.sum(1, keepdim=True) * 3.0

    def train_step(self, batch, optimizer, **kwargs):
        self.seen_lr.append([g["lr"] for g in optimizer.param_groups])
        x, y = self.data(batch[0])
        loss = ((self.fc(x) - y) ** 2).mean() * 10
        return dict(loss=loss, log_vars=dict(loss=float(loss)), num_samples=2)

    def forward(self, x=None, return_loss=True, rescale=False, **kwargs):
        assert return_loss is False and rescale is False  # as MMCV called it
        return [float(v) for v in self.fc(x).squeeze(1)]


def _runner(model, optimizer, tmp_path, logger=None, **length):
    from mmcv.runner import EpochBasedRunner

    return EpochBasedRunner(
        model,
        optimizer=optimizer,
        work_dir=str(tmp_path),
        logger=logger or logging.getLogger("mmcv_hook_classes"),
        **(length or dict(max_epochs=2)),
    )


def _hand_loop(steps: int, clip: float | None = None, every: int = 1) -> Tiny:
    model = Tiny()
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    for it in range(steps):
        out = model.train_step([it % 4], opt)
        opt.zero_grad()
        out["loss"].backward()
        if clip is not None:
            torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=clip)
        if (it + 1) % every == 0:
            opt.step()
    return model


def _close(a: torch.nn.Module, b: torch.nn.Module) -> None:
    for (name, p), q in zip(a.named_parameters(), b.parameters()):
        torch.testing.assert_close(p, q, rtol=1e-6, atol=1e-7, msg=name)


def test_optimizer_hook_object_with_grad_clip_trains_as_mmcv(tmp_path):
    with legacy_aliases():
        from mmcv.runner import OptimizerHook

        model = Tiny()
        opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
        runner = _runner(model, opt, tmp_path)
        runner.register_training_hooks(
            lr_config=None, optimizer_config=OptimizerHook(grad_clip=dict(max_norm=0.5))
        )
        runner.run([_loader()], [("train", 1)])
    expected = _hand_loop(8, clip=0.5)
    _close(model, expected)
    # clipping was active: without it the weights differ
    unclipped = _hand_loop(8)
    assert not torch.allclose(model.fc.weight, unclipped.fc.weight, atol=1e-4)


def test_user_optimizer_hook_overriding_after_train_iter_steps_alone(tmp_path):
    with legacy_aliases():
        from mmcv.runner import OptimizerHook

        class EveryOtherStep(OptimizerHook):
            calls = 0

            def after_train_iter(self, runner):
                EveryOtherStep.calls += 1
                runner.optimizer.zero_grad()
                runner.outputs["loss"].backward()
                if self.every_n_iters(runner, 2):
                    runner.optimizer.step()

        model = Tiny()
        opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
        runner = _runner(model, opt, tmp_path)
        runner.register_hook(EveryOtherStep(), priority="ABOVE_NORMAL")
        runner.run([_loader()], [("train", 1)])
    assert EveryOtherStep.calls == 8
    _close(model, _hand_loop(8, every=2))


def test_user_lr_updater_subclass_drives_the_lr_with_its_own_get_lr(tmp_path):
    with legacy_aliases():
        from mmcv.runner import LrUpdaterHook, OptimizerHook

        class HalvingEveryIter(LrUpdaterHook):
            def get_lr(self, runner, base_lr):
                return base_lr * 0.5**runner.iter

        model = Tiny()
        opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
        runner = _runner(model, opt, tmp_path)
        runner.register_hook(HalvingEveryIter(by_epoch=False), priority="VERY_HIGH")
        runner.register_hook(OptimizerHook())
        runner.run([_loader()], [("train", 1)])
    assert [lrs[0] for lrs in model.seen_lr] == pytest.approx(
        [0.01 * 0.5**i for i in range(8)], rel=REL_TOL
    )
    assert opt.param_groups[0]["initial_lr"] == 0.01


# -- lr/momentum updater hook objects against MMCV's recorded trajectories -------------


class Recorder(torch.nn.Module):
    """record.py's model: the lr/momentum of both groups at every step."""

    def __init__(self, key: str) -> None:
        super().__init__()
        self.a = torch.nn.Parameter(torch.zeros(1))
        self.b = torch.nn.Parameter(torch.zeros(1))
        self.key = key
        self.lr: list = []
        self.mom: list = []

    def train_step(self, data, optimizer, **kwargs):
        groups = optimizer.param_groups
        self.lr.append([g["lr"] for g in groups])
        if self.key == "betas":
            self.mom.append([g["betas"][0] for g in groups])
        else:
            self.mom.append([g.get("momentum", 0.0) for g in groups])
        return dict(loss=(self.a + self.b).sum(), log_vars={}, num_samples=1)


def _hook_class(module, config: dict, kind: str):
    # MMCV's register_lr_hook naming: 'step' -> StepLrUpdaterHook
    policy = config["policy"]
    if policy == policy.lower():
        policy = policy.title()
    return getattr(module, f"{policy}{kind}UpdaterHook", None)


# Each case is a whole training run: a cross-section of the recorded step
# and cosine cases (every runner kind, by_epoch value and warm-up type), not
# all 187 (the translation test replays all of them without a runner).
_GRID = [
    f"{policy}-{variant}-L7"
    for policy in ("step_list", "step_min_lr", "cos_ratio", "cos_zero")
    for variant in ("ep-None", "ep-wlin", "it-None", "it-wlin")
] + [
    f"{policy}-iterrunner-{warmup}"
    for policy in ("step_list", "step_min_lr", "cos_ratio", "cos_zero")
    for warmup in ("None", "wexp")
]
_SELECTED = {
    *_GRID,
    "step_list-ep-wconst-L7",
    "step_list-it-wexp-L7",
    "step_list-ep-wlin_ep-L7",
    "cos_ratio-it-wconst_ep-L7",
    "cos_ratio-ep-wexp_ep-L7",
    "cos_zero-it-wlin_ep-L7",
    "quirk-iterrunner-lr-by-epoch",
    "corpus:ssd/ssdlite_mobilenetv2_scratch_600e_coco.py",
    "corpus:yolact/yolact_r50_8x8_coco.py",
}


_OTHER_POLICIES = (
    "fixed",
    "exp",
    "poly",
    "inv",
    "LinearAnnealing",
    "CosineRestart",
    "FlatCosineAnnealing",
    "cyclic",
    "OneCycle",
)
_OTHER_VARIANTS = ("-ep-wlin-L7", "-it-wlin-L7", "-iterrunner-wexp")


def _selected(case: dict, policies: tuple) -> bool:
    lr = case["lr_config"]
    if "@" in case["name"]:
        return False
    if case["momentum_config"] is not None:  # every momentum case
        return lr is None or lr["policy"] in policies
    if lr is None or lr["policy"] not in policies:
        return False
    if lr["policy"] in ("step", "CosineAnnealing"):
        return case["name"] in _SELECTED
    return lr["policy"] in ("cyclic", "OneCycle") or case["name"].endswith(
        _OTHER_VARIANTS
    )


def _golden_cases(policies: tuple) -> list:
    data = json.loads(GOLDEN.read_text())
    cases = []
    for case in data["cases"]:
        if not _selected(case, policies):
            continue
        cases.append(pytest.param(case, id=case["name"]))
    return cases


def test_golden_selection_names_recorded_cases():
    names = {c.values[0]["name"] for c in _golden_cases(("step", "CosineAnnealing"))}
    assert _SELECTED <= names
    every = [
        c.values[0]
        for c in _golden_cases(("step", "CosineAnnealing", *_OTHER_POLICIES))
    ]
    momenta = {c["momentum_config"]["policy"] for c in every if c["momentum_config"]}
    assert {"cyclic", "OneCycle", "step", "CosineAnnealing"} <= momenta
    others = {
        c.values[0]["lr_config"]["policy"]
        for c in _golden_cases(_OTHER_POLICIES)
        if c.values[0]["lr_config"] is not None
    }
    assert others == set(_OTHER_POLICIES)


@pytest.mark.golden
@pytest.mark.parametrize(
    "case", _golden_cases(("step", "CosineAnnealing", *_OTHER_POLICIES))
)
def test_lr_updater_hook_objects_replay_mmcv_golden(case, tmp_path):
    with legacy_aliases():
        from mmcv.runner import EpochBasedRunner, IterBasedRunner
        from mmcv.runner.hooks import lr_updater, momentum_updater

        opt_cfg = case["optimizer"]
        model = Recorder("betas" if opt_cfg["type"] == "Adam" else "momentum")
        groups = [
            {"params": [model.a]},
            {"params": [model.b], "lr": opt_cfg["lr"] * 0.2},
        ]
        if opt_cfg["type"] == "SGD":
            opt = torch.optim.SGD(
                groups, lr=opt_cfg["lr"], momentum=opt_cfg["momentum"]
            )
        else:
            opt = torch.optim.Adam(groups, lr=opt_cfg["lr"], betas=opt_cfg["betas"])
        runner_cfg = case["runner"]
        logger = logging.getLogger("mmcv_hook_classes.golden")
        logger.setLevel(logging.ERROR)
        if runner_cfg["type"] == "EpochBasedRunner":
            runner = EpochBasedRunner(
                model, optimizer=opt, work_dir=str(tmp_path), logger=logger,
                max_epochs=runner_cfg["max_epochs"],
            )  # fmt: skip
            loader = _loader(case["epoch_length"])
        else:
            runner = IterBasedRunner(
                model, optimizer=opt, work_dir=str(tmp_path), logger=logger,
                max_iters=runner_cfg["max_iters"],
            )  # fmt: skip
            loader = _loader(case["epoch_length"] or 10)
        for config, module, kind, priority in (
            (case["lr_config"], lr_updater, "Lr", "VERY_HIGH"),
            (case["momentum_config"], momentum_updater, "Momentum", "HIGH"),
        ):
            if config is None:
                continue
            cls = _hook_class(module, config, kind)
            args = {k: v for k, v in config.items() if k != "policy"}
            if isinstance(args.get("target_ratio"), list):
                # recorded as a tuple (MMCV's type check), stored as JSON list
                args["target_ratio"] = tuple(args["target_ratio"])
            if kind == "Lr" and runner_cfg["type"] == "IterBasedRunner":
                # MMCV's IterBasedRunner.register_training_hooks default
                args.setdefault("by_epoch", False)
            runner.register_hook(cls(**args), priority=priority)
        runner.run([loader], [("train", 1)])
    assert len(model.lr) == len(case["lr"])
    for got, want in zip(model.lr, case["lr"]):
        assert got == pytest.approx(want, rel=REL_TOL, abs=1e-12)
    for got, want in zip(model.mom, case["momentum"]):
        assert got == pytest.approx(want, rel=REL_TOL, abs=1e-12)


# -- evaluation ------------------------------------------------------------------------


class Scores(torch.utils.data.Dataset):
    """A dataset whose ``evaluate`` returns a metric (MMCV's protocol)."""

    def __init__(self) -> None:
        self.calls: list = []

    def __len__(self) -> int:
        return 4

    def __getitem__(self, i):
        return dict(x=torch.full((3,), float(i)))

    def evaluate(self, results, logger=None, **kwargs):
        self.calls.append((list(results), kwargs))
        return dict(mAP=0.25 * len(self.calls), count=len(results))


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list = []

    def emit(self, record) -> None:
        self.lines.append(record.getMessage())


def test_eval_hook_evaluates_logs_and_keeps_the_best(tmp_path):
    logger = logging.getLogger("mmcv_hook_classes.eval")
    logger.setLevel(logging.INFO)
    lines = _Lines()
    logger.addHandler(lines)
    try:
        with legacy_aliases():
            from mmcv.runner import EvalHook, OptimizerHook

            dataset = Scores()
            model = Tiny()
            opt = torch.optim.SGD(model.parameters(), lr=0.01)
            runner = _runner(model, opt, tmp_path, logger=logger, max_epochs=3)
            runner.register_hook(OptimizerHook())
            # the metrics reach the text log through the TextLoggerHook
            runner.register_training_hooks(
                None, log_config=dict(interval=1, hooks=[dict(type="TextLoggerHook")])
            )
            hook = EvalHook(
                DataLoader(dataset, batch_size=2), save_best="mAP", metric="bbox"
            )
            runner.register_hook(hook, priority="LOW")
            runner.run([_loader()], [("train", 1)])
    finally:
        logger.removeHandler(lines)
    assert len(dataset.calls) == 3  # every epoch
    results, kwargs = dataset.calls[-1]
    assert kwargs == dict(metric="bbox") and len(results) == 4
    expected = model.fc(torch.stack([dataset[i]["x"] for i in range(4)])).squeeze(1)
    assert results == pytest.approx(expected.tolist(), rel=1e-6)
    assert any(
        "Epoch(val) [3][2]" in line and "mAP: 0.7500" in line for line in lines.lines
    )
    assert runner.new_runner.message_hub.get_scalar("val/mAP").current() == 0.75
    assert (tmp_path / "best_mAP_epoch_3.pth").is_file()
    assert not (tmp_path / "best_mAP_epoch_2.pth").exists()
    assert model.training  # single_gpu_test puts the training mode back


def test_eval_hook_subclass_with_its_own_do_evaluate(tmp_path):
    with legacy_aliases():
        from mmcv.runner import EvalHook

        seen = []

        class Custom(EvalHook):
            def _do_evaluate(self, runner):
                seen.append((runner.epoch, runner.iter))

        model = Tiny()
        opt = torch.optim.SGD(model.parameters(), lr=0.01)
        runner = _runner(model, opt, tmp_path, max_epochs=4)
        runner.register_hook(Custom(DataLoader(Scores()), interval=2, start=1))
        runner.run([_loader()], [("train", 1)])
    # start=1, interval=2: after epochs 1 and 3 (MMCV counts epoch + 1)
    assert seen == [(0, 4), (2, 12)]


# -- fp16 loss scaling on the CPU --------------------------------------------------------


def test_fp16_optimizer_hook_static_scale_unscales_before_the_step(tmp_path):
    with legacy_aliases():
        from mmcv.runner import Fp16OptimizerHook

        model = Tiny()
        opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
        runner = _runner(model, opt, tmp_path)
        runner.register_training_hooks(
            lr_config=None,
            optimizer_config=Fp16OptimizerHook(loss_scale=512.0, distributed=False),
        )
        runner.run([_loader()], [("train", 1)])
        state = runner.meta["fp16"]["loss_scaler"]
    assert state["scale"] == 512.0  # static: update() keeps the scale
    _close(model, _hand_loop(8))


def test_fp16_dynamic_scale_skips_overflowing_steps_and_backs_off(tmp_path):
    with legacy_aliases():
        from mmcv.runner import Fp16OptimizerHook

        class Overflowing(Tiny):
            def train_step(self, batch, optimizer, **kwargs):
                out = super().train_step(batch, optimizer)
                if int(batch[0]) == 1:  # one overflow per epoch
                    out["loss"] = out["loss"] * float("inf")
                return out

        model = Overflowing()
        before = model.fc.weight.detach().clone()
        opt = torch.optim.SGD(model.parameters(), lr=0.01)
        runner = _runner(model, opt, tmp_path, max_epochs=1)
        runner.meta = None
        runner.register_hook(Fp16OptimizerHook(loss_scale="dynamic"))
        runner.run([_loader(2)], [("train", 1)])
        scale = runner.meta["fp16"]["loss_scaler"]["scale"]
    # GradScaler's defaults: 2**16, halved once by the overflow
    assert scale == 2.0**15
    # the overflowing step was skipped: one finite step was taken
    assert not torch.equal(model.fc.weight, before)
    assert torch.isfinite(model.fc.weight).all()


# -- builders, config-carrying hooks, scatter --------------------------------------------


def test_build_runner_builds_the_facade_and_trains(tmp_path):
    with legacy_aliases():
        from mmcv.runner import EpochBasedRunner, OptimizerHook, build_runner

        model = Tiny()
        opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
        runner = build_runner(
            dict(type="EpochBasedRunner", max_epochs=2),
            default_args=dict(
                model=model,
                optimizer=opt,
                work_dir=str(tmp_path),
                logger=logging.getLogger("mmcv_hook_classes"),
                meta=dict(seed=0),
            ),
        )
        assert isinstance(runner, EpochBasedRunner) and runner.max_epochs == 2
        runner.register_hook(OptimizerHook())
        runner.run([_loader()], [("train", 1)])
        assert runner.epoch == 2 and runner.iter == 8
    _close(model, _hand_loop(8))


def test_checkpoint_and_logger_hook_objects_configure_the_run(tmp_path):
    with legacy_aliases():
        from mmcv.runner import CheckpointHook, IterTimerHook, TextLoggerHook

        model = Tiny()
        opt = torch.optim.SGD(model.parameters(), lr=0.01)
        runner = _runner(model, opt, tmp_path)
        runner.register_hook(CheckpointHook(interval=1))
        runner.register_hook(TextLoggerHook(interval=2))
        runner.register_hook(IterTimerHook())
        assert runner.legacy_cfg["checkpoint_config"] == dict(interval=1)
        assert runner.legacy_cfg["log_config"]["interval"] == 2
        runner.run([_loader()], [("train", 1)])
    assert (tmp_path / "epoch_1.pth").is_file() and (tmp_path / "epoch_2.pth").is_file()


def test_default_optimizer_constructor_subclass_in_optimizer_builders():
    with legacy_aliases():
        from mmcv.runner import (
            OPTIMIZER_BUILDERS,
            DefaultOptimizerConstructor,
            build_optimizer,
        )

        @OPTIMIZER_BUILDERS.register_module()
        class HalfLrForBias(DefaultOptimizerConstructor):
            def add_params(self, params, module, **kwargs):
                for name, param in module.named_parameters():
                    lr = self.base_lr * (0.5 if name.endswith("bias") else 1)
                    params.append(dict(params=[param], lr=lr))

        model = torch.nn.Linear(2, 1)
        opt = build_optimizer(
            model,
            dict(
                type="SGD",
                lr=0.1,
                constructor="HalfLrForBias",
                paramwise_cfg=dict(bias_factor=0.5),  # as MMCV: add_params runs
            ),
        )
        assert isinstance(opt, torch.optim.SGD)
        assert [g["lr"] for g in opt.param_groups] == [0.1, 0.05]
        plain = build_optimizer(model, dict(type="SGD", lr=0.1, weight_decay=1e-4))
        assert plain.param_groups[0]["weight_decay"] == 1e-4


def test_scatter_on_the_cpu_follows_mmcv():
    with legacy_aliases():
        from mmcv.device import get_device
        from mmcv.parallel import DataContainer, scatter, scatter_kwargs

        t = torch.arange(4.0)
        img_metas = DataContainer([[dict(a=1)]], cpu_only=True)
        imgs = DataContainer([t], stack=True)
        out = scatter(dict(img=imgs, img_metas=img_metas, t=t), [-1])
        assert len(out) == 1
        assert torch.equal(out[0]["img"], t) and out[0]["img_metas"] == [dict(a=1)]
        inputs, kwargs = scatter_kwargs((t,), dict(flag=True), [-1])
        assert torch.equal(inputs[0][0], t) and kwargs == (dict(flag=True),)
        expected = "cuda" if torch.cuda.is_available() else "cpu"
        assert get_device() in (expected, "mps", "npu", "mlu")


def test_annealing_functions():
    with legacy_aliases():
        from mmcv.runner.hooks.lr_updater import annealing_cos, annealing_linear

        assert annealing_cos(1.0, 0.0, 0.5) == pytest.approx(0.5)
        assert annealing_cos(1.0, 0.0, 0.0) == 1.0
        assert annealing_cos(1.0, 0.0, 1 / 3, weight=0.5) == pytest.approx(
            0.25 * (math.cos(math.pi / 3) + 1)
        )
        assert annealing_linear(1.0, 0.0, 0.25) == 0.75


def test_user_logger_hook_subclass_logs_the_averaged_buffer(tmp_path):
    with legacy_aliases():
        from mmcv.runner import LoggerHook

        logged = []

        class Collect(LoggerHook):
            def log(self, runner):
                logged.append((runner.iter, dict(runner.log_buffer.output)))

        model = Tiny()
        opt = torch.optim.SGD(model.parameters(), lr=0.01)
        runner = _runner(model, opt, tmp_path, max_epochs=1)
        runner.register_hook(Collect(interval=2, reset_flag=True), priority="VERY_LOW")
        runner.run([_loader()], [("train", 1)])
    assert [it for it, _ in logged] == [1, 3]
    assert all("loss" in output for _, output in logged)


@pytest.mark.parametrize(
    "mode,output,expected_mode,expected_epoch",
    [
        ("train", {"time": 0.1, "loss": 1.0}, "train", 3),
        # an EvalHook's metrics in a train phase: logged as val, epoch + 1
        ("train", {"bbox_mAP": 0.5}, "val", 3),
        ("val", {"loss": 1.0}, "val", 2),
    ],
)
def test_logger_hook_mode_and_epoch_follow_mmcv(
    mode, output, expected_mode, expected_epoch
):
    from types import SimpleNamespace

    with legacy_aliases():
        from mmcv.runner import LoggerHook

        hook = LoggerHook()
        runner = SimpleNamespace(
            mode=mode, epoch=2, log_buffer=SimpleNamespace(output=output)
        )
        assert hook.get_mode(runner) == expected_mode
        assert hook.get_epoch(runner) == expected_epoch
        runner.mode = "test"
        with pytest.raises(ValueError, match="'train' or 'val'"):
            hook.get_mode(runner)
