"""Check `mmcompat convert` on a real legacy config tree.

    python benchmarks/convert_corpus.py CONFIGS_DIR

1. Tree mode is lossless: every converted file, loaded with ``Config.fromfile``
   (through its converted ``_base_`` files), equals ``translate()`` of the
   merged legacy config.
2. The schedule table holds: every corpus schedule recorded from real MMCV
   in ``fixtures/golden/mmcv_schedules/golden.json`` (record.py run with
   CONFIGS_DIR), including the windows of very long iteration-based runs
   that the unit tests skip, is replayed from its converted
   ``param_scheduler`` and compared at every recorded iteration.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

REL_TOL = 1e-6
GOLDEN = Path(__file__).parents[1] / "fixtures/golden/mmcv_schedules/golden.json"


def check_lossless(root: str) -> None:
    from mmcompat.cli.main import main as cli
    from mmcompat.config import Config
    from mmcompat.legacy.translate import _plain, translate
    from mmcompat.legacy.translate.tree import convert_tree, load_legacy

    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        cli(["convert", root, "-o", out, "-q"])
        took = time.perf_counter() - start
        items = convert_tree(root)
        used = {b for item in items for b in item.bases}
        ok = mismatched = inherit = 0
        for item in items:
            if not item.ok:
                continue
            partial = item.source in used or "/_base_/" in item.source
            expected, _ = translate(load_legacy(item.source), partial=partial)
            loaded = _plain(
                Config.fromfile(
                    str(Path(out) / item.relpath), import_custom_modules=False
                ).to_dict()
            )
            if loaded == expected:
                ok += 1
                inherit += item.written is not item.full
            else:
                mismatched += 1
                print("  MISMATCH", item.relpath)
        failed = [item.error for item in items if not item.ok]
    print(
        f"tree mode: {len(items)} configs, converted in {took:.1f} s; {ok} load back exactly "
        f"({inherit} through _base_ inheritance), {mismatched} mismatches, {len(failed)} failed:"
    )
    for line in failed:
        print("  failed:", line[:160])


def _values_in_windows(case_group: list[dict]) -> tuple[float, int]:
    """Replay the converted schedule of a (possibly windowed) corpus case."""
    import torch

    from mmcompat.legacy.translate import translate
    from mmcompat.optim import OptimWrapper
    from mmcompat.optim.scheduler import build_param_schedulers

    case = case_group[0]
    opt = case["optimizer"]
    legacy = dict(
        runner=case["runner"],
        lr_config=case["lr_config"],
        optimizer=dict(opt, paramwise_cfg=dict(custom_keys={"b": dict(lr_mult=0.2)})),
    )
    if case["momentum_config"]:
        legacy["momentum_config"] = case["momentum_config"]
    new, _ = translate(legacy)
    a, b = torch.nn.Parameter(torch.zeros(1)), torch.nn.Parameter(torch.zeros(1))
    wrapper = OptimWrapper(
        torch.optim.SGD(
            [{"params": [a]}, {"params": [b], "lr": opt["lr"] * 0.2}],
            lr=opt["lr"],
            momentum=opt["momentum"],
        )
    )
    runner = case["runner"]
    by_epoch = runner["type"] == "EpochBasedRunner"
    length = case["epoch_length"] if by_epoch else runner["max_iters"]
    total = runner["max_epochs"] * length if by_epoch else runner["max_iters"]
    schedulers = build_param_schedulers(
        new["param_scheduler"],
        wrapper,
        epoch_length=case["epoch_length"],
        max_epochs=runner.get("max_epochs", 1),
        max_iters=total,
    )
    wanted = {}
    for window in case_group:
        for k, row in enumerate(window["lr"]):
            wanted[window["start"] + k] = row
    iter_based = [s for s in schedulers if not s.by_epoch]
    epoch_based = [s for s in schedulers if s.by_epoch]
    groups = wrapper.optimizer.param_groups
    worst = 0.0
    last = max(wanted)
    for it in range(last + 1):
        row = wanted.get(it)
        if row is not None:
            for group, expected in zip(groups, row):
                worst = max(worst, abs(group["lr"] - expected) / abs(expected))
        for s in iter_based:
            s.step()
        if (it + 1) % length == 0:
            for s in epoch_based:
                s.step()
    return worst, len(wanted)


def check_schedules() -> None:
    data = json.loads(GOLDEN.read_text())
    groups: dict[str, list[dict]] = {}
    for case in data["cases"]:
        if case["name"].startswith("corpus:"):
            groups.setdefault(case["name"].split("@")[0], []).append(case)
    start = time.perf_counter()
    worst_all, iterations, bad = 0.0, 0, []
    for name, group in sorted(groups.items()):
        worst, count = _values_in_windows(group)
        worst_all, iterations = max(worst_all, worst), iterations + count
        if worst > REL_TOL:
            bad.append((name, worst))
    print(
        f"schedule table: {len(groups)} distinct corpus schedules, {iterations} recorded MMCV "
        f"{data['versions']['mmcv']} iterations; max relative error {worst_all:.2e} "
        f"({len(bad)} above {REL_TOL}) [{time.perf_counter() - start:.0f} s]"
    )
    for name, worst in bad:
        print("  ABOVE TOLERANCE", name, worst)


if __name__ == "__main__":
    check_lossless(sys.argv[1])
    check_schedules()
