"""Runner overhead against a plain PyTorch loop (and MMEngine when importable).

    python benchmarks/runner_overhead.py            # mmcompat (+ MMEngine if installed)
    /path/to/venv-with-mmengine/bin/python benchmarks/runner_overhead.py

Measured in one process as CPU time (``time.process_time``; one torch
thread), on the same MLP step (~220 us on one CPU core):

1. per-iteration overhead of ``Runner.train()`` (default hooks, LoggerHook
   every 50 iterations, IterBasedTrainLoop) over ``for x, y in loader:
   zero_grad; loss; backward; step``, both fed by the same DataLoader of
   pre-made batches; best of several repeats;
2. the same with the MessageHub holding 1k and 1M earlier updates of every
   logged scalar (the cost must not grow with history);
3. runner construction plus the first iteration, against the raw loop's
   first iteration (model and data built beforehand for both);
4. CPU time of ``import mmcompat.runner`` after ``import torch``
   (subprocesses, best of 3).

Targets: overhead <= ~30 us/iter, construction + first iteration <= 100 ms
over raw, flat cost with history. Not a test: numbers vary by machine.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if REPO not in sys.path:  # run from a venv where mmcompat is not installed
    sys.path.insert(0, REPO)

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
from torch.utils.data import DataLoader  # noqa: E402

torch.set_num_threads(1)
# CPU time of this process: on a shared machine, wall time mostly measures
# the neighbours; the work itself is single-threaded.
CLOCK = time.process_time
N_BATCHES = 650  # > ITERS: no dataloader restart (MMEngine sleeps 2 s on one)
BATCH, WIDTH = 32, 64
ITERS = 600
REPEATS = 5


def make_batches():
    g = torch.Generator().manual_seed(0)
    return [
        (torch.randn(BATCH, WIDTH, generator=g), torch.randn(BATCH, WIDTH, generator=g))
        for _ in range(N_BATCHES)
    ]


def make_loader(batches):
    # batch_size=None: the loader hands out the pre-made batches as they are
    return DataLoader(batches, batch_size=None, shuffle=False)


def mlp():
    torch.manual_seed(0)
    return nn.Sequential(
        nn.Linear(WIDTH, 2 * WIDTH), nn.ReLU(), nn.Linear(2 * WIDTH, WIDTH)
    )


def plain_loop(batches, iters):
    model = mlp()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    loader = make_loader(batches)
    done = 0
    start = CLOCK()
    while done < iters:
        for x, y in loader:
            optimizer.zero_grad()
            loss = ((model(x) - y) ** 2).mean()
            loss.backward()
            optimizer.step()
            done += 1
            if done == iters:
                break
    return (CLOCK() - start) / iters


def framework(name):
    """(Runner, BaseModel, MessageHub) of ``mmcompat`` or ``mmengine``."""
    if name == "mmengine":
        try:  # a torchvision stub without a version breaks MMEngine's env log
            import torchvision

            torchvision.__version__ = getattr(torchvision, "__version__", "0.0.0")
        except ImportError:
            pass
        from mmengine.logging import MessageHub
        from mmengine.model import BaseModel
        from mmengine.runner import Runner
    else:
        from mmcompat.logging import MessageHub
        from mmcompat.model import BaseModel
        from mmcompat.runner import Runner
    return Runner, BaseModel, MessageHub


def model_class(base):
    class MLPModel(base):
        def __init__(self):
            super().__init__()
            self.net = mlp()

        def forward(self, x, y, mode="loss"):
            return dict(loss=((self.net(x) - y) ** 2).mean())

    return MLPModel


class Clock:
    """A hook timing iterations between two iteration numbers."""

    def __init__(self, start, stop):
        self.start_iter, self.stop_iter = start, stop
        self.priority = "LOWEST"
        self.elapsed = None

    def before_train_iter(self, runner, batch_idx, data_batch=None):
        if runner.iter == self.start_iter:
            self.t0 = CLOCK()

    def after_train_iter(self, runner, batch_idx, data_batch=None, outputs=None):
        if runner.iter + 1 == self.stop_iter:
            self.elapsed = CLOCK() - self.t0


NO_DEFAULT_HOOKS = dict(
    runtime_info=None,
    timer=None,
    sampler_seed=None,
    logger=None,
    param_scheduler=None,
    checkpoint=None,
)
DEFAULT_HOOKS = dict(
    # the pre-batched loader has no sampler to seed (MMEngine's hook fails)
    sampler_seed=None,
    logger=dict(type="LoggerHook", interval=50),
    checkpoint=dict(type="CheckpointHook", interval=10**9),
)


def build_runner(
    name, batches, work_dir, iters, hook=None, default_hooks=DEFAULT_HOOKS
):
    Runner, BaseModel, _ = framework(name)
    if hook is not None:
        hook_base = __import__(f"{name}.hooks", fromlist=["Hook"]).Hook
        hook = type("ClockHook", (Clock, hook_base), {})(*hook)
    return Runner(
        model=model_class(BaseModel)(),
        work_dir=work_dir,
        train_dataloader=make_loader(batches),
        train_cfg=dict(by_epoch=False, max_iters=iters, val_interval=10**9),
        optim_wrapper=dict(optimizer=dict(type="SGD", lr=0.01)),
        default_hooks=default_hooks,
        custom_hooks=[hook] if hook is not None else None,
        log_level="WARNING",
        randomness=dict(seed=0),
        # MMEngine shares the logger/visualizer of runners built within the
        # same second (and of a deleted work dir): a unique name avoids it.
        experiment_name=f"bench{time.time_ns()}",
    )


def runner_per_iter(name, batches, history=0, default_hooks=DEFAULT_HOOKS):
    """Seconds per iteration over iterations [100, ITERS)."""
    with tempfile.TemporaryDirectory() as work_dir:
        runner = build_runner(
            name,
            batches,
            work_dir,
            ITERS,
            hook=(100, ITERS),
            default_hooks=default_hooks,
        )
        if history:
            hub = runner.message_hub
            value = torch.tensor(1.0)
            for key in ("train/loss", "train/lr", "train/time", "train/data_time"):
                for _ in range(history):
                    hub.update_scalar(key, value)
        runner.train()
        clock = next(h for h in runner.hooks if type(h).__name__ == "ClockHook")
        return clock.elapsed / (ITERS - 100)


def train_step_loop(name, batches, iters):
    """BaseModel.train_step + OptimWrapper without a Runner (attribution)."""
    _, BaseModel, _ = framework(name)
    build_optim_wrapper = __import__(
        f"{name}.optim", fromlist=["x"]
    ).build_optim_wrapper
    model = model_class(BaseModel)()
    optim_wrapper = build_optim_wrapper(
        model, dict(optimizer=dict(type="SGD", lr=0.01))
    )
    loader = make_loader(batches)
    done = 0
    start = CLOCK()
    while done < iters:
        for data in loader:
            model.train_step(data, optim_wrapper=optim_wrapper)
            done += 1
            if done == iters:
                break
    return (CLOCK() - start) / iters


def first_iteration(name, batches):
    """Seconds for Runner(...) + train() of one iteration, and the raw loop's
    first iteration (model/optimizer built, one step)."""
    with tempfile.TemporaryDirectory() as work_dir:
        start = CLOCK()
        runner = build_runner(name, batches, work_dir, 1)
        runner.train()
        runner_time = CLOCK() - start
    start = CLOCK()
    model = mlp()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    for x, y in make_loader(batches):
        optimizer.zero_grad()
        ((model(x) - y) ** 2).mean().backward()
        optimizer.step()
        break
    return runner_time, CLOCK() - start


def import_cpu_time(module):
    code = (
        "import time, torch; t = time.process_time(); "
        f"import {module}; print(time.process_time() - t)"
    )
    env = dict(
        os.environ, PYTHONPATH=REPO + os.pathsep + os.environ.get("PYTHONPATH", "")
    )
    times = [
        float(
            subprocess.run(
                [sys.executable, "-c", code],
                capture_output=True,
                text=True,
                env=env,
                check=True,
            ).stdout
        )
        for _ in range(3)
    ]
    return min(times)


def main():
    import logging

    logging.disable(logging.WARNING)
    batches = make_batches()
    names = ["mmcompat"]
    try:
        framework("mmengine")
        names.append("mmengine")
    except ImportError:
        pass

    plain_loop(batches, 200)  # warm up
    raw = min(plain_loop(batches, ITERS) for _ in range(REPEATS))
    print(f"plain PyTorch loop: {raw * 1e6:8.1f} us/iter")
    for name in names:
        first_iteration(name, batches)  # warm up imports and caches
        per_iter = min(runner_per_iter(name, batches) for _ in range(REPEATS))
        print(
            f"{name:9s} Runner:   {per_iter * 1e6:8.1f} us/iter  overhead "
            f"{(per_iter - raw) * 1e6:6.1f} us/iter  ratio {per_iter / raw:5.3f}"
        )
        step = min(train_step_loop(name, batches, ITERS) for _ in range(REPEATS))
        bare = min(
            runner_per_iter(name, batches, default_hooks=NO_DEFAULT_HOOKS)
            for _ in range(REPEATS)
        )
        print(
            f"{name:9s}   of which BaseModel.train_step + OptimWrapper (no Runner): "
            f"{(step - raw) * 1e6:6.1f} us; Runner loop without hooks: "
            f"{(bare - step) * 1e6:6.1f} us; default hooks: {(per_iter - bare) * 1e6:6.1f} us"
        )
        for history in (1_000, 1_000_000):
            if name == "mmengine" and history > 1000:
                continue  # MMEngine's history buffer is bounded too; skip the slow fill
            cost = min(runner_per_iter(name, batches, history) for _ in range(2))
            print(
                f"{name:9s} with {history:>9,} earlier MessageHub updates per key: "
                f"{cost * 1e6:8.1f} us/iter  ratio {cost / raw:5.3f}"
            )
        runner_first, raw_first = min(
            first_iteration(name, batches) for _ in range(REPEATS)
        )
        print(
            f"{name:9s} construction + first iteration: {runner_first * 1e3:7.1f} ms "
            f"(raw {raw_first * 1e3:.1f} ms, over raw {(runner_first - raw_first) * 1e3:.1f} ms)"
        )
        module = "mmcompat.runner" if name == "mmcompat" else "mmengine.runner"
        print(
            f"{name:9s} import {module} after torch: {import_cpu_time(module) * 1e3:7.1f} ms CPU"
        )


if __name__ == "__main__":
    main()
