"""`mmcompat train`: train a new-style (MMEngine-style) or legacy MMCV 1.x config.

    mmcompat train CONFIG [--work-dir DIR] [--resume [CHECKPOINT]]
                          [--amp] [--auto-scale-lr] [--launcher none|pytorch|slurm|mpi]
                          [--cfg-options KEY=VALUE ...]

As MMEngine's ``tools/train.py``: the work directory is ``--work-dir``, else
the config's ``work_dir``, else ``./work_dirs/<config name>``; ``--resume``
alone resumes from the latest checkpoint of the work directory.
Legacy MMCV 1.x configs (``lr_config``, ``optimizer_config``, ``runner``...)
are translated and trained as MMCV 1.x would (the user's legacy package comes
from ``custom_imports`` or ``--import MODULE``); see
``mmcompat.legacy.runtime.config``.
"""

from __future__ import annotations

import argparse
import os
import os.path as osp
import sys
from typing import Any

HELP = "train a legacy MMCV 1.x or new-style config"
DESCRIPTION = __doc__


def add_common_arguments(parser: argparse.ArgumentParser) -> None:
    from mmcompat.config import DictAction

    parser.add_argument("config", help="the config file (.py, .json or .yaml)")
    parser.add_argument("--work-dir", help="where logs and checkpoints go")
    parser.add_argument(
        "--cfg-options",
        nargs="+",
        action=DictAction,
        default={},
        metavar="KEY=VALUE",
        help="override config values, e.g. train_cfg.max_epochs=3",
    )
    parser.add_argument(
        "--launcher",
        choices=["none", "pytorch", "slurm", "mpi"],
        default="none",
        help="how the processes were launched (pytorch: torchrun)",
    )
    parser.add_argument(
        "--local_rank", "--local-rank", type=int, default=0, help=argparse.SUPPRESS
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_common_arguments(parser)
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


def fail(message: str) -> int:
    print(f"mmcompat: {message}", file=sys.stderr)
    return 2


def load_config(args: argparse.Namespace) -> Any:
    """The config with the command-line overrides applied; an int exit code
    when it cannot be used."""
    from mmcompat.config import Config, ConfigError
    from mmcompat.tables.config_keys import legacy_keys_in

    if not osp.isfile(args.config):
        return fail(f"config file {args.config} does not exist")
    try:
        cfg = Config.fromfile(args.config)
        if args.cfg_options:
            cfg.merge_from_dict(args.cfg_options)
    except ConfigError as e:
        return fail(str(e))
    legacy = legacy_keys_in(cfg)
    if legacy:
        return fail(
            f"{args.config} is a legacy MMCV 1.x config (it has "
            f"{', '.join(legacy)}); legacy configs need translation: run "
            f"`mmcompat convert {args.config}` and train the converted config"
        )
    if "model" not in cfg:
        return fail(f"{args.config} has no `model`; is it a training config?")
    os.environ.setdefault("LOCAL_RANK", str(args.local_rank))
    cfg.launcher = args.launcher
    set_work_dir(args, cfg)
    return cfg


def set_work_dir(args: argparse.Namespace, cfg: Any) -> None:
    """``--work-dir``, else the config's ``work_dir``, else
    ``./work_dirs/<config name>``."""
    if args.work_dir is not None:
        cfg.work_dir = args.work_dir
    elif cfg.get("work_dir") is None:
        cfg.work_dir = osp.join(
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
    """The config at ``args.config`` if it is a legacy MMCV 1.x config, with
    the command-line overrides and the work directory applied (its
    ``custom_imports`` not imported: the legacy runtime imports them under
    the legacy aliases); None when it is not one or cannot be read (the
    normal loading reports that); an int exit code when the overrides do
    not apply."""
    from mmcompat.config import Config, ConfigError
    from mmcompat.tables.config_keys import legacy_keys_in

    if not osp.isfile(args.config):
        return None
    try:
        cfg = Config.fromfile(args.config, import_custom_modules=False)
    except Exception:
        return None
    if not legacy_keys_in(cfg):
        return None
    if args.cfg_options:
        try:
            cfg.merge_from_dict(args.cfg_options)
        except ConfigError as e:
            return fail(str(e))
    set_work_dir(args, cfg)
    return cfg


def run(args: argparse.Namespace) -> int:
    legacy_cfg = legacy_config_of(args)
    if isinstance(legacy_cfg, int):
        return legacy_cfg
    if legacy_cfg is not None:
        from mmcompat.legacy.runtime.config import train_legacy_config

        return train_legacy_config(args, legacy_cfg)
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
        return fail(f"{args.config}: {e.args[0] if len(e.args) == 1 else e}")
    runner.train()
    return 0
