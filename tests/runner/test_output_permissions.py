"""Every file a training run writes honours the umask, as ``open()`` would:
checkpoints, ``last_checkpoint``, the text and json logs, the config dump,
the scalars file. A checkpoint that replaces an existing file keeps its mode.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
import torch

from mmcompat.runner import Runner
from mmcompat.runner.checkpoint import save_checkpoint

from .helpers import loader_cfg, runner_cfg


@pytest.fixture
def umask():
    """Set the process umask for the test, restoring it afterwards."""
    previous = os.umask(0o022)
    os.umask(previous)
    yield os.umask
    os.umask(previous)


def _modes(root: Path) -> dict[str, int]:
    return {
        str(path.relative_to(root)): stat.S_IMODE(path.stat().st_mode)
        for path in root.rglob("*")
        if path.is_file()
    }


@pytest.mark.parametrize("mask", [0o022, 0o077], ids=["umask022", "umask077"])
def test_training_outputs_get_the_permissions_open_would_give(tmp_path, umask, mask):
    umask(mask)
    cfg = runner_cfg(
        tmp_path,
        train_dataloader=loader_cfg(batch_size=4),
        train_cfg=dict(by_epoch=True, max_epochs=2),
        default_hooks=dict(
            logger=dict(type="LoggerHook", interval=1),
            checkpoint=dict(
                type="CheckpointHook",
                interval=1,
                save_last=True,
                published_keys=["meta", "state_dict"],
            ),
        ),
    )
    runner = Runner.from_cfg(cfg)
    runner.train()
    modes = _modes(tmp_path)
    names = {Path(name).name for name in modes}
    assert {"epoch_1.pth", "epoch_2.pth", "last_checkpoint"} <= names
    assert any(n.endswith(".log") for n in names)
    assert any(n.endswith(".json") for n in names)  # json log, scalars
    assert any(n.startswith("epoch_2-") and n.endswith(".pth") for n in names)
    assert {name: mode for name, mode in modes.items() if mode != 0o666 & ~mask} == {}
    # and the checkpoint is a real one
    checkpoint = torch.load(tmp_path / "epoch_2.pth", weights_only=True)
    assert checkpoint["meta"]["epoch"] == 2


def test_checkpoint_replacing_a_file_keeps_its_mode(tmp_path, umask):
    umask(0o022)
    path = tmp_path / "latest.pth"
    save_checkpoint({"v": torch.tensor(1)}, str(path))
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    path.chmod(0o640)
    save_checkpoint({"v": torch.tensor(2)}, str(path))
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert torch.load(path, weights_only=True)["v"] == 2
