"""Check converted configs against real MMEngine (run with an environment
that has mmengine 0.10.7 and torch installed, not mmcompat's)::

    mmcompat convert configs/ -o converted/ --target mmengine
    python benchmarks/convert_mmengine_check.py converted/

For every converted config: ``mmengine.Config.fromfile`` loads it (with its
converted ``_base_`` files), and MMEngine's ``Runner`` builds its train loop,
``optim_wrapper`` and ``param_scheduler`` (toy model, 7-iteration epochs).
Prints a summary and each failure on one line. Needs no mmcompat import.
"""

from __future__ import annotations

import collections
import os
import sys
import tempfile
import time


def main(root: str) -> int:
    import torch
    import torchvision

    # Environments made for MMCV 1.x may stub torchvision (MMCV 1.x only imports it for
    # model URLs); MMEngine's Runner reads its version when logging the env.
    if not hasattr(torchvision, "__version__"):
        torchvision.__version__ = "0.0.0"
    import mmengine.optim.optimizer.amp_optimizer_wrapper as amp

    # AmpOptimWrapper refuses to build without an accelerator; on a CPU-only
    # machine, let it build (nothing is trained here).
    if not torch.cuda.is_available():
        amp.is_cuda_available = lambda: True
    from mmengine.config import Config
    from mmengine.runner import Runner

    class Toy(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.backbone = torch.nn.Linear(2, 2)
            self.neck = torch.nn.BatchNorm1d(2)
            self.head = torch.nn.Linear(2, 1)

        def forward(self, *args, **kwargs):
            return {}

    loader = dict(
        dataset=[0] * 7,
        sampler=dict(type="DefaultSampler", shuffle=False),
        batch_size=1,
        collate_fn=dict(type="default_collate"),
    )
    outcome: collections.Counter = collections.Counter()
    failures = []
    types: collections.Counter = collections.Counter()
    start = time.perf_counter()
    paths = sorted(
        os.path.join(d, f)
        for d, _, fs in os.walk(root)
        for f in fs
        if f.endswith(".py")
    )
    for path in paths:
        rel = os.path.relpath(path, root)
        try:
            cfg = Config.fromfile(path, import_custom_modules=False)
        except Exception as exc:
            outcome["config failed to load"] += 1
            failures.append(f"{rel}: Config.fromfile: {type(exc).__name__}: {exc}")
            continue
        if "train_cfg" not in cfg or "optim_wrapper" not in cfg or "/_base_/" in path:
            outcome["loaded (fragment, nothing to build)"] += 1
            continue
        train_cfg = dict(cfg.train_cfg)
        for s in cfg.get("param_scheduler") or []:
            types[s["type"]] += 1
        if any(s["type"].startswith("MMCV") for s in cfg.get("param_scheduler") or []):
            outcome["loaded; uses mmcompat's exact schedulers (not in MMEngine)"] += 1
            continue
        with tempfile.TemporaryDirectory() as work_dir:
            try:
                runner = Runner(
                    model=Toy(),
                    work_dir=work_dir,
                    train_dataloader=loader,
                    train_cfg=train_cfg,
                    optim_wrapper=cfg.optim_wrapper,
                    param_scheduler=cfg.get("param_scheduler"),
                    default_scope=None,
                )
                runner._train_loop = runner.build_train_loop(runner._train_loop)
                runner.optim_wrapper = runner.build_optim_wrapper(runner.optim_wrapper)
                runner.param_schedulers = runner.build_param_scheduler(
                    runner.param_schedulers
                )
                outcome["built optim_wrapper + param_scheduler"] += 1
            except KeyError as exc:
                if "wrapper constructor registry" not in str(exc):
                    raise
                outcome["library optimizer constructor (a TODO in the file)"] += 1
                continue
            except Exception as exc:
                outcome["build failed"] += 1
                failures.append(
                    f"{rel}: Runner build: {type(exc).__name__}: {str(exc)[:200]}"
                )
    print(
        f"{len(paths)} converted configs checked with real MMEngine in {time.perf_counter() - start:.1f} s"
    )
    for what, count in outcome.most_common():
        print(f"  {count:4d}  {what}")
    print("  scheduler types:", dict(types))
    for line in failures:
        print("  FAIL", line)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
