"""Text files as lists and dicts (``mmengine.fileio.parse``)."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

from .io import _backend


def list_from_file(
    filename: str | Path,
    prefix: str = "",
    offset: int = 0,
    max_num: int = 0,
    encoding: str = "utf-8",
    file_client_args: dict | None = None,
    backend_args: dict | None = None,
) -> list[str]:
    """The lines of a text file, without line endings.

    ``offset`` lines are skipped, at most ``max_num`` are kept (0 or less:
    all), and ``prefix`` is prepended to each.
    """
    text = _backend(filename, backend_args, file_client_args).get_text(
        filename, encoding
    )
    # StringIO splits on "\n" only, as MMEngine does (str.splitlines would
    # also split on form feeds and other separators).
    lines = list(StringIO(text))[offset:]
    if max_num > 0:
        lines = lines[:max_num]
    return [prefix + line.rstrip("\n\r") for line in lines]


def dict_from_file(
    filename: str | Path,
    key_type: type = str,
    encoding: str = "utf-8",
    file_client_args: dict | None = None,
    backend_args: dict | None = None,
) -> dict[Any, Any]:
    """A whitespace-separated text file as a dict.

    The first column of each line is the key (converted with ``key_type``);
    the value is the second column, or the list of all the following columns
    when there are more than two.
    """
    text = _backend(filename, backend_args, file_client_args).get_text(
        filename, encoding
    )
    mapping: dict[Any, Any] = {}
    for number, line in enumerate(StringIO(text), start=1):
        items = line.rstrip("\n").split()
        if len(items) < 2:
            raise ValueError(
                f"{filename}, line {number}: expected a key and at least one "
                f"value separated by whitespace, got {line!r}"
            )
        mapping[key_type(items[0])] = items[1:] if len(items) > 2 else items[1]
    return mapping
