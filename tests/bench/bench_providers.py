"""Hand-run benchmark of the provider lookups (rules stale-provider / unknown-provider-host).

Never a test: run it by hand.

* ``micro``: the cost of one distinct out-of-zone MX target, that is what rule
  ``unknown-provider-host`` asks the catalogue for each one (``is_published``,
  ``provider_of``, ``nearest``), on a fresh catalogue (no cached answers), for ``--targets``
  distinct names; also the cost of loading the catalogue and building its index::

      python tests/bench/bench_providers.py micro --targets 100000

* ``zone FILE``: write a zone with ``--targets`` owners, each with an MX record naming its own
  out-of-zone host (most of them custom hosts, a fifth Microsoft 365 tenant hosts), each
  owner with an A record, so that ``named-checkzone -i local example.com FILE`` loads it.

* ``run``: time an installed ``mxlint`` (give its path with ``--mxlint``, e.g. from a venv
  made with a regular ``pip install .``: bytecode compiled, as users get it) and
  ``named-checkzone -i local`` on that zone, each in its own child process (wall time and
  peak memory, as ``bench.py`` measures them, and its CPU time, steadier on a busy
  machine), ``--repeat`` times, medians::

      python tests/bench/bench_providers.py run --mxlint /tmp/venv/bin/mxlint --targets 100000
"""

from __future__ import annotations

import argparse
import gc
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:  # run as a script: tests/bench/ is on the path, the repo is not
    sys.path.insert(0, str(REPO))

ORIGIN = "example.com."
_WORDS = (
    "acme", "north", "blue", "river", "stone", "alpha", "delta", "green", "maple", "cedar",
    "pixel", "solar", "metro", "nova", "orbit", "prime", "quartz", "summit", "vertex", "zenith",
)  # fmt: skip
_STEMS = ("mail", "mx", "mx1", "mx2", "smtp", "in", "relay", "mailhost", "inbound", "mx01")
_TLDS = ("com", "net", "org", "de", "co.uk", "nl", "fr", "io", "ch", "com.au")


def targets(count: int, seed: int = 1) -> list[str]:
    """``count`` distinct, deterministic MX host names outside example.com."""
    rng = random.Random(seed)
    out: list[str] = []
    for n in range(count):
        word = f"{rng.choice(_WORDS)}{rng.choice(_WORDS)}{n}"
        if rng.random() < 0.2:  # a Microsoft 365 tenant: published through a pattern
            out.append(f"{word}-{rng.choice(('com', 'net', 'de'))}.mail.protection.outlook.com.")
        elif rng.random() < 0.3:
            out.append(f"{rng.choice(_STEMS)}.{word}.hosting{n % 97}.{rng.choice(_TLDS)}.")
        else:
            out.append(f"{rng.choice(_STEMS)}.{word}.{rng.choice(_TLDS)}.")
    return out


def micro(args: argparse.Namespace) -> None:
    from mxlint.check import providers

    hosts = targets(args.targets)
    start = time.process_time()
    catalogue = providers.load_catalogue([])  # a fresh catalogue: nothing cached
    loaded = time.process_time() - start
    start = time.process_time()
    catalogue.nearest("warm.up.example.")  # builds the typo index
    indexed = time.process_time() - start
    print(f"catalogue: {len(catalogue)} providers, {len(catalogue.published_hosts)} hosts")
    print(f"load_catalogue(): {loaded * 1e3:.2f} ms (PyYAML and data already imported or not)")
    print(f"first nearest() (builds the index): {indexed * 1e3:.2f} ms")
    rows = []
    for name, calls in (
        ("is_published", lambda c, h: c.is_published(h)),
        ("provider_of", lambda c, h: c.provider_of(h)),
        ("nearest", lambda c, h: c.nearest(h)),
        (
            "rule verdict",
            lambda c, h: (c.is_published(h), c.provider_of(h), c.nearest(h)),
        ),
    ):
        runs = []
        for _ in range(args.repeat):
            catalogue = providers.load_catalogue([])
            catalogue.nearest("warm.up.example.")
            gc.collect()
            start = time.process_time()
            for host in hosts:
                calls(catalogue, host)
            runs.append((time.process_time() - start) / len(hosts) * 1e6)
        rows.append((name, statistics.median(runs), min(runs)))
    print(f"per distinct target, {len(hosts)} targets, {args.repeat} runs:")
    for name, median, best in rows:
        print(f"  {name:<14} median {median:7.2f} us   best {best:7.2f} us")


def write_zone(path: Path, count: int) -> Path:
    rng = random.Random(2)
    with path.open("w", encoding="ascii") as out:
        out.write(f"$ORIGIN {ORIGIN}\n$TTL 3600\n")
        out.write("@ IN SOA ns1 hostmaster 2024010101 7200 3600 1209600 300\n@ IN NS ns1\n")
        out.write("ns1 IN A 5.1.2.3\n")
        for n, host in enumerate(targets(count)):
            out.write(f"h{n} IN A 5.{rng.randrange(256)}.{rng.randrange(256)}.{n % 250 + 1}\n")
            out.write(f"h{n} IN MX 10 {host}\n")
    return path


def run(args: argparse.Namespace) -> None:
    from tests.bench.bench import run_child

    folder = Path(tempfile.mkdtemp(prefix="mxlint-bench-providers-"))
    zone = write_zone(folder / "distinct.zone", args.targets)
    print(f"zone: {zone} ({args.targets} distinct out-of-zone MX targets)")
    commands = {"mxlint": [args.mxlint, "--origin", ORIGIN, str(zone)]}
    named = shutil.which("named-checkzone")
    if named:
        commands["named"] = [named, "-i", "local", ORIGIN.rstrip("."), str(zone)]
    figures: dict[str, tuple[float, float]] = {}
    for tool, cmd in commands.items():
        runs, cpu = [], []
        for _ in range(args.repeat):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            runs.append(run_child(cmd, stdout=folder / f"{tool}.out"))
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        wall = statistics.median(r.seconds for r in runs)
        mib = max(r.maxrss_kib for r in runs) / 1024
        figures[tool] = (wall, mib)
        codes = sorted({r.returncode for r in runs})
        lines = len((folder / f"{tool}.out").read_text(errors="replace").splitlines())
        each = " ".join(f"{r.seconds:.2f}" for r in runs)
        print(
            f"  {tool:<7} {wall:7.2f} s {mib:7.1f} MiB  exit {codes}  ({each}; {lines} lines)"
            f"  cpu {statistics.median(cpu):.2f} s"
        )
    if "named" in figures:
        wall_ratio = figures["mxlint"][0] / figures["named"][0]
        memory_ratio = figures["mxlint"][1] / figures["named"][1]
        print(f"  mxlint / named: {wall_ratio:.1f}x wall, {memory_ratio:.1f}x memory")
    shutil.rmtree(folder)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=("micro", "zone", "run"))
    parser.add_argument("file", nargs="?", type=Path, help="zone to write (zone)")
    parser.add_argument("--targets", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--mxlint", default="mxlint", help="mxlint executable (run)")
    args = parser.parse_args(argv)
    if args.what == "micro":
        micro(args)
    elif args.what == "zone":
        if args.file is None:
            parser.error("zone: give the FILE to write")
        write_zone(args.file, args.targets)
    else:
        run(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
