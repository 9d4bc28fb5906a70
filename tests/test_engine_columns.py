"""The engine's shortcuts of issue 21 (the rules' cost at 100k and 1M records), each held to
the computation it replaces, kept here as it was, on generated zones and on the corpus."""

from __future__ import annotations

import gc
import ipaddress
import os
from pathlib import Path
from typing import Any

import dns.name
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mxlint import api
from mxlint.check import mailpath, names
from mxlint.check.names import (
    _exists_anywhere,
    exchange_token,
    ip_literal,
    relative_label_count,
    written_absolute,
)
from mxlint.model import CNAME, MX, Record, Zone, ZoneSet
from mxlint.rules import missing_trailing_dot, unroutable_address
from mxlint.zonefile import loader

from .conftest import CORPUS, ZONE_HEADER
from .test_engine_cost import _LINE, _corpus, _generated


def _meaning_before(rec: Record, zones: ZoneSet, zone: Zone) -> str | None:
    """``names.missing_dot_meaning`` as it was, on ``dns.name.Name`` objects."""
    text = exchange_token(rec)
    if text is None or written_absolute(text) or ip_literal(text) is not None:
        return None
    count = relative_label_count(text)
    if count < 2:
        return None
    exchange: dns.name.Name = rec.exchange
    written = dns.name.Name(exchange.labels[:count])
    used_origin = dns.name.Name(exchange.labels[count:])
    meant = written.concatenate(dns.name.root)
    assert zone.origin is not None
    for origin in {used_origin, zone.origin} if zone.confirmed else ():
        olabels = origin.labels[:-1]
        if (
            olabels
            and len(written.labels) >= len(olabels)
            and (dns.name.Name(written.labels[-len(olabels) :]) == dns.name.Name(olabels))
            and (len(olabels) > 1 or not _exists_anywhere(exchange, zones, zone))
        ):
            return meant.to_text()
    if (
        not zones.exists(exchange, zone)
        and zones.complete(exchange, zone)
        and written.labels[-1].decode("ascii", "replace").lower() in names.public_tlds()
    ):
        return meant.to_text()
    return None


def _same_meanings(zone: Zone) -> int:
    """Every MX record's missing_dot_meaning, against the one it replaces; how many are not
    None."""
    if zone.origin is None:
        return 0
    zones = ZoneSet([zone])
    zones.enter(zone)
    found = 0
    for rec in zone.mx_records():
        meant = names.missing_dot_meaning(rec, zones, zone)
        assert meant == _meaning_before(rec, zones, zone), (rec, meant)
        found += meant is not None
    return found


_ORIGINS = ["example.com.", "lab.", "Dept.Example.COM.", "com."]
_WRITTEN = ["mail", "mail.lab", "mail.LAB", "mail.example.com", "mail.EXAMPLE.com", "x.com"]
_WRITTEN += ["mail.dept.example.com", "a.b", "mx.example.org", "mail.com", "com", "lab"]
_WRITTEN += [
    "mail.example.com.",
    "192.0.2.1",
    "a\\.b.com",
    "mail.dept",
    "mx.example",
    "mail.other.zz",
]
_OWNERS = ["@", "mail", "mail.lab", "mail.example", "x", "b", "mx.example.org."]
# a $ORIGIN before a line (""s: none): the origin a name is completed with is not the zone's
_SWITCH = ["", "", "", "sub.example.com.", "example.com.example.com.", "lab.", "other.zz.", "."]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(_ORIGINS),
    st.booleans(),
    st.lists(
        st.tuples(st.sampled_from(_OWNERS), st.sampled_from(_WRITTEN), st.sampled_from(_SWITCH)),
        max_size=12,
    ),
)
def test_missing_dot_meaning_is_what_it_was_on_generated_zones(
    origin: str, soa: bool, lines: list[tuple[str, str, str]]
) -> None:
    head = f"$ORIGIN {origin}\n$TTL 300\n"
    if soa:  # (without it, the origin given is confirmed by nothing: a guess)
        head += "@ IN SOA ns hostmaster 1 2 3 4 5\n@ IN NS ns\nns IN A 192.0.2.2\n"
    body = "".join(
        f"{switch and f'$ORIGIN {switch}'}\n{o} IN A 192.0.2.1\n{o} IN MX 10 {w}\n"
        for o, w, switch in lines
    )
    zone = loader.load_zone("z.zone", origin, text=head + body)
    if not soa:
        zone.evidence = type(zone.evidence)("filename", "the file name", confirmed=False)
    _same_meanings(zone)


@pytest.mark.parametrize(
    ("origin", "body", "found"),
    [
        # the zone's origin repeated (any case), and a public TLD's
        ("example.com.", "@ IN MX 10 mail.Example.COM\n@ IN MX 20 mx.example.org\n", 2),
        # the origin used (a $ORIGIN) repeated, not the zone's, and no public TLD
        ("example.com.", "$ORIGIN other.zz.\nexample.com. IN MX 10 mail.other.zz\n", 1),
        # the zone's origin repeated, not the one used
        ("example.zz.", "$ORIGIN sub.example.zz.\n@ IN MX 10 mail.example.zz\n", 1),
        # one-label origin: a lost dot only where the name is nowhere
        ("lab.", "@ IN MX 10 mail.lab\n", 1),
        ("lab.", "mail.lab IN A 192.0.2.3\n@ IN MX 10 mail.lab\n", 0),
    ],
)
def test_missing_dot_meaning_finds_what_it_did(origin: str, body: str, found: int) -> None:
    head = f"$ORIGIN {origin}\n$TTL 300\n@ IN SOA ns hostmaster 1 2 3 4 5\n@ IN NS ns\n"
    zone = loader.load_zone("z.zone", origin, text=head + "ns IN A 192.0.2.2\n" + body)
    assert _same_meanings(zone) == found


@pytest.mark.skipif(not (CORPUS / "MANIFEST.tsv").is_file(), reason="shared corpus not present")
def test_missing_dot_meaning_is_what_it_was_on_the_corpus() -> None:
    zones = _corpus()
    assert len(zones) > 100
    assert sum(map(_same_meanings, zones)) > 0


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.binary(max_size=6).map(lambda b: b.replace(b"x", b"\n")), max_size=8),
    st.binary(max_size=3),
)
def test_the_owner_screen_of_missing_trailing_dot_misses_no_key(
    keys: list[bytes], end: bytes
) -> None:
    ends = any(k.endswith(end) for k in keys)
    assert missing_trailing_dot._maybe_ends(keys, end) or not ends
    if keys and b"\n" not in b"".join(keys) + end:
        assert missing_trailing_dot._maybe_ends(keys, end) == ends  # (no needless key test)


def _same_kept_rows(zone: Zone) -> int:
    """mailpath's rows of TLSA records and TXT policies, against the rows the loop that found
    them listed; how many TLSA rows."""
    tlsa: list[int] = []
    txt: list[int] = []
    types = zone.records.types
    for i in zone.records.kept(mailpath._KINDS):
        (tlsa if types[i] == mailpath.TLSA else txt).append(i)
    zones = ZoneSet([zone])
    zones.enter(zone)
    assert mailpath._kept_rows(zone, zones) == (tlsa, txt)
    return len(tlsa)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_LINE, max_size=40))
def test_the_mail_path_rows_are_what_they_were_on_generated_zones(
    lines: list[tuple[str, str, str, int, str]],
) -> None:
    _same_kept_rows(_generated(lines))


@pytest.mark.skipif(not (CORPUS / "MANIFEST.tsv").is_file(), reason="shared corpus not present")
def test_the_mail_path_rows_are_what_they_were_on_the_corpus() -> None:
    zones = _corpus()
    assert sum(map(_same_kept_rows, zones)) > 0


_TYPE_SETS = [(), (MX,), (CNAME,), (16, 52), (MX, 15), (1, 28), (257,), (52, 65534), (0,)]


def _same_type_rows(zone: Zone) -> None:
    """Records.rows_of and Records.holds against Records.rows, for some sets of types."""
    rows = zone.records
    for wanted in _TYPE_SETS:
        listed = list(rows.rows(wanted))
        assert list(rows.rows_of(wanted)) == listed
        assert rows.holds(wanted) == bool(listed)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_LINE, max_size=40), st.booleans())
def test_the_rows_of_types_are_what_they_were_on_generated_zones(
    lines: list[tuple[str, str, str, int, str]], caa: bool
) -> None:
    zone = _generated(lines)
    if caa:  # a type over 255: the type column is not read as bytes
        zone.records.add("z", 1, 1, b"", 257, 300, False, None, (), b"")
        assert zone.records.type_mask((MX,)) is None
    _same_type_rows(zone)


@pytest.mark.skipif(not (CORPUS / "MANIFEST.tsv").is_file(), reason="shared corpus not present")
def test_the_rows_of_types_are_what_they_were_on_the_corpus() -> None:
    zones = _corpus()
    for zone in zones:
        _same_type_rows(zone)
    assert any(zone.records.type_mask((MX,)) is None for zone in zones)  # (both ways)


def _zone_file(tmp_path: Path) -> str:
    body = "".join(f"h{i} IN A 192.0.2.{i % 250}\nh{i} IN MX 10 h{i}\n" for i in range(300))
    path = tmp_path / "example.com.zone"
    path.write_text(ZONE_HEADER + body, encoding="ascii")
    return os.fspath(path)


def test_the_collector_does_not_walk_the_run_again_after_the_engine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the stages after the engine run with what the run built frozen (the collector on), and
    # lint thaws it before it returns: a caller's collector frees it as before
    path = _zone_file(tmp_path)
    seen: list[tuple[int, bool]] = []
    stages = api._stages

    def watched(*args: Any, **kwargs: Any) -> Any:
        seen.append((gc.get_freeze_count(), gc.isenabled()))
        return stages(*args, **kwargs)

    monkeypatch.setattr(api, "_stages", watched)
    collecting = gc.isenabled()
    gc.unfreeze()
    gc.enable()
    try:
        api.lint([path])
        assert seen[0][0] > 600 and seen[0][1]  # (600 records, each its tuples and views)
        assert gc.get_freeze_count() == 0 and gc.isenabled()
        # a caller that froze objects itself (the command, at import) keeps them frozen
        gc.freeze()
        frozen = gc.get_freeze_count()
        api.lint([path])
        assert gc.get_freeze_count() > frozen and gc.isenabled()
        # a run that stops with an error after the rules (a usage error of a stage) thaws too
        gc.unfreeze()

        def refusing(*args: Any, **kwargs: Any) -> Any:
            raise api.LintError("refused")

        monkeypatch.setattr(api, "_stages", refusing)
        with pytest.raises(api.LintError):
            api.lint([path])
        assert gc.get_freeze_count() == 0 and gc.isenabled()
        monkeypatch.setattr(api, "_stages", stages)
        # a caller whose collector is off: left off, nothing frozen
        gc.unfreeze()
        gc.disable()
        api.lint([path])
        assert gc.get_freeze_count() == 0 and not gc.isenabled()
    finally:
        gc.unfreeze()
        if collecting:
            gc.enable()


_EDGES = [0, 1, 0x7F000000, 0x7FFFFFFF, 0x80000000, 0xA9FE0000, 0xA9FEFFFF, 0xA9FF0000]
_EDGES += [0xA9FDFFFF, 0xDFFFFFFF, 0xE0000000, 0xEFFFFFFF, 0xF0000000, 0xFFFFFFFE, 0xFFFFFFFF]


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.sampled_from(_EDGES), st.integers(0, 0xFFFFFFFF)))
def test_an_ipv4_address_is_classified_as_ipaddress_does(n: int) -> None:
    text = str(ipaddress.IPv4Address(n))
    assert unroutable_address._never_routable_v4(n) == unroutable_address._never_routable(
        ipaddress.ip_address(text)
    )
    assert unroutable_address._quad(text) == n
    assert unroutable_address._classify.__wrapped__(text, False) == (
        unroutable_address._never_routable(ipaddress.ip_address(text))
    )


def test_a_quad_not_written_plainly_is_left_to_ipaddress() -> None:
    for text in ["127.1", "0127.0.0.1", "1.2.3.256", "::1", "1.2.3.4 ", ""]:
        assert unroutable_address._quad(text) is None


def _same_dotted(zone: Zone) -> int:
    """missing-trailing-dot's MX records written as a dotted relative text, against the loop
    over every record's text that found them; how many."""
    zones = ZoneSet([zone])
    zones.enter(zone)
    table = names.mx_targets(zone, zones)
    dotted = table.dotted_written()
    before = [(table.record(i), t) for i, t in enumerate(table.written()) if t in dotted]
    found = list(missing_trailing_dot._dotted(table, dotted))
    assert [(id(r), t) for r, t in found] == [(id(r), t) for r, t in before]
    return len(found)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_LINE, max_size=40))
def test_the_dotted_targets_are_what_they_were_on_generated_zones(
    lines: list[tuple[str, str, str, int, str]],
) -> None:
    _same_dotted(_generated(lines))


@pytest.mark.skipif(not (CORPUS / "MANIFEST.tsv").is_file(), reason="shared corpus not present")
def test_the_dotted_targets_are_what_they_were_on_the_corpus() -> None:
    assert sum(map(_same_dotted, _corpus())) > 0
