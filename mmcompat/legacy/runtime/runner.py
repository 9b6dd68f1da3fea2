"""``EpochBasedRunner`` / ``IterBasedRunner``: MMCV 1.x's runner API on the
new :class:`~mmcompat.runner.Runner`.

The facade keeps what legacy code gives it in two places: the objects
(model, optimizer, logger, meta, hooks registered with ``register_hook``)
as they are, and everything a legacy *config* can say (the runner type and
length, ``work_dir``, the ``register_training_hooks`` configs) in one legacy
config, :attr:`BaseRunner.legacy_cfg`. :meth:`BaseRunner.run` translates
that config once with :func:`~mmcompat.legacy.translate.translate` (the one
mapping) and builds one new-style ``Runner`` from the result:

==========================  =================================================
legacy                      new runner
==========================  =================================================
``legacy_cfg``              ``translate()``: ``train_cfg`` (the length),
                            ``work_dir``, ``param_scheduler``,
                            ``default_hooks``, ``custom_hooks``,
                            ``optim_wrapper`` settings, ``log_processor``,
                            ``visualizer``
``optimizer`` object        ``OptimWrapper(optimizer=...)`` with the
                            translated clipping/accumulation
model (``train_step``)      :class:`~.model.LegacyModelAdapter`
legacy hooks                :class:`~.hooks.LegacyHookAdapter`
``run(loaders, workflow)``  :class:`~.loop.LegacyWorkflowLoop`
==========================  =================================================

``mmcompat train legacy_cfg.py`` translates the whole config file once
itself and enters at :meth:`BaseRunner.run_translated`.

Faithfulness notes. Building a ``Runner`` seeds every RNG (its
``randomness`` setting); MMCV's runner touched none, so the facade restores
the RNG states the script had before the build. MMCV's runner never called
``model.init_weights()`` (scripts call it themselves), so the facade's
runner overrides ``Runner.init_model_weights`` to do nothing.
"""

from __future__ import annotations

import logging
import os.path as osp
import tempfile
import warnings
from typing import Any, Optional

from mmcompat.runner import Runner
from mmcompat.tables.config_keys import hook_args

from .findings import to_report
from .hook_listing import POLICY_KEYS, TRAINING_HOOK_PRIORITIES, configured_hooks
from .hooks import (
    HOOKS,
    LogBufferReset,
    LogBufferTimes,
    adapt_hook,
    build_legacy_hook,
)
from .loop import LegacyWorkflowLoop, Shared
from .model import LegacyModelAdapter
from .schedule_hook import LegacyParamSchedulerHook, restore_initial_values
from .state import LegacyRunnerView

__all__ = [
    "BaseRunner",
    "EpochBasedRunner",
    "IterBasedRunner",
    "split_library_policies",
]


def split_library_policies(legacy_cfg: dict) -> tuple[dict, list]:
    """``legacy_cfg`` without the lr/momentum policies of other libraries,
    and those policies as ``(config_key, hook_class, config)``.

    MMCV 1.x built ``lr_config=dict(policy='Linear', ...)`` as the hook
    ``LinearLrUpdaterHook`` from its HOOKS registry, so a library could add a
    policy by registering an ``LrUpdaterHook`` subclass. ``translate()``
    turns MMCV's own policies into param schedulers; a policy it does not
    know whose hook is registered in the legacy HOOKS registry (by code
    imported before the run) is taken out here and run as that hook. A
    policy nobody registered stays, for ``translate()`` to report.
    """
    from mmcompat.tables.mmcv_policies import (
        POLICIES,
        canonical_policy,
        policy_hook_name,
    )

    remaining, policies = dict(legacy_cfg), []
    for key, param in POLICY_KEYS.items():
        config = remaining.get(key)
        if not isinstance(config, dict) or not isinstance(config.get("policy"), str):
            continue
        policy = canonical_policy(config["policy"])
        hook_class = HOOKS.get(policy_hook_name(param, policy))
        if policy in POLICIES[param] or hook_class is None:
            continue
        policies.append((key, hook_class, config))
        del remaining[key]
    return remaining, policies


_DEFAULT_HOOK_NAMES = (
    "timer",
    "sampler_seed",
    "logger",
    "param_scheduler",
    "checkpoint",
)


class _MMCVStyleRunner(Runner):
    """The new runner as MMCV 1.x's runners trained: they never called
    ``model.init_weights()`` (scripts call it before building the runner)."""

    def init_model_weights(self) -> None:
        pass

    def dump_config(self) -> None:
        """MMCV's runners wrote no config file (a training script dumped its
        own; ``mmcompat train`` dumps the legacy config it trains)."""

    def build_logger(self, *args: Any, **kwargs: Any) -> Any:
        """The new runner's log, written to its file; on the console only
        its warnings and errors: the console shows the lines MMCV's runner
        and hooks wrote, through the script's logger."""
        logger = super().build_logger(*args, **kwargs)
        for handler in logger.handlers:
            if type(handler) is logging.StreamHandler:
                handler.setLevel(max(handler.level, logging.WARNING))
        return logger


def wrap_optimizer(optimizer: Any, optim_wrapper_cfg: Optional[dict]) -> Any:
    """The new runner's wrapper around the legacy optimizer object(s), with
    the translated ``optim_wrapper`` settings (its ``optimizer`` entry only
    describes the object)."""
    from mmcompat.optim import OptimWrapper, OptimWrapperDict
    from mmcompat.registry import OPTIM_WRAPPERS

    if isinstance(optimizer, dict):
        return OptimWrapperDict(**{k: OptimWrapper(o) for k, o in optimizer.items()})
    cfg = dict(optim_wrapper_cfg or {}, optimizer=optimizer)
    cfg.setdefault("type", "OptimWrapper")
    return OPTIM_WRAPPERS.build(cfg)


def describe_optimizer(optimizer: Any) -> dict:
    """The legacy config's ``optimizer`` entry for an optimizer object (or a
    dict of them): its type, which is all the translation needs."""
    import torch

    if isinstance(optimizer, dict):
        return {name: describe_optimizer(o) for name, o in optimizer.items()}
    if not isinstance(optimizer, torch.optim.Optimizer):
        raise TypeError(
            "the legacy runner needs a torch optimizer (or a dict of them) to "
            f"train, got {type(optimizer).__name__}"
        )
    return dict(type=type(optimizer).__name__)


def check_run_arguments(data_loaders: Any, workflow: list, extra: dict) -> None:
    """MMCV's checks of ``run()``'s arguments."""
    if not isinstance(data_loaders, list):
        raise TypeError("data_loaders must be a list of DataLoader")
    if len(data_loaders) != len(workflow):
        raise ValueError(
            f"{len(workflow)} workflow phases but {len(data_loaders)} data loaders"
        )
    if extra:
        raise TypeError(
            f"extra run() arguments {sorted(extra)} (passed to train_step by "
            "MMCV) are not supported"
        )
    if "train" not in [mode for mode, _ in workflow]:
        raise ValueError(f"workflow {workflow} has no 'train' phase")


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
        from .utils import get_logger, get_time_str, mkdir_or_exist

        if work_dir is not None:
            work_dir = osp.abspath(work_dir)
            mkdir_or_exist(work_dir)
        self.model = model
        self.batch_processor = batch_processor
        self.optimizer = optimizer
        self.work_dir = work_dir
        self.logger = logger if logger is not None else get_logger("mmcv")
        self.timestamp = get_time_str()
        #: The legacy config this runner trains: the run settings given here
        #: and the ``register_training_hooks`` configs (``mmcompat train``:
        #: the whole config file). ``run()`` translates it.
        self.legacy_cfg: dict[str, Any] = dict(runner=self._runner_entry())
        self._set_length(max_epochs=max_epochs, max_iters=max_iters)
        if work_dir is not None:
            self.legacy_cfg["work_dir"] = work_dir
        self._extra_hooks: list[tuple[Any, Any]] = []
        # what runner.hooks lists (see .hook_listing): every registered
        # object as (priority, registration number, object); the
        # register_training_hooks call's number; ids of the config entries
        # made from objects; the objects built from configs
        self._registered: list[tuple[int, int, Any]] = []
        self._numbers = 0
        self._training_hooks_at = -1
        self._entries_of_objects: set[int] = set()
        self._listing_cache: dict = {}
        self._runner: Any = None
        self.view = LegacyRunnerView(
            model=model,
            optimizer=optimizer,
            logger=self.logger,
            meta=meta,
            work_dir=work_dir,
        )
        self.view.hook_listing = lambda: self.hooks

    def _runner_entry(self) -> dict:
        # the MMCV class this facade stands for (a user subclass of it
        # trains the same way)
        return dict(type="EpochBasedRunner" if self.by_epoch else "IterBasedRunner")

    def _set_length(
        self, max_epochs: Optional[int] = None, max_iters: Optional[int] = None
    ) -> None:
        length = max_epochs if self.by_epoch else max_iters
        if length is not None:
            unit = "max_epochs" if self.by_epoch else "max_iters"
            self.legacy_cfg["runner"][unit] = length

    # -- state (live during and after run) ------------------------------------
    @property
    def meta(self) -> Optional[dict]:
        """MMCV's ``meta`` dict, shared with what hooks see as
        ``runner.meta`` (a hook may set it, as the fp16 hooks do)."""
        return self.view.meta

    @meta.setter
    def meta(self, value: Optional[dict]) -> None:
        self.view.meta = value

    epoch = property(lambda self: self.view.epoch)
    iter = property(lambda self: self.view.iter)
    inner_iter = property(lambda self: self.view.inner_iter)
    outputs = property(lambda self: self.view.outputs)
    log_buffer = property(lambda self: self.view.log_buffer)
    mode = property(lambda self: self.view.mode)
    data_loader = property(lambda self: self.view.data_loader)
    rank = property(lambda self: self.view.rank)
    world_size = property(lambda self: self.view.world_size)
    model_name = property(lambda self: self.view.model_name)
    new_runner = property(lambda self: self._runner, doc="The new-style Runner.")

    @property
    def max_epochs(self) -> Optional[int]:
        length = self.view.max_epochs  # the loop's, once it runs
        return length if length is not None else self._length("max_epochs")

    @property
    def max_iters(self) -> Optional[int]:
        length = self.view.max_iters
        return length if length is not None else self._length("max_iters")

    def _length(self, unit: str) -> Optional[int]:
        return self.legacy_cfg["runner"].get(unit)

    @property
    def hooks(self) -> list:
        """MMCV's ``runner.hooks``: in priority order (equal priorities in
        registration order), the hook objects the script registered and, for
        each ``register_training_hooks`` config, an object of the MMCV class
        that config built (:mod:`.hook_listing`)."""
        return [hook for _, hook in self._listing()]

    def _listing(self) -> list[tuple[int, Any]]:
        """``(priority, hook)`` in MMCV's order (see :attr:`hooks`)."""
        entries = list(self._registered)
        for priority, hook in configured_hooks(
            self.legacy_cfg,
            self.by_epoch,
            self._entries_of_objects,
            self._listing_cache,
        ):
            entries.append((priority, self._training_hooks_at, hook))
        entries.sort(key=lambda entry: entry[:2])
        return [(priority, hook) for priority, _, hook in entries]

    def _list(self, hook: Any, priority: Any, number: Optional[int] = None) -> None:
        """List ``hook`` at ``priority``, registered as number ``number``
        (default: now)."""
        from mmcompat.runner.priority import get_priority

        if number is None:
            number = self._next_number()
        self._registered.append((get_priority(priority), number, hook))

    def _next_number(self) -> int:
        self._numbers += 1
        return self._numbers

    def current_lr(self) -> Any:
        return self.view.current_lr()

    def current_momentum(self) -> Any:
        return self.view.current_momentum()

    # -- hooks -----------------------------------------------------------------
    def register_hook(self, hook: Any, priority: Any = "NORMAL") -> None:
        """Add a hook object (legacy or new-style) at ``priority``.

        MMCV's hooks that only configure the run (``CheckpointHook``, the
        logger hooks...: :class:`~.mmcv_hooks.ConfigHook`) go into
        :attr:`legacy_cfg`; the others run as they are (an ``OptimizerHook``
        then steps the optimizer, nothing else does).
        """
        if hasattr(hook, "priority") and not _is_new_hook(hook):
            raise ValueError('"priority" is a reserved attribute for hooks')
        from .mmcv_hooks import ConfigHook, LoggerHook

        self._list(hook, priority)
        if isinstance(hook, ConfigHook) and not (
            isinstance(hook, LoggerHook) and type(hook).log is not LoggerHook.log
        ):
            self._configure(hook, priority)
            return
        self._extra_hooks.append((hook, priority))

    def _configure(self, hook: Any, priority: Any) -> None:
        entry = hook.legacy_entry()
        key = hook.config_key
        self._entries_of_objects.add(id(entry))
        if key == "checkpoint_config":
            entry.pop("type")
            self.legacy_cfg[key] = entry
        elif key == "timer_config":
            self.legacy_cfg[key] = entry
        elif key == "log_config":
            log_config = dict(self.legacy_cfg.get(key) or {})
            log_config["interval"] = hook.interval
            log_config["hooks"] = [*log_config.get("hooks", []), entry]
            self.legacy_cfg[key] = log_config
        else:
            entry["priority"] = priority
            self.legacy_cfg[key] = [*self.legacy_cfg.get(key, []), entry]

    def register_hook_from_cfg(self, hook_cfg: dict) -> None:
        cfg = dict(hook_cfg)
        priority = cfg.pop("priority", "NORMAL")
        hook = build_legacy_hook(cfg)
        self._list(hook, priority)
        self._extra_hooks.append((hook, priority))

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
        """Add the configs to :attr:`legacy_cfg` (a None config registers no
        hook, as in MMCV); :meth:`run` translates them."""
        self._training_hooks_at = self._next_number()
        configs = dict(
            lr_config=lr_config,
            optimizer_config=optimizer_config,
            checkpoint_config=checkpoint_config,
            log_config=log_config,
            momentum_config=momentum_config,
            timer_config=timer_config,
            custom_hooks=custom_hooks_config,
        )
        for key, value in configs.items():
            if value is None:
                continue
            if key == "custom_hooks":
                value = self._register_hook_objects(value)
            elif not isinstance(value, dict):
                # a hook object instead of a config (MMCV accepted both):
                # registered at the priority MMCV gave that kind of hook
                self.register_hook(value, TRAINING_HOOK_PRIORITIES[key])
                continue
            self.legacy_cfg[key] = value

    def register_library_policies(self, policies: list) -> None:
        """Build and register the hooks of :func:`split_library_policies`
        at MMCV's priorities (an ``IterBasedRunner`` defaults their
        ``by_epoch`` to False, as MMCV's did). A policy that
        ``register_training_hooks`` configured runs as the object
        :attr:`hooks` listed for it, at that call's place, as in MMCV."""
        at = self._training_hooks_at if self._training_hooks_at >= 0 else None
        for key, hook_class, config in policies:
            priority = TRAINING_HOOK_PRIORITIES[key]
            listed = self._listing_cache.get(id(config))
            if listed is not None and listed[0] is config and listed[1] is not None:
                hook = listed[1]
            else:
                arguments = {k: v for k, v in config.items() if k != "policy"}
                hook = hook_class(**hook_args(key, arguments, self.by_epoch))
            self._list(hook, priority, number=at)
            self._extra_hooks.append((hook, priority))

    def _register_hook_objects(self, hooks: Any) -> list:
        """Register the hook objects of ``custom_hooks``; the configs stay."""
        configs = []
        for hook in hooks if isinstance(hooks, (list, tuple)) else [hooks]:
            if isinstance(hook, dict):
                configs.append(hook)
            else:
                self.register_hook(hook, "NORMAL")
        return configs

    def get_hook_info(self) -> str:
        """MMCV's: for each stage, the hooks of :attr:`hooks` acting on it,
        with their priority names."""
        from mmcompat.runner.priority import Priority

        from .hooks import Hook

        names = {level.value: level.name for level in Priority}
        stage_hooks: dict[str, list[str]] = {stage: [] for stage in Hook.stages}
        for priority, hook in self._listing():
            stages = getattr(hook, "get_triggered_stages", None)
            if stages is None:
                continue
            info = f"({names.get(priority, priority):<12}) {type(hook).__name__:<35}"
            for stage in stages():
                if stage in stage_hooks:
                    stage_hooks[stage].append(info)
        return "\n".join(
            f"{stage}:\n" + "\n".join(infos) + "\n -------------------- "
            for stage, infos in stage_hooks.items()
            if infos
        )

    # -- checkpoints -----------------------------------------------------------
    def load_checkpoint(
        self,
        filename: str,
        map_location: Any = "cpu",
        strict: bool = False,
        revise_keys: list = [(r"^module.", "")],  # noqa: B006 (MMCV's)
    ) -> dict:
        from .checkpoint import load_checkpoint

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
        """MMCV's resume: weights, epoch/iter from ``meta``, optimizer state.
        An EpochBasedRunner also takes the checkpoint's ``meta`` as
        :attr:`meta` (its text logger's first record) and rescales the
        iteration when the checkpoint's config trained on another number of
        GPUs; an IterBasedRunner did neither."""
        if map_location == "default":
            map_location = "cpu"
        ckpt = self.load_checkpoint(checkpoint, map_location=map_location)
        meta = ckpt["meta"]
        self.view._epoch0 = meta["epoch"]
        self.view._iter0 = meta["iter"]
        if self.by_epoch:
            self._rescale_resumed_iter(meta)
            self.meta = meta
        if "optimizer" in ckpt and resume_optimizer:
            state = ckpt["optimizer"]
            if isinstance(self.optimizer, dict):
                for key, optimizer in self.optimizer.items():
                    optimizer.load_state_dict(state[key])
            elif self.optimizer is not None:
                # a new-style checkpoint holds the wrapper's state dict,
                # which for one optimizer is the optimizer's own
                self.optimizer.load_state_dict(state)
        if self.by_epoch:
            self.logger.info("resumed epoch %d, iter %d", self.epoch, self.iter)
        else:
            self.logger.info(f"resumed from epoch: {self.epoch}, iter {self.iter}")

    def _rescale_resumed_iter(self, meta: dict) -> None:
        """MMCV's rescaling of a resumed iteration for a checkpoint whose
        ``config`` trained on another number of GPUs (``gpu_ids``)."""
        if "config" not in meta:
            return
        from mmcompat.config import Config

        gpu_ids = Config.fromstring(meta["config"], file_format=".py").get("gpu_ids")
        if gpu_ids and len(gpu_ids) != self.world_size:
            self.view._iter0 = int(self.view._iter0 * len(gpu_ids) / self.world_size)
            self.logger.info(
                "the iteration number is changed due to change of GPU number"
            )

    def save_checkpoint(
        self,
        out_dir: str,
        filename_tmpl: Optional[str] = None,
        save_optimizer: bool = True,
        meta: Optional[dict] = None,
        create_symlink: bool = True,
    ) -> None:
        """MMCV's checkpoint file (``meta``, ``state_dict``, ``optimizer``)."""
        from .checkpoint import runner_meta, save_checkpoint
        from .mmcv_work_dir import link_latest
        from .utils import mkdir_or_exist

        if filename_tmpl is None:
            filename_tmpl = "epoch_{}.pth" if self.by_epoch else "iter_{}.pth"
        meta = runner_meta(meta, self)
        number = self.epoch + 1 if self.by_epoch else self.iter + 1
        filepath = osp.join(out_dir, filename_tmpl.format(number))
        mkdir_or_exist(out_dir)
        optimizer = self.optimizer if save_optimizer else None
        save_checkpoint(self.model, filepath, optimizer=optimizer, meta=meta)
        if create_symlink:
            link_latest(filepath)

    # -- running ---------------------------------------------------------------
    def run(
        self,
        data_loaders: list,
        workflow: list,
        max_epochs: Optional[int] = None,
        max_iters: Optional[int] = None,
        **kwargs: Any,
    ) -> None:
        """Train following ``workflow`` (MMCV's semantics, see :mod:`.loop`)."""
        from mmcompat.legacy.translate import translate

        check_run_arguments(data_loaders, workflow, kwargs)
        if (max_epochs if self.by_epoch else max_iters) is not None:
            warnings.warn(
                "setting the length in run() is deprecated, set it when building "
                "the runner",
                DeprecationWarning,
                stacklevel=2,
            )
            self._set_length(max_epochs=max_epochs, max_iters=max_iters)
        unit = "max_epochs" if self.by_epoch else "max_iters"
        if self._length(unit) is None:
            raise ValueError(f"{unit} must be specified during instantiation")
        self.legacy_cfg, policies = split_library_policies(self.legacy_cfg)
        self.register_library_policies(policies)
        legacy_cfg = dict(self.legacy_cfg, optimizer=describe_optimizer(self.optimizer))
        new_cfg, report = translate(legacy_cfg, source=type(self).__name__)
        for finding in to_report(report.findings):
            self.logger.info(f"legacy config: {finding.key}: {finding.message}")
        self.run_translated(new_cfg, data_loaders, workflow)

    def run_translated(
        self,
        new_cfg: dict,
        data_loaders: list,
        workflow: list,
        optim_wrapper: Any = None,
    ) -> None:
        """Train with :attr:`legacy_cfg` already translated to ``new_cfg``
        (``mmcompat train`` translates a whole config file once and builds
        the ``optim_wrapper`` from it; a script's optimizer object is wrapped
        with the translated settings)."""
        from mmcompat.runner.randomness import capture_rng_state, set_rng_state

        if optim_wrapper is None:
            optim_wrapper = wrap_optimizer(self.optimizer, new_cfg.get("optim_wrapper"))
        rng_state = capture_rng_state()
        runner = _MMCVStyleRunner(
            model=self._model_adapter(),
            work_dir=new_cfg.get("work_dir")
            or tempfile.mkdtemp(prefix="mmcompat_legacy_"),
            train_dataloader=data_loaders[[m for m, _ in workflow].index("train")],
            train_cfg=self._train_loop_cfg(
                new_cfg["train_cfg"], data_loaders, workflow
            ),
            optim_wrapper=optim_wrapper,
            param_scheduler=new_cfg.get("param_scheduler"),
            default_hooks=self._default_hooks(new_cfg),
            custom_hooks=self._custom_hooks(new_cfg),
            log_processor=new_cfg.get("log_processor"),
            visualizer=_unnamed(new_cfg.get("visualizer")),
            default_scope="mmcompat",
        )
        # MMCV's runner never seeded anything; the script's RNG state stands.
        set_rng_state(rng_state)
        self._runner = runner
        self.view.bind(runner)
        if self.view._epoch0 or self.view._iter0:
            # resumed: the schedules start over from the base values and
            # catch up (see schedule_hook)
            restore_initial_values(self.optimizer)
        from .utils import get_host_info

        unit = "max_epochs" if self.by_epoch else "max_iters"
        self.logger.info(
            "Start running, host: %s, work_dir: %s",
            get_host_info(),
            self.work_dir if self.work_dir is not None else "NONE",
        )
        self.logger.info(
            "Hooks will be executed in the following order:\n%s", self.get_hook_info()
        )
        self.logger.info(
            "workflow: %s, max: %d %s", workflow, new_cfg["train_cfg"][unit], unit[4:]
        )
        runner.train()

    def _model_adapter(self) -> LegacyModelAdapter:
        # Without an optimizer hook (optimizer_config) MMCV's runner left the
        # stepping to train_step; a dict of optimizers is always the model's.
        steps = self.legacy_cfg.get("optimizer_config") is not None
        if self._has_optimizer_hook():
            steps = False  # MMCV's OptimizerHook (or a subclass) steps itself
        return LegacyModelAdapter(
            self.model,
            optimizer=self.optimizer,
            update_params=steps and not isinstance(self.optimizer, dict),
            batch_processor=self.batch_processor,
            val_step_takes_optimizer=self.by_epoch,
        )

    def _has_optimizer_hook(self) -> bool:
        from .mmcv_hooks import OptimizerHook

        return any(isinstance(hook, OptimizerHook) for hook, _ in self._extra_hooks)

    def _train_loop_cfg(
        self, train_cfg: dict, data_loaders: list, workflow: list
    ) -> dict:
        unit = "max_epochs" if self.by_epoch else "max_iters"
        return {
            "type": LegacyWorkflowLoop,
            "workflow": [tuple(flow) for flow in workflow],
            "dataloaders": Shared(list(data_loaders)),
            "epoch_based": self.by_epoch,
            "view": Shared(self.view),
            "start_epoch": self.view._epoch0,
            "start_iter": self.view._iter0,
            unit: train_cfg[unit],
        }

    def _default_hooks(self, new_cfg: dict) -> dict:
        # the new runner's defaults are MMCV's only where the config says so
        hooks = dict.fromkeys(_DEFAULT_HOOK_NAMES)
        hooks.update(new_cfg.get("default_hooks", {}))
        if new_cfg.get("param_scheduler"):
            # MMCV's LrUpdaterHook timing (see schedule_hook)
            hooks["param_scheduler"] = LegacyParamSchedulerHook()
        return hooks

    def _custom_hooks(self, new_cfg: dict) -> list:
        hooks = [build_legacy_hook(c) for c in new_cfg.get("custom_hooks", [])]
        # MMCV's timer and logger hooks kept runner.log_buffer
        if new_cfg.get("default_hooks", {}).get("timer"):
            hooks.append(LogBufferTimes())
        if new_cfg.get("default_hooks", {}).get("logger"):
            hooks.append(LogBufferReset())
        hooks.extend(self._mmcv_loggers(new_cfg))
        checkpoint_config = self.legacy_cfg.get("checkpoint_config")
        if isinstance(checkpoint_config, dict):
            from .mmcv_work_dir import LatestLink, MMCVCheckpointMeta

            hooks.append(
                MMCVCheckpointMeta(
                    checkpoint_config.get("meta"),
                    out_dir=checkpoint_config.get("out_dir"),
                    by_epoch=checkpoint_config.get("by_epoch", self.by_epoch),
                )
            )
            if checkpoint_config.get("create_symlink", True):
                hooks.append(LatestLink())
        return hooks + [adapt_hook(h, p) for h, p in self._extra_hooks]

    def _mmcv_loggers(self, new_cfg: dict) -> list:
        """What MMCV's ``TextLoggerHook`` (text lines, ``<timestamp>.log.json``) and
        ``TensorboardLoggerHook`` (``tf_logs``) of ``log_config`` wrote, in
        their order: MMCV built each with the config's interval (an
        IterBasedRunner defaulted their ``by_epoch`` to False) and let the
        last one clear the log buffer's output."""
        from .mmcv_work_dir import MMCVTensorboardLog, MMCVTextLog

        log_config = self.legacy_cfg.get("log_config") or {}
        work_dir = new_cfg.get("work_dir")
        if not isinstance(log_config, dict) or work_dir is None:
            return []
        hooks = []
        for entry in log_config.get("hooks", []):
            if not isinstance(entry, dict):
                continue
            timing = dict(
                interval=entry.get("interval", log_config.get("interval", 10)),
                by_epoch=entry.get("by_epoch", self.by_epoch),
                ignore_last=entry.get("ignore_last", True),
            )
            if entry.get("type") == "TextLoggerHook":
                path = osp.join(work_dir, f"{self.timestamp}.log.json")
                exp = entry.get("interval_exp_name", 1000)
                hooks.append(
                    MMCVTextLog(path, meta=self.meta, interval_exp_name=exp, **timing)
                )
            elif entry.get("type") == "TensorboardLoggerHook":
                log_dir = entry.get("log_dir") or osp.join(work_dir, "tf_logs")
                hooks.append(MMCVTensorboardLog(log_dir, **timing))
        if hooks:
            hooks[-1].reset_flag = True
        return hooks


class EpochBasedRunner(BaseRunner):
    """MMCV 1.x ``EpochBasedRunner`` on the new runner."""

    by_epoch = True


class IterBasedRunner(BaseRunner):
    """MMCV 1.x ``IterBasedRunner`` on the new runner."""

    by_epoch = False


def _unnamed(visualizer: Any) -> Any:
    # a named global: one per run, not the translation's fixed name
    if isinstance(visualizer, dict):
        return {k: v for k, v in visualizer.items() if k != "name"}
    return visualizer


def _is_new_hook(hook: Any) -> bool:
    from mmcompat.hooks import Hook

    return isinstance(hook, Hook)
