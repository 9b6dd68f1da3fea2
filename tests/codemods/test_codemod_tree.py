"""A small 1.x library (fixtures/codemod_tree) codemodded as a whole: fp16
decorators, @mmcv.jit, get_logger, parrots_wrapper, a latin-1 file."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest

from codemods.engine import iter_python_files, process_files
from mmcompat.tables import symbols

TREE = Path(__file__).resolve().parents[2] / "fixtures" / "codemod_tree"


def _rewrite(tmp_path_factory, target: str) -> Path:
    root = tmp_path_factory.mktemp(target) / "codemod_tree"
    shutil.copytree(TREE, root)
    files = list(iter_python_files([str(root)]))
    results = list(process_files(files, target=target))
    assert [r.message for r in results if r.status == "skipped"] == []
    return root


@pytest.fixture(scope="module")
def mmcompat_tree(tmp_path_factory) -> Path:
    return _rewrite(tmp_path_factory, "mmcompat")


@pytest.fixture(scope="module")
def mmengine_tree(tmp_path_factory) -> Path:
    return _rewrite(tmp_path_factory, "mmengine")


def _legacy_left(root: Path, target: str) -> list[str]:
    """Imported legacy names a new install would not have, per file."""
    left = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_bytes())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "mmcv"
            ):
                for alias in node.names:
                    res = symbols.resolve(node.module, alias.name, target)
                    if res is not None and res.action != "keep":
                        left.append(f"{path.name}: {node.module}.{alias.name}")
            if isinstance(node, ast.Attribute) and ast.unparse(node).startswith(
                "mmcv.jit"
            ):
                left.append(f"{path.name}: mmcv.jit")
    return left


@pytest.mark.parametrize("target", ["mmcompat", "mmengine"])
def test_every_file_compiles_and_a_second_run_changes_nothing(
    target: str, request
) -> None:
    root = request.getfixturevalue(f"{target}_tree")
    files = list(iter_python_files([str(root)]))
    for path in files:
        compile(Path(path).read_bytes(), path, "exec")
    again = list(process_files(files, target=target, mode="check"))
    assert {r.status for r in again} == {"unchanged"}


def test_mmengine_target_leaves_no_legacy_symbol(mmengine_tree: Path) -> None:
    assert _legacy_left(mmengine_tree, "mmengine") == []


def test_mmcompat_target_resolves_every_legacy_name(mmcompat_tree: Path) -> None:
    assert _legacy_left(mmcompat_tree, "mmcompat") == []
    code = (mmcompat_tree / "minidet" / "utils" / "misc.py").read_text()
    assert "from mmcompat.utils.dl_utils import TORCH_VERSION" in code
    head = (mmcompat_tree / "minidet" / "models" / "head.py").read_text()
    assert "from mmcompat.utils.dl_utils.parrots_wrapper import _BatchNorm" in head
    # a deeper MMEngine path that mmcompat mirrors is imported from there
    assert "from mmcompat.model.weight_init import trunc_normal_" in code


def test_fp16_decorators_and_jit_are_gone(mmcompat_tree: Path) -> None:
    head = (mmcompat_tree / "minidet" / "models" / "head.py").read_text()
    losses = (mmcompat_tree / "minidet" / "models" / "losses.py").read_text()
    assert "fp16" not in head.replace("self.fp16_enabled", "")
    assert "# the loss is computed in fp32" in head
    assert "mmcv" not in losses


def test_latin1_file_is_rewritten_in_latin1(mmcompat_tree: Path) -> None:
    data = (mmcompat_tree / "minidet" / "utils" / "latin1_names.py").read_bytes()
    assert b"from mmcompat.dist import get_dist_info" in data
    assert b"'caf\xe9'" in data


def test_import_groups_survive(mmcompat_tree: Path) -> None:
    head = (mmcompat_tree / "minidet" / "models" / "head.py").read_text()
    assert head.startswith(
        "# Copyright (c) minidet authors.\nimport warnings\n\nimport torch\n"
    )
    local = head.index("from ..core import multi_apply")
    assert head.index("from mmcompat.model import BaseModule") < local
    assert head[local - 2 : local] == "\n\n"
