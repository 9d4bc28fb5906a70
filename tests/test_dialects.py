"""The server that loads a zone decides how its file is read (mxlint.zonefile.dialects): gdnsd's
``@Z``/``@F`` names and MAX/MIN TTLs, PowerDNS's absolute ``$ORIGIN`` and its TXT splitting.
BIND's reading stays the default: without a server, nothing changes."""

from __future__ import annotations

from pathlib import Path

import dns.name
from hypothesis import given, settings
from hypothesis import strategies as st

from mxlint.model import Zone
from mxlint.rules.syntax_error import _dialect
from mxlint.zonefile.dialects import gdnsd_origins, may_use_gdnsd_origins
from mxlint.zonefile.loader import load_zone

N = dns.name.from_text


def _load(
    tmp_path: Path, text: str, server: str | None, origin: str = "example.net."
) -> tuple[Zone, list[int]]:
    path = tmp_path / "zone"
    path.write_text(text, encoding="utf-8")
    asked: list[int] = []

    def find() -> str | None:
        asked.append(1)
        return server

    return load_zone(str(path), origin, server=find), asked


GDNSD_ZONE = """$TTL 3600
@ SOA ns1 hostmaster 1 7200 1800 1209600 600
@ NS ns1
ns1 A 192.0.2.53
$ORIGIN a.@Z
x A 192.0.2.1
$ORIGIN b.@z
y MX 10 mx.a.@Z
@Z TXT "keep @Z"
"""


def test_gdnsd_names_ending_in_at_z_are_under_the_zone_name(tmp_path: Path) -> None:
    zone, _ = _load(tmp_path, GDNSD_ZONE, "gdnsd")
    owners = [r.owner.to_text() for r in zone.records]
    assert owners[-3:] == ["x.a.example.net.", "y.b.example.net.", "example.net."]
    assert not zone.problems
    assert zone.server == "gdnsd"


def test_bind_reads_at_z_as_a_label(tmp_path: Path) -> None:
    zone, _ = _load(tmp_path, GDNSD_ZONE, None)
    owners = [r.owner.to_text() for r in zone.records]
    assert owners[3] == "x.a.\\@Z.example.net."
    assert owners[4] == "y.b.\\@z.a.\\@Z.example.net."


def test_the_server_is_not_looked_for_when_no_line_reads_differently(tmp_path: Path) -> None:
    _, asked = _load(tmp_path, "$TTL 60\n$ORIGIN example.net.\n@ SOA ns1 h 1 2 3 4 5\n", "gdnsd")
    assert asked == []


def test_gdnsd_at_f_is_the_origin_the_included_file_started_with(tmp_path: Path) -> None:
    (tmp_path / "inc").write_text("$ORIGIN r1\na A 192.0.2.1\n$ORIGIN r2.@F\nb A 192.0.2.2\n")
    text = "$TTL 60\n@ SOA ns1 h 1 2 3 4 5\n$INCLUDE inc lab.@Z\n"
    zone, _ = _load(tmp_path, text, "gdnsd")
    owners = [r.owner.to_text() for r in zone.records]
    assert owners == ["example.net.", "a.r1.lab.example.net.", "b.r2.lab.example.net."]


def test_gdnsd_rewrite_leaves_strings_comments_and_other_labels_alone() -> None:
    zone, file = N("example.net."), N("f.example.net.")
    text = 'a.@Z TXT "x.@Z" ; y.@Z\nb\\.@Z A 1\nc@Z A 1\nd.@F A 1\n@Z A 1\n'
    assert may_use_gdnsd_origins(text)
    assert gdnsd_origins(text, zone, file) == (
        'a.example.net. TXT "x.@Z" ; y.@Z\nb\\.@Z A 1\nc@Z A 1\nd.f.example.net. A 1\n'
        "example.net. A 1\n"
    )
    assert gdnsd_origins("a.@Z A 1\n", dns.name.root, dns.name.root) == "a. A 1\n"
    assert not may_use_gdnsd_origins("@ A 192.0.2.1\nmail@Zed TXT x\n")


def test_gdnsd_max_min_ttl_is_a_dynamic_record_dialect(tmp_path: Path) -> None:
    text = (
        "$TTL 60\n@ SOA ns1 h 1 2 3 4 5\nwww 300/10 DYNA m!w\napi IN 60/30 DYNC m!w\n"
        "bad 300/10 A 192.0.2.1\nnext A 192.0.2.2\n"
    )
    zone, _ = _load(tmp_path, text, None)
    problems = [(p.line, p.kind, p.message) for p in zone.problems]
    assert problems == [
        (3, "dialect:DYNA", "TTL '300/10' (a maximum and a minimum) and record type 'DYNA'"),
        (4, "dialect:DYNC", "TTL '60/30' (a maximum and a minimum) and record type 'DYNC'"),
        (5, "syntax", "unknown record type '300/10'"),
    ]
    # the line after a refused one is still read
    assert [r.owner.to_text() for r in zone.records][-1] == "next.example.net."
    assert _dialect("DYNA", "gdnsd", "m") is None
    assert "(BIND, assumed" in (_dialect("DYNA", None, "m") or "")


PDNS_ZONE = """$TTL 3600
@ SOA ns1 hostmaster 1 7200 1800 1209600 600
$ORIGIN eu.example.net
mx A 192.0.2.1
"""


def test_powerdns_reads_origin_without_its_dot_as_absolute(tmp_path: Path) -> None:
    zone, _ = _load(tmp_path, PDNS_ZONE, "PowerDNS")
    assert [r.owner.to_text() for r in zone.records][-1] == "mx.eu.example.net."
    assert not zone.origin_fixes
    (note,) = zone.notes
    assert note.line == 3 and "PowerDNS" in note.message


def test_powerdns_origin_relative_to_nothing_is_taken_as_written(tmp_path: Path) -> None:
    text = "$TTL 60\n@ SOA ns1 h 1 2 3 4 5\n$ORIGIN www\nx A 192.0.2.1\n"
    zone, _ = _load(tmp_path, text, "PowerDNS")
    assert [r.owner.to_text() for r in zone.records] == ["example.net."]
    assert any(p.kind == "out-of-zone" for p in zone.problems)


def test_bind_keeps_its_reading_of_origin_without_its_dot(tmp_path: Path) -> None:
    zone, _ = _load(tmp_path, PDNS_ZONE, None)
    (fix,) = zone.origin_fixes
    assert fix.used == N("eu.example.net.example.net.")
    assert not zone.notes


def test_powerdns_splits_long_txt_strings() -> None:
    assert _dialect("TXT-LONG", "PowerDNS", "m") is None
    assert "(BIND, assumed" in (_dialect("TXT-LONG", None, "m") or "")


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["@Z", "@f", "a@F", "x", " ", "\t", "\n", ";", "(", ")", "@", "Z", "\r", "é"]
        ),
        max_size=12,
    )
)
def test_the_quick_gdnsd_test_says_what_the_line_search_says(pieces: list[str]) -> None:
    """may_use_gdnsd_origins looks for a word ending in @Z/@F anywhere, not line by line (the
    line search backtracked over every line of a file whose mail addresses hold "@f"): the
    same answer as the line expression gdnsd_origins rewrites with."""
    from mxlint.zonefile.dialects import _AT_LINE

    text = "".join(pieces)
    assert may_use_gdnsd_origins(text) == (_AT_LINE.search(text) is not None)
