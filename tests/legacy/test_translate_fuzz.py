"""translate() answers bad legacy values with TranslationError, never a crash.

Real legacy configs (the fixture tree) with values replaced at random by
wrong types and shapes, a fixed seed: every translation either succeeds (and
emits) or raises one TranslationError naming a key.
"""

from __future__ import annotations

import copy
import random
from pathlib import Path

from mmcompat.legacy.emit import emit
from mmcompat.legacy.report import TranslationError
from mmcompat.legacy.translate import translate
from mmcompat.legacy.translate.tree import load_legacy

TREE = Path(__file__).parents[2] / "fixtures/legacy_configs/tree"
KEYS = (
    "lr_config",
    "momentum_config",
    "optimizer",
    "optimizer_config",
    "fp16",
    "checkpoint_config",
    "log_config",
    "evaluation",
    "custom_hooks",
    "timer_config",
    "runner",
    "workflow",
    "total_epochs",
    "total_iters",
    "data",
    "dist_params",
    "resume_from",
    "auto_resume",
    "load_from",
    "seed",
    "find_unused_parameters",
    "cudnn_benchmark",
    "train_cfg",
    "test_cfg",
)
WRONG = (
    None,
    0,
    -1,
    1.5,
    "x",
    [],
    {},
    [1],
    {"a": 1},
    True,
    {"type": "X"},
    [{"type": None}],
    ("train",),
    [("train", 0)],
    {"policy": "step"},
    {"interval": "x", "hooks": [1]},
    {"policy": "CosineAnnealing", "min_lr": "a"},
    [[1, 2]],
    {"type": ["a"]},
)


def _mutate(node, rng, depth=0):
    if isinstance(node, dict) and node and depth < 3 and rng.random() < 0.7:
        key = rng.choice(sorted(node, key=str))
        node[key] = _mutate(node[key], rng, depth + 1)
        return node
    if isinstance(node, list) and node and depth < 3 and rng.random() < 0.7:
        i = rng.randrange(len(node))
        node[i] = _mutate(node[i], rng, depth + 1)
        return node
    return copy.deepcopy(rng.choice(WRONG))


def test_mutated_configs_translate_or_raise_translation_error():
    seeds = [load_legacy(str(p)) for p in sorted((TREE / "toy").glob("*.py"))]
    rng = random.Random(0)
    outcomes = {"ok": 0, "error": 0}
    for _ in range(1500):
        cfg = copy.deepcopy(rng.choice(seeds))
        for _ in range(rng.randint(1, 3)):
            key = rng.choice(KEYS)
            cfg[key] = _mutate(cfg.get(key, {}), rng)
        try:
            new, report = translate(cfg, target=rng.choice(["mmcompat", "mmengine"]))
            emit(new, report)
            outcomes["ok"] += 1
        except TranslationError as exc:
            assert exc.key and exc.message
            outcomes["error"] += 1
    assert outcomes["ok"] > 100 and outcomes["error"] > 100
