from __future__ import annotations

import os

import pytest
import torch

from mmcompat.hooks import CheckpointHook
from mmcompat.registry import HOOKS
from mmcompat.runner.priority import get_priority

from ._runner import MiniRunner


def _files(directory) -> list[str]:
    return sorted(f for f in os.listdir(directory) if f.endswith(".pth"))


def _train_epochs(runner, hook, epochs: int, metrics=None) -> None:
    hook.before_train(runner)
    for epoch in range(epochs):
        runner.train_epoch([hook])
        if metrics is not None:
            runner.validate([hook], metrics[epoch])


def test_checkpoint_hook_is_registered_with_very_low_priority():
    hook = HOOKS.build(dict(type="CheckpointHook", interval=1))
    assert isinstance(hook, CheckpointHook)
    assert get_priority(hook.priority) == 90


def test_saves_every_interval_epochs_and_the_last(tmp_path):
    runner = MiniRunner(tmp_path, max_epochs=5)
    _train_epochs(runner, CheckpointHook(interval=2), 5)
    assert [s["filename"] for s in runner.saved] == [
        "epoch_2.pth",
        "epoch_4.pth",
        "epoch_5.pth",
    ]
    assert runner.saved[0]["meta"] == dict(epoch=2, iter=10)
    assert all(s["by_epoch"] and s["save_optimizer"] for s in runner.saved)


def test_save_last_false_skips_the_final_epoch(tmp_path):
    runner = MiniRunner(tmp_path, max_epochs=5)
    _train_epochs(runner, CheckpointHook(interval=2, save_last=False), 5)
    assert [s["filename"] for s in runner.saved] == ["epoch_2.pth", "epoch_4.pth"]


def test_save_begin_shifts_the_interval(tmp_path):
    runner = MiniRunner(tmp_path, max_epochs=6)
    _train_epochs(runner, CheckpointHook(interval=2, save_begin=1, save_last=False), 6)
    assert [s["filename"] for s in runner.saved] == [
        "epoch_1.pth",
        "epoch_3.pth",
        "epoch_5.pth",
    ]


def test_max_keep_ckpts_deletes_older_files_on_disk(tmp_path):
    runner = MiniRunner(tmp_path, max_epochs=5)
    _train_epochs(runner, CheckpointHook(interval=1, max_keep_ckpts=2), 5)
    assert len(runner.saved) == 5
    assert _files(tmp_path) == ["epoch_4.pth", "epoch_5.pth"]
    assert runner.message_hub.get_info("keep_ckpt_ids") == [4, 5]


def test_last_checkpoint_file_names_the_newest_checkpoint(tmp_path):
    runner = MiniRunner(tmp_path, max_epochs=3)
    _train_epochs(runner, CheckpointHook(interval=1), 3)
    last = (tmp_path / "last_checkpoint").read_text()
    assert last == os.path.join(str(tmp_path), "epoch_3.pth")
    assert runner.message_hub.get_info("last_ckpt") == last
    assert torch.load(last, weights_only=True)["meta"]["epoch"] == 3


def test_by_iter_saves_every_interval_iterations_and_the_last(tmp_path):
    runner = MiniRunner(tmp_path, train_len=5, max_epochs=2)  # 10 iterations
    hook = CheckpointHook(interval=3, by_epoch=False)
    _train_epochs(runner, hook, 2)
    assert [s["filename"] for s in runner.saved] == [
        "iter_3.pth",
        "iter_6.pth",
        "iter_9.pth",
        "iter_10.pth",
    ]
    assert runner.saved[1]["meta"] == dict(epoch=1, iter=6)
    assert not runner.saved[0]["by_epoch"]


def test_by_iter_asks_a_subclass_that_overrides_the_interval_helpers(tmp_path):
    class EveryFourth(CheckpointHook):
        def every_n_train_iters(self, runner, n, start=0):
            return (runner.iter + 1) % 4 == 0

        def is_last_train_iter(self, runner):
            return runner.iter + 1 == 7

    runner = MiniRunner(tmp_path, train_len=5, max_epochs=2)  # 10 iterations
    _train_epochs(runner, EveryFourth(interval=3, by_epoch=False), 2)
    assert [s["filename"] for s in runner.saved] == [
        "iter_4.pth",
        "iter_7.pth",
        "iter_8.pth",
    ]


def test_filename_tmpl_and_options_are_passed_on(tmp_path):
    runner = MiniRunner(tmp_path, max_epochs=1)
    hook = CheckpointHook(
        interval=1,
        filename_tmpl="ckpt_{:03d}.pth",
        save_optimizer=False,
        save_param_scheduler=False,
    )
    _train_epochs(runner, hook, 1)
    (saved,) = runner.saved
    assert saved["filename"] == "ckpt_001.pth"
    assert not saved["save_optimizer"] and not saved["save_param_scheduler"]


def test_out_dir_gets_the_work_dir_basename(tmp_path):
    work_dir = tmp_path / "work" / "exp1"
    runner = MiniRunner(work_dir, max_epochs=1)
    _train_epochs(runner, CheckpointHook(interval=1, out_dir=str(tmp_path / "out")), 1)
    assert runner.saved[0]["path"] == str(tmp_path / "out" / "exp1" / "epoch_1.pth")
    assert (work_dir / "last_checkpoint").read_text() == runner.saved[0]["path"]


def test_resumed_keep_ckpt_ids_continue_and_shrink(tmp_path):
    runner = MiniRunner(tmp_path, max_epochs=6)
    _train_epochs(runner, CheckpointHook(interval=1, max_keep_ckpts=3), 3)
    assert _files(tmp_path) == ["epoch_1.pth", "epoch_2.pth", "epoch_3.pth"]
    # A resumed run with a smaller max_keep_ckpts: the message hub carries the ids.
    hook = CheckpointHook(interval=1, max_keep_ckpts=2)
    hook.before_train(runner)
    assert _files(tmp_path) == ["epoch_2.pth", "epoch_3.pth"]
    runner.train_epoch([hook])
    assert _files(tmp_path) == ["epoch_3.pth", "epoch_4.pth"]


def test_save_best_auto_keeps_only_the_best_of_the_first_metric(tmp_path):
    runner = MiniRunner(tmp_path, max_epochs=3)
    hook = CheckpointHook(interval=-1, save_last=False, save_best="auto")
    metrics = [
        dict(accuracy=0.5, loss=0.9),
        dict(accuracy=0.7, loss=1.0),
        dict(accuracy=0.6, loss=0.1),
    ]
    _train_epochs(runner, hook, 3, metrics)
    assert _files(tmp_path) == ["best_accuracy_epoch_2.pth"]
    assert runner.message_hub.get_info("best_score") == 0.7
    assert runner.message_hub.get_info("best_ckpt") == str(
        tmp_path / "best_accuracy_epoch_2.pth"
    )
    best = [s for s in runner.saved if s["filename"].startswith("best")]
    assert [s["save_optimizer"] for s in best] == [False, False]
    assert any(
        "The best checkpoint with 0.7000 accuracy at 2 epoch" in line
        for line in runner.log_lines.lines
    )


def test_save_best_infers_less_is_better_for_loss(tmp_path):
    runner = MiniRunner(tmp_path, max_epochs=3)
    hook = CheckpointHook(save_last=False, save_best="val_loss")
    _train_epochs(
        runner, hook, 3, [dict(val_loss=0.5), dict(val_loss=0.7), dict(val_loss=0.2)]
    )
    assert _files(tmp_path) == ["best_val_loss_epoch_3.pth"]


def test_save_best_multiple_metrics_keep_one_file_each(tmp_path):
    runner = MiniRunner(tmp_path, max_epochs=2)
    hook = CheckpointHook(save_last=False, save_best=["mAP", "loss"])
    _train_epochs(runner, hook, 2, [dict(mAP=0.3, loss=0.2), dict(mAP=0.4, loss=0.3)])
    assert _files(tmp_path) == ["best_loss_epoch_1.pth", "best_mAP_epoch_2.pth"]
    assert runner.message_hub.get_info("best_score_mAP") == 0.4
    assert runner.message_hub.get_info("best_score_loss") == 0.2


def test_save_best_resaves_interval_checkpoint_with_new_best(tmp_path):
    runner = MiniRunner(tmp_path, max_epochs=2)
    hook = CheckpointHook(interval=1, save_best="acc", rule="greater")
    _train_epochs(runner, hook, 2, [dict(acc=0.1), dict(acc=0.2)])
    assert [s["filename"] for s in runner.saved] == [
        "epoch_1.pth",
        "best_acc_epoch_1.pth",
        "epoch_1.pth",
        "epoch_2.pth",
        "best_acc_epoch_2.pth",
        "epoch_2.pth",
    ]


def test_save_best_by_iter_names_the_iteration(tmp_path):
    runner = MiniRunner(tmp_path, train_len=4, max_epochs=1)
    hook = CheckpointHook(by_epoch=False, save_last=False, save_best="acc")
    _train_epochs(runner, hook, 1, [dict(acc=0.3)])
    assert _files(tmp_path) == ["best_acc_iter_4.pth"]


def test_save_best_explicit_rule_overrides_inference(tmp_path):
    runner = MiniRunner(tmp_path, max_epochs=2)
    hook = CheckpointHook(save_last=False, save_best="acc", rule="less")
    _train_epochs(runner, hook, 2, [dict(acc=0.3), dict(acc=0.1)])
    assert _files(tmp_path) == ["best_acc_epoch_2.pth"]


def test_save_best_needs_a_rule_when_it_cannot_infer_one():
    with pytest.raises(ValueError, match="cannot infer.*'psnr'.*rule="):
        CheckpointHook(save_best="psnr")


def test_save_best_rejects_bad_arguments():
    with pytest.raises(ValueError, match="'auto' must be alone"):
        CheckpointHook(save_best=["auto", "acc"])
    with pytest.raises(ValueError, match="duplicate"):
        CheckpointHook(save_best=["acc", "acc"])
    with pytest.raises(ValueError, match="one rule or one per save_best"):
        CheckpointHook(save_best=["acc", "mAP"], rule=["greater"] * 3)
    with pytest.raises(KeyError, match="rule must be"):
        CheckpointHook(save_best="acc", rule="bigger")
    with pytest.raises(TypeError, match="save_best must be"):
        CheckpointHook(save_best=3)


def test_save_best_metric_missing_from_metrics_names_it(tmp_path):
    runner = MiniRunner(tmp_path, max_epochs=1)
    hook = CheckpointHook(save_last=False, save_best="acc")
    with pytest.raises(KeyError, match="'acc' is not among the validation metrics"):
        _train_epochs(runner, hook, 1, [dict(mAP=0.1)])


def test_empty_metrics_skip_save_best_with_a_warning(tmp_path):
    runner = MiniRunner(tmp_path, max_epochs=1)
    hook = CheckpointHook(save_last=False, save_best="acc")
    _train_epochs(runner, hook, 1, [{}])
    assert runner.saved == []
    assert any("metrics` is an empty dict" in line for line in runner.log_lines.lines)


def test_published_keys_write_a_stripped_hashed_copy(tmp_path):
    runner = MiniRunner(tmp_path, max_epochs=1)
    hook = CheckpointHook(interval=1, published_keys=["meta", "state_dict"])
    _train_epochs(runner, hook, 1)
    hook.after_train(runner)
    published = [f for f in _files(tmp_path) if f.startswith("epoch_1-")]
    assert len(published) == 1 and len(published[0]) == len("epoch_1-12345678.pth")
    checkpoint = torch.load(tmp_path / published[0], weights_only=True)
    assert sorted(checkpoint) == ["meta", "state_dict"]


def test_remote_out_dir_is_rejected():
    with pytest.raises(ValueError, match="remote URI"):
        CheckpointHook(out_dir="s3://bucket/ckpts")


def test_custom_greater_and_less_keys_drive_rule_inference(tmp_path):
    runner = MiniRunner(tmp_path, max_epochs=2)
    hook = CheckpointHook(save_last=False, save_best="psnr", greater_keys="psnr")
    _train_epochs(runner, hook, 2, [dict(psnr=20.0), dict(psnr=25.0)])
    assert _files(tmp_path) == ["best_psnr_epoch_2.pth"]
    with pytest.raises(ValueError, match="cannot infer"):
        CheckpointHook(save_best="acc", greater_keys=[])  # default keys replaced
