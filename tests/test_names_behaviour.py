"""What mxlint.check.names answers about names as written, at the boundaries the rules rely
on: escaped dots, IP literals, label counts, a target that repeats the origin or ends in a
public TLD, and the shared table of a zone's MX targets (each answer as the rules read it)."""

from __future__ import annotations

import ipaddress

import dns.name
import pytest

from mxlint.check import names
from mxlint.check.names import (
    MxTargets,
    exchange_defect,
    ip_literal,
    missing_dot_meaning,
    mx_targets,
    per_target,
    relative_label_count,
    written_absolute,
)
from mxlint.model import Evidence, Record, Zone, ZoneSet, nkey
from mxlint.zonefile import loader

from .conftest import ZONE_HEADER


def _zone(body: str, origin: str = "example.com.", path: str = "example.com.zone") -> Zone:
    header = ZONE_HEADER.replace("example.com.", origin, 1)
    return loader.load_zone(path, origin, text=header + body)


def _mx(zone: Zone, written: str) -> Record:
    return next(r for r in zone.mx_records() if r.token_text(1) == written)


@pytest.mark.parametrize(
    ("text", "absolute"),
    [
        ("@", False),
        ("", False),
        ("mail", False),
        ("mail.example.com", False),
        ("mail.", True),
        ("mx1.", True),
        ("mail.example.com.", True),
        (".", True),
        ("mail\\.", False),  # an escaped dot ends the label, not the name
        ("mail\\\\.", True),  # an escaped backslash, then the final dot
        ("mail\\\\\\.", False),  # escaped backslash, escaped dot
        ("mail\\\\\\\\.", True),
    ],
)
def test_written_absolute(text: str, absolute: bool) -> None:
    assert written_absolute(text) is absolute


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("192.0.2.1", "192.0.2.1"),
        ("192.0.2.1.", "192.0.2.1"),
        ("2001:db8::25", "2001:db8::25"),
        ("2001:db8::25.", "2001:db8::25"),
        ("::1", "::1"),
        ("mail", None),
        ("mail.example.com.", None),
        ("1.2.3", None),  # digits and dots, no address
        ("12", None),
        ("a:b", None),  # a colon, no address
        ("192.0.2.x", None),
    ],
)
def test_ip_literal(text: str, address: str | None) -> None:
    expected = None if address is None else ipaddress.ip_address(address)
    assert ip_literal(text) == expected


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("@", 0),
        ("mail", 1),
        ("mail.example", 2),
        ("mail.example.com", 3),
        ("a\\.b", 1),
        ("a\\.b.c", 2),
        ("a\\\\.b", 2),
        ("a\\046b.c", 2),
    ],
)
def test_relative_label_count(text: str, count: int) -> None:
    assert relative_label_count(text) == count


# ---------------------------------------------------------------- missing_dot_meaning


def _meaning(target: str, confirmed: bool = True) -> str | None:
    zone = _zone(f"@ IN MX 10 {target}\n")
    if not confirmed:
        zone.evidence = Evidence("filename", "the file name", confirmed=False)
    return missing_dot_meaning(_mx(zone, target), ZoneSet([zone]), zone)


@pytest.mark.parametrize(
    ("target", "meant"),
    [
        ("mail.example.com", "mail.example.com."),  # repeats the origin
        ("example.com", "example.com."),  # is the origin
        ("a.b.mail.example.com", "a.b.mail.example.com."),
        ("mail.example.net", "mail.example.net."),  # ends in a TLD, not in the zones
        ("mx.example.org", "mx.example.org."),
        ("mail.example.zz", None),  # no TLD
        ("mail.com.zz", None),  # a TLD, but not last
        ("mail", None),  # one label
        ("net", None),
        ("mail.example.com.", None),  # written absolute
        ("mail\\.example\\.net", None),  # one label, with escaped dots
        ("192.0.2.1", None),  # an IP literal (ip-target's business)
        ("10.0.0.1.", None),
    ],
)
def test_missing_dot_meaning(target: str, meant: str | None) -> None:
    assert _meaning(target) == meant


def test_missing_dot_meaning_does_not_guess_past_an_unread_include() -> None:
    # The $INCLUDE was not read: it may hold mail.example.net.example.com. (so a TLD
    # proves nothing); a repeated origin still does.
    zone = _zone(
        "$INCLUDE /nonexistent/missing.inc\n@ IN MX 10 mail.example.net\n"
        "@ IN MX 20 mail.example.com\n"
    )
    zones = ZoneSet([zone])
    assert missing_dot_meaning(_mx(zone, "mail.example.net"), zones, zone) is None
    assert missing_dot_meaning(_mx(zone, "mail.example.com"), zones, zone) == "mail.example.com."


def test_missing_dot_meaning_keeps_a_name_that_exists_as_written() -> None:
    # mail.example.net.example.com. exists in the zone: the author wrote what they meant.
    zone = _zone("@ IN MX 10 mail.example.net\nmail.example.net IN A 192.0.2.1\n")
    assert missing_dot_meaning(_mx(zone, "mail.example.net"), ZoneSet([zone]), zone) is None


def test_missing_dot_meaning_of_a_guessed_origin_trusts_only_the_tld() -> None:
    # The origin is a guess: repeating it proves nothing; a public TLD still does.
    assert _meaning("mail.example.com", confirmed=False) == "mail.example.com."  # .com
    assert _meaning("mail.example.zz", confirmed=False) is None
    zone = _zone("@ IN MX 10 mx.example.zz\n", origin="example.zz.", path="example.zz.zone")
    assert missing_dot_meaning(_mx(zone, "mx.example.zz"), ZoneSet([zone]), zone) == (
        "mx.example.zz."
    )
    zone.evidence = Evidence("filename", "the file name", confirmed=False)
    assert missing_dot_meaning(_mx(zone, "mx.example.zz"), ZoneSet([zone]), zone) is None


def test_missing_dot_meaning_under_a_one_label_origin() -> None:
    zone = _zone("@ IN MX 10 mail.zz\n@ IN MX 20 mail.yy\n", origin="zz.", path="zz.zone")
    zones = ZoneSet([zone])
    assert missing_dot_meaning(_mx(zone, "mail.zz"), zones, zone) == "mail.zz."
    assert missing_dot_meaning(_mx(zone, "mail.yy"), zones, zone) is None


# ---------------------------------------------------------------- the table of MX targets

_TABLE = """\
@    IN MX 10 mail.example.com
@    IN MX 20 MAIL
@    IN MX 30 mail
www  IN MX 5 mail
www  IN MX 6 mail.example.com.
www  IN MX 7 192.0.2.7
ftp  IN MX 1 mx.example.net.
ftp  IN MX 2 mx2.example.net.
null IN MX 0 .
mail IN A 192.0.2.25
"""


def test_the_table_numbers_each_target_by_key_in_the_order_first_named() -> None:
    zone = _zone(_TABLE)
    table = MxTargets(zone)
    assert [r.token_text(1) for r in table.records] == [
        "mail.example.com",
        "MAIL",
        "mail",
        "mail",
        "mail.example.com.",
        "192.0.2.7",
        "mx.example.net.",
        "mx2.example.net.",
        ".",
    ]
    assert table.slots == [0, 1, 1, 1, 1, 2, 3, 4, 5]
    assert [n.to_text() for n in table.names] == [
        "mail.example.com.example.com.",
        "MAIL.example.com.",
        "192.0.2.7.example.com.",
        "mx.example.net.",
        "mx2.example.net.",
        ".",
    ]
    assert table.keys == [nkey(n) for n in table.names]
    # every distinct Name object, first seen first, with its slot: MAIL, mail and
    # mail.example.com. are three spellings of slot 1
    assert [(n.to_text(), s) for n, s in table.spellings] == [
        ("mail.example.com.example.com.", 0),
        ("MAIL.example.com.", 1),
        ("mail.example.com.", 1),
        ("mail.example.com.", 1),
        ("192.0.2.7.example.com.", 2),
        ("mx.example.net.", 3),
        ("mx2.example.net.", 4),
        (".", 5),
    ]
    for rec, slot in zip(table.records, table.slots, strict=True):
        assert table.slot(rec) == slot
        assert table.slot_of(rec.exchange) == slot
    # each record's text, lower-cased
    assert [table.text(r) for r in table.records] == [
        "mail.example.com.example.com.",
        "mail.example.com.",
        "mail.example.com.",
        "mail.example.com.",
        "mail.example.com.",
        "192.0.2.7.example.com.",
        "mx.example.net.",
        "mx2.example.net.",
        ".",
    ]
    assert table.text(table.records[1]) == "mail.example.com."  # asked again


def test_a_table_with_one_spelling_per_target_lists_the_names() -> None:
    zone = _zone("@ IN MX 10 mx.example.net.\n@ IN MX 20 mx2.example.net.\nwww IN MX 1 mx\n")
    table = MxTargets(zone)
    assert [(n.to_text(), s) for n, s in table.spellings] == [
        ("mx.example.net.", 0),
        ("mx2.example.net.", 1),
        ("mx.example.com.", 2),
    ]
    assert list(table.spellings) == list(table.spellings)  # read twice, same answer


def test_the_table_tells_what_was_written() -> None:
    zone = _zone(_TABLE + "v6 IN MX 1 2001:db8::25\nesc IN MX 1 a\\.b\\.net\n")
    table = MxTargets(zone)
    written = table.written()
    assert written == [r.token_text(1) for r in table.records]
    assert table.written() is written  # read once
    assert table.ip_written() == {
        "192.0.2.7": ipaddress.ip_address("192.0.2.7"),
        "2001:db8::25": ipaddress.ip_address("2001:db8::25"),
    }
    assert table.relative_written() == frozenset(
        {"mail.example.com", "MAIL", "mail", "192.0.2.7", "2001:db8::25", "a\\.b\\.net"}
    )
    assert table.dotted_written() == frozenset({"mail.example.com"})
    assert table.ip_written() is table.ip_written()


def test_a_table_without_mx_records_is_empty() -> None:
    zone = _zone("mail IN A 192.0.2.25\n")
    table = MxTargets(zone)
    assert (table.names, table.keys, table.slots, list(table.spellings)) == ([], [], [], [])
    assert table.ip_written() == {}
    assert table.relative_written() == frozenset()
    assert table.dotted_written() == frozenset()
    assert table.repeated_owners() == frozenset()
    assert list(table.repeated_groups()) == []
    assert table.targets(ZoneSet([zone])) == []


def test_repeated_owners_are_those_naming_one_target_twice() -> None:
    zone = _zone(_TABLE + "two IN MX 1 a.example.net.\ntwo IN MX 2 A.example.net.\n")
    table = MxTargets(zone)
    # www names mail three ways (mail twice, mail.example.com. once); "@" names MAIL and
    # mail (one key); ftp two hosts; null one record; two one target in two cases
    assert table.repeated_owners() == frozenset(
        {
            nkey(dns.name.from_text(o))
            for o in ("example.com.", "www.example.com.", "two.example.com.")
        }
    )
    assert table.repeated_owners() is table.repeated_owners()
    groups = list(table.repeated_groups())
    assert [[r.preference for r in g] for g in groups] == [[10, 20, 30], [5, 6, 7], [1, 2]]


def test_no_repeated_owner_no_group() -> None:
    zone = _zone("@ IN MX 10 mx.example.net.\n@ IN MX 20 mx2.example.net.\nwww IN MX 1 mx\n")
    table = MxTargets(zone)
    assert table.repeated_owners() == frozenset()
    assert list(table.repeated_groups()) == []


def test_the_facts_of_each_target_are_the_zone_sets() -> None:
    zone = _zone(_TABLE)
    zones = ZoneSet([zone])
    table = MxTargets(zone)
    facts = table.targets(zones)
    assert len(facts) == len(table.names)
    for slot, name in enumerate(table.names):
        expected = zones.target(name, zone)
        assert table.target(slot, zones) is facts[slot]
        assert bool(facts[slot].addresses) == bool(expected.addresses)
        assert facts[slot].zone is expected.zone
    assert bool(facts[1].addresses)  # mail has its A record
    assert not facts[0].addresses and facts[3].zone is None
    fresh = MxTargets(zone)
    one = fresh.target(1, zones)
    assert fresh.target(1, zones) is one and fresh.targets(zones)[1] is one


def test_the_zone_sets_table_is_built_once_per_zone() -> None:
    zone = _zone(_TABLE)
    zones = ZoneSet([zone])
    table = mx_targets(zone, zones)
    assert mx_targets(zone, zones) is table
    assert mx_targets(zone) is not table  # without a zone set: a table for the caller
    assert mx_targets(zone).names == table.names
    other = _zone("@ IN MX 1 mx.example.net.\n", origin="example.org.", path="example.org.zone")
    assert mx_targets(other, zones) is not table
    assert mx_targets(other, zones) is mx_targets(other, zones)


# ---------------------------------------------------------------- per_target


def _asked(zone: Zone, zones: ZoneSet | None) -> tuple[list[str], list[tuple[int, str]]]:
    asked: list[str] = []

    def verdict(name: dns.name.Name) -> str | None:
        asked.append(name.to_text())
        return None if name.to_text().startswith("mx2") else f"bad {name}"

    found = [(r.preference, m) for r, m in per_target(zone, verdict, zones)]
    return asked, found


@pytest.mark.parametrize("shared", [True, False])
def test_per_target_asks_once_per_target_and_never_about_the_null_mx(shared: bool) -> None:
    zone = _zone(_TABLE)
    asked, found = _asked(zone, ZoneSet([zone]) if shared else None)
    assert asked == [
        "mail.example.com.example.com.",
        "MAIL.example.com.",
        "192.0.2.7.example.com.",
        "mx.example.net.",
        "mx2.example.net.",
    ]
    assert found == [
        (10, "bad mail.example.com.example.com."),
        (20, "bad MAIL.example.com."),
        (30, "bad MAIL.example.com."),
        (5, "bad MAIL.example.com."),
        (6, "bad MAIL.example.com."),
        (7, "bad 192.0.2.7.example.com."),
        (1, "bad mx.example.net."),
    ]


@pytest.mark.parametrize("shared", [True, False])
def test_per_target_yields_nothing_when_nothing_is_condemned(shared: bool) -> None:
    zone = _zone("@ IN MX 10 mx2.example.net.\n@ IN MX 20 mxb.example.net.\n@ IN MX 0 .\n")
    asked, found = _asked(zone, ZoneSet([zone]) if shared else None)
    assert asked == ["mx2.example.net.", "mxb.example.net."]
    assert found == [(20, "bad mxb.example.net.")]
    lone = _zone("@ IN MX 10 mx2.example.net.\n@ IN MX 0 .\n")
    assert _asked(lone, ZoneSet([lone]) if shared else None) == (["mx2.example.net."], [])


@pytest.mark.parametrize("shared", [True, False])
def test_per_target_of_a_guessed_origin_asks_only_about_absolute_targets(shared: bool) -> None:
    zone = _zone("@ IN MX 10 mail\n@ IN MX 20 mx.example.net.\n@ IN MX 30 MX.example.NET.\n")
    zone.evidence = Evidence("filename", "the file name", confirmed=False)
    asked, found = _asked(zone, ZoneSet([zone]) if shared else None)
    assert asked == ["mx.example.net."]
    assert found == [(20, "bad mx.example.net."), (30, "bad mx.example.net.")]


# ---------------------------------------------------------------- exchange_defect


def test_exchange_defect_names_ip_targets_and_missing_dots_only() -> None:
    zone = _zone(
        "@ IN MX 10 mail.example.com\n"  # missing dot (repeats the origin)
        "@ IN MX 20 192.0.2.7\n"  # IP literal
        "@ IN MX 30 mail\n"  # fine
        "@ IN MX 40 mx.example.net.\n"  # fine
        "@ IN MX 50 mx.example.zz\n"  # two labels, no TLD: fine
        "@ IN MX 60 2001:db8::25\n"  # IPv6 literal
        "@ IN MX 0 .\n"
        "mail IN A 192.0.2.25\n"
    )
    zones = ZoneSet([zone])
    defects = {r.preference: exchange_defect(r, zones) for r in zone.mx_records()}
    assert defects == {10: True, 20: True, 30: False, 40: False, 50: False, 60: True, 0: False}
    assert not exchange_defect(zone.records[0], zones)  # the SOA


def test_exchange_defect_of_a_zone_whose_only_defect_is_an_ip_target() -> None:
    zone = _zone("@ IN MX 10 mail\n@ IN MX 20 192.0.2.7\nmail IN A 192.0.2.25\n")
    zones = ZoneSet([zone])
    assert [exchange_defect(r, zones) for r in zone.mx_records()] == [False, True]


def test_exchange_defect_of_a_zone_without_defects() -> None:
    zone = _zone("@ IN MX 10 mail\n@ IN MX 20 mx.example.zz\nmail IN A 192.0.2.25\n")
    zones = ZoneSet([zone])
    assert not any(exchange_defect(r, zones) for r in zone.mx_records())


def test_exchange_defect_looks_at_every_linted_zone_but_context_ones() -> None:
    com = _zone("@ IN MX 10 mail.example.com\n")
    org = _zone("@ IN MX 10 mail.example.org\n", origin="example.org.", path="example.org.zone")
    ctx = _zone("@ IN MX 10 192.0.2.1\n", origin="example.net.", path="example.net.zone")
    ctx.context = True
    zones = ZoneSet([com, org, ctx])
    # asked first about the context zone's record: the pass over every zone is made then
    assert not exchange_defect(ctx.mx_records()[0], zones)
    assert exchange_defect(com.mx_records()[0], zones)
    assert exchange_defect(org.mx_records()[0], zones)


def test_names_exports_public_tlds() -> None:
    assert "com" in names.public_tlds() and "zz" not in names.public_tlds()
