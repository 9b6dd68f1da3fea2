"""Data family: ``data`` -> ``train_dataloader``/``val_dataloader``/
``test_dataloader``.

OpenMMLab 1.x ``data`` dicts hold the datasets (``train``/``val``/``test``)
and loader settings shared by all splits (``samples_per_gpu``,
``workers_per_gpu``, ``persistent_workers``, ``shuffle``, DataLoader
keyword arguments), with per-split overrides in ``train_dataloader``/
``val_dataloader``/``test_dataloader``. MMDet 2.x's train script (the corpus
this follows) builds the train loader from the shared settings plus the
train overrides; val and test loaders share only ``workers_per_gpu`` and
take their batch size from ``data.val.samples_per_gpu`` (inside the
dataset dict) or their overrides, else 1, with ``shuffle=False``.
A list of datasets was concatenated.

Samplers: epoch-based training shuffles with a distributed sampler
(MMEngine ``DefaultSampler``); IterBasedRunner configs used infinite
samplers (``InfiniteSampler``). MMDet's aspect-ratio grouping
(GroupSampler) is library behaviour and is not reproduced.

Collation: MMCV's ``build_dataloader`` collated with
``mmcv.parallel.collate``, which stacks tensors (and numbers) into batches;
MMEngine's Runner defaults to ``pseudo_collate``, which hands the model
lists of samples instead. Every translated loader therefore names
``collate_fn=dict(type='default_collate')`` (the same stacking). MMCV's
collate also batched the ``DataContainer`` objects that MMDet-style
``DefaultFormatBundle``/``Collect`` steps produce; no new-style collate
does: such pipelines must become the library's 3.x pipeline (e.g.
``PackDetInputs``), which goes with the default ``pseudo_collate`` and the
model's ``data_preprocessor``, so those loaders get a TODO on
``collate_fn``. The legacy runtime (``mmcompat train legacy_cfg.py``)
builds its loaders from this same translation.

The datasets themselves (types, pipelines) are library code: carried
unchanged with a TODO on each pipeline.
"""

from __future__ import annotations

from typing import Any

from ._core import Context, check_type, register_rule
from .loop import loop_info

__all__ = ["translate_data", "data_value_problems", "loader_value_problems"]

SPLITS = ("train", "val", "test")
LOADER_KEYS = ("samples_per_gpu", "workers_per_gpu", "persistent_workers", "shuffle")
#: build_dataloader arguments that are not DataLoader arguments
DROPPED = ("num_gpus", "dist", "seed", "runner_type", "round_up")
#: what MMCV's ``mmcv.parallel.collate`` did for plain samples
LEGACY_COLLATE = dict(type="default_collate")
#: pipeline steps whose output is ``DataContainer``s (MMDet, MMSeg, MMCls,
#: MMDet3D, MMPose, MMOCR 0.x), which only ``mmcv.parallel.collate`` batched
DATA_CONTAINER_STEPS = frozenset(
    {
        "DefaultFormatBundle",
        "Collect",
        "ToDataContainer",
        "DefaultFormatBundle3D",
        "Collect3D",
    }
)


def _loader(
    ctx: Context,
    split: str,
    settings: dict,
    dataset: Any,
    iter_based: bool,
    origin: dict[str, str],
) -> dict:
    for key, new_key, problem in loader_value_problems(settings, origin):
        if not any(f.key == key for f in ctx.report.todos):  # once a key
            ctx.report.todo(key, problem, (f"{split}_dataloader", new_key))
    settings = dict(settings)
    batch = settings.pop("samples_per_gpu", 2 if split == "train" else 1)
    workers = settings.pop("workers_per_gpu", 2)
    shuffle = settings.pop("shuffle", split == "train")
    persistent = settings.pop("persistent_workers", False)
    class_aware = settings.pop("class_aware_sampler", None)
    loader: dict[str, Any] = dict(batch_size=batch, num_workers=workers)
    if persistent:
        loader["persistent_workers"] = True
    if split == "train" and iter_based:
        loader["sampler"] = dict(type="InfiniteSampler", shuffle=shuffle)
    else:
        loader["sampler"] = dict(type="DefaultSampler", shuffle=shuffle)
    loader["collate_fn"] = dict(LEGACY_COLLATE)
    dropped = [k for k in DROPPED if k in settings]
    for k in dropped:
        settings.pop(k)
    if dropped:
        ctx.report.note(
            f"data.{split}_dataloader", f"build_dataloader arguments {dropped} dropped"
        )
    loader.update(settings)  # remaining DataLoader keyword arguments
    if isinstance(dataset, (list, tuple)):
        dataset = dict(type="ConcatDataset", datasets=list(dataset))
        ctx.report.note(f"data.{split}", "list of datasets -> ConcatDataset")
    loader["dataset"] = dataset
    name = f"{split}_dataloader"
    if class_aware is not None:
        loader["class_aware_sampler"] = class_aware
        ctx.report.todo(
            f"data.{split}_dataloader.class_aware_sampler",
            "MMDet's class-aware sampler: set `sampler` to the library's one",
            (name, "class_aware_sampler"),
        )
    _pipeline_todos(ctx, split, dataset, (name, "dataset"))
    steps = _data_container_steps(dataset)
    if steps and loader["collate_fn"] == LEGACY_COLLATE:
        ctx.report.todo(
            f"data.{split}_dataloader.collate_fn",
            f"the pipeline's {', '.join(steps)} make DataContainers, which only "
            "MMCV's collate batched: port the pipeline to the library's 3.x one "
            "(e.g. PackDetInputs) and delete this collate_fn (3.x pipelines use "
            "the default pseudo_collate and the model's data_preprocessor)",
            (name, "collate_fn"),
        )
    return loader


def loader_value_problems(
    settings: dict, origin: dict[str, str]
) -> list[tuple[str, str, str]]:
    """``(legacy key, loader key, what is wrong)`` for each loader setting
    no DataLoader accepts: a batch size below 1, a negative worker count,
    persistent workers without workers. ``origin`` names the legacy key each
    setting came from (``data.samples_per_gpu``, ...)."""
    problems = []
    batch = settings.get("samples_per_gpu")
    if "samples_per_gpu" in settings and not _int_at_least(batch, 1):
        problems.append(
            (
                origin["samples_per_gpu"],
                "batch_size",
                f"batch_size: expected a positive integer (samples per GPU), "
                f"got {batch!r}",
            )
        )
    workers = settings.get("workers_per_gpu")
    if "workers_per_gpu" in settings and not _int_at_least(workers, 0):
        problems.append(
            (
                origin["workers_per_gpu"],
                "num_workers",
                "num_workers: expected an integer >= 0 (loader processes per "
                f"GPU; 0 loads in the main process), got {workers!r}",
            )
        )
    elif settings.get("persistent_workers") and workers == 0:
        problems.append(
            (
                origin["persistent_workers"],
                "persistent_workers",
                "persistent_workers=True needs workers_per_gpu > 0 (a "
                "DataLoader refuses it with 0 workers)",
            )
        )
    return problems


def _int_at_least(value: Any, minimum: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= minimum


def _data_container_steps(dataset: Any) -> list[str]:
    """Names of DataContainer-making steps in a dataset's pipelines
    (wrapped and concatenated datasets included), in first-seen order."""
    found: list[str] = []
    if isinstance(dataset, dict):
        pipeline = dataset.get("pipeline")
        if isinstance(pipeline, (list, tuple)):
            for step in pipeline:
                kind = step.get("type") if isinstance(step, dict) else None
                if kind in DATA_CONTAINER_STEPS and kind not in found:
                    found.append(kind)
        for key in ("dataset", "datasets"):
            found += [
                s for s in _data_container_steps(dataset.get(key)) if s not in found
            ]
    elif isinstance(dataset, (list, tuple)):
        for item in dataset:
            found += [s for s in _data_container_steps(item) if s not in found]
    return found


def _pipeline_todos(ctx: Context, split: str, dataset: Any, path: tuple) -> None:
    """A TODO at each pipeline (library transforms) inside a dataset config."""
    if isinstance(dataset, dict):
        if "pipeline" in dataset:
            ctx.report.todo(
                f"data.{split}.pipeline",
                "library data pipeline carried unchanged: check its transforms "
                "against the new-style API (e.g. formatting/packing steps)",
                path + ("pipeline",),
            )
        for key in ("dataset", "datasets"):
            if key in dataset:
                _pipeline_todos(ctx, split, dataset[key], path + (key,))
    elif isinstance(dataset, (list, tuple)):
        for i, item in enumerate(dataset):
            _pipeline_todos(ctx, split, item, path + (i,))


def _pop_batch_size(dataset: Any, settings: dict) -> Any:
    """``data.val.samples_per_gpu`` (inside the dataset dict) is the loader's
    batch size; for a list of datasets, the largest."""
    if isinstance(dataset, dict) and "samples_per_gpu" in dataset:
        dataset = dict(dataset)
        settings["samples_per_gpu"] = dataset.pop("samples_per_gpu")
    elif isinstance(dataset, (list, tuple)):
        sizes, items = [], []
        for item in dataset:
            if isinstance(item, dict) and "samples_per_gpu" in item:
                item = dict(item)
                sizes.append(item.pop("samples_per_gpu"))
            items.append(item)
        if sizes:
            settings["samples_per_gpu"] = max(sizes)
        dataset = items
    return dataset


def _split_settings(data: dict, split: str) -> tuple[dict, dict, Any]:
    """``(loader settings, legacy key of each setting, dataset)`` of one
    split of a legacy ``data`` dict."""
    shared = {
        k: v
        for k, v in data.items()
        if k not in SPLITS and k not in {f"{s}_dataloader" for s in SPLITS}
    }
    overrides = data.get(f"{split}_dataloader") or {}
    dataset = data[split]
    if split == "train":
        settings = {**shared, **overrides}
        origin = {k: f"data.{k}" for k in shared}
    else:
        # Only the worker count is shared with val/test (MMDet's
        # compat_loader_args); their batch size may sit in the dataset.
        settings = {}
        origin = {}
        if "workers_per_gpu" in shared:
            settings["workers_per_gpu"] = shared["workers_per_gpu"]
            origin["workers_per_gpu"] = "data.workers_per_gpu"
        dataset = _pop_batch_size(dataset, settings)
        if "samples_per_gpu" in settings:
            origin["samples_per_gpu"] = f"data.{split}.samples_per_gpu"
        settings.update(overrides)
        settings.setdefault("shuffle", False)
        settings.setdefault("drop_last", False)
    origin.update({k: f"data.{split}_dataloader.{k}" for k in overrides})
    return settings, origin, dataset


def data_value_problems(data: Any) -> list[tuple[str, str]]:
    """``(legacy key, what is wrong)`` for each loader setting of a legacy
    ``data`` dict that no DataLoader accepts (see
    :func:`loader_value_problems`); nothing for a malformed ``data`` (the
    translation reports that)."""
    problems: list[tuple[str, str]] = []
    if not isinstance(data, dict):
        return problems
    for split in SPLITS:
        if split not in data or not isinstance(
            data.get(f"{split}_dataloader") or {}, dict
        ):
            continue
        settings, origin, _ = _split_settings(data, split)
        for key, _, problem in loader_value_problems(settings, origin):
            if all(key != seen for seen, _ in problems):
                problems.append((key, problem))
    return problems


@register_rule("data", family="data")
def translate_data(ctx: Context) -> None:
    data = ctx.get("data")
    check_type(ctx, "data", data, dict, "a dict with train/val/test datasets")
    ctx.consume("data")
    info = loop_info(ctx)
    iter_based = info is not None and not info.by_epoch
    for split in SPLITS:
        if split not in data:
            if f"{split}_dataloader" in data:
                ctx.report.note(
                    f"data.{split}_dataloader", "given without a dataset: dropped"
                )
            continue
        overrides = data.get(f"{split}_dataloader") or {}
        check_type(ctx, f"data.{split}_dataloader", overrides, dict, "a dict")
        settings, origin, dataset = _split_settings(data, split)
        ctx.new[f"{split}_dataloader"] = _loader(
            ctx, split, settings, dataset, iter_based, origin
        )
    ctx.report.translated(
        "data", "-> " + ", ".join(f"{s}_dataloader" for s in SPLITS if s in data)
    )


@register_rule(family="data", order=55)
def check_val_test_triples(ctx: Context) -> None:
    """MMEngine's Runner wants ``{split}_dataloader``, ``{split}_cfg`` and
    ``{split}_evaluator`` all set or all unset; MMCV-era configs could give a
    val/test dataset without ``evaluation`` (or the reverse). Flag it where
    it shows (not in a ``_base_`` fragment, which others complete)."""
    if ctx.partial:
        return
    for split in ("val", "test"):
        names = (f"{split}_dataloader", f"{split}_cfg", f"{split}_evaluator")
        present = [n for n in names if n in ctx.new]
        if present and len(present) < 3:
            missing = [n for n in names if n not in ctx.new]
            ctx.report.todo(
                present[0],
                f"MMEngine's Runner needs {', '.join(names)} together; this "
                f"config has no {', '.join(missing)} (the legacy config "
                f"{'had no `evaluation`' if f'{split}_dataloader' in present else f'had no data.{split}'})",
                (present[0],),
            )
