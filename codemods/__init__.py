"""libcst codemod commands that rewrite legacy MMCV 1.x code to the new API.

One transformation family per module (``imports``, ``hooks``, ``models``,
``runner_scripts``); run them with ``mmcompat codemod PATH`` or
``python -m libcst.tool codemod imports.LegacyImportsCommand PATH``.
Importing this package never imports torch.
"""
