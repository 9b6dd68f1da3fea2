from __future__ import annotations

import subprocess
import sys


def test_importing_logging_imports_neither_torch_nor_numpy():
    code = (
        "import sys, mmcompat.logging as L\n"
        "hub = L.MessageHub.get_current_instance()\n"
        "hub.update_scalar('loss', 1.0)\n"
        "assert hub.get_scalar('loss').mean() == 1.0\n"
        "L.print_log('x', logger='silent')\n"
        "print(sorted(m for m in ('torch', 'numpy') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
