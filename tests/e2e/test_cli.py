"""`mmcompat train` / `mmcompat test` on new-style config files."""

from __future__ import annotations

import textwrap

import pytest
import torch

from mmcompat.cli.main import main

CONFIG = textwrap.dedent(
    """
    custom_imports = dict(imports=['tests.e2e.cli_components'])
    model = dict(type='CliTinyModel')
    loader = dict(
        dataset=dict(type='CliDataset', n=12),
        sampler=dict(type='DefaultSampler', shuffle=True),
        batch_size=4,
        num_workers=0,
        collate_fn=dict(type='default_collate'))
    train_dataloader = loader
    test_dataloader = dict(loader, sampler=dict(type='DefaultSampler', shuffle=False))
    test_cfg = dict()
    test_evaluator = dict(type='CliMetric')
    train_cfg = dict(by_epoch=True, max_epochs=2)
    optim_wrapper = dict(optimizer=dict(type='SGD', lr=0.1))
    default_hooks = dict(logger=dict(type='LoggerHook', interval=1))
    randomness = dict(seed=1)
    log_level = 'WARNING'
    """
)


@pytest.fixture
def config(tmp_path):
    path = tmp_path / "toy_cfg.py"
    path.write_text(CONFIG)
    return path


def test_train_then_resume_then_test(config, tmp_path, capsys):
    work = tmp_path / "work"
    assert main(["train", str(config), "--work-dir", str(work)]) == 0
    assert (work / "epoch_2.pth").exists() and (work / "toy_cfg.py").exists()
    assert (
        main(
            [
                "train",
                str(config),
                "--work-dir",
                str(work),
                "--resume",
                "--cfg-options",
                "train_cfg.max_epochs=3",
            ]
        )
        == 0
    )
    checkpoint = torch.load(work / "epoch_3.pth", weights_only=True)
    assert checkpoint["meta"]["epoch"] == 3 and checkpoint["meta"]["iter"] == 9
    capsys.readouterr()
    assert (
        main(["test", str(config), str(work / "epoch_3.pth"), "--work-dir", str(work)])
        == 0
    )
    assert "toy/err:" in capsys.readouterr().out


def test_untranslatable_legacy_config_exits_2_naming_the_key(tmp_path, capsys):
    path = tmp_path / "old.py"
    path.write_text(
        "model = dict(type='X')\nlr_config = dict(policy='step', step=[8])\n"
    )
    assert main(["train", str(path)]) == 2
    err = capsys.readouterr().err
    assert "legacy" in err and "lr_config" in err and "mmcompat convert" in err


def test_bad_config_key_exits_2_naming_it(config, tmp_path, capsys):
    code = main(
        [
            "train",
            str(config),
            "--work-dir",
            str(tmp_path / "w"),
            "--cfg-options",
            "train_cfg.max_epochs=None",
            "train_cfg.by_epoch=False",
        ]
    )
    assert code == 2
    assert "max_iters" in capsys.readouterr().err


def test_missing_files_exit_2(tmp_path, capsys):
    assert main(["train", str(tmp_path / "nope.py")]) == 2
    assert main(["test", str(tmp_path / "nope.py"), str(tmp_path / "x.pth")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_resume_from_a_missing_checkpoint_exits_2_naming_it(config, tmp_path, capsys):
    missing = tmp_path / "nope.pth"
    work = tmp_path / "work"
    args = ["train", str(config), "--work-dir", str(work), "--resume", str(missing)]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err == (
        f"mmcompat train: checkpoint file {missing} to resume from does not exist\n"
    )
    assert not work.exists()
