"""README.md and docs/ stay true: every code example runs or is checked.

How each fenced code block is treated (run, compared with a file, checked as
a codemod before/after pair, or marked ``<!-- not-run: REASON -->``) is
described in ``tests/doc_examples.py``. Besides the examples: README.md is
at most 200 lines and gives the set-up and test commands of ``.ci/run``;
the catalogue of translated keys in docs/convert.md is the one generated
from ``tests/legacy/translate_examples.py``; relative links resolve (files
and headings); and every flag the pages give an ``mmcompat`` subcommand (in
a command in a code block or an inline code span, or in an option table
under a heading naming ``mmcompat SUBCOMMAND``) is in that subcommand's
``--help``.
"""

from __future__ import annotations

import functools
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.doc_examples import MARKERS, PAGES, ROOT, Block, blocks, without_blocks

SUBCOMMANDS = ("train", "test", "run", "convert", "codemod")


# -- the pages themselves ------------------------------------------------------


def test_readme_is_at_most_200_lines():
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 200, f"README.md has {len(lines)} lines: move detail to docs/"


def test_readme_set_up_and_test_commands_are_the_ones_ci_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert "```bash\npython -m pytest tests\n```" in readme
    assert "python -m pytest tests" in ci
    installs = [line for line in ci if line.startswith("python -m pip install")]
    setup = "```bash\n" + "\n".join(c.replace("python -m pip", "pip") for c in installs)
    assert installs and setup + "\n```" in readme, (
        "README's set-up differs from .ci/run"
    )


def test_every_block_marker_is_known():
    for page in PAGES:
        for block in blocks(page):
            assert block.marker in (None, *MARKERS), f"{block.where}: {block.marker}"
            if block.marker == "not-run":
                assert block.argument, f"{block.where}: say why it is not run"


def test_convert_catalogue_is_generated_from_the_tests():
    from tests.legacy.translate_examples import DOC, catalogue, catalogue_in_doc

    assert catalogue_in_doc(DOC.read_text(encoding="utf-8")).strip() == (
        catalogue().strip()
    ), (
        "docs/convert.md's list of translated keys is out of date: regenerate "
        "it with `python tests/legacy/translate_examples.py --write`"
    )


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    text = heading.strip().lower().replace("`", "")
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def _anchors(page: Path) -> set[str]:
    seen: dict[str, int] = {}
    anchors = set()
    for line in without_blocks(page.read_text(encoding="utf-8")).splitlines():
        if re.match(r"#{1,6} ", line):
            slug = _slug(line.lstrip("#"))
            anchors.add(slug if slug not in seen else f"{slug}-{seen[slug]}")
            seen[slug] = seen.get(slug, 0) + 1
    return anchors


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_relative_links_resolve(page):
    text = without_blocks(page.read_text(encoding="utf-8"))
    broken = []
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"[a-z]+:", target):
            continue
        path, _, anchor = target.partition("#")
        dest = (page.parent / path).resolve() if path else page
        if not dest.exists():
            broken.append(f"{target}: no such file")
        elif anchor and dest.suffix == ".md" and anchor not in _anchors(dest):
            broken.append(f"{target}: no heading with that anchor")
    assert not broken, f"{page.name}: " + "; ".join(broken)


# -- CLI flags -----------------------------------------------------------------


@functools.cache
def _help(sub: str) -> str:
    from mmcompat.cli.main import build_parser

    parser = build_parser()
    action = next(a for a in parser._subparsers._group_actions if a.choices)
    return action.choices[sub].format_help()


def _flags_in_command(sub: str, rest: str) -> list[str]:
    """Flags given to ``mmcompat SUB`` in ``rest`` (the text after it)."""
    rest = re.split(r"\s#\s|\s#$|&&|\|\||;|\|", rest)[0]
    try:
        tokens = shlex.split(rest.replace("[", " ").replace("]", " "))
    except ValueError:
        tokens = rest.split()
    flags: list[str] = []
    value_expected = False
    for token in tokens:
        if token.startswith("-") and token != "-":
            flag = token.split("=")[0]
            flags.append(flag)
            # an option that takes a value shows a metavar after it in --help
            value_expected = "=" not in token and bool(
                re.search(rf"{re.escape(flag)} [A-Z]", _help(sub))
            )
        elif value_expected:
            value_expected = False
        elif sub == "run":
            break  # the script: what follows are the script's own arguments
    return flags


def documented_flags() -> list[tuple[str, str, str]]:
    """(where, subcommand, flag) for every flag the pages give mmcompat."""
    found = []
    command = re.compile(rf"\bmmcompat\s+({'|'.join(SUBCOMMANDS)})\b(.*)")
    for page in PAGES:
        name = page.relative_to(ROOT)
        for block in blocks(page):
            if block.lang not in ("bash", ""):
                continue
            text = block.text.replace("\\\n", " ")
            for n, line in enumerate(text.splitlines()):
                for match in command.finditer(line):
                    sub, rest = match.groups()
                    for flag in _flags_in_command(sub, rest):
                        found.append((f"{block.where}+{n + 1}", sub, flag))
        heading_sub = None
        lines = without_blocks(page.read_text(encoding="utf-8")).splitlines()
        for n, line in enumerate(lines, 1):
            if line.startswith("#"):
                subs = re.findall(rf"`mmcompat ({'|'.join(SUBCOMMANDS)})`", line)
                heading_sub = subs[0] if subs else None
            for span in re.findall(r"`([^`]+)`", line):
                match = command.search(span)
                if match:
                    for flag in _flags_in_command(*match.groups()):
                        found.append((f"{name}:{n}", match.group(1), flag))
                elif heading_sub and line.startswith("| `-") and span.startswith("-"):
                    found.append((f"{name}:{n}", heading_sub, span.split()[0]))
                    break  # the first cell only
    return found


def test_documented_flags_exist_in_the_cli_help():
    flags = documented_flags()
    assert len(flags) > 20, "the flag scan found too little: is it broken?"
    missing = [
        f"{where}: mmcompat {sub} {flag}"
        for where, sub, flag in flags
        if not re.search(rf"(?<![\w-]){re.escape(flag)}(?![\w-])", _help(sub))
    ]
    assert not missing, "flags not in `--help`:\n" + "\n".join(missing)


# -- codemod before/after pairs ------------------------------------------------


def _codemod_pairs() -> list[Block]:
    return [b for page in PAGES for b in blocks(page) if b.marker == "codemod"]


@pytest.mark.parametrize("block", _codemod_pairs(), ids=lambda b: b.where)
def test_codemod_example(block):
    from codemods.engine import rewrite_source

    lines = block.text.splitlines(keepends=True)
    assert lines[0] == "# before\n" and lines.count("# after\n") == 1, block.where
    split = lines.index("# after\n")
    before, after = "".join(lines[1:split]), "".join(lines[split + 1 :])
    args = block.argument.split()
    target = args[args.index("--target") + 1] if "--target" in args else "mmcompat"
    assert rewrite_source(before, target=target)[0] == after


# -- running the examples ------------------------------------------------------


# -- running the examples ------------------------------------------------------

RUNNABLE = [p for p in PAGES if any(b.runs for b in blocks(p))]


def _example_env(tmp: Path) -> dict[str, str]:
    """``mmcompat`` and ``python`` on PATH, as after ``pip install -e .``."""
    bin_dir = tmp / ".bin"
    bin_dir.mkdir()
    shims = {
        "mmcompat": f'exec "{sys.executable}" -m mmcompat "$@"\n',
        "python": f'exec "{sys.executable}" "$@"\n',
    }
    for name, body in shims.items():
        shim = bin_dir / name
        shim.write_text(
            f'#!/bin/sh\nPYTHONPATH="{ROOT}${{PYTHONPATH:+:$PYTHONPATH}}"\n'
            f"export PYTHONPATH\n{body}"
        )
        shim.chmod(0o755)
    env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    env["PYTHONPATH"] = str(ROOT)
    return env


def _start(page: Path, tmp: Path) -> subprocess.Popen:
    """Run a page's examples in a scratch copy of fixtures/, in the background."""
    shutil.copytree(
        ROOT / "fixtures",
        tmp / "fixtures",
        ignore=shutil.ignore_patterns("golden", "__pycache__"),
    )
    shutil.copy(ROOT / ".libcst.codemod.yaml", tmp)
    with open(tmp / "output.txt", "w") as output:  # a pipe could fill and block
        return subprocess.Popen(
            [sys.executable, "-m", "tests.doc_examples", str(page)],
            cwd=tmp,
            env=_example_env(tmp),
            stdout=output,
            stderr=subprocess.STDOUT,
        )


@pytest.fixture(scope="module")
def page_runs(request, tmp_path_factory):
    """The selected pages' runs, started together (they are independent):
    ``{page: (process, scratch directory)}``."""
    selected = {
        item.callspec.params["page"]
        for item in request.session.items
        if getattr(item, "originalname", None) == "test_examples_run"
    }
    runs = {}
    for page in RUNNABLE:
        if page in selected:
            scratch = tmp_path_factory.mktemp(page.stem)
            runs[page] = (_start(page, scratch), scratch)
    yield runs
    for proc, _ in runs.values():
        if proc.poll() is None:
            proc.kill()
            proc.wait()


@pytest.mark.parametrize("page", RUNNABLE, ids=lambda p: p.name)
def test_examples_run(page, page_runs):
    proc, scratch = page_runs[page]
    proc.wait(timeout=600)
    output = (scratch / "output.txt").read_text(encoding="utf-8", errors="replace")
    assert proc.returncode == 0, output[-12000:]
