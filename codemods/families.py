"""The rule families, in the order they run on a file (the earlier ones
recognise legacy code partly by its legacy imports, so imports move last).

Kept apart from the engine so that the command line can list them without
importing libcst.
"""

ORDER = (
    "runner_scripts",
    "parallel",
    "models",
    "hooks",
    "fp16",
    "parrots",
    "logger",
    "imports",
)
