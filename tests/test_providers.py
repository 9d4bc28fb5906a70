"""Tests for the provider catalogue (mxlint/check/data/providers.yaml) and its lookups."""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mxlint.check.providers import (
    KINDS,
    Catalogue,
    Provider,
    _Near,
    _Pattern,
    _within_two,
    damerau_levenshtein,
    load_catalogue,
    normalize_host,
)

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = load_catalogue()
RAW: list[dict[str, Any]] = yaml.safe_load(
    (resources.files("mxlint.check") / "data" / "providers.yaml").read_text(encoding="utf-8")
)
PROVIDERS = {provider.name: provider for provider in CATALOGUE.providers}
PROVIDER_NAMES = sorted(PROVIDERS)
WITH_PATTERNS = sorted(name for name, p in PROVIDERS.items() if p.patterns)


# -- helpers -------------------------------------------------------------------


def typo_variants(text: str) -> Iterator[str]:
    """One-edit typos of *text*: deletion, doubling, letter substitution, swap."""
    for i, char in enumerate(text):
        yield text[:i] + text[i + 1 :]  # deletion
        yield text[:i] + char + text[i:]  # doubled character (gooogle)
        if char.isalpha():  # substitution of a letter by the next letter
            yield text[:i] + chr((ord(char) - ord("a") + 1) % 26 + ord("a")) + text[i + 1 :]
        if i + 1 < len(text) and text[i + 1] != char:  # adjacent transposition
            yield text[:i] + text[i + 1] + char + text[i + 2 :]


def sample_for(pattern: str) -> str:
    """A host matching *pattern*: ``*`` -> ``x1``, ``?`` -> ``a``, ``[..]`` -> first char."""
    host = re.sub(r"\[(.)[^\]]*\]", r"\1", pattern)
    return host.replace("*", "x1").replace("?", "a")


def check_typo(catalogue: Catalogue, variant: str, intended: str) -> str:
    """Assert what MX018 needs for a typo of *intended*; return how it resolved."""
    if catalogue.is_published(variant):  # another published host (alt1 -> alt2)
        assert catalogue.provider_of(variant) is not None
        return "published"
    result = catalogue.nearest(variant)
    expected = damerau_levenshtein(variant.rstrip("."), intended.rstrip("."))
    assert 0 < expected <= 2
    assert result is not None, f"no suggestion for {variant!r} (typo of {intended!r})"
    host, distance = result
    assert distance == expected, (variant, intended, result)
    assert catalogue.is_published(host)
    if host == intended:
        return "intended"
    # a tie: another published host is exactly as close (alt.aspmx... -> alt1..alt4)
    assert damerau_levenshtein(variant.rstrip("."), host.rstrip(".")) == distance
    return "tie"


# -- the YAML file -------------------------------------------------------------


def test_yaml_is_a_list_of_entries_with_known_keys() -> None:
    assert isinstance(RAW, list)
    assert len(RAW) >= 20
    for entry in RAW:
        assert set(entry) <= {"name", "kind", "source", "hosts", "patterns", "domains"}
        assert entry["kind"] in KINDS
        assert entry.get("hosts") or entry.get("patterns"), entry["name"]


def test_yaml_names_are_in_canonical_form() -> None:
    for entry in RAW:
        for key in ("hosts", "patterns", "domains"):
            for name in entry.get(key) or []:
                assert name == name.strip().lower(), (entry["name"], key, name)
                assert name.endswith(".") and not name.endswith(".."), (entry["name"], name)


def test_every_provider_has_a_source_url() -> None:
    for provider in CATALOGUE.providers:
        assert provider.sources, provider.name
        for url in provider.sources:
            assert re.fullmatch(r"https?://\S+", url), (provider.name, url)


def test_catalogue_has_every_entry() -> None:
    assert [p.name for p in CATALOGUE.providers] == [entry["name"] for entry in RAW]
    assert len(CATALOGUE) == len(RAW)
    assert CATALOGUE.get("Google Workspace") is PROVIDERS["Google Workspace"]
    assert CATALOGUE.get("No Such Provider") is None


def test_no_host_is_claimed_by_two_providers() -> None:
    owner: dict[str, str] = {}
    for entry in RAW:
        for host in entry.get("hosts") or []:
            assert owner.setdefault(host, entry["name"]) == entry["name"], host
    for provider in CATALOGUE.providers:
        for host in provider.hosts:
            assert CATALOGUE.provider_of(host) is provider, host
    domains = [d for entry in RAW for d in entry.get("domains") or []]
    assert len(domains) == len(set(domains))


def test_hosts_of_different_providers_are_far_apart() -> None:
    # so that a typo never lands between two providers' hosts
    owner = {host: p.name for p in CATALOGUE.providers for host in p.hosts}
    hosts = sorted(owner)
    for i, a in enumerate(hosts):
        for b in hosts[i + 1 :]:
            if owner[a] != owner[b]:
                assert damerau_levenshtein(a, b, 2) > 2, (a, b)


@pytest.mark.parametrize(
    ("name", "kind", "hosts"),
    [
        (
            "Google Workspace",
            "mailbox",
            [
                "smtp.google.com.",
                "aspmx.l.google.com.",
                *(f"alt{n}.aspmx.l.google.com." for n in range(1, 5)),
                *(f"aspmx{n}.googlemail.com." for n in range(2, 6)),
            ],
        ),
        (
            "Microsoft 365",
            "mailbox",
            ["contoso-com.mail.protection.outlook.com.", "contosotest-com.o-v1.mx.microsoft."],
        ),
        ("Zoho Mail", "mailbox", ["mx.zoho.com.", "mx2.zoho.eu.", "mx3.zoho.com.au."]),
        ("Proton Mail", "mailbox", ["mail.protonmail.ch.", "mailsec.protonmail.ch."]),
        ("Fastmail", "mailbox", ["in1-smtp.messagingengine.com.", "in2-smtp.messagingengine.com."]),
        ("iCloud Mail", "mailbox", ["mx01.mail.icloud.com.", "mx02.mail.icloud.com."]),
        ("Yandex 360", "mailbox", ["mx.yandex.net.", "mx.yandex.ru."]),
        ("Amazon SES receiving / WorkMail", "relay", ["inbound-smtp.us-east-1.amazonaws.com."]),
        ("OVHcloud", "mailbox", ["mx0.mail.ovh.net.", "mx4.mail.ovh.net.", "mx1.mail.ovh.ca."]),
        ("Gandi Mail", "mailbox", ["spool.mail.gandi.net.", "fb.mail.gandi.net."]),
        ("IONOS", "mailbox", ["mx00.ionos.com.", "mx01.ionos.de.", "mx00.1and1.com."]),
        ("Namecheap Private Email", "mailbox", ["mx1.privateemail.com.", "mx2.privateemail.com."]),
        (
            "Namecheap Email Forwarding",
            "relay",
            [f"eforward{n}.registrar-servers.com." for n in range(1, 6)],
        ),
        ("Mailgun", "relay", ["mxa.mailgun.org.", "mxb.mailgun.org.", "mxa.eu.mailgun.org."]),
        ("SendGrid Inbound Parse", "relay", ["mx.sendgrid.net."]),
        ("Rackspace Email", "mailbox", ["mx1.emailsrvr.com.", "mx2.emailsrvr.com."]),
        ("Migadu", "mailbox", ["aspmx1.migadu.com.", "aspmx2.migadu.com."]),
        ("Purelymail", "mailbox", ["mailserver.purelymail.com."]),
        ("Hostinger Email", "mailbox", ["mx1.hostinger.com.", "mx2.hostinger.com."]),
        ("Mail.ru for Business", "mailbox", ["emx.mail.ru."]),
        (
            "Cloudflare Email Routing",
            "relay",
            [f"route{n}.mx.cloudflare.net." for n in (1, 2, 3)] + ["amir.mx.cloudflare.net."],
        ),
        (
            "Mimecast",
            "gateway",
            ["eu-smtp-inbound-1.mimecast.com.", "us-smtp-inbound-2.mimecast.com."],
        ),
        (
            "Proofpoint",
            "gateway",
            [
                "mx1-us1.ppe-hosted.com.",
                "mx0a-001b2d01.pphosted.com.",
                "mxb-00082601.gslb.pphosted.com.",
            ],
        ),
        (
            "Barracuda Email Gateway Defense",
            "gateway",
            ["d174024a.ess.barracudanetworks.com.", "d226511.b.ess.uk.barracudanetworks.com."],
        ),
        (
            "Cisco Secure Email",
            "gateway",
            ["mx1.hc6813-64.iphmx.com.", "esa1.hc1455-7.c3s2.iphmx.com."],
        ),
        ("Trend Micro Email Security", "gateway", ["oxforduni.in.tmes.trendmicro.eu."]),
        ("Sophos Email", "gateway", ["mx-01-eu-west-1.prod.hydra.sophos.com."]),
        ("Hornetsecurity", "gateway", ["mx01.hornetsecurity.com.", "mx04.hornetsecurity.com."]),
    ],
)
def test_expected_providers_and_hosts(name: str, kind: str, hosts: list[str]) -> None:
    provider = PROVIDERS[name]
    assert provider.kind == kind
    for host in hosts:
        assert CATALOGUE.is_published(host), host
        assert CATALOGUE.provider_of(host) is provider, host


# -- published hosts -----------------------------------------------------------


@pytest.mark.parametrize("name", PROVIDER_NAMES)
def test_every_published_host_is_found(name: str) -> None:
    provider = PROVIDERS[name]
    for host in provider.hosts:
        assert CATALOGUE.is_published(host)
        assert CATALOGUE.provider_of(host) is provider
        assert CATALOGUE.nearest(host) == (host, 0)
        sloppy = host.rstrip(".").upper()  # relative and upper case are accepted too
        assert CATALOGUE.is_published(sloppy)
        assert CATALOGUE.provider_of(sloppy) is provider
        assert CATALOGUE.nearest(sloppy) == (host, 0)
    for pattern in provider.patterns:
        sample = sample_for(pattern)
        assert CATALOGUE.is_published(sample), (pattern, sample)
        assert CATALOGUE.provider_of(sample) is provider
        assert CATALOGUE.nearest(sample) == (sample, 0)


def test_published_hosts_lists_every_exact_host() -> None:
    listed = CATALOGUE.published_hosts
    assert len(listed) == len(set(listed)) == sum(len(p.hosts) for p in CATALOGUE.providers)
    assert set(listed) == {h for p in CATALOGUE.providers for h in p.hosts}


# -- typos ---------------------------------------------------------------------


@pytest.mark.parametrize("name", [n for n in PROVIDER_NAMES if PROVIDERS[n].hosts])
def test_typos_of_published_hosts_are_caught(name: str) -> None:
    outcomes: dict[str, int] = {"published": 0, "intended": 0, "tie": 0}
    for host in sorted(PROVIDERS[name].hosts):
        for variant in set(typo_variants(host.rstrip("."))) - {host.rstrip(".")}:
            outcomes[check_typo(CATALOGUE, variant + ".", host)] += 1
    # most typos point back at the host they came from; ties are the exception
    assert outcomes["intended"] > 4 * outcomes["tie"], outcomes


@pytest.mark.parametrize(
    ("typo", "meant"),
    [
        ("atl1.aspmx.l.google.com.", "alt1.aspmx.l.google.com."),  # seen in a real zone
        ("aspmx.l.gooogle.com.", "aspmx.l.google.com."),
        ("alt1.aspmx.l.google.co.", "alt1.aspmx.l.google.com."),
        ("aspmx.l.google.co", "aspmx.l.google.com."),
        ("ALT2.ASPMX.L.GOOGEL.COM", "alt2.aspmx.l.google.com."),
        ("aspmx3.googlmail.com.", "aspmx3.googlemail.com."),
        ("smtp.gogle.com.", "smtp.google.com."),
        ("mx.zoho.con.", "mx.zoho.com."),
        ("mail.protonmial.ch.", "mail.protonmail.ch."),
        ("in1-smtp.messagingengine.co.", "in1-smtp.messagingengine.com."),
        ("mx01.mail.icloud.co.", "mx01.mail.icloud.com."),
        ("mx.yandx.net.", "mx.yandex.net."),
        ("inbound-smtp.us-east-1.amazonaws.co.", "inbound-smtp.us-east-1.amazonaws.com."),
        ("mx1.mail.ovh.nt.", "mx1.mail.ovh.net."),
        ("spool.mail.gandhi.net.", "spool.mail.gandi.net."),
        ("mx00.inos.com.", "mx00.ionos.com."),
        ("mx1.privatemail.com.", "mx1.privateemail.com."),
        ("eforward1.registrar-server.com.", "eforward1.registrar-servers.com."),
        ("mxa.mailgn.org.", "mxa.mailgun.org."),
        ("mx.sendgird.net.", "mx.sendgrid.net."),
        ("eu-smtp-inbound-1.mimecats.com.", "eu-smtp-inbound-1.mimecast.com."),
        ("mx1-us1.pphosted.com.", "mx1-us1.ppe-hosted.com."),
        ("mx01.hornetsecurty.com.", "mx01.hornetsecurity.com."),
        ("mx1.emailsrvr.co.", "mx1.emailsrvr.com."),
        ("mx2.emailsvr.com.", "mx2.emailsrvr.com."),
        ("aspmx1.migadu.co.", "aspmx1.migadu.com."),
        ("mailserver.purelymial.com.", "mailserver.purelymail.com."),
        ("mx1.hostnger.com.", "mx1.hostinger.com."),
        ("emx.mail.r.", "emx.mail.ru."),
        ("route1.mx.cloudfare.net.", "route1.mx.cloudflare.net."),
    ],
)
def test_named_typos(typo: str, meant: str) -> None:
    assert not CATALOGUE.is_published(typo)
    result = CATALOGUE.nearest(typo)
    assert result is not None
    assert result[0] == meant
    assert result[1] == damerau_levenshtein(normalize_host(typo), meant)


@pytest.mark.parametrize("name", WITH_PATTERNS)
def test_typos_in_a_patterns_fixed_tail_are_not_accepted(name: str) -> None:
    provider = PROVIDERS[name]
    for pattern in provider.patterns:
        sample = sample_for(pattern).rstrip(".")
        labels = sample.split(".")
        # Mutate only the literal tail (the labels after the last wildcard label).
        split = 1 + max(
            i
            for i, label in enumerate(pattern.rstrip(".").split("."))
            if re.search(r"[*?[]", label)
        )
        lead, tail = ".".join(labels[:split]), ".".join(labels[split:])
        for variant_tail in set(typo_variants(tail)) - {tail}:
            variant = f"{lead}.{variant_tail}."
            if CATALOGUE.is_published(variant):
                continue  # e.g. lands on another of the provider's own patterns
            result = CATALOGUE.nearest(variant)
            assert result is not None, variant
            assert result[1] == damerau_levenshtein(variant_tail, tail), (variant, result)
            assert CATALOGUE.is_published(result[0])


def test_microsoft_tenant_host_and_its_typo() -> None:
    good = "contoso-com.mail.protection.outlook.com."
    bad = "contoso-com.mail.protecton.outlook.com."
    microsoft = PROVIDERS["Microsoft 365"]
    assert CATALOGUE.is_published(good)
    assert CATALOGUE.provider_of(good) is microsoft
    assert not CATALOGUE.is_published(bad)
    assert CATALOGUE.provider_of(bad) is None  # not inside Microsoft's MX domain
    assert CATALOGUE.nearest(bad) == (good, 1)
    assert CATALOGUE.nearest("contoso-com.o-v1.mx.microsft.") == (
        "contoso-com.o-v1.mx.microsoft.",
        1,
    )
    assert not CATALOGUE.is_published("contoso.com.mail.protection.outlook.com.")


# -- unknown hosts inside a provider's domain (MX018) --------------------------


@pytest.mark.parametrize(
    ("host", "name", "nearest"),
    [
        ("alt5.aspmx.l.google.com.", "Google Workspace", ("alt1.aspmx.l.google.com.", 1)),
        ("alt.aspmx.l.google.com.", "Google Workspace", ("alt1.aspmx.l.google.com.", 1)),
        ("aspmx6.googlemail.com.", "Google Workspace", ("aspmx2.googlemail.com.", 1)),
        ("mx4.zoho.com.", "Zoho Mail", ("mx.zoho.com.", 1)),
        ("mx.mailgun.org.", "Mailgun", ("mxa.mailgun.org.", 1)),
        ("mx5.mail.ovh.net.", "OVHcloud", ("mx0.mail.ovh.net.", 1)),
        (
            "eforward6.registrar-servers.com.",
            "Namecheap Email Forwarding",
            ("eforward1.registrar-servers.com.", 1),
        ),
        ("smtp.protonmail.ch.", "Proton Mail", None),
        ("smtp.pphosted.com.", "Proofpoint", None),
        ("mx.tenant.pphosted.com.", "Proofpoint", None),
        ("d123.c.ess.uk.barracudanetworks.com.", "Barracuda Email Gateway Defense", None),
        ("tenant.mail.protection.outlook.com.mail.protection.outlook.com.", "Microsoft 365", None),
    ],
)
def test_unknown_host_inside_provider_domain(
    host: str, name: str, nearest: tuple[str, int] | None
) -> None:
    assert CATALOGUE.provider_of(host) is PROVIDERS[name]
    assert not CATALOGUE.is_published(host)
    result = CATALOGUE.nearest(host)
    if nearest is None:
        assert result is None or result[1] > 0
    else:
        assert result == nearest


@pytest.mark.parametrize(
    "host",
    [
        "mail.example.com.",
        "mx.yandex.example.",
        "mx.example.net",
        "aspmx.example.com.",
        "mail.protection.example.com.",
        "smtp.googlemail.example.",
        "mx1.mail.example.org.",
        "localhost",
        ".",
        "",
    ],
)
def test_unrelated_hosts_are_not_matched(host: str) -> None:
    assert CATALOGUE.provider_of(host) is None
    assert not CATALOGUE.is_published(host)
    assert CATALOGUE.nearest(host) is None


# -- user extension ------------------------------------------------------------

GOOD_EXTRA: dict[str, Any] = {
    "name": "Example Mail",
    "kind": "mailbox",
    "source": "https://mail.example.net/docs/mx",
    "hosts": ["MX1.Mail.Example.NET", "mx2.mail.example.net."],
    "patterns": ["*.in.example.net."],
    "domains": ["mail.example.net."],
}


def test_extra_entries_extend_the_catalogue() -> None:
    catalogue = load_catalogue([GOOD_EXTRA])
    example = catalogue.get("Example Mail")
    assert example is not None
    assert example.hosts == frozenset({"mx1.mail.example.net.", "mx2.mail.example.net."})
    assert example.sources == ("https://mail.example.net/docs/mx",)
    assert catalogue.provider_of("mx1.mail.example.net") is example
    assert catalogue.provider_of("tenant.in.example.net.") is example
    assert catalogue.is_published("tenant.in.example.net.")
    assert catalogue.provider_of("mx3.mail.example.net.") is example
    assert not catalogue.is_published("mx3.mail.example.net.")
    assert catalogue.nearest("mx1.mail.exampel.net.") == ("mx1.mail.example.net.", 1)
    assert catalogue.nearest("tenant.in.exmaple.net.") == ("tenant.in.example.net.", 1)
    # the bundled providers are still there, and the default catalogue is untouched
    assert catalogue.provider_of("aspmx.l.google.com.") is not None
    assert load_catalogue().get("Example Mail") is None
    assert load_catalogue() is load_catalogue()


def test_extra_source_may_be_a_list() -> None:
    entry = {**GOOD_EXTRA, "source": ["https://a.example/1", "http://b.example/2"]}
    example = load_catalogue([entry]).get("Example Mail")
    assert example is not None
    assert example.sources == ("https://a.example/1", "http://b.example/2")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"colour": "blue"}, r"unknown key 'colour'"),
        ({"kind": "mailserver"}, r"key 'kind'"),
        ({"source": None}, r"key 'source'"),
        ({"source": []}, r"key 'source'"),
        ({"source": "mail.example.net/docs"}, r"key 'source'"),
        ({"hosts": "mx1.mail.example.net."}, r"key 'hosts'"),
        ({"hosts": ["mx1..example.net."]}, r"key 'hosts'"),
        ({"hosts": ["mx1.mail.example.net.", "MX1.mail.example.net"]}, r"key 'hosts'"),
        ({"hosts": ["aspmx.l.google.com."]}, r"key 'hosts'.*Google Workspace"),
        ({"hosts": ["tenant.mail.protection.outlook.com."]}, r"key 'hosts'.*Microsoft 365"),
        ({"hosts": [], "patterns": []}, r"key 'hosts'"),
        ({"patterns": ["mx.in.example.net."]}, r"key 'patterns'.*no wildcard"),
        ({"patterns": ["mx.*.net."]}, r"key 'patterns'.*two literal labels"),
        ({"patterns": ["mx.[a-z.in.example.net."]}, r"key 'patterns'"),
        ({"domains": ["net."]}, r"key 'domains'"),
        ({"domains": ["googlemail.com."]}, r"key 'domains'.*Google Workspace"),
        ({"name": "Google Workspace", "kind": "gateway"}, r"key 'kind'.*differs"),
    ],
)
def test_bad_extra_entry_raises_naming_entry_and_key(change: dict[str, Any], message: str) -> None:
    entry = {**GOOD_EXTRA, **change}
    with pytest.raises(ValueError, match=message) as caught:
        load_catalogue([entry])
    name = entry["name"]
    assert "extra provider entry #1" in str(caught.value) or repr(name) in str(caught.value)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ([{"kind": "mailbox"}], r"extra provider entry #1: key 'name'"),
        ([GOOD_EXTRA, "not a mapping"], r"extra provider entry #2: expected a mapping"),
        ([GOOD_EXTRA, {**GOOD_EXTRA, "kind": "relay"}], r"entry #2 \('Example Mail'\): key 'kind'"),
        (GOOD_EXTRA, r"extra: expected a list"),
    ],
)
def test_bad_extra_shapes(extra: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        load_catalogue(extra)


def test_extra_entry_with_a_known_name_extends_that_provider() -> None:
    extension = {
        "name": "Zoho Mail",
        "kind": "mailbox",
        "source": "https://www.zoho.com/mail/help/adminconsole/configure-email-delivery.html",
        "hosts": ["smtpin.zoho.eu."],
    }
    catalogue = load_catalogue([extension, {**extension, "hosts": ["smtpin2.zoho.eu."]}])
    zoho = catalogue.get("Zoho Mail")
    assert zoho is not None
    assert [p.name for p in catalogue.providers] == [p.name for p in CATALOGUE.providers]
    assert {"smtpin.zoho.eu.", "smtpin2.zoho.eu.", "mx.zoho.eu."} <= zoho.hosts
    assert zoho.domains == PROVIDERS["Zoho Mail"].domains
    assert zoho.sources == PROVIDERS["Zoho Mail"].sources
    for host in ("smtpin.zoho.eu.", "smtpin2.zoho.eu.", "mx.zoho.eu."):
        assert catalogue.is_published(host)
        assert catalogue.provider_of(host) is zoho
    assert not CATALOGUE.is_published("smtpin.zoho.eu.")  # the default is untouched
    assert CATALOGUE.provider_of("smtpin.zoho.eu.") is PROVIDERS["Zoho Mail"]


def test_catalogue_rejects_conflicting_providers() -> None:
    google = PROVIDERS["Google Workspace"]
    clone = Provider("Clone", "mailbox", google.hosts, (), (), ("https://x.example/",))
    with pytest.raises(ValueError, match="'Clone': key 'hosts'"):
        Catalogue([google, clone])


# -- distance and speed --------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("", "", 0),
        ("", "abc", 3),
        ("abc", "abc", 0),
        ("abc", "acb", 1),
        ("alt1", "atl1", 1),
        ("google", "gooogle", 1),
        ("google.com", "google.co", 1),
        ("kitten", "sitting", 3),
        ("ca", "abc", 3),  # optimal string alignment: no edit of a swapped pair
        ("abcdef", "badcfe", 3),
    ],
)
def test_damerau_levenshtein(a: str, b: str, distance: int) -> None:
    assert damerau_levenshtein(a, b) == distance
    assert damerau_levenshtein(b, a) == distance
    assert damerau_levenshtein(a, b, limit=1) == min(distance, 2)


def test_fast_two_edit_check_agrees_with_the_full_distance() -> None:
    rng = random.Random(7)

    def mutate(text: str) -> str:
        for _ in range(rng.randint(0, 3)):
            i = rng.randrange(len(text) + 1)
            op = rng.choice("dist")
            if op == "d" and i < len(text):
                text = text[:i] + text[i + 1 :]
            elif op == "i":
                text = text[:i] + rng.choice("ab.") + text[i:]
            elif op == "s" and i < len(text):
                text = text[:i] + rng.choice("ab.") + text[i + 1 :]
            elif op == "t" and i + 1 < len(text):
                text = text[:i] + text[i + 1] + text[i] + text[i + 2 :]
        return text

    for _ in range(4000):
        a = "".join(rng.choice("ab.") for _ in range(rng.randint(0, 12)))
        b = mutate(a)
        distance = damerau_levenshtein(a, b)
        assert _within_two(a, b) == (distance if distance <= 2 else None), (a, b)


def test_nearest_is_cached_and_checks_few_candidates(monkeypatch: pytest.MonkeyPatch) -> None:
    """An unknown host costs an index lookup and a few exact comparisons, not a scan of the
    catalogue, and a repeated host costs a dictionary lookup (work counted, not timed)."""
    import mxlint.check.providers as providers

    catalogue = load_catalogue([])  # a fresh catalogue: nothing cached yet
    calls = 0
    real = providers._within_two

    def counting(a: str, b: str) -> int | None:
        nonlocal calls
        calls += 1
        return real(a, b)

    monkeypatch.setattr(providers, "_within_two", counting)
    hosts = [f"mx{n}.customer{n}.example." for n in range(3000)]
    hosts += [f"alt{n % 4 + 1}.aspmx.l.goo{n}gle.com." for n in range(1000)]
    for host in hosts:
        catalogue.nearest(host)
    first = calls
    assert first < len(hosts) * len(catalogue.published_hosts) / 20, first
    for host in hosts:
        catalogue.nearest(host)
    assert calls == first  # all from the cache


def test_import_does_no_io_and_loads_no_yaml() -> None:
    # PyYAML is imported by load_catalogue() only: importing the module with
    # yaml unavailable must work (unless the mxlint package itself needs it).
    code = (
        "import sys\n"
        "sys.modules['yaml'] = None\n"
        "try:\n"
        "    import mxlint\n"
        "except ImportError:\n"
        "    sys.exit(0)\n"
        "import mxlint.check.providers\n"
        "assert mxlint.check.providers._bundled.cache_info().currsize == 0\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-c", code], check=True, env=env)


def test_the_default_catalogue_loads_without_pyyaml() -> None:
    code = (
        "import sys\n"
        "sys.modules['yaml'] = None\n"
        "from mxlint.check.providers import load_catalogue\n"
        "catalogue = load_catalogue()\n"
        "assert catalogue.nearest('atl1.aspmx.l.google.com.') == ('alt1.aspmx.l.google.com.', 1)\n"
        "print(len(catalogue))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", code], check=True, env=env, capture_output=True, text=True
    )
    assert int(done.stdout) == len(RAW)


def test_the_python_form_of_the_catalogue_is_current() -> None:
    import mxlint.check._providers_data as data
    from mxlint.check.providers import _render_data

    yaml_text = (resources.files("mxlint.check") / "data" / "providers.yaml").read_text("utf-8")
    written = Path(data.__file__).read_text(encoding="utf-8")
    assert written == _render_data(yaml_text), (
        "mxlint/check/_providers_data.py is out of date: run python -m mxlint.check.providers"
    )
    assert data.ENTRIES == RAW


# -- the indexed typo search against an exhaustive one -------------------------


def _distance(a: str, b: str) -> int | None:
    """The edit distance if it is at most 2 (``_within_two`` is checked against
    ``damerau_levenshtein`` above), else ``None``."""
    return _within_two(a, b) if abs(len(a) - len(b)) <= 2 else None


def reference_nearest(catalogue: Catalogue, host: str) -> tuple[str, int] | None:
    """What :meth:`Catalogue.nearest` promises, by comparing *host* with every candidate.

    The reference for the indexed search (the exhaustive scan it replaced): every exact
    published host, then every pattern's literal tail; the same tie-breaks (provider order,
    then host order; exact hosts before corrected pattern hosts).
    """
    key = normalize_host(host).rstrip(".")
    if not key:
        return None
    if catalogue.is_published(key):
        return key + ".", 0
    best: tuple[int, str] | None = None
    for candidate in catalogue.published_hosts:  # provider order, then alphabetical
        distance = _distance(key, candidate.rstrip("."))
        if distance is not None and (best is None or distance < best[0]):
            best = (distance, candidate)
    labels = key.split(".")
    by_tail: tuple[int, str] | None = None
    for pattern in _compiled_patterns(catalogue):
        count = len(pattern.lead)
        if len(labels) <= count:
            continue
        distance = _distance(".".join(labels[count:]), pattern.tail)
        if not distance or (by_tail is not None and distance >= by_tail[0]):
            continue
        if all(r.fullmatch(label) for r, label in zip(pattern.lead, labels, strict=False)):
            by_tail = (distance, ".".join([*labels[:count], pattern.tail]) + ".")
    if by_tail is not None and (best is None or by_tail[0] < best[0]):
        best = by_tail
    return None if best is None else (best[1], best[0])


_COMPILED: dict[int, list[_Pattern]] = {}


def _compiled_patterns(catalogue: Catalogue) -> list[_Pattern]:
    if id(catalogue) not in _COMPILED:
        _COMPILED[id(catalogue)] = [
            _Pattern.compile(text, p) for p in catalogue.providers for text in p.patterns
        ]
    return _COMPILED[id(catalogue)]


def one_edit_variants(text: str, alphabet: str = "x.-") -> set[str]:
    """Every deletion, swap of neighbours, and substitution or insertion from *alphabet*.

    Whether the index finds a string depends on where an edit is, not on the character it
    writes (any character but the one replaced breaks a key alike), so a few characters of
    each class stand for all.
    """
    out: set[str] = set()
    for i in range(len(text) + 1):
        for char in alphabet:
            out.add(text[:i] + char + text[i:])
        if i < len(text):
            out.add(text[:i] + text[i + 1 :])
            for char in alphabet:
                out.add(text[:i] + char + text[i + 1 :])
        if i + 1 < len(text):
            out.add(text[:i] + text[i + 1] + text[i] + text[i + 2 :])
    out.discard(text)
    return out


def searched_strings() -> list[str]:
    """Every exact host, and a sample host of every pattern (its tail is what is searched)."""
    hosts = [host.rstrip(".") for host in CATALOGUE.published_hosts]
    patterns = [text for p in CATALOGUE.providers for text in p.patterns]
    return hosts + [sample_for(text).rstrip(".") for text in patterns]


@pytest.mark.parametrize("text", searched_strings())
def test_indexed_search_agrees_with_the_exhaustive_one_on_every_one_edit_typo(text: str) -> None:
    found = 0
    for variant in sorted(one_edit_variants(text)):
        expected = reference_nearest(CATALOGUE, variant)
        assert CATALOGUE.nearest(variant) == expected, variant
        found += expected is not None
    assert found > 0  # the comparison saw typos that are caught, not only misses


@pytest.mark.parametrize("text", searched_strings())
def test_indexed_search_agrees_on_two_edit_typos_at_both_ends(text: str) -> None:
    # one edit near each end: the case where only the middle key of the index survives
    rng = random.Random(text)
    cut = min(7, len(text) // 3), max(len(text) - 9, 2 * len(text) // 3)
    head = sorted(v for v in one_edit_variants(text[: cut[0]]) if v)
    tail = sorted(one_edit_variants(text[cut[1] :]))
    found = 0
    for _ in range(40):
        variant = rng.choice(head) + text[cut[0] : cut[1]] + rng.choice(tail)
        expected = reference_nearest(CATALOGUE, variant)
        assert CATALOGUE.nearest(variant) == expected, variant
        found += expected is not None
    # (a pattern sample's edited lead may match no pattern any more: nothing to find then)
    assert found > 0 or text + "." not in CATALOGUE.published_hosts


_LABEL_TEXT = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,12}[a-z0-9])?", fullmatch=True)
_HOSTS = st.lists(_LABEL_TEXT, min_size=1, max_size=5).map(".".join)
_EDIT_CHARS = st.sampled_from("abcdefghijklmnopqrstuvwxyz0123456789.-_")


@st.composite
def near_provider_hosts(draw: st.DrawFn) -> str:
    """A catalogue host or pattern sample with one to three random edits."""
    text = draw(st.sampled_from(searched_strings()))
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(text)))
        op = draw(st.sampled_from("disx"))
        if op == "d" and i < len(text):
            text = text[:i] + text[i + 1 :]
        elif op == "i":
            text = text[:i] + draw(_EDIT_CHARS) + text[i:]
        elif op == "s" and i < len(text):
            text = text[:i] + draw(_EDIT_CHARS) + text[i + 1 :]
        elif op == "x" and i + 1 < len(text):
            text = text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    return text


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_HOSTS)
def test_indexed_search_agrees_on_random_names(host: str) -> None:
    catalogue = load_catalogue([])  # uncached answers
    assert catalogue.nearest(host) == reference_nearest(catalogue, host)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(near_provider_hosts())
def test_indexed_search_agrees_near_provider_hosts(host: str) -> None:
    catalogue = load_catalogue([])
    assert catalogue.nearest(host) == reference_nearest(catalogue, host)


@st.composite
def hosts_of_one_to_four_labels(draw: st.DrawFn) -> str:
    """Zero to two random labels, then a near-typo of a catalogue host (or pattern sample),
    or an unrelated random name; at most four labels in all."""
    tail = draw(st.one_of(near_provider_hosts(), _HOSTS))
    lead = draw(st.lists(_LABEL_TEXT, max_size=2))
    labels = [*lead, *tail.split(".")]
    return ".".join(labels[-draw(st.integers(1, 4)) :])


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hosts_of_one_to_four_labels())
def test_nearest_equals_the_exhaustive_reference_on_hosts_of_one_to_four_labels(host: str) -> None:
    catalogue = load_catalogue([])
    assert catalogue.nearest(host) == reference_nearest(catalogue, host)
    # the same answer again, from the catalogue's cache
    assert catalogue.nearest(host) == reference_nearest(catalogue, host)


_SEARCHED = searched_strings()


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(near_provider_hosts(), _HOSTS, hosts_of_one_to_four_labels()))
def test_near_index_finds_every_string_within_two_edits(query: str) -> None:
    # the index's filter may let through strings too far away, never drop one within reach
    near = _Near(_SEARCHED)
    expected = sorted(
        (distance, number)
        for number, text in enumerate(_SEARCHED)
        if (distance := damerau_levenshtein(query, text, 2)) <= 2
    )
    assert near.search(query) == expected
    assert near.search_cached(query) == expected


def test_bundled_catalogue_read_without_checks_is_the_checked_one() -> None:
    # A run reads the bundled entries without validating them, and builds the catalogue
    # without its claim checks or the patterns' regular expressions: the same providers and
    # the same tables as the fully checked reading (which would raise on a bad entry).
    from mxlint.check import providers

    assert providers._bundled() == providers._checked_bundled()
    quick, full = Catalogue(providers._bundled(), checked=True), Catalogue(providers._bundled())
    assert quick.providers == full.providers
    assert quick._owner_of_host == full._owner_of_host
    assert quick._owner_of_domain == full._owner_of_domain
    assert quick._host_keys == full._host_keys
    shapes = {
        k: [(p.text, p.tail, p.size, p.lead_count) for p in v]
        for k, v in full._patterns_by_shape.items()
    }
    assert {
        k: [(p.text, p.tail, p.size, p.lead_count) for p in v]
        for k, v in quick._patterns_by_shape.items()
    } == shapes
    assert load_catalogue()._host_keys == full._host_keys


def test_checked_pattern_reads_as_compile_does() -> None:
    owner = PROVIDERS[WITH_PATTERNS[0]]
    for text in ["*.mail.example.net.", "mx?.[ab]*.in.example.org", "a*.b.c.d.example.com"]:
        full, quick = _Pattern.compile(text, owner), _Pattern.checked(text, owner)
        assert (quick.text, quick.tail, quick.size, quick.lead_count) == (
            full.text,
            full.tail,
            full.size,
            full.lead_count,
        )
        assert [r.pattern for r in quick.lead] == [r.pattern for r in full.lead]


# -- the gate rules ask before reading the catalogue (provider_hosts.may_provide) ----------


def _host_texts() -> list[str]:
    catalogue = load_catalogue()
    texts: list[str] = []
    for provider in catalogue.providers:
        texts += provider.hosts
        texts += provider.domains
        # a host of each pattern: its wildcards filled in
        texts += [
            re.sub(r"\[[^]]*\]", "a", p).replace("*", "x1").replace("?", "b")
            for p in provider.patterns
        ]
    return texts


_LABELS = st.sampled_from(["mx", "x1", "aspmx", "l", "com", "net", "Mail", "a-b", "mx01", ""])


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(_host_texts()), st.lists(_LABELS, max_size=3), st.integers(0, 3), st.booleans()
)
def test_may_provide_is_never_false_for_a_providers_host(
    base: str, lead: list[str], cut: int, upper: bool
) -> None:
    """The gate is exact in its "no": wherever provider_of names a provider, it says True
    (hosts of the catalogue, names below them, their tails, in any case)."""
    from mxlint.check.provider_hosts import may_provide

    labels = base.rstrip(".").split(".")
    host = ".".join([*lead, *labels[cut:]]) + "."
    if upper:
        host = host.upper()
    catalogue = load_catalogue()
    if catalogue.provider_of(host) is not None:
        assert may_provide({}, [host]) == [True]


def test_may_provide_tells_most_hosts_apart_and_yields_to_the_option() -> None:
    from mxlint.check.provider_hosts import may_provide

    hosts = ["mx01.example.com.", "ASPMX.L.Google.com.", "mail.", "alt1.aspmx.l.gogle.com."]
    assert may_provide({}, hosts) == [False, True, False, False]
    assert may_provide({"providers": [{"name": "x"}]}, hosts) == [True] * 4


def test_provider_ends_cover_every_host_pattern_and_domain() -> None:
    from mxlint.check._providers_data import ENDS
    from mxlint.check.providers import provider_ends

    catalogue = load_catalogue()
    assert ENDS is not None and set(ENDS) == provider_ends(catalogue.providers)
    assert "google.com" in ENDS and "outlook.com" in ENDS
