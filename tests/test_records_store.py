"""The columnar store of a zone's records (mxlint.model.Records) and the record views made
from its rows: it must read exactly as the list of Record objects it replaced."""

from __future__ import annotations

import itertools
import os
from typing import Any

import dns.name
import dns.rdatatype
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mxlint.model import AAAA, CNAME, MX, NS, A, Record, Records, Zone, nkey

TXT = dns.rdatatype.TXT

ORIGIN = dns.name.from_text("example.com.")


def rec(
    owner: str, rdtype: int = A, rdata: object = "192.0.2.1", line: int = 1, **kw: object
) -> Record:
    name = dns.name.from_text(owner, ORIGIN)
    return Record(
        kw.get("path", "z.zone"),  # type: ignore[arg-type]
        line,
        kw.get("col", 1),  # type: ignore[arg-type]
        name,
        rdtype,
        kw.get("ttl", 300),  # type: ignore[arg-type]
        kw.get("explicit", False),  # type: ignore[arg-type]
        rdata,  # type: ignore[arg-type]
        kw.get("tokens", ()),  # type: ignore[arg-type]
    )


def test_reads_as_a_list_of_records() -> None:
    made = [rec("a", line=1), rec("b", AAAA, "2001:db8::1", line=2), rec("c", line=3)]
    rows = Records(made)
    assert len(rows) == 3 and bool(rows) and not Records()
    assert rows[0] is made[0] and rows[-1] is made[2] and rows[1:] == made[1:]
    assert list(rows) == made and rows == made and rows != made[:2]
    with pytest.raises(IndexError):
        rows[3]
    assert Zone("z.zone", ORIGIN, records=made).records == made
    assert Zone("z.zone", ORIGIN).records == []


def test_a_record_taken_by_a_zone_keeps_what_it_said() -> None:
    r = rec(
        "mail",
        MX,
        (10, dns.name.from_text("mx.example.net.")),
        line=7,
        col=5,
        ttl=60,
        explicit=True,
        path="inc/mail.zone",
        tokens=("10", 12, "mx.example.net.", 15),
    )
    before = (r.path, r.line, r.col, r.ttl, r.ttl_explicit, r.owner, r.exchange, r.tokens, r.key)
    rows = Records([rec("a"), r])
    assert rows[1] is r
    assert (
        r.path,
        r.line,
        r.col,
        r.ttl,
        r.ttl_explicit,
        r.owner,
        r.exchange,
        r.tokens,
        r.key,
    ) == before
    assert r.token_text(1) == "mx.example.net." and r.where() == "inc/mail.zone:7"


def test_rows_added_by_the_loader_are_made_into_records_once() -> None:
    rows = Records()
    key = nkey(dns.name.from_text("www.example.com."))
    rows.add("a.zone", 10, 1, "www.example.com.", A, 3600, False, "192.0.2.7", (), key)
    rows.add("b.zone", 11, 9, key, TXT, 60, True, None, (), key)
    assert not any(rows._views)
    first = rows[0]
    assert rows[0] is first and rows.record(0) is first
    assert (first.path, first.line, first.col, first.ttl, first.ttl_explicit) == (
        "a.zone",
        10,
        1,
        3600,
        False,
    )
    assert first.owner == dns.name.from_text("www.example.com.") and first.address == "192.0.2.7"
    second = rows[1]
    assert (second.path, second.line, second.col, second.ttl, second.ttl_explicit) == (
        "b.zone",
        11,
        9,
        60,
        True,
    )
    assert second.owner == first.owner and second.rdata is None


@pytest.mark.parametrize(
    "address, packed",
    [
        ("192.0.2.7", True),
        ("0.0.0.0", True),
        ("255.255.255.255", True),
        ("1.2.3", False),
        ("01.2.3.4", False),
        ("192.0.2.300", False),
        ("not an address", False),
    ],
)
def test_a_addresses_are_packed_only_when_they_read_back_as_written(
    address: str, packed: bool
) -> None:
    rows = Records([rec("a", A, address)])
    assert (rows._rdata[0] is None) is packed
    assert rows[0].rdata == address and rows[0].address == address


keys = st.lists(st.sampled_from(["a", "b", "c", "*.w", "d.e"]), min_size=0, max_size=30)


@settings(max_examples=100, deadline=None)
@given(
    owners=keys,
    types=st.lists(st.sampled_from([A, MX, CNAME, NS, TXT]), min_size=30, max_size=30),
    share=st.booleans(),
)
def test_owner_index_matches_a_plain_scan(owners: list[str], types: list[int], share: bool) -> None:
    """Zone.at, rows_at, types_at, exists, mx_records and mx_by_owner agree with a scan of
    every record, whether runs share one key object (the fast path) or not (the others)."""
    made = [
        rec(
            o,
            t,
            (10, dns.name.from_text("mx.example.net.")) if t == MX else "192.0.2.1",
            line=i + 1,
        )
        for i, (o, t) in enumerate(zip(owners, types, strict=False))
    ]
    if share:  # the loader shares one key object among the records of a run
        for prev, cur in itertools.pairwise(made):
            if cur.key == prev.key:
                cur.key = prev.key
    zone = Zone("z.zone", ORIGIN, records=made)
    for owner in {*owners, "x", "e"}:
        key = nkey(dns.name.from_text(owner, ORIGIN))
        expect = [r for r in made if r.key == key]
        assert zone.at(key) == expect
        assert list(zone.rows_at(key)) == [made.index(r) for r in expect]
        assert zone.types_at(key) == [r.rdtype for r in expect]
    assert zone.exists(nkey(dns.name.from_text("e", ORIGIN))) == ("d.e" in owners)
    assert zone.mx_records() == [r for r in made if r.rdtype == MX]
    groups: dict[bytes, list[Record]] = {}
    for r in made:
        if r.rdtype == MX:
            groups.setdefault(r.key, []).append(r)
    assert zone.mx_by_owner() == groups and list(zone.mx_by_owner()) == list(groups)
    assert zone._wildcards == any(o.startswith("*") for o in owners)
    cuts = {}
    for r in made:
        if r.rdtype == NS:
            cuts.setdefault(r.key, r)
    assert (zone._cuts or {}).get(NS, {}) == cuts


def test_kept_and_of_types_make_only_the_records_asked_for() -> None:
    rows = Records()
    for i, (t, rd) in enumerate([(A, "192.0.2.1"), (TXT, None), (TXT, "v=spf1 -all"), (MX, None)]):
        rows.add("z.zone", i + 1, 1, b"k\x00", t, 1, False, rd, (), b"k\x00")
    assert rows.kept((TXT,)) == [2] and list(rows.rows((TXT, MX))) == [1, 2, 3]
    assert [r.line for r in rows.of_types((TXT,))] == [2, 3]
    assert [v is not None for v in rows._views] == [False, True, True, False]


def test_records_replaced_let_go_of_their_rows_and_stay_valid() -> None:
    """Replacing a zone's records (a released zone, placeholders dropped) leaves no record
    pointing at the old rows (a cycle the collector, off during a run, would not free), and
    a record someone still holds reads as before."""
    zone = Zone("z.zone", ORIGIN)
    key = nkey(dns.name.from_text("www.example.com."))
    zone.records.add("z.zone", 3, 5, key, A, 60, True, "192.0.2.9", (), key)
    zone.records.add("z.zone", 4, 1, key, A, 60, False, "192.0.2.10", (), key)
    old = zone.records
    held, kept = old[0], old[1]
    zone.records = [kept]
    assert zone.records[0] is kept and kept._rows is zone.records
    assert held._rows is old and old._views == []
    assert (held.path, held.line, held.col, held.ttl, held.ttl_explicit, held.address) == (
        "z.zone",
        3,
        5,
        60,
        True,
        "192.0.2.9",
    )
    assert held.owner == dns.name.from_text("www.example.com.")


def test_staged_rows_reach_the_columns_in_order_and_clear_keeps_the_stage() -> None:
    """The fast path stages tuples (Records.pending) and the columns take them in order,
    before any row added another way; clear() empties both and keeps the same staging list
    (the fast path holds its append)."""
    rows = Records()
    stage = rows.pending.append
    key = nkey(dns.name.from_text("a.example.com."))
    rows.begin("z.zone")
    stage((key, key, A, 60, True, 3, 1, None, 0xC0000201, ()))
    stage((key, key, TXT, 60, False, 4, 5, "v=spf1 -all", 0, ()))
    assert len(rows) == 2 and rows.keys == []
    rows.add("z.zone", 5, 1, key, MX, 60, False, (0, dns.name.root), (), key)
    assert [r.line for r in rows] == [3, 4, 5] and rows.pending == []
    assert rows[0].address == "192.0.2.1" and rows[1].rdata == "v=spf1 -all"
    assert (rows[1].col, rows[1].ttl_explicit, rows[2].exchange) == (5, False, dns.name.root)
    held = rows[0]
    stage((key, key, A, 60, True, 9, 1, None, 1, ()))
    rows.clear()
    assert len(rows) == 0 and rows.pending == []
    assert (held.line, held.address, held.path) == (3, "192.0.2.1", "z.zone")
    rows.begin("y.zone")
    stage((key, key, A, 60, True, 7, 1, None, 0xC0000202, ()))
    rows.flush()
    assert [(r.address, r.path) for r in rows] == [("192.0.2.2", "y.zone")]


def test_the_default_rules_make_no_record_of_a_zone_they_need_not_look_at(tmp_path: Any) -> None:
    """A zone of hosts without mail: the default rules read its columns (types, keys) and make
    a Record only for what they inspect (the apex), not one per host (a million-record zone
    would be rebuilt as objects)."""
    from mxlint.check import engine
    from mxlint.identity.zones import load_zone
    from mxlint.model import ZoneSet

    from .test_rules import REGISTRY

    lines = ["$ORIGIN example.com.", "$TTL 3600", "@ IN SOA ns1 h 1 2 3 4 5", "@ IN NS ns1"]
    lines += [f"h{i} IN A 192.0.2.{i % 250 + 1}" for i in range(300)]
    lines += [f"h{i} IN AAAA 2001:db8::{i + 1:x}" for i in range(300)]
    path = tmp_path / "example.com.zone"
    path.write_text("\n".join(lines) + "\n")
    zone = load_zone(os.fspath(path))
    settings = {r.code: engine.RuleSetting(level=r.severity) for r in REGISTRY.rules if r.enabled}
    engine.run(REGISTRY, ZoneSet([zone]), settings)
    made = [i for i, v in enumerate(zone.records._views) if v is not None]
    assert made and all(zone.records.keys[i] == zone.records.keys[0] for i in made)


def test_a_long_run_of_plain_lines_is_staged_in_small_batches(tmp_path: Any) -> None:
    """The fast path moves its staged rows into the columns every few thousand lines, so a file
    of plain lines never holds a tuple per record at once."""
    from mxlint.identity.zones import load_zone

    seen: list[int] = []
    flush = Records.flush

    def spy(self: Records) -> None:
        seen.append(len(self.pending))
        flush(self)

    lines = ["$ORIGIN example.com.", "$TTL 3600", "@ IN SOA ns1 h 1 2 3 4 5", "@ IN NS ns1"]
    lines += [f"h{i} IN A 192.0.2.{i % 250 + 1}" for i in range(20_000)]
    path = tmp_path / "example.com.zone"
    path.write_text("\n".join(lines) + "\n")
    Records.flush = spy  # type: ignore[method-assign]
    try:
        zone = load_zone(os.fspath(path))
    finally:
        Records.flush = flush  # type: ignore[method-assign]
    assert len(zone.records) == 20_002 and max(seen) <= 4096


def test_a_column_past_255_is_kept_by_both_ways_in(tmp_path: Any) -> None:
    """Columns are one byte each until one is wider (Records._wide_cols): the rows before
    keep theirs, and a wide one read by the fast path or added one by one is kept whole."""
    rows = Records([rec("a", col=1), rec("b", col=255)])
    assert rows.cols.typecode == "B"
    rows.append(rec("c", col=300))
    rows.add("z.zone", 4, 70000, "d.example.com.", A, 300, False, "192.0.2.4", (), b"d")
    assert [r.col for r in rows] == [1, 255, 300, 70000]
    from mxlint.zonefile.loader import load_zone

    zone = tmp_path / "example.com.zone"
    zone.write_text(
        "$ORIGIN example.com.\n$TTL 300\n@ IN SOA ns1 host 1 2 3 4 5\n  IN NS ns1\n"
        + "ns1 IN A 192.0.2.1\n"
        + " " * 299
        + "IN A 192.0.2.2\nmail IN A 192.0.2.3\n"
    )
    loaded = load_zone(os.fspath(zone), ORIGIN)
    assert [(r.line, r.col) for r in loaded.records] == [(3, 1), (4, 3), (5, 1), (6, 300), (7, 1)]
