"""`mmcompat test`: evaluate a checkpoint with a new-style config.

    mmcompat test CONFIG CHECKPOINT [--work-dir DIR] [--launcher ...]
                                    [--path DIR ...] [--cfg-options KEY=VALUE ...]

Loads CHECKPOINT into the config's model, runs ``test_dataloader`` through
``test_evaluator`` and prints the metrics (as MMEngine's ``tools/test.py``).
``--path DIR`` puts the project first on ``sys.path``, as for ``train``.
"""

from __future__ import annotations

import argparse

HELP = "evaluate a checkpoint with a new-style config"
DESCRIPTION = __doc__


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from .train import add_common_arguments

    add_common_arguments(
        parser,
        work_dir_help="where the test log goes (default: the config's "
        "work_dir, else ./work_dirs/<config name>); the checkpoint is only read",
        cfg_options_example="test_dataloader.batch_size=8 test_evaluator.type=MyMetric",
    )
    parser.add_argument("checkpoint", help="the checkpoint file to evaluate")


def run(args: argparse.Namespace) -> int:
    import os.path as osp

    from .common import project_paths
    from .train import fail, with_legacy_overlay

    if not osp.isfile(args.checkpoint):
        return fail(f"{args.checkpoint}: checkpoint file does not exist", "test")
    with project_paths(args.path):
        return with_legacy_overlay(args, _test, "test")


def _test(args: argparse.Namespace) -> int:
    from .train import build_runner, config_error_message, fail, load_config

    cfg = load_config(args, "test")
    if isinstance(cfg, int):
        return cfg
    if cfg.get("test_dataloader") is None:
        return fail(
            f"{args.config} has no test_dataloader/test_cfg/test_evaluator", "test"
        )
    cfg.load_from = args.checkpoint
    cfg.resume = False
    try:
        runner = build_runner(cfg)
    except (KeyError, ValueError, TypeError) as e:
        return fail(config_error_message(args.config, e, cfg.to_dict()), "test")
    metrics = runner.test()
    for name, value in metrics.items():
        print(f"{name}: {value}")
    return 0
