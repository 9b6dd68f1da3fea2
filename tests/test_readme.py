"""README.md stays true: its catalogues are generated from the tests' data."""

from __future__ import annotations

from pathlib import Path

from tests.legacy.translate_examples import catalogue

ROOT = Path(__file__).resolve().parents[1]


def test_readme_lists_every_translated_key_as_the_tests_check_it():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert catalogue().strip() in readme, (
        "README's list of translated keys is out of date: regenerate it with "
        "`python tests/legacy/translate_examples.py`"
    )


def test_readme_test_command_is_the_one_ci_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = "python -m pytest tests"
    assert f"```bash\n{command}\n```" in readme
    assert command in ci.splitlines()
