"""Replay the stock (``--target mmengine``) translations of the recorded MMCV
schedules in real MMEngine and compare them with MMCV.

Run with an environment that has mmengine 0.10.7 and torch (mmcompat itself
is imported from this checkout for ``translate``, which needs no torch)::

    python benchmarks/convert_mmengine_schedules.py

For every case of ``fixtures/golden/mmcv_schedules/golden.json`` whose
translation claims to be exact with stock schedulers (no approximation
reported), MMEngine's own schedulers are built the way its Runner builds them
(default ``end``, ``convert_to_iter_based``) and stepped the way its
ParamSchedulerHook steps them; the lr and momentum of every iteration must
equal MMCV's within 1e-6 relative.
"""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT))
REL_TOL = 1e-6


def replay(case: dict, schedulers_cfg: list) -> tuple[list, list]:
    import torch
    from mmengine.optim import OptimWrapper
    from mmengine.registry import PARAM_SCHEDULERS

    a, b = torch.nn.Parameter(torch.zeros(1)), torch.nn.Parameter(torch.zeros(1))
    opt = case["optimizer"]
    groups = [{"params": [a]}, {"params": [b], "lr": opt["lr"] * 0.2}]
    if opt["type"] == "SGD":
        optimizer = torch.optim.SGD(groups, lr=opt["lr"], momentum=opt["momentum"])
    else:
        optimizer = torch.optim.Adam(groups, lr=opt["lr"], betas=tuple(opt["betas"]))
    wrapper = OptimWrapper(optimizer)
    runner = case["runner"]
    by_epoch_loop = runner["type"] == "EpochBasedRunner"
    length = case["epoch_length"] if by_epoch_loop else runner["max_iters"]
    max_epochs = runner["max_epochs"] if by_epoch_loop else 1
    max_iters = max_epochs * length if by_epoch_loop else runner["max_iters"]
    built = []
    for cfg in copy.deepcopy(schedulers_cfg):
        cfg.setdefault("end", max_epochs if cfg.get("by_epoch", True) else max_iters)
        built.append(
            PARAM_SCHEDULERS.build(
                cfg, default_args=dict(optimizer=wrapper, epoch_length=length)
            )
        )
    lrs, moms = [], []
    key = "betas" if opt["type"] == "Adam" else "momentum"
    for it in range(max_iters):
        lrs.append([g["lr"] for g in optimizer.param_groups])
        moms.append(
            [
                g["betas"][0] if key == "betas" else g["momentum"]
                for g in optimizer.param_groups
            ]
        )
        for s in built:
            if not s.by_epoch:
                s.step()
        if (it + 1) % length == 0:
            for s in built:
                if s.by_epoch:
                    s.step()
    return lrs, moms


def main() -> int:
    import warnings

    from mmcompat.legacy.translate import translate

    warnings.filterwarnings("ignore")
    data = json.loads((ROOT / "fixtures/golden/mmcv_schedules/golden.json").read_text())
    checked = skipped = 0
    worst_all, bad = 0.0, []
    for case in data["cases"]:
        if "@" in case["name"]:
            continue
        opt = dict(
            case["optimizer"], paramwise_cfg=dict(custom_keys={"b": dict(lr_mult=0.2)})
        )
        legacy = dict(runner=case["runner"], optimizer=opt)
        for k in ("lr_config", "momentum_config"):
            if case[k] is not None:
                legacy[k] = case[k]
        new, report = translate(legacy, target="mmengine")
        if report.approximations:
            skipped += 1
            continue
        lrs, moms = replay(case, new.get("param_scheduler", []))
        worst = 0.0
        for got, expected in ((lrs, case["lr"]), (moms, case["momentum"])):
            for row_g, row_e in zip(got, expected):
                for x, y in zip(row_g, row_e):
                    worst = max(worst, abs(x - y) / max(abs(y), 1e-12))
        checked += 1
        worst_all = max(worst_all, worst)
        if worst > REL_TOL:
            bad.append((case["name"], worst))
    print(
        f"real MMEngine: {checked} stock-exact translations replayed, worst relative error "
        f"{worst_all:.2e}, {len(bad)} above {REL_TOL}; {skipped} cases need mmcompat's exact schedulers"
    )
    for name, worst in bad:
        print("  ABOVE TOLERANCE", name, worst)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
