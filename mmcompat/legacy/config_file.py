"""Reading a legacy config file the way ``mmcv.Config.fromfile`` (1.7.2) does.

mmcompat's :class:`~mmcompat.config.Config` reads files with MMEngine
0.10.7's semantics. MMCV 1.7.2 differs in two ways a real config can meet:

- MMCV has no environment-variable templates: ``'{{$DATA:data/coco}}'``
  stays that very string (MMEngine replaces it with ``$DATA`` or the
  default);
- MMCV reserves only ``filename``, ``text`` and ``pretty_text`` as key
  names; ``env_variables`` is an ordinary key (MMEngine refuses it).

Everything else (``_base_`` merging, ``_delete_``, ``{{_base_.x}}``,
``{{fileDirname}}``, ``custom_imports``) is the same in both, so the same
loader reads the file with the environment substitution switched off.
Errors are :class:`~mmcompat.config.ConfigError` naming file and key.
No torch.
"""

from __future__ import annotations

from typing import Any

__all__ = ["LEGACY_KEYS", "MMCV_RESERVED_KEYS", "load_legacy_config", "legacy_keys"]

#: Top-level keys that only MMCV 1.x configs have.
LEGACY_KEYS = (
    "lr_config",
    "optimizer_config",
    "momentum_config",
    "log_config",
    "checkpoint_config",
    "evaluation",
    "workflow",
    "runner",
    "total_epochs",
    "resume_from",
    "data",
)

#: ``mmcv.utils.config.RESERVED_KEYS`` (1.7.2)
MMCV_RESERVED_KEYS = ("filename", "text", "pretty_text")


def legacy_keys(cfg: dict) -> list[str]:
    """The MMCV 1.x keys of a loaded config (empty: a new-style config)."""
    return [key for key in LEGACY_KEYS if key in cfg]


def load_legacy_config(
    path: str,
    *,
    import_custom_modules: bool = False,
    cfg_options: dict | None = None,
) -> dict:
    """The merged config of ``path`` as plain dicts, as MMCV 1.7.2 loads it.

    Args:
        path: the config file (``.py``, ``.json``, ``.yaml``/``.yml``).
        import_custom_modules: import the modules of ``custom_imports``
            (before ``cfg_options`` are merged: ``Config.fromfile`` imports,
            then ``tools/train.py`` merges).
        cfg_options: dotted-key overrides (``--cfg-options``), merged with
            list indices allowed, as ``Config.merge_from_dict``.
    """
    from mmcompat.config.config import run_custom_imports
    from mmcompat.config.config_dict import to_builtin
    from mmcompat.config.errors import ConfigKeyError
    from mmcompat.config.loader import load_file
    from mmcompat.config.merge import merge_options

    cfg_dict, _, _ = load_file(
        path, use_predefined_variables=True, use_environment_variables=False
    )
    for key in MMCV_RESERVED_KEYS:
        if key in cfg_dict:
            raise ConfigKeyError(
                "is reserved (MMCV 1.x: filename, text and pretty_text are "
                "Config attributes) and cannot be a config key",
                filename=path,
                key=key,
            )
    if import_custom_modules:
        run_custom_imports(cfg_dict, path)
    if cfg_options:
        cfg_dict = merge_options(cfg_options, cfg_dict, filename=path)
    plain: Any = to_builtin(cfg_dict)
    return plain
