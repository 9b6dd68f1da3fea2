"""The legacy runner state a MMCV 1.x hook reads: ``LogBuffer`` and a view.

MMCV 1.x hooks took only ``runner`` and read the iteration state from it
(``runner.outputs``, ``runner.inner_iter``, ``runner.log_buffer``,
``runner.optimizer``, ``runner.data_loader``, ``runner.mode``...). The new
runner passes that state as hook arguments instead. :class:`LegacyRunnerView`
puts it back: the legacy train loop (:mod:`.loop`) and the hook adapter
(:mod:`.hooks`) write the current values into it, every other attribute is
read from the new-style runner.
"""

from __future__ import annotations

import weakref
from collections import OrderedDict
from typing import Any, Optional

__all__ = ["LogBuffer", "LegacyRunnerView", "view_of"]


class LogBuffer:
    """MMCV 1.x ``LogBuffer``: per-key value/count histories, ``average(n)``.

    ``update`` called by *user* code (a legacy hook's
    ``runner.log_buffer.update({...})``) is also published to the message hub
    as ``<mode>/<key>`` so that the new LoggerHook logs it; the runner's own
    per-iteration update of ``log_vars`` is not (the new runner already
    publishes the train step's outputs).
    """

    def __init__(self, view: Optional[LegacyRunnerView] = None) -> None:
        self.val_history: OrderedDict = OrderedDict()
        self.n_history: OrderedDict = OrderedDict()
        self.output: OrderedDict = OrderedDict()
        self.ready = False
        self._view = view

    def clear(self) -> None:
        self.val_history.clear()
        self.n_history.clear()
        self.clear_output()

    def clear_output(self) -> None:
        self.output.clear()
        self.ready = False

    def _record(self, values: dict, count: int) -> None:
        for key, value in values.items():
            self.val_history.setdefault(key, []).append(value)
            self.n_history.setdefault(key, []).append(count)

    def update(self, vars: dict, count: int = 1) -> None:  # noqa: A002 (MMCV's name)
        if not isinstance(vars, dict):
            raise TypeError(f"log_buffer.update() needs a dict, got {type(vars)}")
        self._record(vars, count)
        hub = self._view.message_hub if self._view is not None else None
        if hub is not None:
            mode = self._view.mode or "train"
            for key, value in vars.items():
                if isinstance(value, (int, float)) or hasattr(value, "dtype"):
                    hub.update_scalar(f"{mode}/{key}", value, count)

    def average(self, n: int = 0) -> None:
        """``output[key]`` = count-weighted mean of the last ``n`` values
        (all when 0), as MMCV."""
        if n < 0:
            raise ValueError(f"n must be >= 0, got {n}")
        for key, values in self.val_history.items():
            counts = self.n_history[key]
            vals = values[-n:] if n else values
            nums = counts[-n:] if n else counts
            total = sum(float(v) * c for v, c in zip(vals, nums))
            self.output[key] = total / sum(nums)
        self.ready = True


# one view per new-style runner
_VIEWS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def view_of(runner: Any) -> LegacyRunnerView:
    """The legacy view of a new-style runner (created on first use)."""
    if isinstance(runner, LegacyRunnerView):
        return runner
    view = _VIEWS.get(runner)
    if view is None:
        view = LegacyRunnerView(runner)
        _VIEWS[runner] = view
    return view


def attach_view(runner: Any, view: LegacyRunnerView) -> None:
    _VIEWS[runner] = view


class LegacyRunnerView:
    """What an MMCV 1.x hook sees as ``runner``.

    Counters (``epoch``, ``iter``, ``inner_iter``, ``max_epochs``,
    ``max_iters``) come from the legacy train loop when it runs (else from
    the new runner); ``outputs``, ``data_batch``, ``mode``, ``data_loader``
    are set per iteration; ``optimizer`` is the raw torch optimizer (or dict
    of them) the legacy code created; ``model`` the legacy model object;
    anything else (``message_hub``, ``visualizer``, ``timestamp``...) is the
    new runner's attribute.
    """

    def __init__(
        self,
        runner: Any = None,
        *,
        model: Any = None,
        optimizer: Any = None,
        logger: Any = None,
        meta: Optional[dict] = None,
        work_dir: Optional[str] = None,
    ) -> None:
        self.__dict__["_runner"] = runner
        self._model = model
        self._optimizer = optimizer
        self._logger = logger
        self.meta = meta
        self._work_dir = work_dir
        self.mode: Optional[str] = None
        self.data_loader: Any = None
        self.outputs: dict = {}
        self.data_batch: Any = None
        self._inner_iter = 0
        self.log_buffer = LogBuffer(self)
        self._loop: Any = None
        self._epoch0 = 0
        self._iter0 = 0

    # -- the new runner -----------------------------------------------------
    @property
    def new_runner(self) -> Any:
        """The new-style :class:`~mmcompat.runner.Runner` doing the work."""
        return self._runner

    def bind(self, runner: Any, loop: Any = None) -> None:
        self.__dict__["_runner"] = runner
        self._loop = loop
        attach_view(runner, self)

    def __getattr__(self, name: str) -> Any:
        runner = self.__dict__.get("_runner")
        if runner is None or name.startswith("__"):
            raise AttributeError(
                f"the legacy runner has no attribute {name!r} (before run())"
            )
        return getattr(runner, name)

    # -- counters -----------------------------------------------------------
    def _counter(self, name: str, default: int) -> int:
        loop = self._loop
        if loop is not None:
            return getattr(loop, name)
        runner = self.__dict__.get("_runner")
        if runner is not None and getattr(runner, "_train_loop", None) is not None:
            return getattr(runner, name)
        return default

    @property
    def epoch(self) -> int:
        return self._counter("epoch", self._epoch0)

    @property
    def iter(self) -> int:
        return self._counter("iter", self._iter0)

    @property
    def inner_iter(self) -> int:
        loop = self._loop
        return loop.inner_iter if loop is not None else self._inner_iter

    @property
    def max_epochs(self) -> Optional[int]:
        return self._loop.max_epochs if self._loop is not None else None

    @property
    def max_iters(self) -> Optional[int]:
        return self._loop.max_iters if self._loop is not None else None

    # MMCV's Hook.is_last_epoch/is_last_iter read the private names.
    _max_epochs = property(lambda self: self.max_epochs)
    _max_iters = property(lambda self: self.max_iters)
    _epoch = property(lambda self: self.epoch)
    _iter = property(lambda self: self.iter)

    # -- components ---------------------------------------------------------
    @property
    def model(self) -> Any:
        if self._model is not None:
            return self._model
        from mmcompat.runner.utils import unwrap_model

        return unwrap_model(self._runner.model)

    @property
    def optimizer(self) -> Any:
        if self._optimizer is not None:
            return self._optimizer
        wrapper = getattr(self._runner, "optim_wrapper", None)
        return getattr(wrapper, "optimizer", wrapper)

    @property
    def logger(self) -> Any:
        return self._logger if self._logger is not None else self._runner.logger

    @property
    def work_dir(self) -> Optional[str]:
        if self._work_dir is not None:
            return self._work_dir
        runner = self.__dict__.get("_runner")
        return runner.work_dir if runner is not None else None

    @property
    def rank(self) -> int:
        from mmcompat.dist import get_dist_info

        return get_dist_info()[0]

    @property
    def world_size(self) -> int:
        from mmcompat.dist import get_dist_info

        return get_dist_info()[1]

    @property
    def model_name(self) -> str:
        model = self.model
        return type(getattr(model, "module", model)).__name__

    @property
    def hooks(self) -> list:
        """The hooks in the order they run; a legacy hook is the object the
        script registered (``isinstance`` finds it, as in MMCV). Under an
        MMCV runner facade, its MMCV-style listing."""
        listing = self.__dict__.get("hook_listing")
        if listing is not None:
            return listing()
        runner = self.__dict__.get("_runner")
        if runner is None:
            return []
        return [getattr(hook, "legacy_hook", hook) for hook in runner.hooks]

    def current_lr(self) -> Any:
        """MMCV's ``runner.current_lr()``: lrs of every param group (a dict
        of lists for a dict of optimizers)."""
        return _group_values(self.optimizer, "lr")

    def current_momentum(self) -> Any:
        """MMCV's ``runner.current_momentum()`` (``betas[0]`` for Adam)."""

        def momentum(group: dict) -> float:
            if "momentum" in group:
                return group["momentum"]
            if "betas" in group:
                return group["betas"][0]
            return 0

        optimizer = self.optimizer
        if isinstance(optimizer, dict):
            return {
                k: [momentum(g) for g in o.param_groups] for k, o in optimizer.items()
            }
        return [momentum(g) for g in optimizer.param_groups]


def _group_values(optimizer: Any, key: str) -> Any:
    if isinstance(optimizer, dict):
        return {k: [g[key] for g in o.param_groups] for k, o in optimizer.items()}
    return [group[key] for group in optimizer.param_groups]
