"""mmcompat: run, convert and rewrite legacy MMCV 1.x training code.

Importing the top-level package is cheap: it imports no torch. Import the
sub-packages (``mmcompat.runner``, ``mmcompat.config`` ...) for the API.
"""

from .version import __version__

__all__ = ["__version__"]
