"""Hand-run benchmark: stock ``dns.tokenizer.Tokenizer`` against ``FastTokenizer``.

Not collected by pytest (the name does not start with ``test_``).  Run it from the project
root::

    PYTHONPATH=. python tests/bench/bench_tokenizer.py [--records 100000] [--repeat 3]
    PYTHONPATH=. python tests/bench/bench_tokenizer.py --file some.zone

By default it generates a zone of N records (A, AAAA, MX with trailing comments, CNAME, TXT
with quoted strings and escapes, a parenthesised SOA at the apex and a few parenthesised MX
records spanning lines), then prints the best of ``--repeat`` runs, in CPU seconds, of:

* the bare token loop -- ``get()`` until EOF;
* the same, emptying ``stmt_tokens`` at each EOL as the loader does;
* a Reader-like loop -- ``get(True, True)`` at each statement start, ``unget``, then
  ``get(want_leading=True)`` and plain ``get()`` to the end of the line, as
  ``dns.zonefile.Reader`` calls it;
* the real parse -- ``dns.zonefile.Reader(tok, IN, txn).read()`` into a zone transaction,
  exactly as ``dns.zone.from_text`` sets it up, but with the tokenizer chosen here (slow:
  dnspython's rdata parsing dominates; ``--skip-reader`` leaves it out).
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable

import dns.name
import dns.rdataclass
import dns.tokenizer
import dns.zone
import dns.zonefile

from mxlint.zonefile.tokenizer import FastTokenizer

Factory = Callable[[str], dns.tokenizer.Tokenizer]


def make_zone(records: int, seed: int = 1) -> str:
    """A syntactically valid zone for origin ``example.com.`` with ``records`` records."""
    rng = random.Random(seed)
    out = ["$ORIGIN example.com.", "$TTL 3600"]
    soa = (
        "@\tIN\tSOA\tns1.example.com. hostmaster.example.com. (\n"
        "\t\t{serial} ; serial\n\t\t7200 ; refresh\n\t\t3600 ; retry\n"
        "\t\t1209600 ; expire\n\t\t300 ) ; minimum"
    )
    out.append(soa.format(serial=2024010100))
    out.append("@ IN NS ns1.example.com.")
    out.append("@ IN NS ns2")
    for i in range(records - 3):
        name = f"host{i}"
        kind = rng.random()
        if kind < 0.35:
            out.append(f"{name} 300 IN A 192.0.{i % 256}.{(i * 7) % 256}")
        elif kind < 0.55:
            out.append(f"{name}\tIN\tAAAA\t2001:db8::{i % 65536:x}")
        elif kind < 0.7:
            out.append(f"{name} MX {i % 50} mail{i % 13}.example.net. ; backup")
        elif kind < 0.82:
            out.append(f"{name} IN CNAME www{i % 97}")
        elif kind < 0.9995:
            out.append(f'{name} 600 TXT "v=spf1 include:_spf.example.net ~all" "k=\\"{i}\\""')
        else:
            # dnspython refuses a second SOA in a zone; parenthesised multi-line records
            # stand in for more of them.
            out.append(f"{name} IN MX (\n\t10 ; preference\n\tmx.example.net. )")
    return "\n".join(out) + "\n"


def token_loop(factory: Factory, text: str) -> int:
    tok = factory(text)
    count = 0
    while not tok.get().is_eof():
        count += 1
    return count


def token_loop_clearing(factory: Factory, text: str) -> int:
    """The bare loop, but emptying FastTokenizer.stmt_tokens at each EOL as the loader does.

    Left alone, stmt_tokens keeps every token of the file alive, and the garbage collector's
    passes over them cost FastTokenizer about a fifth of its time in the bare loop.
    """
    tok = factory(text)
    stmt = getattr(tok, "stmt_tokens", None)
    count = 0
    while True:
        t = tok.get()
        if t.is_eof():
            return count
        if stmt is not None and t.is_eol():
            stmt.clear()
        count += 1


def reader_like_loop(factory: Factory, text: str) -> int:
    """Reader's calls, emptying stmt_tokens at each statement start as the loader does."""
    tok = factory(text)
    stmt = getattr(tok, "stmt_tokens", None)
    count = 0
    while True:
        if stmt is not None:
            stmt.clear()
        t = tok.get(True, True)
        if t.is_eof():
            return count
        if t.is_eol():
            continue
        tok.unget(t)
        t = tok.get(want_leading=True)
        while not t.is_eol_or_eof():
            count += 1
            t = tok.get()


def reader_parse(factory: Factory, text: str) -> int:
    zone = dns.zone.Zone(dns.name.from_text("example.com."), dns.rdataclass.IN)
    with zone.writer(True) as txn:
        reader = dns.zonefile.Reader(factory(text), dns.rdataclass.IN, txn)
        reader.read()
    return sum(len(rds) for node in zone.nodes.values() for rds in node.rdatasets)


class StatementClearingTokenizer(FastTokenizer):
    """FastTokenizer that empties ``stmt_tokens`` at each statement start, like the loader.

    ``dns.zonefile.Reader`` asks for ``get(True, True)`` exactly at statement starts.  Plain
    Reader never empties the list, so the whole file's tokens stay alive and the garbage
    collector's passes over a growing zone get slower.
    """

    def get(self, want_leading: bool = False, want_comment: bool = False) -> dns.tokenizer.Token:
        if want_leading and want_comment:
            self.stmt_tokens.clear()
        return super().get(want_leading, want_comment)


def best(fn: Callable[[Factory, str], int], factory: Factory, text: str, repeat: int) -> float:
    """Best of ``repeat`` runs, in CPU seconds (less disturbed by a busy machine)."""
    times = []
    for _ in range(repeat):
        t0 = time.process_time()
        fn(factory, text)
        times.append(time.process_time() - t0)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--skip-reader", action="store_true", help="skip the slow full parse")
    ap.add_argument("--file", help="tokenize this zone file instead of a generated one")
    args = ap.parse_args()
    if args.file:
        with open(args.file, encoding="utf-8") as fh:
            text = fh.read()
        args.skip_reader = True  # its origin is unknown here
    else:
        text = make_zone(args.records)
    print(f"zone: {len(text):,} characters, {text.count(chr(10)):,} lines")

    def stock(t: str) -> dns.tokenizer.Tokenizer:
        return dns.tokenizer.Tokenizer(t, "<bench>")

    def fast(t: str) -> dns.tokenizer.Tokenizer:
        return FastTokenizer(t, "<bench>")

    assert token_loop(stock, text) == token_loop(fast, text)
    runs: list[tuple[str, Callable[[Factory, str], int]]] = [
        ("bare get() loop", token_loop),
        ("bare loop, stmt_tokens cleared", token_loop_clearing),
        ("Reader-like get/unget loop", reader_like_loop),
    ]
    if not args.skip_reader:
        runs.append(("dns.zonefile.Reader parse", reader_parse))
    for label, fn in runs:
        s = best(fn, stock, text, args.repeat)
        f = best(fn, fast, text, args.repeat)
        print(f"{label:31s} stock {s:7.3f} s   fast {f:7.3f} s   ratio {s / f:4.2f}x")
    if not args.skip_reader:

        def clearing(t: str) -> dns.tokenizer.Tokenizer:
            return StatementClearingTokenizer(t, "<bench>")

        s = best(reader_parse, stock, text, args.repeat)
        f = best(reader_parse, clearing, text, args.repeat)
        label = "Reader parse, stmt cleared"
        print(f"{label:31s} stock {s:7.3f} s   fast {f:7.3f} s   ratio {s / f:4.2f}x")


if __name__ == "__main__":
    main()
