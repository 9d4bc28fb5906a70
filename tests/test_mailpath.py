"""The mail-path rules over several zones: reverse-dns, dane-tlsa, mta-sts, tls-rpt, spf-mx.

Each test writes a small repository and lints it whole; it compares every diagnostic of the
rule (line, column, severity, and the key parts of the message), and checks that the rule
stays silent when a zone it needs was not read, or not read whole.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mxlint.api import Options, lint
from mxlint.model import Diagnostic
from mxlint.zonefile import loader

from .test_rules import D, d

SOA = "@ IN SOA ns1.example.net. hostmaster.example.com. 1 7200 3600 1209600 300\n"


def zone(origin: str, body: str) -> str:
    return f"$ORIGIN {origin}\n$TTL 3600\n{SOA}@ IN NS ns1.example.net.\n{body}"


def run(tmp_path: Path, files: dict[str, str], rule: str) -> list[Diagnostic]:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    options = Options(use_config=False, progress=False, enable=[])
    found = lint([os.fspath(tmp_path)], options).diagnostics
    return [x for x in found if x.rule == rule]


def where(found: list[Diagnostic]) -> list[tuple[str, int]]:
    return [(os.path.basename(x.path), x.line) for x in found]


# --------------------------------------------------------------------------- reverse-dns

FORWARD = zone(
    "example.com.",
    "@ IN MX 10 mail\n"  # 5
    "@ IN MX 20 mx2\n"  # 6
    "@ IN MX 30 mx3\n"  # 7
    "mail IN A 192.0.2.25\n"
    "mx2 IN A 192.0.2.26\n"
    "mx3 IN A 198.51.100.7\n"
    "www IN A 192.0.2.80\n",
)


def test_reverse_dns_reports_a_missing_and_an_unconfirmed_ptr(tmp_path: Path) -> None:
    reverse = zone("2.0.192.in-addr.arpa.", "26 IN PTR www.example.com.\n")
    found = run(tmp_path, {"example.com.zone": FORWARD, "rev.zone": reverse}, "reverse-dns")
    assert found == [
        d(5, 12, "warning", "reverse-dns", 'add "25.2.0.192.in-addr.arpa. IN PTR mail.'),
        d(6, 12, "warning", "reverse-dns", "whose PTR names www.example.com.", "192.0.2.80"),
    ]  # mx3's reverse zone (100.51.198.in-addr.arpa) is not in the repository: silent


def test_reverse_dns_is_silent_without_the_reverse_zone_or_when_it_is_broken(
    tmp_path: Path,
) -> None:
    assert run(tmp_path / "a", {"example.com.zone": FORWARD}, "reverse-dns") == []
    broken = zone("2.0.192.in-addr.arpa.", "26 IN PTR www.example.com.\nbad IN A 300.1.1.1\n")
    found = run(tmp_path / "b", {"example.com.zone": FORWARD, "rev.zone": broken}, "reverse-dns")
    assert found == []


def test_reverse_dns_follows_rfc2317_and_stops_at_names_it_does_not_hold(
    tmp_path: Path,
) -> None:
    reverse = zone(
        "2.0.192.in-addr.arpa.",
        "25 IN CNAME 25.sub\n"
        "25.sub IN PTR mail.example.com.\n"
        "26 IN CNAME 26.0/26\n"
        "0/26 IN NS ns.customer.example.\n"  # delegated: not guessed at
        "80 IN PTR www.example.com.\n",
    )
    files = {"example.com.zone": FORWARD, "rev.zone": reverse}
    assert run(tmp_path, files, "reverse-dns") == []
    other = zone("2.0.192.in-addr.arpa.", "25 IN PTR mail.elsewhere.example.\n")
    files = {"example.com.zone": FORWARD, "rev.zone": other}
    found = run(tmp_path / "c", files, "reverse-dns")
    assert where(found) == [("example.com.zone", 6)]  # mx2: no PTR; mail's PTR not held


def test_reverse_dns_ipv6(tmp_path: Path) -> None:
    forward = zone("example.com.", "@ IN MX 10 mail\nmail IN AAAA 2001:db8::25\n")
    reverse = zone("8.b.d.0.1.0.0.2.ip6.arpa.", "")
    found = run(tmp_path, {"f.zone": forward, "r.zone": reverse}, "reverse-dns")
    assert found == [d(5, 12, "warning", "reverse-dns", "reverse zone 8.b.d.0.1.0.0.2.ip6.arpa.")]


# --------------------------------------------------------------------------- dane-tlsa

DIGEST = "0c72ac70b745ac19998811b131d662c9ac69dbdbe7cb23e5b514b5664c5a3e26"
KEY = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSYnKCkqKywtLi8wMTIzNDU2Nzg5Ojs8PT4/"


def test_dane_tlsa_each_problem_once_per_record(tmp_path: Path) -> None:
    body = (
        "@ IN MX 10 mail\nmail IN A 192.0.2.25\n"
        f"_25._tcp.mail IN TLSA 0 1 2 {DIGEST}\n"  # 7: usage 0, and SHA-512 of 32 octets
        f"_443._tcp.mail IN TLSA 0 1 1 {DIGEST}\n"  # not SMTP: not looked at
    )
    found = run(tmp_path, {"z.zone": zone("example.com.", body)}, "dane-tlsa")
    assert found == [
        d(7, 1, "error", "dane-tlsa", "64", "usage 0 (PKIX-TA)", "holds no DNSKEY"),
    ]


def test_dane_tlsa_signed_in_another_version_of_the_zone(tmp_path: Path) -> None:
    body = f"@ IN MX 10 mail\nmail IN A 192.0.2.25\n_25._tcp.mail IN TLSA 3 1 1 {DIGEST}\n"
    signed = zone("example.com.", body + f"@ IN DNSKEY 257 3 13 {KEY}\n")
    files = {"example.com.zone": zone("example.com.", body), "example.com.signed": signed}
    assert run(tmp_path, files, "dane-tlsa") == []


def test_dane_tlsa_alias_and_stale(tmp_path: Path) -> None:
    body = (
        f"@ IN DNSKEY 257 3 13 {KEY}\n"
        "@ IN MX 10 mail\nmail IN CNAME mx.example.com.\nmx IN A 192.0.2.25\n"
        f"_25._tcp.mail IN TLSA 3 1 1 {DIGEST}\n"  # 9: at the alias, none at mx
        f"_25._tcp.gone IN TLSA 3 1 1 {DIGEST}\n"  # 10: no such host, no MX to it
        f"_25._tcp.relay IN TLSA 3 1 1 {DIGEST}\nrelay IN A 192.0.2.9\n"  # exists: silent
    )
    found = run(tmp_path, {"z.zone": zone("example.com.", body)}, "dane-tlsa")
    assert found == [
        d(9, 1, "info", "dane-tlsa", "is an alias (CNAME to mx.example.com.", "_25._tcp.mx."),
        d(10, 1, "info", "dane-tlsa", "gone.example.com. has no record of its own"),
    ]


def test_dane_tlsa_data_is_kept_both_ways() -> None:
    text = zone(
        "example.com.", f"_25._tcp.mail IN TLSA 3 1 1 (\n {DIGEST[:32]}\n {DIGEST[32:]} )\n"
    )
    for fast in (True, False):
        z = loader.load_zone("z.zone", "example.com.", text=text, fast=fast)
        tlsa = [r for r in z.records if r.type_name == "TLSA"]
        assert tlsa[0].rdata is not None and tlsa[0].rdata.to_digestable()[3:].hex() == DIGEST


# --------------------------------------------------------------------------- mta-sts

STS = zone(
    "example.com.",
    "@ IN MX 10 mail\n"  # 5
    "@ IN MX 20 backup.example.net.\n"  # 6
    "mail IN A 192.0.2.25\n"
    '_mta-sts IN TXT "v=STSv1; id=20240601"\n'
    "mta-sts IN A 192.0.2.80\n",
)


@pytest.mark.parametrize(("mode", "severity"), [("enforce", "error"), ("testing", "warning")])
def test_mta_sts_policy_file_must_list_every_mx(tmp_path: Path, mode: str, severity: str) -> None:
    policy = f"version: STSv1\nmode: {mode}\nmx: *.example.com\nmax_age: 86400\n"
    files = {
        "zones/example.com.zone": STS,
        "web/mta-sts.example.com/.well-known/mta-sts.txt": policy,
    }
    found = run(tmp_path, files, "mta-sts")
    assert found == [
        d(6, 12, severity, "mta-sts", '"backup.example.net" of example.com.', "mx: *.example.com")
    ]


def test_mta_sts_policy_file_that_lists_every_mx_or_says_none(tmp_path: Path) -> None:
    good = "version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmx: *.example.net\r\n"
    files = {"example.com.zone": STS, "example.com/.well-known/mta-sts.txt": good}
    assert run(tmp_path / "a", files, "mta-sts") == []
    none = "version: STSv1\nmode: none\nmx: other.example\n"
    files = {"example.com.zone": STS, "example.com/.well-known/mta-sts.txt": none}
    assert run(tmp_path / "b", files, "mta-sts") == []
    # a policy file of another domain is not this domain's
    files = {"example.com.zone": STS, "example.org/.well-known/mta-sts.txt": none}
    assert run(tmp_path / "c", files, "mta-sts") == []


@pytest.mark.parametrize(
    ("record", "fragment"),
    [
        ('"v=stsv1; id=1"', 'begins with "v=stsv1"'),
        ('"v=STSv1 id=1"', 'no ";" after'),
        ('"v=STSv1; id=' + "1" * 33 + '"', "not 1 to 32 letters and digits"),
        ('"v=STSv1; id=1; id=2"', "has 2 id= fields"),
        ('"v=STSv1;"', "has no id= field"),
        ('"v=STS" "v1; id=a_b"', 'id "a_b"'),
    ],
)
def test_mta_sts_record_syntax(tmp_path: Path, record: str, fragment: str) -> None:
    text = zone("example.com.", f"_mta-sts IN TXT {record}\nmta-sts IN A 192.0.2.80\n")
    found = run(tmp_path, {"z.zone": text}, "mta-sts")
    assert found == [d(5, 1, "error", "mta-sts", fragment)]


def test_mta_sts_host_in_a_broken_zone_is_not_judged(tmp_path: Path) -> None:
    text = zone("example.com.", '_mta-sts IN TXT "v=STSv1; id=1"\nbad IN A 300.1.1.1\n')
    assert run(tmp_path, {"z.zone": text}, "mta-sts") == []


# --------------------------------------------------------------------------- tls-rpt


@pytest.mark.parametrize(
    ("record", "fragment"),
    [
        ('"v=tlsrptv1; rua=mailto:a@example.com"', 'begins with "v=tlsrptv1"'),
        ('"v=TLSRPTv1; rua=ftp://example.com/r"', '"ftp://example.com/r"'),
        ('"v=TLSRPTv1; rua=mailto:a@example.com; rua=mailto:b@example.com"', "2 rua= fields"),
    ],
)
def test_tls_rpt_record_syntax(tmp_path: Path, record: str, fragment: str) -> None:
    found = run(
        tmp_path, {"z.zone": zone("example.com.", f"_smtp._tls IN TXT {record}\n")}, "tls-rpt"
    )
    assert found == [d(5, 1, "warning", "tls-rpt", fragment)]


def test_tls_rpt_good_records(tmp_path: Path) -> None:
    body = (
        '_smtp._tls IN TXT "v=TLSRPTv1;rua=mailto:a@example.com, https://r.example.net/x;"\n'
        '_smtp._tls IN TXT "some other text"\n'
    )
    assert run(tmp_path, {"z.zone": zone("example.com.", body)}, "tls-rpt") == []


# --------------------------------------------------------------------------- spf-mx


def big(origin: str, n: int) -> str:
    return zone(origin, "".join(f"@ IN MX {i} mx{i}\nmx{i} IN A 192.0.2.{i}\n" for i in range(n)))


def test_spf_mx_counts_the_named_domain_in_another_zone(tmp_path: Path) -> None:
    spf = zone(
        "example.com.",
        '@ IN TXT "v=spf1 mx:example.org -all"\n'  # 5: 11 MX hosts there
        'www IN TXT "v=spf1 mx:%{d}.example.org -all"\n'  # a macro: not looked at
        'ten IN TXT "v=spf1 mx:ten.example -all"\n',  # 10 hosts: fine
    )
    files = {"a.zone": spf, "b.zone": big("example.org.", 11), "c.zone": big("ten.example.", 10)}
    found = run(tmp_path, files, "spf-mx")
    assert found == [d(5, 1, "error", "spf-mx", 'uses "mx:example.org"', "has 11 MX hosts")]


def test_spf_mx_is_silent_when_the_zone_is_not_whole(tmp_path: Path) -> None:
    broken = big("example.org.", 11) + "bad IN A 300.1.1.1\n"
    spf = zone("example.com.", '@ IN TXT "v=spf1 mx:example.org -all"\n')
    assert run(tmp_path, {"a.zone": spf, "b.zone": broken}, "spf-mx") == []


def test_spf_mx_one_text_is_counted_for_each_owner_and_every_version(tmp_path: Path) -> None:
    # The same policy text at several owners: the count is each owner's own; and a domain
    # whose versions (two files, one origin) differ is counted by the version with fewest.
    hosts = "".join(f"h{i} IN A 192.0.2.{i}\n" for i in range(12))
    mx = "".join(f"{{o}} IN MX {i} h{i}\n" for i in range(12))
    body = (
        hosts
        + mx.format(o="@")  # 12 hosts at the apex
        + "".join(f"few IN MX {i} h{i}\n" for i in range(3))
        + 'few IN TXT "v=spf1 mx -all"\n'  # 3 hosts: fine
        + '@ IN TXT "v=spf1 mx -all"\n'  # the apex: 12 hosts
        + 'www IN TXT "v=spf1 mx:other.example mx:third.example -all"\n'
    )
    other = big("other.example.", 11)
    other_b = big("other.example.", 12)
    third = big("third.example.", 11)
    third_b = big("third.example.", 10)
    files = {"a.zone": zone("example.com.", body), "o1.zone": other, "o2.zone": other_b}
    files |= {"t1.zone": third, "t2.zone": third_b}
    found = run(tmp_path, files, "spf-mx")
    assert [(x.line, x.column) for x in found] == [(33, 1), (34, 1)]
    assert "example.com. has 12 MX hosts" in found[0].message
    assert 'uses "mx:other.example", but other.example. has 11 MX hosts' in found[1].message


@pytest.mark.parametrize(
    ("spf", "expected"),
    [
        ('"v=spf1 -all"', []),
        ('"V=SPF1 -ALL"', []),
        ('"v=spf1 ~all"', [d(6, 1, "info", "spf-mx", 'ends in "~all"')]),
        ('"v=spf1 a mx ~all"', [d(6, 1, "warning", "spf-mx", 'lets hosts send for it ("a mx")')]),
        ('"v=spf1 redirect=_spf.example.net"', [d(6, 1, "warning", "spf-mx", "redirect=")]),
    ],
)
def test_spf_of_a_null_mx_domain(tmp_path: Path, spf: str, expected: list[D]) -> None:
    text = zone("example.com.", f"@ IN MX 0 .\n@ IN TXT {spf}\n")
    assert run(tmp_path, {"z.zone": text}, "spf-mx") == expected
