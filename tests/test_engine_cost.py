"""What the rules skip because an exact, cheap test says it cannot matter (issue 21: the
rules' cost per record), each checked against the answer of the full check it stands in for."""

from __future__ import annotations

import csv
import os
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mxlint.check import mailpath, names
from mxlint.check.names import mx_targets
from mxlint.check.providers import load_catalogue
from mxlint.check.registry import Context, Registry
from mxlint.identity.zones import load_zone
from mxlint.model import CNAME, Zone, ZoneSet, name_text, nkey
from mxlint.rules import cname_and_other_data, missing_address, spf_mx, stale_provider
from mxlint.zonefile import loader
from tests.test_rules import lint

from .conftest import CORPUS, ZONE_HEADER

REGISTRY = Registry.load(plugins=False)


def _no_list() -> frozenset[str]:
    raise AssertionError("the Public Suffix List was read")


def test_dotted_target_that_exists_never_reads_the_suffix_list(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # "mail.api1" (no final dot) names mail.api1.example.com., which has an address: whether
    # "api1" is a public TLD no longer matters, and the list is not read
    monkeypatch.setattr(names, "public_tlds", _no_list)
    body = "mail.api1 IN A 192.0.2.1\napi1 IN MX 10 mail.api1\n"
    assert [d.rule for d in lint(body, "missing-trailing-dot")] == []


def test_dotted_target_that_does_not_exist_still_asks_the_list() -> None:
    body = "@ IN MX 10 mail.example.org\n"
    found = lint(body, "missing-trailing-dot")
    assert [(d.line, d.rule) for d in found] == [(5, "missing-trailing-dot")]
    assert 'write "mail.example.org."' in found[0].message


# --- the column gates, each against the computation on records it replaces ---------------

_OWNERS = ["@", "www", "a", "b", "c.d", "", "", "_mta-sts", "_smtp._tls", "_25._tcp.mail"]
_TARGETS = ["mail", "MAIL", "mail.example.com.", "mx.example.net.", ".", "alias", "x.b"]
_TARGETS += ["aspmx.l.google.com.", "atl1.aspmx.l.google.com.", "192.0.2.1", "mail.example.com"]
_DATA = [
    "MX {pref} {target}",
    "MX {pref} {target}",
    "MX ( {pref}\n {target} )",  # (tokens kept as Token objects: two lines)
    "CNAME {target}",
    "A 192.0.2.{pref}",
    'TXT "v=spf1 mx -all"',
    'TXT "v=spf1 mx:b.example.com -all"',
    'TXT "v=STSv1; id=1"',
    'TXT "v=TLSRPTv1; rua=mailto:a@example.com"',
    'TXT "hello"',
    "TLSA 3 1 1 " + "ab" * 32,
]
_LINE = st.tuples(
    st.sampled_from(_OWNERS),
    st.sampled_from(["", "300 ", "600 "]),
    st.sampled_from(_DATA),
    st.sampled_from([0, 10, 20]),
    st.sampled_from(_TARGETS),
)


def _generated(lines: list[tuple[str, str, str, int, str]]) -> Zone:
    body = "mail IN A 192.0.2.25\n" + "".join(
        f"{owner or ' '} {ttl}IN {data.format(pref=pref, target=target)}\n"
        for owner, ttl, data, pref, target in lines
    )
    return loader.load_zone("example.com.zone", "example.com.", text=ZONE_HEADER + body)


def _corpus() -> list[Zone]:
    """The corpus files of at most 200 kB (the gates are exact on any zone: these are zones
    as people write them)."""
    manifest = CORPUS / "MANIFEST.tsv"
    if not manifest.is_file():
        return []
    with manifest.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    zones = []
    for row in rows:
        path = os.fspath(CORPUS / row["dest"])
        if os.path.getsize(path) <= 200_000:
            zones.append(
                load_zone(path, row["origin"] or None, extra_include_roots=[os.fspath(CORPUS)])
            )
    return zones


def _same_as_records(zone: Zone) -> None:
    """Every gate of the rules, against what the records say (``zone`` alone in its run)."""
    zones = ZoneSet([zone])
    zones.enter(zone)
    table = mx_targets(zone, zones)
    groups = zone.mx_by_owner()
    mx = zone.mx_records()
    # the owners, their MX sets and the texts written, from the columns
    assert list(table.owners()) == list(groups)
    assert table.single() == (len(groups) == len(mx))
    for key, group in groups.items():
        assert table.group(key) == group
        assert all(a is b for a, b in zip(table.group(key), group, strict=True))
    assert table.written() == [r.token_text(1) for r in mx]
    assert all(table.record(i) is r for i, r in enumerate(mx))
    # repeated (owner, target) pairs: a target (by key) twice in one MX set
    repeated = {
        key for key, group in groups.items() if len({nkey(r.exchange) for r in group}) < len(group)
    }
    assert table.repeated_owners() == repeated
    # ttl-mismatch: an MX set of two TTLs
    assert table.ttls_differ() == any(len({r.ttl for r in g}) > 1 for g in groups.values())
    # cname-and-other-data: every CNAME alone at its name
    alone = all(len(zone.at(r.key)) == 1 for r in zone.records if r.rdtype == CNAME)
    assert cname_and_other_data._alone(zone) == alone
    # the TLSA records and the TXT policies under an underscore owner
    tlsa, txt, under = mailpath.kept(zone, zones)
    assert list(map(zone.records.record, mailpath.kept_txt_rows(zone, zones))) == txt
    assert mailpath.kept_tlsa(zone, zones) == tlsa
    assert mailpath.kept_under(zone, zones) == under
    # spf-mx: no mx mechanism can find more than 10 hosts
    if zone.origin is not None and not spf_mx._above_limit(zones, zone, table):
        for key in zone.owners():
            assert spf_mx._mx_count(zones, zone, key, {}) is None
    # stale-provider: the hosts the catalogue does not concern have no provider
    catalogue = load_catalogue()
    every = {
        key
        for key, group in groups.items()
        if sum(catalogue.provider_of(name_text(r.exchange)) is not None for r in group) > 1
        and any(len(r.exchange.labels) > 1 for r in group)
    }
    assert stale_provider._known(table, catalogue, {}) == every


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_LINE, max_size=40))
def test_the_gates_answer_as_the_records_do_on_generated_zones(
    lines: list[tuple[str, str, str, int, str]],
) -> None:
    _same_as_records(_generated(lines))


@pytest.mark.skipif(not (CORPUS / "MANIFEST.tsv").is_file(), reason="shared corpus not present")
def test_the_gates_answer_as_the_records_do_on_the_corpus() -> None:
    zones = _corpus()
    assert len(zones) > 100
    for zone in zones:
        _same_as_records(zone)


def test_the_server_is_asked_only_before_a_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    # an apex NS target inside the zone with an address: no finding, so the repository is
    # not searched for another server's configuration
    def no_walk(path: str, text: str | None = None) -> str | None:
        raise AssertionError("server_for was asked")

    monkeypatch.setattr(missing_address, "server_for", no_walk)
    body = "@ IN NS ns2\nns2 IN A 192.0.2.53\n"
    assert lint(body, "missing-address") == []
    # without an address, the finding is due: then the server is asked (and here says BIND)
    monkeypatch.setattr(missing_address, "server_for", lambda path, text=None: None)
    found = lint("@ IN NS ns2\n", "missing-address")
    assert [d.rule for d in found] == ["missing-address"]


def test_spf_mx_reads_no_txt_only_when_no_mx_set_can_exceed_the_limit() -> None:
    def zone(origin: str, hosts: int) -> Zone:
        body = "".join(f"@ IN MX 10 mx{n}.example.net.\n" for n in range(hosts))
        header = ZONE_HEADER.replace("example.com.", origin)
        return loader.load_zone(f"{origin}zone", origin, text=header + body)

    def above(zone: Zone, *others: Zone) -> bool:
        zones = ZoneSet([zone, *others])
        return spf_mx._above_limit(zones, zone, mx_targets(zone, zones))

    assert not above(zone("example.com.", 10))
    assert above(zone("example.com.", 11))  # 11 hosts: the mx mechanism's limit is 10
    # another origin in the run: a domain an SPF record names may be counted there
    assert above(zone("example.com.", 2), zone("example.org.", 2))
    assert not above(zone("example.com.", 2), zone("example.com.", 2))  # versions of one zone
    # end to end: the finding that the gate must let through
    body = "".join(f"@ IN MX 10 mx{n}.example.net.\n" for n in range(11))
    found = lint(body + '@ IN TXT "v=spf1 mx -all"\n', "spf-mx")
    assert [d.rule for d in found] == ["spf-mx"] and "11 MX hosts" in found[0].message


def test_a_zone_of_distinct_targets_keeps_no_slot_per_record_unless_asked() -> None:
    body = "".join(f"h{n} IN MX 10 mail{n}.host{n}.net.\n" for n in range(50))
    zone = loader.load_zone("example.com.zone", "example.com.", text=ZONE_HEADER + body)
    zones = ZoneSet([zone])
    table = mx_targets(zone, zones)
    for r in REGISTRY.rules:  # every rule on: none asks for the slots of this zone
        if r.is_builtin and r.needs is not None:
            list(r.check(Context(zone, zones, r.options, r, {}, REGISTRY)))
    assert mx_targets(zone, zones) is table
    assert table._slots is None and table._by_object is None and table._owners is None
    assert table.single()
    # asked, they are what they would have been
    mx = zone.mx_records()
    assert table.slots == list(range(50))
    assert [table.slot(r) for r in mx] == list(range(50))
    assert [table.text(r) for r in mx] == [f"mail{n}.host{n}.net." for n in range(50)]


def test_spf_split_makes_a_record_only_for_a_policy_of_several_strings() -> None:
    body = '@ IN TXT "v=spf1 mx -all"\nwww IN TXT "v=spf1" "mx" "-all"\n'
    zone = loader.load_zone("example.com.zone", "example.com.", text=ZONE_HEADER + body)
    zones = ZoneSet([zone])
    rule = REGISTRY.resolve("spf-split")
    found = list(rule.check(Context(zone, zones, rule.options, rule, {}, REGISTRY)))
    assert [f.line for f in found] == [6]  # the three strings join into "v=spf1mx-all"
    made = [i for i, view in enumerate(zone.records._views) if view is not None]
    assert [zone.records.lines[i] for i in made] == [6]  # the one-string policy: no record


# --- the provider rules' gate: no catalogue for targets no provider may own ------------------

_PROVIDER_ORIGINS = ["example.com.", "google.com.", "gogle.com.", "l.google.com.", "outlook.com."]
_PROVIDER_TARGETS = ["mail", "aspmx.l", "atl1.aspmx.l", "alt1.aspmx.l", "smtp", "aspmx", "mx02"]
_PROVIDER_TARGETS += ["aspmx.l.google.com.", "atl1.aspmx.l.google.com.", "mx.example.net.", "."]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(_PROVIDER_ORIGINS),
    st.lists(
        st.tuples(st.sampled_from(["@", "www", "@"]), st.sampled_from(_PROVIDER_TARGETS)),
        min_size=1,
        max_size=4,
    ),
    st.lists(st.sampled_from(_PROVIDER_TARGETS[:7]), max_size=4),
)
def test_provider_gate_changes_no_diagnostic(
    origin: str, mx: list[tuple[str, str]], hosts: list[str]
) -> None:
    """stale-provider and unknown-provider-host say the same with provider_hosts.may_provide
    as with a gate that lets every host through (the catalogue read for every zone)."""
    from mxlint.rules import unknown_provider_host

    header = ZONE_HEADER.replace("example.com.", origin)
    body = "".join(f"{o} IN MX {i} {t}\n" for i, (o, t) in enumerate(mx))
    body += "".join(f"{h} IN A 192.0.2.{i + 1}\n" for i, h in enumerate(dict.fromkeys(hosts)))
    rules = ("stale-provider", "unknown-provider-host")

    def said() -> list[tuple[int, int, str, str]]:
        found = lint(body, *rules, header=header)
        return [(d.line, d.column, d.rule, d.message) for d in found if d.rule in rules]

    gated = said()
    with pytest.MonkeyPatch.context() as mp:
        for module in (stale_provider, unknown_provider_host):
            mp.setattr(module, "may_provide", lambda options, texts: [True] * len(texts))
        assert said() == gated


def test_a_zone_of_its_own_hosts_reads_no_catalogue(monkeypatch: pytest.MonkeyPatch) -> None:
    from mxlint.check import provider_hosts
    from mxlint.rules import unknown_provider_host

    read: list[object] = []
    real = provider_hosts.catalogue_for

    def counted(options: Any) -> Any:
        read.append(options)
        return real(options)

    for module in (provider_hosts, unknown_provider_host, stale_provider):
        monkeypatch.setattr(module, "catalogue_for", counted)
    body = "@ IN MX 10 mx01\n@ IN MX 20 mx02.example.com.\nmx01 IN A 192.0.2.1\n"
    body += "mx02 IN A 192.0.2.2\n"
    rules = ("stale-provider", "unknown-provider-host")
    assert [d for d in lint(body, *rules) if d.rule in rules] == []
    assert read == []
    # a provider's host among them: the catalogue is read (and finds no mix here)
    assert [
        d for d in lint(body + "@ IN MX 30 aspmx.l.google.com.\n", *rules) if d.rule in rules
    ] == []
    assert read


def test_a_providers_own_zone_still_has_its_hosts_checked() -> None:
    # in-zone targets under a provider's domain pass the gate: the typo is still found
    header = ZONE_HEADER.replace("example.com.", "google.com.")
    body = "@ IN MX 10 atl1.aspmx.l\n@ IN MX 20 aspmx.l\n"
    body += "aspmx.l IN A 192.0.2.1\natl1.aspmx.l IN A 192.0.2.2\n"
    found = [d for d in lint(body, "unknown-provider-host", header=header)]
    assert [(d.line, d.rule) for d in found if d.rule == "unknown-provider-host"] == [
        (5, "unknown-provider-host")
    ]
    assert '1 edit away from "alt1.aspmx.l.google.com."' in found[0].message
