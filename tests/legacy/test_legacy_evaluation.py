"""``evaluation=dict(...)`` in a legacy config under ``mmcompat train``: an
MMCV ``EvalHook`` on ``data.val`` (test mode) calling ``dataset.evaluate``
on the model's ``return_loss=False`` outputs, metrics in MMCV's JSON log,
``save_best`` checkpoints named as MMCV named them."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import torch

from mmcompat.cli.main import main

PACKAGE = '''
import torch
import torch.nn as nn
from torch.utils.data import Dataset
from mmcv.utils import Registry

MODELS = Registry('models')
DATASETS = Registry('datasets')


@DATASETS.register_module()
class Line(Dataset):
    """y = 3 x - 1; records whether it was built for evaluation."""

    def __init__(self, num, seed, test_mode=False):
        g = torch.Generator().manual_seed(seed)
        self.x = torch.randn(num, 1, generator=g)
        self.y = 3 * self.x - 1
        self.test_mode = test_mode

    def __len__(self):
        return len(self.x)

    def __getitem__(self, i):
        return dict(x=self.x[i], y=self.y[i])

    def evaluate(self, results, logger=None, metric='mse', scale=1.0):
        assert self.test_mode and logger is not None
        pred = torch.tensor(results)
        return {metric: scale * float(((pred - self.y[:, 0]) ** 2).mean())}


@MODELS.register_module()
class Regressor(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(1, 1)

    def forward(self, x, y, return_loss=True, rescale=False):
        pred = self.fc(x)
        if return_loss:
            return dict(loss=((pred - y) ** 2).mean())
        assert not rescale  # MMCV's single_gpu_test does not pass it
        return pred[:, 0].tolist()

    def train_step(self, data, optimizer):
        loss = self(**data)['loss']
        return dict(loss=loss, log_vars=dict(loss=loss.item()),
                    num_samples=len(data['x']))
'''

CONFIG = """
custom_imports = dict(imports=['evalpkg'])
model = dict(type='Regressor')
data = dict(samples_per_gpu=4, workers_per_gpu=0,
            train=dict(type='Line', num=16, seed=0),
            val=dict(type='Line', num=6, seed=1))
optimizer = dict(type='SGD', lr=0.05)
optimizer_config = dict()
lr_config = dict(policy='fixed')
runner = dict(type='EpochBasedRunner', max_epochs=3)
checkpoint_config = dict(interval=1)
log_config = dict(interval=2, hooks=[dict(type='TextLoggerHook')])
evaluation = dict(interval=1, metric='err', scale=2.0, save_best='err', rule='less')
seed = 0
"""


def _val_mse(checkpoint: Path, package: Path) -> float:
    # the metric recomputed from a saved checkpoint, independently of the hook
    sys.path.insert(0, str(package))
    try:
        from mmcompat.legacy.runtime.aliases import legacy_aliases

        with legacy_aliases():
            import evalpkg

            model = evalpkg.Regressor()
            state = torch.load(checkpoint, weights_only=True)["state_dict"]
            model.load_state_dict(state)
            data = evalpkg.Line(6, 1, test_mode=True)
            with torch.no_grad():
                pred = model.fc(data.x)[:, 0]
            return 2.0 * float(((pred - data.y[:, 0]) ** 2).mean())
    finally:
        sys.path.remove(str(package))
        sys.modules.pop("evalpkg", None)


def test_legacy_evaluation_config_runs_mmcv_eval_hook(tmp_path, monkeypatch, capsys):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "evalpkg.py").write_text(PACKAGE)
    cfg = tmp_path / "cfg.py"
    cfg.write_text(CONFIG)
    monkeypatch.syspath_prepend(str(package))
    work = tmp_path / "work"
    try:
        assert main(["train", str(cfg), "--work-dir", str(work)]) == 0
    finally:
        sys.modules.pop("evalpkg", None)
    err = capsys.readouterr().err
    assert "evaluation: run as MMCV's EvalHook" in err
    assert "todo: evaluation" not in err
    [log] = work.glob("*.log.json")
    records = [json.loads(line) for line in log.read_text().splitlines()]
    val = [r for r in records if r["mode"] == "val"]
    # one val record per epoch, after the epoch's train records, as MMCV's
    # TextLoggerHook wrote an EvalHook's metrics
    assert [(r["epoch"], r["iter"]) for r in val] == [(1, 6), (2, 6), (3, 6)]
    assert all(set(r) == {"mode", "epoch", "iter", "lr", "err"} for r in val)
    # save_best with rule='less': best_<metric>_epoch_N.pth of the best epoch
    best_epoch = min(val, key=lambda r: r["err"])["epoch"]
    [best] = work.glob("best_err_epoch_*.pth")
    assert best.name == f"best_err_epoch_{best_epoch}.pth"
    for record in val:
        checkpoint = work / f"epoch_{record['epoch']}.pth"
        assert abs(_val_mse(checkpoint, package) - record["err"]) < 2e-5
