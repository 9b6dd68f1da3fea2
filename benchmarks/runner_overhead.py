"""Runner overhead against a plain PyTorch loop (and MMEngine / MMCV 1.x when importable).

    python benchmarks/runner_overhead.py             # mmcompat (+ MMEngine, MMCV if installed)
    /path/to/venv-with-mmengine/bin/python benchmarks/runner_overhead.py
    python benchmarks/runner_overhead.py --repeats 3 # quicker, noisier
    python benchmarks/runner_overhead.py --ratio-only --repeats 25

Everything runs in one process, measured as CPU time
(``time.process_time``; one torch thread), on the same MLP step (~220 us on
one CPU core). The loops are *interleaved*: each repeat runs the plain loop
and every framework variant once, so drifting machine load hits all of them
alike; the median and the best repeat are reported.

1. per-iteration time of ``Runner.train()`` (default hooks, LoggerHook every
   50 iterations, IterBasedTrainLoop) against ``for x, y in loader:
   zero_grad; loss; backward; step``, both fed by the same DataLoader of
   pre-made batches and timed over the same window of iterations
   (``WINDOW``: after a warm-up, ending before the last iteration, whose
   ``save_last`` checkpoint is not a per-iteration cost; the window holds one
   log line per 50 iterations). The clock is read by the dataset when the
   loader fetches the window's first and last batch, so nothing is added to
   the loops themselves (no timing hook in the runners). MMCV 1.x's
   ``IterBasedRunner``, when importable, runs the same step with the same
   hooks (``OptimizerHook``, ``IterTimerHook``, ``TextLoggerHook`` every 50
   iterations, an idle ``CheckpointHook``), its model returning ``log_vars``
   converted with ``.item()`` as MMCV 1.x models do;
2. the breakdown of the overhead: ``BaseModel.train_step`` + ``OptimWrapper``
   alone (no Runner), the Runner loop with no default hook, and the default
   hooks; plus, from one instrumented run, the CPU time each default hook
   spends in ``before_train_iter``/``after_train_iter`` (log lines included);
3. the same run with the MessageHub holding 1k and 1M earlier updates of
   every logged scalar (the cost must not grow with history);
4. runner construction plus the first iteration, against the raw loop's
   first iteration (model and data built beforehand for both);
5. CPU time of ``import <framework>.runner`` after ``import torch``
   (subprocesses, best of 3).

Targets: overhead <= 0.3 x MMEngine 0.10.7's and below MMCV 1.x's (the
ratios are printed), construction + first iteration <= 100 ms over raw, flat
cost with history. Not a test: numbers vary by machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
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
# Timed iterations: runner.iter in [100, 550): 100 warm-up iterations, and
# the last ones (with the final checkpoint) left out; 450 iterations hold 9
# log lines, as any 450 iterations of a long run.
WINDOW = (100, 550)
REPEATS = 7


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


class TimedBatches(list):
    """The pre-made batches, reading the clock when the loader fetches batch
    ``window[0]`` (start) and batch ``window[1]`` (stop).

    Every loop, plain or framework, fetches one batch at the start of each
    iteration, so the time between the two fetches is ``window[1] -
    window[0]`` whole iterations, measured without adding anything (a hook,
    a counter) to the loop being measured.
    """

    def __init__(self, batches, window=WINDOW):
        super().__init__(batches)
        self.window = window
        self.marks = {}

    def __getitem__(self, index):
        if index == self.window[0] or index == self.window[1]:
            self.marks[index] = CLOCK()
        return list.__getitem__(self, index)

    def per_iter(self):
        start, stop = self.window
        return (self.marks[stop] - self.marks[start]) / (stop - start)


def plain_loop(batches, iters=ITERS):
    """Seconds per iteration of the plain loop over ``WINDOW``."""
    model = mlp()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    timed = TimedBatches(batches)
    loader = make_loader(timed)
    done = 0
    while done < iters:
        for x, y in loader:
            optimizer.zero_grad()
            loss = ((model(x) - y) ** 2).mean()
            loss.backward()
            optimizer.step()
            done += 1
            if done == iters:
                break
    return timed.per_iter()


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


def build_runner(name, batches, work_dir, iters, default_hooks=DEFAULT_HOOKS):
    Runner, BaseModel, _ = framework(name)
    return Runner(
        model=model_class(BaseModel)(),
        work_dir=work_dir,
        train_dataloader=make_loader(batches),
        train_cfg=dict(by_epoch=False, max_iters=iters, val_interval=10**9),
        optim_wrapper=dict(optimizer=dict(type="SGD", lr=0.01)),
        default_hooks=default_hooks,
        log_level="WARNING",
        randomness=dict(seed=0),
        # MMEngine shares the logger/visualizer of runners built within the
        # same second (and of a deleted work dir): a unique name avoids it.
        experiment_name=f"bench{time.time_ns()}",
    )


def mmcv_model_class():
    """The MLP as an MMCV 1.x model: ``train_step(data, optimizer)`` returns
    the loss for ``OptimizerHook`` and ``log_vars`` as Python numbers, the
    way MMCV 1.x models did (``_parse_losses`` calls ``.item()``)."""
    from collections import OrderedDict

    class MMCVModel(nn.Module):
        def __init__(self):
            super().__init__()
            self.net = mlp()

        def forward(self, x, y):
            return ((self.net(x) - y) ** 2).mean()

        def train_step(self, data, optimizer, **kwargs):
            x, y = data
            loss = self(x, y)
            return dict(
                loss=loss, log_vars=OrderedDict(loss=loss.item()), num_samples=len(x)
            )

    return MMCVModel


def build_mmcv_runner(work_dir, iters):
    """MMCV 1.x ``IterBasedRunner`` with the hooks of ``DEFAULT_HOOKS``:
    OptimizerHook, IterTimerHook, TextLoggerHook every 50 iterations, an
    idle CheckpointHook (no lr_config: no scheduler, as ours)."""
    from mmcv.runner import IterBasedRunner
    from mmcv.utils import get_logger

    model = mmcv_model_class()()
    runner = IterBasedRunner(
        model,
        optimizer=torch.optim.SGD(model.parameters(), lr=0.01),
        work_dir=work_dir,
        logger=get_logger(f"bench{time.time_ns()}", log_level="WARNING"),
        max_iters=iters,
    )
    runner.register_training_hooks(
        lr_config=None,
        optimizer_config=dict(grad_clip=None),
        checkpoint_config=dict(interval=10**9),
        log_config=dict(interval=50, hooks=[dict(type="TextLoggerHook")]),
    )
    return runner


def mmcv_per_iter(batches):
    """Seconds per iteration of MMCV 1.x's runner over ``WINDOW``."""
    timed = TimedBatches(batches)
    with tempfile.TemporaryDirectory() as work_dir:
        runner = build_mmcv_runner(work_dir, ITERS)
        runner.run([make_loader(timed)], [("train", ITERS)])
    return timed.per_iter()


def mmcv_importable():
    try:
        import warnings

        with warnings.catch_warnings():  # its 2.0 announcement on import
            warnings.simplefilter("ignore")
            import mmcv.runner  # noqa: F401
    except ImportError:
        return False
    return True


def fill_history(hub, history):
    value = torch.tensor(1.0)
    for key in ("train/loss", "train/lr", "train/time", "train/data_time"):
        for _ in range(history):
            hub.update_scalar(key, value)


def runner_per_iter(name, batches, history=0, default_hooks=DEFAULT_HOOKS):
    """Seconds per iteration over ``WINDOW``."""
    timed = TimedBatches(batches)
    with tempfile.TemporaryDirectory() as work_dir:
        runner = build_runner(name, timed, work_dir, ITERS, default_hooks=default_hooks)
        if history:
            fill_history(runner.message_hub, history)
        runner.train()
    return timed.per_iter()


def train_step_loop(name, batches, iters=ITERS):
    """BaseModel.train_step + OptimWrapper without a Runner (attribution)."""
    _, BaseModel, _ = framework(name)
    build_optim_wrapper = __import__(
        f"{name}.optim", fromlist=["x"]
    ).build_optim_wrapper
    model = model_class(BaseModel)()
    optim_wrapper = build_optim_wrapper(
        model, dict(optimizer=dict(type="SGD", lr=0.01))
    )
    timed = TimedBatches(batches)
    loader = make_loader(timed)
    done = 0
    while done < iters:
        for data in loader:
            model.train_step(data, optim_wrapper=optim_wrapper)
            done += 1
            if done == iters:
                break
    return timed.per_iter()


def _timed(call, totals, key):
    def timed(runner, *args, **kwargs):
        if not WINDOW[0] <= runner.iter < WINDOW[1]:
            return call(runner, *args, **kwargs)
        start = time.thread_time()
        call(runner, *args, **kwargs)
        totals[key] += time.thread_time() - start

    return timed


def per_hook_times(name, batches):
    """CPU seconds per iteration each default hook spends in its
    train-iteration points (log lines included), from one run with every
    such call timed (``time.thread_time``: time the thread is descheduled
    does not count)."""
    totals = {}
    with tempfile.TemporaryDirectory() as work_dir:
        runner = build_runner(name, batches, work_dir, ITERS)
        for hook in runner.hooks:
            hook_name = type(hook).__name__
            for point in ("before_train_iter", "after_train_iter"):
                key = (hook_name, point)
                totals[key] = 0.0
                # an instance attribute: found by both runners' dispatch
                setattr(hook, point, _timed(getattr(hook, point), totals, key))
        runner.train()
    per_hook = {}
    for (hook_name, _), seconds in totals.items():
        per_iter = seconds / (WINDOW[1] - WINDOW[0])
        per_hook[hook_name] = per_hook.get(hook_name, 0.0) + per_iter
    return per_hook


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


def interleaved(variants, repeats):
    """Run every variant once per repeat; ``{name: [seconds, ...]}``."""
    results = {name: [] for name in variants}
    for _ in range(repeats):
        for name, run in variants.items():
            results[name].append(run())
    return results


def ratio_line(results, label, key):
    """mmcompat's overhead over that of ``key``: of the medians, and each
    repeat's own ratio (its runs sat next to each other, so a drift of the
    machine's speed between repeats cancels out)."""
    plain = results["plain"]
    ours = statistics.median(results["mmcompat Runner"]) - statistics.median(plain)
    theirs = statistics.median(results[key]) - statistics.median(plain)
    per_repeat = sorted(
        (c - p) / (e - p)
        for p, c, e in zip(plain, results["mmcompat Runner"], results[key])
    )
    line = (
        f"overhead of mmcompat / overhead of {label}: {ours / theirs:.3f} "
        f"(of the medians); per repeat: median {statistics.median(per_repeat):.3f}"
    )
    if len(per_repeat) >= 4:
        quartiles = statistics.quantiles(per_repeat, n=4)
        line += f", quartiles {quartiles[0]:.3f}-{quartiles[2]:.3f}"
    return line + f", range {per_repeat[0]:.3f}-{per_repeat[-1]:.3f}"


def us(seconds):
    return f"{seconds * 1e6:7.1f}"


def main():
    import logging

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=REPEATS)
    parser.add_argument(
        "--ratio-only",
        action="store_true",
        help="only the plain loop and the Runners (more repeats in the same "
        "time, for the ratio on a noisy machine)",
    )
    args = parser.parse_args()
    repeats, ratio_only = args.repeats, args.ratio_only
    logging.disable(logging.WARNING)
    batches = make_batches()
    names = ["mmcompat"]
    try:
        framework("mmengine")
        names.append("mmengine")
    except ImportError:
        pass
    with_mmcv = mmcv_importable()

    plain_loop(batches)  # warm up
    if with_mmcv:
        mmcv_per_iter(batches)
    for name in names:
        first_iteration(name, batches)  # warm up imports and caches
        train_step_loop(name, batches)

    variants = {"plain": lambda: plain_loop(batches)}
    for name in names:
        if not ratio_only:
            variants[f"{name} train_step"] = lambda n=name: train_step_loop(n, batches)
            variants[f"{name} no hooks"] = lambda n=name: runner_per_iter(
                n, batches, default_hooks=NO_DEFAULT_HOOKS
            )
        variants[f"{name} Runner"] = lambda n=name: runner_per_iter(n, batches)
    if with_mmcv:
        variants["mmcv 1.x Runner"] = lambda: mmcv_per_iter(batches)
    results = interleaved(variants, repeats)
    med = {k: statistics.median(v) for k, v in results.items()}
    best = {k: min(v) for k, v in results.items()}

    print(
        f"per iteration over {WINDOW[1] - WINDOW[0]} iterations, {repeats} "
        "interleaved repeats, CPU time (us):"
    )
    print(f"{'':22s} {'median':>7s} {'best':>7s}   overhead (median / best)  ratio")
    for key in variants:
        line = f"{key:22s} {us(med[key])} {us(best[key])}"
        if key != "plain":
            line += (
                f"   {us(med[key] - med['plain'])} / {us(best[key] - best['plain'])}"
                f"     {med[key] / med['plain']:5.3f}"
            )
        print(line)
    for name in [] if ratio_only else names:
        step, bare, full = (
            med[f"{name} {k}"] for k in ("train_step", "no hooks", "Runner")
        )
        print(
            f"{name}: overhead {us(full - med['plain'])} us/iter (median) = "
            f"train_step + OptimWrapper {us(step - med['plain'])}"
            f" + Runner loop and dispatch {us(bare - step)}"
            f" + default hooks {us(full - bare)}"
        )
        hooks = per_hook_times(name, batches)
        print(
            f"{name}:   per hook (instrumented run, CPU us/iter): "
            + ", ".join(f"{h} {t * 1e6:.1f}" for h, t in hooks.items())
        )

    for label, key, target in (
        ("MMEngine", "mmengine Runner", " (target <= 0.3)"),
        ("MMCV 1.x", "mmcv 1.x Runner", " (target < 1)"),
    ):
        if key in results:
            print(ratio_line(results, label, key) + target)

    if ratio_only:
        return
    for name in names:
        for history in (1_000, 1_000_000):
            if name == "mmengine" and history > 1000:
                continue  # MMEngine's buffer copies its history per update: skip
            runs = interleaved(
                {
                    "plain": lambda: plain_loop(batches),
                    "runner": lambda n=name, h=history: runner_per_iter(n, batches, h),
                },
                max(2, repeats // 2),
            )
            plain, cost = (statistics.median(v) for v in runs.values())
            print(
                f"{name} with {history:>9,} earlier MessageHub updates per key: "
                f"{us(cost)} us/iter, overhead {us(cost - plain)} us/iter "
                f"(median)"
            )
    for name in names:
        runner_first, raw_first = min(
            first_iteration(name, batches) for _ in range(repeats)
        )
        print(
            f"{name} construction + first iteration: {runner_first * 1e3:7.1f} ms "
            f"(raw {raw_first * 1e3:.1f} ms, over raw "
            f"{(runner_first - raw_first) * 1e3:.1f} ms)"
        )
        module = f"{name}.runner"
        print(
            f"{name} import {module} after torch: "
            f"{import_cpu_time(module) * 1e3:7.1f} ms CPU"
        )


if __name__ == "__main__":
    main()
