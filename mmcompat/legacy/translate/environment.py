"""Environment family: process/dist settings, resuming, randomness, DDP.

- ``dist_params`` -> ``env_cfg.dist_cfg`` (both are ``init_dist`` kwargs);
  ``mp_start_method``/``opencv_num_threads`` -> ``env_cfg.mp_cfg``;
  ``cudnn_benchmark`` -> ``env_cfg.cudnn_benchmark``.
- ``resume_from=path`` -> ``resume=True, load_from=path``. OpenMMLab 1.x
  scripts resumed from ``resume_from`` and ignored ``load_from`` when both
  were set; MMDet's ``auto_resume=True`` resumed from the latest checkpoint
  of ``work_dir`` (MMEngine's ``resume=True`` with ``load_from=None``).
- ``seed``/``deterministic`` -> ``randomness``.
- ``find_unused_parameters`` -> ``model_wrapper_cfg`` (DDP argument).
- ``auto_scale_lr`` has the same meaning and shape in MMEngine: kept.
"""

from __future__ import annotations

from ._core import Context, check_type, register_rule

__all__ = ["translate_env", "translate_resume", "translate_randomness", "translate_ddp"]


@register_rule(
    "dist_params",
    "mp_start_method",
    "opencv_num_threads",
    "cudnn_benchmark",
    family="environment",
)
def translate_env(ctx: Context) -> None:
    env: dict = {}
    if ctx.has("cudnn_benchmark"):
        env["cudnn_benchmark"] = ctx.get("cudnn_benchmark")
    mp_cfg = {
        k: ctx.get(k) for k in ("mp_start_method", "opencv_num_threads") if ctx.has(k)
    }
    if mp_cfg:
        env["mp_cfg"] = mp_cfg
    if ctx.has("dist_params"):
        dist = ctx.get("dist_params")
        check_type(
            ctx,
            "dist_params",
            dist,
            (dict, type(None)),
            "a dict of init_dist arguments",
        )
        if dist is not None:
            env["dist_cfg"] = dist
    ctx.new["env_cfg"] = env
    keys = [
        k
        for k in (
            "dist_params",
            "mp_start_method",
            "opencv_num_threads",
            "cudnn_benchmark",
        )
        if ctx.has(k)
    ]
    ctx.consume(*keys)
    ctx.report.translated(", ".join(keys), "-> env_cfg")


@register_rule("resume_from", "load_from", "auto_resume", family="environment")
def translate_resume(ctx: Context) -> None:
    resume_from = ctx.get("resume_from")
    load_from = ctx.get("load_from")
    auto_resume = ctx.get("auto_resume")
    ctx.consume("resume_from", "load_from", "auto_resume")
    if resume_from is not None:
        if load_from is not None and load_from != resume_from:
            ctx.report.note(
                "load_from",
                f"ignored by MMCV because resume_from is set: load_from={load_from!r} dropped",
            )
        ctx.new["load_from"] = resume_from
        ctx.new["resume"] = True
        ctx.report.translated("resume_from", "-> resume=True, load_from")
        return
    if auto_resume:
        ctx.new["load_from"] = None
        ctx.new["resume"] = True
        if load_from is not None:
            ctx.report.todo(
                "load_from",
                f"auto_resume fell back to load_from={load_from!r} when work_dir "
                "had no checkpoint; MMEngine's resume=True would resume from "
                "load_from instead, so it was dropped: set it again if needed",
                ("load_from",),
            )
        ctx.report.translated(
            "auto_resume", "-> resume=True (latest checkpoint in work_dir)"
        )
        return
    ctx.new["load_from"] = load_from
    if not ctx.has("resume"):  # a new-style `resume` is carried as it is
        ctx.new["resume"] = False
    ctx.report.translated("load_from", "-> load_from, resume=False")


@register_rule("seed", "deterministic", family="environment")
def translate_randomness(ctx: Context) -> None:
    randomness = {}
    if ctx.has("seed"):
        randomness["seed"] = ctx.get("seed")
    if ctx.has("deterministic"):
        randomness["deterministic"] = ctx.get("deterministic")
    ctx.consume("seed", "deterministic")
    ctx.new["randomness"] = randomness
    ctx.report.translated("seed/deterministic", "-> randomness")


@register_rule("find_unused_parameters", family="environment")
def translate_ddp(ctx: Context) -> None:
    value = ctx.get("find_unused_parameters")
    ctx.consume("find_unused_parameters")
    wrapper = ctx.new.setdefault(
        "model_wrapper_cfg", dict(type="MMDistributedDataParallel")
    )
    wrapper["find_unused_parameters"] = value
    ctx.report.translated("find_unused_parameters", "-> model_wrapper_cfg")
