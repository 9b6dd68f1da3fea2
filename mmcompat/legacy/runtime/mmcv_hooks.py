"""MMCV 1.x hook classes legacy libraries import and subclass.

Two kinds, recognised by class by the legacy runner facade
(:meth:`~.runner.BaseRunner.register_hook`):

- hooks that *act*, with MMCV's own methods (a subclass overriding one of
  them works as with MMCV): the optimizer hooks (``OptimizerHook`` runs
  ``zero_grad``, ``backward``, clipping and ``step`` in
  ``after_train_iter``; when one is registered the facade leaves the
  stepping to it), the evaluation hooks (``EvalHook._do_evaluate``) and the
  lr/momentum updaters (:mod:`.mmcv_schedule_hooks`). They run through
  :class:`~.hooks.LegacyHookAdapter`;
- hooks that only *configure* what the new runner does
  (:class:`ConfigHook`: ``CheckpointHook``, the logger hooks,
  ``IterTimerHook``, ``DistSamplerSeedHook``, ``SyncBuffersHook``,
  ``EMAHook``): the facade puts their arguments into its legacy config
  (``checkpoint_config``, ``log_config``, ``custom_hooks``...), which
  ``translate()`` maps once, like a config file's.

Fp16 on a CPU: ``Fp16OptimizerHook`` scales the loss with
``torch.amp.GradScaler`` on the device of the model's parameters (static
``loss_scale``: a fixed scale; ``'dynamic'`` or a dict: MMCV's dynamic
scaling), unscales, clips, steps and keeps the scaler state in
``runner.meta['fp16']``, as MMCV; the forward pass is not run in half
precision without CUDA (``auto_fp16`` autocasts on CUDA only).
"""

from __future__ import annotations

import math
import os.path as osp
import warnings
from typing import Any, Callable, Optional

from .hooks import HOOKS, Hook

__all__ = [
    "OptimizerHook",
    "GradientCumulativeOptimizerHook",
    "Fp16OptimizerHook",
    "GradientCumulativeFp16OptimizerHook",
    "EvalHook",
    "DistEvalHook",
    "single_gpu_test",
    "multi_gpu_test",
    "ConfigHook",
    "CheckpointHook",
    "LoggerHook",
    "TextLoggerHook",
    "TensorboardLoggerHook",
    "WandbLoggerHook",
    "MlflowLoggerHook",
    "EMAHook",
    "DistSamplerSeedHook",
    "IterTimerHook",
    "SyncBuffersHook",
]


# -- optimizer hooks ---------------------------------------------------------------


def _log_grad_norm(runner: Any, grad_norm: Any) -> None:
    if grad_norm is not None:
        count = runner.outputs.get("num_samples", 1)
        runner.log_buffer.update({"grad_norm": float(grad_norm)}, count)


@HOOKS.register_module(force=True)
class OptimizerHook(Hook):
    """MMCV's ``OptimizerHook``: after each train iteration, ``zero_grad``,
    ``runner.outputs['loss'].backward()``, clip (``grad_clip``: the
    arguments of ``torch.nn.utils.clip_grad_norm_``), ``step``.

    ``detect_anomalous_params`` (a debugging aid walking the autograd graph
    for parameters without gradient) is accepted and ignored, with a
    warning.
    """

    def __init__(
        self, grad_clip: Optional[dict] = None, detect_anomalous_params: bool = False
    ) -> None:
        self.grad_clip = grad_clip
        self.detect_anomalous_params = detect_anomalous_params
        if detect_anomalous_params:
            warnings.warn(
                "OptimizerHook(detect_anomalous_params=True) is ignored by mmcompat",
                stacklevel=2,
            )

    def clip_grads(self, params: Any) -> Any:
        from torch.nn.utils import clip_grad

        params = [p for p in params if p.requires_grad and p.grad is not None]
        if params:
            return clip_grad.clip_grad_norm_(params, **self.grad_clip)
        return None

    def _clip(self, runner: Any) -> None:
        if self.grad_clip is not None:
            _log_grad_norm(runner, self.clip_grads(runner.model.parameters()))

    def after_train_iter(self, runner: Any) -> None:
        runner.optimizer.zero_grad()
        runner.outputs["loss"].backward()
        self._clip(runner)
        runner.optimizer.step()


@HOOKS.register_module(force=True)
class GradientCumulativeOptimizerHook(OptimizerHook):
    """Accumulate ``cumulative_iters`` iterations' gradients per step (the
    loss divided by the window; a short last window by its length)."""

    def __init__(self, cumulative_iters: int = 1, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if not (isinstance(cumulative_iters, int) and cumulative_iters > 0):
            raise ValueError(
                "cumulative_iters only accepts positive int, but got "
                f"{cumulative_iters!r}"
            )
        self.cumulative_iters = cumulative_iters
        self.divisible_iters = 0
        self.remainder_iters = 0
        self.initialized = False

    def has_batch_norm(self, module: Any) -> bool:
        from torch.nn.modules.batchnorm import _BatchNorm

        return any(isinstance(m, _BatchNorm) for m in module.modules())

    def _init(self, runner: Any) -> None:
        if runner.iter % self.cumulative_iters != 0:
            runner.logger.warning(
                "the resumed iteration is not divisible by cumulative_iters: "
                "the gradients of some iterations are lost"
            )
        if self.cumulative_iters > 1 and self.has_batch_norm(runner.model):
            runner.logger.warning(
                "GradientCumulativeOptimizerHook may slightly decrease "
                "performance if the model has BatchNorm layers."
            )
        self.divisible_iters = (
            runner.max_iters // self.cumulative_iters * self.cumulative_iters
        )
        self.remainder_iters = runner.max_iters - self.divisible_iters
        self.initialized = True

    def _get_loss_factor(self, runner: Any) -> int:
        if runner.iter < runner.max_iters - self.remainder_iters:
            return self.cumulative_iters
        return self.remainder_iters

    def _window_ends(self, runner: Any) -> bool:
        return self.every_n_iters(runner, self.cumulative_iters) or self.is_last_iter(
            runner
        )

    def after_train_iter(self, runner: Any) -> None:
        if not self.initialized:
            self._init(runner)
        loss = runner.outputs["loss"] / self._get_loss_factor(runner)
        loss.backward()
        if self._window_ends(runner):
            self._clip(runner)
            runner.optimizer.step()
            runner.optimizer.zero_grad()


def _grad_scaler(loss_scale: Any) -> tuple[Any, Optional[float]]:
    """MMCV's scaler for ``loss_scale`` and the value ``update()`` gets."""
    if loss_scale == "dynamic":
        return {}, None
    if isinstance(loss_scale, float):
        return dict(init_scale=loss_scale), loss_scale
    if isinstance(loss_scale, dict):
        return dict(loss_scale), None
    raise ValueError(
        f'loss_scale must be of type float, dict, or "dynamic", got {loss_scale}'
    )


class _Fp16Mixin:
    """The loss scaler of the fp16 optimizer hooks (``torch.amp.GradScaler``
    on the parameters' device, created at ``before_run``)."""

    def _init_fp16(self, loss_scale: Any, distributed: bool, **kw: Any) -> None:
        self._scaler_args, self._scale_update_param = _grad_scaler(loss_scale)
        self.distributed = distributed
        self.coalesce = kw.get("coalesce", True)
        self.bucket_size_mb = kw.get("bucket_size_mb", -1)
        self.loss_scaler: Any = None

    def _make_scaler(self, device: str) -> Any:
        import torch

        return torch.amp.GradScaler(device, **self._scaler_args)

    def before_run(self, runner: Any) -> None:
        from .extras import wrap_fp16_model

        model = runner.model
        device = next((p.device.type for p in model.parameters()), "cpu")
        self.loss_scaler = self._make_scaler(device)
        wrap_fp16_model(model)
        meta = runner.meta or {}
        if "loss_scaler" in meta.get("fp16", {}):
            self.loss_scaler.load_state_dict(meta["fp16"]["loss_scaler"])

    def _scaled_step(self, runner: Any) -> None:
        self.loss_scaler.unscale_(runner.optimizer)
        self._clip(runner)
        self.loss_scaler.step(runner.optimizer)
        self.loss_scaler.update(self._scale_update_param)
        if runner.meta is None:
            runner.meta = {}
        runner.meta.setdefault("fp16", {})["loss_scaler"] = (
            self.loss_scaler.state_dict()
        )


@HOOKS.register_module(force=True)
class Fp16OptimizerHook(_Fp16Mixin, OptimizerHook):
    """MMCV's fp16 optimizer hook (PyTorch >= 1.6 variant): the loss scaled
    by a ``GradScaler``; ``loss_scale`` a float (static), ``'dynamic'`` or
    the ``GradScaler`` arguments as a dict."""

    def __init__(
        self,
        grad_clip: Optional[dict] = None,
        coalesce: bool = True,
        bucket_size_mb: int = -1,
        loss_scale: Any = 512.0,
        distributed: bool = True,
    ) -> None:
        OptimizerHook.__init__(self, grad_clip=grad_clip)
        self._init_fp16(
            loss_scale, distributed, coalesce=coalesce, bucket_size_mb=bucket_size_mb
        )

    def after_train_iter(self, runner: Any) -> None:
        runner.model.zero_grad()
        runner.optimizer.zero_grad()
        self.loss_scaler.scale(runner.outputs["loss"]).backward()
        self._scaled_step(runner)


@HOOKS.register_module(force=True)
class GradientCumulativeFp16OptimizerHook(_Fp16Mixin, GradientCumulativeOptimizerHook):
    """Gradient accumulation with the fp16 loss scaler."""

    def __init__(
        self,
        cumulative_iters: int = 1,
        grad_clip: Optional[dict] = None,
        coalesce: bool = True,
        bucket_size_mb: int = -1,
        loss_scale: Any = 512.0,
        distributed: bool = True,
    ) -> None:
        GradientCumulativeOptimizerHook.__init__(
            self, cumulative_iters=cumulative_iters, grad_clip=grad_clip
        )
        self._init_fp16(
            loss_scale, distributed, coalesce=coalesce, bucket_size_mb=bucket_size_mb
        )

    def after_train_iter(self, runner: Any) -> None:
        if not self.initialized:
            self._init(runner)
        loss = runner.outputs["loss"] / self._get_loss_factor(runner)
        self.loss_scaler.scale(loss).backward()
        if self._window_ends(runner):
            self._scaled_step(runner)
            runner.model.zero_grad()
            runner.optimizer.zero_grad()


# -- evaluation ----------------------------------------------------------------------


def single_gpu_test(model: Any, data_loader: Any) -> list:
    """MMCV's ``single_gpu_test``: ``model(return_loss=False, **data)``
    over the loader in eval mode, the per-sample results in one list
    (mmdet's own test function adds ``rescale=True``). The model's training
    mode is restored afterwards."""
    import torch

    was_training = model.training
    model.eval()
    results: list = []
    try:
        for data in data_loader:
            with torch.no_grad():
                result = model(return_loss=False, **data)
            results.extend(result)
    finally:
        model.train(was_training)
    return results


def multi_gpu_test(
    model: Any,
    data_loader: Any,
    tmpdir: Optional[str] = None,
    gpu_collect: bool = False,
) -> Optional[list]:
    """MMCV's ``multi_gpu_test``: every rank runs :func:`single_gpu_test`
    on its share of the loader (its distributed sampler's); rank 0 gets all
    results in dataset order (:func:`mmcompat.dist.collect_results`, through
    ``tmpdir`` or, with ``gpu_collect``, the communication device), the
    other ranks None. Without a process group, every result."""
    from mmcompat.dist import collect_results

    results = single_gpu_test(model, data_loader)
    return collect_results(
        results,
        len(data_loader.dataset),
        device="gpu" if gpu_collect else "cpu",
        tmpdir=None if gpu_collect else tmpdir,
    )


_RULES: dict[str, Callable[[float, float], bool]] = {
    "greater": lambda x, y: x > y,
    "less": lambda x, y: x < y,
}
_INIT_VALUES = {"greater": -math.inf, "less": math.inf}


@HOOKS.register_module(force=True)
class EvalHook(Hook):
    """MMCV's ``EvalHook``: every ``interval`` epochs (iterations when not
    ``by_epoch``), from ``start`` if given, run ``test_fn(model, dataloader)``
    and ``dataloader.dataset.evaluate(results, logger=runner.logger,
    **eval_kwargs)``; the metrics go to ``runner.log_buffer.output`` (and the
    message hub as ``val/<name>``) and are logged. ``save_best`` (a metric
    name or ``'auto'``) keeps the best checkpoint by ``rule`` (``'greater'``
    / ``'less'``, inferred from the metric name when None).
    """

    rule_map = _RULES
    init_value_map = _INIT_VALUES
    _default_greater_keys = [
        "acc",
        "top",
        "AR@",
        "auc",
        "precision",
        "mAP",
        "mDice",
        "mIoU",
        "mAcc",
        "aAcc",
    ]
    _default_less_keys = ["loss"]

    def __init__(
        self,
        dataloader: Any,
        start: Optional[int] = None,
        interval: int = 1,
        by_epoch: bool = True,
        save_best: Optional[str] = None,
        rule: Optional[str] = None,
        test_fn: Optional[Callable] = None,
        greater_keys: Optional[list] = None,
        less_keys: Optional[list] = None,
        out_dir: Optional[str] = None,
        file_client_args: Optional[dict] = None,
        **eval_kwargs: Any,
    ) -> None:
        from torch.utils.data import DataLoader

        if not isinstance(dataloader, DataLoader):
            raise TypeError(
                "dataloader must be a pytorch DataLoader, but got "
                f"{type(dataloader).__name__}"
            )
        if interval <= 0:
            raise ValueError(f"interval must be a positive number, but got {interval}")
        if not isinstance(by_epoch, bool):
            raise TypeError("by_epoch must be a boolean")
        if start is not None and start < 0:
            raise ValueError(f"The evaluation start epoch {start} is smaller than 0")
        self.dataloader = dataloader
        self.interval = interval
        self.start = start
        self.by_epoch = by_epoch
        if not (save_best is None or isinstance(save_best, str)):
            raise TypeError(f'"save_best" should be a str or None, got {save_best!r}')
        self.save_best = save_best
        self.eval_kwargs = eval_kwargs
        self.initial_flag = True
        self.test_fn = test_fn if test_fn is not None else single_gpu_test
        self.greater_keys = self._keys(greater_keys, self._default_greater_keys)
        self.less_keys = self._keys(less_keys, self._default_less_keys)
        if save_best is not None:
            self.best_ckpt_path: Optional[str] = None
            self._init_rule(rule, save_best)
        self.out_dir = out_dir
        self.file_client_args = file_client_args

    @staticmethod
    def _keys(given: Any, default: list) -> list:
        if given is None:
            return list(default)
        return [given] if isinstance(given, str) else list(given)

    def _init_rule(self, rule: Optional[str], key_indicator: str) -> None:
        if rule not in self.rule_map and rule is not None:
            raise KeyError(f"rule must be greater, less or None, but got {rule}.")
        if rule is None and key_indicator != "auto":
            lowered = key_indicator.lower()
            if any(key.lower() in lowered for key in self.greater_keys):
                rule = "greater"
            elif any(key.lower() in lowered for key in self.less_keys):
                rule = "less"
            else:
                raise ValueError(
                    f"Cannot infer the rule for key {key_indicator}, thus a "
                    "specific rule must be specified."
                )
        self.rule = rule
        self.key_indicator = key_indicator
        if rule is not None:
            self.compare_func = self.rule_map[rule]

    def before_run(self, runner: Any) -> None:
        if self.out_dir is None:
            self.out_dir = runner.work_dir
        if self.save_best is not None:
            if runner.meta is None:
                runner.meta = {}
            runner.meta.setdefault("hook_msgs", {})
            self.best_ckpt_path = runner.meta["hook_msgs"].get("best_ckpt", None)

    def before_train_iter(self, runner: Any) -> None:
        if self.by_epoch or not self.initial_flag:
            return
        if self.start is not None and runner.iter >= self.start:
            self.after_train_iter(runner)
        self.initial_flag = False

    def before_train_epoch(self, runner: Any) -> None:
        if not (self.by_epoch and self.initial_flag):
            return
        if self.start is not None and runner.epoch >= self.start:
            self.after_train_epoch(runner)
        self.initial_flag = False

    def after_train_iter(self, runner: Any) -> None:
        if not self.by_epoch and self._should_evaluate(runner):
            self._do_evaluate(runner)

    def after_train_epoch(self, runner: Any) -> None:
        if self.by_epoch and self._should_evaluate(runner):
            self._do_evaluate(runner)

    def _do_evaluate(self, runner: Any) -> None:
        results = self.test_fn(runner.model, self.dataloader)
        runner.log_buffer.output["eval_iter_num"] = len(self.dataloader)
        key_score = self.evaluate(runner, results)
        if self.save_best and key_score:
            self._save_ckpt(runner, key_score)

    def _should_evaluate(self, runner: Any) -> bool:
        if self.by_epoch:
            current, check = runner.epoch, self.every_n_epochs
        else:
            current, check = runner.iter, self.every_n_iters
        if self.start is None:
            return check(runner, self.interval)
        if current + 1 < self.start:
            return False
        return (current + 1 - self.start) % self.interval == 0

    def _save_ckpt(self, runner: Any, key_score: float) -> None:
        if self.by_epoch:
            current, cur_type, cur_time = (
                f"epoch_{runner.epoch + 1}",
                "epoch",
                runner.epoch + 1,
            )
        else:
            current, cur_type, cur_time = (
                f"iter_{runner.iter + 1}",
                "iter",
                runner.iter + 1,
            )
        msgs = runner.meta["hook_msgs"]
        best_score = msgs.get("best_score", self.init_value_map[self.rule])
        if not self.compare_func(key_score, best_score):
            return
        msgs["best_score"] = key_score
        if self.best_ckpt_path and osp.isfile(self.best_ckpt_path):
            import os

            os.remove(self.best_ckpt_path)
        name = f"best_{self.key_indicator}_{current}.pth"
        self.best_ckpt_path = osp.join(self.out_dir, name)
        msgs["best_ckpt"] = self.best_ckpt_path
        from .checkpoint import save_checkpoint

        meta = dict(runner.meta or {}, epoch=runner.epoch + 1, iter=runner.iter + 1)
        save_checkpoint(
            runner.model, self.best_ckpt_path, optimizer=runner.optimizer, meta=meta
        )
        runner.logger.info(f"Now best checkpoint is saved as {name}.")
        runner.logger.info(
            f"Best {self.key_indicator} is {key_score:0.4f} at {cur_time} {cur_type}."
        )

    def evaluate(self, runner: Any, results: list) -> Optional[float]:
        """``dataset.evaluate`` on ``results``; the metrics are logged; the
        ``save_best`` metric's value is returned."""
        eval_res = self.dataloader.dataset.evaluate(
            results, logger=runner.logger, **self.eval_kwargs
        )
        self._publish(runner, eval_res)
        if self.save_best is None:
            return None
        if not eval_res:
            warnings.warn(
                "Since `eval_res` is an empty dict, the behavior to save the best "
                "checkpoint will be skipped in this evaluation.",
                stacklevel=2,
            )
            return None
        if self.key_indicator == "auto":
            self._init_rule(self.rule, next(iter(eval_res)))
        return eval_res[self.key_indicator]

    def _publish(self, runner: Any, eval_res: dict) -> None:
        buffer = runner.log_buffer
        for name, value in eval_res.items():
            buffer.output[name] = value
        buffer.ready = True
        hub = getattr(runner, "message_hub", None)
        if hub is not None:
            for name, value in eval_res.items():
                if isinstance(value, (int, float)):
                    hub.update_scalar(f"val/{name}", value)


@HOOKS.register_module(force=True)
class DistEvalHook(EvalHook):
    """MMCV's ``DistEvalHook``: every rank tests its share; rank 0
    evaluates. ``broadcast_bn_buffer`` syncs BatchNorm statistics from rank
    0 first. ``test_fn`` (default :func:`multi_gpu_test`) is called with
    ``tmpdir`` (default ``<work_dir>/.eval_hook``) and ``gpu_collect`` and
    gathers the results on rank 0, as in MMCV; one process (no distributed
    group) evaluates every result."""

    def __init__(
        self,
        dataloader: Any,
        start: Optional[int] = None,
        interval: int = 1,
        by_epoch: bool = True,
        save_best: Optional[str] = None,
        rule: Optional[str] = None,
        test_fn: Optional[Callable] = None,
        greater_keys: Optional[list] = None,
        less_keys: Optional[list] = None,
        broadcast_bn_buffer: bool = True,
        tmpdir: Optional[str] = None,
        gpu_collect: bool = False,
        out_dir: Optional[str] = None,
        file_client_args: Optional[dict] = None,
        **eval_kwargs: Any,
    ) -> None:
        super().__init__(
            dataloader,
            start=start,
            interval=interval,
            by_epoch=by_epoch,
            save_best=save_best,
            rule=rule,
            test_fn=test_fn if test_fn is not None else multi_gpu_test,
            greater_keys=greater_keys,
            less_keys=less_keys,
            out_dir=out_dir,
            file_client_args=file_client_args,
            **eval_kwargs,
        )
        self.broadcast_bn_buffer = broadcast_bn_buffer
        self.tmpdir = tmpdir
        self.gpu_collect = gpu_collect

    def _do_evaluate(self, runner: Any) -> None:
        from torch.nn.modules.batchnorm import _BatchNorm

        from mmcompat.dist import broadcast, is_distributed

        if self.broadcast_bn_buffer and is_distributed():
            for module in runner.model.modules():
                if isinstance(module, _BatchNorm) and module.track_running_stats:
                    broadcast(module.running_var, 0)
                    broadcast(module.running_mean, 0)
        tmpdir = self.tmpdir
        if tmpdir is None:
            tmpdir = osp.join(runner.work_dir, ".eval_hook")
        results = self.test_fn(
            runner.model, self.dataloader, tmpdir=tmpdir, gpu_collect=self.gpu_collect
        )
        if runner.rank == 0:
            runner.log_buffer.output["eval_iter_num"] = len(self.dataloader)
            key_score = self.evaluate(runner, results)
            if self.save_best and key_score:
                self._save_ckpt(runner, key_score)


# -- hooks that configure the new runner -----------------------------------------------


class ConfigHook(Hook):
    """A MMCV hook whose work the new runner does: it records its arguments;
    the facade adds them to its legacy config (:meth:`legacy_entry`), which
    ``translate()`` maps. Used outside the facade, it does nothing."""

    #: the legacy config key: ``checkpoint_config``, ``log_config``,
    #: ``timer_config`` or ``custom_hooks``
    config_key = "custom_hooks"
    #: MMCV's defaults of the arguments, read as attributes (``interval``...)
    defaults: dict = {}

    def __init__(self, **kwargs: Any) -> None:
        self.kwargs = kwargs
        for name, value in {**type(self).defaults, **kwargs}.items():
            setattr(self, name, value)

    def legacy_entry(self) -> dict:
        return dict(type=type(self)._mmcv_name(), **self.kwargs)

    @classmethod
    def _mmcv_name(cls) -> str:
        for klass in cls.__mro__:
            if klass.__module__ == __name__:
                return klass.__name__
        return cls.__name__


def _config_hook(name: str, key: str, doc: str, stages: tuple, **defaults: Any) -> type:
    cls = type(
        name,
        (ConfigHook,),
        dict(config_key=key, defaults=defaults, mmcv_stages=stages, __doc__=doc),
    )
    cls.__module__ = __name__
    return cls


CheckpointHook = _config_hook(
    "CheckpointHook",
    "checkpoint_config",
    "MMCV's ``CheckpointHook(interval=-1, by_epoch=True, ...)``: becomes the "
    "``checkpoint_config`` of the run.",
    ("before_run", "after_train_iter", "after_train_epoch"),
    interval=-1,
    by_epoch=True,
    save_optimizer=True,
    out_dir=None,
    max_keep_ckpts=-1,
    save_last=True,
    sync_buffer=False,
    file_client_args=None,
)
IterTimerHook = _config_hook(
    "IterTimerHook",
    "timer_config",
    "MMCV's ``IterTimerHook``: the timer.",
    (
        "before_train_epoch",
        "before_train_iter",
        "after_train_iter",
        "before_val_epoch",
        "before_val_iter",
        "after_val_iter",
    ),
)
DistSamplerSeedHook = _config_hook(
    "DistSamplerSeedHook",
    "custom_hooks",
    "MMCV's ``DistSamplerSeedHook``: the sampler's epoch is set every epoch.",
    ("before_train_epoch", "before_val_epoch"),
)
SyncBuffersHook = _config_hook(
    "SyncBuffersHook",
    "custom_hooks",
    "MMCV's ``SyncBuffersHook(distributed=True)``: buffers synced every epoch.",
    ("after_train_epoch", "after_val_epoch"),
    distributed=True,
)
EMAHook = _config_hook(
    "EMAHook",
    "custom_hooks",
    "MMCV's ``EMAHook(momentum=0.0002, interval=1, warm_up=100, "
    "resume_from=None)``: translated to the new EMAHook.",
    ("before_run", "before_train_epoch", "after_train_iter", "after_train_epoch"),
    momentum=0.0002,
    interval=1,
    warm_up=100,
    resume_from=None,
)


def log_mode(runner: Any) -> str:
    """MMCV's ``LoggerHook.get_mode``: ``'val'`` in a val phase, and in a
    train phase when the log buffer's output has no ``time`` (an EvalHook's
    metrics); ``runner`` is the legacy runner (its view)."""
    mode = runner.mode or "train"
    if mode == "train":
        return "train" if "time" in runner.log_buffer.output else "val"
    if mode == "val":
        return "val"
    raise ValueError(f"runner mode should be 'train' or 'val', but got {mode}")


def log_epoch(runner: Any) -> int:
    """MMCV's ``LoggerHook.get_epoch``: the epoch being trained (1-based) in
    a train phase, the one just trained in a val phase."""
    mode = runner.mode or "train"
    if mode == "train":
        return runner.epoch + 1
    if mode == "val":
        return runner.epoch
    raise ValueError(f"runner mode should be 'train' or 'val', but got {mode}")


def average_if_due(runner: Any, interval: int, by_epoch: bool, ignore_last: bool):
    """MMCV's ``LoggerHook`` rule after a train iteration: average the log
    buffer over the last ``interval`` iterations every ``interval``
    iterations (within the epoch when ``by_epoch``), and at an epoch's end
    unless ``ignore_last``; ``runner`` is the legacy runner (its view)."""
    counter = runner.inner_iter if by_epoch else runner.iter
    due = interval > 0 and (counter + 1) % interval == 0
    if due or (not ignore_last and runner.inner_iter + 1 == len(runner.data_loader)):
        runner.log_buffer.average(interval)


class LoggerHook(ConfigHook):
    """MMCV's ``LoggerHook(interval=10, ignore_last=True, reset_flag=False,
    by_epoch=True)``; the concrete logger hooks become ``log_config`` entries
    (text log, vis backends). A user subclass overriding ``log(runner)``
    runs as a legacy hook instead."""

    config_key = "log_config"
    mmcv_stages = (
        "before_run",
        "before_train_epoch",
        "after_train_iter",
        "after_train_epoch",
        "before_val_epoch",
        "after_val_epoch",
    )

    def __init__(
        self,
        interval: int = 10,
        ignore_last: bool = True,
        reset_flag: bool = False,
        by_epoch: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.interval = interval
        self.ignore_last = ignore_last
        self.reset_flag = reset_flag
        self.by_epoch = by_epoch

    def log(self, runner: Any) -> None:
        pass

    def get_mode(self, runner: Any) -> str:
        return log_mode(runner)

    def get_epoch(self, runner: Any) -> int:
        return log_epoch(runner)

    def get_iter(self, runner: Any, inner_iter: bool = False) -> int:
        if self.by_epoch and inner_iter:
            return runner.inner_iter + 1
        return runner.iter + 1

    def after_train_iter(self, runner: Any) -> None:
        if type(self).log is LoggerHook.log:
            return
        average_if_due(runner, self.interval, self.by_epoch, self.ignore_last)
        if runner.log_buffer.ready:
            self.log(runner)
            if self.reset_flag:
                runner.log_buffer.clear_output()

    def legacy_entry(self) -> dict:
        return dict(type=type(self)._mmcv_name(), by_epoch=self.by_epoch, **self.kwargs)


class TextLoggerHook(LoggerHook):
    """The text log (``log_config`` ``TextLoggerHook``)."""

    mmcv_stages = (*LoggerHook.mmcv_stages, "after_run")

    def __init__(
        self,
        by_epoch: bool = True,
        interval: int = 10,
        ignore_last: bool = True,
        reset_flag: bool = False,
        interval_exp_name: int = 1000,
        out_dir: Optional[str] = None,
        out_suffix: Any = (".log.json", ".log", ".py"),
        keep_local: bool = True,
        file_client_args: Optional[dict] = None,
    ) -> None:
        super().__init__(interval, ignore_last, reset_flag, by_epoch)
        given = dict(
            interval_exp_name=interval_exp_name,
            out_dir=out_dir,
            out_suffix=out_suffix,
            keep_local=keep_local,
            file_client_args=file_client_args,
        )
        self.kwargs.update((k, v) for k, v in given.items() if v != _TEXT_DEFAULTS[k])


_TEXT_DEFAULTS = dict(
    interval_exp_name=1000,
    out_dir=None,
    out_suffix=(".log.json", ".log", ".py"),
    keep_local=True,
    file_client_args=None,
)


class _PackageLoggerHook(LoggerHook):
    """A logger hook writing through a third-party package: importable
    always, failing with one clear message when the package is missing at
    use (``before_run``: the new runner's vis backend imports it)."""

    mmcv_stages = (*LoggerHook.mmcv_stages, "after_run")
    package = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        names = self._arg_names
        named = dict(zip(names, args))
        named.update(kwargs)
        common = ("interval", "ignore_last", "reset_flag", "by_epoch")
        base = {k: named.pop(k) for k in common if k in named}
        super().__init__(**base, **named)

    _arg_names: tuple = ()

    def check_package(self) -> None:
        import importlib.util

        if importlib.util.find_spec(self.package) is None:
            raise ImportError(
                f"{type(self).__name__} needs the `{self.package}` package: "
                f"pip install {self.package}"
            )

    def legacy_entry(self) -> dict:
        self.check_package()
        return super().legacy_entry()


class TensorboardLoggerHook(_PackageLoggerHook):
    """Scalars to TensorBoard (``log_dir``: default ``<work_dir>/tf_logs``)."""

    package = "tensorboard"
    _arg_names = ("log_dir", "interval", "ignore_last", "reset_flag", "by_epoch")


class WandbLoggerHook(_PackageLoggerHook):
    """Scalars to Weights & Biases (``init_kwargs``...)."""

    package = "wandb"
    _arg_names = (
        "init_kwargs",
        "interval",
        "ignore_last",
        "reset_flag",
        "commit",
        "by_epoch",
        "with_step",
        "log_artifact",
        "out_suffix",
    )


class MlflowLoggerHook(_PackageLoggerHook):
    """Scalars to MLflow (``exp_name``, ``tags``, ``params``...)."""

    package = "mlflow"
    _arg_names = (
        "exp_name",
        "tags",
        "params",
        "log_model",
        "interval",
        "ignore_last",
        "reset_flag",
        "by_epoch",
    )
