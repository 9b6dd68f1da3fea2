"""``call_module``: ``module(*args, **kwargs)`` minus ``nn.Module.__call__``.

A training step calls two modules per iteration besides the network itself:
the data preprocessor and the model (``mode='loss'``). With no hook
registered, ``nn.Module.__call__`` only checks for hooks and calls
``forward``, through two Python frames that repack the arguments. When the
same checks find nothing to do, ``call_module`` calls ``forward`` directly;
otherwise (any module or global hook, a compiled module, JIT tracing, a
class with its own ``__call__``) it calls the module as usual. The result is
the same either way.
"""

from __future__ import annotations

from typing import Any

import torch
import torch.nn as nn
from torch.nn.modules import module as _module

_MODULE_CALL = nn.Module.__call__
_tracing_state = torch._C._get_tracing_state


def forward_only(module: nn.Module) -> bool:
    """Whether ``module(...)`` would only call ``module.forward(...)``: no
    module or global hook, no compiled module, no JIT tracing, no class with
    its own ``__call__``."""
    return (
        type(module).__call__ is _MODULE_CALL
        and not (
            module._forward_hooks
            or module._forward_pre_hooks
            or module._backward_hooks
            or module._backward_pre_hooks
        )
        and module.__dict__.get("_compiled_call_impl") is None
        and not (
            _module._global_backward_pre_hooks
            or _module._global_backward_hooks
            or _module._global_forward_hooks
            or _module._global_forward_pre_hooks
        )
        and not _tracing_state()
    )


def call_module(module: nn.Module, *args: Any, **kwargs: Any) -> Any:
    """``module(*args, **kwargs)``, skipping ``__call__`` when it would only
    call ``forward``."""
    if forward_only(module):
        return module.forward(*args, **kwargs)
    return module(*args, **kwargs)
