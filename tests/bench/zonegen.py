"""Deterministic generator of realistic BIND zone files for mxlint's benchmarks and tests.

The zone looks like a hosting company's: SOA and NS at the apex, a shared pool of mail hosts
(``mx01``, ``mx02``, ...) with A and some AAAA records, then customer hosts with A (and some
AAAA), MX pairs pointing at the pool or at the host's own ``mail.<host>``, ``www`` CNAMEs,
SPF / DMARC / DKIM TXT records (quoted, some split over parentheses), names written relative
and absolute, explicit TTLs on some records and a few ``$TTL`` changes.

The promise, relied on by the benchmark and checked by ``tests/test_bench_tools.py``:

* exactly ``n`` resource records (as dnspython counts rdatas), for any ``n >= MIN_RECORDS``;
* the same ``(n, origin, seed)`` always gives the same text, and a zone of ``n`` records is a
  prefix (in records) of a zone of ``m > n`` records with the same origin and seed;
* every MX target and every in-zone NS target has an A record written before the MX or NS
  record that names it, and no MX target is a CNAME owner, so any prefix of the record stream
  is a valid zone: ``named-checkzone -i local ORIGIN FILE`` loads it without errors and a
  correct MX linter has nothing to report;
* a name written relative never ends in a top-level domain's label (host labels carry digits),
  and addresses are outside private, reserved and documentation ranges.

Usage: ``python tests/bench/zonegen.py N [--origin example.com.] [--seed 1] > FILE``.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

__all__ = [
    "DEFAULT_ORIGIN",
    "DEFAULT_SEED",
    "MIN_RECORDS",
    "SHAPES",
    "generate",
    "generate_lines",
    "write_shape",
    "write_zone",
]

DEFAULT_ORIGIN = "example.com."
DEFAULT_SEED = 1
#: SOA, NS and the NS target's A record: the smallest zone that loads.
MIN_RECORDS = 3

# First octets of public unicast space (no 0/8, 10/8, 100.64/10, 127/8, 169.254/16, 172.16/12,
# 192.168/16, 192.0.2/24, 198.18/15, 198.51.100/24, 203.0.113/24, multicast, class E).
_V4_FIRST = (5, 31, 37, 46, 62, 77, 78, 80, 81, 85, 88, 91, 94, 95, 109, 176, 178, 185, 188, 212)
# Global unicast IPv6 prefixes (2a00::/12, RIPE space), never 2001:db8::/32.
_V6_PREFIX = ("2a01:4f8", "2a02:c207", "2a03:b0c0", "2a05:d014", "2a0a:4cc0")
# Host name stems. None is a TLD on its own, and every host label gets digits appended anyway.
_STEMS = (
    "shop",
    "blog",
    "portal",
    "crm",
    "cloud",
    "app",
    "forum",
    "wiki",
    "static",
    "media",
    "api",
    "cust",
    "office",
    "vpn",
    "git",
    "status",
)
_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_WIDTH = 24  # owner column width, like a hand-kept zone


class _Budget(Exception):
    """Raised inside the generator when the record budget is spent."""


class _Writer:
    """Collects lines and counts records, stopping exactly at ``limit`` records."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.count = 0
        self.lines: list[str] = []

    def raw(self, line: str) -> None:
        """A directive, comment or blank line: costs no record."""
        self.lines.append(line)

    def rr(self, owner: str, text: str) -> None:
        """One record: ``owner`` ('' for a blank owner continuing the previous one)."""
        if self.count >= self.limit:
            raise _Budget
        self.count += 1
        self.lines.append(f"{owner:<{_WIDTH - 1}} {text}")

    def flush(self) -> Iterator[str]:
        lines, self.lines = self.lines, []
        yield from lines


def _v4(rng: random.Random) -> str:
    first = rng.choice(_V4_FIRST)
    return f"{first}.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"


def _v6(rng: random.Random) -> str:
    prefix = rng.choice(_V6_PREFIX)
    a, b, c = rng.randrange(1, 0xFFFF), rng.randrange(1, 0xFFFF), rng.randrange(1, 0xFFF)
    return f"{prefix}:{a:x}:{b:x}::{c:x}"


def _ttl(rng: random.Random) -> str:
    """An explicit TTL column for about a quarter of the RRsets, else nothing."""
    return f"{rng.choice((300, 900, 3600, 86400))} " if rng.random() < 0.25 else ""


def _name(rng: random.Random, relative: str, apex: str) -> str:
    """A target name written relative or absolute, at random."""
    return relative if rng.random() < 0.5 else f"{relative}.{apex}"


def generate_lines(
    n: int, origin: str = DEFAULT_ORIGIN, seed: int = DEFAULT_SEED, *, header: bool = True
) -> Iterator[str]:
    """Yield the zone's lines (without newlines): exactly ``n`` records.

    ``origin`` must be absolute (end with a dot). With ``header`` the file starts with
    ``$ORIGIN``; the records are the same either way.
    """
    if n < MIN_RECORDS:
        raise ValueError(f"a zone needs at least {MIN_RECORDS} records, got {n}")
    if not origin.endswith("."):
        raise ValueError(f"origin must be absolute (end with '.'): {origin!r}")
    rng = random.Random(f"{seed}:{origin.lower()}")
    w = _Writer(n)
    apex = "" if origin == "." else origin  # so that f"{label}.{apex}" is absolute
    mail_hosts: list[str] = []  # relative names of the shared pool, each with an A record
    try:
        if header:
            w.raw(f"$ORIGIN {origin}")
        w.raw("$TTL 3600")
        w.raw(f"; {n} records, generated by tests/bench/zonegen.py (seed {seed})")
        w.rr(
            "@",
            f"IN SOA ns1.{apex} hostmaster.{apex} (\n"
            "                                2024010101 ; serial\n"
            "                                7200       ; refresh\n"
            "                                3600       ; retry\n"
            "                                1209600    ; expire\n"
            "                                300 )      ; minimum",
        )
        w.rr("", "IN NS ns1")
        w.rr("ns1", f"IN A {_v4(rng)}")
        w.rr("ns2", f"IN A {_v4(rng)}")
        w.rr("@", f"86400 IN NS ns2.{apex}")
        yield from w.flush()

        def mail_pair() -> None:
            w.raw("")
            w.raw("; shared mail cluster")
            for _ in range(2):
                name = f"mx{len(mail_hosts) + 1:02d}"
                w.rr(name, f"IN A {_v4(rng)}")
                mail_hosts.append(name)  # usable once its A record is written
                if rng.random() < 0.5:
                    w.rr("", f"IN AAAA {_v6(rng)}")

        mail_pair()
        w.rr("@", f"IN MX 10 {mail_hosts[0]}")
        w.rr("", f"IN MX 20 {mail_hosts[1]}.{apex}")
        w.rr("", '3600 IN TXT "v=spf1 mx -all"')
        yield from w.flush()

        host = 0
        while True:
            if host % 40 == 39:
                mail_pair()
            host += 1
            label = f"{rng.choice(_STEMS)}{host}"
            fqdn = f"{label}.{apex}"
            w.raw("")
            has_mx = rng.random() < 0.8
            own_mail = has_mx and rng.random() < 0.1
            if own_mail:  # the host's own mail server, written before the MX naming it
                w.rr(f"mail.{label}", f"IN A {_v4(rng)}")
            owner = label if rng.random() < 0.7 else fqdn
            ttl = _ttl(rng)
            w.rr(owner, f"{ttl}IN A {_v4(rng)}")
            if rng.random() < 0.1:  # a second address: same RRset, so the same TTL
                w.rr("", f"{ttl}IN A {_v4(rng)}")
            if rng.random() < 0.4:
                w.rr("", f"IN AAAA {_v6(rng)}")
            if has_mx:
                first, second = rng.sample(mail_hosts[-8:], 2)
                if own_mail:
                    first = f"mail.{label}"
                ttl = _ttl(rng)
                if rng.random() < 0.05:  # an MX record spanning parentheses
                    w.rr("", f"{ttl}IN MX ( 10\n{'':<{_WIDTH + 8}}{_name(rng, first, apex)} )")
                else:
                    w.rr("", f"{ttl}IN MX 10 {_name(rng, first, apex)}")
                w.rr("", f"{ttl}IN MX 20 {_name(rng, second, apex)}")
                w.rr("", f'IN TXT "v=spf1 mx a:{first}.{apex.rstrip(".")} ~all"')
                if rng.random() < 0.5:
                    w.rr(
                        f"_dmarc.{label}",
                        f'IN TXT "v=DMARC1; p=quarantine; rua=mailto:dmarc@{fqdn.rstrip(".")}"',
                    )
                if rng.random() < 0.15:
                    key = "".join(rng.choice(_B64) for _ in range(120))
                    w.rr(
                        f"s1._domainkey.{label}",
                        f'IN TXT ( "v=DKIM1; k=rsa; "\n{"":<{_WIDTH + 11}}"p={key[:60]}"\n'
                        f'{"":<{_WIDTH + 11}}"{key[60:]}" )  ; split key',
                    )
            if rng.random() < 0.5:
                target = label if rng.random() < 0.5 else fqdn
                w.rr(f"www.{label}", f"IN CNAME {target}")
            if rng.random() < 0.05:
                w.rr(f"shop.{label}", "IN CNAME shops.myshopify.com.")
            if host % 100 == 0:
                w.raw(f"$TTL {rng.choice((1800, 3600, 7200))}")
            yield from w.flush()
    except _Budget:
        pass
    yield from w.flush()


def generate(
    n: int, origin: str = DEFAULT_ORIGIN, seed: int = DEFAULT_SEED, *, header: bool = True
) -> str:
    """The zone text of exactly ``n`` records (see :func:`generate_lines`)."""
    return "".join(f"{line}\n" for line in generate_lines(n, origin, seed, header=header))


def write_zone(
    path: Path | str,
    n: int,
    origin: str = DEFAULT_ORIGIN,
    seed: int = DEFAULT_SEED,
    *,
    header: bool = True,
) -> Path:
    """Write the zone of ``n`` records to ``path`` and return the path."""
    path = Path(path)
    with path.open("w", encoding="ascii") as out:
        _write(out, n, origin, seed, header)
    return path


def _write(out: TextIO, n: int, origin: str, seed: int, header: bool) -> None:
    buf: list[str] = []
    for line in generate_lines(n, origin, seed, header=header):
        buf.append(line)
        if len(buf) >= 4096:
            out.write("\n".join(buf) + "\n")
            buf.clear()
    if buf:
        out.write("\n".join(buf) + "\n")


# --------------------------------------------------------------------------- shapes
# Zones of one pathological shape each, for the benchmark's "nothing superlinear" series.
# Each has exactly n records, loads in ``named-checkzone -i local`` and is clean for mxlint.

SHAPES = ("mx-owners", "deep", "distinct-targets", "includes", "wildcards")


def _shape_lines(shape: str, n: int, origin: str, include_dir: Path | None) -> Iterator[str]:
    """The lines of a ``shape`` zone of ``n`` records (``includes`` also writes its files)."""
    rng = random.Random(f"{shape}:{n}:{origin.lower()}")
    apex = "" if origin == "." else origin
    yield f"$ORIGIN {origin}"
    yield "$TTL 3600"
    yield f"@ IN SOA ns1.{apex} hostmaster.{apex} 1 7200 3600 1209600 300"
    yield "@ IN NS ns1"
    yield f"ns1 IN A {_v4(rng)}"
    pool = [f"mx{i:02d}" for i in range(1, 9)]
    for name in pool:
        yield f"{name} IN A {_v4(rng)}"
    left = n - 3 - len(pool)
    i = 0
    if shape == "mx-owners":  # every owner has two MX records and an address
        while left > 0:
            i += 1
            owner = f"host{i}"
            a, b = rng.sample(pool, 2)
            for text in (f"IN A {_v4(rng)}", f"IN MX 10 {a}", f"IN MX 20 {b}.{apex}"):
                if left > 0:
                    yield f"{owner} {text}"
                    left -= 1
    elif shape == "deep":  # owners 12 labels deep, MX targets 12 labels deep
        while left > 0:
            i += 1
            owner = ".".join(f"l{d}x{i}" for d in range(12))
            yield f"{owner} IN A {_v4(rng)}"
            left -= 1
            if left > 0:
                yield f"{owner} IN MX 10 {owner}.{apex}"
                left -= 1
    elif shape == "distinct-targets":  # every MX target distinct and outside the zone
        while left > 0:
            i += 1
            yield f"host{i} IN MX 10 mail{i}.mailhost{i % 997}.net."
            left -= 1
    elif shape == "includes":  # the records in $INCLUDE files of 100 records each
        assert include_dir is not None
        include_dir.mkdir(parents=True, exist_ok=True)
        f = 0
        while left > 0:
            f += 1
            part = include_dir / f"part{f:05d}.zone"
            body = []
            for _ in range(min(100, left)):
                i += 1
                body.append(f"host{i} IN A {_v4(rng)}" if i % 2 else f"host{i - 1} IN MX 10 mx01")
                left -= 1
            part.write_text("\n".join(body) + "\n", encoding="ascii")
            yield f"$INCLUDE {include_dir.name}/{part.name}"
    elif shape == "wildcards":  # a wildcard with A and MX under every host
        while left > 0:
            i += 1
            for text in (f"host{i} IN A {_v4(rng)}", f"*.host{i} IN A {_v4(rng)}"):
                if left > 0:
                    yield text
                    left -= 1
            if left > 0:
                yield f"*.host{i} IN MX 10 {rng.choice(pool)}"
                left -= 1
    else:
        raise ValueError(f"unknown shape {shape!r}; known: {', '.join(SHAPES)}")


def write_shape(path: Path | str, shape: str, n: int, origin: str = DEFAULT_ORIGIN) -> Path:
    """Write a zone of ``n`` records of one shape (see :data:`SHAPES`) to ``path``.

    ``includes`` writes its parts into a folder beside ``path`` (``<name>.d``), named
    relative to it: run the tools from ``path``'s folder.
    """
    path = Path(path)
    if n < 12:
        raise ValueError("a shape zone needs at least 12 records")
    include_dir = path.with_name(path.name + ".d") if shape == "includes" else None
    with path.open("w", encoding="ascii") as out:
        for line in _shape_lines(shape, n, origin, include_dir):
            out.write(line + "\n")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a realistic zone of N records to stdout.")
    parser.add_argument("n", type=int, help=f"number of records (>= {MIN_RECORDS})")
    parser.add_argument(
        "--origin", default=DEFAULT_ORIGIN, help="absolute origin (default %(default)s)"
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="seed (default %(default)s)")
    parser.add_argument("--no-origin-directive", action="store_true", help="omit the $ORIGIN line")
    args = parser.parse_args(argv)
    try:
        _write(sys.stdout, args.n, args.origin, args.seed, not args.no_origin_directive)
    except ValueError as exc:
        parser.error(str(exc))
    return 0


if __name__ == "__main__":
    sys.exit(main())
