import sys

from mxlint.cli import main

sys.exit(main())
