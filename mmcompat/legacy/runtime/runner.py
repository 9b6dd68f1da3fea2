"""``EpochBasedRunner`` / ``IterBasedRunner``: MMCV 1.x's runner API on the
new :class:`~mmcompat.runner.Runner`.

The facade collects what legacy code gives it (model, raw optimizer,
``register_training_hooks`` configs, ``register_hook`` hooks) and, in
:meth:`BaseRunner.run`, builds one new-style ``Runner``:

==========================  =================================================
legacy                      new runner
==========================  =================================================
hook configs                ``translate_hook_configs()`` (the one mapping):
                            ``param_scheduler``, ``default_hooks``,
                            ``custom_hooks``, ``optim_wrapper`` settings,
                            ``log_processor``, ``visualizer``
``optimizer`` object        ``OptimWrapper(optimizer=...)`` with the
                            translated clipping/accumulation
model (``train_step``)      :class:`~.model.LegacyModelAdapter`
legacy hooks                :class:`~.hooks.LegacyHookAdapter`
``run(loaders, workflow)``  :class:`~.loop.LegacyWorkflowLoop`
==========================  =================================================

Faithfulness notes. Building a ``Runner`` seeds every RNG (its
``randomness`` setting); MMCV's runner touched none, so the facade restores
the RNG states the script had before the build. The new runner calls
``model.init_weights()`` at the start of ``train()``; MMCV's runner did not
(scripts call it themselves), so the facade skips it.
"""

from __future__ import annotations

import logging
import os.path as osp
import tempfile
import warnings
from typing import Any, Optional

from .findings import to_report
from .hooks import adapt_hook, build_legacy_hook
from .loop import LegacyWorkflowLoop, Shared
from .model import LegacyModelAdapter
from .schedule_hook import LegacyParamSchedulerHook
from .state import LegacyRunnerView

__all__ = ["BaseRunner", "EpochBasedRunner", "IterBasedRunner"]

_DEFAULT_HOOK_NAMES = (
    "timer",
    "sampler_seed",
    "logger",
    "param_scheduler",
    "checkpoint",
)


def build_optim_wrapper_for(optimizer: Any, optim_cfg: Optional[dict]) -> Any:
    """The new runner's wrapper around the legacy optimizer object(s)."""
    import torch

    from mmcompat.optim import OptimWrapper, OptimWrapperDict
    from mmcompat.registry import OPTIM_WRAPPERS

    if isinstance(optimizer, dict):
        return OptimWrapperDict(**{k: OptimWrapper(o) for k, o in optimizer.items()})
    if not isinstance(optimizer, torch.optim.Optimizer):
        raise TypeError(
            "the legacy runner needs a torch optimizer (or a dict of them) to "
            f"train, got {type(optimizer).__name__}"
        )
    cfg = dict(optim_cfg or {})
    cfg.pop("optimizer", None)
    cfg.setdefault("type", "OptimWrapper")
    cfg["optimizer"] = optimizer
    return OPTIM_WRAPPERS.build(cfg)


class BaseRunner:
    """MMCV 1.x ``BaseRunner`` arguments and methods (see the module doc).

    Args:
        model: the legacy model (``train_step(data, optimizer)``), possibly
            in ``MMDataParallel``.
        batch_processor: MMCV's deprecated ``batch_processor``.
        optimizer: a torch optimizer, a dict of them, or None.
        work_dir: where checkpoints/logs go (a temporary directory if None).
        logger: the logger legacy code and hooks use.
        meta: MMCV's ``meta`` dict (saved in checkpoints).
        max_iters / max_epochs: the training length (one of them).
    """

    by_epoch = True

    def __init__(
        self,
        model: Any,
        batch_processor: Any = None,
        optimizer: Any = None,
        work_dir: Optional[str] = None,
        logger: Optional[logging.Logger] = None,
        meta: Optional[dict] = None,
        max_iters: Optional[int] = None,
        max_epochs: Optional[int] = None,
    ) -> None:
        if max_epochs is not None and max_iters is not None:
            raise ValueError("Only one of `max_epochs` or `max_iters` can be set.")
        if meta is not None and not isinstance(meta, dict):
            raise TypeError(f'"meta" must be a dict or None, but got {type(meta)}')
        if work_dir is not None and not isinstance(work_dir, str):
            raise TypeError('"work_dir" must be a str or None')
        from .compat import get_logger, get_time_str, mkdir_or_exist

        if work_dir is not None:
            work_dir = osp.abspath(work_dir)
            mkdir_or_exist(work_dir)
        self.model = model
        self.batch_processor = batch_processor
        self.optimizer = optimizer
        self.work_dir = work_dir
        self.logger = logger if logger is not None else get_logger("mmcv")
        self.meta = meta
        self.timestamp = get_time_str()
        self._max_epochs = max_epochs
        self._max_iters = max_iters
        self._hook_cfgs: Optional[dict] = None
        self._extra_hooks: list[tuple[Any, Any]] = []
        self._runner: Any = None
        self.view = LegacyRunnerView(
            model=model, optimizer=optimizer, logger=self.logger, meta=meta,
            work_dir=work_dir,
        )  # fmt: skip
        self.view._max_epochs_cfg = max_epochs
        self.view._max_iters_cfg = max_iters

    # -- state (live during and after run) ------------------------------------
    epoch = property(lambda self: self.view.epoch)
    iter = property(lambda self: self.view.iter)
    inner_iter = property(lambda self: self.view.inner_iter)
    max_epochs = property(lambda self: self.view.max_epochs)
    max_iters = property(lambda self: self.view.max_iters)
    outputs = property(lambda self: self.view.outputs)
    log_buffer = property(lambda self: self.view.log_buffer)
    mode = property(lambda self: self.view.mode)
    data_loader = property(lambda self: self.view.data_loader)
    rank = property(lambda self: self.view.rank)
    world_size = property(lambda self: self.view.world_size)
    model_name = property(lambda self: self.view.model_name)
    new_runner = property(lambda self: self._runner, doc="The new-style Runner.")

    @property
    def hooks(self) -> list:
        if self._runner is not None:
            return list(self._runner.hooks)
        return [hook for hook, _ in self._extra_hooks]

    def current_lr(self) -> Any:
        return self.view.current_lr()

    def current_momentum(self) -> Any:
        return self.view.current_momentum()

    # -- hooks -----------------------------------------------------------------
    def register_hook(self, hook: Any, priority: Any = "NORMAL") -> None:
        """Add a hook object (legacy or new-style) at ``priority``."""
        if hasattr(hook, "priority") and not _is_new_hook(hook):
            raise ValueError('"priority" is a reserved attribute for hooks')
        self._extra_hooks.append((hook, priority))

    def register_hook_from_cfg(self, hook_cfg: dict) -> None:
        cfg = dict(hook_cfg)
        priority = cfg.pop("priority", "NORMAL")
        self._extra_hooks.append((build_legacy_hook(cfg), priority))

    def register_training_hooks(
        self,
        lr_config: Any,
        optimizer_config: Any = None,
        checkpoint_config: Any = None,
        log_config: Any = None,
        momentum_config: Any = None,
        timer_config: Any = dict(type="IterTimerHook"),  # noqa: B006 (MMCV's)
        custom_hooks_config: Any = None,
    ) -> None:
        """Keep the configs; :meth:`run` translates them (it knows the
        training length the lr schedule needs)."""
        self._hook_cfgs = dict(
            lr_config=lr_config,
            optimizer_config=optimizer_config,
            checkpoint_config=checkpoint_config,
            log_config=log_config,
            momentum_config=momentum_config,
            timer_config=timer_config,
            custom_hooks_config=custom_hooks_config,
        )

    def get_hook_info(self) -> str:
        if self._runner is not None:
            return self._runner.get_hooks_info()
        return "\n".join(type(h).__name__ for h, _ in self._extra_hooks)

    # -- checkpoints -----------------------------------------------------------
    def load_checkpoint(
        self,
        filename: str,
        map_location: Any = "cpu",
        strict: bool = False,
        revise_keys: list = [(r"^module.", "")],  # noqa: B006 (MMCV's)
    ) -> dict:
        from .compat import load_checkpoint

        self.logger.info("load checkpoint from %s", filename)
        return load_checkpoint(
            self.model, filename, map_location, strict, self.logger, revise_keys
        )

    def resume(
        self,
        checkpoint: str,
        resume_optimizer: bool = True,
        map_location: Any = "default",
    ) -> None:
        """MMCV's resume: weights, epoch/iter from ``meta``, optimizer state."""
        if map_location == "default":
            map_location = "cpu"
        ckpt = self.load_checkpoint(checkpoint, map_location=map_location)
        meta = ckpt.get("meta", {})
        self.view._epoch0 = meta.get("epoch", 0)
        self.view._iter0 = meta.get("iter", 0)
        if self.meta is None:
            self.meta = {}
        if "optimizer" in ckpt and resume_optimizer:
            state = ckpt["optimizer"]
            if isinstance(self.optimizer, dict):
                for key, optimizer in self.optimizer.items():
                    optimizer.load_state_dict(state[key])
            elif self.optimizer is not None:
                # a new-style checkpoint holds the wrapper's state dict,
                # which for one optimizer is the optimizer's own
                self.optimizer.load_state_dict(state)
        self.logger.info("resumed epoch %d, iter %d", self.epoch, self.iter)

    def save_checkpoint(
        self,
        out_dir: str,
        filename_tmpl: Optional[str] = None,
        save_optimizer: bool = True,
        meta: Optional[dict] = None,
        create_symlink: bool = True,
    ) -> None:
        """MMCV's checkpoint file (``meta``, ``state_dict``, ``optimizer``)."""
        import os
        import shutil

        from .compat import mkdir_or_exist, save_checkpoint

        if filename_tmpl is None:
            filename_tmpl = "epoch_{}.pth" if self.by_epoch else "iter_{}.pth"
        meta = dict(meta or {})
        if self.meta is not None:
            meta.update(self.meta)
        meta.update(epoch=self.epoch + 1 if self.by_epoch else self.epoch + 1,
                    iter=self.iter if self.by_epoch else self.iter + 1)  # fmt: skip
        number = self.epoch + 1 if self.by_epoch else self.iter + 1
        filepath = osp.join(out_dir, filename_tmpl.format(number))
        mkdir_or_exist(out_dir)
        optimizer = self.optimizer if save_optimizer else None
        save_checkpoint(self.model, filepath, optimizer=optimizer, meta=meta)
        if create_symlink:
            link = osp.join(out_dir, "latest.pth")
            try:
                if osp.lexists(link):
                    os.remove(link)
                os.symlink(osp.basename(filepath), link)
            except OSError:
                shutil.copy(filepath, link)

    # -- running ---------------------------------------------------------------
    def _translate(self) -> tuple[dict, Any]:
        from mmcompat.legacy.translate import translate_hook_configs

        length = (
            dict(max_epochs=self._max_epochs)
            if self.by_epoch
            else dict(max_iters=self._max_iters)
        )
        cfgs = {k: v for k, v in (self._hook_cfgs or {}).items()}
        if not cfgs:
            return {}, None
        return translate_hook_configs(**cfgs, **length, source=type(self).__name__)

    def _default_hooks(self, translated: dict) -> dict:
        hooks = dict(translated.get("default_hooks", {}))
        for name in _DEFAULT_HOOK_NAMES:
            hooks.setdefault(name, None)
        if translated.get("param_scheduler"):
            # MMCV's LrUpdaterHook timing (see schedule_hook)
            hooks["param_scheduler"] = LegacyParamSchedulerHook()
        return hooks

    def run(
        self,
        data_loaders: list,
        workflow: list,
        max_epochs: Optional[int] = None,
        max_iters: Optional[int] = None,
        **kwargs: Any,
    ) -> None:
        """Train following ``workflow`` (MMCV's semantics, see :mod:`.loop`)."""
        from mmcompat.runner import Runner
        from mmcompat.runner.randomness import capture_rng_state, set_rng_state

        if not isinstance(data_loaders, list):
            raise TypeError("data_loaders must be a list of DataLoader")
        if len(data_loaders) != len(workflow):
            raise ValueError(
                f"{len(workflow)} workflow phases but {len(data_loaders)} data loaders"
            )
        if kwargs:
            raise TypeError(
                f"extra run() arguments {sorted(kwargs)} (passed to train_step by "
                "MMCV) are not supported"
            )
        length = max_epochs if self.by_epoch else max_iters
        if length is not None:
            warnings.warn(
                "setting the length in run() is deprecated, set it when building "
                "the runner",
                DeprecationWarning,
                stacklevel=2,
            )
            if self.by_epoch:
                self._max_epochs = max_epochs
            else:
                self._max_iters = max_iters
        if (self._max_epochs if self.by_epoch else self._max_iters) is None:
            unit = "max_epochs" if self.by_epoch else "max_iters"
            raise ValueError(f"{unit} must be specified during instantiation")
        modes = [mode for mode, _ in workflow]
        if "train" not in modes:
            raise ValueError(f"workflow {workflow} has no 'train' phase")
        train_loader = data_loaders[modes.index("train")]

        translated, report = self._translate()
        if report is not None:
            for finding in to_report(report.findings):
                self.logger.info(
                    f"legacy hook configs: {finding.key}: {finding.message}"
                )
        optim_cfg = translated.get("optim_wrapper")
        steps = optim_cfg is not None and not isinstance(self.optimizer, dict)
        optim_wrapper = build_optim_wrapper_for(self.optimizer, optim_cfg)
        adapter = LegacyModelAdapter(
            self.model,
            optimizer=self.optimizer,
            update_params=steps,
            batch_processor=self.batch_processor,
            val_step_takes_optimizer=self.by_epoch,
        )
        custom_hooks = [
            build_legacy_hook(c) for c in translated.get("custom_hooks", [])
        ]
        custom_hooks += [adapt_hook(h, p) for h, p in self._extra_hooks]
        train_cfg = dict(
            type=LegacyWorkflowLoop,
            workflow=[tuple(flow) for flow in workflow],
            dataloaders=Shared(list(data_loaders)),
            epoch_based=self.by_epoch,
            view=Shared(self.view),
            start_epoch=self.view._epoch0,
            start_iter=self.view._iter0,
        )
        if self.by_epoch:
            train_cfg["max_epochs"] = self._max_epochs
        else:
            train_cfg["max_iters"] = self._max_iters
        work_dir = self.work_dir or tempfile.mkdtemp(prefix="mmcompat_legacy_")
        visualizer = translated.get("visualizer")
        if isinstance(visualizer, dict):
            # a named global: one per run, not the translation's fixed name
            visualizer = {k: v for k, v in visualizer.items() if k != "name"}
        rng_state = capture_rng_state()
        runner = Runner(
            model=adapter,
            work_dir=work_dir,
            train_dataloader=train_loader,
            train_cfg=train_cfg,
            optim_wrapper=optim_wrapper,
            param_scheduler=translated.get("param_scheduler"),
            default_hooks=self._default_hooks(translated),
            custom_hooks=custom_hooks,
            log_processor=translated.get("log_processor"),
            visualizer=visualizer,
            default_scope="mmcompat",
        )
        # MMCV's runner never seeded anything; the script's RNG state stands.
        set_rng_state(rng_state)
        # MMCV's runner never called init_weights() (scripts do it).
        runner._init_model_weights = lambda: None
        self._runner = runner
        self.view.bind(runner)
        self.logger.info(
            "workflow: %s, max: %d %s",
            workflow,
            self._max_epochs if self.by_epoch else self._max_iters,
            "epochs" if self.by_epoch else "iters",
        )
        runner.train()


class EpochBasedRunner(BaseRunner):
    """MMCV 1.x ``EpochBasedRunner`` on the new runner."""

    by_epoch = True


class IterBasedRunner(BaseRunner):
    """MMCV 1.x ``IterBasedRunner`` on the new runner."""

    by_epoch = False


def _is_new_hook(hook: Any) -> bool:
    from mmcompat.hooks import Hook

    return isinstance(hook, Hook)
