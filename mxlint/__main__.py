"""``python -m mxlint``: the command line."""

import sys

from mxlint.cli import main

sys.exit(main())
