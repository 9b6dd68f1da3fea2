"""A downstream library's lr policy (an ``LrUpdaterHook`` subclass the
library registers) run through mmcompat's exact scheduler, as ``mmcompat
convert`` writes it, against the lrs real MMCV 1.7.2 gave with that class
(``fixtures/golden/legacy_runs/library_policy.json``)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest
import torch

from mmcompat.legacy.runtime.aliases import legacy_aliases
from mmcompat.legacy.translate import translate
from mmcompat.optim.scheduler.builder import build_param_schedulers
from tests.golden import assert_within_ulps

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "fixtures" / "legacy_scripts"
GOLDEN = ROOT / "fixtures" / "golden" / "legacy_runs" / "library_policy.json"
# the script's lr_config (MMEditing's Linear policy, with a linear warm-up)
LR_CONFIG = dict(
    policy="Linear",
    by_epoch=False,
    target_lr=0.002,
    start=5,
    interval=2,
    warmup="linear",
    warmup_iters=4,
    warmup_ratio=0.2,
)
EPOCHS, EPOCH_LENGTH = 3, 10


@pytest.fixture
def registered():
    """The script's module imported as MMCV 1.x code (it registers
    ``LinearLrUpdaterHook`` in ``mmcv.runner.HOOKS``)."""
    sys.path.insert(0, str(SCRIPTS))
    imported = set(sys.modules)
    try:
        with legacy_aliases():
            spec = importlib.util.spec_from_file_location(
                "library_policy_script", SCRIPTS / "library_policy.py"
            )
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            yield module
    finally:
        sys.path.remove(str(SCRIPTS))
        # the script's helpers registered legacy hooks that the block's exit
        # removed: forget them, so that the next import registers them again
        for name in set(sys.modules) - imported:
            if name.startswith("legacy_toy"):
                del sys.modules[name]


def _converted_schedulers(optimizer, lr_config=LR_CONFIG):
    legacy = dict(
        runner=dict(type="EpochBasedRunner", max_epochs=EPOCHS),
        optimizer=dict(type="SGD", lr=0.04, momentum=0.9),
        lr_config=lr_config,
    )
    new, report = translate(legacy)
    assert not report.todos
    return build_param_schedulers(
        new["param_scheduler"],
        optimizer,
        EPOCH_LENGTH,
        max_epochs=EPOCHS,
        max_iters=EPOCHS * EPOCH_LENGTH,
    )


def _lrs(optimizer, schedulers, iterations):
    lrs = []
    for _ in range(iterations):
        lrs.append(optimizer.param_groups[0]["lr"])
        for scheduler in schedulers:
            scheduler.step()
    return lrs


def _optimizer():
    return torch.optim.SGD([torch.nn.Parameter(torch.zeros(2))], lr=0.04, momentum=0.9)


def test_converted_library_policy_gives_mmcvs_lrs(registered):
    golden = [record["lr"] for record in json.loads(GOLDEN.read_text())["train"]]
    optimizer = _optimizer()
    lrs = _lrs(optimizer, _converted_schedulers(optimizer), EPOCHS * EPOCH_LENGTH)
    assert len(set(golden)) > 5  # warm-up, hold, then the stepped decay
    assert_within_ulps(lrs, golden, ulps=4, key="lr")


def test_a_resumed_library_policy_continues_where_it_stopped(registered, tmp_path):
    optimizer = _optimizer()
    [scheduler] = _converted_schedulers(optimizer)
    expected = _lrs(optimizer, [scheduler], 30)
    resumed_optimizer = _optimizer()
    [first] = _converted_schedulers(resumed_optimizer)
    _lrs(resumed_optimizer, [first], 17)
    # the hook object is not saved: the state loads with weights_only
    torch.save(first.state_dict(), tmp_path / "scheduler.pth")
    state = torch.load(tmp_path / "scheduler.pth", weights_only=True)
    optimizer_state = resumed_optimizer.state_dict()
    again = _optimizer()
    [second] = _converted_schedulers(again)
    again.load_state_dict(optimizer_state)
    second.load_state_dict(state)
    assert_within_ulps(_lrs(again, [second], 13), expected[17:], ulps=0, key="lr")


def test_an_unregistered_library_policy_names_the_class_to_import():
    with pytest.raises(ValueError, match="no LinearLrUpdaterHook is registered"):
        _converted_schedulers(_optimizer())


def test_a_policy_reading_more_than_the_progress_is_named(registered):
    from mmcv.runner import HOOKS, LrUpdaterHook

    @HOOKS.register_module()
    class LossDrivenLrUpdaterHook(LrUpdaterHook):
        def get_lr(self, runner, base_lr):
            return base_lr * runner.outputs["loss"]

    with pytest.raises(
        AttributeError, match=r"LossDrivenLrUpdaterHook reads runner\.outputs"
    ):
        _converted_schedulers(_optimizer(), dict(policy="LossDriven"))


@pytest.mark.parametrize("optimizer_type", ["SGD", "Adam"])
def test_a_library_momentum_policy_sets_momentum_or_betas(optimizer_type):
    # a MomentumUpdaterHook subclass (halves the momentum from epoch 1),
    # driven per iteration; Adam's betas[0] follows it
    with legacy_aliases():
        from mmcv.runner import HOOKS, MomentumUpdaterHook

        @HOOKS.register_module()
        class HalvingMomentumUpdaterHook(MomentumUpdaterHook):
            def get_momentum(self, runner, base_momentum):
                return base_momentum * (0.5 if runner.epoch >= 1 else 1.0)

        param = torch.nn.Parameter(torch.zeros(2))
        if optimizer_type == "SGD":
            optimizer = torch.optim.SGD([param], lr=0.1, momentum=0.9)
        else:
            optimizer = torch.optim.Adam([param], lr=0.1, betas=(0.9, 0.999))
        legacy = dict(
            runner=dict(type="EpochBasedRunner", max_epochs=2),
            optimizer=dict(type=optimizer_type, lr=0.1),
            momentum_config=dict(policy="Halving"),
        )
        new, report = translate(legacy)
        assert not report.todos
        schedulers = build_param_schedulers(
            new["param_scheduler"], optimizer, 3, max_epochs=2, max_iters=6
        )
        seen = []
        for _ in range(6):
            group = optimizer.param_groups[0]
            seen.append(
                group["momentum"] if optimizer_type == "SGD" else group["betas"][0]
            )
            for scheduler in schedulers:
                scheduler.step()
    assert seen == pytest.approx([0.9] * 3 + [0.45] * 3, rel=1e-12)
