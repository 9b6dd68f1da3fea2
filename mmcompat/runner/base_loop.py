"""``BaseLoop``: what every train/val/test loop holds."""

from __future__ import annotations

from abc import ABCMeta, abstractmethod
from typing import Any, Union

from torch.utils.data import DataLoader


def is_loop(obj: Any) -> bool:
    """``isinstance(obj, BaseLoop)``, with the answer cached per class.

    The runner asks this several times per iteration (``runner.iter`` and
    friends); ``ABCMeta.__instancecheck__`` is a Python-level call each time.
    """
    cls = type(obj)
    if cls in _LOOP_CLASSES:
        return True
    if isinstance(obj, BaseLoop):
        _LOOP_CLASSES.add(cls)
        return True
    return False


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


# Classes known to subclass BaseLoop (see is_loop).
_LOOP_CLASSES: set[type] = set()
# Train loop classes whose ``iter``/``epoch``/``max_iters``/``max_epochs``
# are the plain properties over ``_iter``/``_epoch``/``_max_iters``/
# ``_max_epochs`` (filled by the train loops' ``__init_subclass__``): the
# runner reads those attributes directly, one property call less each.
_PLAIN_COUNTER_LOOPS: set[type] = set()
