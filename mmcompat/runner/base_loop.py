"""``BaseLoop``: what every train/val/test loop holds."""

from __future__ import annotations

from abc import ABCMeta, abstractmethod
from typing import Any, Union

from torch.utils.data import DataLoader


class BaseLoop(metaclass=ABCMeta):
    """A loop over one dataloader, driven by :meth:`run`.

    Args:
        runner: the runner (the loop calls its hooks and model).
        dataloader: a ``DataLoader`` or a config dict, built with
            ``runner.build_dataloader`` using the runner's seed (``None`` per
            sampler when ``randomness.diff_rank_seed`` is set).
    """

    def __init__(self, runner: Any, dataloader: Union[DataLoader, dict]) -> None:
        self._runner = runner
        if isinstance(dataloader, dict):
            diff_rank_seed = runner._randomness_cfg.get("diff_rank_seed", False)
            dataloader = runner.build_dataloader(
                dataloader, seed=runner.seed, diff_rank_seed=diff_rank_seed
            )
        self.dataloader = dataloader

    @property
    def runner(self) -> Any:
        return self._runner

    @abstractmethod
    def run(self) -> Any:
        """Run the loop."""
