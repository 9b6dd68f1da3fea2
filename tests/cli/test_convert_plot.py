"""``mmcompat convert --plot DIR``: the legacy and converted schedules drawn."""

from __future__ import annotations

import pytest

from mmcompat.cli.main import main

matplotlib = pytest.importorskip("matplotlib")

from matplotlib import colors as mcolors  # noqa: E402
from matplotlib import image as mimage  # noqa: E402

from mmcompat.legacy.plot import CONVERTED_COLOR, LEGACY_COLOR  # noqa: E402

# A detection schedule (exact with stock schedulers) and a cyclic momentum
# (only approximated by stock MMEngine schedulers: the curves differ).
CONFIG = """\
runner = dict(type='EpochBasedRunner', max_epochs=12)
optimizer = dict(type='SGD', lr=0.02, momentum=0.9, weight_decay=0.0001)
optimizer_config = dict(grad_clip=None)
lr_config = dict(
    policy='step', warmup='linear', warmup_iters=100, warmup_ratio=0.001,
    step=[8, 11])
momentum_config = dict(
    policy='cyclic', target_ratio=(0.85 / 0.95, 1), cyclic_times=1,
    step_ratio_up=0.4)
"""


def _columns_with(image, color: str, tol: float = 0.2) -> int:
    """How many pixel columns hold ``color`` (antialiased lines blend, hence
    the tolerance). A curve spans most columns of its panel; the legend's
    line sample only a few, so it cannot pass for a curve."""
    rgb = mcolors.to_rgb(color)
    close = abs(image[:, :, :3] - rgb).max(axis=2) < tol
    return int(close.any(axis=0).sum())


def _plot(tmp_path, *extra: str):
    src = tmp_path / "faster_rcnn_r50_fpn_1x.py"
    src.write_text(CONFIG)
    plots = tmp_path / "plots"
    code = main(
        ["convert", str(src), "-o", str(tmp_path / "new.py"), "--plot", str(plots)]
        + list(extra)
    )
    return code, plots / "faster_rcnn_r50_fpn_1x.png"


def test_plot_draws_the_legacy_and_the_converted_curve(tmp_path):
    code, png = _plot(tmp_path, "--target", "mmengine", "-q")
    assert code == 1  # the approximated momentum is a TODO
    assert png.is_file()
    image = mimage.imread(str(png))
    height, width = image.shape[:2]
    # each panel (lr above, momentum below) shows both curves across its
    # plot area
    for panel in (image[: height // 2], image[height // 2 :]):
        assert _columns_with(panel, LEGACY_COLOR) > width // 3
        assert _columns_with(panel, CONVERTED_COLOR) > width // 3
    # and the two colours are distinct lines, not one colour matched twice
    assert mcolors.to_rgb(LEGACY_COLOR) != mcolors.to_rgb(CONVERTED_COLOR)


def test_plot_title_names_the_deviation(tmp_path, monkeypatch):
    from mmcompat.legacy import plot

    titles = []
    real = plot.plot_schedules

    def spy(new_cfg, report, path, title):
        curves = plot.schedule_curves(new_cfg, report)
        titles.append({c["key"]: c["max_rel_deviation"] for c in curves})
        return real(new_cfg, report, path, title)

    monkeypatch.setattr(plot, "plot_schedules", spy)
    code, png = _plot(tmp_path, "-q")
    assert png.is_file()
    [deviations] = titles
    # target mmcompat: the lr is exact with stock schedulers, the momentum
    # is written as mmcompat's exact scheduler: both replay MMCV
    assert deviations["lr_config"] < 1e-9
    assert deviations["momentum_config"] < 1e-9


def test_a_config_without_a_schedule_gets_no_plot(tmp_path):
    src = tmp_path / "plain.py"
    src.write_text("model = dict(type='X')\n")
    plots = tmp_path / "plots"
    main(
        [
            "convert",
            str(src),
            "-o",
            str(tmp_path / "new.py"),
            "--plot",
            str(plots),
            "-q",
        ]
    )
    assert not (plots / "plain.png").exists()


def test_a_library_policy_is_named_as_not_plotted(tmp_path, capsys):
    # drawing a library's policy needs its registered class; convert imports
    # no library code, so it says so and draws the rest
    src = tmp_path / "edsr.py"
    src.write_text(
        "runner = dict(type='IterBasedRunner', max_iters=300)\n"
        "optimizer = dict(type='Adam', lr=1e-4)\n"
        "lr_config = dict(policy='Linear', target_lr=0, start=100, interval=10)\n"
    )
    plots = tmp_path / "plots"
    code = main(
        ["convert", str(src), "-o", str(tmp_path / "new.py"), "--plot", str(plots)]
    )
    assert code == 0
    err = capsys.readouterr().err
    assert "not plotted" in err and "LinearLrUpdaterHook" in err
    assert not (plots / "edsr.png").exists()
    assert "MMCVLrPolicy" in (tmp_path / "new.py").read_text()
