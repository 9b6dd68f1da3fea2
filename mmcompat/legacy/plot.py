"""``convert --plot``: the legacy schedule and the converted one, drawn.

One figure per converted config with a schedule: a panel per translated
schedule (lr, and momentum where the config schedules it), the value MMCV
gives each iteration (replayed by mmcompat's exact MMCV schedulers) and the
value the converted ``param_scheduler`` gives, over the config's training
length (epoch-based configs with an epoch of
:data:`~mmcompat.legacy.deviation.PLOT_EPOCH_LENGTH` iterations), with the
largest relative deviation in the title. Needs matplotlib (the ``plot``
extra) and torch (through :mod:`.deviation`).
"""

from __future__ import annotations

import os
import os.path as osp

from .deviation import schedule_curves
from .report import Report

__all__ = ["plot_schedules", "LEGACY_COLOR", "CONVERTED_COLOR"]

#: line colours (the converted curve is dashed, on top of the legacy one)
LEGACY_COLOR = "#1f77b4"
CONVERTED_COLOR = "#d62728"


def plot_schedules(new_cfg: dict, report: Report, path: str, title: str) -> str | None:
    """Draw the schedules of one converted config into ``path`` (PNG).

    Returns None when written, else why not (no schedule, or none could be
    replayed).
    """
    curves = [c for c in schedule_curves(new_cfg, report) if "legacy" in c]
    if not curves:
        notes = [c["note"] for c in schedule_curves(new_cfg, report)]
        return notes[0] if notes else "no schedule"
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    fig, axes = plt.subplots(
        len(curves), 1, figsize=(8, 3.2 * len(curves)), squeeze=False
    )
    worst = max(c["max_rel_deviation"] for c in curves)
    for ax, curve in zip(axes[:, 0], curves):
        steps = range(len(curve["legacy"]))
        ax.plot(steps, curve["legacy"], color=LEGACY_COLOR, lw=4, label="legacy (MMCV)")
        ax.plot(
            steps,
            curve["converted"],
            color=CONVERTED_COLOR,
            lw=1.5,
            ls="--",
            label="converted",
        )
        unit = (
            f"iteration (epoch = {curve['epoch_length']} iterations)"
            if "epoch_length" in curve
            else "iteration"
        )
        ax.set_xlabel(unit)
        ax.set_ylabel(curve["param"])
        ax.set_title(
            f"{curve['key']}: max relative deviation {curve['max_rel_deviation']:.3g}",
            fontsize=9,
        )
        ax.legend(fontsize=8)
    fig.suptitle(f"{title}: max relative deviation {worst:.3g}", fontsize=10)
    fig.tight_layout()
    os.makedirs(osp.dirname(osp.abspath(path)), exist_ok=True)
    tmp = f"{path}.tmp.png"
    fig.savefig(tmp, dpi=80)
    plt.close(fig)
    os.replace(tmp, path)
    return None
