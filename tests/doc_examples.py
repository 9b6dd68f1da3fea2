"""The code blocks of README.md and docs/, and how to run them.

Fenced code blocks are handled by their language and by an optional HTML
comment on the line right before the fence:

- ``bash``: run in a scratch copy of the repository's ``fixtures/`` (the
  current directory), command by command; a command fails the example when
  it exits with 2 or more (``mmcompat`` exits 1 for "done, with findings");
- ``python``: executed (a fresh namespace per block), or run as a doctest
  when it starts with ``>>>`` (the shown output is compared);
- ``<!-- file: PATH -->``: the block is the content of PATH (relative to the
  scratch directory) once the earlier examples of the page have run;
- ``<!-- codemod -->`` / ``<!-- codemod: --target mmengine -->``: a
  ``# before`` / ``# after`` pair: ``mmcompat codemod`` turns the first into
  exactly the second (checked by ``tests/test_docs.py``);
- ``<!-- not-run: REASON -->``: not run (installs packages, takes minutes);
  its ``mmcompat`` flags are still checked;
- any other language (``text``...) is output, not run.

The examples of one page run in order, in one scratch directory and one
interpreter, so a page can build on its earlier examples:

    python -m tests.doc_examples PAGE    # in the scratch directory

This module imports neither pytest nor torch: it is the interpreter the
examples run in.
"""

from __future__ import annotations

import doctest
import re
import shlex
import subprocess
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
MARKERS = ("not-run", "file", "codemod")

_FENCE = re.compile(r"^```(\w*)\s*$")
_MARKER = re.compile(r"^<!--\s*([\w-]+)\s*(?::\s*(.*?))?\s*-->\s*$")


@dataclass
class Block:
    page: Path
    line: int  # of the opening fence, 1-based
    lang: str
    text: str
    marker: str | None = None
    argument: str = ""

    @property
    def where(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"

    @property
    def runs(self) -> bool:
        return self.marker == "file" or (
            self.marker is None and self.lang in ("bash", "python")
        )


def blocks(page: Path) -> list[Block]:
    """The fenced code blocks of a Markdown page, in order."""
    lines = page.read_text(encoding="utf-8").splitlines()
    found, i = [], 0
    while i < len(lines):
        fence = _FENCE.match(lines[i])
        if not fence:
            i += 1
            continue
        end = next(j for j in range(i + 1, len(lines)) if lines[j] == "```")
        text = "\n".join(lines[i + 1 : end]) + "\n"
        block = Block(page, i + 1, fence.group(1), text)
        marker = _MARKER.match(lines[i - 1]) if i else None
        if marker:
            block.marker, block.argument = marker.group(1), marker.group(2) or ""
        found.append(block)
        i = end + 1
    return found


def without_blocks(text: str) -> str:
    """Markdown text with its fenced code blocks removed."""
    return re.sub(r"^```.*?^```$", "", text, flags=re.M | re.S)


def bash_script(block: Block) -> str:
    """The block's commands, each followed by a check of its exit code."""
    out = []
    for command in block.text.replace("\\\n", " ").splitlines():
        if not command.strip() or command.lstrip().startswith("#"):
            continue
        quoted = shlex.quote(command.strip())
        out.append(
            f"{command}\nrc=$?; if [ $rc -gt 1 ]; then "
            f'echo {quoted}": exit code $rc" >&2; exit 1; fi'
        )
    return "\n".join(out) + "\n"


def run_block(block: Block) -> str | None:
    """Run one block in the current directory; what went wrong, if anything."""
    if block.marker == "file":
        actual = Path(block.argument).read_text(encoding="utf-8")
        if actual != block.text:
            return f"differs from {block.argument}, which is:\n{actual}"
    elif block.lang == "bash":
        proc = subprocess.run(
            ["bash", "-c", bash_script(block)], capture_output=True, text=True
        )
        if proc.returncode:
            return proc.stdout[-3000:] + proc.stderr[-3000:]
    elif block.text.lstrip().startswith(">>>"):
        test = doctest.DocTestParser().get_doctest(
            block.text, {}, block.where, str(block.page), block.line
        )
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
        report: list[str] = []
        runner.run(test, out=report.append)
        if runner.failures:
            return "".join(report)
    else:
        exec(compile(block.text, block.where, "exec"), {"__name__": "__doc_example__"})
    return None


def run_page(page: Path) -> list[str]:
    """Run a page's examples in order in the current directory; the failures."""
    failures = []
    for block in blocks(page):
        if not block.runs:
            continue
        try:
            problem = run_block(block)
        except Exception:
            problem = traceback.format_exc()
        if problem:
            failures.append(f"{block.where}: {problem}")
    return failures


if __name__ == "__main__":
    failures = run_page(Path(sys.argv[1]))
    print("\n\n".join(failures))
    sys.exit(1 if failures else 0)
