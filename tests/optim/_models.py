"""Tiny real models shared by the optim tests."""

from __future__ import annotations

import torch
import torch.nn as nn


def paramwise_model() -> nn.Module:
    """The model fixtures/golden/schedulers/record.py used for paramwise_cfg."""

    class Block(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.conv = nn.Conv2d(3, 8, 3)
            self.bn = nn.BatchNorm2d(8)
            self.dwconv = nn.Conv2d(8, 8, 3, groups=8)
            self.gn = nn.GroupNorm(2, 8)

    class Toy(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.backbone = nn.ModuleDict(dict(layer0=Block(), layer1=Block()))
            self.neck = nn.Sequential(nn.Linear(8, 8), nn.LayerNorm(8))
            self.head = nn.Linear(8, 2)
            self.scale = nn.Parameter(torch.ones(1))
            self.frozen = nn.Linear(2, 2)
            self.frozen.weight.requires_grad_(False)
            self.shared_a = nn.Linear(2, 2, bias=False)
            self.shared_b = nn.Linear(2, 2, bias=False)
            self.shared_b.weight = self.shared_a.weight

    return Toy()


class Regressor(nn.Module):
    """A linear regressor without batch statistics (accumulation-exact)."""

    def __init__(self, in_features: int = 4) -> None:
        super().__init__()
        self.fc1 = nn.Linear(in_features, 8)
        self.fc2 = nn.Linear(8, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc2(torch.tanh(self.fc1(x)))
