"""The loader's fast path accepts and rejects exactly what dnspython does.

Every zone is loaded twice, with the fast path and with dnspython's parsers only
(``fast=False``), and the records (place, owner, type, TTL, data, tokens as written) and the
problems must be identical: on every corpus file and on generated zones.
"""

from __future__ import annotations

import csv
import os
import re
import tempfile
from typing import Any

import dns.exception
import dns.name
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from mxlint.identity.zones import load_zone
from mxlint.model import Zone
from mxlint.model import packed_ipv4 as _packed_ipv4
from mxlint.zonefile.fastpath import _BLANK_AT, _LINE_AT, _ML_LINE, _canonical_ipv6, _fast_name

from .conftest import CORPUS

MANIFEST = CORPUS / "MANIFEST.tsv"


def snapshot(zone: Zone) -> tuple[list[Any], list[Any]]:
    records = [
        (
            r.path,
            r.line,
            r.col,
            r.owner.labels,
            r.rdtype,
            r.ttl,
            r.ttl_explicit,
            r.rdata_text(),
            tuple((t.text, t.line, t.col) for t in r.tokens),
        )
        for r in zone.records
    ]
    problems = [(p.path, p.line, p.col, p.message) for p in zone.problems]
    return records, problems


def both_ways(path: str, origin: str | None = None) -> None:
    fast = load_zone(path, origin, extra_include_roots=[os.fspath(CORPUS)])
    slow = load_zone(path, origin, extra_include_roots=[os.fspath(CORPUS)], fast=False)
    assert snapshot(fast) == snapshot(slow)


def corpus_rows() -> list[dict[str, str]]:
    if not MANIFEST.is_file():
        return []
    with MANIFEST.open(encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


@pytest.mark.skipif(not MANIFEST.is_file(), reason="shared corpus not present")
@pytest.mark.parametrize("row", corpus_rows(), ids=lambda r: r["dest"])
def test_corpus_same_both_ways(row: dict[str, str]) -> None:
    both_ways(os.fspath(CORPUS / row["dest"]), row["origin"] or None)


# ---------------------------------------------------------------- generated zones

owners = st.sampled_from(
    [
        "@",
        "www",
        "WWW.Sub",
        "mail.example.com.",
        "*.w",
        "a_b",
        "0/25",
        "x.",
        "",
        " ",
        "\t",
        "-",
        "a..b",
        "é",
        "a" * 63,
        "a" * 64,
        ".",
        "other.org.",
        "example",  # under "$ORIGIN com.": the apex, written relative to an origin above it
        "Mail.Example",  # ... and a name inside the zone
        "$x",
        "a\\.b",
    ]
)
ttls = st.sampled_from(["", "300", "0", "2147483647", "2147483648", "1h", "1H30m", "01", "x1"])
classes = st.sampled_from(["", "IN", "in", "CH", "CLASS1", "ANY"])
types = st.sampled_from(
    ["A", "a", "AAAA", "MX", "mx", "CNAME", "NS", "DNAME", "TXT", "SPF", "PTR", "TYPE1", "MXX"]
)
rdatas = st.sampled_from(
    [
        "192.0.2.1",
        "192.0.2.01",
        "192.0.2.256",
        "1.2.3",
        "1.2.3.4.5",
        "2001:db8::1",
        "2001:DB8:0:0::1",
        "::ffff:1.2.3.4",
        "2001:db8:::1",
        "10 mail",
        "010 mail.example.com.",
        "65535 @",
        "65536 x",
        "-1 x",
        "10",
        "10 a b",
        "mail",
        "mail.",
        "@",
        "a..b",
        '"v=spf1 -all"',
        '"a" "b"',
        '""',
        '"' + "x" * 256 + '"',
        "unquoted words",
        '"a;b" ; c',
        '"x\\"y"',
        "( 10 mail )",
        "10 mail ; note",
        "192.0.2.1\t; t",
        "xn--bcher-kva.example.",
    ]
)
seps = st.sampled_from([" ", "\t", "  ", " \t "])
comments = st.sampled_from(["", " ; c", ";", ' ;("x', "\r"])
directives = st.sampled_from(
    [
        "$TTL 60",
        "$ORIGIN sub.example.com.",
        "$ORIGIN example.com.",
        "$ORIGIN com.",
        "$ORIGIN example.com.example.com.",
        "; just a comment",
        "",
        "   ",
        "$TTL 1h",
    ]
)


@st.composite
def lines(draw: st.DrawFn) -> str:
    if draw(st.integers(0, 5)) == 0:
        return draw(directives)
    sep = draw(seps)
    parts = [draw(owners), draw(ttls), draw(classes), draw(types), draw(rdatas)]
    if draw(st.booleans()):
        parts[1], parts[2] = parts[2], parts[1]
    return sep.join(p for p in parts if p) + draw(comments)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(lines(), min_size=1, max_size=12),
    st.sampled_from(["$TTL 300\n", ""]),
    st.sampled_from(["\n", "\r\n"]),
    st.booleans(),
)
def test_generated_zones_same_both_ways(
    body: list[str], head: str, newline: str, last_newline: bool
) -> None:
    # line ends LF or CR LF, and a last line with or without its line end
    text = "$ORIGIN example.com.\n" + head + newline.join(body) + (newline if last_newline else "")
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "example.com.zone")
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        both_ways(path)


# Every limit the fast path checks, on both sides of it.
BOUNDARIES = [
    'txt IN TXT "' + "x" * 255 + '"',
    'txt IN TXT "' + "x" * 256 + '"',
    'txt IN TXT "a" "' + "x" * 256 + '" ; c',
    "a IN A 192.0.2.01",
    "a IN A 192.0.2.255",
    "a IN A 192.0.2.256",
    "a IN A 0.0.0.0",
    "m IN MX 65535 x",
    "m IN MX 65536 x",
    "m IN MX 0010 x",
    "t 2147483647 IN A 192.0.2.1",
    "t 2147483648 IN A 192.0.2.1",
    "t 4294967295 IN A 192.0.2.1",
    "a" * 63 + " IN A 192.0.2.1",
    "a" * 64 + " IN A 192.0.2.1",
    ".".join(["a" * 63] * 3) + "." + "a" * 61 + ". IN A 192.0.2.1",
    ".".join(["a" * 63] * 3) + "." + "a" * 62 + ". IN A 192.0.2.1",
    ".".join(["a" * 63] * 3) + " IN A 192.0.2.1",
    "c IN CNAME " + ".".join(["a" * 63] * 4) + ".",
    "aaaa IN AAAA 2001:db8::1:2:3:4:5:6",
    "aaaa IN AAAA 2001:db8:1:2:3:4:5:6:7",
    "aaaa IN AAAA ::",
    "aaaa IN AAAA 1.2.3.4",
    "www.other.org. IN A 192.0.2.1",
    "  IN A 192.0.2.1",
    "x IN TXT unquoted",
    "x IN MX 10 mail extra",
]


@pytest.mark.parametrize("line", BOUNDARIES)
def test_boundaries_same_both_ways(line: str, tmp_path: Any) -> None:
    path = tmp_path / "example.com.zone"
    path.write_text(f"$ORIGIN example.com.\n$TTL 300\n{line}\n")
    both_ways(os.fspath(path))


# ---------------------------------------------------------------- the pieces


name_text = st.text(alphabet="abAB09-_*/.@\\ é", min_size=1, max_size=70)


@settings(max_examples=500, deadline=None)
@given(name_text)
def test_fast_name_is_dnspython_from_text(text: str) -> None:
    origin = dns.name.from_text("example.com.")
    got = _fast_name(text, origin)
    if got is None:
        return  # left to dnspython
    assert got == dns.name.from_text(text, origin)
    assert got.labels == dns.name.from_text(text, origin).labels  # case kept too
    assert got.to_text() == dns.name.from_text(text, origin).to_text()


@settings(max_examples=500, deadline=None)
@given(st.lists(st.binary(max_size=12), max_size=6), st.booleans())
@example([b"Mail", b"example", b"com"], True)
@example([b"a.b", b"example"], True)
@example([b"a", b"", b"b"], True)
@example([], True)
def test_name_text_is_dnspython_to_text(labels: list[bytes], absolute: bool) -> None:
    """model.name_text writes most names straight from their key: it must say what
    dnspython's to_text says (lower-cased), escapes, root and relative names included."""
    from mxlint.model import name_text as text_of

    try:
        name = dns.name.Name([*labels, b""] if absolute else labels)
    except dns.exception.DNSException:
        return  # not a name dnspython builds
    assert text_of(name) == name.to_text().lower()


@given(st.text(alphabet="0123456789.", max_size=17))
@example("01.2.3.4")
@example("1.2.3.256")
@example("1.2.3.0")
@example("1.2.3")
def test_packed_ipv4_is_dnspython_inet_aton(text: str) -> None:
    import dns.ipv4

    try:
        packed: int | None = int.from_bytes(dns.ipv4.inet_aton(text))
    except dns.exception.SyntaxError:
        packed = None
    assert _packed_ipv4(text) == packed


# IPv6 addresses as 8 groups (zero runs and the IPv4-mapped and -compatible prefixes are
# common), written in several forms: canonical, exploded, upper case, or a mutation.
_group = st.sampled_from([0, 0, 1, 0xFFFF]) | st.integers(0, 0xFFFF)


@st.composite
def ipv6_texts(draw: st.DrawFn) -> str:
    import ipaddress

    groups = draw(st.lists(_group, min_size=8, max_size=8))
    if draw(st.booleans()):
        groups[:5] = [0] * 5
    addr = ipaddress.IPv6Address(b"".join(g.to_bytes(2, "big") for g in groups))
    text = draw(st.sampled_from([addr.compressed, addr.exploded, addr.compressed.upper()]))
    mutation = draw(st.sampled_from(["", "::", ":", "0", "%1", ".1"]))
    at = draw(st.integers(0, len(text)))
    return text[:at] + mutation + text[at:]


@settings(max_examples=2000, deadline=None)
@given(ipv6_texts())
@example("::")
@example("::1")
@example("1::")
@example("::ffff:1.2.3.4")
@example("::ffff:102:304")
@example("::102:304")
@example("1:2:3:4:5:6:7::")
@example("0:0:0:0:0:ffff:0:0")
def test_canonical_ipv6_is_dnspython_canonicalize(text: str) -> None:
    import dns.ipv6

    try:
        want: str | None = dns.ipv6.canonicalize(text)
    except dns.exception.SyntaxError:
        want = None
    assert _canonical_ipv6(text) == want


# Well-formed lines of the types the fast path reads, with small mutations: most of these
# are accepted by the fast path, so its records (not only its refusals) are compared.
label = st.text(alphabet="abcXYZ019-_", min_size=1, max_size=8)
rel_name = st.lists(label, min_size=1, max_size=3).map(".".join)
any_name = st.one_of(rel_name, rel_name.map(lambda n: n + "."), st.just("@"))
octet = st.integers(0, 260).map(str) | st.sampled_from(["00", "01", "007"])
ipv4 = st.lists(octet, min_size=4, max_size=4).map(".".join)
ipv6 = st.sampled_from(["2001:db8::1", "::1", "fe80::a:b", "2001:DB8:0:0:0:0:0:1", "1::2::3"])
pref = st.integers(0, 70000).map(str)
blank = st.sampled_from([" ", "\t", "   "])


@st.composite
def typed_lines(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["A", "AAAA", "MX", "CNAME", "NS", "TXT"]))
    rdata = {
        "A": ipv4,
        "AAAA": ipv6,
        "MX": st.tuples(pref, any_name).map(" ".join),
        "CNAME": any_name,
        "NS": any_name,
        "TXT": st.lists(
            st.text(alphabet="v=spf1 -all;", max_size=12).map(lambda t: f'"{t}"'),
            min_size=1,
            max_size=3,
        ).map(" ".join),
    }[kind]
    owner = draw(st.one_of(any_name, st.just("")))
    ttl = draw(st.sampled_from(["", "60", "86400", "3600 IN", "IN 300", "IN"]))
    typ = draw(st.sampled_from([kind, kind.lower()]))
    sep = draw(blank)
    parts = [owner, ttl, typ, draw(rdata)]
    line = sep.join(p for p in parts if p) if owner else sep + sep.join(parts[1:]).strip()
    return line + draw(st.sampled_from(["", " ; note", "\t;x"]))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(typed_lines(), min_size=1, max_size=10))
def test_typed_zones_same_both_ways(body: list[str]) -> None:
    text = "$ORIGIN example.com.\n$TTL 300\n" + "\n".join(body) + "\n"
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "example.com.zone")
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        both_ways(path)
        fast = load_zone(path)
        # the strategy must exercise the accept side: most lines become records
        if len(body) >= 5:
            assert len(fast.records) + len(fast.problems) >= 1


# ---------------------------------------------------------------- statements in parentheses

MULTILINE = [
    "@ IN SOA ns1 host ( 1 2 3 4 5 )",
    "@ IN SOA ns1 host (\n    1 ; serial\n    2\n    3\n    4\n    5 )  ; minimum",
    "@ 300 IN SOA ns1.example.com. host.example.com. 4294967295 1 2 3 4",
    "@ IN SOA ns1 host 4294967296 1 2 3 4",
    "@ IN SOA ns1 host 1 2 3 4 4294967296",
    "@ IN SOA ns1 host 1 2 3 4 1h",
    "@ IN SOA ns1 host 1 2 3 4",
    "@ IN SOA ns1 host ( 1 2 3 4 5 ) extra",
    "@ IN SOA ns1 host ( 1 2 3 4 5 6 )",
    "@ IN SOA ns1 host ( 1 2 3 4 5\n",
    "  IN SOA ns1 host ( 1 2 3\n 4 5 )",
    "other.org. IN SOA ns1 host ( 1 2 3 4 5 )",
    "@ IN SOA ns1 host ( 01 2 3 4 5 )",
    'txt IN TXT ( "a"\n   "b" )  ; c',
    'txt IN TXT ( "a(b"\n "c" )',
    'txt IN TXT ( "a;b"\n "c" )',
    'txt IN TXT ( "a"\n "b" ) "c"',
    'txt IN TXT ( "a" ; x\n ( "b" ) )',
    'txt IN TXT ( "' + "x" * 256 + '"\n )',
    'txt IN TXT (\n "a"\n\n ; only a comment\n "b"\n )',
    "m IN MX ( 10\n     mail )",
    "m IN MX (\n 10\n mail.example.com.\n )",
    "   IN MX ( 10\n mail )",
    "m IN MX ( 10 mail\n other )",
    "( m IN A 192.0.2.1 )",
    "m ( IN A 192.0.2.1 )",
    "m IN A ( 192.0.2.1\n )",
    "m IN A ( 192.0.2.1 \\\n )",
    "$TTL ( 300\n )",
    "m IN MX ( 10\r\n mail )",
]


@pytest.mark.parametrize("ttl", ["$TTL 300\n", ""])
@pytest.mark.parametrize("text", MULTILINE)
def test_parentheses_same_both_ways(text: str, ttl: str, tmp_path: Any) -> None:
    path = tmp_path / "example.com.zone"
    body = f'$ORIGIN example.com.\n{ttl}{text}\nafter IN MX 10 m\n   IN TXT "x"\n'
    path.write_bytes(body.encode())
    both_ways(os.fspath(path))


def test_parentheses_take_the_fast_path(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The common statements in parentheses never reach dnspython's record parsers."""
    from mxlint.zonefile import statements

    path = tmp_path / "example.com.zone"
    path.write_text(
        "$ORIGIN example.com.\n$TTL 300\n"
        "@ IN SOA ns1 host (\n 1 ; serial\n 2 3 4 5 )\n"
        'k IN TXT ( "v=DKIM1; k=rsa; "\n   "p=abc" )  ; key\n'
        "m IN MX ( 10\n    mail )\n"
    )

    def refuse(*args: Any) -> None:
        raise AssertionError("dnspython was asked")

    monkeypatch.setattr(statements, "_read_rdata", refuse)
    zone = load_zone(os.fspath(path))
    assert not zone.problems
    assert [(r.line, r.type_name) for r in zone.records] == [(3, "SOA"), (6, "TXT"), (8, "MX")]
    assert [(t.text, t.line, t.col) for t in zone.records[2].tokens] == [
        ("10", 8, 11),
        ("mail", 9, 5),
    ]


@st.composite
def parenthesised(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["SOA", "TXT", "MX", "A"]))
    words = {
        "SOA": st.tuples(any_name, any_name, *[st.sampled_from(["0", "7", "4294967295"])] * 5),
        "TXT": st.lists(
            st.text(alphabet="v=k; ()", max_size=6).map(lambda t: f'"{t}"'), min_size=1, max_size=4
        ),
        "MX": st.tuples(pref, any_name),
        "A": st.tuples(ipv4),
    }[kind]
    owner = draw(st.one_of(any_name, st.just("")))
    head = f"{owner or ' '} {draw(st.sampled_from(['', '60 ', 'IN ']))}{kind}"
    out = head + " ("
    for word in draw(words):
        out += draw(st.sampled_from([" ", "\n  ", " ; c\n\t"])) + word
    return out + draw(st.sampled_from([" )", "\n )", ")", " ) ; end", " ) x"]))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(parenthesised(), min_size=1, max_size=6), st.sampled_from(["$TTL 300\n", ""]))
def test_parenthesised_zones_same_both_ways(body: list[str], head: str) -> None:
    text = "$ORIGIN example.com.\n" + head + "\n".join(body) + "\n"
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "example.com.zone")
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        both_ways(path)


def test_distinct_targets_share_their_preference_text(tmp_path: Any) -> None:
    """A zone of distinct MX targets shares no tokens, but the preference written the same
    is one string (not one per record): what each record keeps stays as written."""
    path = tmp_path / "example.com.zone"
    path.write_text(
        "$ORIGIN example.com.\n$TTL 300\n@ IN SOA ns1 host 1 2 3 4 5\n@ IN NS ns1\n"
        + "".join(f"h{i} IN MX 10 mail{i}.example.net.\n" for i in range(5))
    )
    zone = load_zone(os.fspath(path))
    mx = zone.mx_records()
    assert [(r.token_text(0), r.token_text(1)) for r in mx] == [
        ("10", f"mail{i}.example.net.") for i in range(5)
    ]
    assert len({id(r.token_text(0)) for r in mx}) == 1
    assert [t.col for t in mx[0].tokens] == [10, 13]


def test_loader_keeps_rows_and_makes_no_record_objects(tmp_path: Any) -> None:
    """The fast path stores each record as a row of the zone's columns (Records): no Record
    object exists until something asks for one, and the one made then reads back what was
    written (TTLs explicit and inherited, lines, columns, the file)."""
    lines = ["$ORIGIN example.com.", "$TTL 3600", "@ IN SOA ns1 h 1 2 3 4 5", "@ IN NS ns1"]
    lines += [f"h{i} 86400 IN A 192.0.2.{i % 250 + 1}" for i in range(300)]
    lines += [f"g{i} IN A 192.0.2.{i % 250 + 1}" for i in range(300)]
    path = tmp_path / "example.com.zone"
    path.write_text("\n".join(lines) + "\n")
    zone = load_zone(os.fspath(path))
    rows = zone.records
    assert len(rows) == 602 and not any(rows._views)
    assert list(rows.ttls[2:]) == [86400] * 300 + [3600] * 300
    assert list(rows.explicit[2:]) == [1] * 300 + [0] * 300
    assert list(rows.lines[:3]) == [3, 4, 5]
    rec = rows[302]
    assert (rec.path, rec.line, rec.col, rec.ttl, rec.ttl_explicit) == (
        os.fspath(path),
        305,
        1,
        3600,
        False,
    )
    assert rec.owner.to_text() == "g0.example.com." and rec.address == "192.0.2.1"
    assert rows[302] is rec and sum(v is not None for v in rows._views) == 1
    assert {r.ttl for r in zone.records if r.key[:1] in b"gh"} == {86400, 3600}


# The fast path's line expression as first written, with backtracking repetitions: the
# possessive form in mxlint.zonefile.fastpath must match exactly the same lines the same way.
_BACKTRACKING_LINE_AT = re.compile(
    r"(?P<owner>@|[A-Za-z0-9_*/-]{1,63}(?:\.[A-Za-z0-9_*/-]{1,63})*\.?)?(?P<lead>[ \t]+)"
    r"(?:(?P<t1>[0-9]+)[ \t]+)?"
    r"(?:[Ii][Nn][ \t]+)?"
    r"(?:(?P<t2>[0-9]+)[ \t]+)?"
    r"(?P<type>[A-Za-z]+)"
    r'(?:(?P<strings>(?:[ \t]+"[\t\x20\x21\x23-\x5b\x5d-\x7e]*")+)'
    r"|(?:[ \t]+(?P<a1>[!#-'*-:<-\[\]-~]+))?(?:[ \t]+(?P<a2>[!#-'*-:<-\[\]-~]+))?)"
    r"[ \t]*(?:;[^\r\n]*)?(?:\r?\n|\Z)"
).match
_BACKTRACKING_BLANK_AT = re.compile(r"[ \t]*(?:;[^\r\n]*)?(?:\r?\n|\Z)").match
_BACKTRACKING_ML_LINE = re.compile(r'((?:[^";\\]|"[^"()\\]*")*)(?:;.*)?\Z').match


def _reading(m: re.Match[str] | None) -> object:
    if m is None:
        return None
    return m.groups(), m.end(), m.start("a1"), m.start("a2"), m.end("lead")


_WORDS = st.sampled_from(
    [
        "@",
        "www",
        "mail.example.com.",
        "a" * 63,
        "a" * 64,
        "x.",
        "*",
        "_dmarc",
        "IN",
        "in",
        "3600",
        "1h",
        "A",
        "MX",
        "TXT",
        "10",
        "192.0.2.1",
        '"v=spf1 -all"',
        '"a\\"b"',
        '"',
        ";",
        "; c",
        "(",
        ")",
        "\\",
        "é",
        "ns1",
        "2001:db8::1",
        "",
        "@x",
        "a..b",
        ".",
        "-",
    ]
)
_BLANKS = st.sampled_from([" ", "\t", "  ", " \t ", ""])


@settings(max_examples=200, deadline=None)
@given(
    words=st.lists(st.tuples(_WORDS, _BLANKS), max_size=7),
    end=st.sampled_from(["\n", "\r\n", "", "\r", "\nnext IN A 192.0.2.1\n"]),
)
def test_possessive_line_expressions_read_as_the_backtracking_ones(
    words: list[tuple[str, str]], end: str
) -> None:
    text = "".join(w + b for w, b in words) + end
    for pos in (0, min(1, len(text))):
        assert _reading(_LINE_AT(text, pos)) == _reading(_BACKTRACKING_LINE_AT(text, pos))
        blank, reference = _BLANK_AT(text, pos), _BACKTRACKING_BLANK_AT(text, pos)
        assert (blank and blank.end()) == (reference and reference.end())
    line = text.split("\n", 1)[0]
    ml, reference = _ML_LINE(line), _BACKTRACKING_ML_LINE(line)
    assert (ml and (ml.group(1), ml.end())) == (reference and (reference.group(1), reference.end()))


def test_possessive_line_expressions_read_the_corpus_as_the_backtracking_ones() -> None:
    # (each line also as a line of a statement in parentheses: _ML_LINE)
    lines = 0
    for root, _, files in os.walk(CORPUS):
        for name in files:
            with open(os.path.join(root, name), encoding="utf-8", errors="replace") as f:
                text = f.read()
            starts = [0, *(i + 1 for i, c in enumerate(text) if c == "\n")]
            for pos in starts:
                assert _reading(_LINE_AT(text, pos)) == _reading(
                    _BACKTRACKING_LINE_AT(text, pos)
                ), (name, text[pos : pos + 80])
                line = text[pos:].split("\n", 1)[0]
                ml, reference = _ML_LINE(line), _BACKTRACKING_ML_LINE(line)
                assert (ml and ml.group(1)) == (reference and reference.group(1)), (name, line)
            lines += len(starts)
    assert lines > 50_000
