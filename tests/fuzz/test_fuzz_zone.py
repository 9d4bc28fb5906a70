"""Property tests over generated and mutated zone files (bounded: a few seconds each).

(a) zone files drawn from a grammar of owners, TTLs, classes, types (MX, A, AAAA, CNAME, TXT,
SOA, NS, DNAME and unknown ones), directives ($ORIGIN, $TTL, $INCLUDE, $GENERATE), comments
with suppressions, parentheses, quotes, escapes and CRLF; (b) byte mutations (flip, insert,
delete, splice, duplicate a line) of the rule examples and of a few small corpus files. For
each, ``fuzzcheck.check_zone`` asserts what every run must do (see there). A hang fails the
example through an alarm instead of stopping the suite.

``tests/fuzz/atheris_zone.py`` runs the same check under a coverage-guided fuzzer for as long
as you like.
"""

from __future__ import annotations

import csv
import os
import signal
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ..conftest import CORPUS, ROOT
from .fuzzcheck import check_zone

HANG_SECONDS = 20  # far above any example's run: only a hang reaches it
FUZZ = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@contextmanager
def no_hang(seconds: int = HANG_SECONDS) -> Iterator[None]:
    def alarm(signum: int, frame: Any) -> None:
        raise TimeoutError(f"the pipeline ran for more than {seconds} s on this input")

    old = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


# Files an input may $INCLUDE (written beside it): one well formed, one broken.
INCLUDES = {
    "inc.zone": "mail IN A 192.0.2.25\n@ IN MX 20 mail\n",
    "broken.inc": "x IN MXX 10 y\n( unbalanced\n",
}


def lint_bytes(data: bytes, name: str = "example.com.zone", extra: tuple[str, ...] = ()) -> None:
    with tempfile.TemporaryDirectory() as d:
        for inc, text in INCLUDES.items():
            Path(d, inc).write_text(text, encoding="utf-8")
        Path(d, name).write_bytes(data)
        with no_hang():
            check_zone(d, name, extra)


# --------------------------------------------------------------------------- (a) grammar

label = st.one_of(
    st.sampled_from(["mail", "mx1", "www", "MAIL", "_dmarc", "-mx", "mx-", "xn--bcher-kva"]),
    st.sampled_from(["a\\.b", "\\065bc", "m\\ x", "\\000", "*", "é", "a" * 64, "1", "192"]),
    st.from_regex(r"[a-z0-9-]{1,12}", fullmatch=True),
)
relative = st.lists(label, min_size=1, max_size=4).map(".".join)
suffix = st.sampled_from(["example.com", "example.net", "other.org", "com", "internal", "x"])
name = st.one_of(
    relative,
    st.tuples(relative, suffix).map(lambda t: f"{t[0]}.{t[1]}"),  # dotless: the classic bug
    st.tuples(relative, suffix).map(lambda t: f"{t[0]}.{t[1]}."),
    st.sampled_from(["@", ".", "example.com.", "localhost.", "x.invalid.", "*.w"]),
)
owner = st.one_of(name, st.just(""))  # "" is a blank owner (the line starts with blanks)
ttl = st.one_of(
    st.just(""),
    st.integers(0, 2**31).map(str),
    st.sampled_from(["1h", "2d3h", "1W", "-1", "99999999999", "3600x"]),
)
klass = st.sampled_from(["", "IN", "in", "CH", "HS", "CLASS1", "XX"])
ipv4 = st.one_of(
    st.tuples(*[st.integers(0, 255)] * 4).map(lambda t: ".".join(map(str, t))),
    st.sampled_from(["127.0.0.1", "10.0.0.1", "0.0.0.0", "255.255.255.255", "192.0.2.300"]),
)
ipv6 = st.sampled_from(["2001:db8::1", "::1", "fe80::1", "::", "ff02::1", "2001:db8::g"])
quoted = st.lists(st.sampled_from([*'abc ;()\\"\t$@é', '\\"', "\\;", "\\065"]), max_size=12).map(
    lambda parts: '"' + "".join(parts) + '"'
)
preference = st.one_of(st.integers(0, 65535).map(str), st.sampled_from(["-1", "65536", "x"]))
rdata = st.one_of(
    st.tuples(st.just("MX"), st.tuples(preference, st.one_of(name, ipv4, ipv6)).map(" ".join)),
    st.tuples(st.just("A"), ipv4),
    st.tuples(st.just("AAAA"), ipv6),
    st.tuples(st.sampled_from(["CNAME", "NS", "DNAME"]), name),
    st.tuples(st.just("TXT"), st.lists(quoted, min_size=1, max_size=3).map(" ".join)),
    st.tuples(
        st.just("SOA"),
        st.tuples(name, name, *[st.integers(0, 2**32).map(str)] * 5).map(" ".join),
    ),
    st.tuples(st.sampled_from(["MXX", "TYPE65534", "mx", "A6", ""]), st.sampled_from(["", "1"])),
    st.tuples(st.just("TYPE99"), st.sampled_from(["\\# 0", "\\# 2 abcd", "\\# 3 ab"])),
)


@st.composite
def record(draw: st.DrawFn) -> str:
    own = draw(owner)
    rtype, data = draw(rdata)
    parts = [draw(ttl), draw(klass)]
    if draw(st.booleans()):
        parts.reverse()  # class before TTL is allowed too
    if draw(st.integers(0, 4)) == 0 and data:
        words = data.split(" ")
        cut = draw(st.integers(0, len(words)))
        data = "( " + " ".join(words[:cut]) + "\n  " + " ".join(words[cut:]) + " )"
    head = own if own else "   "
    return " ".join(p for p in (head, *parts, rtype, data) if p != "")


directive = st.one_of(
    st.tuples(st.just("$ORIGIN"), name).map(" ".join),
    st.tuples(st.just("$TTL"), ttl).map(" ".join),
    st.tuples(
        st.just("$INCLUDE"),
        st.sampled_from(["inc.zone", "broken.inc", "missing.zone", "example.com.zone", "/etc/x"]),
        st.sampled_from(["", "sub.example.com.", "x"]),
    ).map(" ".join),
    st.tuples(
        st.just("$GENERATE"),
        st.sampled_from(["1-3", "0-4/2", "5-1", "1-x", "1-3/0", "2-2"]),
        st.sampled_from(["h$", "h${1,3,d}", "$.x", "@"]),
        st.sampled_from(["MX 10 mx$", "A 192.0.2.$", "CNAME t$", "TXT x$"]),
    ).map(" ".join),
    st.sampled_from(["$ORIGIN", "$TTL", "$INCLUDE", "$UNKNOWN x", "$GENERATE 1-2"]),
)
comment = st.one_of(
    st.just(""),
    st.sampled_from(
        [
            "; plain comment",
            "; mxlint: disable=missing-trailing-dot",
            "; mxlint: disable-next-line=MX002, all -- reason",
            "; mxlint: disable-file=null-mx",
            "; mxlint: disabel=ip-target",
            "; mxlint: disable=",
            '; "quoted ; comment',
        ]
    ),
)


@st.composite
def zone_text(draw: st.DrawFn) -> bytes:
    lines = ["$ORIGIN example.com.", "$TTL 3600"] if draw(st.booleans()) else []
    if draw(st.booleans()):
        lines.append("@ IN SOA ns1.example.net. hostmaster.example.com. 1 7200 3600 1209600 300")
    for _ in range(draw(st.integers(0, 12))):
        stmt = draw(st.one_of(record(), record(), directive, st.just("")))
        c = draw(comment)
        lines.append(f"{stmt} {c}".rstrip() if c else stmt)
    eol = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = eol.join(lines) + (eol if draw(st.booleans()) else "")
    return text.encode("utf-8")


@FUZZ
@given(zone_text())
def test_generated_zone_files_keep_every_promise(data: bytes) -> None:
    lint_bytes(data)


@settings(FUZZ, max_examples=40)
@given(zone_text(), st.sampled_from(["example.com.", "com.", ".", "sub.example.com."]))
def test_generated_zone_files_with_an_explicit_origin(data: bytes, origin: str) -> None:
    lint_bytes(data, name="db.main", extra=("--origin", origin))


# --------------------------------------------------------------------------- (b) mutations

EXAMPLES = sorted((ROOT / "rules").glob("*/*.zone"))
# A few small real files of different styles (origin from ../shared/corpus/MANIFEST.tsv).
CORPUS_PICKS = (
    "peer-tests/CZ-NIC__knot/tests/libzscanner/data/18_MX.in",
    "peer-tests/NLnetLabs__nsd/tpkg/bug086_chars.tdir/bug086_chars.zone",
    "peer-tests/NLnetLabs__nsd/tpkg/bug090_000_txt.tdir/bug090_000_txt.zone",
    "peer-tests/PowerDNS__pdns/regression-tests/zones/wtest.com",
    "peer-tests/CZ-NIC__knot/tests-extra/data/example.zone",
)


def corpus_seeds() -> list[tuple[bytes, str]]:
    manifest = CORPUS / "MANIFEST.tsv"
    if not manifest.is_file():
        return []
    with manifest.open(encoding="utf-8") as f:
        origins = {r["dest"]: r["origin"] for r in csv.DictReader(f, delimiter="\t")}
    return [((CORPUS / p).read_bytes(), origins.get(p) or ".") for p in CORPUS_PICKS]


INTERESTING = [
    b"(",
    b")",
    b'"',
    b";",
    b"\\",
    b"$",
    b"@",
    b".",
    b"\n",
    b"\r\n",
    b"\r",
    b"\t",
    b" ",
    b"\x00",
    b"\xff",
    b"\xc3",
    b"*",
    b"-",
    b"0",
    b"9" * 12,
    b"$INCLUDE ",
    b"$GENERATE 1-9 ",
    b"MX ",
    b"CNAME ",
    b" IN ",
    b"; mxlint: disable=all",
]


@st.composite
def mutated(draw: st.DrawFn, seeds: list[bytes]) -> bytes:
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["flip", "insert", "delete", "splice", "dup-line"]))
        at = draw(st.integers(0, len(data)))
        if op == "flip" and data:
            i = min(at, len(data) - 1)
            data[i] ^= 1 << draw(st.integers(0, 7))
        elif op == "insert":
            data[at:at] = draw(st.one_of(st.sampled_from(INTERESTING), st.binary(max_size=8)))
        elif op == "delete":
            del data[at : at + draw(st.integers(1, 40))]
        elif op == "splice":
            other = draw(st.sampled_from(seeds))
            i = draw(st.integers(0, len(other)))
            data[at:at] = other[i : i + draw(st.integers(1, 200))]
        elif op == "dup-line":
            lines = bytes(data).splitlines(keepends=True)
            if lines:
                k = draw(st.integers(0, len(lines) - 1))
                lines.insert(draw(st.integers(0, len(lines))), lines[k])
                data = bytearray(b"".join(lines))
    return bytes(data)


@FUZZ
@given(mutated([p.read_bytes() for p in EXAMPLES]))
def test_mutated_rule_examples_keep_every_promise(data: bytes) -> None:
    lint_bytes(data)


CORPUS_SEEDS = corpus_seeds()


@pytest.mark.skipif(not CORPUS_SEEDS, reason="shared corpus not present")
@FUZZ
@given(st.data())
def test_mutated_corpus_files_keep_every_promise(data: st.DataObject) -> None:
    seed, origin = data.draw(st.sampled_from(CORPUS_SEEDS))
    blob = data.draw(mutated([seed] + [s for s, _ in CORPUS_SEEDS]))
    lint_bytes(blob, name="db.main", extra=("--origin", origin))


# --------------------------------------------------------------------------- the harness


def test_the_properties_notice_a_broken_promise(tmp_path: Path) -> None:
    """check_output fails on the defects it is there to find (so a pass means something)."""
    from .fuzzcheck import check_output

    Path(tmp_path, "z").write_text("a\nb\n")
    z = os.fspath(tmp_path / "z")
    good = {
        "path": z,
        "line": 2,
        "column": 1,
        "severity": "error",
        "code": "MX001",
        "rule": "missing-trailing-dot",
        "message": "m",
        "fixable": False,
    }
    summary = {"files": 1, "errors": 1, "warnings": 0, "infos": 0}

    def doc(**change: Any) -> str:
        import json

        return json.dumps({"version": 1, "diagnostics": [{**good, **change}], "summary": summary})

    check_output(os.fspath(tmp_path), 1, doc(), "")
    for code, out in [
        (2, doc()),  # usage exit
        (0, doc()),  # errors but exit 0
        (1, doc(line=4)),  # past the end of the file
        (1, doc(column=0)),
        (1, doc(path="/etc/passwd")),
        (1, doc(severity="fatal")),
        (1, doc(fixable="yes")),
        (1, doc(message="rule x (y) crashed on this zone: KeyError")),
        (1, doc() + "\n{}"),  # two documents
    ]:
        with pytest.raises((AssertionError, ValueError)):
            check_output(os.fspath(tmp_path), code, out, "")


def test_a_hang_is_reported_not_waited_for() -> None:
    import time

    with pytest.raises(TimeoutError), no_hang(1):
        time.sleep(5)


def test_seeds_are_present() -> None:
    assert len(EXAMPLES) >= 30


def test_a_lone_cr_ends_a_statement_but_not_a_line() -> None:
    """Found by the atheris target. BIND's lines (named-checkzone): a lone CR ends the
    statement, so the MXX is a separate (bad) record, but not the line: it is on line 3."""
    data = b"$ORIGIN example.com.\n$TTL 3600\nx IN A 192.0.2.1\rmail IN MXX 1 y"
    with tempfile.TemporaryDirectory() as d:
        Path(d, "example.com.zone").write_bytes(data)
        doc = check_zone(d, "example.com.zone")
    got = [(x["line"], x["rule"]) for x in doc["diagnostics"]]
    assert got == [(3, "implicit-mx"), (3, "syntax-error")]  # (every rule is on)
