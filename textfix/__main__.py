"""``python -m textfix``: the same command line as ``textfix``."""

from .cli import main

main()
