"""`mmcompat train`: train a new-style (MMEngine-style) or legacy MMCV 1.x config.

    mmcompat train CONFIG [--work-dir DIR] [--resume [CHECKPOINT]]
                          [--amp] [--auto-scale-lr] [--launcher none|pytorch|slurm|mpi]
                          [--path DIR ...] [--cfg-options KEY=VALUE ...]

As MMEngine's ``tools/train.py``: the work directory is ``--work-dir``, else
the config's ``work_dir``, else ``./work_dirs/<config name>``; ``--resume``
alone resumes from the latest checkpoint of the work directory. A new-style
config whose ``custom_imports`` are code written against
MMCV 1.x (a library's ``LrUpdaterHook`` subclass that a converted
``MMCVLrPolicy`` runs, say) trains with those modules imported under the
legacy overlay, as ``mmcompat run`` would import them; it says so once.
Legacy MMCV 1.x configs (``lr_config``, ``optimizer_config``, ``runner``...)
are read as MMCV 1.7.2 reads them, translated and trained as MMCV 1.x would
(the user's legacy package comes from ``custom_imports`` or ``--import
MODULE``); see ``mmcompat.legacy.runtime.config``. ``--path DIR`` puts the
project (the directory its ``custom_imports`` modules live in) first on
``sys.path``, like PYTHONPATH.
"""

from __future__ import annotations

import argparse
import os
import os.path as osp
import sys
from typing import Any

from .common import (
    explain_import_failure,
    int_at_least,
    key_of_type,
    missing_mmcv,
    project_paths,
)

HELP = "train a legacy MMCV 1.x or new-style config"
DESCRIPTION = __doc__


def add_common_arguments(
    parser: argparse.ArgumentParser, *, work_dir_help: str, cfg_options_example: str
) -> None:
    """The arguments ``train`` and ``test`` share (help texts per command)."""
    from mmcompat.config import DictAction

    from .common import add_mmcv_version_argument, add_path_argument

    parser.add_argument("config", help="the config file (.py, .json or .yaml)")
    parser.add_argument("--work-dir", metavar="DIR", help=work_dir_help)
    parser.add_argument(
        "--cfg-options",
        nargs="+",
        action=DictAction,
        default={},
        metavar="KEY=VALUE",
        help=f"override config values, e.g. {cfg_options_example}",
    )
    parser.add_argument(
        "--launcher",
        choices=["none", "pytorch", "slurm", "mpi"],
        default="none",
        help="how the processes were launched (pytorch: torchrun)",
    )
    add_path_argument(parser)
    add_mmcv_version_argument(parser)
    parser.add_argument(
        "--local_rank",
        "--local-rank",
        type=int_at_least(0),
        default=0,
        help=argparse.SUPPRESS,
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_common_arguments(
        parser,
        work_dir_help="where logs, checkpoints and the config copy go (default: "
        "the config's work_dir, else ./work_dirs/<config name>)",
        cfg_options_example="train_cfg.max_epochs=3 optim_wrapper.optimizer.lr=0.01",
    )
    parser.add_argument(
        "--resume",
        nargs="?",
        const="auto",
        metavar="CHECKPOINT",
        help="resume from CHECKPOINT, or from the latest one in the work dir",
    )
    parser.add_argument(
        "--amp", action="store_true", help="mixed precision (AmpOptimWrapper)"
    )
    parser.add_argument(
        "--import",
        dest="imports",
        action="append",
        default=[],
        metavar="MODULE",
        help="import MODULE first (a legacy config's own package)",
    )
    parser.add_argument(
        "--auto-scale-lr",
        action="store_true",
        help="scale the lr by the real batch size",
    )


def fail(message: str, command: str = "train") -> int:
    print(f"mmcompat {command}: {message}", file=sys.stderr)
    return 2


def config_error_message(
    config: str, error: Exception, cfg: Any = None, legacy: bool = False
) -> str:
    """One line for a bad config: the file, the key, what was expected.

    ``cfg`` (the loaded config as dicts, if any) lets an unknown ``type``
    be named by its key; ``legacy``: a legacy config (the MMCV 1.x aliases
    were active while its modules imported).
    """
    from mmcompat.config import ConfigImportError
    from mmcompat.legacy.report import TranslationError
    from mmcompat.registry import NotRegisteredError

    if isinstance(error, TranslationError):
        return (
            f"{config}: {error.key}: {error.message} (a legacy MMCV 1.x config: "
            f"`mmcompat convert {config}` shows its whole translation)"
        )
    if isinstance(error, ConfigImportError) and error.module:
        key = error.key or "--import"
        cause = error.__cause__ or error
        return f"{config}: {key}: {explain_import_failure(error.module, cause, legacy)}"
    if isinstance(error, NotRegisteredError):
        key = key_of_type(cfg, error.name) if cfg is not None else None
        return f"{config}: {key + ': ' if key else ''}{error.message}"
    if isinstance(error, KeyError) and len(error.args) == 1:
        return f"{config}: {error.args[0]}"
    return f"{config}: {error}"


def load_config(args: argparse.Namespace, command: str = "train") -> Any:
    """The config with the command-line overrides applied; an int exit code
    when it cannot be used."""
    from mmcompat.config import Config, ConfigError, ConfigImportError
    from mmcompat.tables.config_keys import legacy_keys_in

    if not osp.isfile(args.config):
        return fail(f"{args.config}: config file does not exist", command)
    try:
        cfg = Config.fromfile(args.config)
        if args.cfg_options:
            cfg.merge_from_dict(args.cfg_options)
    except ConfigImportError as e:
        from mmcompat.legacy.runtime.aliases import overlay_active

        overlay = overlay_active()
        if missing_mmcv(e.__cause__ or e) and not overlay:
            raise NeedsLegacyOverlay(e.module) from e
        return fail(config_error_message(args.config, e, legacy=overlay), command)
    except ConfigError as e:
        return fail(str(e), command)
    legacy = legacy_keys_in(cfg)
    if legacy:
        return fail(
            f"{args.config} is a legacy MMCV 1.x config (it has "
            f"{', '.join(legacy)}); legacy configs need translation: run "
            f"`mmcompat convert {args.config}` and {command} the converted config",
            command,
        )
    if "model" not in cfg:
        return fail(f"{args.config} has no `model`; is it a training config?", command)
    os.environ.setdefault("LOCAL_RANK", str(args.local_rank))
    cfg.launcher = args.launcher
    set_work_dir(args, cfg)
    return cfg


class NeedsLegacyOverlay(Exception):
    """A custom module of a new-style config imports the MMCV 1.x API."""

    def __init__(self, module: str) -> None:
        super().__init__(module)
        self.module = module


def with_legacy_overlay(args: argparse.Namespace, train: Any, command: str) -> int:
    """``train(args)``; when the config's custom modules import the MMCV 1.x
    API, again with them imported under the legacy overlay (the module that
    failed was not kept by Python's import system; the ones imported before
    it stay, with what they registered)."""
    try:
        return train(args)
    except NeedsLegacyOverlay as e:
        from mmcompat.legacy.runtime.aliases import legacy_aliases

        print(
            f"mmcompat {command}: custom module {e.module!r} uses the MMCV 1.x "
            "API: imported under the legacy overlay (as `mmcompat run` does)",
            file=sys.stderr,
        )
        with legacy_aliases(args.mmcv_version):
            return train(args)


def set_work_dir(args: argparse.Namespace, cfg: Any) -> None:
    """``--work-dir``, else the config's ``work_dir``, else
    ``./work_dirs/<config name>``."""
    if args.work_dir is not None:
        cfg["work_dir"] = args.work_dir
    elif cfg.get("work_dir") is None:
        cfg["work_dir"] = osp.join(
            "./work_dirs", osp.splitext(osp.basename(args.config))[0]
        )


def checkpoint_exists(path: str) -> bool:
    """A local checkpoint file exists; a URL is left to the loading."""
    return "://" in path or osp.isfile(osp.expanduser(path))


def build_runner(cfg: Any) -> Any:
    from mmcompat.registry import RUNNERS
    from mmcompat.runner import Runner

    if "runner_type" in cfg:
        return RUNNERS.build(cfg)
    return Runner.from_cfg(cfg)


def legacy_config_of(args: argparse.Namespace) -> Any:
    """The config at ``args.config`` if it is a legacy MMCV 1.x config, read
    once as MMCV 1.7.2 reads it (plain dicts), with the command-line
    overrides and the work directory applied; its ``custom_imports`` not
    imported (the legacy runtime imports them under the legacy aliases).
    None when it is not one or cannot be read (the normal loading reports
    that); an int exit code when a legacy config cannot be used."""
    from mmcompat.config import Config, ConfigError
    from mmcompat.legacy.config_file import load_legacy_config, merge_cfg_options
    from mmcompat.tables.config_keys import legacy_keys_in

    if not osp.isfile(args.config):
        return None
    try:
        cfg = load_legacy_config(args.config)
    except ConfigError as e:
        # a file MMCV 1.7.2 cannot read: is it a legacy config to MMEngine?
        try:
            mmengine_cfg = Config.fromfile(args.config, import_custom_modules=False)
        except Exception:
            return None
        if not legacy_keys_in(mmengine_cfg):
            return None
        return fail(config_error_message(args.config, e, legacy=True))
    except Exception:
        return None
    if not legacy_keys_in(cfg):
        return None
    try:
        cfg = merge_cfg_options(cfg, args.cfg_options, args.config)
    except ConfigError as e:
        return fail(config_error_message(args.config, e, legacy=True))
    set_work_dir(args, cfg)
    return cfg


def run(args: argparse.Namespace) -> int:
    with project_paths(args.path):
        legacy_cfg = legacy_config_of(args)
        if isinstance(legacy_cfg, int):
            return legacy_cfg
        if legacy_cfg is not None:
            return _train_legacy(args, legacy_cfg)
        return with_legacy_overlay(args, _train, "train")


def _train_legacy(args: argparse.Namespace, cfg: dict) -> int:
    from mmcompat.config import ConfigError
    from mmcompat.legacy.report import TranslationError
    from mmcompat.legacy.runtime.config import train_legacy_config
    from mmcompat.registry import NotRegisteredError

    problem = _untrainable(cfg)
    if problem is not None:
        return fail(f"{args.config}: {problem}")
    try:
        return train_legacy_config(args, cfg)
    except (ConfigError, TranslationError) as e:
        return fail(config_error_message(args.config, e, legacy=True))
    except NotRegisteredError as e:
        return fail(config_error_message(args.config, e, cfg, legacy=True))


def _untrainable(cfg: dict) -> str | None:
    """``key: problem`` for a legacy value the legacy runtime cannot train
    with (MMCV 1.x failed on it with a traceback), else None."""
    from mmcompat.legacy.translate.data import data_value_problems
    from mmcompat.legacy.translate.loop import (
        EPOCH_RUNNERS,
        ITER_RUNNERS,
        unknown_runner_type,
    )

    runner_type = unknown_runner_type(cfg)
    if runner_type is not None:
        return (
            f"runner.type: {runner_type!r} is not an MMCV runner; expected one "
            f"of {', '.join(EPOCH_RUNNERS + ITER_RUNNERS)} (a script that builds "
            "its own runner runs with `mmcompat run`)"
        )
    for key, problem in data_value_problems(cfg.get("data")):
        return f"{key}: {problem}"
    return None


def _train(args: argparse.Namespace) -> int:
    cfg = load_config(args)
    if isinstance(cfg, int):
        return cfg
    if args.amp:
        optim_wrapper = cfg.get("optim_wrapper") or {}
        if optim_wrapper.get("type", "OptimWrapper") in (
            "OptimWrapper",
            "AmpOptimWrapper",
        ):
            optim_wrapper["type"] = "AmpOptimWrapper"
            optim_wrapper.setdefault("loss_scale", "dynamic")
    if args.auto_scale_lr:
        if "auto_scale_lr" not in cfg or "base_batch_size" not in cfg.auto_scale_lr:
            return fail(
                "--auto-scale-lr needs auto_scale_lr.base_batch_size in the config"
            )
        cfg.auto_scale_lr.enable = True
    if args.resume == "auto":
        cfg.resume = True
        cfg.load_from = None
    elif args.resume is not None:
        cfg.resume = True
        cfg.load_from = args.resume
    if (
        cfg.get("resume")
        and cfg.get("load_from")
        and not checkpoint_exists(cfg.load_from)
    ):
        return fail(f"checkpoint file {cfg.load_from} to resume from does not exist")
    try:
        runner = build_runner(cfg)
    except (KeyError, ValueError, TypeError) as e:
        return fail(config_error_message(args.config, e, cfg.to_dict()))
    runner.train()
    return 0
