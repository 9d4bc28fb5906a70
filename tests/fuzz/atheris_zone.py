"""Coverage-guided fuzzing of the whole pipeline with atheris (libFuzzer for Python).

    .venv/bin/pip install atheris
    .venv/bin/python tests/fuzz/atheris_zone.py -max_total_time=300

Each input is written as a zone file (beside two files it may ``$INCLUDE``) and linted with
``mxlint --format json`` and every rule on; ``fuzzcheck.check_output`` asserts the promises
(no exception, one JSON document of the documented shape, exit 0/1 as the summary says, every
diagnostic inside the file or its includes). A broken promise stops the run with the input
saved as ``crash-*`` in the current folder: add it as a regression test, then fix it.

Without a corpus folder on the command line, the rule examples (``rules/*/*.zone``) and, when
present, the shared corpus's small files are copied to a temporary folder and used as seeds
(libFuzzer writes new inputs into its corpus folder: never point it at ``rules/``). Any other
libFuzzer option works too (``-jobs``, ``-timeout=10``, ``-runs=N``).
"""

from __future__ import annotations

import gc
import os
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, os.fspath(HERE))

try:
    import atheris
except ImportError:  # pragma: no cover - depends on the machine
    sys.exit(
        "atheris is not installed: `pip install atheris` (wheels exist for CPython 3.8-3.11 on "
        "Linux x86-64; elsewhere it builds from source and needs clang with libFuzzer)"
    )

with atheris.instrument_imports(include=["mxlint"]):
    # The CLI imports most stages lazily: import them here, so that they are instrumented.
    import mxlint.check.engine
    import mxlint.check.names
    import mxlint.check.registry
    import mxlint.cli
    import mxlint.config
    import mxlint.fix
    import mxlint.identity.walk
    import mxlint.report
    import mxlint.stages.suppress
    import mxlint.zonefile.loader
    import mxlint.zonefile.tokenizer

    mxlint.check.registry.builtin_rules()  # imports every rule module
    from fuzzcheck import check_output, run_json

# Scanning the installed distributions for plugin entry points is half of a tiny zone's run
# and has nothing to do with the zone: skipped while fuzzing.
mxlint.check.registry.plugin_rules = list

WORK = tempfile.mkdtemp(prefix="mxlint-atheris-")
INCLUDES = {
    "inc.zone": b"mail IN A 192.0.2.25\n@ IN MX 20 mail\n",
    "broken.inc": b"x IN MXX 10 y\n( unbalanced\n",
}
ZONE = "example.com.zone"


RUNS = [0]


def one_input(data: bytes) -> None:
    RUNS[0] += 1
    if RUNS[0] % 500 == 0:
        gc.collect()  # the CLI's frozen objects, unfrozen, otherwise wait long for a full pass
    for name in os.listdir(WORK):  # an input must not see files a previous one left
        if name not in INCLUDES:
            os.unlink(os.path.join(WORK, name))
    for name, body in INCLUDES.items():
        with open(os.path.join(WORK, name), "wb") as f:
            f.write(body)
    with open(os.path.join(WORK, ZONE), "wb") as f:
        f.write(data)
    code, out, err = run_json(WORK, ZONE)
    check_output(WORK, code, out, err)


def seed_corpus() -> str:
    seeds = tempfile.mkdtemp(prefix="mxlint-atheris-seeds-")
    found = sorted(ROOT.glob("rules/*/*.zone"))
    corpus = ROOT.parent / "shared" / "corpus" / "peer-tests"
    if corpus.is_dir():
        found += sorted(p for p in corpus.rglob("*") if p.is_file() and p.stat().st_size < 4096)
    for i, p in enumerate(found):
        shutil.copyfile(p, os.path.join(seeds, f"seed-{i:04d}"))
    return seeds


def main() -> None:
    argv = list(sys.argv)
    if not any(os.path.isdir(a) for a in argv[1:] if not a.startswith("-")):
        argv.append(seed_corpus())
    atheris.Setup(argv, one_input)
    try:
        atheris.Fuzz()
    finally:
        shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
