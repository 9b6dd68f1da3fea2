"""Progress bars (their text output) and timers."""

from __future__ import annotations

import io
import re
import time

import pytest

from mmcompat import utils

BAR_LINE = re.compile(
    r"\r\[(?P<bar>[> ]+)\] (?P<done>\d+)/(?P<total>\d+), [\d.]+ task/s, "
    r"elapsed: \d+s, ETA: +\d+s"
)


def _square(x: int) -> int:
    return x * x


def test_progress_bar_draws_start_and_each_update() -> None:
    out = io.StringIO()
    bar = utils.ProgressBar(4, bar_width=8, file=out)
    assert out.getvalue() == "[        ] 0/4, elapsed: 0s, ETA:"
    for _ in range(4):
        bar.update()
    lines = list(BAR_LINE.finditer(out.getvalue()))
    assert [m["done"] for m in lines] == ["1", "2", "3", "4"]
    assert lines[-1]["bar"] == ">" * len(lines[-1]["bar"])
    assert lines[1]["bar"].count(">") == len(lines[1]["bar"]) // 2


def test_progress_bar_without_total_counts() -> None:
    out = io.StringIO()
    bar = utils.ProgressBar(file=out)
    bar.update(3)
    assert out.getvalue().startswith("completed: 0, elapsed: 0s")
    assert re.search(r"completed: 3, elapsed: \d+s, [\d.]+ tasks/s$", out.getvalue())
    with pytest.raises(ValueError):
        bar.update(0)


def test_progress_bar_defaults_to_current_stdout(capsys) -> None:
    utils.ProgressBar(2).update()
    assert "1/2" in capsys.readouterr().out


def test_track_progress_returns_results_and_draws(capsys) -> None:
    assert utils.track_progress(_square, [1, 2, 3]) == [1, 4, 9]
    out = capsys.readouterr().out
    assert "3/3" in out and out.endswith("\n")


def test_track_progress_passes_kwargs_and_accepts_iterable_with_count() -> None:
    out = io.StringIO()
    results = utils.track_progress(
        lambda x, add: x + add, (iter([1, 2]), 2), file=out, add=10
    )
    assert results == [11, 12] and "2/2" in out.getvalue()


def test_track_progress_rejects_other_task_types() -> None:
    with pytest.raises(TypeError, match="sequence"):
        utils.track_progress(_square, iter([1]))


def test_track_iter_progress_yields_each_task() -> None:
    out = io.StringIO()
    assert list(utils.track_iter_progress([5, 6], file=out)) == [5, 6]
    assert "2/2" in out.getvalue()


def test_track_parallel_progress_runs_in_processes() -> None:
    out = io.StringIO()
    results = utils.track_parallel_progress(_square, list(range(6)), nproc=2, file=out)
    assert results == [0, 1, 4, 9, 16, 25]
    assert "6/6" in out.getvalue()
    unordered = utils.track_parallel_progress(
        _square, list(range(6)), nproc=2, keep_order=False, skip_first=True, file=out
    )
    assert sorted(unordered) == [0, 1, 4, 9, 16, 25]


def test_timer_measures_and_checks() -> None:
    timer = utils.Timer()
    time.sleep(0.02)
    assert 0.015 <= timer.since_last_check() < 1.0
    assert timer.since_last_check() < 0.015
    assert timer.since_start() >= 0.015
    assert timer.is_running


def test_timer_context_prints_elapsed(capsys) -> None:
    with utils.Timer(print_tmpl="took {:.1f}s") as timer:
        pass
    assert capsys.readouterr().out == "took 0.0s\n"
    with pytest.raises(utils.TimerError, match="not running"):
        timer.since_start()


def test_timer_not_started_raises() -> None:
    timer = utils.Timer(start=False)
    with pytest.raises(utils.TimerError):
        timer.since_last_check()


def test_check_time_first_call_zero_then_interval() -> None:
    key = f"test-{time.time()}"
    assert utils.check_time(key) == 0
    time.sleep(0.01)
    assert 0.005 <= utils.check_time(key) < 1.0
