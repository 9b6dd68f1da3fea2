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
    return forward_only_both(module, module)


def forward_only_both(first: nn.Module, second: nn.Module) -> bool:
    """``forward_only(first) and forward_only(second)``, with the global
    hooks and the tracing state checked once.

    Reads each module's ``__dict__`` directly: attribute access on a module
    goes through ``nn.Module.__getattr__``'s slower lookup.
    """
    own, other = first.__dict__, second.__dict__
    try:
        return not (
            type(first).__call__ is not _MODULE_CALL
            or type(second).__call__ is not _MODULE_CALL
            or own["_forward_hooks"]
            or own["_forward_pre_hooks"]
            or own["_backward_hooks"]
            or own["_backward_pre_hooks"]
            or own.get("_compiled_call_impl") is not None
            or other["_forward_hooks"]
            or other["_forward_pre_hooks"]
            or other["_backward_hooks"]
            or other["_backward_pre_hooks"]
            or other.get("_compiled_call_impl") is not None
            or _module._global_backward_pre_hooks
            or _module._global_backward_hooks
            or _module._global_forward_hooks
            or _module._global_forward_pre_hooks
            or _tracing_state()
        )
    except KeyError:  # a module whose ``nn.Module.__init__`` did not run
        return False


def call_module(module: nn.Module, *args: Any, **kwargs: Any) -> Any:
    """``module(*args, **kwargs)``, skipping ``__call__`` when it would only
    call ``forward``."""
    if forward_only(module):
        return module.forward(*args, **kwargs)
    return module(*args, **kwargs)
