from __future__ import annotations

import json
import os.path as osp
import textwrap
from pathlib import Path

import pytest

GOLDEN_DIR = Path(__file__).resolve().parents[2] / "fixtures" / "golden" / "config"


def decode(value):
    """Undo record.py's encoding: ``{"__tuple__": [...]}`` is a tuple."""
    if isinstance(value, dict):
        if set(value) == {"__tuple__"}:
            return tuple(decode(item) for item in value["__tuple__"])
        return {key: decode(item) for key, item in value.items()}
    if isinstance(value, list):
        return [decode(item) for item in value]
    return value


@pytest.fixture(scope="session")
def golden() -> dict:
    with open(GOLDEN_DIR / "golden.json", encoding="utf-8") as file:
        return json.load(file)


@pytest.fixture
def write(tmp_path):
    """write('a/b.py', text) -> absolute path of the new file."""

    def _write(name: str, text: str) -> str:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return osp.join(str(tmp_path), name)

    return _write
