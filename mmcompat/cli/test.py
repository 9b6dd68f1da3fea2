"""`mmcompat test`: evaluate a checkpoint with a new-style config.

    mmcompat test CONFIG CHECKPOINT [--work-dir DIR] [--launcher ...]
                                    [--cfg-options KEY=VALUE ...]

Loads CHECKPOINT into the config's model, runs ``test_dataloader`` through
``test_evaluator`` and prints the metrics (as MMEngine's ``tools/test.py``).
"""

from __future__ import annotations

import argparse

HELP = "evaluate a checkpoint with a new-style config"
DESCRIPTION = __doc__


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from .train import add_common_arguments

    add_common_arguments(parser)
    parser.add_argument("checkpoint", help="the checkpoint file to evaluate")


def run(args: argparse.Namespace) -> int:
    import os.path as osp

    from .train import build_runner, fail, load_config

    if not osp.isfile(args.checkpoint):
        return fail(f"checkpoint file {args.checkpoint} does not exist")
    cfg = load_config(args)
    if isinstance(cfg, int):
        return cfg
    if cfg.get("test_dataloader") is None:
        return fail(f"{args.config} has no test_dataloader/test_cfg/test_evaluator")
    cfg.load_from = args.checkpoint
    cfg.resume = False
    try:
        runner = build_runner(cfg)
    except (KeyError, ValueError, TypeError) as e:
        return fail(f"{args.config}: {e.args[0] if len(e.args) == 1 else e}")
    metrics = runner.test()
    for name, value in metrics.items():
        print(f"{name}: {value}")
    return 0
