from __future__ import annotations

import json
import logging
import os
import re

import pytest
import torch

from mmcompat.hooks import LoggerHook
from mmcompat.registry import HOOKS
from mmcompat.runner.priority import get_priority

from ._runner import MiniRunner


def _logged_iters(runner) -> list[str]:
    """The ``[epoch][i/n]`` position of each training log line."""
    found = (
        re.match(r"(Epoch|Iter)\(train\)\s*(\S+)", line)
        for line in runner.log_lines.lines
    )
    return [m.group(2) for m in found if m]


def _outputs(runner):
    return dict(loss=torch.tensor(0.5 + runner.iter))


def _train(runner, hook, epochs: int) -> None:
    hook.before_run(runner)
    for _ in range(epochs):
        runner.train_epoch([hook], outputs=_outputs)


def _fill_hub(runner) -> None:
    hub = runner.message_hub
    hub.update_scalar("train/lr", 0.1)
    hub.update_scalar("train/loss", torch.tensor(0.25))


def test_logger_hook_is_registered_with_below_normal_priority():
    hook = HOOKS.build(dict(type="LoggerHook", interval=5))
    assert isinstance(hook, LoggerHook) and hook.interval == 5
    assert get_priority(hook.priority) == 60


def test_logs_every_interval_and_ignores_the_short_tail(tmp_path):
    runner = MiniRunner(tmp_path, train_len=5, max_epochs=1)
    _fill_hub(runner)
    _train(runner, LoggerHook(interval=2), 1)
    assert _logged_iters(runner) == ["[1][2/5]", "[1][4/5]"]


def test_ignore_last_false_logs_the_last_iteration(tmp_path):
    runner = MiniRunner(tmp_path, train_len=5, max_epochs=1)
    _fill_hub(runner)
    _train(runner, LoggerHook(interval=2, ignore_last=False), 1)
    assert _logged_iters(runner) == [
        "[1][2/5]",
        "[1][4/5]",
        "[1][5/5]",
    ]


def test_epoch_shorter_than_interval_still_logs_its_end(tmp_path):
    runner = MiniRunner(tmp_path, train_len=3, max_epochs=2)
    _fill_hub(runner)
    _train(runner, LoggerHook(interval=10), 2)
    assert _logged_iters(runner) == ["[1][3/3]", "[2][3/3]"]


class ResizableDataset(torch.utils.data.Dataset):
    def __init__(self, n: int) -> None:
        self.n = n

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, i: int) -> torch.Tensor:
        return torch.zeros(2)


def test_epoch_end_follows_the_dataloader_length_of_each_epoch(tmp_path):
    # The length is read once per pass; a dataset that shrinks between epochs
    # (same DataLoader object) or a new dataloader is seen at the next epoch.
    runner = MiniRunner(tmp_path, max_epochs=3)
    dataset = ResizableDataset(5)
    runner.train_dataloader = torch.utils.data.DataLoader(dataset, batch_size=1)
    runner.train_loop.dataloader = runner.train_dataloader  # read by the header
    _fill_hub(runner)
    hook = LoggerHook(interval=100)
    hook.before_run(runner)
    runner.train_epoch([hook], outputs=_outputs)
    dataset.n = 3
    runner.train_epoch([hook], outputs=_outputs)
    runner.train_dataloader = torch.utils.data.DataLoader(
        ResizableDataset(4), batch_size=1
    )
    runner.train_loop.dataloader = runner.train_dataloader
    runner.train_epoch([hook], outputs=_outputs)
    assert _logged_iters(runner) == ["[1][5/5]", "[2][3/3]", "[3][4/4]"]


def test_a_subclass_overriding_the_interval_helpers_is_asked(tmp_path):
    class OddIterations(LoggerHook):
        def every_n_inner_iters(self, batch_idx, n):
            return batch_idx % 2 == 0

        def end_of_epoch(self, dataloader, batch_idx):
            return False

        def every_n_train_iters(self, runner, n, start=0):
            return runner.iter == 1

    runner = MiniRunner(tmp_path, train_len=5, max_epochs=1)
    _fill_hub(runner)
    _train(runner, OddIterations(interval=2), 1)
    assert _logged_iters(runner) == ["[1][1/5]", "[1][3/5]", "[1][5/5]"]
    exp = [line for line in runner.log_lines.lines if line.startswith("Exp name:")]
    assert len(exp) == 1


def test_a_helper_set_on_the_instance_is_asked(tmp_path):
    runner = MiniRunner(tmp_path, train_len=5, max_epochs=1)
    _fill_hub(runner)
    hook = LoggerHook(interval=100)
    hook.every_n_inner_iters = lambda batch_idx, n: batch_idx == 1
    _train(runner, hook, 1)
    assert _logged_iters(runner) == ["[1][2/5]", "[1][5/5]"]


def test_scalars_go_to_the_visualizer_with_the_timestamp_json(tmp_path):
    runner = MiniRunner(tmp_path, train_len=4, max_epochs=1)
    _fill_hub(runner)
    _train(runner, LoggerHook(interval=2), 1)
    steps = [(step, path) for _, step, path in runner.visualizer.calls]
    assert steps == [(2, f"{runner.timestamp}.json"), (4, f"{runner.timestamp}.json")]
    tag = runner.visualizer.calls[0][0]
    assert tag["lr"] == pytest.approx(0.1) and tag["epoch"] == 1 and tag["iter"] == 2


def test_experiment_name_at_interval_exp_name_and_epoch_end(tmp_path):
    runner = MiniRunner(tmp_path, train_len=5, max_epochs=2)
    _fill_hub(runner)
    _train(runner, LoggerHook(interval=100, interval_exp_name=3), 2)
    exp_lines = [
        i
        for i, line in enumerate(runner.log_lines.lines)
        if line.startswith("Exp name:")
    ]
    # iterations 3, 5 (end of epoch), 6, 9, 10 (end of epoch)
    assert len(exp_lines) == 5
    assert runner.log_lines.lines[exp_lines[0]] == f"Exp name: {runner.experiment_name}"


def test_val_iterations_and_epoch_are_logged(tmp_path):
    runner = MiniRunner(tmp_path, val_len=4, max_epochs=1)
    runner.epoch = 1
    hook = LoggerHook(interval=2)
    hook.before_run(runner)
    runner.message_hub.update_scalar("val/accuracy", 0.75)
    runner.validate([hook], dict(accuracy=0.75))
    val_lines = [
        line for line in runner.log_lines.lines if line.startswith("Epoch(val)")
    ]
    assert [line[:20] for line in val_lines] == [
        "Epoch(val) [1][2/4] ",
        "Epoch(val) [1][4/4] ",
        "Epoch(val) [1][4/4] ",
    ]
    assert "accuracy: 0.7500" in val_lines[-1]
    (tag, step, path) = runner.visualizer.calls[-1]
    assert step == 1 and path == f"{runner.timestamp}.json" and tag["accuracy"] == 0.75


def test_val_metric_step_is_the_iteration_without_log_metric_by_epoch(tmp_path):
    runner = MiniRunner(tmp_path, val_len=1)
    runner.epoch, runner.iter = 2, 37
    hook = LoggerHook(log_metric_by_epoch=False)
    hook.before_run(runner)
    runner.validate([hook], dict(accuracy=0.5))
    assert runner.visualizer.calls[-1][1] == 37


def test_val_without_training_logs_at_step_zero(tmp_path):
    runner = MiniRunner(tmp_path, val_len=1)
    runner._train_loop = None
    runner.epoch = 5
    hook = LoggerHook()
    hook.before_run(runner)
    runner.validate([hook], dict(accuracy=0.5))
    assert runner.visualizer.calls[-1][1] == 0


def test_test_metrics_are_dumped_to_the_log_dir_json(tmp_path):
    runner = MiniRunner(tmp_path, test_len=2)
    hook = LoggerHook()
    hook.before_run(runner)
    runner.message_hub.update_scalar("test/accuracy", 0.5)
    runner.message_hub.update_info("test/per_class", torch.tensor([0.25, 0.75]))
    hook.after_test_epoch(runner, metrics=dict(accuracy=0.5))
    path = os.path.join(runner.log_dir, f"{runner.timestamp}.json")
    data = json.loads(open(path).read())
    assert data["accuracy"] == 0.5 and data["per_class"] == [0.25, 0.75]
    assert list(data) == ["accuracy", "per_class"]
    assert runner.log_lines.lines[-1].startswith(
        "Epoch(test) [2/2]    accuracy: 0.5000"
    )


def test_after_run_copies_logs_to_out_dir_and_can_drop_local(tmp_path):
    work_dir = tmp_path / "work" / "exp"
    runner = MiniRunner(work_dir)
    log_file = os.path.join(runner.log_dir, f"{runner.timestamp}.log")
    handler = logging.FileHandler(log_file)
    runner.logger.addHandler(handler)
    runner.logger.info("hello")
    with open(os.path.join(runner.log_dir, "notes.txt"), "w") as f:
        f.write("not copied")
    hook = LoggerHook(out_dir=str(tmp_path / "out"), keep_local=False)
    hook.before_run(runner)
    hook.after_run(runner)
    copied = tmp_path / "out" / "exp" / f"{runner.timestamp}.log"
    assert copied.read_text().splitlines()[0] == "hello"
    assert not os.path.exists(log_file)
    assert os.path.exists(os.path.join(runner.log_dir, "notes.txt"))
    assert not (tmp_path / "out" / "exp" / "notes.txt").exists()
    assert runner.visualizer.closed


@pytest.mark.parametrize(
    "kwargs,error,match",
    [
        (dict(interval=0), ValueError, "interval must be > 0"),
        (dict(interval=2.5), TypeError, "interval must be an int"),
        (dict(ignore_last=1), TypeError, "ignore_last must be a bool"),
        (dict(interval_exp_name=0), ValueError, "interval_exp_name"),
        (dict(file_client_args=dict(backend="disk")), ValueError, "out_dir"),
        (dict(out_dir="s3://bucket/logs"), ValueError, "remote URI"),
        (dict(out_suffix=[".log", 3]), TypeError, "out_suffix"),
    ],
)
def test_bad_arguments_are_rejected(kwargs, error, match):
    with pytest.raises(error, match=match):
        LoggerHook(**kwargs)


def test_train_scalars_reach_the_local_vis_backend_files(tmp_path):
    from mmcompat.visualization import Visualizer

    runner = MiniRunner(tmp_path, train_len=4, max_epochs=1)
    runner.visualizer = Visualizer(
        name=f"logger_hook_{runner.timestamp}",
        vis_backends=[dict(type="LocalVisBackend")],
        save_dir=runner.log_dir,
    )
    _fill_hub(runner)
    hook = LoggerHook(interval=2)
    _train(runner, hook, 1)
    hook.after_run(runner)
    vis_dir = os.path.join(runner.log_dir, "vis_data")
    for name in ("scalars.json", f"{runner.timestamp}.json"):
        with open(os.path.join(vis_dir, name)) as f:
            records = [json.loads(line) for line in f]
        assert [(r["step"], r["iter"], r["epoch"]) for r in records] == [
            (2, 2, 1),
            (4, 4, 1),
        ]
        assert records[0]["lr"] == pytest.approx(0.1)
        assert records[1]["loss"] == pytest.approx(0.25)
