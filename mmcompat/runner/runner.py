"""``Runner``: builds a training run from a config and runs its loops.

The story of a run, as MMEngine 0.10.7 tells it:

1. ``Runner(...)`` / ``Runner.from_cfg(cfg)``: check the component configs,
   set up the environment (distributed launch, timestamp, seeds), create
   ``work_dir/<timestamp>/`` with the log file and ``vis_data/``, build the
   logger, message hub, visualizer and model, register the hooks, dump the
   config. Train/val/test components stay configs until needed.
2. ``train()``: build the train loop, optimizer wrapper, schedulers and the
   val loop; ``before_run``; load or resume a checkpoint; run the loop;
   ``after_run``. ``val()`` and ``test()`` do the same for their loop.

Component building lives in :mod:`.build`, loading/saving/resuming in
:mod:`.runner_checkpoint` (checkpoint contents in :mod:`.training_state`),
the loops in :mod:`.loops`.
"""

from __future__ import annotations

import copy
import os
import os.path as osp
import time
from typing import Any, Optional, Union

import torch
import torch.nn as nn

from mmcompat.registry import RUNNERS, DefaultScope

from . import build
from .base_loop import BaseLoop
from .env import unique_instance_name
from .hook_list import HookList, build_hook, hooks_info, merge_default_hooks
from .priority import Priority
from .randomness import set_random_seed
from .runner_checkpoint import CheckpointingMixin
from .utils import get_batch_size, unwrap_model


@RUNNERS.register_module()
class Runner(CheckpointingMixin):
    """A training helper for PyTorch (MMEngine's ``Runner`` API).

    Every argument is MMEngine's; see its documentation. Components given as
    config dicts are built lazily: the model at construction, training
    components by :meth:`train`, validation ones by :meth:`train` or
    :meth:`val`, test ones by :meth:`test`.
    """

    def __init__(
        self,
        model: Union[nn.Module, dict],
        work_dir: str,
        train_dataloader: Any = None,
        val_dataloader: Any = None,
        test_dataloader: Any = None,
        train_cfg: Optional[dict] = None,
        val_cfg: Optional[dict] = None,
        test_cfg: Optional[dict] = None,
        auto_scale_lr: Optional[dict] = None,
        optim_wrapper: Any = None,
        param_scheduler: Any = None,
        val_evaluator: Any = None,
        test_evaluator: Any = None,
        default_hooks: Optional[dict] = None,
        custom_hooks: Optional[list] = None,
        data_preprocessor: Any = None,
        load_from: Optional[str] = None,
        resume: bool = False,
        launcher: str = "none",
        env_cfg: dict = dict(dist_cfg=dict(backend="nccl")),  # noqa: B006
        log_processor: Optional[dict] = None,
        log_level: str = "INFO",
        visualizer: Any = None,
        default_scope: Optional[str] = "mmengine",
        randomness: dict = dict(seed=None),  # noqa: B006
        experiment_name: Optional[str] = None,
        cfg: Any = None,
    ) -> None:
        from mmcompat.config import Config

        self._work_dir = osp.abspath(work_dir)
        os.makedirs(self._work_dir, exist_ok=True)
        if isinstance(cfg, Config):
            self.cfg = copy.deepcopy(cfg)
        else:
            self.cfg = Config(dict(cfg) if cfg is not None else None)

        build.check_configs(
            train_dataloader=train_dataloader,
            train_cfg=train_cfg,
            optim_wrapper=optim_wrapper,
            param_scheduler=param_scheduler,
            val_dataloader=val_dataloader,
            val_cfg=val_cfg,
            val_evaluator=val_evaluator,
            test_dataloader=test_dataloader,
            test_cfg=test_cfg,
            test_evaluator=test_evaluator,
        )
        # Lazy components: configs until train()/val()/test() build them.
        self._train_dataloader = train_dataloader
        self._train_loop: Any = train_cfg
        self.optim_wrapper: Any = optim_wrapper
        self.auto_scale_lr = auto_scale_lr
        self.param_schedulers: Any = param_scheduler
        self._val_dataloader = val_dataloader
        self._val_loop: Any = val_cfg
        self._val_evaluator = val_evaluator
        self._test_dataloader = test_dataloader
        self._test_loop: Any = test_cfg
        self._test_evaluator = test_evaluator

        self._launcher = launcher
        self._distributed = launcher != "none"
        self.setup_env(env_cfg)
        self._randomness_cfg = dict(randomness)
        self.set_randomness(**self._randomness_cfg)

        if experiment_name is not None:
            name = f"{experiment_name}_{self._timestamp}"
        elif self.cfg.filename is not None:
            stem = osp.splitext(osp.basename(self.cfg.filename))[0]
            name = f"{stem}_{self._timestamp}"
        else:
            name = self._timestamp
        self._experiment_name = unique_instance_name(name)
        self._log_dir = osp.join(self._work_dir, self._timestamp)
        os.makedirs(self._log_dir, exist_ok=True)
        if default_scope is not None:
            default_scope = DefaultScope.get_instance(
                self._experiment_name, scope_name=default_scope
            )
        self.default_scope = default_scope

        self.log_processor = self.build_log_processor(
            dict() if log_processor is None else log_processor
        )
        self.logger = self.build_logger(log_level=log_level)
        self._log_env(env_cfg)
        self.message_hub = self.build_message_hub()
        self.visualizer = self.build_visualizer(visualizer)
        if len(self.cfg):
            try:
                self.visualizer.add_config(self.cfg)
            except Exception as e:  # a config of built objects has no source form
                self.logger.warning(
                    f"The config was not recorded by the visualizer: {e}"
                )

        self._load_from = load_from
        self._resume = resume
        self._has_loaded = False

        if isinstance(model, dict) and data_preprocessor is not None:
            model.setdefault("data_preprocessor", data_preprocessor)
        self.model = self.build_model(model)
        self.model = self.wrap_model(self.cfg.get("model_wrapper_cfg"), self.model)
        self._model_name = type(unwrap_model(self.model)).__name__

        self._hooks = HookList()
        self.register_hooks(default_hooks, custom_hooks)
        self.logger.info(
            f"Hooks will be executed in the following order:\n{self.get_hooks_info()}"
        )
        self.dump_config()

    @classmethod
    def from_cfg(cls, cfg: Any) -> Runner:
        """Build a runner from a config (``Config`` or dict); keys as
        :meth:`__init__` arguments."""
        cfg = copy.deepcopy(cfg)
        return cls(
            model=cfg["model"],
            work_dir=cfg["work_dir"],
            train_dataloader=cfg.get("train_dataloader"),
            val_dataloader=cfg.get("val_dataloader"),
            test_dataloader=cfg.get("test_dataloader"),
            train_cfg=cfg.get("train_cfg"),
            val_cfg=cfg.get("val_cfg"),
            test_cfg=cfg.get("test_cfg"),
            auto_scale_lr=cfg.get("auto_scale_lr"),
            optim_wrapper=cfg.get("optim_wrapper"),
            param_scheduler=cfg.get("param_scheduler"),
            val_evaluator=cfg.get("val_evaluator"),
            test_evaluator=cfg.get("test_evaluator"),
            default_hooks=cfg.get("default_hooks"),
            custom_hooks=cfg.get("custom_hooks"),
            data_preprocessor=cfg.get("data_preprocessor"),
            load_from=cfg.get("load_from"),
            resume=cfg.get("resume", False),
            launcher=cfg.get("launcher", "none"),
            env_cfg=cfg.get("env_cfg", dict(dist_cfg=dict(backend="nccl"))),
            log_processor=cfg.get("log_processor"),
            log_level=cfg.get("log_level", "INFO"),
            visualizer=cfg.get("visualizer"),
            default_scope=cfg.get("default_scope", "mmengine"),
            randomness=cfg.get("randomness", dict(seed=None)),
            experiment_name=cfg.get("experiment_name"),
            cfg=cfg,
        )

    # -- properties ----------------------------------------------------------
    experiment_name = property(
        lambda self: self._experiment_name, doc="Experiment name."
    )
    model_name = property(lambda self: self._model_name, doc="Model class name.")
    work_dir = property(
        lambda self: self._work_dir, doc="Checkpoints and logs go here."
    )
    log_dir = property(lambda self: self._log_dir, doc="``work_dir/<timestamp>``.")
    launcher = property(lambda self: self._launcher, doc="'none', 'pytorch', ...")
    distributed = property(lambda self: self._distributed, doc="Launched distributed?")
    rank = property(lambda self: self._rank, doc="Global rank of this process.")
    world_size = property(lambda self: self._world_size, doc="Number of processes.")
    deterministic = property(
        lambda self: self._deterministic, doc="Deterministic cuDNN?"
    )
    seed = property(lambda self: self._seed, doc="The random seed in use.")
    timestamp = property(
        lambda self: self._timestamp, doc="'%Y%m%d_%H%M%S' of the run."
    )
    hooks = property(
        lambda self: self._hooks, doc="Registered hooks, in priority order."
    )

    # MMEngine reads the counters from ``train_loop`` (building it from its
    # config if needed); a runner without a train loop answers 0.
    @property
    def max_epochs(self) -> int:
        """Epochs to train (0 without a train loop)."""
        loop = self.train_loop
        return 0 if loop is None else loop.max_epochs

    @property
    def max_iters(self) -> int:
        """Iterations to train (0 without a train loop)."""
        loop = self.train_loop
        return 0 if loop is None else loop.max_iters

    @property
    def epoch(self) -> int:
        """Current epoch (0-based; completed epochs after an epoch ends)."""
        loop = self.train_loop
        return 0 if loop is None else loop.epoch

    @property
    def iter(self) -> int:
        """Current iteration (iterations completed so far)."""
        loop = self.train_loop
        return 0 if loop is None else loop.iter

    @property
    def train_loop(self) -> Any:
        """The train loop (built from its config on first access)."""
        if isinstance(self._train_loop, dict):
            self._train_loop = self.build_train_loop(self._train_loop)
        return self._train_loop

    @property
    def val_loop(self) -> Any:
        """The validation loop (built on first access)."""
        if isinstance(self._val_loop, dict):
            self._val_loop = self.build_val_loop(self._val_loop)
        return self._val_loop

    @property
    def test_loop(self) -> Any:
        """The test loop (built on first access)."""
        if isinstance(self._test_loop, dict):
            self._test_loop = self.build_test_loop(self._test_loop)
        return self._test_loop

    @property
    def train_dataloader(self) -> Any:
        """The train loop's dataloader (builds the loop on first access)."""
        return self.train_loop.dataloader

    val_dataloader = property(lambda self: self.val_loop.dataloader)
    test_dataloader = property(lambda self: self.test_loop.dataloader)
    val_evaluator = property(lambda self: self.val_loop.evaluator)
    test_evaluator = property(lambda self: self.test_loop.evaluator)
    val_interval = property(lambda self: self.train_loop.val_interval)
    val_begin = property(lambda self: self.train_loop.val_begin)

    # -- environment -----------------------------------------------------------
    def setup_env(self, env_cfg: dict) -> None:
        """cuDNN benchmark, multiprocessing, distributed init, the timestamp
        (rank 0's, broadcast) and the open-file limit."""
        from mmcompat.dist import broadcast, get_dist_info, init_dist, is_distributed

        from .env import set_multi_processing, set_resource_limit

        if env_cfg.get("cudnn_benchmark"):
            torch.backends.cudnn.benchmark = True
        set_multi_processing(**env_cfg.get("mp_cfg", {}), distributed=self._distributed)
        if self._distributed and not is_distributed():
            init_dist(self._launcher, **env_cfg.get("dist_cfg", {}))
        self._rank, self._world_size = get_dist_info()
        timestamp = torch.tensor(time.time(), dtype=torch.float64)
        broadcast(timestamp)
        self._timestamp = time.strftime(
            "%Y%m%d_%H%M%S", time.localtime(timestamp.item())
        )
        set_resource_limit(env_cfg.get("resource_limit", 4096))

    def set_randomness(
        self,
        seed: Optional[int] = None,
        diff_rank_seed: bool = False,
        deterministic: bool = False,
    ) -> None:
        """Seed every RNG (see :func:`~mmcompat.runner.set_random_seed`)."""
        self._deterministic = deterministic
        self._seed = set_random_seed(
            seed=seed, deterministic=deterministic, diff_rank_seed=diff_rank_seed
        )

    def _log_env(self, env_cfg: dict) -> None:
        from .env import log_environment

        log_environment(self, env_cfg)

    # -- building (see build.py) ------------------------------------------------
    def build_logger(
        self,
        log_level: Union[int, str] = "INFO",
        log_file: Optional[str] = None,
        **kwargs: Any,
    ) -> Any:
        """The run's ``MMLogger``, writing ``<log_dir>/<timestamp>.log``."""
        from mmcompat.logging import MMLogger

        if log_file is None:
            log_file = osp.join(self._log_dir, f"{self._timestamp}.log")
        cfg = dict(log_level=log_level, log_file=log_file, **kwargs)
        cfg.setdefault("name", self._experiment_name)
        cfg.setdefault("file_mode", "a")
        return MMLogger.get_instance(**cfg)

    def build_message_hub(self, message_hub: Optional[dict] = None) -> Any:
        """The run's ``MessageHub`` (named after the experiment)."""
        from mmcompat.logging import MessageHub

        if message_hub is None:
            message_hub = dict(name=self._experiment_name)
        elif not isinstance(message_hub, dict):
            raise TypeError(f"message_hub must be a dict or None, got {message_hub!r}")
        message_hub.setdefault("name", self._experiment_name)
        return MessageHub.get_instance(**message_hub)

    def build_visualizer(self, visualizer: Any = None) -> Any:
        return build.build_visualizer(visualizer, self._experiment_name, self._log_dir)

    def build_model(self, model: Union[nn.Module, dict]) -> nn.Module:
        return build.build_model(model)

    def wrap_model(
        self, model_wrapper_cfg: Optional[dict], model: nn.Module
    ) -> nn.Module:
        return build.wrap_model(
            model, model_wrapper_cfg, self._distributed, self.cfg, self.logger
        )

    def build_optim_wrapper(self, optim_wrapper: Any) -> Any:
        from mmcompat.optim import build_optim_wrapper

        return build_optim_wrapper(unwrap_model(self.model), optim_wrapper)

    def build_param_scheduler(self, scheduler: Any) -> Any:
        """Schedulers for the (built) optimizer wrapper; ``end`` defaults to
        the loop length, ``convert_to_iter_based`` uses the epoch length."""
        from mmcompat.optim import build_param_schedulers

        loop = self._train_loop if isinstance(self._train_loop, BaseLoop) else None
        return build_param_schedulers(
            scheduler,
            self.optim_wrapper,
            epoch_length=len(loop.dataloader) if loop is not None else None,
            max_epochs=loop.max_epochs if loop is not None else None,
            max_iters=loop.max_iters if loop is not None else None,
        )

    def scale_lr(
        self, optim_wrapper: Any, auto_scale_lr: Optional[dict] = None
    ) -> None:
        """Scale lr by ``world_size * batch_size / base_batch_size``."""
        if not auto_scale_lr or not auto_scale_lr.get("enable", False):
            return
        from mmcompat.optim import scale_lr

        real_bs = self._world_size * get_batch_size(self._train_dataloader)
        scale_lr(optim_wrapper, auto_scale_lr, real_bs)

    def build_evaluator(self, evaluator: Any) -> Any:
        return build.build_evaluator(evaluator)

    @staticmethod
    def build_dataloader(
        dataloader: Any, seed: Optional[int] = None, diff_rank_seed: bool = False
    ) -> Any:
        return build.build_dataloader(
            dataloader, seed=seed, diff_rank_seed=diff_rank_seed
        )

    def build_train_loop(self, loop: Any) -> BaseLoop:
        return build.build_train_loop(self, loop)

    def build_val_loop(self, loop: Any) -> BaseLoop:
        return build.build_eval_loop(self, loop, "val")

    def build_test_loop(self, loop: Any) -> BaseLoop:
        return build.build_eval_loop(self, loop, "test")

    def build_log_processor(self, log_processor: Any) -> Any:
        return build.build_log_processor(log_processor)

    # -- running ---------------------------------------------------------------
    def train(self) -> nn.Module:
        """Train; return the (unwrapped or wrapped) model."""
        model = unwrap_model(self.model)
        if not hasattr(model, "train_step"):
            raise TypeError(
                f"{type(model).__name__} has no train_step(); derive it from BaseModel"
            )
        if self._val_loop is not None and not hasattr(model, "val_step"):
            raise TypeError(
                f"{type(model).__name__} has no val_step(), needed by val_cfg"
            )
        if self._train_loop is None:
            raise RuntimeError(
                "cannot train: the runner was built without train_dataloader, "
                "train_cfg and optim_wrapper"
            )
        self._train_loop = self.build_train_loop(self._train_loop)
        self.optim_wrapper = self.build_optim_wrapper(self.optim_wrapper)
        self.scale_lr(self.optim_wrapper, self.auto_scale_lr)
        if self.param_schedulers is not None:
            self.param_schedulers = self.build_param_scheduler(self.param_schedulers)
        if self._val_loop is not None:
            self._val_loop = self.build_val_loop(self._val_loop)

        self.call_hook("before_run")
        self.init_model_weights()
        self.load_or_resume()
        self.optim_wrapper.initialize_count_status(
            self.model, self._train_loop.iter, self._train_loop.max_iters
        )
        self._maybe_compile("train_step")
        model = self.train_loop.run()
        self.call_hook("after_run")
        return model

    def val(self) -> dict:
        """Validate; return the metrics."""
        if self._val_loop is None:
            raise RuntimeError(
                "cannot validate: the runner was built without val_dataloader, "
                "val_cfg and val_evaluator"
            )
        self._val_loop = self.build_val_loop(self._val_loop)
        self.call_hook("before_run")
        self.load_or_resume()
        metrics = self.val_loop.run()
        self.call_hook("after_run")
        return metrics

    def test(self) -> dict:
        """Test; return the metrics."""
        if self._test_loop is None:
            raise RuntimeError(
                "cannot test: the runner was built without test_dataloader, "
                "test_cfg and test_evaluator"
            )
        self._test_loop = self.build_test_loop(self._test_loop)
        self.call_hook("before_run")
        self.load_or_resume()
        metrics = self.test_loop.run()
        self.call_hook("after_run")
        return metrics

    def init_model_weights(self) -> None:
        """``init_weights()`` (if any), then rank 0's weights everywhere.

        ``train()`` calls it before loading or resuming a checkpoint; a
        runner subclass overrides it to initialise differently (or not at
        all, for models whose weights are set before training).
        """
        from mmcompat.dist import broadcast

        model = unwrap_model(self.model)
        if hasattr(model, "init_weights"):
            model.init_weights()
            for tensor in model.state_dict().values():
                broadcast(tensor)

    def _maybe_compile(self, target: str) -> None:
        """``cfg.compile`` (True or ``torch.compile`` kwargs) compiles
        ``model.<target>``."""
        compile_cfg = self.cfg.get("compile", None)
        if not compile_cfg:
            return
        compile_cfg = {} if compile_cfg is True else dict(compile_cfg)
        setattr(
            self.model,
            target,
            torch.compile(getattr(self.model, target), **compile_cfg),
        )
        self.logger.info(
            'Model has been "compiled". The first few iterations will be slow.'
        )

    # -- hooks -----------------------------------------------------------------
    def call_hook(self, fn_name: str, **kwargs: Any) -> None:
        """Call ``fn_name(self, **kwargs)`` on every hook that overrides it,
        in priority order (the per-point lists: see :class:`HookList`).

        A hook with a wrong signature fails with the hook named, as in
        MMEngine."""
        for hook in self._hooks.callers(fn_name):
            try:
                getattr(hook, fn_name)(self, **kwargs)
            except TypeError as e:
                raise TypeError(f"{e} in {hook}") from None

    def register_hook(
        self, hook: Any, priority: Union[int, str, Priority, None] = None
    ) -> None:
        """Insert ``hook`` (object or config) by priority; equal priorities
        keep registration order. ``priority`` beats ``hook['priority']``,
        which beats ``hook.priority``."""
        self._hooks.insert_by_priority(build_hook(hook, priority))

    def register_default_hooks(self, hooks: Optional[dict] = None) -> None:
        """Register MMEngine's six default hooks merged with ``hooks``
        (a ``None`` value removes one)."""
        for hook in merge_default_hooks(hooks).values():
            self.register_hook(hook)

    def register_custom_hooks(self, hooks: list) -> None:
        for hook in hooks:
            self.register_hook(hook)

    def register_hooks(
        self, default_hooks: Optional[dict] = None, custom_hooks: Optional[list] = None
    ) -> None:
        self.register_default_hooks(default_hooks)
        if custom_hooks is not None:
            self.register_custom_hooks(custom_hooks)

    def get_hooks_info(self) -> str:
        """The hooks of every point, in the order they run (as MMEngine logs)."""
        return hooks_info(self._hooks)

    def dump_config(self) -> None:
        """Write the config to ``work_dir`` (rank 0), named after its file."""
        if self._rank != 0:
            return
        if self.cfg.filename is not None:
            name = osp.basename(self.cfg.filename)
        else:
            name = f"{self._timestamp}.py"
        try:
            self.cfg.dump(osp.join(self._work_dir, name))
        except Exception as e:  # a config of built objects has no source form
            self.logger.warning(f"The config could not be dumped to {name}: {e}")
