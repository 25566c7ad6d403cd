"""``python -m framing``: the same command line as ``framing``."""

import sys

from framing.cli import main

if __name__ == "__main__":
    sys.exit(main())
