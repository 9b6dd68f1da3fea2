"""CheckpointHook options seen in the files a real Runner writes."""

from __future__ import annotations

import pytest
import torch

from mmcompat.runner import Runner

from .helpers import runner_cfg


@pytest.mark.parametrize("save", [True, False])
def test_save_optimizer_and_param_scheduler_options_shape_the_file(tmp_path, save):
    cfg = runner_cfg(
        tmp_path,
        param_scheduler=dict(type="MultiStepLR", milestones=[1], by_epoch=True),
        default_hooks=dict(
            logger=dict(type="LoggerHook", interval=100),
            checkpoint=dict(
                type="CheckpointHook",
                interval=1,
                save_optimizer=save,
                save_param_scheduler=save,
            ),
        ),
    )
    Runner.from_cfg(cfg).train()
    ckpt = torch.load(tmp_path / "epoch_2.pth", weights_only=True)
    assert "state_dict" in ckpt and "meta" in ckpt
    assert ("optimizer" in ckpt) is save
    assert ("param_schedulers" in ckpt) is save


def test_load_checkpoint_honours_map_location(tmp_path):
    Runner.from_cfg(runner_cfg(tmp_path)).train()
    seen = []

    def to_cpu(storage, location):
        seen.append(location)
        return storage

    runner = Runner.from_cfg(runner_cfg(tmp_path / "other"))
    ckpt = runner.load_checkpoint(str(tmp_path / "epoch_2.pth"), map_location=to_cpu)
    assert seen and set(seen) == {"cpu"}
    assert all(t.device.type == "cpu" for t in ckpt["state_dict"].values())
    reference = torch.load(tmp_path / "epoch_2.pth", weights_only=True)["state_dict"]
    for key, value in runner.model.state_dict().items():
        assert torch.equal(value, reference[key]), key


def test_cli_prints_its_version(capsys):
    from mmcompat import __version__
    from mmcompat.cli.main import main

    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"mmcompat {__version__}"
