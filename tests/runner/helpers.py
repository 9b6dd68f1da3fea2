"""Tiny real components for runner tests: a model with dropout, a dataset
that counts its reads, a metric, and a config factory."""

from __future__ import annotations

import torch
import torch.nn as nn

from mmcompat.evaluator import BaseMetric
from mmcompat.hooks import Hook
from mmcompat.model import BaseModel
from mmcompat.runner.hook_list import DEFAULT_HOOKS

# ``default_hooks`` that removes every default hook
NO_DEFAULT_HOOKS = {name: None for name in DEFAULT_HOOKS}


class TinyModel(BaseModel):
    """Linear -> ReLU -> Dropout -> Linear; MSE loss."""

    def __init__(self, dropout: float = 0.0, data_preprocessor=None) -> None:
        super().__init__(data_preprocessor=data_preprocessor)
        self.linear1 = nn.Linear(4, 8)
        self.drop = nn.Dropout(dropout)
        self.linear2 = nn.Linear(8, 2)

    def forward(self, inputs, labels=None, mode="tensor"):
        if isinstance(inputs, (list, tuple)):
            inputs = torch.stack(list(inputs))
        out = self.linear2(self.drop(torch.relu(self.linear1(inputs))))
        if mode == "loss":
            if isinstance(labels, (list, tuple)):
                labels = torch.stack(list(labels))
            return dict(loss=((out - labels) ** 2).mean())
        if mode == "predict":
            return [dict(pred=p, label=t) for p, t in zip(out, labels)]
        return out


class CountingDataset(torch.utils.data.Dataset):
    """``n`` random (inputs, labels) pairs; ``reads`` records every index read."""

    def __init__(self, n: int = 12, seed: int = 0) -> None:
        g = torch.Generator().manual_seed(seed)
        self.x = torch.randn(n, 4, generator=g)
        self.y = torch.randn(n, 2, generator=g)
        self.reads: list[int] = []

    def __len__(self) -> int:
        return len(self.x)

    def __getitem__(self, i: int) -> dict:
        self.reads.append(int(i))
        return dict(inputs=self.x[i], labels=self.y[i])


class MeanErrorMetric(BaseMetric):
    default_prefix = "toy"

    def process(self, data_batch, data_samples) -> None:
        for sample in data_samples:
            self.results.append(((sample["pred"] - sample["label"]) ** 2).mean())

    def compute_metrics(self, results) -> dict:
        return dict(err=float(torch.stack(results).mean()))


class RecordingHook(Hook):
    """Records every hook point it sees, with its keyword arguments' names."""

    def __init__(self) -> None:
        self.calls: list[tuple] = []

    def _record(self, point, **kwargs):
        self.calls.append((point, tuple(sorted(kwargs))))


for _point in Hook.stages:

    def _make(point):
        def method(self, runner, **kwargs):
            self._record(point, **kwargs)

        method.__name__ = point
        return method

    setattr(RecordingHook, _point, _make(_point))


def loader_cfg(dataset=None, batch_size=3, shuffle=True, sampler="DefaultSampler"):
    return dict(
        dataset=dataset if dataset is not None else dict(type=CountingDataset),
        sampler=dict(type=sampler, shuffle=shuffle),
        batch_size=batch_size,
        num_workers=0,
        collate_fn=dict(type="default_collate"),
    )


def runner_cfg(work_dir, **overrides) -> dict:
    """A complete quiet config: epoch-based, 2 epochs of 4 batches."""
    cfg = dict(
        model=dict(type=TinyModel, dropout=0.5),
        work_dir=str(work_dir),
        train_dataloader=loader_cfg(),
        train_cfg=dict(by_epoch=True, max_epochs=2),
        optim_wrapper=dict(optimizer=dict(type="SGD", lr=0.1, momentum=0.9)),
        default_hooks=dict(
            logger=dict(type="LoggerHook", interval=100),
            checkpoint=dict(type="CheckpointHook", interval=1),
        ),
        randomness=dict(seed=7),
        log_level="WARNING",
    )
    cfg.update(overrides)
    return cfg
