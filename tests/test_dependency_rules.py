"""The dependency rules of DESIGN.md, checked on the real package."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORE_PACKAGES = [
    "config",
    "registry",
    "runner",
    "hooks",
    "optim",
    "model",
    "evaluator",
    "dataset",
    "logging",
    "visualization",
    "dist",
    "utils",
]


def _imported_modules(path: Path) -> set[str]:
    """Absolute module names imported by a source file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                if node.level > 1:
                    base = base[: -(node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


@pytest.mark.parametrize("package", CORE_PACKAGES)
def test_core_never_imports_legacy(package):
    offenders = []
    for path in sorted((ROOT / "mmcompat" / package).rglob("*.py")):
        legacy = {m for m in _imported_modules(path) if m.startswith("mmcompat.legacy")}
        if legacy:
            offenders.append(f"{path.relative_to(ROOT)}: {sorted(legacy)}")
    assert not offenders, "\n".join(offenders)


@pytest.mark.parametrize("package", CORE_PACKAGES)
def test_core_never_imports_mmengine_or_mmcv(package):
    # only mmcompat.legacy touches the real libraries (the run-unchanged overlay)
    offenders = []
    for path in sorted((ROOT / "mmcompat" / package).rglob("*.py")):
        real = {
            m
            for m in _imported_modules(path)
            if m.split(".")[0] in ("mmengine", "mmcv")
        }
        if real:
            offenders.append(f"{path.relative_to(ROOT)}: {sorted(real)}")
    assert not offenders, "\n".join(offenders)


def _package_files(*parts: str) -> list[Path]:
    path = ROOT.joinpath(*parts)
    return [path] if path.suffix == ".py" else sorted(path.rglob("*.py"))


def test_tables_import_no_torch_and_nothing_else_of_mmcompat():
    # the core, legacy, the codemods and the CLI all read the tables
    offenders = []
    for path in _package_files("mmcompat", "tables"):
        bad = {
            m
            for m in _imported_modules(path)
            if m.split(".")[0] == "torch"
            or (m.startswith("mmcompat") and not m.startswith("mmcompat.tables"))
        }
        if bad:
            offenders.append(f"{path.relative_to(ROOT)}: {sorted(bad)}")
    assert not offenders, "\n".join(offenders)


#: what the pure part of legacy (translate, report, emit, config_file) may
#: import of mmcompat
PURE_LEGACY_ALLOWED = (
    "mmcompat.tables",
    "mmcompat.legacy.config_file",
    "mmcompat.legacy.translate",
    "mmcompat.legacy.report",
    "mmcompat.legacy.emit",
    "mmcompat.config",
)


@pytest.mark.parametrize(
    "parts",
    [
        ("mmcompat", "legacy", "translate"),
        ("mmcompat", "legacy", "report.py"),
        ("mmcompat", "legacy", "emit.py"),
        ("mmcompat", "legacy", "config_file.py"),
    ],
)
def test_pure_legacy_imports_no_torch_and_no_runner(parts):
    offenders = []
    for path in _package_files(*parts):
        bad = {
            m
            for m in _imported_modules(path)
            if m.split(".")[0] == "torch"
            or (m.startswith("mmcompat") and not m.startswith(PURE_LEGACY_ALLOWED))
        }
        if bad:
            offenders.append(f"{path.relative_to(ROOT)}: {sorted(bad)}")
    assert not offenders, "\n".join(offenders)


def test_codemods_read_only_the_tables_and_translate_of_legacy():
    offenders = []
    for path in _package_files("codemods"):
        bad = {
            m
            for m in _imported_modules(path)
            if m.split(".")[0] == "torch"
            or (
                m.startswith("mmcompat.legacy")
                and not m.startswith("mmcompat.legacy.translate")
            )
        }
        if bad:
            offenders.append(f"{path.relative_to(ROOT)}: {sorted(bad)}")
    assert not offenders, "\n".join(offenders)


def _modules_loaded_by(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys; print(' '.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    return set(out.split())


@pytest.mark.parametrize(
    "statement",
    [
        "import mmcompat",
        "import mmcompat.config",
        "import mmcompat.registry",
        "import mmcompat.legacy.translate",
        "import mmcompat.legacy.emit",
        "import mmcompat.tables.symbols, mmcompat.tables.hook_points",
        "import mmcompat.tables.mmcv_policies, mmcompat.tables.registries",
        "import mmcompat.tables.config_keys",
        "import mmcompat.cli.main as m; m.build_parser()",
        "import codemods.imports, codemods.hooks, codemods.models",
        "import codemods.runner_scripts",
    ],
)
def test_torch_free_entry_points(statement):
    loaded = _modules_loaded_by(statement)
    assert "torch" not in loaded, f"{statement!r} imported torch"


def test_convert_and_codemod_commands_do_not_import_torch(tmp_path):
    src = tmp_path / "cfg.py"
    src.write_text("optimizer = dict(type='SGD', lr=0.1)\n")
    code = (
        "from mmcompat.cli.main import main\n"
        f"main(['convert', {str(src)!r}, '-o', {str(tmp_path / 'out.py')!r}])\n"
        f"main(['codemod', '--check', {str(src)!r}])\n"
    )
    loaded = _modules_loaded_by(code)
    assert "torch" not in loaded
