"""One training iteration with its two hook points, dispatched inline.

``runner.call_hook('before_train_iter', batch_idx=..., data_batch=...)``
packs its keyword arguments into a dict and unpacks it again for every
hook. The training loops run an iteration here instead: the hooks of both
points are called with the same keyword arguments written out (hooks are
still called by keyword, as MMEngine does, so a hook may name or reorder its
parameters), in the same order, with the same ``TypeError`` wrapping as
``Runner.call_hook``. A runner whose class or instance replaces
``call_hook`` gets its own ``call_hook`` called, as before.

A hook whose method would do nothing for the whole run (``Hook._idle_in_run``:
a ``CheckpointHook`` counting epochs, a ``ParamSchedulerHook`` without an
iteration-based scheduler) is left out of that point's calls, decided at the
run's first iteration (``HookList.run_callers``).
"""

from __future__ import annotations

from typing import Any

# runner class -> whether its ``call_hook`` is ``Runner.call_hook``
_PLAIN_CALL_HOOK: dict[type, bool] = {}


def _plain_call_hook(cls: type) -> bool:
    from .runner import Runner

    plain = _PLAIN_CALL_HOOK[cls] = getattr(cls, "call_hook", None) is Runner.call_hook
    return plain


def train_iter(runner: Any, batch_idx: int, data_batch: Any) -> None:
    """``before_train_iter`` hooks, ``model.train_step``, ``after_train_iter``
    hooks (given the step's outputs)."""
    plain = _PLAIN_CALL_HOOK.get(runner.__class__)
    if plain is None:
        plain = _plain_call_hook(runner.__class__)
    if not plain or "call_hook" in runner.__dict__:
        runner.call_hook(
            "before_train_iter", batch_idx=batch_idx, data_batch=data_batch
        )
        outputs = runner.model.train_step(
            data_batch, optim_wrapper=runner.optim_wrapper
        )
        runner.call_hook(
            "after_train_iter",
            batch_idx=batch_idx,
            data_batch=data_batch,
            outputs=outputs,
        )
        return
    hooks = runner._hooks
    callers = hooks._run_callers.get("before_train_iter")
    if callers is None:
        callers = hooks.run_callers("before_train_iter", runner)
    for hook in callers:
        try:
            hook.before_train_iter(runner, batch_idx=batch_idx, data_batch=data_batch)
        except TypeError as e:
            raise TypeError(f"{e} in {hook}") from None
    outputs = runner.model.train_step(data_batch, optim_wrapper=runner.optim_wrapper)
    # Looked up again: a hook may have registered hooks in the meantime.
    callers = hooks._run_callers.get("after_train_iter")
    if callers is None:
        callers = hooks.run_callers("after_train_iter", runner)
    for hook in callers:
        try:
            hook.after_train_iter(
                runner, batch_idx=batch_idx, data_batch=data_batch, outputs=outputs
            )
        except TypeError as e:
            raise TypeError(f"{e} in {hook}") from None
