from __future__ import annotations

import types

import pytest
import torch

from mmcompat.hooks import EMAHook


def _runner(resume: bool = False, **counters):
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.BatchNorm1d(2))
    state = dict(epoch=0, iter=0, max_epochs=2, max_iters=10)
    state.update(counters)
    return types.SimpleNamespace(model=model, _resume=resume, **state)


def _weight(module) -> torch.Tensor:
    return module[0].weight.detach().clone()


def _step(runner, hook, delta: float) -> None:
    with torch.no_grad():
        runner.model[0].weight.add_(delta)
    hook.after_train_iter(runner, batch_idx=runner.iter)
    runner.iter += 1


def test_ema_follows_the_momentum_formula():
    runner = _runner()
    hook = EMAHook(momentum=0.5)
    hook.before_run(runner)
    hook.before_train(runner)
    start = _weight(runner.model)
    _step(runner, hook, 1.0)  # first update copies the source
    _step(runner, hook, 1.0)  # then avg = 0.5 * avg + 0.5 * src
    expected = 0.5 * (start + 1.0) + 0.5 * (start + 2.0)
    torch.testing.assert_close(
        _weight(hook.ema_model.module), expected, rtol=0, atol=1e-6
    )


def test_ema_copies_the_source_before_begin_iter():
    runner = _runner()
    hook = EMAHook(momentum=0.5, begin_iter=3)
    hook.before_run(runner)
    for _ in range(2):
        _step(runner, hook, 1.0)
    torch.testing.assert_close(
        _weight(hook.ema_model.module), _weight(runner.model), rtol=0, atol=0
    )


def test_validation_runs_with_averaged_weights_and_restores_the_model():
    runner = _runner()
    hook = EMAHook(momentum=0.5)
    hook.before_run(runner)
    _step(runner, hook, 1.0)
    _step(runner, hook, 1.0)
    trained, averaged = _weight(runner.model), _weight(hook.ema_model.module)
    hook.before_val_epoch(runner)
    torch.testing.assert_close(_weight(runner.model), averaged, rtol=0, atol=0)
    hook.after_val_epoch(runner, metrics={})
    torch.testing.assert_close(_weight(runner.model), trained, rtol=0, atol=0)


def test_checkpoint_holds_averaged_weights_and_resume_restores_both():
    runner = _runner()
    hook = EMAHook(momentum=0.5)
    hook.before_run(runner)
    _step(runner, hook, 1.0)
    _step(runner, hook, 1.0)
    trained, averaged = _weight(runner.model), _weight(hook.ema_model.module)
    checkpoint = dict(
        state_dict={k: v.clone() for k, v in runner.model.state_dict().items()}
    )
    hook.before_save_checkpoint(runner, checkpoint)
    torch.testing.assert_close(
        checkpoint["state_dict"]["0.weight"], averaged, rtol=0, atol=0
    )
    torch.testing.assert_close(
        checkpoint["ema_state_dict"]["module.0.weight"], trained, rtol=0, atol=0
    )

    resumed = _runner(resume=True)
    new_hook = EMAHook(momentum=0.5)
    new_hook.before_run(resumed)
    new_hook.after_load_checkpoint(resumed, checkpoint)
    torch.testing.assert_close(
        _weight(new_hook.ema_model.module), averaged, rtol=0, atol=0
    )
    assert int(new_hook.ema_model.steps) == 2


def test_loading_plain_weights_initialises_the_average_from_them():
    runner = _runner()
    hook = EMAHook()
    hook.before_run(runner)
    state = {
        k: torch.full_like(v, 3.0) if v.is_floating_point() else v
        for k, v in runner.model.state_dict().items()
    }
    hook.after_load_checkpoint(runner, dict(state_dict=state))
    assert torch.all(_weight(hook.ema_model.module) == 3.0)


def test_bad_begin_arguments_are_rejected():
    with pytest.raises(ValueError, match="not both"):
        EMAHook(begin_iter=2, begin_epoch=1)
    with pytest.raises(ValueError, match=">= 0"):
        EMAHook(begin_iter=-1)
    hook = EMAHook(begin_epoch=5)
    runner = _runner(max_epochs=2)
    hook.before_run(runner)
    with pytest.raises(ValueError, match="after the last epoch"):
        hook.before_train(runner)
