"""The zone set's shortcuts for runs of few zones and zones with few cuts give what walking up
a name's ancestors gives (mxlint.model: _deepest_suffix, ZoneSet._origin_key, ZoneSet._above)."""

from __future__ import annotations

import os
from pathlib import Path

import dns.name
import dns.rdatatype
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mxlint.model import _deepest_suffix, _parent_key, nkey

labels = st.lists(st.sampled_from(["a", "b", "ab", "x"]), max_size=5)


def _key(parts: list[str]) -> bytes:
    return nkey(dns.name.from_text(".".join(parts) + "." if parts else "."))


def _walk(key: bytes, keys: set[bytes]) -> bytes | None:
    k: bytes | None = key
    while k is not None:
        if k in keys:
            return k
        k = _parent_key(k)
    return None


@settings(max_examples=500, deadline=None)
@given(labels, st.lists(labels, max_size=8))
def test_deepest_suffix_is_the_first_ancestor_found_walking_up(
    name: list[str], others: list[list[str]]
) -> None:
    key = _key(name)
    keys = {_key(o) for o in others}
    assert _deepest_suffix(key, keys) == _walk(key, keys)


def test_label_boundaries_are_respected() -> None:
    # "ab.x." is not below "b.x.": a suffix of bytes is not a suffix of labels
    assert _deepest_suffix(_key(["ab", "x"]), {_key(["b", "x"])}) is None
    assert _deepest_suffix(_key(["a", "b", "x"]), {_key(["b", "x"]), _key(["x"])}) == _key(
        ["b", "x"]
    )
    assert _deepest_suffix(_key(["a"]), {_key([])}) == _key([])  # the root is above all


ZONE = """$ORIGIN example.com.
$TTL 300
@ IN SOA ns1 host 1 2 3 4 5
@ IN NS ns1
ns1 IN A 192.0.2.1
sub IN NS ns.other.net.
deep.sub IN NS ns.other.net.
old IN DNAME new.example.net.
x.y.old IN DNAME z.example.net.
"""
QUERIES = [
    "example.com.",
    "a.example.com.",
    "sub.example.com.",
    "a.b.sub.example.com.",
    "a.deep.sub.example.com.",
    "old.example.com.",
    "q.x.y.old.example.com.",
    "y.old.example.com.",
    "other.net.",
    "com.",
]


def test_cut_shortcut_agrees_with_the_walk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mxlint import model
    from mxlint.identity.zones import load_zone

    path = os.path.join(tmp_path, "example.com.zone")
    with open(path, "w", encoding="ascii") as f:
        f.write(ZONE)

    def answers() -> list[tuple[str | None, str | None, bytes | None]]:
        zone = load_zone(path, "example.com.")
        zones = model.ZoneSet([zone])
        out = []
        for q in QUERIES:
            key = nkey(dns.name.from_text(q))
            dname = zones._above(zone, key, model.DNAME, include_origin=True)
            ns = zones._above(zone, key, model.NS, include_origin=False)
            out.append(
                (
                    None if dname is None else f"{dname.path}:{dname.line}",
                    None if ns is None else f"{ns.path}:{ns.line}",
                    zones._origin_key(key),
                )
            )
        return out

    shortcut = answers()
    monkeypatch.setattr(model, "_FEW", -1)  # always walk
    walked = answers()
    assert shortcut == walked
    assert any(a[0] for a in walked) and any(a[1] for a in walked)  # both kinds were found


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([b"a\x00", b"b\x00", b"*\x00a\x00"]), st.booleans())))
def test_owner_index_groups_in_file_order(owners: list[tuple[bytes, bool]]) -> None:
    """Zone.owners() takes a shortcut for a record whose key is the very object of the record
    before (the loader shares it): the index is the plain grouping, whether or not it is."""
    from mxlint.model import A, Record, Zone

    records: list[Record] = []
    for key, shared in owners:
        if shared and records and records[-1].key == key:
            key = records[-1].key  # the same object
        else:
            key = bytes(bytearray(key))  # an equal, distinct object
        records.append(Record("z", len(records) + 1, 1, key, A, 300, False, "192.0.2.1", (), key))
    zone = Zone("z", dns.name.from_text("example."), records=records)
    expected: dict[bytes, list[Record]] = {}
    for rec in records:
        expected.setdefault(rec.key, []).append(rec)
    assert {k: zone.at(k) for k in zone.owners()} == expected
    assert zone._wildcards == any(k.startswith(b"*\x00") for k in expected)


def test_a_target_outside_every_zone_keeps_no_entry() -> None:
    # A zone of many distinct targets outside it: the zone set answers them without keeping
    # one entry each; a target inside a loaded zone is still answered from its entry.
    from mxlint.model import Record, Zone, ZoneSet

    origin = dns.name.from_text("example.com.")
    zone = Zone("z", origin, [Record("z", 1, 1, origin, dns.rdatatype.A, 60, False, "192.0.2.1")])
    zones = ZoneSet([zone])
    outside = [dns.name.from_text(f"mx{i}.example.net.") for i in range(50)]
    for name in outside:
        assert zones.target(name, zone).zone is None
    assert not zones._by_object
    inside = dns.name.from_text("example.com.")
    first = zones.target(inside, zone)
    assert first.zone is zone and [r.address for r in first.addresses] == ["192.0.2.1"]
    assert zones.target(inside, zone) is first and len(zones._by_object) == 1
    # the key given by a caller that knows it gives the same facts
    assert zones.target(inside, zone, nkey(inside)) is first


def test_the_provider_catalogue_keeps_a_bounded_number_of_hosts() -> None:
    from mxlint.check import providers

    catalogue = providers.load_catalogue()
    for i in range(providers._CACHE_LIMIT + 50):
        catalogue.provider_of(f"mx{i}.host{i}.example.")
        catalogue.nearest(f"mx{i}.host{i}.example.")
    assert len(catalogue._owner_cache) <= providers._CACHE_LIMIT
    assert len(catalogue._nearest_cache) <= providers._CACHE_LIMIT
    assert providers._CACHE_LIMIT <= 10_000
