"""RuntimeInfoHook: publish the runner's state in the message hub.

Components that cannot see the runner (schedulers, metrics, visualisers)
read epoch, iteration, learning rates, losses and metrics from the message
hub instead. Losses stay tensors there: nothing here syncs with the device.
"""

from __future__ import annotations

from typing import Any, Optional

from mmcompat.registry import HOOKS
from mmcompat.version import __version__

from .hook import DATA_BATCH, Hook


def _is_scalar(value: Any) -> bool:
    """A python/numpy number, or a one-element tensor or array."""
    if isinstance(value, (int, float)):
        return True
    size = getattr(value, "size", None)  # numpy arrays and numpy scalars
    if type(value).__module__ == "numpy" and isinstance(size, int):
        return size == 1
    numel = getattr(value, "numel", None)  # tensors
    if callable(numel):
        return numel() == 1
    return False


@HOOKS.register_module()
class RuntimeInfoHook(Hook):
    """Keep ``epoch``, ``iter``, ``max_epochs``, ``max_iters``, the loop stage,
    learning rates, training losses and val/test metrics up to date in
    ``runner.message_hub``.

    Infos: ``cfg``, ``seed``, ``experiment_name``, ``mmcompat_version``,
    ``loop_stage``, ``epoch``, ``iter``, ``max_epochs``, ``max_iters``,
    ``dataset_meta``. Scalars: ``train/<name>`` for each learning rate of
    ``optim_wrapper.get_lr()`` and each entry of the train step's outputs,
    ``val/<metric>`` and ``test/<metric>`` (non-scalar metrics go to the infos
    under the same names).
    """

    priority = "VERY_HIGH"

    def __init__(self) -> None:
        self.last_loop_stage: Optional[str] = None

    def before_run(self, runner) -> None:
        cfg = getattr(runner, "cfg", None)
        metainfo = dict(
            cfg=getattr(cfg, "pretty_text", "" if cfg is None else str(cfg)),
            seed=getattr(runner, "seed", None),
            experiment_name=getattr(runner, "experiment_name", None),
            mmcompat_version=__version__,
        )
        for key, value in metainfo.items():
            runner.message_hub.update_info(key, value)
        self.last_loop_stage = None

    def before_train(self, runner) -> None:
        hub = runner.message_hub
        hub.update_info("loop_stage", "train")
        hub.update_info("epoch", runner.epoch)
        hub.update_info("iter", runner.iter)
        hub.update_info("max_epochs", runner.max_epochs)
        hub.update_info("max_iters", runner.max_iters)
        dataset = getattr(runner.train_dataloader, "dataset", None)
        if hasattr(dataset, "metainfo"):
            hub.update_info("dataset_meta", dataset.metainfo)

    def after_train(self, runner) -> None:
        runner.message_hub.pop_info("loop_stage")

    def before_train_epoch(self, runner) -> None:
        runner.message_hub.update_info("epoch", runner.epoch)

    def before_train_iter(
        self, runner, batch_idx: int, data_batch: DATA_BATCH = None
    ) -> None:
        hub = runner.message_hub
        hub.update_info("iter", runner.iter)
        lrs = runner.optim_wrapper.get_lr()
        if not isinstance(lrs, dict):
            raise TypeError(
                "runner.optim_wrapper.get_lr() must return a dict of learning "
                "rate lists (an OptimWrapper or OptimWrapperDict does), got "
                f"{type(lrs).__name__}"
            )
        for name, values in lrs.items():
            hub.update_scalar(f"train/{name}", values[0])

    def after_train_iter(
        self,
        runner,
        batch_idx: int,
        data_batch: DATA_BATCH = None,
        outputs: Optional[dict] = None,
    ) -> None:
        if outputs is None:
            return
        hub = runner.message_hub
        for key, value in outputs.items():
            # Tensors are stored as they are (the history buffer detaches
            # them) and converted only when a log line reads them.
            hub.update_scalar(f"train/{key}", value)

    def before_val(self, runner) -> None:
        self.last_loop_stage = runner.message_hub.get_info("loop_stage")
        runner.message_hub.update_info("loop_stage", "val")

    def after_val_epoch(
        self, runner, metrics: Optional[dict[str, float]] = None
    ) -> None:
        self._publish_metrics(runner, "val", metrics)

    def after_val(self, runner) -> None:
        # Validation inside training hands the stage back to 'train'.
        if self.last_loop_stage == "train":
            runner.message_hub.update_info("loop_stage", "train")
            self.last_loop_stage = None
        else:
            runner.message_hub.pop_info("loop_stage")

    def before_test(self, runner) -> None:
        runner.message_hub.update_info("loop_stage", "test")

    def after_test(self, runner) -> None:
        runner.message_hub.pop_info("loop_stage")

    def after_test_epoch(
        self, runner, metrics: Optional[dict[str, float]] = None
    ) -> None:
        self._publish_metrics(runner, "test", metrics)

    @staticmethod
    def _publish_metrics(runner, mode: str, metrics: Optional[dict]) -> None:
        if metrics is None:
            return
        for key, value in metrics.items():
            if _is_scalar(value):
                runner.message_hub.update_scalar(f"{mode}/{key}", value)
            else:
                runner.message_hub.update_info(f"{mode}/{key}", value)
