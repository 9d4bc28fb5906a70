"""What the zone rules say, in full: each message word for word, its place and severity, and
the bounds and options that change it. Found wanting by the mutation script
(tests/mutation/mutate.py, which runs this file for every rule): each test holds something a
user would notice. The mail-path rules have theirs in test_rules_behaviour_mailpath.py."""

from __future__ import annotations

import os
import re
from pathlib import Path

from mxlint.api import Options
from mxlint.api import lint as lint_paths
from mxlint.model import Diagnostic

from .test_mailpath import run, zone
from .test_rules import lint

_DIR = re.compile(r"/\S*/(?=[\w.]+(:\d|\)))")


def said(found: list[Diagnostic], rule: str | None = None) -> list[tuple[int, int, str, str]]:
    """Each diagnostic (of ``rule``) as place, severity and message, a file by its base name."""
    return [
        (x.line, x.column, x.severity, _DIR.sub("", x.message))
        for x in found
        if rule is None or x.rule == rule
    ]


# ---------------------------------------------------------------- missing-address

NOTE = "origin example.com. from the SOA record at line 3"


def no_address(
    target: str, has: str, where: str = "zone example.com.", owner: str = "example.com."
) -> str:
    return (
        f'MX target "{target}" has no A or AAAA record in {where} ({has}), so mail for {owner} '
        f'cannot be delivered there; add an A/AAAA record for "{target}" or point the MX at a '
        "host that has one"
    )


def test_missing_address_names_the_origin_only_for_a_target_written_without_its_dot() -> None:
    got = lint("@ IN MX 10 mail\n@ IN MX 20 mail.example.com.\nmail IN TXT x\n")
    assert said(got, "missing-address") == [
        (5, 12, "error", no_address("mail.example.com.", f"it has only TXT; {NOTE}")),
        (6, 12, "error", no_address("mail.example.com.", "it has only TXT")),
    ]


def test_missing_address_in_a_file_whose_origin_is_a_guess() -> None:
    got = lint(
        "@ IN MX 10 mail\n", header="$TTL 3600\n@ IN NS ns1.example.net.\n", name="test.zone"
    )
    message = no_address("mail", "the name does not exist", "this file", "@")
    assert said(got, "missing-address") == [(3, 12, "error", message)]


def test_missing_address_in_another_zone_names_its_file_or_its_number_of_files(
    tmp_path: Path,
) -> None:
    files = {
        "a.zone": zone(
            "example.com.", "@ IN MX 10 mail.example.net.\n@ IN MX 20 mx.example.org.\n"
        ),
        "n.zone": zone("example.net.", "mail IN TXT x\nns1 IN A 192.0.2.53\n"),
        "o1.zone": zone("example.org.", ""),
        "o2.zone": zone("example.org.", "www IN A 192.0.2.80\n"),
    }
    found = [x for x in run(tmp_path, files, "missing-address") if x.path.endswith("a.zone")]
    assert said(found) == [
        (
            5,
            12,
            "error",
            no_address("mail.example.net.", "it has only TXT; in n.zone", "zone example.net."),
        ),
        (
            6,
            12,
            "error",
            no_address(
                "mx.example.org.",
                "the name does not exist; in any of its 2 files",
                "zone example.org.",
            ),
        ),
    ]


def ns_lacking(
    target: str, has: str, remedy: str, origin: str = "example.com.", mx: bool = False
) -> str:
    shown = target.rstrip(".")
    return (
        f'name server "{target}" of zone {origin} lies inside the zone and has no A or AAAA '
        f"record ({has}; origin {origin} from the SOA record at line 3): named refuses to load "
        f"the zone (\"NS '{shown}' has no address records\"), so none of its records"
        f"{', its MX included,' if mx else ''} is served; {remedy}"
    )


def dot(written: str, origin: str = "example.com.") -> str:
    return (
        f'if "{written}" was meant, it needs its final dot: write "{written}." (written without '
        f"it, the origin {origin} is appended)"
    )


def add(target: str) -> str:
    return f'add an A/AAAA record for "{target}" or name a server that has one'


def test_missing_address_of_apex_name_servers_each_remedy() -> None:
    body = (
        "@ IN NS ns3.example.org\n"  # 5: a public top-level domain
        "@ IN NS ns4.example.com\n"  # 6: repeats the origin
        "@ IN NS x.example\n"  # 7: neither
        "@ IN NS ns\nns IN TXT x\n"  # 8: has other data
        "@ IN NS ns5.example.com.\nns5 IN AAAA 2001:db8::53\n"  # an address
        "@ IN NS @\n"  # 12: the apex, which has no address here either
        "@ IN NS sub\nsub IN NS ns.example.net.\n"  # a delegation
        "@ IN NS ns.sub\n"  # below the cut: in the child zone
        "@ IN NS dn\ndn IN DNAME example.net.\n"  # a DNAME: named says else
        "x IN NS nx\n"  # not at the apex: not the zone's name server
    )
    assert said(lint(body), "missing-address") == [
        (
            5,
            1,
            "error",
            ns_lacking(
                "ns3.example.org.example.com.", "the name does not exist", dot("ns3.example.org")
            ),
        ),
        (
            6,
            1,
            "error",
            ns_lacking(
                "ns4.example.com.example.com.", "the name does not exist", dot("ns4.example.com")
            ),
        ),
        (
            7,
            1,
            "error",
            ns_lacking(
                "x.example.example.com.", "the name does not exist", add("x.example.example.com.")
            ),
        ),
        (8, 1, "error", ns_lacking("ns.example.com.", "it has only TXT", add("ns.example.com."))),
        (
            12,
            1,
            "error",
            ns_lacking("example.com.", "it has only NS, SOA", "")
            .replace("lies inside the zone and", "is the zone's own apex, which")
            .replace("is served; ", 'is served; add an A/AAAA record at the apex ("@ IN A ...") ')
            + "or name a server that has one",
        ),
    ]


def test_missing_address_name_server_repeating_a_one_label_origin() -> None:
    header = "$ORIGIN test.\n$TTL 3600\n@ IN SOA ns1.example.net. h.example.com. 1 2 3 4 5\n"
    body = "@ IN NS ns1.example.net.\n@ IN NS ns.test\n@ IN NS ns3.x\n"
    assert said(lint(body, header=header, name="test.zone"), "missing-address") == [
        (
            5,
            1,
            "error",
            ns_lacking(
                "ns.test.test.", "the name does not exist", dot("ns.test", "test."), "test."
            ),
        ),
        (
            6,
            1,
            "error",
            ns_lacking("ns3.x.test.", "the name does not exist", add("ns3.x.test."), "test."),
        ),
    ]


def test_missing_address_name_server_that_is_an_alias() -> None:
    got = lint("@ IN NS ns2\nns2 IN CNAME ns.example.net.\n")
    message = (
        'name server "ns2.example.com." of zone example.com. is an alias (CNAME to '
        f'"ns.example.net." at example.com.zone:6; {NOTE}), which an NS record must not name '
        "(RFC 2181 10.3): named refuses to load the zone (\"NS 'ns2.example.com' is a CNAME "
        '(illegal)"), so none of its records is served; point the NS record '
        'at "ns.example.net." instead'
    )
    assert said(got, "missing-address") == [(5, 1, "error", message)]


def test_missing_address_leaves_a_name_server_in_a_child_zone_to_that_zone(
    tmp_path: Path,
) -> None:
    # ns.sub.example.com. is answered by zone sub.example.com., loaded from its own file:
    # below a cut in example.com., whose loading does not depend on it
    files = {
        "a.zone": zone("example.com.", "@ IN NS ns.sub\nsub IN NS ns1.example.net.\n"),
        "sub.zone": zone("sub.example.com.", "www IN A 192.0.2.80\n"),
    }
    assert run(tmp_path, files, "missing-address") == []


# ---------------------------------------------------------------- missing-trailing-dot


def test_missing_trailing_dot_of_targets_in_a_zone_whose_origin_is_a_guess() -> None:
    body = "@ IN MX 10 mail.example.net\n@ IN MX 20 mx.example.com\n@ IN MX 30 mail\n"
    got = lint(body, header="$TTL 3600\n@ IN NS ns1.example.net.\n", name="corp.internal.zone")
    assert said(got, "missing-trailing-dot") == [
        (
            3,
            12,
            "error",
            'MX target "mail.example.net" has no trailing dot, so the zone\'s origin is appended '
            'to it (mail.example.net.<origin>); write "mail.example.net."',
        ),
        (
            4,
            12,
            "error",
            'MX target "mx.example.com" has no trailing dot, so the zone\'s origin is appended to '
            'it (mx.example.com.<origin>); write "mx.example.com."',
        ),
    ]


def owner_dot(written: str, relative: str) -> str:
    return (
        f'owner "{written}" has no trailing dot, so it means "{written}.example.com." ({NOTE}); '
        f'write "{written}." or the relative "{relative}"'
    )


def test_missing_trailing_dot_of_owners_that_repeat_the_origin() -> None:
    body = (
        "www.example.com IN A 192.0.2.1\n"  # 5
        "example.com IN A 192.0.2.1\n"  # 6: the origin itself, repeated
        "x.y.example.com IN A 192.0.2.1\n"  # 7
        "example IN A 192.0.2.1\n"  # a part of the origin: a name of its own
        "com IN A 192.0.2.1\n"
        "example.com.example.com. IN A 192.0.2.1\n"  # written absolute: meant so
        "mail.example.net IN A 192.0.2.1\n"  # not the origin repeated
        "    IN TXT x\n"  # an inherited owner: said once, at its line
    )
    assert said(lint(body), "missing-trailing-dot") == [
        (5, 1, "error", owner_dot("www.example.com", "www")),
        (6, 1, "error", owner_dot("example.com", "@")),
        (7, 1, "error", owner_dot("x.y.example.com", "x.y")),
    ]


# ---------------------------------------------------------------- cname-target


def alias_target(alias: str, target: str, line: int, advice: str) -> str:
    return (
        f'MX target "{alias}" is an alias (CNAME to "{target}" at example.com.zone:{line}); an '
        "MX must point at a host name with A/AAAA records, not at a CNAME (RFC 2181 10.3); "
        f"{advice}"
    )


def test_cname_target_beside_targets_that_are_not_aliases() -> None:
    body = (
        "@ IN MX 10 alias\n"  # 5
        "@ IN MX 20 mail\n"
        "@ IN MX 30 mx.example.net.\n"
        "alias IN CNAME mail\nmail IN A 192.0.2.1\n"  # 8
        "sub IN MX 10 empty\nempty IN CNAME bare\nbare IN TXT x\n"  # 10 11
        "out IN MX 10 far\nfar IN CNAME mail.example.net.\n"  # 13 14
    )
    assert said(lint(body), "cname-target") == [
        (
            5,
            12,
            "error",
            alias_target(
                "alias.example.com.",
                "mail.example.com.",
                8,
                'point the MX at "mail.example.com." instead',
            ),
        ),
        (
            10,
            14,
            "error",
            alias_target(
                "empty.example.com.",
                "bare.example.com.",
                11,
                '"bare.example.com." has no A/AAAA record either: point the MX at a host name '
                "that has them",
            ),
        ),
        (
            13,
            14,
            "error",
            alias_target(
                "far.example.com.",
                "mail.example.net.",
                14,
                'point the MX at "mail.example.net." instead',
            ),
        ),
    ]


# ---------------------------------------------------------------- single-mx


def test_single_mx_each_message() -> None:
    body = (
        "@ IN MX 10 mail\n"  # 5
        "sub IN MX 10 a\nsub IN MX 20 b\n"  # 6: one machine
        "a IN A 192.0.2.1\na IN AAAA 2001:db8::1\nb IN AAAA 2001:db8::1\nb IN A 192.0.2.1\n"
        "two IN MX 10 a\ntwo IN MX 20 c\nc IN A 192.0.2.2\n"  # apart
        "null IN MX 0 .\n"
        "mail IN A 192.0.2.9\n"
    )
    single = (
        'example.com. has a single MX host "mail.example.com.": while it is down, mail waits in '
        "senders' queues; add a second MX host if delay matters"
    )
    same = (
        "all 2 MX hosts of sub.example.com. resolve to the same address (192.0.2.1, "
        "2001:db8::1): they are one machine, not a backup; point one MX at a different host"
    )
    assert said(lint(body, "single-mx"), "single-mx") == [
        (5, 12, "info", single),
        (6, 14, "info", same),
    ]


# ---------------------------------------------------------------- syntax-error (dialects)


def dialect(rtype: str, what: str, others: str) -> str:
    return (
        f"unknown record type '{rtype}': the server that loads this zone (BIND, assumed: "
        f"nothing in the repository names another server) refuses it; it is {what}, which "
        f"{others}: if the zone is loaded there, this line is not an error"
    )


def test_syntax_error_names_the_servers_that_accept_a_dialect_record() -> None:
    body = '@ IN ALIAS other.example.net.\n@ IN LUA A "return 1"\n'
    assert said(lint(body), "syntax-error") == [
        (
            5,
            6,
            "error",
            dialect(
                "ALIAS",
                "an apex alias resolved by the server",
                "PowerDNS and a DNS provider accept",
            ),
        ),
        (6, 6, "error", dialect("LUA", "a record computed by a Lua snippet", "PowerDNS accepts")),
    ]


# ---------------------------------------------------------------- unroutable-address


def unroutable(target: str, shown: str, line: int) -> str:
    return (
        f'MX target "{target}" resolves only to {shown} (at example.com.zone:{line}), which no '
        "sender on the Internet can deliver to; give the host a public address or remove the MX"
    )


def test_unroutable_address_each_kind_of_address() -> None:
    body = (
        "@ IN MX 10 lo\nlo IN A 127.0.0.1\nlo IN AAAA ::1\n"  # 5 6
        "a IN MX 10 zero\nzero IN A 0.0.0.0\n"  # 8 9
        "b IN MX 10 ll\nll IN AAAA fe80::1\n"  # 10 11
        "c IN MX 10 mc\nmc IN A 224.0.0.1\n"  # 12 13
        "d IN MX 10 bc\nbc IN A 255.255.255.255\n"  # 14 15
        "e IN MX 10 mixed\nmixed IN A 127.0.0.1\nmixed IN A 203.0.114.25\n"  # one can deliver
        "f IN MX 10 cg\ncg IN A 100.64.0.1\n"  # private, not flagged by default
        "g IN MX 10 v6\nv6 IN AAAA 2606:4700::6440:1\n"  # public
        "h IN MX 10 ten\nten IN A 10.0.0.1\n"
    )
    want = [
        (
            5,
            12,
            "warning",
            unroutable("lo.example.com.", "127.0.0.1 (loopback), ::1 (loopback)", 6),
        ),
        (8, 12, "warning", unroutable("zero.example.com.", "0.0.0.0 (unspecified)", 9)),
        (10, 12, "warning", unroutable("ll.example.com.", "fe80::1 (link-local)", 11)),
        (12, 12, "warning", unroutable("mc.example.com.", "224.0.0.1 (multicast)", 13)),
        (14, 12, "warning", unroutable("bc.example.com.", "255.255.255.255 (broadcast)", 15)),
    ]
    assert said(lint(body), "unroutable-address") == want
    flagged = said(lint(body, "unroutable-address", options={"private": True}))
    private = "private or documentation"
    assert flagged == [
        *want,
        (19, 12, "warning", unroutable("cg.example.com.", f"100.64.0.1 ({private})", 20)),
        (23, 12, "warning", unroutable("ten.example.com.", f"10.0.0.1 ({private})", 24)),
    ]


def test_unroutable_address_of_names_that_never_accept_mail() -> None:
    body = (
        "@ IN MX 10 localhost.\n"
        "@ IN MX 20 abc.msv1.invalid.outlook.com.\n"
        "@ IN MX 30 x.invalid.\n"
        "@ IN MX 40 myinvalid.\n"  # not under invalid.
        "@ IN MX 50 outlook.com.\n"
    )

    def under(target: str, special: str) -> str:
        return (
            f'MX target "{target}" is under "{special}", a name that never accepts mail (RFC '
            "6761, or a Microsoft 365 verification record); no mail can be delivered to it (a "
            "leftover verification or test record?); remove it"
        )

    assert said(lint(body), "unroutable-address") == [
        (5, 12, "warning", under("localhost.", "localhost.")),
        (6, 12, "warning", under("abc.msv1.invalid.outlook.com.", "invalid.outlook.com.")),
        (7, 12, "warning", under("x.invalid.", "invalid.")),
    ]


# ---------------------------------------------------------------- ttl-mismatch


def test_ttl_mismatch_names_the_owner_as_its_first_record_writes_it() -> None:
    body = (
        "@ 300 IN MX 10 a.example.net.\n"  # 5: the lowest, first
        "EXAMPLE.COM. 600 IN MX 20 b.example.net.\n"  # 6
        "EXAMPLE.COM. 300 IN MX 30 c.example.net.\n"
        "x 60 IN MX 10 a.example.net.\nx 60 IN MX 20 b.example.net.\n"  # one TTL
        "y 900 IN MX 10 a.example.net.\n"  # one record
    )
    message = (
        "MX at example.com. has TTL 600 here but 300 at example.com.zone:5; one MX set has one "
        "TTL and servers use the lowest (300, RFC 2181 5.2); write the same TTL on every MX "
        "record of this name"
    )
    assert said(lint(body), "ttl-mismatch") == [(6, 1, "warning", message)]


# ---------------------------------------------------------------- zone-identity


def test_zone_identity_names_every_other_version_and_counts_unread_includes(
    tmp_path: Path,
) -> None:
    files = {
        "a/example.com.zone": zone("example.com.", ""),
        "b/example.com.zone": zone("example.com.", "www IN A 192.0.2.80\n"),
        "c/example.com.zone": zone("example.com.", "$INCLUDE x1\n$INCLUDE x2\n$INCLUDE x3\n"),
        "d/example.net.zone": zone("example.net.", "$INCLUDE y1\n$INCLUDE y2\n"),
        "e/example.org.zone": zone("example.org.", "$INCLUDE z1\n"),
    }
    found = run(tmp_path, files, "zone-identity")
    got = [
        (
            x.path.replace(f"{tmp_path}/", ""),
            x.line,
            x.column,
            x.severity,
            x.message.replace(f"{tmp_path}/", ""),
        )
        for x in found
    ]

    def unread(name: str, where: str, origin: str) -> str:
        return (
            f'$INCLUDE "{name}" not found (looked for {where}/{name}); so zone {origin} is '
            "incomplete here and the checks that conclude from an absence (missing-address, "
            "implicit-mx, single-mx, a missing dot judged by a name that does not exist) were "
            "not run on its names, here or from other zones"
        )

    assert got == [
        (
            "a/example.com.zone",
            1,
            1,
            "info",
            "zone example.com. is in 3 files: this one and b/example.com.zone, c/example.com.zone "
            "(versions of one zone?); each file is checked on its own, and lookups from other "
            "zones count only what every file agrees on",
        ),
        (
            "c/example.com.zone",
            5,
            10,
            "warning",
            unread("x1", "c", "example.com.")
            + "; 2 more $INCLUDEs in this file cannot be read either (lines 6, 7)",
        ),
        (
            "d/example.net.zone",
            5,
            10,
            "warning",
            unread("y1", "d", "example.net.")
            + "; 1 more $INCLUDE in this file cannot be read either (line 6)",
        ),
        ("e/example.org.zone", 5, 10, "warning", unread("z1", "e", "example.org.")),
    ]


# ---------------------------------------------------------------- null-mx


def test_null_mx_each_message() -> None:
    body = (
        "@ IN MX 10 .\n"  # 5: beside other hosts, and not preference 0
        "@ IN MX 20 mail.example.net.\n"  # 6: the first other host named
        "@ IN MX 30 mx.example.net.\n"
        "www IN MX 1 .\n"  # 8: preference 1
        "ok IN MX 0 .\n"
        "x IN MX 0 .\nx IN MX 0 .\n"  # two null MX records: no other host
    )
    assert said(lint(body), "null-mx") == [
        (
            5,
            9,
            "warning",
            'null MX at example.com. has preference 10; RFC 7505 3 asks for 0: write "MX 0 ."',
        ),
        (
            5,
            12,
            "error",
            "null MX says example.com. accepts no mail, but example.com. also has MX 20 "
            '"mail.example.net." at example.com.zone:6; senders disagree on which to believe '
            "(RFC 7505 3.3); remove the "
            "null MX if it takes mail, or the other MX records if it does not",
        ),
        (
            8,
            11,
            "warning",
            'null MX at www.example.com. has preference 1; RFC 7505 3 asks for 0: write "MX 0 ."',
        ),
    ]


def test_missing_address_of_name_servers_only_in_a_zone_read_whole_with_a_sure_origin() -> None:
    body = "@ IN NS ns\nns IN TXT x\n"
    assert said(lint(body), "missing-address") == [
        (5, 1, "error", ns_lacking("ns.example.com.", "it has only TXT", add("ns.example.com.")))
    ]
    # an $INCLUDE not read here may hold the address
    assert said(lint("$INCLUDE gone.inc\n" + body), "missing-address") == []
    # the origin is a guess (no $ORIGIN, a file name under no public suffix)
    header = "$TTL 3600\n@ IN SOA ns1.example.net. h.example.com. 1 2 3 4 5\n"
    assert said(lint(body, header=header, name="corp.internal.zone"), "missing-address") == []


def test_missing_address_of_name_servers_depends_on_the_lines_and_the_server(
    tmp_path: Path,
) -> None:
    lacking = (
        5,
        1,
        "error",
        ns_lacking("ns.example.com.", "it has only TXT", add("ns.example.com.")),
    )
    body = "@ IN NS ns\nns IN TXT x\n"
    # a record out of the zone is set aside, and named loads the zone all the same
    assert said(lint(body + "www.example.org. IN A 192.0.2.1\n"), "missing-address") == [lacking]
    # a line that did not load may hold the address
    assert said(lint(body + "ns IN A 300.1.1.1\n"), "missing-address") == []
    # NSD loads the zone (its configuration names the file): it does not refuse it
    text = zone("example.com.", body).replace("@ IN NS ns1.example.net.\n", "")
    nsd = "zone:\n  name: example.com\n  zonefile: example.com.zone\n"
    files = {"nsd.conf": nsd, "example.com.zone": text}
    assert run(tmp_path / "nsd", files, "missing-address") == []
    named = 'zone "example.com" { type master; file "example.com.zone"; };\n'
    files = {"named.conf": named, "example.com.zone": text}
    assert [(x.line, x.column) for x in run(tmp_path / "bind", files, "missing-address")] == [
        (4, 1)
    ]


def test_single_mx_hosts_without_addresses_are_not_one_machine() -> None:
    # no address known for either host (outside the zones read, or none in the zone): they
    # may be two machines, so nothing is said of "the same address"
    outside = "@ IN MX 10 a.example.net.\n@ IN MX 20 b.example.net.\n"
    inside = "@ IN MX 10 m1\n@ IN MX 20 m2\nm1 IN TXT x\n"
    assert said(lint(outside, "single-mx"), "single-mx") == []
    assert said(lint(inside, "single-mx"), "single-mx") == []


# ---------------------------------------------------------------- stale-provider

PROVIDERS = (
    "@ IN MX 10 MX.Old-Host.Example.\n"  # 5
    "@ IN MX 20 a.oldmail.example.\n"  # 6
    "@ IN MX 30 mail.example.net.\n"
    "@ IN MX 40 oldmail.example.\n"  # not below *.oldmail.example.
    "n IN MX 0 .\n"
    "s IN MX 10 smtp.google.com.\n"  # 10
    "s IN MX 20 eu-smtp-inbound-1.mimecast.com.\n"
    "s IN MX 30 mx.zoho.com.\n"  # 12
    "t IN MX 10 aspmx.l.google.com.\n"  # 13
    "t IN MX 20 atl1.aspmx.l.google.com.\n"  # a typo: unknown-provider-host's, no provider's
    "t IN MX 30 mx.zoho.com.\nt IN MX 40 mx2.zoho.com.\n"
)


def beside(host: str, provider: str) -> str:
    return (
        f'MX target "{host}" ({provider}) is listed beside the filtering gateway Mimecast at '
        f"s.example.com.: senders can deliver straight to {provider} and skip the filter; "
        "remove the direct host and let Mimecast forward the mail"
    )


MIXED = [
    (10, 12, "warning", beside("smtp.google.com.", "Google Workspace")),
    (12, 12, "warning", beside("mx.zoho.com.", "Zoho Mail")),
    (
        13,
        12,
        "warning",
        'MX target "aspmx.l.google.com." belongs to Google Workspace, but the other MX hosts of '
        "t.example.com. belong to Zoho Mail: senders split mail between two providers (a "
        "leftover from a migration?); remove the Google Workspace records if Zoho Mail is the "
        "current one",
    ),
]


def retired(host: str, pattern: str) -> str:
    return (
        f'MX target "{host}" matches the retired host pattern "{pattern}" (stale-provider '
        "option retired); mail sent there is lost or read by nobody; remove this record"
    )


def test_stale_provider_each_message_with_and_without_retired_hosts() -> None:
    assert said(lint(PROVIDERS, "stale-provider"), "stale-provider") == MIXED
    options = {"retired": ["mx.old-host.EXAMPLE", "*.oldmail.example."]}
    got = said(lint(PROVIDERS, "stale-provider", options=options), "stale-provider")
    assert got == [
        (5, 12, "warning", retired("mx.old-host.example.", "mx.old-host.example.")),
        (6, 12, "warning", retired("a.oldmail.example.", "*.oldmail.example.")),
        *MIXED,
    ]


def test_stale_provider_names_the_owner_as_its_first_record_writes_it() -> None:
    body = (
        "Www IN MX 10 mx.zoho.com.\nwww IN MX 20 aspmx.l.google.com.\n"
        "WWW IN MX 30 alt1.aspmx.l.google.com.\n"
    )
    (got,) = said(lint(body, "stale-provider"), "stale-provider")
    assert got[:3] == (5, 14, "warning")
    assert "the other MX hosts of Www.example.com. belong to Google Workspace" in got[3]


def test_stale_provider_retired_pattern_never_matches_the_null_mx() -> None:
    body = "@ IN MX 0 .\nw IN MX 0 .\nw IN MX 10 mail.example.net.\nv IN MX 10 mailhost.\n"
    got = said(lint(body, "stale-provider", options={"retired": ["*"]}), "stale-provider")
    assert got == [
        (7, 12, "warning", retired("mail.example.net.", "*.")),
        (8, 12, "warning", retired("mailhost.", "*.")),  # a host of one label
    ]


# ---------------------------------------------------------------- invalid-hostname


def invalid(target: str, why: str, advice: str = "rename the host") -> str:
    return (
        f'MX target "{target}" is not a valid host name: {why} (host names allow letters, '
        "digits and inner hyphens, RFC 1123 2.1), and many mail servers refuse such a target; "
        f"{advice}"
    )


def test_invalid_hostname_each_reason_and_the_placeholder_advice() -> None:
    body = (
        "@ IN MX 10 mail_1.example.com.\n"  # 5
        "@ IN MX 20 -mx.example.com.\n"
        "@ IN MX 30 mx-.example.com.\n"
        "@ IN MX 40 REPLACE_REGION.example.com.\n"  # 8
        "@ IN MX 50 *.example.com.\n"
        "@ IN MX 60 m-x.example.com.\n"  # valid
        "@ IN MX 70 mail_1.example.com.\n"  # 11: each record
        "@ IN MX 5 Replace_me.example.com.\n"  # 12: not all capitals
        "@ IN MX 6 A_.example.com.\n"
        "@ IN MX 7 ABC.example.com.\n"  # valid
        "@ IN MX 8 ok.a_b.example.com.\n"  # 15: the first bad label
    )
    under = 'has "_"'
    hyphen = 'starts or ends with "-"'
    other = "has characters other than letters, digits and hyphens"
    placeholder = (
        '"REPLACE_REGION" is written like a placeholder (capitals and "_"): put the real value '
        "in its place before the file is loaded, or rename the host"
    )
    assert said(lint(body), "invalid-hostname") == [
        (5, 12, "warning", invalid("mail_1.example.com.", f'label "mail_1" {under}')),
        (6, 12, "warning", invalid("-mx.example.com.", f'label "-mx" {hyphen}')),
        (7, 12, "warning", invalid("mx-.example.com.", f'label "mx-" {hyphen}')),
        (
            8,
            12,
            "warning",
            invalid("REPLACE_REGION.example.com.", f'label "REPLACE_REGION" {under}', placeholder),
        ),
        (9, 12, "warning", invalid("*.example.com.", f'label "*" {other}')),
        (11, 12, "warning", invalid("mail_1.example.com.", f'label "mail_1" {under}')),
        (12, 11, "warning", invalid("Replace_me.example.com.", f'label "Replace_me" {under}')),
        (13, 11, "warning", invalid("A_.example.com.", f'label "A_" {under}')),
        (15, 11, "warning", invalid("ok.a_b.example.com.", f'label "a_b" {under}')),
    ]


# ---------------------------------------------------------------- implicit-mx


def implicit(owner: str) -> str:
    return (
        f"{owner} has an address but no MX, so mail to it goes to that address (RFC 5321 5.1); "
        f'if it takes no mail, add "{owner} IN MX 0 ." (null MX, RFC 7505)'
    )


def test_implicit_mx_once_per_name_with_an_address_and_no_mx(tmp_path: Path) -> None:
    body = (
        "@ IN MX 10 mail\n"
        "mail IN A 192.0.2.1\n"  # an MX target
        "www IN A 192.0.2.2\nwww IN AAAA 2001:db8::2\n"  # 7: said once, at the first
        "*.w IN A 192.0.2.3\n"  # a wildcard
        "m IN A 192.0.2.4\nm IN MX 0 .\n"  # has an MX
        "sub IN NS ns.sub\nns.sub IN A 192.0.2.5\n"  # glue below a delegation
        "v6 IN AAAA 2001:db8::6\n"  # 14
        "@ IN A 192.0.2.7\n"  # the apex has an MX
        "relay IN A 192.0.2.8\n"  # the MX target of another zone
        "alias IN CNAME www\n"
    )
    files = {
        "a.zone": zone("example.com.", body),
        "b.zone": zone("example.net.", "@ IN MX 10 relay.example.com.\n"),
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    options = Options(use_config=False, progress=False, enable=["implicit-mx"])
    found = lint_paths([os.fspath(tmp_path)], options).diagnostics
    found = [x for x in found if x.rule == "implicit-mx" and x.path.endswith("a.zone")]
    assert said(found) == [
        (7, 1, "info", implicit("www.example.com.")),
        (14, 1, "info", implicit("v6.example.com.")),
    ]
    # a zone not read whole may hold the MX records
    assert said(lint("$INCLUDE gone.inc\nwww IN A 192.0.2.2\n", "implicit-mx"), "implicit-mx") == []


# ---------------------------------------------------------------- dname-target


def under_dname(target: str, where: str, owner: str, to: str, advice: str) -> str:
    return (
        f'MX target "{target}" is {where} the DNAME "{owner}" (to "{to}", at '
        "example.com.zone:9), so it is an alias, which an MX target must not be (RFC 2181 "
        f"10.3); {advice}"
    )


def test_dname_target_at_and_below_a_dname() -> None:
    body = (
        "@ IN MX 10 old\n"  # 5: at the DNAME, no address
        "@ IN MX 20 mail.old\n"  # 6
        "@ IN MX 30 a.b.old\n"  # 7
        "@ IN MX 40 moved\n"  # at a DNAME that has an address: the owner is no alias
        "old IN DNAME new.example.net.\n"  # 9
        "moved IN DNAME x.example.net.\nmoved IN A 192.0.2.1\n"
    )
    owner, to = "old.example.com.", "new.example.net."
    assert said(lint(body), "dname-target") == [
        (
            5,
            12,
            "error",
            under_dname(
                owner, "at", owner, to, "give it an A/AAAA record or point the MX elsewhere"
            ),
        ),
        (
            6,
            12,
            "error",
            under_dname(
                "mail.old.example.com.",
                "below",
                owner,
                to,
                'point the MX at "mail.new.example.net."',
            ),
        ),
        (
            7,
            12,
            "error",
            under_dname(
                "a.b.old.example.com.", "below", owner, to, 'point the MX at "a.b.new.example.net."'
            ),
        ),
    ]
    # at the DNAME in a zone not read whole: its address may be in the part not read
    got = lint("$INCLUDE gone.inc\n@ IN MX 10 old\nold IN DNAME new.example.net.\n")
    assert said(got, "dname-target") == []


# ---------------------------------------------------------------- unverifiable-target


def test_unverifiable_target_only_outside_every_loaded_zone() -> None:
    body = "@ IN MX 10 mail.example.net.\n@ IN MX 20 mail\n@ IN MX 0 .\nmail IN A 192.0.2.1\n"
    message = (
        'MX target "mail.example.net." is outside every loaded zone, so mxlint could not check '
        "that it exists and has an address; pass its zone with --context to check it"
    )
    got = lint(body, "unverifiable-target")
    assert said(got, "unverifiable-target") == [(5, 12, "info", message)]


# ------------------------------------------------------- duplicate-record, duplicate-target


def test_duplicate_record_and_target_each_message() -> None:
    body = (
        "@ IN MX 10 mail\n"  # 5
        "@ IN MX 10 MAIL.example.com.\n"  # 6: the same record, written otherwise
        "@ IN MX 10 mail\n"  # 7
        "@ IN MX 20 mail\n"  # 8: another preference, repeated
        "@ IN MX 20 mail\n"  # 9
        "@ IN MX 30 mail\n"  # 10
        "@ IN MX 5 other\n"
        "x IN MX 10 mail\n"  # another owner
    )
    got = said([x for x in lint(body) if x.rule in ("duplicate-record", "duplicate-target")])
    mx10 = 'MX 10 "mail.example.com." at example.com.'
    mx20 = 'MX 20 "mail.example.com." at example.com.'

    def again(mx: str, later: str) -> str:
        return (
            f"{mx} is written again at {later}; name servers keep one copy, so the repeat does "
            "nothing; delete the repeated line"
        )

    def repeats(mx: str, line: int) -> str:
        return f"{mx} repeats example.com.zone:{line}; name servers keep one copy; delete this line"

    def target(pref: int) -> str:
        return (
            f'MX target "mail.example.com." at example.com. has preference {pref} here and 10 at '
            "example.com.zone:5; a host listed twice is not a backup for itself; keep one "
            "preference and point the other at a different host"
        )

    assert got == [
        (5, 12, "warning", again(mx10, "example.com.zone:6, example.com.zone:7")),
        (6, 12, "warning", repeats(mx10, 5)),
        (7, 12, "warning", repeats(mx10, 5)),
        (8, 9, "warning", target(20)),
        (8, 12, "warning", again(mx20, "example.com.zone:9")),
        (9, 12, "warning", repeats(mx20, 8)),
        (10, 9, "warning", target(30)),
    ]


# ---------------------------------------------------------------- ip-target


def ip_target(text: str, looked_up: str, rr: str, addr: str) -> str:
    return (
        f'MX target "{text}" is an IP address, but an MX must name a host: senders look up '
        f'{looked_up} and find nothing; add "mail IN {rr} {addr}" and write "mail" as the target'
    )


def test_ip_target_each_address_family_and_origin() -> None:
    got = lint("@ IN MX 10 2001:db8::25\n@ IN MX 20 192.0.2.26.\n")
    assert said(got, "ip-target") == [
        (
            5,
            12,
            "error",
            ip_target(
                "2001:db8::25", f'"2001:db8::25.example.com." ({NOTE})', "AAAA", "2001:db8::25"
            ),
        ),
        (6, 12, "error", ip_target("192.0.2.26.", '"192.0.2.26."', "A", "192.0.2.26")),
    ]
    body = "@ IN MX 10 192.0.2.25\n@ IN MX 20 2001:db8::1.\n"
    got = lint(body, header="$TTL 3600\n@ IN NS ns1.example.net.\n", name="corp.internal.zone")
    assert said(got, "ip-target") == [
        (
            3,
            12,
            "error",
            ip_target("192.0.2.25", '"192.0.2.25" with the origin appended', "A", "192.0.2.25"),
        ),
        (4, 12, "error", ip_target("2001:db8::1.", '"2001:db8::1."', "AAAA", "2001:db8::1")),
    ]


def test_missing_address_of_name_servers_is_not_said_where_powerdns_loads_the_zone(
    tmp_path: Path,
) -> None:
    text = zone("example.com.", "@ IN NS ns\nns IN TXT x\n")
    assert [x.line for x in run(tmp_path / "a", {"example.com.zone": text}, "missing-address")] == [
        5
    ]
    files = {"pdns.conf": "launch=bind\n", "example.com.zone": text, ".git/HEAD": "ref: x\n"}
    assert run(tmp_path / "b", files, "missing-address") == []


def test_null_mx_in_a_zone_whose_only_target_is_the_null_mx() -> None:
    message = 'null MX at example.com. has preference 10; RFC 7505 3 asks for 0: write "MX 0 ."'
    assert said(lint("@ IN MX 10 .\n"), "null-mx") == [(5, 9, "warning", message)]


def test_cname_target_advice_when_the_zone_was_not_read_whole() -> None:
    # bare's address may be in the file not read: the alias's target is advised as is
    got = lint("$INCLUDE gone.inc\n@ IN MX 10 a1\na1 IN CNAME bare\nbare IN TXT x\n")
    advice = 'point the MX at "bare.example.com." instead'
    assert said(got, "cname-target") == [
        (6, 12, "error", alias_target("a1.example.com.", "bare.example.com.", 7, advice))
    ]


def test_cname_target_names_the_first_of_two_cnames() -> None:
    # two CNAMEs at one name (cname-and-other-data's error): the first one written is named
    body = "@ IN MX 10 mx\nmx IN CNAME a\nmx IN CNAME b\na IN A 192.0.2.1\nb IN A 192.0.2.2\n"
    advice = 'point the MX at "a.example.com." instead'
    assert said(lint(body), "cname-target") == [
        (5, 12, "error", alias_target("mx.example.com.", "a.example.com.", 6, advice))
    ]


def test_cname_target_follows_a_chain_of_cnames_to_its_end() -> None:
    # the alias's target is an alias too: the end of the chain is advised when it has an
    # address; a loop, a chain that goes on outside the zones read, a long chain and an end
    # without address are said as such, and no alias is advised
    body = (
        "@ IN MX 10 a1\na1 IN CNAME a2\na2 IN CNAME a3\na3 IN CNAME mail\n"  # 5-8
        "mail IN A 192.0.2.1\n"  # 9
        "l IN MX 10 l1\nl1 IN CNAME l2\nl2 IN CNAME l3\nl3 IN CNAME l2\n"  # 10-13
        "o IN MX 10 o1\no1 IN CNAME o2\no2 IN CNAME mx.example.net.\n"  # 14-16
        "b IN MX 10 b1\nb1 IN CNAME b2\nb2 IN CNAME b3\nb3 IN TXT x\n"  # 17-20
        "d IN MX 10 d1\nd1 IN CNAME d2\nd2 IN CNAME h.sub\nsub IN NS ns.example.net.\n"  # 21-24
        "x IN MX 10 x0\n"  # 25
        + "".join(f"x{i} IN CNAME x{i + 1}\n" for i in range(20))  # 26-45
        + "x20 IN A 192.0.2.2\n"
    )
    a, chain = "example.com.", "is an alias too (CNAME chain"
    assert said(lint(body), "cname-target") == [
        (
            5,
            12,
            "error",
            alias_target(
                f"a1.{a}",
                f"a2.{a}",
                6,
                f'"a2.{a}" {chain} "a2.{a}" -> "a3.{a}" -> "mail.{a}"): point the MX at '
                f'"mail.{a}", the end of the chain, instead',
            ),
        ),
        (
            10,
            12,
            "error",
            alias_target(
                f"l1.{a}",
                f"l2.{a}",
                11,
                f'"l2.{a}" {chain} "l2.{a}" -> "l3.{a}" -> "l2.{a}"), a loop of CNAMEs that no '
                "address ends: point the MX at a host name that has A/AAAA records",
            ),
        ),
        (
            14,
            12,
            "error",
            alias_target(
                f"o1.{a}",
                f"o2.{a}",
                15,
                f'"o2.{a}" {chain} "o2.{a}" -> "mx.example.net."), and the chain goes on at '
                '"mx.example.net.", beyond the zones read here: point the MX at the host name with '
                "A/AAAA records at its end",
            ),
        ),
        (
            17,
            12,
            "error",
            alias_target(
                f"b1.{a}",
                f"b2.{a}",
                18,
                f'"b2.{a}" {chain} "b2.{a}" -> "b3.{a}"), and "b3.{a}" has no A/AAAA record '
                "either: point the MX at a host name that has them",
            ),
        ),
        (
            21,
            12,
            "error",
            alias_target(
                f"d1.{a}",
                f"d2.{a}",
                22,
                f'"d2.{a}" {chain} "d2.{a}" -> "h.sub.{a}"), and the chain goes on at "h.sub.{a}", '
                "beyond the zones read here: point the MX at the host name with A/AAAA records at "
                "its end",
            ),
        ),
        (
            25,
            12,
            "error",
            alias_target(
                f"x0.{a}",
                f"x1.{a}",
                26,
                f'"x1.{a}" {chain} "x1.{a}" -> "x2.{a}" -> ... -> "x17.{a}") and on, over 16 '
                "CNAMEs: point the MX at the host name with A/AAAA records at its end",
            ),
        ),
    ]


def test_cname_target_chain_of_sixteen_cnames_is_followed_to_its_end() -> None:
    # the bound: the MX target's CNAME and 16 more reach the address; one more is "over 16"
    body = "@ IN MX 10 x0\n" + "".join(f"x{i} IN CNAME x{i + 1}\n" for i in range(17))
    got = said(lint(body + "x17 IN A 192.0.2.2\n"), "cname-target")
    assert got[0][3].endswith('point the MX at "x17.example.com.", the end of the chain, instead')
    body = "@ IN MX 10 x0\n" + "".join(f"x{i} IN CNAME x{i + 1}\n" for i in range(18))
    got = said(lint(body + "x18 IN A 192.0.2.2\n"), "cname-target")
    assert got[0][3].endswith(
        "over 16 CNAMEs: point the MX at the host name with A/AAAA records at its end"
    )


def test_missing_address_name_server_with_two_cnames_names_the_first() -> None:
    got = lint("@ IN NS ns2\nns2 IN CNAME a.example.net.\nns2 IN CNAME b.example.net.\n")
    message = (
        'name server "ns2.example.com." of zone example.com. is an alias (CNAME to '
        f'"a.example.net." at example.com.zone:6; {NOTE}), which an NS record must not name '
        "(RFC 2181 10.3): named refuses to load the zone (\"NS 'ns2.example.com' is a CNAME "
        '(illegal)"), so none of its records is served; point the NS record '
        'at "a.example.net." instead'
    )
    assert said(got, "missing-address") == [(5, 1, "error", message)]


def test_zone_identity_unread_include_of_a_zone_whose_origin_is_a_guess() -> None:
    body = "$INCLUDE gone.inc\n@ IN MX 10 mail.example.net.\n"
    got = lint(body, header="$TTL 3600\n@ IN NS ns1.example.net.\n", name="corp.internal.zone")
    found = [x for x in got if x.rule == "zone-identity"]
    assert [(x.line, x.column, x.severity) for x in found] == [(3, 10, "warning")]
    assert "; so this zone is incomplete here and the checks" in found[0].message


# ---------------------------------------------------------------- one-label origins, loaders


def _one_label(body: str) -> list[tuple[int, int, str, str]]:
    header = "$ORIGIN internal.\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n"
    header += "@ IN NS ns1\nns1 IN A 10.0.1.1\n"
    found = lint(body, header=header, name="internal.zone")
    return said(found, "missing-trailing-dot")


def test_missing_trailing_dot_under_a_one_label_origin() -> None:
    # meant under app.internal. (which has records), made under app.internal.internal.: a lost dot
    assert _one_label("app IN A 10.0.2.1\nglobal.app.internal IN A 10.0.2.2\n") == [
        (
            7,
            1,
            "error",
            'owner "global.app.internal" has no trailing dot, so it means '
            '"global.app.internal.internal." (origin internal. from the SOA record at line 3); '
            'write "global.app.internal." or the relative "global.app"',
        )
    ]
    # two labels (www.internal): meant just below the apex, as likely the name it makes
    assert _one_label("www.internal IN A 10.0.2.3\n") == []
    # the name it was meant under has no records: nothing says it lost a dot
    assert _one_label("global.app.internal IN A 10.0.2.2\n") == []
    # the name it makes is under a name with records: written so on purpose
    body = "app IN A 10.0.2.1\napp.internal IN A 10.0.2.9\nglobal.app.internal IN A 10.0.2.2\n"
    assert _one_label(body) == []


def test_a_dialect_line_is_judged_by_the_servers_whose_configuration_loads_the_zone() -> None:
    from mxlint.rules.syntax_error import _dialect

    long_txt = "TXT-LONG"
    assert _dialect(long_txt, None, "m", frozenset({"knot"})) is None
    for loaders, named in (
        (frozenset({"nsd"}), "NSD"),
        (frozenset({"bind", "knot"}), "BIND"),
        (frozenset({"nsd", "bind"}), "BIND and NSD"),
    ):
        message = _dialect(long_txt, None, "m", loaders)
        assert message is not None
        assert message.startswith(
            f"m: the server that loads this zone ({named}, whose configuration in the "
            "repository loads it) refuses it"
        )
    assert "(BIND, assumed: nothing in the repository" in (_dialect(long_txt, None, "m") or "")
    assert _dialect(long_txt, "PowerDNS", "m", frozenset({"nsd"})) is None


# ---------------------------------------------------------------- syntax-error: IN as owner

_SOA = "$TTL 3600\n@ IN SOA ns1.example.net. h.example.net. 1 3600 600 86400 300\n"


def _class_owner(body: str, header: str = _SOA) -> list[tuple[int, int, str, str]]:
    return [s for s in said(lint(body, header=header), "syntax-error") if "column 1" in s[3]]


def test_an_ns_record_whose_class_word_is_read_as_its_owner() -> None:
    got = _class_owner("IN NS ns1.example.net.\nch NS ns2.example.net.\nwww IN A 192.0.2.1\n")
    assert got == [
        (
            3,
            1,
            "error",
            '"IN" in column 1 is read as the owner, so this NS record is at IN.example.com. and '
            "the zone apex example.com. has no NS record (origin example.com. from the file "
            'name): BIND and Knot refuse to load the zone ("has no NS records"); '
            "start the line with a blank, so that it keeps the owner of the line before, or "
            'write the owner first ("@ IN NS ...")',
        ),
        (4, 1, "error", got[1][3]),
    ]
    assert got[1][3].startswith(
        '"ch" in column 1 is read as the owner, so this NS record is at ch.'
    )


def test_nothing_is_said_of_an_owner_named_in_where_the_apex_has_its_ns() -> None:
    assert _class_owner("@ IN NS ns1.example.net.\nin IN NS ns1.example.net.\n") == []
    assert _class_owner("  IN NS ns1.example.net.\n") == []  # indented: the apex's own NS
    assert _class_owner("IN MX 10 mail.example.net.\n@ NS ns1.example.net.\n") == []


def test_nothing_is_said_without_the_zones_soa_or_where_nsd_or_another_server_loads_it() -> None:
    assert (
        _class_owner("IN NS ns1.example.net.\n", header="$TTL 3600\n$ORIGIN example.com.\n") == []
    )
    assert _class_owner("IN NS ns1.example.net.\n$INCLUDE /nonexistent/ns.inc\n") == []


# ---------------------------------------------------------------- spf-split


def test_spf_split_word_for_word() -> None:
    body = (
        "@ IN TXT v=spf1 mx ~all\n"  # 5: unquoted, three strings as BIND reads it
        'a IN TXT "v=spf1 include:a.example" "include:b.example -all"\n'  # 6
        'b IN TXT ( "v=spf1 a"\n  "mx -all" )\n'  # 7: over two lines (not the fast path)
    )
    assert said(lint(body), "spf-split") == [
        (
            5,
            1,
            "error",
            'SPF record written as 3 strings ("v=spf1" "mx" "~all"; a word written without '
            "quotes is a string of its own), which receivers join with nothing between them "
            '(RFC 7208 3.3): they read "v=spf1mx~all", which does not start with "v=spf1 " and '
            "so is no SPF record: receivers find no SPF policy for example.com.; write it as one "
            'quoted string: "v=spf1 mx ~all"',
        ),
        (
            6,
            1,
            "error",
            'SPF record written as 2 strings ("v=spf1 include:a.example" "include:b.example '
            '-all"), which receivers join with nothing between them (RFC 7208 3.3): they read '
            '"v=spf1 include:a.exampleinclude:b.example -all", whose term '
            '"include:a.exampleinclude:b.example" is not SPF: receivers\' SPF checks of '
            "a.example.com. end in a permanent error (permerror); write it as one quoted "
            'string: "v=spf1 include:a.example include:b.example -all"',
        ),
        (
            7,
            1,
            "error",
            'SPF record written as 2 strings ("v=spf1 a" "mx -all"), which receivers join with '
            'nothing between them (RFC 7208 3.3): they read "v=spf1 amx -all", whose term "amx" '
            "is not SPF: receivers' SPF checks of b.example.com. end in a permanent error "
            '(permerror); write it as one quoted string: "v=spf1 a mx -all"',
        ),
    ]


def test_spf_split_is_silent_where_the_strings_join_into_spf_or_were_no_spf_apart() -> None:
    body = "".join(
        f"n{i} IN TXT {strings}\n"
        for i, strings in enumerate(
            (
                '"v=spf1 ip6:2001:db8:" "1::/64 -all"',  # a value split: joined valid
                '"v=spf1 include:_spf.goo" "gle.com ~all"',
                '"v=spf1 ip4:192.0.2.1" "0 -all"',
                '"v=spf1 a:mail.example" ".com -all"',
                '"v=spf1 mx " "-all"',  # a space ends the first string
                '"v=spf1 mx" " -all"',  # ... or starts the next
                '"v=spf1" " -all"',
                '"v=spf1 mx -all"',  # one string
                "v=spf1",  # one string (unquoted)
                '"v=spf1 include:a.example" "-all"',  # glued, but a valid name: a miss
                '"v=spf1 mx" "foo=bar"',  # glued into an unknown modifier: valid
                '"v=spf1 bogus" "mx -all"',  # not SPF with a space either: not this rule's
                '"v=spf1 ip4:192.0.2.300" "mx"',
                '"v=spf1 ip6:2001:db8::1" "mx"',  # ip6:2001:db8::1mx: a name, not SPF ...
                '"v=DKIM1; k=rsa; " "p=MIGf"',  # not SPF
                '"hello" "v=spf1 mx"',
                '"v=spf10" "mx"',
                '"v=STSv1;" "id=1"',  # another policy
            )
        )
    )
    got = said(lint(body), "spf-split")
    assert [g[0] for g in got] == [5 + 13]  # ... and "mx" is a term: reported


def test_spf_split_terms_as_rfc_7208_writes_them() -> None:
    # each term valid on its own and glued to "~all": the glue is no term, so each is reported
    terms = [
        "all", "-all", "+include:a.example", "exists:%{i}._spf.%{d}", "ptr", "?ptr:a.example",
        "a", "a/24", "a:a.example/24//64", "mx//64", "~mx:a.example.",
        "ip4:192.0.2.0/24", "ip6:2001:db8::/32", "redirect=a.example", "exp=%{d2}.example",
        "x-foo.1=%{l}@x", "include:%{ir}.%{v}.%-%%%_.example",
    ]  # fmt: skip
    body = "".join(f'n{i} IN TXT "v=spf1 {t}" "~all"\n' for i, t in enumerate(terms))
    got = said(lint(body), "spf-split")
    reported = [g[0] - 5 for g in got]
    # "x-foo.1=%{l}@x~all" is an unknown modifier still (any character may follow "=")
    assert [terms[i] for i in reported] == [t for t in terms if t != "x-foo.1=%{l}@x"]
    # and terms that are not SPF (a bad prefix, a macro letter, a number past 255) are silent
    bad = ["ip4:192.0.2.0/33", "ip6:2001:db8::/129", "a/33", "mx//129", "exists:%{x}",
           "include:a.exam_ple", "include:", "ip4:1.2.3", "+exp=a.example", "redirect=",
           "9x=1", "include:a.-"]  # fmt: skip
    body = "".join(f'n{i} IN TXT "v=spf1 {t}" "~all"\n' for i, t in enumerate(bad))
    assert said(lint(body), "spf-split") == []


def test_spf_split_advice_for_strings_too_long_for_one() -> None:
    long = "v=spf1 " + " ".join(f"ip4:192.0.2.{i}" for i in range(17))  # 236 octets
    body = f'@ IN TXT "{long}" "include:b.example" "-all"\n@ IN TXT "{long}" "mx -all"\n'
    got = said(lint(body), "spf-split")
    assert [g[3].split("; ")[-1] for g in got] == [
        "too long for one string (255 octets): end each string that a term ends with a space "
        '(after "ip4:192.0.2.16" and "include:b.example")',
        "too long for one string (255 octets): end each string that a term ends with a space "
        '(after "ip4:192.0.2.16")',
    ]


def test_a_policy_written_as_several_strings_is_still_read_whole() -> None:
    # kept apart for spf-split, the strings are joined for the other rules as receivers join them
    body = '@ IN MX 0 .\n@ IN TXT "v=spf1 " "include:_spf.mailer.example -all"\n'
    got = said(lint(body), "spf-mx")
    assert len(got) == 1 and "_spf.mailer.example" in got[0][3]
