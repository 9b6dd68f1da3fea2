"""Legacy configs load as MMCV 1.7.2 loads them; new-style as MMEngine 0.10.7.

The expected dicts were recorded from the real libraries by
``fixtures/golden/legacy_config_loading/record.py`` (see its golden.json).
"""

from __future__ import annotations

import builtins
import json
from pathlib import Path

import pytest

from mmcompat.cli.main import main
from mmcompat.config import Config
from mmcompat.legacy.config_file import load_legacy_config

ROOT = Path(__file__).resolve().parents[2]
GOLDEN_DIR = ROOT / "fixtures" / "golden" / "legacy_config_loading"
GOLDEN = json.loads((GOLDEN_DIR / "golden.json").read_text())
CONFIGS = sorted(GOLDEN["configs"])


@pytest.fixture
def recorded_environment(monkeypatch):
    for name, value in GOLDEN["environment"].items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("MMCOMPAT_GOLDEN_UNSET", raising=False)


@pytest.mark.parametrize("name", CONFIGS)
def test_legacy_config_loads_as_mmcv_1_7_2(name, recorded_environment):
    expected = GOLDEN["configs"][name]["mmcv"]
    assert load_legacy_config(str(GOLDEN_DIR / name)) == expected["cfg"]


@pytest.mark.parametrize("name", CONFIGS)
def test_new_style_config_loads_as_mmengine_0_10_7(name, recorded_environment):
    expected = GOLDEN["configs"][name]["mmengine"]
    if "error" in expected:
        with pytest.raises(getattr(builtins, expected["error"])):
            Config.fromfile(str(GOLDEN_DIR / name))
    else:
        assert Config.fromfile(str(GOLDEN_DIR / name)).to_dict() == expected["cfg"]


def test_the_oracle_records_the_two_differences():
    # guards the fixture itself: the cases must tell the two libraries apart
    configs = GOLDEN["configs"]
    assert configs["env_template.py"]["mmcv"] != configs["env_template.py"]["mmengine"]
    assert configs["env_variables_key.py"]["mmengine"] == {"error": "KeyError"}


def test_convert_keeps_an_env_template_as_mmcv_did(recorded_environment, capsys):
    assert main(["convert", str(GOLDEN_DIR / "env_template.py"), "-q"]) == 1
    out = capsys.readouterr().out
    assert "work_dir = '{{$MMCOMPAT_GOLDEN_WORK_DIR:./work_dirs/env}}'" in out


def test_convert_accepts_a_key_named_env_variables(capsys):
    assert main(["convert", str(GOLDEN_DIR / "env_variables_key.py"), "-q"]) == 1
    assert "env_variables = dict(OMP_NUM_THREADS='1')" in capsys.readouterr().out


def test_reserved_mmcv_key_is_refused_in_one_line(tmp_path, capsys):
    path = tmp_path / "cfg.py"
    path.write_text("pretty_text = 1\nlr_config = dict(policy='fixed')\n")
    assert main(["convert", str(path), "-q"]) == 2
    err = capsys.readouterr().err
    assert err == (
        "cfg.py: pretty_text: is reserved (MMCV 1.x: filename, text and "
        "pretty_text are Config attributes) and cannot be a config key\n"
    )


def test_convert_flags_an_env_template_the_new_style_loader_would_substitute(
    recorded_environment, capsys
):
    assert main(["convert", str(GOLDEN_DIR / "env_template.py")]) == 1
    captured = capsys.readouterr()
    assert (
        "  TODO work_dir: '{{$MMCOMPAT_GOLDEN_WORK_DIR:./work_dirs/env}}' was "
        "plain text for MMCV 1.x; a new-style config replaces it with "
        "$MMCOMPAT_GOLDEN_WORK_DIR (or './work_dirs/env') when loaded: write "
        "the value you mean\n"
    ) in captured.err
    assert "# TODO(mmcompat): '{{$MMCOMPAT_GOLDEN_WORK_DIR" in captured.out
