"""``python -m imgsim_helpers``: the command-line tool (see :mod:`imgsim_helpers.cli`)."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
