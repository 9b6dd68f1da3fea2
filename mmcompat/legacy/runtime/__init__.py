"""Run legacy MMCV 1.x code unchanged on mmcompat's new-style runner.

=================  ==========================================================
module             idea
=================  ==========================================================
``aliases``        ``import mmcv...`` answered by an overlay on the
                   installed mmcv >= 2 (a ``sys.meta_path`` finder, active
                   inside :func:`legacy_aliases`; :func:`locate` is the one
                   resolution chain, ``mmcompat doctor`` uses it too)
``unavailable``    stand-ins for names that cannot be served, and the advice
``layer_registries`` ``CONV_LAYERS``... and ``mmcv.cnn.MODELS`` on MMCV 2.x's
                   ``MODELS``
``interop``        NumPy's removed aliases; MMEngine ``BaseModule`` children
                   initialised as legacy ones
``extras``         small MMCV 1.x helpers MMCV 2.x dropped (``jit``...)
``registry``       MMCV's ``Registry``, ``build_from_cfg``, ``obj_from_dict``
``checkpoint``     ``save_checkpoint``, ``load_checkpoint``, ``build_optimizer``
``parallel``       ``MMDataParallel``, ``DataContainer``, ``collate``
``device_parallel`` MMCV's MLU/NPU/MPS wrappers (``mmcv.device.mlu``...)
``fp16``           ``auto_fp16`` / ``force_fp32``
``utils``          ``get_logger``, ``mkdir_or_exist``, ``is_list_of``... (MMCV
                   signatures)
``runner``         ``EpochBasedRunner`` / ``IterBasedRunner`` facades
``loop``           MMCV's ``workflow`` as a train loop of the new runner
``hooks``          the legacy ``Hook`` base, ``HOOKS`` and the hook adapter
``model``          the legacy model adapter (``train_step(data, optimizer)``)
``state``          ``LogBuffer`` and the legacy runner view hooks receive
``script``         ``mmcompat run script.py``
``config``         ``mmcompat train legacy_cfg.py``
=================  ==========================================================

Unlike the rest of :mod:`mmcompat.legacy`, this package needs torch (it runs
models); ``aliases`` itself imports none until a shim is used.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "legacy_aliases": "aliases",
    "EpochBasedRunner": "runner",
    "IterBasedRunner": "runner",
    "BaseRunner": "runner",
    "Hook": "hooks",
    "HOOKS": "hooks",
    "LegacyHookAdapter": "hooks",
    "adapt_hook": "hooks",
    "LegacyModelAdapter": "model",
    "LegacyWorkflowLoop": "loop",
    "LegacyRunnerView": "state",
    "LogBuffer": "state",
    "run_script": "script",
    "train_legacy_config": "config",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = importlib.import_module(f"{__name__}.{_EXPORTS[name]}")
    return getattr(module, name)
