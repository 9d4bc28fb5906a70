"""How long ``mxlint --online`` takes on N zones served by a local NSD (by hand, not in CI).

    python tests/bench/bench_online.py [--zones 100] [--drift 10]

Writes N zones (each: SOA, NS, two in-zone MX hosts and one MX target in a separate served
zone of targets), serves them all (with ``--drift`` of them serving another MX) from NSD on
127.0.0.1, and times the whole command, offline and --online, as the user runs it.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, os.fspath(Path(__file__).resolve().parents[2]))

from tests.dns_server import Server

SOA = "@ IN SOA ns1.example.net. hostmaster.example.net. {} 7200 3600 1209600 300\n"


def zone(i: int, serial: int, mx: str) -> str:
    return (
        f"$ORIGIN zone{i}.test.\n$TTL 3600\n"
        + SOA.format(serial)
        + "@ IN NS ns1.example.net.\n"
        + f"@ IN MX 10 {mx}\n@ IN MX 20 mx2\n@ IN MX 30 mx{i % 7}.targets.test.\n"
        + "mx1 IN A 192.0.2.1\nmx2 IN A 192.0.2.2\nmx9 IN A 192.0.2.9\n"
        + f"sub IN MX 10 mx{i % 5}.targets.test.\n"
    )


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--zones", type=int, default=100)
    ap.add_argument("--drift", type=int, default=10)
    args = ap.parse_args()
    mxlint = os.path.join(os.path.dirname(sys.executable), "mxlint")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "zones"
        folder.mkdir()
        served = {
            "targets.test": "$ORIGIN targets.test.\n$TTL 300\n"
            + SOA.format(1)
            + "@ IN NS ns1.example.net.\n"
            + "".join(f"mx{k} IN A 192.0.2.{k + 10}\n" for k in range(5))
            + "mx5 IN CNAME mx1\n"
        }
        for i in range(args.zones):
            (folder / f"zone{i}.test.zone").write_text(zone(i, 2026112901, "mx1"))
            live = zone(i, 2026112901, "mx9" if i < args.drift else "mx1")
            served[f"zone{i}.test"] = live
        server = Server(Path(tmp) / "nsd", served)
        port = server.start()
        try:
            where = f"127.0.0.1:{port}"
            for label, extra in (
                ("offline", []),
                ("--online", ["--online", "--server", where, "--resolver", where]),
            ):
                t0 = time.perf_counter()
                proc = subprocess.run(
                    [mxlint, *extra, os.fspath(folder)], capture_output=True, text=True
                )
                took = time.perf_counter() - t0
                rules: dict[str, int] = {}
                for line in proc.stdout.splitlines():
                    name = line.rsplit(" ", 1)[-1].rstrip("]")
                    rules[name] = rules.get(name, 0) + 1
                print(
                    f"{label:9} {args.zones} zones: {took:.2f} s, exit {proc.returncode}, "
                    f"{proc.stderr.strip().splitlines()[-1]}; {rules}"
                )
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
