"""libcst codemods that rewrite legacy MMCV 1.x code to the new API."""
