"""Edge cases of each rule: case, relative/absolute spellings, wildcards, delegations, ENTs."""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest

from mxlint import engine, loader
from mxlint.model import ZoneSet
from mxlint.providers import load_catalogue
from mxlint.registry import Registry

from .conftest import ZONE_HEADER

REGISTRY = Registry.load(plugins=False)
Write = Callable[..., str]


def lint(
    body: str, *enable: str, header: str = ZONE_HEADER, options: dict[str, object] | None = None
) -> list[tuple[int, str]]:
    """(line, rule) of every diagnostic for a zone made of the header plus ``body``."""
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "example.com.zone")
        with open(path, "w", encoding="utf-8") as f:
            f.write(header + body)
        zone = loader.load_zone(path)
        settings = {}
        for key in enable:
            r = REGISTRY.resolve(key)
            settings[r.code] = engine.RuleSetting(level=r.severity, options=options or {})
        diags = engine.run(REGISTRY, ZoneSet([zone]), settings)
    return [(d.line, d.rule) for d in diags]


# ---------------------------------------------------------------- missing-trailing-dot


@pytest.mark.parametrize(
    ("target", "fires"),
    [
        ("mail.example.com", True),  # repeats the origin
        ("MAIL.EXAMPLE.COM", True),  # case-insensitive
        ("mx.provider.net", True),  # public TLD, expansion does not exist
        ("mx.provider.net.", False),
        ("mail", False),  # single label: meant relative
        ("mail.eu", False),  # exists in the zone (below)
        ("mail.internal", False),  # not a public TLD
        ("@", False),
        ("mail\\.example.com", True),  # two labels ("mail.example", "com"): a TLD at the end
    ],
)
def test_missing_trailing_dot_cases(target: str, fires: bool) -> None:
    got = lint(f"@ IN MX 10 {target}\nmail.eu IN A 192.0.2.1\nmail IN A 192.0.2.2\n")
    assert ((5, "missing-trailing-dot") in got) is fires


def test_missing_trailing_dot_respects_current_origin() -> None:
    body = "$ORIGIN sub.example.com.\n@ IN MX 10 mail.sub.example.com\n@ IN MX 20 mail.com\n"
    got = lint(body)
    assert got.count((6, "missing-trailing-dot")) == 1
    assert (7, "missing-trailing-dot") in got


def test_missing_dot_is_reported_once_not_also_as_missing_address() -> None:
    assert lint("@ IN MX 10 mail.example.com\n") == [(5, "missing-trailing-dot")]


# ---------------------------------------------------------------- ip-target


@pytest.mark.parametrize("target", ["192.0.2.1", "192.0.2.1.", "2001:db8::1", "2001:db8::1."])
def test_ip_target_with_or_without_dot(target: str) -> None:
    assert lint(f"@ IN MX 10 {target}\n") == [(5, "ip-target")]


def test_name_that_merely_starts_with_digits_is_not_an_ip() -> None:
    assert lint("@ IN MX 10 192-0-2-1\n192-0-2-1 IN A 192.0.2.1\n") == []


# ---------------------------------------------------------------- cname-target


def test_cname_target_case_insensitive_and_absolute() -> None:
    body = "@ IN MX 10 Mail.Example.Com.\nMAIL IN CNAME host\nhost IN A 192.0.2.1\n"
    assert lint(body) == [(5, "cname-target")]


def test_cname_target_through_wildcard_cname() -> None:
    body = "@ IN MX 10 x.w\n*.w IN CNAME host\nhost IN A 192.0.2.1\n"
    assert lint(body) == [(5, "cname-target")]


# ---------------------------------------------------------------- missing-address


@pytest.mark.parametrize(
    ("body", "fires"),
    [
        ("@ IN MX 10 host.w\n*.w IN A 192.0.2.1\n", False),  # covered by wildcard
        ("@ IN MX 10 a.b.w\n*.w IN A 192.0.2.1\nb.w IN TXT x\n", True),  # b.w exists: no match
        ("@ IN MX 10 mx.sub\nsub IN NS ns.sub\nns.sub IN A 192.0.2.1\n", False),  # no glue: child
        ("@ IN MX 10 ns.sub\nsub IN NS ns.sub\nns.sub IN A 192.0.2.1\n", False),  # glue
        ("@ IN MX 10 ent\nx.ent IN A 192.0.2.1\n", True),  # empty non-terminal has no address
        ("@ IN MX 10 mail\nmail IN AAAA 2001:db8::1\n", False),
    ],
)
def test_missing_address_cases(body: str, fires: bool) -> None:
    assert ((5, "missing-address") in lint(body)) is fires


def test_wildcard_does_not_apply_below_an_existing_name() -> None:
    # a.b.w: closest encloser is b.w (an empty non-terminal above c.b.w), so *.b.w would be
    # the source, not *.w
    got = lint("@ IN MX 10 a.b.w\n*.w IN A 192.0.2.1\nc.b.w IN TXT x\n")
    assert got == [(5, "missing-address")]


# ---------------------------------------------------------------- duplicates


def test_duplicate_record_and_target() -> None:
    body = (
        "@ IN MX 10 mail\n@ IN MX 10 MAIL.example.com.\n@ IN MX 20 mail\n"
        "mail IN A 192.0.2.1\nwww IN MX 10 mail\n"
    )
    got = lint(body)
    assert got == [
        (5, "duplicate-record"),
        (6, "duplicate-record"),
        (7, "duplicate-target"),
    ]


# ---------------------------------------------------------------- null-mx


def test_null_mx_severity_levels() -> None:
    zone = ZONE_HEADER + "@ IN MX 0 .\n@ IN MX 10 mail\nmail IN A 192.0.2.1\nwww IN MX 5 .\n"
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "example.com.zone")
        with open(path, "w") as f:
            f.write(zone)
        diags = engine.run(REGISTRY, ZoneSet([loader.load_zone(path)]))
    assert [(d.line, d.severity) for d in diags] == [(5, "error"), (8, "warning")]


# ---------------------------------------------------------------- invalid-hostname


@pytest.mark.parametrize(
    ("target", "fires"),
    [
        ("mail_1", True),
        ("-mx", True),
        ("mx-", True),
        ("*.w", True),
        ("mx-1", False),
        ("1mx", False),
        ("xn--bcher-kva", False),
    ],
)
def test_invalid_hostname(target: str, fires: bool) -> None:
    got = lint(f"@ IN MX 10 {target}.example.net.\n")
    assert ((5, "invalid-hostname") in got) is fires


# ---------------------------------------------------------------- ttl-mismatch


def test_ttl_mismatch_reports_the_higher_ttls() -> None:
    body = "@ 60 IN MX 10 m1\n@ 120 IN MX 20 m2\n@ 60 IN MX 30 m3\n"
    body += "m1 IN A 192.0.2.1\nm2 IN A 192.0.2.2\nm3 IN A 192.0.2.3\n"
    assert lint(body) == [(6, "ttl-mismatch")]


# ---------------------------------------------------------------- unroutable-address


def test_unroutable_only_when_every_address_is() -> None:
    base = "@ IN MX 10 mail\nmail IN A 127.0.0.1\n"
    assert lint(base) == [(5, "unroutable-address")]
    assert lint(base + "mail IN A 203.0.113.1\n") == []


def test_unroutable_private_only_with_option() -> None:
    body = "@ IN MX 10 mail\nmail IN A 10.1.2.3\n"
    assert lint(body) == []
    got = lint(body, "unroutable-address", options={"private": True})
    assert got == [(5, "unroutable-address")]


# ---------------------------------------------------------------- dname-target


def test_dname_target_below_and_at() -> None:
    body = "@ IN MX 10 a.old\n@ IN MX 20 old\nold IN DNAME new.example.net.\n"
    assert lint(body) == [(5, "dname-target"), (6, "dname-target")]


# ---------------------------------------------------------------- off-by-default rules


def test_off_by_default_rules_need_enable() -> None:
    body = "@ IN MX 10 mail\nmail IN A 192.0.2.1\nwww IN A 192.0.2.2\n@ IN MX 20 x.other.\n"
    assert lint(body) == []
    assert lint(body, "single-mx", "implicit-mx", "unverifiable-target") == [
        (7, "implicit-mx"),
        (8, "unverifiable-target"),
    ]
    assert lint("@ IN MX 10 mail\nmail IN A 192.0.2.1\n", "MX014") == [(5, "single-mx")]


def test_single_mx_same_addresses() -> None:
    body = "@ IN MX 10 a\n@ IN MX 20 b\na IN A 192.0.2.1\nb IN A 192.0.2.1\n"
    assert lint(body, "single-mx") == [(5, "single-mx")]


def test_implicit_mx_skips_glue_wildcards_and_null_mx() -> None:
    body = (
        "sub IN NS ns.sub\nns.sub IN A 192.0.2.1\n*.w IN A 192.0.2.2\n"
        "www IN A 192.0.2.3\nwww IN MX 0 .\n"
    )
    assert lint(body, "implicit-mx") == []


# ---------------------------------------------------------------- providers


def test_stale_provider_minority_side_named() -> None:
    body = (
        "@ IN MX 1 aspmx.l.google.com.\n@ IN MX 5 alt1.aspmx.l.google.com.\n"
        "@ IN MX 10 mx.zoho.com.\n"
    )
    assert lint(body) == [(7, "stale-provider")]


def test_stale_provider_retired_option() -> None:
    body = "@ IN MX 10 mx.old-host.example.\n@ IN MX 20 mx2.old-host.example.\n"
    got = lint(body, "stale-provider", options={"retired": ["mx.old-host.example"]})
    assert got == [(5, "stale-provider")]


def test_unknown_provider_host_catches_typos_of_every_published_host() -> None:
    catalogue = load_catalogue()
    hosts = sorted(catalogue.published_hosts)
    assert hosts
    # every published host: no false alarm
    body = "".join(f"h{i} IN MX 10 {h}\n" for i, h in enumerate(hosts))
    assert [r for r in lint(body) if r[1] == "unknown-provider-host"] == []
    # a transposition of two letters in the first label of each host: each caught
    typos = []
    for h in hosts:
        first, rest = h.split(".", 1)
        i = next((k for k in range(len(first) - 1) if first[k] != first[k + 1]), None)
        if i is None:
            continue
        t = first[:i] + first[i + 1] + first[i] + first[i + 2 :] + "." + rest
        if not catalogue.is_published(t):
            typos.append(t)
    body = "".join(f"t{i} IN MX 10 {t}\n" for i, t in enumerate(typos))
    got = [line for line, rule in lint(body) if rule == "unknown-provider-host"]
    assert got == [5 + i for i in range(len(typos))]


@pytest.mark.parametrize("name", [p.name for p in load_catalogue().providers])
def test_a_zone_using_one_providers_full_set_has_no_provider_warning(name: str) -> None:
    import re

    provider = load_catalogue().get(name)
    assert provider is not None
    hosts = sorted(provider.hosts)
    for pattern in provider.patterns:  # a host of each pattern: * -> x1, ? -> a, [..] -> first
        hosts.append(re.sub(r"\[(.)[^\]]*\]", r"\1", pattern).replace("*", "x1").replace("?", "a"))
    body = "".join(f"@ IN MX {10 * (i + 1)} {host}\n" for i, host in enumerate(hosts))
    body += "".join(f"w IN MX {10 * (i + 1)} {host}\n" for i, host in enumerate(hosts))
    rules = {"stale-provider", "unknown-provider-host"}
    assert [r for r in lint(body) if r[1] in rules] == []
    # and the check can fail: a typo of the first host beside the set is reported
    typo = hosts[0][:2] + hosts[0][3] + hosts[0][2] + hosts[0][4:]
    if hosts[0][2] != hosts[0][3] and not load_catalogue().is_published(typo):
        got = [r for r in lint(body + f"@ IN MX 99 {typo}\n") if r[1] in rules]
        assert got == [(5 + 2 * len(hosts), "unknown-provider-host")]


def test_second_cname_reported_only_when_it_differs() -> None:
    same = "www IN CNAME a\nwww IN CNAME a.example.com.\na IN A 192.0.2.1\n"
    assert lint(same) == []
    other = "www IN CNAME a\nwww IN CNAME b\na IN A 192.0.2.1\nb IN A 192.0.2.2\n"
    assert lint(other) == [(6, "cname-and-other-data")]


def test_an_extended_catalogue_is_built_once_per_option_value() -> None:
    from mxlint.rules.stale_provider import catalogue_for

    extra = [{"name": "X", "kind": "mailbox", "source": "https://x.example/", "hosts": ["mx.x."]}]
    first = catalogue_for({"providers": extra})
    assert catalogue_for({"providers": extra}) is first
    assert first.is_published("mx.x.") and not catalogue_for({}).is_published("mx.x.")
