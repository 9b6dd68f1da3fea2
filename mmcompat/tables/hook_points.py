"""Legacy MMCV 1.x hook points and what they became (read by the codemods
and the legacy hook adapter).

MMCV 1.x ``Hook`` had 14 points. Four of them were generic: the default
``before_train_epoch``/``before_val_epoch`` both called ``before_epoch``
(likewise ``after_epoch``, ``before_iter``, ``after_iter``), so a subclass
that defined ``before_epoch`` ran it for training AND validation. Every point
took only ``runner``; the iteration state lived on it (``runner.outputs``,
``runner.inner_iter``, ``runner.log_buffer``, ``runner.data_loader``).

MMEngine 0.10.7 has 22 points with explicit arguments
(``after_train_iter(runner, batch_idx, data_batch=None, outputs=None)``),
no generic points, and the iteration state moved to those arguments and to
``runner.message_hub`` / ``runner.optim_wrapper``.
"""

from __future__ import annotations

# generic legacy point -> the points MMCV dispatched it from (train, val)
SHARED_POINTS: dict[str, tuple[str, str]] = {
    "before_epoch": ("before_train_epoch", "before_val_epoch"),
    "after_epoch": ("after_train_epoch", "after_val_epoch"),
    "before_iter": ("before_train_iter", "before_val_iter"),
    "after_iter": ("after_train_iter", "after_val_iter"),
}

# The 22 MMEngine points, in MMEngine's order (``Hook.stages``), with their
# parameters after ``self``. ``mmcompat.hooks.Hook`` defines exactly these
# (tests/tables checks the core against this table).
NEW_SIGNATURES: dict[str, tuple[str, ...]] = {
    "before_run": ("runner",),
    "after_load_checkpoint": ("runner", "checkpoint"),
    "before_train": ("runner",),
    "before_train_epoch": ("runner",),
    "before_train_iter": ("runner", "batch_idx", "data_batch=None"),
    "after_train_iter": ("runner", "batch_idx", "data_batch=None", "outputs=None"),
    "after_train_epoch": ("runner",),
    "before_val": ("runner",),
    "before_val_epoch": ("runner",),
    "before_val_iter": ("runner", "batch_idx", "data_batch=None"),
    "after_val_iter": ("runner", "batch_idx", "data_batch=None", "outputs=None"),
    "after_val_epoch": ("runner", "metrics=None"),
    "after_val": ("runner",),
    "before_save_checkpoint": ("runner", "checkpoint"),
    "after_train": ("runner",),
    "before_test": ("runner",),
    "before_test_epoch": ("runner",),
    "before_test_iter": ("runner", "batch_idx", "data_batch=None"),
    "after_test_iter": ("runner", "batch_idx", "data_batch=None", "outputs=None"),
    "after_test_epoch": ("runner", "metrics=None"),
    "after_test": ("runner",),
    "after_run": ("runner",),
}
NEW_POINTS: tuple[str, ...] = tuple(NEW_SIGNATURES)

# Points a legacy hook could define (MMCV 1.7.2 ``Hook`` methods); those
# with a changed signature take ``(self, runner)`` in legacy code.
LEGACY_POINTS: tuple[str, ...] = (
    "before_run",
    "after_run",
    "before_epoch",
    "after_epoch",
    "before_iter",
    "after_iter",
    "before_train_epoch",
    "before_val_epoch",
    "after_train_epoch",
    "after_val_epoch",
    "before_train_iter",
    "before_val_iter",
    "after_train_iter",
    "after_val_iter",
)


def phase_of(point: str) -> str | None:
    """``"train"``, ``"val"`` or ``"test"`` for a phase-specific point."""
    for phase in ("train", "val", "test"):
        if f"_{phase}_" in f"_{point}_":
            return phase
    return None


def is_iter_point(point: str) -> bool:
    return point.endswith("_iter")


def signature_changed(point: str) -> bool:
    """Legacy ``(self, runner)`` is not the new signature of ``point``."""
    return NEW_SIGNATURES.get(point, ("runner",)) != ("runner",)


# Runner attributes that moved. ``outputs``/``inner_iter`` became arguments
# of the iteration points (handled by the codemod, not by renaming).
RUNNER_ATTRIBUTES: dict[str, str] = {
    "optimizer": "optim_wrapper",
}
# Attributes of a raw torch optimizer: ``runner.optimizer.param_groups``
# becomes ``runner.optim_wrapper.optimizer.param_groups``.
RAW_OPTIMIZER_ATTRIBUTES: frozenset[str] = frozenset(
    {"param_groups", "state", "defaults", "add_param_group"}
)
# Runner attributes with no direct new-style equivalent.
RUNNER_ATTRIBUTES_GONE: dict[str, str] = {
    "log_buffer": "runner.log_buffer is gone: use runner.message_hub "
    "(update_scalar(key, value) / get_scalar(key).current())",
    "mode": "runner.mode is gone: the point itself says the phase "
    "(after_train_iter vs after_val_iter)",
    "meta": "runner.meta is gone: use runner.message_hub.get_info/update_info",
    "outputs": "runner.outputs is gone: use the `outputs` argument of after_*_iter",
    "inner_iter": "runner.inner_iter is gone: use the `batch_idx` argument of "
    "the *_iter points",
    "data_loader": "runner.data_loader is gone: use runner.train_dataloader / "
    "runner.val_dataloader",
}
# Keys of MMCV's train_step outputs dict; MMEngine's ``outputs`` is the
# parsed ``log_vars`` dict itself (``outputs['loss']`` is the total loss).
LEGACY_OUTPUT_KEYS: dict[str, str] = {"log_vars": "", "loss": "loss"}

# Hook helper methods whose signature or name changed.
HELPER_RENAMES: dict[str, str] = {
    "is_last_epoch": "is_last_train_epoch",
    "is_last_iter": "is_last_train_iter",
}

# ``runner.register_*`` helpers of MMCV's BaseRunner that MMEngine's Runner
# does not have (it keeps register_hook, register_hooks,
# register_default_hooks and register_custom_hooks), replaced by Runner
# arguments (default_hooks / custom_hooks / optim_wrapper / param_scheduler).
RUNNER_REGISTER_HELPERS: dict[str, str] = {
    "register_lr_hook": "param_scheduler=[...] (Runner argument)",
    "register_momentum_hook": "param_scheduler=[...] (Runner argument)",
    "register_optimizer_hook": "optim_wrapper=dict(...) (Runner argument)",
    "register_checkpoint_hook": "default_hooks=dict(checkpoint=dict("
    "type='CheckpointHook', ...))",
    "register_logger_hooks": "default_hooks=dict(logger=dict(type='LoggerHook',"
    " interval=...)) and visualizer vis_backends",
    "register_timer_hook": "default_hooks=dict(timer=dict(type='IterTimerHook'))",
    "register_profiler_hook": "custom_hooks=[dict(type='ProfilerHook', ...)]",
    "register_hook_from_cfg": "custom_hooks=[...] or runner.register_hook",
}
