"""``python -m mxlint``: the command line."""

from mxlint.cli import run

run()
