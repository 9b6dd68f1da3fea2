"""Check converted configs against real MMEngine (run with an environment
that has mmengine 0.10.7 and torch installed, not mmcompat's)::

    mmcompat convert configs/ -o converted/ --target mmengine
    python benchmarks/convert_mmengine_check.py converted/

For every converted config: ``mmengine.Config.fromfile`` loads it (with its
converted ``_base_`` files), and MMEngine's ``Runner`` builds its train loop,
``optim_wrapper`` and ``param_scheduler`` (toy model, 7-iteration epochs).
Prints a summary and each failure on one line. Needs no mmcompat import.

``--library SCOPE=FILE`` (repeatable) registers classes of a library's
MMEngine-based version from one of its module files (e.g. MMDet 3.x's
``mmdet/engine/optimizers/layer_decay_optimizer_constructor.py``, scope
``mmdet``) without importing the rest of the package (which may need
compiled ops); an optimizer constructor a config names that MMEngine lacks
is then looked up in those scopes, as ``default_scope`` would: the
constructors 1.x libraries shipped (MMDet's
``LearningRateDecayOptimizerConstructor``) exist, under the same name and
arguments, in their MMEngine-based versions.
"""

from __future__ import annotations

import collections
import os
import sys
import tempfile
import time


def _register_library(scope: str, path: str) -> None:
    """Execute a library module file: its ``register_module`` calls fill
    the library's registries; those are marked imported so that a lookup in
    ``scope`` does not import the rest of the package."""
    import importlib
    import importlib.util

    name = f"_library_{scope}_{os.path.splitext(os.path.basename(path))[0]}"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    registry = importlib.import_module(f"{scope}.registry")
    for value in vars(registry).values():
        if hasattr(value, "import_from_location") and hasattr(value, "_imported"):
            value._imported = True


def _backbone_type(cfg) -> str:
    """The class name of the config's backbone (``'mmcls.ConvNeXt'`` ->
    ``'ConvNeXt'``), or a neutral one."""
    backbone = (cfg.get("model") or {}).get("backbone") or {}
    name = backbone.get("type") if isinstance(backbone, dict) else None
    return name.rpartition(".")[2] if isinstance(name, str) else "Backbone"


def main(root: str, libraries: list | None = None) -> int:
    import torch

    try:
        import torchvision
    except ImportError:
        torchvision = None
    # Environments made for MMCV 1.x may stub torchvision (MMCV 1.x only imports it for
    # model URLs); MMEngine's Runner reads its version when logging the env.
    if torchvision is not None and not hasattr(torchvision, "__version__"):
        torchvision.__version__ = "0.0.0"
    import mmengine.optim.optimizer.amp_optimizer_wrapper as amp

    # AmpOptimWrapper refuses to build without an accelerator; on a CPU-only
    # machine, let it build (nothing is trained here).
    if not torch.cuda.is_available():
        amp.is_cuda_available = lambda: True
    from mmengine.config import Config
    from mmengine.registry import DefaultScope
    from mmengine.runner import Runner

    scopes = []
    for spec in libraries or []:
        scope, _, path = spec.partition("=")
        _register_library(scope, path)
        scopes.append(scope)

    class Toy(torch.nn.Module):
        """Stands in for the detector: its backbone's class is named as the
        config's ``model.backbone.type`` (optimizer constructors such as
        MMDet's layer-wise decay one check it)."""

        def __init__(self, backbone: str = "Backbone"):
            super().__init__()
            self.backbone = type(backbone, (torch.nn.Linear,), {})(2, 2)
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
                    model=Toy(_backbone_type(cfg)),
                    work_dir=work_dir,
                    train_dataloader=loader,
                    train_cfg=train_cfg,
                    optim_wrapper=cfg.optim_wrapper,
                    param_scheduler=cfg.get("param_scheduler"),
                    default_scope=None,
                )
                runner._train_loop = runner.build_train_loop(runner._train_loop)
                library = None
                try:
                    wrapper = runner.build_optim_wrapper(runner.optim_wrapper)
                except KeyError as exc:
                    if "wrapper constructor registry" not in str(exc):
                        raise
                    for library in scopes:
                        try:
                            with DefaultScope.overwrite_default_scope(library):
                                wrapper = runner.build_optim_wrapper(
                                    runner.optim_wrapper
                                )
                            break
                        except KeyError:
                            continue
                    else:
                        outcome[
                            "library optimizer constructor (a TODO in the file)"
                        ] += 1
                        continue
                runner.optim_wrapper = wrapper
                runner.param_schedulers = runner.build_param_scheduler(
                    runner.param_schedulers
                )
                if library is None:
                    outcome["built optim_wrapper + param_scheduler"] += 1
                else:
                    outcome[f"built, with {library}'s optimizer constructor"] += 1
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
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", help="the converted configs")
    parser.add_argument(
        "--library",
        action="append",
        metavar="SCOPE=FILE",
        help="register a library's classes from FILE, looked up in SCOPE",
    )
    args = parser.parse_args()
    sys.exit(main(args.root, args.library))
