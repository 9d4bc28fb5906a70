"""What each mail-path rule (dane-tlsa, mta-sts, tls-rpt, spf-mx, reverse-dns) says, in full:
every message word for word, its place and severity, and the bounds and options that change
it. Found wanting by the mutation script (tests/mutation/mutate.py), which runs this file for
these rules: each test holds something a user would notice."""

from __future__ import annotations

import re
from pathlib import Path

from mxlint.check import engine
from mxlint.model import Diagnostic, ZoneSet
from mxlint.zonefile import loader

from .test_mailpath import DIGEST, KEY, run, zone
from .test_rules import REGISTRY

# --------------------------------------------------------------------------- dane-tlsa

SIGNED = f"@ IN DNSKEY 257 3 13 {KEY}\n@ IN MX 10 mail\nmail IN A 192.0.2.25\n"
HOST = "_25._tcp.mail.example.com."


def said(found: list[Diagnostic]) -> list[tuple[int, int, str, str]]:
    """Each diagnostic's place, severity and message, a file it names by its base name."""
    return [(x.line, x.column, x.severity, _BASE.sub("", x.message)) for x in found]


_BASE = re.compile(r"/\S*/(?=[\w.]+:\d)")


def digest_error(mtype: int, name: str, octets: int, want: int, owner: str = HOST) -> str:
    return (
        f"TLSA at {owner} has matching type {mtype} ({name}) with {octets} octets of data, "
        f"not {want}: no certificate can match it, and DANE senders defer mail to this host; "
        "write the full digest of the certificate or key"
    )


def usage_warning(usage: int, name: str) -> str:
    return (
        f"TLSA at {HOST} has usage {usage} ({name}): SMTP senders treat every usage but "
        "DANE-TA (2) and DANE-EE (3) as unusable (RFC 7672 3.1.3); write 3 (DANE-EE) for the "
        "server's own key or 2 (DANE-TA) for its issuer"
    )


def test_dane_tlsa_digest_lengths_at_below_and_above_each_bound(tmp_path: Path) -> None:
    body = (
        SIGNED
        + (
            f"_25._tcp.mail IN TLSA 3 1 1 {DIGEST[:-2]}\n"  # 8: 31 octets of SHA-256
            f"_25._tcp.mail IN TLSA 3 1 1 {DIGEST}\n"  # 32: right
            f"_25._tcp.mail IN TLSA 3 1 1 {DIGEST}00\n"  # 10: 33
            f"_25._tcp.mail IN TLSA 3 1 2 {DIGEST}{DIGEST[:-2]}\n"  # 11: 63 octets of SHA-512
            f"_25._tcp.mail IN TLSA 3 1 2 {DIGEST}{DIGEST}\n"  # 64: right
            f"_25._tcp.mail IN TLSA 3 1 2 {DIGEST}{DIGEST}00\n"  # 13: 65
            f"_25._tcp.mail IN TLSA 3 1 2 {DIGEST}\n"  # 14: a SHA-256 digest given as SHA-512
            f"_25._tcp.mail IN TLSA 3 1 0 {DIGEST[:-2]}\n"  # full data (type 0): any length
            f"_25._tcp.mail IN TLSA 3 1 3 {DIGEST[:-2]}\n"  # an unassigned type: not judged
        )
    )
    found = run(tmp_path, {"z.zone": zone("example.com.", body)}, "dane-tlsa")
    assert said(found) == [
        (8, 1, "error", digest_error(1, "SHA-256", 31, 32)),
        (10, 1, "error", digest_error(1, "SHA-256", 33, 32)),
        (11, 1, "error", digest_error(2, "SHA-512", 63, 64)),
        (13, 1, "error", digest_error(2, "SHA-512", 65, 64)),
        (14, 1, "error", digest_error(2, "SHA-512", 32, 64)),
    ]


def test_dane_tlsa_names_each_usage_senders_cannot_use(tmp_path: Path) -> None:
    body = (
        SIGNED
        + (
            f"_25._tcp.mail IN TLSA 0 1 1 {DIGEST}\n"  # 8
            f"_25._tcp.mail IN TLSA 1 1 1 {DIGEST}\n"  # 9
            f"_25._tcp.mail IN TLSA 2 1 1 {DIGEST}\n"  # DANE-TA: fine
            f"_25._tcp.mail IN TLSA 3 0 1 {DIGEST}\n"  # DANE-EE: fine
            f"_25._tcp.mail IN TLSA 4 1 1 {DIGEST}\n"  # 12
            f"_25._tcp.mail IN TLSA 255 1 1 {DIGEST[:-2]}\n"  # 13: and a short digest
        )
    )
    found = run(tmp_path, {"z.zone": zone("example.com.", body)}, "dane-tlsa")
    assert said(found) == [
        (8, 1, "warning", usage_warning(0, "PKIX-TA")),
        (9, 1, "warning", usage_warning(1, "PKIX-EE")),
        (12, 1, "warning", usage_warning(4, "an unassigned usage")),
        (
            13,
            1,
            "error",
            digest_error(1, "SHA-256", 31, 32)
            + "; also, "
            + usage_warning(255, "an unassigned usage"),
        ),
    ]


def test_dane_tlsa_looks_only_at_smtp_owners_of_any_case(tmp_path: Path) -> None:
    short = DIGEST[:-2]
    body = SIGNED + (
        f"_25._TCP.mail IN TLSA 3 1 1 {short}\n"  # 8: the labels are compared without case
        f"_25._udp.mail IN TLSA 3 1 1 {short}\n"  # not TCP
        f"_26._tcp.mail IN TLSA 3 1 1 {short}\n"  # not port 25
        f"_443._tcp.mail IN TLSA 3 1 1 {short}\n"  # HTTPS
        f"_tcp.mail IN TLSA 3 1 1 {short}\n"  # no port
    )
    found = run(tmp_path, {"z.zone": zone("example.com.", body)}, "dane-tlsa")
    owner = "_25._TCP.mail.example.com."  # as written
    assert said(found) == [(8, 1, "error", digest_error(1, "SHA-256", 31, 32, owner))]


def test_dane_tlsa_at_the_apex_of_a_single_label_zone(tmp_path: Path) -> None:
    # _25._tcp.example. has four labels with the root's: the host is the zone's apex
    body = f"@ IN DNSKEY 257 3 13 {KEY}\n@ IN MX 10 @\n@ IN A 192.0.2.25\n"
    body += f"_25._tcp IN TLSA 3 1 1 {DIGEST[:-2]}\n"
    found = run(tmp_path, {"z.zone": zone("example.", body)}, "dane-tlsa")
    assert said(found) == [(8, 1, "error", digest_error(1, "SHA-256", 31, 32, "_25._tcp.example."))]


def test_dane_tlsa_needs_a_host_below_25_tcp(tmp_path: Path) -> None:
    # in the root zone, _25._tcp. names no host (three labels with the root's): not a TLSA
    # record for SMTP; _25._tcp.mail. is one
    body = f"@ IN DNSKEY 257 3 13 {KEY}\nmail IN MX 10 mail\nmail IN A 192.0.2.25\n"
    body += f"_25._tcp IN TLSA 3 1 1 {DIGEST[:-2]}\n_25._tcp.mail IN TLSA 3 1 1 {DIGEST[:-2]}\n"
    found = run(tmp_path, {"z.zone": zone(".", body)}, "dane-tlsa")
    assert said(found) == [(9, 1, "error", digest_error(1, "SHA-256", 31, 32, "_25._tcp.mail."))]


UNSIGNED = (
    "TLSA at _25._tcp.mail.example.com., but zone example.com. holds no DNSKEY record: "
    "senders ignore a TLSA record that is not DNSSEC-signed (RFC 7672 2.2), so DANE is off "
    "for this host unless the server signs the zone as it loads it (inline signing); sign the "
    "zone"
)


def test_dane_tlsa_unsigned_zone_is_said_once_at_its_first_tlsa(tmp_path: Path) -> None:
    body = (
        "@ IN MX 10 mail\nmail IN A 192.0.2.25\n"
        f"_25._tcp.mail IN TLSA 3 1 1 {DIGEST}\n"  # 7
        f"_25._tcp.mail IN TLSA 2 1 1 {DIGEST}\n"
        "mail IN DNSKEY 257 3 13 " + KEY + "\n"  # a DNSKEY below the apex signs nothing
    )
    found = run(tmp_path, {"z.zone": zone("example.com.", body)}, "dane-tlsa")
    assert said(found) == [(7, 1, "info", UNSIGNED)]


def test_dane_tlsa_unsigned_is_not_said_of_a_zone_not_read_whole(tmp_path: Path) -> None:
    body = f"@ IN MX 10 mail\nmail IN A 192.0.2.25\n_25._tcp.mail IN TLSA 3 1 1 {DIGEST}\n"
    broken = zone("example.com.", body + "bad IN A 300.1.1.1\n")  # the DNSKEY may be lost
    assert run(tmp_path, {"z.zone": broken}, "dane-tlsa") == []


def alias(host: str, target: str, owner: str, origin: str) -> str:
    return (
        f"TLSA at _25._tcp.{host}.example.com., but MX host {host}.example.com. is an alias "
        f"(CNAME to {target} at z.zone:{owner}): DANE senders look for the TLSA record at "
        f"_25._tcp.{target} first (RFC 7672 2.2.2), and zone {origin} has none; publish it "
        f"there (and point the MX at {target})"
    )


def stale(host: str) -> str:
    return (
        f"TLSA at _25._tcp.{host}.example.com., but {host}.example.com. has no record of its "
        "own in zone example.com. and no MX record in the zones read points at it: a TLSA "
        "record left behind when the host was removed is stale; remove it"
    )


def test_dane_tlsa_alias_of_an_mx_host_each_case(tmp_path: Path) -> None:
    body = (
        f"@ IN DNSKEY 257 3 13 {KEY}\n"
        "@ IN MX 10 mail\n@ IN MX 20 mx2\n@ IN MX 30 mx3\n"  # 6 7 8
        "mail IN CNAME mx.example.com.\nmx IN A 192.0.2.25\n"  # 9 10
        "mx2 IN CNAME mx.example.com.\n"  # 11
        "mx3 IN CNAME host.example.net.\n"  # 12: its zone is not read
        "web IN CNAME mx.example.com.\n"  # 13: not an MX host
        f"_25._tcp.mail IN TLSA 3 1 1 {DIGEST}\n"  # 14
        f"_25._tcp.mail IN TLSA 3 1 2 {DIGEST}{DIGEST}\n"  # the host's second: said once
        f"_25._tcp.mx2 IN TLSA 3 1 1 {DIGEST}\n"  # 16
        f"_25._tcp.mx3 IN TLSA 3 1 1 {DIGEST}\n"
        f"_25._tcp.web IN TLSA 3 1 1 {DIGEST}\n"
    )
    found = run(tmp_path, {"z.zone": zone("example.com.", body)}, "dane-tlsa")
    assert said(found) == [
        (14, 1, "info", alias("mail", "mx.example.com.", "9", "example.com.")),
        (16, 1, "info", alias("mx2", "mx.example.com.", "11", "example.com.")),
    ]
    # the alias's target has its TLSA record: nothing to say
    body += f"_25._tcp.mx IN TLSA 3 1 1 {DIGEST}\n"
    assert run(tmp_path / "b", {"z.zone": zone("example.com.", body)}, "dane-tlsa") == []


def test_dane_tlsa_alias_into_a_zone_not_read_whole_is_not_judged(tmp_path: Path) -> None:
    body = (
        f"@ IN DNSKEY 257 3 13 {KEY}\n@ IN MX 10 mail\n"
        "mail IN CNAME mx.example.net.\n"
        f"_25._tcp.mail IN TLSA 3 1 1 {DIGEST}\n"  # 8
    )
    other = "mx IN A 192.0.2.25\n"
    files = {"z.zone": zone("example.com.", body), "n.zone": zone("example.net.", other)}
    message = (
        "TLSA at _25._tcp.mail.example.com., but MX host mail.example.com. is an alias "
        "(CNAME to mx.example.net. at z.zone:7): DANE senders look for the TLSA record at "
        "_25._tcp.mx.example.net. first (RFC 7672 2.2.2), and zone example.net. has none; "
        "publish it there (and point the MX at mx.example.net.)"
    )
    assert said(run(tmp_path / "a", files, "dane-tlsa")) == [(8, 1, "info", message)]
    files["n.zone"] = zone("example.net.", other + "bad IN A 300.1.1.1\n")
    assert run(tmp_path / "b", files, "dane-tlsa") == []


def test_dane_tlsa_stale_only_for_a_host_that_is_gone_and_no_mx_names(tmp_path: Path) -> None:
    body = SIGNED + (
        f"_25._tcp.gone IN TLSA 3 1 1 {DIGEST}\n"  # 8: stale
        f"_25._tcp.gone IN TLSA 2 1 1 {DIGEST}\n"  # the same host: said once
        f"_25._tcp.relay IN TLSA 3 1 1 {DIGEST}\nrelay IN A 192.0.2.9\n"  # exists
        f"_25._tcp.sub IN TLSA 3 1 1 {DIGEST}\nsub IN NS ns1.example.net.\n"  # delegated
        f"_25._tcp.old IN TLSA 3 1 1 {DIGEST}\nold IN DNAME example.org.\n"  # a DNAME
        f"_25._tcp.txt IN TLSA 3 1 1 {DIGEST}\ntxt IN TXT hello\n"  # a record of any type
        f"_25._tcp.used IN TLSA 3 1 1 {DIGEST}\n"  # 18: an MX of another zone names it
        f"_25._tcp.x.example.org. IN TLSA 3 1 1 {DIGEST}\n"  # out of the zone
    )
    other = zone("example.net.", "@ IN MX 10 used.example.com.\n")
    found = run(tmp_path / "a", {"z.zone": zone("example.com.", body)}, "dane-tlsa")
    assert said(found) == [(8, 1, "info", stale("gone")), (18, 1, "info", stale("used"))]
    files = {"z.zone": zone("example.com.", body), "n.zone": other}
    found = run(tmp_path / "b", files, "dane-tlsa")
    assert said(found) == [(8, 1, "info", stale("gone"))]


def test_dane_tlsa_stale_is_not_said_when_a_zone_was_not_read_whole(tmp_path: Path) -> None:
    body = SIGNED + f"_25._tcp.gone IN TLSA 3 1 1 {DIGEST}\n"
    # another zone, with a syntax error, might hold an MX pointing at the host
    files = {
        "z.zone": zone("example.com.", body),
        "n.zone": zone("example.net.", "@ IN MX 10 mx\nbad IN A 300.1.1.1\n"),
    }
    assert run(tmp_path / "a", files, "dane-tlsa") == []
    # the zone itself not read whole: the host's records may be the lost ones
    broken = zone("example.com.", body + "bad IN A 300.1.1.1\n")
    assert run(tmp_path / "b", {"z.zone": broken}, "dane-tlsa") == []
    # a zone's unreadable $INCLUDE is no syntax error: the zones are judged
    files = {
        "z.zone": zone("example.com.", body),
        "n.zone": zone("example.net.", "$INCLUDE missing.inc\n@ IN MX 10 mx\n"),
    }
    assert said(run(tmp_path / "c", files, "dane-tlsa")) == [(8, 1, "info", stale("gone"))]


def test_dane_tlsa_of_a_host_in_no_zone_read_is_only_checked_for_its_data(
    tmp_path: Path,
) -> None:
    # zone _tcp.example.com. holds _25._tcp.example.com.: its host, example.com., is in no
    # zone read, so whether it exists or is an MX target is not known
    body = f"@ IN DNSKEY 257 3 13 {KEY}\n_25 IN TLSA 3 1 1 {DIGEST}\n"
    assert run(tmp_path / "a", {"z.zone": zone("_tcp.example.com.", body)}, "dane-tlsa") == []
    body += f"_25 IN TLSA 3 1 1 {DIGEST}00\n"  # 7
    found = run(tmp_path / "b", {"z.zone": zone("_tcp.example.com.", body)}, "dane-tlsa")
    owner = "_25._tcp.example.com."
    assert said(found) == [(7, 1, "error", digest_error(1, "SHA-256", 33, 32, owner))]


# --------------------------------------------------------------------------- mta-sts


def sts_invalid(text: str, why: str, domain: str = "example.com.") -> str:
    return (
        f'MTA-STS record of {domain} "{text}" {why}; senders discard it and act as if the '
        'domain had no policy (RFC 8461 3.1); write "v=STSv1; id=20240601000000" (1 to 32 '
        "letters and digits)"
    )


def sts_lines(records: list[str], tmp_path: Path) -> list[tuple[int, int, str, str]]:
    body = "mta-sts IN A 192.0.2.80\n" + "".join(f"_mta-sts IN TXT {r}\n" for r in records)
    return said(run(tmp_path, {"z.zone": zone("example.com.", body)}, "mta-sts"))


def test_mta_sts_record_fields_each_verdict(tmp_path: Path) -> None:
    id32 = "a" * 31 + "Z"
    cases = [
        ('"v=STSv1; id=1"', None),
        (f'"v=STSv1; id={id32}"', None),  # 32 letters and digits: the most
        ('"v=STSv1; id=1;"', None),  # a final separator
        ('"v=STSv1;id=1 ; x-ext.1_a=v:w"', None),  # an extension field
        (
            '"v=STSv1; id=' + id32 + '0"',
            f'has id "{id32}0", which is not 1 to 32 letters and digits',
        ),
        ('"v=STSv1; id="', 'has id "", which is not 1 to 32 letters and digits'),
        ('"v=STSv1; id=1; ext"', 'has a field "ext" without "="'),
        ('"v=STSv1; id=1; -x=1"', 'has a malformed field "-x=1"'),  # the name
        ('"v=STSv1; id=1; x=a b"', 'has a malformed field "x=a b"'),  # the value
        ('"v=STSv1; id=1; x=a=b"', 'has a malformed field "x=a=b"'),
        ('"v=STSv1; x=1"', "has no id= field"),
        ('"v=STSv1; id=1; id=2; id=3"', "has 3 id= fields"),
        ('"v=Stsv1; id=1"', 'begins with "v=Stsv1", not "v=STSv1" (compared case-sensitively)'),
        ('"v=STSv1 id=1"', 'has no ";" after "v=STSv1"'),
    ]
    for n, (record, why) in enumerate(cases):
        found = sts_lines([record], tmp_path / str(n))
        text = record.strip('"')
        assert found == ([] if why is None else [(6, 1, "error", sts_invalid(text, why))]), record


def test_mta_sts_quotes_at_most_80_characters_of_a_record(tmp_path: Path) -> None:
    for n, size in enumerate((79, 80, 81, 82)):
        field = "-x=" + "b" * (size - len("v=STSv1; id=1; -x="))
        text = f"v=STSv1; id=1; {field}"
        assert len(text) == size
        shown = text if size <= 80 else text[:77] + "..."
        found = sts_lines([f'"{text}"'], tmp_path / str(n))
        why = f'has a malformed field "{field}"'
        assert found == [(6, 1, "error", sts_invalid(shown, why))]


def test_mta_sts_records_are_looked_for_at_the_mta_sts_label_only(tmp_path: Path) -> None:
    body = (
        "mta-sts IN A 192.0.2.80\nmta-sts.sub IN A 192.0.2.80\n"
        '_mta-stsx IN TXT "v=STSv1; id=a-b"\n'  # another label
        '_mta-sts.sub IN TXT "v=STSv1; id=a-b"\n'  # 8: a subdomain's record
        '_mta-sts IN TXT "v=STS; id=a-b"\n'  # not an MTA-STS record
        '_mta-sts IN TXT "hello"\n'
    )
    found = said(run(tmp_path, {"z.zone": zone("example.com.", body)}, "mta-sts"))
    why = 'has id "a-b", which is not 1 to 32 letters and digits'
    assert found == [(8, 1, "error", sts_invalid("v=STSv1; id=a-b", why, "sub.example.com."))]


def test_mta_sts_several_records_of_one_name(tmp_path: Path) -> None:
    body = (
        "mta-sts IN A 192.0.2.80\n"
        '_mta-sts IN TXT "v=STSv1; id=1"\n'  # 6
        '_mta-sts.EXAMPLE.COM. IN TXT "v=STSv1; id=2"\n'  # 7: the same name, in capitals
        '_mta-sts IN TXT "v=stsv1; id=3"\n'  # 8: discarded, and not counted among them
        "mta-sts.sub IN A 192.0.2.80\n"
        '_mta-sts.Sub IN TXT "v=STSv1; id=1"\n'  # 10: the name as its first record writes it
        '_mta-sts.sub IN TXT "v=STSv1; id=2"\n'  # 11
    )
    found = said(run(tmp_path, {"z.zone": zone("example.com.", body)}, "mta-sts"))
    two = (
        "example.com. has 2 MTA-STS records (z.zone:6, z.zone:7): with more than one, senders "
        "act as if it had no policy (RFC 8461 3.1); keep one"
    )
    why = 'begins with "v=stsv1", not "v=STSv1" (compared case-sensitively)'
    sub = (
        "Sub.example.com. has 2 MTA-STS records (z.zone:10, z.zone:11): with more than one, "
        "senders act as if it had no policy (RFC 8461 3.1); keep one"
    )
    assert found == [
        (7, 1, "error", two),
        (8, 1, "error", sts_invalid("v=stsv1; id=3", why)),
        (11, 1, "error", sub),
    ]


def no_policy_host(has: str) -> str:
    return (
        "example.com. publishes an MTA-STS record, but its policy host mta-sts.example.com. has "
        f"no address in zone example.com. ({has}): senders fetch the policy from "
        "https://mta-sts.example.com/.well-known/mta-sts.txt and cannot; add an A/AAAA record "
        "(or a CNAME to the web host that serves the policy)"
    )


def test_mta_sts_policy_host_each_case(tmp_path: Path) -> None:
    record = '_mta-sts IN TXT "v=STSv1; id=1"\n'  # 5
    cases = [
        ("", no_policy_host("the name does not exist")),
        ("mta-sts IN TXT x\n", no_policy_host("it has no A, AAAA or CNAME record")),
        ('_mta-sts IN TXT "v=STSv1; id=a-b"\n', None),  # two records: that alone is said
        ("mta-sts IN AAAA 2001:db8::80\n", None),
        ("mta-sts IN CNAME web.example.net.\n", None),
        ("mta-sts IN NS ns1.example.net.\n", None),  # delegated: its address is elsewhere
        ("mta-sts IN DNAME example.net.\n", None),
        ("*.example.com. IN A 192.0.2.80\n", None),  # a wildcard answers for it
        ("bad IN A 300.1.1.1\n", None),  # the zone was not read whole
    ]
    for n, (more, message) in enumerate(cases):
        body = record + more
        found = said(run(tmp_path / str(n), {"z.zone": zone("example.com.", body)}, "mta-sts"))
        if message is None:
            assert [x for x in found if x[0] == 5] == [], more
        else:
            assert found == [(5, 1, "warning", message)], more


def test_mta_sts_policy_host_in_another_zone(tmp_path: Path) -> None:
    files = {
        "z.zone": zone("example.com.", '_mta-sts IN TXT "v=STSv1; id=1"\nmta-sts IN NS ns\n'),
        "m.zone": zone("mta-sts.example.com.", "www IN A 192.0.2.80\n"),
    }
    message = no_policy_host("it has no A, AAAA or CNAME record").replace(
        "in zone example.com.", "in zone mta-sts.example.com."
    )
    assert said(run(tmp_path / "a", files, "mta-sts")) == [(5, 1, "warning", message)]
    files["m.zone"] += "bad IN A 300.1.1.1\n"  # not read whole: not judged
    assert run(tmp_path / "b", files, "mta-sts") == []


POLICY_ZONE = zone(
    "example.com.",
    "@ IN MX 10 mail\n"  # 5
    "@ IN MX 20 MX2.Example.Net.\n"  # 6
    "@ IN MX 30 a.b.example.org.\n"  # 7
    "@ IN MX 40 example.org.\n"  # 8
    "mail IN A 192.0.2.25\n"
    '_mta-sts IN TXT "v=STSv1; id=1"\n'
    "mta-sts IN A 192.0.2.80\n",
)


def unlisted(host: str, line: int, mx: str, mode: str, path: str) -> tuple[int, int, str, str]:
    enforce = mode == "enforce"
    effect = (
        "senders that honour the policy refuse to deliver to it"
        if enforce
        else "senders report every delivery to it as a policy failure"
    )
    message = (
        f'MX host "{host}" of example.com. is not listed in the MTA-STS policy {path} '
        f'(mx: {mx}; mode {mode}): {effect}; add "mx: {host}" to the policy and change its id'
    )
    return (line, 12, "error" if enforce else "warning", message)


def policy_run(
    tmp_path: Path, policy: str, where: str = "example.com"
) -> list[tuple[int, int, str, str]]:
    files = {"z.zone": POLICY_ZONE, f"{where}/.well-known/mta-sts.txt": policy}
    found = said(run(tmp_path, files, "mta-sts"))
    return [(a, b, c, m.replace(f"{tmp_path}/", "")) for a, b, c, m in found]


def test_mta_sts_policy_file_patterns_match_one_label_under_a_wildcard(tmp_path: Path) -> None:
    path = "example.com/.well-known/mta-sts.txt"
    policy = "version: STSv1\nmode: enforce\nmx: mail.example.com\n"
    policy += "mx: *.EXAMPLE.net.\nmx: *.example.org\n"
    mx = "mail.example.com, *.EXAMPLE.net., *.example.org"
    assert policy_run(tmp_path / "a", policy) == [
        unlisted("a.b.example.org", 7, mx, "enforce", path),  # two labels more: no match
        unlisted("example.org", 8, mx, "enforce", path),  # none more: no match
    ]
    policy = "version: STSv1\nmode: testing\n mx : mx2.example.net\nmx: a.b.example.org\n"
    mx = "mx2.example.net, a.b.example.org"
    assert policy_run(tmp_path / "b", policy) == [
        unlisted("mail.example.com", 5, mx, "testing", path),
        unlisted("example.org", 8, mx, "testing", path),
    ]


def test_mta_sts_policy_file_that_is_not_judged(tmp_path: Path) -> None:
    for n, policy in enumerate(
        (
            "version: STSv2\nmode: enforce\nmx: mail.example.com\n",  # not a policy
            "mode: enforce\nmx: mail.example.com\n",  # no version
            "version: STSv1\nmode: none\nmx: mail.example.com\n",
            "version: STSv1\nmx: mail.example.com\n",  # no mode
            "version: STSv1\nmode: enforce\n",  # no mx line at all
            b"version: STSv1\nmode: enforce\nmx: \xff\n".decode("latin-1"),  # not UTF-8
        )
    ):
        files = {"z.zone": POLICY_ZONE, "example.com/.well-known/mta-sts.txt": policy}
        if "\xff" in policy:
            (tmp_path / str(n) / "example.com/.well-known").mkdir(parents=True)
            (tmp_path / str(n) / "example.com/.well-known/mta-sts.txt").write_bytes(
                policy.encode("latin-1")
            )
            del files["example.com/.well-known/mta-sts.txt"]
        assert run(tmp_path / str(n), files, "mta-sts") == [], policy


def test_mta_sts_policy_file_is_found_under_either_folder_name(tmp_path: Path) -> None:
    policy = (
        "version: STSv1\nmode: enforce\nmx: *.example.com\nmx: *.example.net\nmx: *.example.org\n"
    )
    mx = "*.example.com, *.example.net, *.example.org"
    for n, folder in enumerate(("mta-sts.example.com", "example.com", "web/mta-sts.example.com")):
        path = f"{folder}/.well-known/mta-sts.txt"
        assert policy_run(tmp_path / str(n), policy, folder) == [
            unlisted("a.b.example.org", 7, mx, "enforce", path),
            unlisted("example.org", 8, mx, "enforce", path),
        ], folder


# --------------------------------------------------------------------------- spf-mx


def too_many(owner: str, term: str, named: str, count: int) -> str:
    return (
        f'SPF record of {owner} uses "{term}", but {named} has {count} MX hosts: the mx '
        "mechanism may look up at most 10 (RFC 7208 4.6.4), so SPF evaluation ends in a "
        "permanent error and receivers treat the mail as failing SPF; list the sending hosts "
        "with ip4:/ip6: instead, or trim the MX set"
    )


def mx_hosts(owner: str, n: int, distinct: int | None = None) -> str:
    distinct = n if distinct is None else distinct
    return "".join(f"{owner} IN MX {i} h{i % distinct}.example.net.\n" for i in range(n))


def test_spf_mx_counts_distinct_hosts_at_and_around_the_limit(tmp_path: Path) -> None:
    body = (
        mx_hosts("ten", 10)
        + mx_hosts("eleven", 11)
        + mx_hosts("same", 12, 10)  # 12 records, 10 hosts
        + mx_hosts("twelve", 12, 11)  # 12 records, 11 hosts
        + 'ten IN TXT "v=spf1 mx -all"\n'  # 50
        + 'eleven IN TXT "v=spf1 +mx/24 -all"\n'  # 51
        + 'same IN TXT "v=spf1 mx -all"\n'
        + 'twelve IN TXT "v=spf1 ?MX ~all"\n'  # 53
        + 'other IN TXT "v=spf1 -mx:eleven.example.com/24//64 mx:twelve.example.com. -all"\n'
        + 'dot IN TXT "v=spf1 a mx:TWELVE.example.com. -all"\n'  # 55
        + 'none IN TXT "v=spf1 mx:nothing.example.com a:mx.example.com -all"\n'
        + 'www IN TXT "v=spf1 mx:eleven.example.com:x mx: mx:%{d} mxa mx_ -all"\n'
    )
    found = said(run(tmp_path, {"z.zone": zone("example.com.", body)}, "spf-mx"))
    eleven, twelve = "eleven.example.com.", "twelve.example.com."
    assert found == [
        (51, 1, "error", too_many(eleven, "+mx/24", eleven, 11)),
        (53, 1, "error", too_many(twelve, "?MX", twelve, 11)),
        # one diagnostic per record and rule: the first term's
        (
            54,
            1,
            "error",
            too_many("other.example.com.", "-mx:eleven.example.com/24//64", eleven, 11),
        ),
        (
            55,
            1,
            "error",
            too_many("dot.example.com.", "mx:TWELVE.example.com.", "TWELVE.example.com.", 11),
        ),
    ]


def test_spf_mx_of_a_domain_delegated_away_is_not_counted(tmp_path: Path) -> None:
    body = (
        mx_hosts("sub", 11)  # beside the cut: occluded, not what senders see
        + "sub IN NS ns1.example.net.\n"
        + 'www IN TXT "v=spf1 mx:sub.example.com -all"\n'
    )
    assert run(tmp_path, {"z.zone": zone("example.com.", body)}, "spf-mx") == []


def test_spf_mx_in_a_zone_whose_origin_is_a_guess_is_not_judged(tmp_path: Path) -> None:
    body = "$TTL 3600\n" + mx_hosts("@", 11) + '@ IN TXT "v=spf1 mx -all"\n'
    assert run(tmp_path, {"corp.internal.zone": body}, "spf-mx") == []


def null_spf(text: str, what: str, owner: str = "example.com.", line: int = 5) -> str:
    return (
        f"{owner} has a null MX (at line {line}: it takes no mail), but its SPF record "
        f'"{text}" {what}: bounces to it cannot be delivered and receivers may refuse its mail '
        '(RFC 7505 4.2); if it sends no mail, write "v=spf1 -all"'
    )


def test_spf_of_a_null_mx_domain_each_verdict(tmp_path: Path) -> None:
    cases = [
        ("v=spf1 -all", None),
        ("v=spf1 -a -ip4:192.0.2.1 exp=why.example.com -all", None),
        ("v=spf1 ~all", ("info", 'ends in "~all" rather than "-all"')),
        ("v=spf1 ?all", ("info", 'ends in "?all" rather than "-all"')),
        ("v=spf1 ~all ?all", ("info", 'has no "-all"')),
        ("v=spf1", ("info", 'has no "-all"')),
        ("v=spf1 -ip4:192.0.2.1", ("info", 'has no "-all"')),
        (
            "v=spf1 a mx include:x.example ip4:192.0.2.1 -all",
            ("warning", 'lets hosts send for it ("a mx include:x.example")'),
        ),
        ("v=spf1 +all", ("warning", 'lets hosts send for it ("+all")')),
        ("v=spf1 ~ -all", ("warning", 'lets hosts send for it ("~")')),
        ("v=spf1 -A EXP=x -all", None),
    ]
    for n, (text, verdict) in enumerate(cases):
        body = f'@ IN MX 0 .\n@ IN TXT "{text}"\n'
        found = said(run(tmp_path / str(n), {"z.zone": zone("example.com.", body)}, "spf-mx"))
        want = [] if verdict is None else [(6, 1, verdict[0], null_spf(text, verdict[1]))]
        assert found == want, text


def test_spf_of_a_null_mx_domain_quotes_at_most_80_characters(tmp_path: Path) -> None:
    for n, size in enumerate((80, 81)):
        text = (
            "v=spf1 ip4:192.0.2.1 a:"
            + "h" * (size - len("v=spf1 ip4:192.0.2.1 a:.example -all"))
            + ".example -all"
        )
        assert len(text) == size
        body = f'@ IN MX 0 .\n@ IN TXT "{text}"\n'
        found = said(run(tmp_path / str(n), {"z.zone": zone("example.com.", body)}, "spf-mx"))
        shown = text if size == 80 else text[:77] + "..."
        what = f'lets hosts send for it ("{" ".join(text.split()[1:3])}")'
        assert found == [(6, 1, "warning", null_spf(shown, what))]


def test_spf_of_a_null_mx_only_where_the_null_mx_is_alone(tmp_path: Path) -> None:
    body = (
        '@ IN TXT "v=spf1 a -all"\n'  # 5: the apex has no null MX
        "@ IN MX 10 mail.example.net.\n"
        "sub IN MX 0 .\n"  # 7
        'sub IN TXT "v=spf1 a -all"\n'  # 8
        'sub IN TXT "not spf"\n'
        "both IN MX 0 .\nboth IN MX 10 mail.example.net.\n"  # null-mx's business
        'both IN TXT "v=spf1 a -all"\n'
    )
    found = said(run(tmp_path, {"z.zone": zone("example.com.", body)}, "spf-mx"))
    what = 'lets hosts send for it ("a")'
    assert found == [(8, 1, "warning", null_spf("v=spf1 a -all", what, "sub.example.com.", 7))]


def test_spf_mx_reads_a_record_written_in_several_strings(tmp_path: Path) -> None:
    body = mx_hosts("@", 11) + '@ IN TXT "v=spf1 " "mx -all"\n'  # 16
    found = said(run(tmp_path, {"z.zone": zone("example.com.", body)}, "spf-mx"))
    assert found == [(16, 1, "error", too_many("example.com.", "mx", "example.com.", 11))]


# --------------------------------------------------------------------------- tls-rpt


def rpt_invalid(text: str, why: str, domain: str = "example.com.") -> str:
    return (
        f'TLS-RPT record of {domain} "{text}" {why}; senders discard it and send no TLS report '
        f'(RFC 8460 3); write "v=TLSRPTv1; rua=mailto:tls-reports@{domain.rstrip(".")}"'
    )


def test_tls_rpt_record_fields_each_verdict(tmp_path: Path) -> None:
    cases = [
        ("v=TLSRPTv1; rua=mailto:a@example.com", None),
        ("v=TLSRPTv1;rua=mailto:a@example.com , https://r.example.net/x;", None),
        ("v=TLSRPTv1; rua=mailto:a@example.com; x-ext.1_a=v:w", None),
        ("v=TLSRPTv1; rua=mailto:a@example.com; ext", 'has a field "ext" without "="'),
        ("v=TLSRPTv1; rua=mailto:a@example.com; -x=1", 'has a malformed field "-x=1"'),
        ("v=TLSRPTv1; rua=mailto:a@example.com; x=a b", 'has a malformed field "x=a b"'),
        (
            "v=TLSRPTv1; rua=mailto:a@example.com, a@example.com",
            'has the report address "a@example.com", which is not a mailto: or https: URI',
        ),
        (
            "v=TLSRPTv1; rua=http://r.example.net/x",
            'has the report address "http://r.example.net/x", which is not a mailto: or https: URI',
        ),
        ("v=TLSRPTv1; x=1", "has no rua= field"),
        ("v=TLSRPTv1;", "has no rua= field"),
        (
            "v=TLSRPTv1; rua=mailto:a@example.com; rua=mailto:b@example.com; "
            "rua=mailto:c@example.com",
            "has 3 rua= fields",
        ),
        (
            "v=TLSRPTV1; rua=mailto:a@example.com",
            'begins with "v=TLSRPTV1", not "v=TLSRPTv1" (compared case-sensitively)',
        ),
        ("v=TLSRPTv1 rua=mailto:a@example.com", 'has no ";" after "v=TLSRPTv1"'),
    ]
    for n, (text, why) in enumerate(cases):
        body = f'_smtp._tls IN TXT "{text}"\n'
        found = said(run(tmp_path / str(n), {"z.zone": zone("example.com.", body)}, "tls-rpt"))
        shown = text if len(text) <= 80 else text[:77] + "..."
        assert found == ([] if why is None else [(5, 1, "warning", rpt_invalid(shown, why))]), text


def test_tls_rpt_looks_at_the_smtp_tls_label_of_each_name(tmp_path: Path) -> None:
    bad = '"v=TLSRPTv1; rua=a@example.com"'
    body = (
        f"_smtp._tls.sub IN TXT {bad}\n"  # 5: a subdomain's
        f"_smtp._tlsx IN TXT {bad}\n"
        f"_smtpx._tls IN TXT {bad}\n"
        f"_tls IN TXT {bad}\n"
        '_smtp._tls IN TXT "v=TLSRPT; x"\n'  # not a TLS-RPT record
        '_smtp._tls IN TXT "v=TLSRPTv1; rua=mailto:a@example.com"\n'  # 10
        '_smtp._tls.EXAMPLE.COM. IN TXT "v=TLSRPTv1; rua=mailto:b@example.com"\n'  # 11
        '_smtp._tls IN TXT "v=tlsrptv1; rua=mailto:c@example.com"\n'  # 12: not counted
    )
    found = said(run(tmp_path, {"z.zone": zone("example.com.", body)}, "tls-rpt"))
    why = 'has the report address "a@example.com", which is not a mailto: or https: URI'
    two = (
        "example.com. has 2 TLS-RPT records (z.zone:10, z.zone:11): with more than one, senders "
        "send no report (RFC 8460 3); merge their rua= addresses into one"
    )
    begins = 'begins with "v=tlsrptv1", not "v=TLSRPTv1" (compared case-sensitively)'
    assert found == [
        (5, 1, "warning", rpt_invalid("v=TLSRPTv1; rua=a@example.com", why, "sub.example.com.")),
        (11, 1, "warning", two),
        (12, 1, "warning", rpt_invalid("v=tlsrptv1; rua=mailto:c@example.com", begins)),
    ]


def test_spf_mx_reads_a_record_whose_data_is_kept_whole() -> None:
    # a zone loaded keeping every record's data (as mxlint.stages.serial loads it): the TXT
    # data is an Rdata, its strings joined as receivers join them
    body = mx_hosts("@", 11) + '@ IN TXT "v=spf1 " "mx -all"\n'  # 16
    text = zone("example.com.", body)
    z = loader.load_zone("z.zone", "example.com.", text=text, keep_all_rdata=True)
    found = [x for x in engine.run(REGISTRY, ZoneSet([z]), {}) if x.rule == "spf-mx"]
    assert said(found) == [(16, 1, "error", too_many("example.com.", "mx", "example.com.", 11))]


# --------------------------------------------------------------------------- reverse-dns

WHY_PTR = (
    "; receivers check the reverse DNS of the host that sends to them, and a site's MX hosts "
    "usually send its mail too: without it their mail may be refused or marked as spam"
)


def no_ptr(host: str, address: str, rz: str, name: str) -> str:
    return (
        f'MX host "{host}" has address {address}, but reverse zone {rz} has no PTR record for '
        f'{name}: add "{name} IN PTR {host}"'
    )


def unconfirmed(host: str, address: str, names: str) -> str:
    return (
        f'MX host "{host}" has address {address}, whose PTR names {names}: the reverse DNS is '
        f"not forward-confirmed; point the PTR at {host} or give its name the address {address}"
    )


def test_reverse_dns_each_verdict(tmp_path: Path) -> None:
    forward = zone(
        "example.com.",
        "@ IN MX 10 mail\n"  # 5: no PTR
        "@ IN MX 20 two\n"  # 6: two addresses, two PTRs for the first
        "@ IN MX 30 via\n"  # 7: a CNAME to a wildcard's PTR
        "@ IN MX 40 ok\n"  # confirmed
        "@ IN MX 50 far\n"  # its PTR names a host of no zone read
        "@ IN MX 60 alias\n"  # an alias: cname-target's
        "@ IN MX 70 cut\n"  # its PTR delegated (RFC 2317)
        "@ IN MX 80 six\n"  # 12: IPv6
        "mail IN A 192.0.2.1\n"
        "two IN A 192.0.2.2\ntwo IN A 192.0.2.3\n"
        "via IN A 192.0.2.4\n"
        "ok IN A 192.0.2.5\n"
        "far IN A 192.0.2.6\n"
        "alias IN CNAME ok\n"
        "cut IN A 192.0.2.130\n"
        "six IN AAAA 2001:db8::1\n"
        "www IN A 192.0.2.9\nnoaddr IN TXT x\nother IN A 192.0.2.10\n",
    )
    reverse = zone(
        "2.0.192.in-addr.arpa.",
        "2 IN PTR www.example.com.\n"  # 5
        "2 IN PTR noaddr.example.com.\n"  # 6
        "3 IN PTR other.example.com.\n"  # 7
        "4 IN CNAME 4.sub\n"
        "5 IN PTR ok.example.com.\n"
        "6 IN PTR host.example.net.\n"
        "*.sub IN PTR other.example.com.\n"  # 11
        "128/25 IN NS ns1.example.net.\n"
        "130 IN CNAME 130.128/25\n",
    )
    reverse6 = zone("8.b.d.0.1.0.0.2.ip6.arpa.", "")
    files = {"f.zone": forward, "r.zone": reverse, "r6.zone": reverse6}
    found = said(run(tmp_path, files, "reverse-dns"))
    name6 = "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa."
    other = "other.example.com. (which has 192.0.2.10, at r.zone:11)"
    assert found == [
        (
            5,
            12,
            "warning",
            no_ptr(
                "mail.example.com.", "192.0.2.1", "2.0.192.in-addr.arpa.", "1.2.0.192.in-addr.arpa."
            )
            + WHY_PTR,
        ),
        (
            6,
            12,
            "warning",
            unconfirmed(
                "two.example.com.",
                "192.0.2.2",
                "www.example.com. (which has 192.0.2.9, at r.zone:5) and noaddr.example.com. "
                "(which has no address, at r.zone:6)",
            )
            + "; "
            + unconfirmed("two.example.com.", "192.0.2.3", other.replace("11)", "7)"))
            + WHY_PTR,
        ),
        (7, 12, "warning", unconfirmed("via.example.com.", "192.0.2.4", other) + WHY_PTR),
        (
            12,
            12,
            "warning",
            no_ptr("six.example.com.", "2001:db8::1", "8.b.d.0.1.0.0.2.ip6.arpa.", name6) + WHY_PTR,
        ),
    ]


def test_reverse_dns_is_silent_when_the_ptr_target_cannot_be_told(tmp_path: Path) -> None:
    forward = zone(
        "example.com.",
        "@ IN MX 10 a\n@ IN MX 20 b\n@ IN MX 30 c\n"
        "@ IN MX 40 alias\n"  # an alias: cname-target's business
        "@ IN MX 50 ns.sub\n"  # glue below a delegation: the child zone's
        "a IN A 192.0.2.1\nb IN A 192.0.2.2\nc IN A 192.0.2.3\n"
        "alias IN CNAME www\nwww IN A 192.0.2.9\n"
        "sub IN NS ns.sub\nns.sub IN A 192.0.2.50\n",
    )
    reverse = zone(
        "2.0.192.in-addr.arpa.",
        "1 IN PTR alias.example.com.\n"  # an alias: not followed
        "2 IN PTR host.sub.example.com.\n"  # delegated away
        "3 IN PTR mail.example.org.\n",  # in a zone not read whole
    )
    broken = zone("example.org.", "mail IN A 192.0.2.99\nbad IN A 300.1.1.1\n")
    files = {"f.zone": forward, "r.zone": reverse, "o.zone": broken}
    assert run(tmp_path, files, "reverse-dns") == []


def test_mta_sts_policy_file_is_read_up_to_64_kib(tmp_path: Path) -> None:
    # a policy's head only is read: a line cut at 65,536 bytes reads as written so far
    head = "version: STSv1\nmode: enforce\nmx: mail.example.com\nmx: *.example.net\n"
    head += "mx: a.b.example.org\n"
    for n, (size, tail, listed) in enumerate(
        (
            (65536, "mx: example.org", True),  # the whole file
            (65537, "mx: example.orgX", True),  # the X is past the head: not read
            (65536, "mx: example.orgX", False),  # the X read: another host
        )
    ):
        filler = "#" * (size - len(head) - len(tail) - 1) + "\n"
        policy = head + filler + tail
        assert len(policy) == size
        found = policy_run(tmp_path / str(n), policy)
        assert [x[0] for x in found] == ([] if listed else [8]), (size, tail)


def test_mta_sts_policy_file_is_looked_for_up_to_the_git_top_eight_levels_up(
    tmp_path: Path,
) -> None:
    policy = "version: STSv1\nmode: enforce\nmx: mail.example.com\n"
    for depth, found in ((7, True), (8, False)):
        top = tmp_path / str(depth)
        (top / ".git").mkdir(parents=True)
        (top / "example.com/.well-known").mkdir(parents=True)
        (top / "example.com/.well-known/mta-sts.txt").write_text(policy)
        below = top.joinpath(*(f"d{i}" for i in range(depth)))
        below.mkdir(parents=True)
        (below / "z.zone").write_text(POLICY_ZONE)
        # a second zone: the policy is not taken as the only one's
        (top / "other.zone").write_text(zone("example.org.", "@ IN MX 10 mail.example.org.\n"))
        got = [x.line for x in run(top, {}, "mta-sts")]
        assert got == ([6, 7, 8] if found else []), depth


def test_policy_records_of_a_zone_whose_origin_is_a_guess_are_not_judged(
    tmp_path: Path,
) -> None:
    # no $ORIGIN, and a file name under no public suffix: which names the records have is a
    # guess, so none of the policy rules says anything of them
    body = (
        '$TTL 3600\n@ IN NS ns1.example.net.\n_mta-sts IN TXT "v=STSv1; id=a-b"\n'
        '_smtp._tls IN TXT "v=TLSRPTv1; rua=a@example.com"\n'
        "@ IN MX 0 .\n"
        '@ IN TXT "v=spf1 a -all"\n'
    )
    for n, rule in enumerate(("mta-sts", "tls-rpt", "spf-mx")):
        assert run(tmp_path / str(n), {"corp.internal.zone": body}, rule) == [], rule
    # the same records with the origin given are judged
    sure = "$ORIGIN corp.example.com.\n" + body
    for n, rule in enumerate(("mta-sts", "tls-rpt", "spf-mx")):
        assert len(run(tmp_path / f"s{n}", {"corp.internal.zone": sure}, rule)) == 1, rule


def test_reverse_dns_follows_at_most_seven_cnames(tmp_path: Path) -> None:
    forward = zone("example.com.", "@ IN MX 10 mail\nmail IN A 192.0.2.1\n")
    for hops, said_it in ((7, True), (8, False)):
        chain = "".join(f"{'1' if i == 0 else f'c{i}'} IN CNAME c{i + 1}\n" for i in range(hops))
        reverse = zone("2.0.192.in-addr.arpa.", chain + "x IN PTR www.example.com.\n")
        files = {"f.zone": forward, "r.zone": reverse}
        found = said(run(tmp_path / str(hops), files, "reverse-dns"))
        last = f"c{hops}.2.0.192.in-addr.arpa."
        message = (
            f'MX host "mail.example.com." has address 192.0.2.1, but reverse zone '
            f"2.0.192.in-addr.arpa. has no PTR record for {last} (reached through CNAME from "
            f'1.2.0.192.in-addr.arpa.): add "{last} IN PTR mail.example.com."' + WHY_PTR
        )
        assert found == ([(5, 12, "warning", message)] if said_it else []), hops


def test_mta_sts_policy_file_says_nothing_of_a_null_mx(tmp_path: Path) -> None:
    text = zone(
        "example.com.",
        '@ IN MX 0 .\n_mta-sts IN TXT "v=STSv1; id=1"\nmta-sts IN A 192.0.2.80\n'
        "sub IN MX 0 .\nsub IN MX 10 mail.example.net.\n"  # null-mx's business
        '_mta-sts.sub IN TXT "v=STSv1; id=1"\nmta-sts.sub IN A 192.0.2.80\n',
    )
    policy = "version: STSv1\nmode: enforce\nmx: mail.example.net\n"
    files = {
        "z.zone": text,
        "example.com/.well-known/mta-sts.txt": policy,
        "sub.example.com/.well-known/mta-sts.txt": policy,
    }
    # a folder of its own: the policy search looks one level below the zone file's parent,
    # where the other tests' folders are
    assert run(tmp_path / "repo", files, "mta-sts") == []


def test_spf_mx_of_records_kept_whole_counts_each_for_its_own_text() -> None:
    body = (
        mx_hosts("@", 11)
        + 'www IN TXT "v=spf1 mx:example.com -all"\n'  # 16
        + 'ftp IN TXT "v=spf1 -all"\n'  # no mx term: nothing
        + 'ftp IN TXT "v=spf1 a:mx.example.com -all"\n'
    )
    text = zone("example.com.", body)
    z = loader.load_zone("z.zone", "example.com.", text=text, keep_all_rdata=True)
    found = [x for x in engine.run(REGISTRY, ZoneSet([z]), {}) if x.rule == "spf-mx"]
    message = too_many("www.example.com.", "mx:example.com", "example.com.", 11)
    assert said(found) == [(16, 1, "error", message)]
