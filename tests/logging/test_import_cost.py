from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = str(Path(__file__).resolve().parents[2])


def test_importing_logging_imports_neither_torch_nor_numpy():
    code = (
        "import sys, mmcompat.logging as L\n"
        "hub = L.MessageHub.get_current_instance()\n"
        "hub.update_scalar('loss', 1.0)\n"
        "assert hub.get_scalar('loss').mean() == 1.0\n"
        "L.print_log('x', logger='silent')\n"
        "print(sorted(m for m in ('torch', 'numpy') if m in sys.modules))\n"
    )
    env = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join(filter(None, [REPO, os.environ.get("PYTHONPATH")])),
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    ).stdout
    assert out.strip() == "[]"
