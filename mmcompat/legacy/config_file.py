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

__all__ = ["MMCV_RESERVED_KEYS", "load_legacy_config", "merge_cfg_options"]

#: ``mmcv.utils.config.RESERVED_KEYS`` (1.7.2)
MMCV_RESERVED_KEYS = ("filename", "text", "pretty_text")


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
    from mmcompat.config.errors import ConfigKeyError
    from mmcompat.config.loader import load_file

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
    return merge_cfg_options(cfg_dict, cfg_options, path)


def merge_cfg_options(cfg: dict, cfg_options: dict | None, path: str) -> dict:
    """``cfg`` (of the file ``path``) with the dotted-key overrides
    ``cfg_options`` (``--cfg-options``) merged, list indices allowed, as
    ``Config.merge_from_dict``; plain dicts."""
    from mmcompat.config.config_dict import to_builtin
    from mmcompat.config.merge import merge_options

    if cfg_options:
        cfg = merge_options(cfg_options, cfg, filename=path)
    plain: Any = to_builtin(cfg)
    return plain
