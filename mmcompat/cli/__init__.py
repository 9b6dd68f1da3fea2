"""The ``mmcompat`` command line."""
