"""``mmcompat train legacy_cfg.py``: a legacy MMCV 1.x config, trained.

The command loads the config once, as MMCV 1.7.2 reads it (command-line
overrides and the work directory applied), and hands it here. With the
legacy import aliases active its ``custom_imports`` -- or ``--import
MODULE`` -- are imported (they may import a legacy package that does
``from mmcv.runner import HOOKS``), then the config is translated once by
:func:`~mmcompat.legacy.translate.translate` (its report summary goes to
stderr) and trained the way an MMCV 1.x ``tools/train.py`` would: the seed
set, the model and datasets built from the user's legacy registries, and an
``EpochBasedRunner`` / ``IterBasedRunner`` facade running the ``workflow``.
Every run setting comes from the translation: the seed (``randomness``),
the optimizer and its wrapper (``optim_wrapper``), the training length
(``train_cfg``), the data loader settings (``train_dataloader``;
workflow ``val`` phases use ``data.val`` with the train loader's settings,
as mmdet's ``train_detector`` did), the work directory, ``resume`` /
``load_from`` and the hooks.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

from .findings import reported_once, to_report

__all__ = ["train_legacy_config"]


def _find_type(type_name: str, hint: str) -> Any:
    """A legacy class by name: the user's legacy registries (those whose
    name contains ``hint`` first), then mmcompat's root registries."""
    from mmcompat import registry as roots

    from .registry import CREATED_REGISTRIES

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


def _build(cfg: dict, hint: str, test_mode: bool = False) -> Any:
    """Build ``cfg`` from the legacy registries; ``test_mode=True`` is given
    to a dataset whose constructor takes it (as the libraries' build_dataset
    did for evaluation sets)."""
    import inspect

    cfg = dict(cfg)
    obj_type = cfg.pop("type")
    cls = _find_type(obj_type, hint) if isinstance(obj_type, str) else obj_type
    if test_mode and "test_mode" in inspect.signature(cls).parameters:
        cfg.setdefault("test_mode", True)
    return cls(**cfg)


def _loader(loader_cfg: dict, dataset: Any, seed: Any) -> Any:
    from mmcompat.runner import Runner

    # the translated loader settings, collate_fn included (MMCV's stacking
    # collate, see mmcompat.legacy.translate.data): one mapping, not two
    return Runner.build_dataloader(dict(loader_cfg, dataset=dataset), seed=seed)


def train_legacy_config(args: Any, cfg: dict) -> int:
    """Train the legacy config ``cfg``; an exit code.

    ``cfg`` is the config of ``args.config`` as plain dicts, read as MMCV
    1.7.2 reads it (:func:`~mmcompat.legacy.config_file.load_legacy_config`)
    with the command-line overrides and the work directory applied, its
    ``custom_imports`` not yet imported. A module that fails to import
    raises :class:`~mmcompat.config.ConfigImportError`, a config that
    cannot be translated :class:`~mmcompat.config.ConfigError` /
    :class:`~mmcompat.legacy.report.TranslationError`, an unknown ``type``
    :class:`~mmcompat.registry.NotRegisteredError`: ``mmcompat train``
    turns each into one line.
    """
    from mmcompat.config import ConfigImportError
    from mmcompat.config.config import run_custom_imports
    from mmcompat.legacy.translate import translate

    from .aliases import legacy_aliases
    from .runner import split_library_policies

    cwd_on_path = os.getcwd() not in sys.path
    if cwd_on_path:
        sys.path.insert(0, os.getcwd())
    try:
        with legacy_aliases(getattr(args, "mmcv_version", None)), reported_once():
            for module in getattr(args, "imports", None) or []:
                try:
                    importlib.import_module(module)
                except ImportError as exc:
                    error = ConfigImportError(f"--import {module} failed: {exc}")
                    error.module = module
                    raise error from exc
            run_custom_imports(cfg, args.config)
            # a library's own lr/momentum policy runs as its registered hook
            cfg, policies = split_library_policies(cfg)
            new_cfg, report = translate(cfg, source=args.config)
            # evaluation=dict(...) runs as MMCV's EvalHook (see _evaluation_hook),
            # not through the translated val_evaluator
            evaluated = isinstance(cfg.get("evaluation"), dict)
            _print_summary(report, skip=("evaluation",) if evaluated else ())
            return _train(args, cfg, new_cfg, policies)
    finally:
        if cwd_on_path and os.getcwd() in sys.path:
            sys.path.remove(os.getcwd())


def _evaluation_hook(
    legacy: dict, new_cfg: dict, by_epoch: bool, randomness: dict
) -> Any:
    """``evaluation=dict(interval=..., metric=..., save_best=...)`` as the
    1.x libraries' ``tools/train.py`` ran it: MMCV's ``EvalHook``
    (``DistEvalHook`` when distributed) on ``data.val`` built in test mode
    with the translated val loader settings, counting epochs unless the
    runner is iteration-based; it calls ``dataset.evaluate(results, logger,
    **eval_kwargs)`` on the model's ``return_loss=False`` outputs."""
    from mmcompat.dist import get_dist_info

    from .mmcv_hooks import DistEvalHook, EvalHook

    evaluation = legacy.get("evaluation")
    loader_cfg = new_cfg.get("val_dataloader")
    if not isinstance(evaluation, dict) or not isinstance(loader_cfg, dict):
        return None
    settings = {k: v for k, v in loader_cfg.items() if k != "dataset"}
    dataset = _build(loader_cfg["dataset"], "dataset", test_mode=True)
    loader = _loader(settings, dataset, randomness.get("seed"))
    hook_class = DistEvalHook if get_dist_info()[1] > 1 else EvalHook
    return hook_class(loader, **dict(evaluation, by_epoch=by_epoch))


def _dump_legacy_config(legacy: dict, work_dir: str, source: str) -> None:
    """The config trained, in the work directory under its file's name, as
    MMCV 1.x's ``tools/train.py`` dumped it (rank 0)."""
    import os.path as osp

    from mmcompat.config import format_python
    from mmcompat.dist import is_main_process
    from mmcompat.utils.path import write_atomic

    if not is_main_process():
        return
    name = osp.splitext(osp.basename(source))[0] + ".py"
    path = osp.join(work_dir, name)
    write_atomic(path, format_python(legacy).encode("utf-8"), make_dirs=True)


def _print_summary(report: Any, skip: tuple = ()) -> None:
    """The translation's findings, less those about keys in ``skip`` (which
    the runtime runs itself, as MMCV did)."""
    findings = [f for f in report.findings if f.key.split(".")[0] not in skip]
    counts: dict[str, int] = {}
    for finding in findings:
        counts[finding.kind] = counts.get(finding.kind, 0) + 1
    parts = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items()))
    print(f"mmcompat train: legacy config translated ({parts})", file=sys.stderr)
    for finding in to_report(findings):
        print(f"  {finding.kind}: {finding.key}: {finding.message}", file=sys.stderr)
    if "evaluation" in skip:
        print(
            "  evaluation: run as MMCV's EvalHook (dataset.evaluate on data.val)",
            file=sys.stderr,
        )


def _train(args: Any, legacy: dict, new_cfg: dict, policies: list) -> int:
    import os.path as osp

    from mmcompat.optim import OptimWrapperDict, build_optim_wrapper
    from mmcompat.runner.checkpoint import find_latest_checkpoint

    from .runner import EpochBasedRunner, IterBasedRunner
    from .utils import set_random_seed

    source = args.config
    for key in ("model", "optimizer", "data"):
        if key not in legacy:
            print(
                f"mmcompat train: {source}: a legacy MMCV 1.x config without "
                f"`{key}`; it cannot be trained (see `mmcompat convert {source}`)",
                file=sys.stderr,
            )
            return 2
    # --resume CHECKPOINT wins over the config's resume_from (MMCV 1.x's
    # tools/train.py --resume-from did the same)
    resume = getattr(args, "resume", None)
    resume_from = new_cfg.get("load_from") if new_cfg.get("resume") else None
    if resume not in (None, "auto"):
        resume_from = resume
    if resume_from and "://" not in resume_from and not osp.isfile(resume_from):
        print(
            f"mmcompat train: checkpoint file {resume_from} to resume from does not "
            "exist",
            file=sys.stderr,
        )
        return 2
    randomness = new_cfg.get("randomness", {})
    if randomness.get("seed") is not None:
        set_random_seed(
            randomness["seed"], deterministic=randomness.get("deterministic", False)
        )
    model = _build(new_cfg["model"], "model")
    optim_wrapper = build_optim_wrapper(model, new_cfg["optim_wrapper"])
    if isinstance(optim_wrapper, OptimWrapperDict):
        optimizer: Any = {k: w.optimizer for k, w in optim_wrapper.items()}
    else:
        optimizer = optim_wrapper.optimizer
    workflow = [tuple(flow) for flow in legacy.get("workflow", [("train", 1)])]
    loaders = _loaders(source, new_cfg, workflow, randomness.get("seed"))
    if isinstance(loaders, int):
        return loaders
    train_cfg = new_cfg["train_cfg"]
    if "max_iters" in train_cfg:
        runner: Any = IterBasedRunner(
            model,
            optimizer=optimizer,
            work_dir=new_cfg["work_dir"],
            max_iters=train_cfg["max_iters"],
        )
    else:
        runner = EpochBasedRunner(
            model,
            optimizer=optimizer,
            work_dir=new_cfg["work_dir"],
            max_epochs=train_cfg["max_epochs"],
        )
    # the runner trains this config (its optimizer_config decides whether
    # the runner steps the optimizer, as MMCV's OptimizerHook did)
    runner.legacy_cfg.update(legacy)
    runner.register_library_policies(policies)
    eval_hook = _evaluation_hook(legacy, new_cfg, runner.by_epoch, randomness)
    if eval_hook is not None:
        runner.register_hook(eval_hook, priority="LOW")
    _dump_legacy_config(legacy, new_cfg["work_dir"], source)
    if resume == "auto":
        resume_from = find_latest_checkpoint(new_cfg["work_dir"])
        if resume_from is None:
            print(
                "mmcompat train: Did not find last_checkpoint to be resumed. No "
                f"checkpoint in {new_cfg['work_dir']}: training from scratch.",
                file=sys.stderr,
            )
    if resume_from:
        runner.resume(resume_from)
    elif new_cfg.get("load_from"):
        runner.load_checkpoint(new_cfg["load_from"])
    runner.run_translated(new_cfg, loaders, workflow, optim_wrapper=optim_wrapper)
    return 0


def _loaders(source: str, new_cfg: dict, workflow: list, seed: Any) -> Any:
    """One loader per workflow phase, with the train loader's settings (as
    mmdet's ``train_detector``); an exit code when a phase has no data."""
    settings = {k: v for k, v in new_cfg["train_dataloader"].items() if k != "dataset"}
    loaders = []
    for mode, _ in workflow:
        dataloader = new_cfg.get(f"{mode}_dataloader")
        if dataloader is None:
            print(
                f"mmcompat train: {source}: the workflow has a {mode!r} phase but the "
                f"config has no data.{mode}",
                file=sys.stderr,
            )
            return 2
        loaders.append(
            _loader(settings, _build(dataloader["dataset"], "dataset"), seed)
        )
    return loaders
