"""The shared table of a zone's MX targets (mxlint.check.names.mx_targets) and the other
shortcuts the
rules take: each gives the answers of the direct computation it replaces."""

from __future__ import annotations

import ipaddress

import dns.name
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mxlint import _tlds
from mxlint.check import names
from mxlint.check.names import mx_targets, per_target
from mxlint.check.providers import load_catalogue
from mxlint.model import Evidence, Zone, ZoneSet, name_text, nkey
from mxlint.zonefile import loader

from .conftest import ZONE_HEADER

# MX target spellings: shared names in several cases, relative and absolute, the null MX,
# escapes (a NUL byte inside a label has the key of two labels), names inside and outside.
_TARGETS = st.sampled_from(
    [
        "mail",
        "MAIL",
        "mail.example.com.",
        "Mail.Example.COM.",
        "mx.example.net.",
        "MX.example.NET.",
        ".",
        "alias",
        "wild.w",
        "a\\000b.example.net.",
        "a.b.example.net.",
        "m_x.example.net.",
        "mail.example.com",
        "192.0.2.1",
        "x.invalid.",
        "aspmx.l.google.com.",
        "atl1.aspmx.l.google.com.",
    ]
)
_OWNERS = st.sampled_from(["@", "www", "a", "b", "c.d"])
_BODY = """\
mail   IN A     192.0.2.25
alias  IN CNAME mail
*.w    IN A     127.0.0.1
"""


def _zone(pairs: list[tuple[str, int, str]], confirmed: bool = True) -> tuple[Zone, ZoneSet]:
    lines = [f"{owner} IN MX {pref} {target}" for owner, pref, target in pairs]
    text = ZONE_HEADER + _BODY + "\n".join(lines) + "\n"
    zone = loader.load_zone("example.com.zone", "example.com.", text=text)
    if not confirmed:  # an origin nothing confirms: relative targets are not asked about
        zone.evidence = Evidence("filename", "the file name", confirmed=False)
    return zone, ZoneSet([zone])


_ZONES = st.lists(st.tuples(_OWNERS, st.sampled_from([0, 10, 20]), _TARGETS), max_size=30)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_ZONES)
def test_the_table_gives_each_records_key_facts_and_text(pairs: list[tuple[str, int, str]]) -> None:
    zone, zones = _zone(pairs)
    table = mx_targets(zone, zones)
    assert table.records is zone.mx_records()
    assert len(table.slots) == len(table.records)
    assert len(set(table.keys)) == len(table.keys) == len(table.names)
    first: dict[bytes, dns.name.Name] = {}
    for rec, slot in zip(table.records, table.slots, strict=True):
        key = nkey(rec.exchange)
        first.setdefault(key, rec.exchange)
        assert table.keys[slot] == key
        assert table.names[slot] is first[key]  # the target's first spelling
        assert table.slot(rec) == slot
        assert table.text(rec) == name_text(rec.exchange)  # the record's own spelling
        assert table.target(slot, zones) is zones.target(rec.exchange, zone)
    assert list(first) == table.keys  # in the order the records name them


def test_the_table_is_built_once_per_zone_and_again_after_a_release() -> None:
    zone, zones = _zone([("@", 10, "mail"), ("www", 10, "MAIL.example.com.")])
    table = mx_targets(zone, zones)
    assert mx_targets(zone, zones) is table
    assert table.slots == [0, 0]
    assert mx_targets(zone) is not table  # without a zone set: the caller's own
    zones.enter(zone)  # another zone's rules: the memo starts afresh
    again = mx_targets(zone, zones)
    assert again is not table and again.keys == table.keys
    zone.records = list(zone.records)  # the records read again (a release): a stale table
    zone._mx = None  # is not reused
    assert mx_targets(zone, zones) is not again


def _asked(
    zone: Zone, zones: ZoneSet | None
) -> tuple[list[tuple[int, str]], list[tuple[str, ...]]]:
    asked: list[tuple[str, ...]] = []

    def verdict(name: dns.name.Name) -> str | None:
        asked.append(tuple(x.decode("latin-1") for x in name.labels))
        return None if len(asked) % 3 == 0 else f"about {name} ({len(asked)})"

    found = [(rec.line, message) for rec, message in per_target(zone, verdict, zones)]
    return found, asked


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_ZONES, st.booleans())
def test_per_target_from_the_table_asks_and_answers_as_the_direct_walk(
    pairs: list[tuple[str, int, str]], confirmed: bool
) -> None:
    zone, zones = _zone(pairs, confirmed)
    assert _asked(zone, zones) == _asked(zone, None)


def test_per_target_never_asks_about_the_null_mx() -> None:
    zone, zones = _zone([("@", 0, "."), ("www", 10, "mail")])
    found, asked = _asked(zone, zones)
    assert asked == [("mail", "example", "com", "")]
    assert [line for line, _ in found] == [9]


_HOSTS = st.sampled_from(
    [
        "aspmx.l.google.com.",
        "atl1.aspmx.l.google.com.",
        "alt1.aspmx.l.google.com.",
        "contoso-com.mail.protection.outlook.com.",
        "contoso-com.mail.protecton.outlook.com.",
        "mx.example.net.",
        "smtp.google.com.",
        "foo.google.com.",
        "mx1.mail.example.net.",
        "mx1.mail.exampel.net.",
    ]
) | st.from_regex(r"[a-z0-9]{1,8}(\.[a-z0-9-]{1,10}){1,3}\.", fullmatch=True)


@settings(max_examples=300, deadline=None)
@given(st.lists(_HOSTS, max_size=8))
def test_nearest_after_provider_of_answers_as_a_fresh_catalogue(hosts: list[str]) -> None:
    """nearest() skips the published-host test for a host provider_of found in no provider:
    the same answers as a catalogue that was never asked provider_of."""
    extra = [
        {
            "name": "Example Mail",
            "kind": "mailbox",
            "source": "https://mail.example.net/docs/mx",
            "hosts": ["mx1.mail.example.net."],
        }
    ]
    asked, fresh = load_catalogue(extra), load_catalogue(extra)
    for host in hosts:
        asked.provider_of(host)
        assert asked.nearest(host) == fresh.nearest(host), host


def test_public_tlds_as_the_idna_codec_reads_every_label() -> None:
    """public_tlds() skips the idna codec for ASCII labels and reads the file without
    importlib.resources: the set of the direct computation."""
    from importlib.resources import files

    data = files("publicsuffixlist").joinpath("public_suffix_list.dat").read_text("utf-8")
    assert _tlds._psl_text() == data
    expected: set[str] = set()
    for raw in data.split("===END ICANN DOMAINS===", 1)[0].splitlines():
        line = raw.strip()
        if not line or line.startswith("//") or line.startswith("!"):
            continue
        label = line.removeprefix("*.")
        if "." in label:
            continue
        try:
            expected.add(label.encode("idna").decode("ascii").lower())
        except UnicodeError:
            expected.add(label.lower())
    assert names.public_tlds() == expected
    assert {"com", "uk", "xn--p1ai"} <= expected  # ASCII and converted labels both


@pytest.mark.parametrize("label", ["COM", "Example", "x" * 64, "", "xn--p1ai", "a-b"])
def test_an_ascii_label_is_its_own_idna_form(label: str) -> None:
    try:
        converted = label.encode("idna").decode("ascii").lower()
    except UnicodeError:
        converted = label.lower()
    assert converted == label.lower()


@settings(max_examples=200, deadline=None)
@given(st.lists(_HOSTS, max_size=6))
def test_the_remembered_tail_search_answers_as_the_search(hosts: list[str]) -> None:
    catalogue = load_catalogue([])
    catalogue.nearest("x.example.")  # builds the indexes
    assert catalogue._near_tails is not None
    for _, near in catalogue._near_tails.values():
        for host in hosts + hosts:
            for dot in range(len(host)):
                if host[dot] == ".":
                    query = host[dot + 1 : -1]
                    assert near.search_cached(query) == near.search(query), query


# The spellings above and more: an absolute IP literal, IPv6, provider hosts of two providers
# and a gateway, a host with a retired look, names with case and escape differences.
_MORE_TARGETS = _TARGETS | st.sampled_from(
    [
        "192.0.2.1.",
        "2001:db8::25",
        "example-com.mail.protection.outlook.com.",
        "us-smtp-inbound-1.mimecast.com.",
        "SMTP.google.com.",
        "mail.example.com.example.com.",
        "mx.example.com.com",
        "mail.eu",
    ]
)
_MORE_ZONES = st.lists(st.tuples(_OWNERS, st.sampled_from([0, 10, 20]), _MORE_TARGETS), max_size=30)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_MORE_ZONES, st.booleans())
def test_the_tables_facts_of_written_texts_answer_as_the_direct_computation(
    pairs: list[tuple[str, int, str]], confirmed: bool
) -> None:
    zone, zones = _zone(pairs, confirmed)
    table = mx_targets(zone, zones)
    written = [names.exchange_token(r) for r in table.records]
    assert table.written() == written
    texts = {t for t in written if t is not None}
    ips = {t: names.ip_literal(t) for t in texts if names.ip_literal(t) is not None}
    assert table.ip_written() == ips
    assert table.relative_written() == {t for t in texts if not names.written_absolute(t)}
    relative = table.relative_written()
    assert table.dotted_written() == {
        t for t in relative if t not in ips and names.relative_label_count(t) >= 2
    }
    for r, text in zip(table.records, written, strict=True):  # the others mean nothing
        if text not in table.dotted_written():
            assert names.missing_dot_meaning(r, zones, zone) is None


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_MORE_ZONES)
def test_repeated_owners_are_the_owners_with_a_target_twice(
    pairs: list[tuple[str, int, str]],
) -> None:
    zone, zones = _zone(pairs)
    direct = set()
    for key, group in zone.mx_by_owner().items():
        targets = [nkey(r.exchange) for r in group]
        if len(set(targets)) < len(targets):
            direct.add(key)
    assert mx_targets(zone, zones).repeated_owners() == direct


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_MORE_ZONES)
def test_every_slots_facts_and_spellings(pairs: list[tuple[str, int, str]]) -> None:
    zone, zones = _zone(pairs)
    table = mx_targets(zone, zones)
    distinct: dict[int, dns.name.Name] = {id(r.exchange): r.exchange for r in table.records}
    assert [id(n) for n, _ in table.spellings] == list(distinct)
    assert all(table.slot_of(n) == slot for n, slot in table.spellings)
    # the list is kept only when a key has two spellings (else the names are the spellings)
    assert (table._spellings is None) == (len(distinct) == len(table.names))
    facts = table.targets(zones)
    assert len(facts) == len(table.names)
    assert all(f is zones.target(n, zone) for f, n in zip(facts, table.names, strict=True))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_MORE_ZONES, st.booleans())
def test_exchange_defect_answers_as_ip_target_and_missing_trailing_dot_would(
    pairs: list[tuple[str, int, str]], confirmed: bool
) -> None:
    zone, zones = _zone(pairs, confirmed)
    for r in zone.mx_records():
        text = names.exchange_token(r)
        direct = (text is not None and names.ip_literal(text) is not None) or (
            names.missing_dot_meaning(r, zones, zone) is not None
        )
        assert names.exchange_defect(r, zones) == direct


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_MORE_ZONES)
def test_stale_provider_reads_every_owner_with_two_known_providers(
    pairs: list[tuple[str, int, str]],
) -> None:
    from mxlint.rules import stale_provider

    zone, zones = _zone(pairs)
    catalogue = load_catalogue()
    table = mx_targets(zone, zones)
    known = stale_provider._known(table, catalogue, {})
    for key, group in zone.mx_by_owner().items():
        hosts = [r for r in group if len(r.exchange.labels) > 1]
        with_provider = [r for r in hosts if catalogue.provider_of(table.text(r)) is not None]
        assert (key in known) == (len(with_provider) >= 2)


_QUADS = st.integers(0, 2**32 - 1).map(lambda n: str(ipaddress.IPv4Address(n)))
_ADDRESSES = (
    _QUADS
    | st.integers(0, 2**128 - 1).map(lambda n: str(ipaddress.IPv6Address(n)))
    | st.sampled_from(["127.0.0.1", "0.0.0.0", "255.255.255.255", "::ffff:192.0.2.1", "::"])
)


@settings(max_examples=500, deadline=None)
@given(_ADDRESSES)
def test_unroutable_address_reads_an_address_as_ipaddress_does(text: str) -> None:
    from mxlint.rules import unroutable_address

    assert unroutable_address._parse(text) == ipaddress.ip_address(text)
    assert type(unroutable_address._parse(text)) is type(ipaddress.ip_address(text))


@pytest.mark.parametrize("text", ["01.2.3.4", "1.2.3", "256.1.1.1", "1.2.3.4 ", "1..2.3", "x"])
def test_unroutable_address_refuses_what_ipaddress_refuses(text: str) -> None:
    from mxlint.rules import unroutable_address

    with pytest.raises(ValueError):
        ipaddress.ip_address(text)
    with pytest.raises(ValueError):
        unroutable_address._parse(text)
