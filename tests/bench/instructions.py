"""Hand-run: instructions spent importing, loading and checking one zone (valgrind callgrind).

Timings on a shared machine differ by a third from one minute to the next; instruction counts
do not (within about 3%: dictionary order follows the hash seed). Never a test. Usage::

    python tests/bench/instructions.py ZONE [PYTHON ...]

``PYTHON`` is the interpreter of a venv where mxlint is installed (default: this one); give
two to compare builds, e.g. a venv of main and one of a branch (``pip install .``, not
``-e``: an editable install recompiles on every run here). Prints G instructions per phase:
``import`` (mxlint's modules and the registry), ``load`` (zone identity and the loader),
``engine`` (every default rule). Needs ``apt-get install valgrind``; each phase of a
20k-record zone takes about a minute under valgrind.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

PROGRAM = """
import gc, sys
from mxlint import api
from mxlint.check import engine
from mxlint.identity import zones as identity
from mxlint.identity.walk import Candidate
from mxlint.model import ZoneSet
registry = api.load_registry()
opts = api.Options()
config = api.load_configuration(opts, registry)
settings = api.rule_settings(registry, config, opts.enable, opts.disable)
gc.disable()
mode, path = sys.argv[1], sys.argv[2]
if mode != "import":
    plan = identity.plan([Candidate(path, True)], [], lambda p: config)
    zones = identity.load(plan, limits=api.run_limits(opts, config))
    if mode == "engine":
        engine.run(registry, ZoneSet(zones), settings)
"""


def count(python: str, mode: str, zone: str) -> int:
    """Instructions of one run of PROGRAM up to ``mode``."""
    valgrind = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"]
    # -P: the current folder (a source tree) is not put on the path: the venv's installed,
    # compiled mxlint is what runs
    proc = subprocess.run(
        [*valgrind, python, "-P", "-c", PROGRAM, mode, zone],
        capture_output=True,
        text=True,
        check=True,
    )
    m = re.search(r"Collected : (\d+)", proc.stderr)
    if m is None:
        raise SystemExit(f"no count from valgrind:\n{proc.stderr[-2000:]}")
    return int(m.group(1))


def main(argv: list[str]) -> int:
    if not argv or shutil.which("valgrind") is None:
        print(__doc__, file=sys.stderr)
        return 2
    zone, pythons = argv[0], argv[1:] or [sys.executable]
    for python in pythons:
        i, load, end = (count(python, mode, zone) for mode in ("import", "load", "engine"))
        print(
            f"{python}: import {i / 1e9:.3f} G  load {(load - i) / 1e9:.3f} G  "
            f"engine {(end - load) / 1e9:.3f} G"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
