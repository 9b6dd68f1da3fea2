"""``mmcompat train legacy_cfg.py``: a legacy MMCV 1.x config, trained.

The config is loaded with the legacy import aliases active (its
``custom_imports`` -- or ``--import MODULE`` -- may import a legacy package
that does ``from mmcv.runner import HOOKS``), translated by
:func:`~mmcompat.legacy.translate.translate` (its report summary goes to
stderr), and trained the way an MMCV 1.x ``tools/train.py`` would: the
model and datasets are built from the user's legacy registries, the
optimizer from ``optimizer``, and an ``EpochBasedRunner`` /
``IterBasedRunner`` facade runs the ``workflow`` with the hook configs.
The translation supplies the training length and the data loader settings
(``data.samples_per_gpu`` ...); workflow ``val`` phases use ``data.val``
with the train loader's settings, as mmdet's ``train_detector`` did.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

__all__ = ["train_legacy_config"]


def _find_type(type_name: str, hint: str) -> Any:
    """A legacy class by name: the user's legacy registries (those whose
    name contains ``hint`` first), then mmcompat's root registries."""
    from mmcompat import registry as roots

    from .compat import CREATED_REGISTRIES

    ordered = sorted(CREATED_REGISTRIES, key=lambda r: hint not in r.name)
    for registry in ordered:
        found = registry.get(type_name)
        if found is not None:
            return found
    root = roots.MODELS if hint == "model" else roots.DATASETS
    found = root.get(type_name)
    if found is None:
        raise roots.NotRegisteredError(
            type_name,
            f"{type_name!r} is in no legacy registry (checked "
            f"{[r.name for r in ordered]} and mmcompat's); import the package "
            "defining it with custom_imports or --import",
        )
    return found


def _build(cfg: dict, hint: str) -> Any:
    cfg = dict(cfg)
    obj_type = cfg.pop("type")
    cls = _find_type(obj_type, hint) if isinstance(obj_type, str) else obj_type
    return cls(**cfg)


def _loader(loader_cfg: dict, dataset: Any, seed: Any) -> Any:
    from mmcompat.runner import Runner

    # the translated loader settings, collate_fn included (MMCV's stacking
    # collate, see mmcompat.legacy.translate.data): one mapping, not two
    return Runner.build_dataloader(dict(loader_cfg, dataset=dataset), seed=seed)


def train_legacy_config(args: Any, legacy_keys: list[str]) -> int:
    """Train the legacy config named by ``args.config``; an exit code.

    A config that cannot be loaded or translated raises
    :class:`~mmcompat.config.ConfigError` /
    :class:`~mmcompat.legacy.report.TranslationError`, an unknown ``type``
    :class:`~mmcompat.registry.NotRegisteredError`: ``mmcompat train``
    turns each into one line.
    """
    from mmcompat.config import ConfigImportError
    from mmcompat.legacy.config_file import load_legacy_config
    from mmcompat.legacy.translate import translate

    from .aliases import legacy_aliases

    cwd_on_path = os.getcwd() not in sys.path
    if cwd_on_path:
        sys.path.insert(0, os.getcwd())
    try:
        with legacy_aliases():
            for module in getattr(args, "imports", None) or []:
                try:
                    importlib.import_module(module)
                except ImportError as exc:
                    error = ConfigImportError(f"--import {module} failed: {exc}")
                    error.module = module
                    raise error from exc
            # read as mmcv.Config.fromfile (1.7.2) reads it, then merged
            cfg = load_legacy_config(
                args.config, import_custom_modules=True, cfg_options=args.cfg_options
            )
            new_cfg, report = translate(cfg, source=args.config)
            _print_summary(report)
            return _train(args, cfg, new_cfg)
    finally:
        if cwd_on_path and os.getcwd() in sys.path:
            sys.path.remove(os.getcwd())


def _print_summary(report: Any) -> None:
    counts: dict[str, int] = {}
    for finding in report.findings:
        counts[finding.kind] = counts.get(finding.kind, 0) + 1
    parts = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items()))
    print(f"mmcompat: legacy config translated ({parts})", file=sys.stderr)
    for finding in report.findings:
        if finding.kind != "translated":
            print(
                f"  {finding.kind}: {finding.key}: {finding.message}", file=sys.stderr
            )


def _train(args: Any, legacy: dict, new_cfg: dict) -> int:
    import os.path as osp

    from .compat import build_optimizer, set_random_seed
    from .runner import EpochBasedRunner, IterBasedRunner

    for key in ("model", "optimizer", "data"):
        if key not in legacy:
            print(
                f"mmcompat: {args.config} is a legacy MMCV 1.x config without "
                f"`{key}`; it cannot be trained (see `mmcompat convert {args.config}`)",
                file=sys.stderr,
            )
            return 2
    seed = legacy.get("seed")
    if seed is not None:
        set_random_seed(seed, deterministic=legacy.get("deterministic", False))
    model = _build(legacy["model"], "model")
    optimizer = build_optimizer(model, legacy["optimizer"])
    train_cfg = new_cfg.get("train_cfg", {})
    train_loader_cfg = {
        k: v for k, v in new_cfg["train_dataloader"].items() if k != "dataset"
    }
    workflow = [tuple(flow) for flow in legacy.get("workflow", [("train", 1)])]
    loaders = []
    for mode, _ in workflow:
        dataset_cfg = legacy["data"]["train" if mode == "train" else "val"]
        dataset = _build(dataset_cfg, "dataset")
        loaders.append(_loader(train_loader_cfg, dataset, seed))
    work_dir = args.work_dir or legacy.get("work_dir")
    if work_dir is None:
        name = osp.splitext(osp.basename(args.config))[0]
        work_dir = osp.join("./work_dirs", name)
    if "max_iters" in train_cfg and "max_epochs" not in train_cfg:
        runner: Any = IterBasedRunner(
            model, optimizer=optimizer, work_dir=work_dir,
            max_iters=train_cfg["max_iters"],
        )  # fmt: skip
    else:
        runner = EpochBasedRunner(
            model, optimizer=optimizer, work_dir=work_dir,
            max_epochs=train_cfg.get("max_epochs", legacy.get("total_epochs")),
        )  # fmt: skip
    runner.register_training_hooks(
        lr_config=legacy.get("lr_config"),
        optimizer_config=legacy.get("optimizer_config"),
        checkpoint_config=legacy.get("checkpoint_config"),
        log_config=legacy.get("log_config"),
        momentum_config=legacy.get("momentum_config"),
        custom_hooks_config=legacy.get("custom_hooks"),
    )
    if legacy.get("resume_from"):
        runner.resume(legacy["resume_from"])
    elif legacy.get("load_from"):
        runner.load_checkpoint(legacy["load_from"])
    runner.run(loaders, workflow)
    return 0
