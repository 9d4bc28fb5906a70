"""Edge cases of each rule: case, relative/absolute spellings, wildcards, delegations, ENTs."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from mxlint.check import engine
from mxlint.check.providers import load_catalogue
from mxlint.check.registry import Registry
from mxlint.identity.zones import load_zone
from mxlint.model import Diagnostic, ZoneSet

from .conftest import ZONE_HEADER

REGISTRY = Registry.load(plugins=False)
Write = Callable[..., str]


@dataclass(frozen=True)
class D:
    """An expected diagnostic: line, column, severity, rule, and pieces of its message.

    Compares equal to a :class:`Diagnostic` with the same place, severity and rule whose
    message contains every fragment: the stable key part (the suggested fix, the type named,
    the wording that tells cases apart), not whole sentences that other work may reword.
    """

    line: int
    column: int
    severity: str
    rule: str
    fragments: tuple[str, ...] = ()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, D):
            return (self.line, self.column, self.severity, self.rule, self.fragments) == (
                other.line,
                other.column,
                other.severity,
                other.rule,
                other.fragments,
            )
        if not isinstance(other, Diagnostic):
            return NotImplemented
        return (
            (self.line, self.column, self.severity, self.rule)
            == (other.line, other.column, other.severity, other.rule)
        ) and all(f in other.message for f in self.fragments)

    def __hash__(self) -> int:
        return hash((self.line, self.column, self.rule))


def d(line: int, column: int, severity: str, rule: str, *fragments: str) -> D:
    return D(line, column, severity, rule, fragments)


def lint(
    body: str,
    *enable: str,
    header: str = ZONE_HEADER,
    options: dict[str, object] | None = None,
    name: str = "example.com.zone",
) -> list[Diagnostic]:
    """Every diagnostic for a zone made of the header plus ``body`` (file ``name``)."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(header + body)
        zone = load_zone(path)
        settings = {}
        for key in enable:
            r = REGISTRY.resolve(key)
            settings[r.code] = engine.RuleSetting(level=r.severity, options=options or {})
        return engine.run(REGISTRY, ZoneSet([zone]), settings)


def places(diags: list[Diagnostic]) -> list[tuple[int, str]]:
    return [(x.line, x.rule) for x in diags]


def test_the_matcher_notices_each_detail() -> None:
    real = Diagnostic("z", 5, 12, "error", "MX002", "ip-target", 'add "mail IN AAAA 2001:db8::1"')
    assert d(5, 12, "error", "ip-target", "IN AAAA") == real
    for wrong in (
        d(6, 12, "error", "ip-target"),
        d(5, 13, "error", "ip-target"),
        d(5, 12, "warning", "ip-target"),
        d(5, 12, "error", "cname-target"),
        d(5, 12, "error", "ip-target", "IN A 2001"),
    ):
        assert wrong != real


# ---------------------------------------------------------------- missing-trailing-dot


@pytest.mark.parametrize(
    ("target", "meant"),
    [
        ("mail.example.com", "mail.example.com."),  # repeats the origin
        ("MAIL.EXAMPLE.COM", "MAIL.EXAMPLE.COM."),  # case-insensitive
        ("mx.provider.net", "mx.provider.net."),  # public TLD, expansion does not exist
        ("mx.provider.net.", None),
        ("mail", None),  # single label: meant relative
        ("mail.eu", None),  # exists in the zone (below)
        ("mail.internal", None),  # not a public TLD
        ("@", None),
        ("mail\\.example.com", "mail\\.example.com."),  # labels "mail.example", "com"
    ],
)
def test_missing_trailing_dot_cases(target: str, meant: str | None) -> None:
    got = lint(f"@ IN MX 10 {target}\nmail.eu IN A 192.0.2.1\nmail IN A 192.0.2.2\n")
    got = [x for x in got if x.rule == "missing-trailing-dot"]
    if meant is None:
        assert got == []
    else:
        assert got == [
            d(
                5,
                12,
                "error",
                "missing-trailing-dot",
                f'"{target}" has no trailing dot',
                f'write "{meant}"',
            )
        ]


def test_missing_trailing_dot_respects_current_origin() -> None:
    body = "$ORIGIN sub.example.com.\n@ IN MX 10 mail.sub.example.com\n@ IN MX 20 mail.com\n"
    assert lint(body) == [
        d(6, 12, "error", "missing-trailing-dot", 'write "mail.sub.example.com."'),
        d(7, 12, "error", "missing-trailing-dot", 'write "mail.com."'),
    ]


PRIVATE_HEADER = ZONE_HEADER.replace("example.com.", "corp.internal.")


@pytest.mark.parametrize(
    ("target", "meant"),
    [
        ("mx.corp.internal", "mx.corp.internal."),  # repeats the origin, no public TLD
        ("mx.a.corp.internal", "mx.a.corp.internal."),
        ("mx.provider.net", "mx.provider.net."),  # ends in a public TLD
        ("mx.internal", None),  # one label of the origin only: a name in the zone
        ("corp.internal", "corp.internal."),  # the origin's labels alone: the apex meant
        ("mx.sub", None),  # neither
    ],
)
def test_missing_trailing_dot_under_an_origin_that_is_no_public_suffix(
    target: str, meant: str | None
) -> None:
    body = f"@ IN MX 10 {target}\nmx.sub IN A 192.0.2.1\n"
    body += "mx.internal IN A 192.0.2.2\n"
    got = [x for x in lint(body, header=PRIVATE_HEADER) if x.rule == "missing-trailing-dot"]
    want = [] if meant is None else [d(5, 12, "error", "missing-trailing-dot", f'write "{meant}"')]
    assert got == want


def test_owner_without_dot_names_both_spellings() -> None:
    got = lint("www.example.com IN A 192.0.2.1\nwww IN A 192.0.2.2\n")
    assert got == [
        d(
            5,
            1,
            "error",
            "missing-trailing-dot",
            'owner "www.example.com" has no trailing dot',
            'write "www.example.com." or the relative "www"',
        ),
    ]


def test_owner_written_as_the_origin_without_dot() -> None:
    # "example.com" in zone example.com. means example.com.example.com.
    assert lint("example.com IN A 192.0.2.1\n") == [
        d(
            5,
            1,
            "error",
            "missing-trailing-dot",
            'owner "example.com" has no trailing dot',
            'write "example.com." or the relative "@"',
        ),
    ]


def test_a_blank_owner_line_inherits_the_owner_but_is_not_reported_again() -> None:
    got = lint("shop.example.com IN A 192.0.2.1\n    IN AAAA 2001:db8::1\n")
    assert places(got) == [(5, "missing-trailing-dot")]


def test_an_owner_written_absolute_is_not_missing_its_dot() -> None:
    # the same name, with its dot (meant as written) and, on the next lines, without it, read
    # by the fast path and by dnspython's (the TXT in parentheses)
    got = lint(
        "www.example.com.example.com. IN A 192.0.2.2\n"
        'www.example.com.example.com. IN TXT ( "x" )\n'
        "www.example.com IN A 192.0.2.3\n"
        'www.example.com IN TXT ( "y" )\n'
    )
    assert places(got) == [(7, "missing-trailing-dot"), (8, "missing-trailing-dot")]


def test_missing_dot_is_reported_once_not_also_as_missing_address() -> None:
    assert places(lint("@ IN MX 10 mail.example.com\n")) == [(5, "missing-trailing-dot")]


# ---------------------------------------------------------------- ip-target


@pytest.mark.parametrize(
    ("target", "rr"),
    [("192.0.2.1", "A"), ("192.0.2.1.", "A"), ("2001:db8::1", "AAAA"), ("2001:db8::1.", "AAAA")],
)
def test_ip_target_with_or_without_dot(target: str, rr: str) -> None:
    address = target.rstrip(".")
    assert lint(f"@ IN MX 10 {target}\n") == [
        d(
            5,
            12,
            "error",
            "ip-target",
            f'MX target "{target}" is an IP address',
            f'add "mail IN {rr} {address}"',
        ),
    ]


def test_name_that_merely_starts_with_digits_is_not_an_ip() -> None:
    assert lint("@ IN MX 10 192-0-2-1\n192-0-2-1 IN A 192.0.2.1\n") == []


# ---------------------------------------------------------------- cname-target


def test_cname_target_case_insensitive_and_absolute() -> None:
    body = "@ IN MX 10 Mail.Example.Com.\nMAIL IN CNAME host\nhost IN A 192.0.2.1\n"
    assert lint(body) == [
        d(
            5,
            12,
            "error",
            "cname-target",
            'MX target "Mail.Example.Com." is an alias',
            'point the MX at "host.example.com."',
            "example.com.zone:6)",
        ),
    ]


def test_cname_target_through_wildcard_cname() -> None:
    body = "@ IN MX 10 x.w\n*.w IN CNAME host\nhost IN A 192.0.2.1\n"
    assert lint(body) == [
        d(5, 12, "error", "cname-target", 'point the MX at "host.example.com."'),
    ]


def test_cname_target_advice_only_where_the_alias_target_can_take_mail() -> None:
    # the CNAME points at the apex, which has no address: advising it would trade this
    # error for missing-address
    body = "shop IN MX 10 www\nwww IN CNAME @\n"
    found = lint(body)
    assert found == [
        d(
            5,
            15,
            "error",
            "cname-target",
            'CNAME to "example.com."',
            '"example.com." has no A/AAAA record either: point the MX at a host name that has',
        ),
    ]
    assert "instead" not in found[0].message


# ---------------------------------------------------------------- missing-address


@pytest.mark.parametrize(
    ("body", "why"),
    [
        ("@ IN MX 10 host.w\n*.w IN A 192.0.2.1\n", None),  # covered by wildcard
        ("@ IN MX 10 a.b.w\n*.w IN A 192.0.2.1\nb.w IN TXT x\n", "(the name does not exist"),
        ("@ IN MX 10 mx.sub\nsub IN NS ns.sub\nns.sub IN A 192.0.2.1\n", None),  # no glue: child
        ("@ IN MX 10 ns.sub\nsub IN NS ns.sub\nns.sub IN A 192.0.2.1\n", None),  # glue
        ("@ IN MX 10 ent\nx.ent IN A 192.0.2.1\n", "(the name does not exist"),  # empty non-term.
        ("@ IN MX 10 mail\nmail IN AAAA 2001:db8::1\n", None),
        ("@ IN MX 10 mail\nmail IN TXT x\nmail IN HINFO a b\n", "(it has only HINFO, TXT"),
    ],
)
def test_missing_address_cases(body: str, why: str | None) -> None:
    got = [x for x in lint(body) if x.rule == "missing-address"]
    want = (
        [] if why is None else [d(5, 12, "error", "missing-address", why, "in zone example.com.")]
    )
    assert got == want


def test_missing_address_of_an_mx_at_the_apex_of_a_one_label_zone() -> None:
    header = ZONE_HEADER.replace("example.com.", "test.")
    assert lint("@ IN MX 10 @\n", header=header, name="test.zone") == [
        d(
            5,
            12,
            "error",
            "missing-address",
            'MX target "test." has no A or AAAA record',
            "(it has only MX, NS, SOA",
        ),
    ]
    assert lint("@ IN MX 0 .\n", header=header, name="test.zone") == []


def test_wildcard_does_not_apply_below_an_existing_name() -> None:
    # a.b.w: closest encloser is b.w (an empty non-terminal above c.b.w), so *.b.w would be
    # the source, not *.w
    got = lint("@ IN MX 10 a.b.w\n*.w IN A 192.0.2.1\nc.b.w IN TXT x\n")
    assert got == [
        d(5, 12, "error", "missing-address", 'add an A/AAAA record for "a.b.w.example.com."')
    ]


# ---------------------------------------------------------------- duplicates


def test_duplicate_record_and_target() -> None:
    body = (
        "@ IN MX 10 mail\n@ IN MX 10 MAIL.example.com.\n@ IN MX 20 mail\n"
        "mail IN A 192.0.2.1\nwww IN MX 10 mail\n"
    )
    assert lint(body) == [
        d(5, 12, "warning", "duplicate-record", "is written again at", "example.com.zone:6;"),
        d(6, 12, "warning", "duplicate-record", "repeats", "example.com.zone:5;"),
        d(
            7,
            9,
            "warning",
            "duplicate-target",
            "has preference 20 here and 10 at",
            "example.com.zone:5;",
        ),
    ]


def test_a_pair_of_repeats_alone_at_a_name() -> None:
    body = "www IN MX 10 mail\nwww IN MX 10 mail.example.com.\nmail IN A 192.0.2.1\n"
    assert places(lint(body)) == [(5, "duplicate-record"), (6, "duplicate-record")]
    body = "www IN MX 10 mail\nwww IN MX 20 mail.example.com.\nmail IN A 192.0.2.1\n"
    assert lint(body) == [d(6, 11, "warning", "duplicate-target", "preference 20 here and 10")]


def test_three_repeats_name_every_later_line() -> None:
    body = "@ IN MX 10 mail\n@ IN MX 10 mail\n@ IN MX 10 mail\n@ IN MX 30 mail\n"
    body += "mail IN A 192.0.2.1\n"
    assert lint(body) == [
        d(5, 12, "warning", "duplicate-record", "example.com.zone:6, ", "example.com.zone:7;"),
        d(6, 12, "warning", "duplicate-record", "repeats", "zone:5;"),
        d(7, 12, "warning", "duplicate-record", "repeats", "zone:5;"),
        d(8, 9, "warning", "duplicate-target", "preference 30 here and 10 at"),
    ]


# ---------------------------------------------------------------- null-mx


def test_null_mx_severity_levels() -> None:
    body = "@ IN MX 0 .\n@ IN MX 10 mail\nmail IN A 192.0.2.1\nwww IN MX 5 .\n"
    assert lint(body) == [
        d(
            5,
            11,
            "error",
            "null-mx",
            "null MX says example.com. accepts no mail",
            'also has MX 10 "mail.example.com."',
        ),
        d(8, 11, "warning", "null-mx", "has preference 5", 'write "MX 0 ."'),
    ]


def test_null_mx_with_a_preference_beside_another_mx_is_both() -> None:
    body = "@ IN MX 10 mail\n@ IN MX 5 .\nmail IN A 192.0.2.1\n"
    assert lint(body) == [
        d(6, 9, "warning", "null-mx", "has preference 5"),
        d(6, 11, "error", "null-mx", "accepts no mail", 'MX 10 "mail.example.com."'),
    ]


def test_unverifiable_target_skips_the_null_mx_beside_it() -> None:
    body = "@ IN MX 0 .\n@ IN MX 10 mx.elsewhere.example.\n"
    assert lint(body, "unverifiable-target") == [
        d(5, 11, "error", "null-mx", 'also has MX 10 "mx.elsewhere.example."'),
        d(6, 12, "info", "unverifiable-target", '"mx.elsewhere.example." is outside'),
    ]


# ---------------------------------------------------------------- invalid-hostname


@pytest.mark.parametrize(
    ("target", "why"),
    [
        ("mail_1", 'label "mail_1" has "_"'),
        ("-mx", 'label "-mx" starts or ends with "-"'),
        ("mx-", 'label "mx-" starts or ends with "-"'),
        ("*.w", 'label "*" has characters other than letters, digits and hyphens'),
        ("m!x", 'label "m!x" has characters other than'),
        ("ok.mail_2", 'label "mail_2" has "_"'),  # the first bad label, not the first label
        ("mx-1", None),
        ("1mx", None),
        ("xn--bcher-kva", None),
        ("a", None),
    ],
)
def test_invalid_hostname(target: str, why: str | None) -> None:
    got = lint(f"@ IN MX 10 {target}.example.net.\n")
    want = [] if why is None else [d(5, 12, "warning", "invalid-hostname", why)]
    assert got == want


def test_an_ip_target_is_not_also_an_invalid_hostname() -> None:
    assert places(lint("@ IN MX 10 2001:db8::1\n")) == [(5, "ip-target")]


# ---------------------------------------------------------------- ttl-mismatch


def test_ttl_mismatch_reports_the_higher_ttls() -> None:
    body = "@ 60 IN MX 10 m1\n@ 120 IN MX 20 m2\n@ 60 IN MX 30 m3\n"
    body += "m1 IN A 192.0.2.1\nm2 IN A 192.0.2.2\nm3 IN A 192.0.2.3\n"
    assert lint(body) == [
        d(6, 1, "warning", "ttl-mismatch", "TTL 120 here but 60 at", "the lowest (60,"),
    ]


# ---------------------------------------------------------------- unroutable-address


def test_unroutable_only_when_every_address_is() -> None:
    base = "@ IN MX 10 mail\nmail IN A 127.0.0.1\n"
    assert lint(base) == [
        d(5, 12, "warning", "unroutable-address", "resolves only to 127.0.0.1 (loopback)")
    ]
    assert lint(base + "mail IN A 203.0.113.1\n") == []
    both = base + "mail IN AAAA ::1\n"
    assert lint(both) == [
        d(5, 12, "warning", "unroutable-address", "127.0.0.1 (loopback), ::1 (loopback)")
    ]


@pytest.mark.parametrize(
    ("address", "why"),
    [
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("169.254.1.1", "link-local"),
        ("224.0.0.1", "multicast"),
        ("255.255.255.255", "broadcast"),
        ("203.0.113.1", None),
        ("10.1.2.3", None),  # private: only with the option
    ],
)
def test_unroutable_address_kinds(address: str, why: str | None) -> None:
    rr = "AAAA" if ":" in address else "A"
    got = lint(f"@ IN MX 10 mail\nmail IN {rr} {address}\n")
    want = [] if why is None else [d(5, 12, "warning", "unroutable-address", f"({why})")]
    assert got == want


@pytest.mark.parametrize("target", ["localhost.", "mx.invalid.", "a.b.invalid.outlook.com."])
def test_unroutable_special_names(target: str) -> None:
    special = target if target == "localhost." else target[target.index("invalid") :]
    assert lint(f"@ IN MX 10 {target}\n") == [
        d(5, 12, "warning", "unroutable-address", f'is under "{special}"')
    ]


def test_a_name_merely_ending_like_a_special_one_is_not() -> None:
    assert lint("@ IN MX 10 mylocalhost.example.net.\n") == []


def test_unroutable_private_only_with_option() -> None:
    body = "@ IN MX 10 mail\nmail IN A 10.1.2.3\n"
    assert lint(body) == []
    got = lint(body, "unroutable-address", options={"private": True})
    assert got == [d(5, 12, "warning", "unroutable-address", "10.1.2.3 (private or documentation)")]
    got = lint(
        body.replace("10.1.2.3", "100.64.0.1"), "unroutable-address", options={"private": True}
    )
    assert got == [d(5, 12, "warning", "unroutable-address", "100.64.0.1 (private")]


# ---------------------------------------------------------------- dname-target


def test_dname_target_below_and_at() -> None:
    body = "@ IN MX 10 a.old\n@ IN MX 20 old\nold IN DNAME new.example.net.\n"
    assert lint(body) == [
        d(
            5,
            12,
            "error",
            "dname-target",
            'is below the DNAME "old.example.com."',
            'point the MX at "a.new.example.net."',
        ),
        d(
            6,
            12,
            "error",
            "dname-target",
            'is at the DNAME "old.example.com."',
            "give it an A/AAAA record",
        ),
    ]


def test_dname_owner_with_an_address_is_no_alias() -> None:
    body = "@ IN MX 10 old\n@ IN MX 20 x.old\nold IN DNAME new.example.net.\nold IN A 192.0.2.1\n"
    assert lint(body) == [d(6, 12, "error", "dname-target", "is below the DNAME")]


# ---------------------------------------------------------------- off-by-default rules


def test_off_by_default_rules_need_enable() -> None:
    body = "@ IN MX 10 mail\nmail IN A 192.0.2.1\nwww IN A 192.0.2.2\n@ IN MX 20 x.other.\n"
    assert lint(body) == []
    assert lint(body, "single-mx", "implicit-mx", "unverifiable-target") == [
        d(7, 1, "info", "implicit-mx", 'add "www.example.com. IN MX 0 ."'),
        d(8, 12, "info", "unverifiable-target", 'MX target "x.other." is outside every loaded'),
    ]
    assert lint("@ IN MX 10 mail\nmail IN A 192.0.2.1\n", "MX014") == [
        d(5, 12, "info", "single-mx", 'a single MX host "mail.example.com."')
    ]


def test_single_mx_same_addresses() -> None:
    body = "@ IN MX 10 a\n@ IN MX 20 b\na IN A 192.0.2.1\nb IN A 192.0.2.1\n"
    assert lint(body, "single-mx") == [
        d(5, 12, "info", "single-mx", "all 2 MX hosts of example.com.", "(192.0.2.1)")
    ]
    differ = "@ IN MX 10 a\n@ IN MX 20 b\na IN A 192.0.2.1\nb IN A 192.0.2.2\n"
    assert lint(differ, "single-mx") == []
    unknown = "@ IN MX 10 a\n@ IN MX 20 b.example.net.\na IN A 192.0.2.1\n"
    assert lint(unknown, "single-mx") == []


def test_single_mx_says_nothing_about_a_null_mx() -> None:
    assert places(lint("@ IN MX 0 .\n", "single-mx")) == []


def test_implicit_mx_skips_glue_wildcards_and_null_mx() -> None:
    body = (
        "sub IN NS ns.sub\nns.sub IN A 192.0.2.1\n*.w IN A 192.0.2.2\n"
        "www IN A 192.0.2.3\nwww IN MX 0 .\n"
    )
    assert lint(body, "implicit-mx") == []


def test_implicit_mx_once_per_name_and_not_for_mx_targets_or_aliases() -> None:
    body = (
        "@ IN MX 10 mail\nmail IN A 192.0.2.1\nhost IN A 192.0.2.2\nhost IN AAAA 2001:db8::2\n"
        "alias IN CNAME host\nalias IN A 192.0.2.3\n"
    )
    got = [x for x in lint(body, "implicit-mx") if x.rule == "implicit-mx"]
    assert got == [d(7, 1, "info", "implicit-mx", "host.example.com. has an address but no MX")]


# ---------------------------------------------------------------- providers


def test_stale_provider_minority_side_named() -> None:
    body = (
        "@ IN MX 1 aspmx.l.google.com.\n@ IN MX 5 alt1.aspmx.l.google.com.\n"
        "@ IN MX 10 mx.zoho.com.\n"
    )
    assert lint(body) == [
        d(
            7,
            12,
            "warning",
            "stale-provider",
            "belongs to Zoho Mail",
            "belong to Google Workspace",
            "remove the Zoho Mail records",
        ),
    ]


def test_stale_provider_tie_goes_to_the_lower_preference() -> None:
    body = "@ IN MX 20 aspmx.l.google.com.\n@ IN MX 10 mx.zoho.com.\n"
    assert lint(body) == [
        d(5, 12, "warning", "stale-provider", "belongs to Google Workspace", "belong to Zoho Mail"),
    ]


def test_stale_provider_two_gateways_and_a_direct_host() -> None:
    body = (
        "@ IN MX 10 eu-smtp-inbound-1.mimecast.com.\n@ IN MX 20 eu-smtp-inbound-2.mimecast.com.\n"
        "@ IN MX 30 mx1-us1.ppe-hosted.com.\n@ IN MX 40 smtp.google.com.\n"
    )
    assert lint(body) == [
        d(7, 12, "warning", "stale-provider", "belongs to Proofpoint", "belong to Mimecast"),
        d(
            8,
            12,
            "warning",
            "stale-provider",
            "beside the filtering gateway Mimecast and Proofpoint",
            "let Mimecast and Proofpoint forward",
        ),
    ]


def test_unknown_provider_host_counts_edits_and_names_the_domain() -> None:
    body = (
        "@ IN MX 1 aspmx.l.google.com.\n@ IN MX 5 atl1.aspmx.l.google.com.\n"
        "@ IN MX 6 xalt1.aspmxx.l.google.com.\n@ IN MX 7 zzz.aspmx.l.google.com.\n"
    )
    assert lint(body) == [
        d(
            6,
            11,
            "warning",
            "unknown-provider-host",
            'is 1 edit away from "alt1.aspmx.l.google.com.":',
            'write "alt1.aspmx',
        ),
        d(7, 11, "warning", "unknown-provider-host", "is 2 edits away from", 'write "alt1.aspmx'),
        d(
            8,
            11,
            "warning",
            "unknown-provider-host",
            "inside Google Workspace's MX domain but is none of the hosts it publishes",
        ),
    ]


def test_stale_provider_retired_option() -> None:
    body = "@ IN MX 10 mx.old-host.example.\n@ IN MX 20 mx2.old-host.example.\n"
    got = lint(body, "stale-provider", options={"retired": ["mx.old-host.example"]})
    assert got == [
        d(
            5,
            12,
            "warning",
            "stale-provider",
            'matches the retired host pattern "mx.old-host.example."',
        ),
    ]


def test_unknown_provider_host_catches_typos_of_every_published_host() -> None:
    catalogue = load_catalogue()
    hosts = sorted(catalogue.published_hosts)
    assert hosts
    # every published host: no false alarm
    body = "".join(f"h{i} IN MX 10 {h}\n" for i, h in enumerate(hosts))
    assert [r for r in places(lint(body)) if r[1] == "unknown-provider-host"] == []
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
    got = [line for line, rule in places(lint(body)) if rule == "unknown-provider-host"]
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
    assert [r for r in places(lint(body)) if r[1] in rules] == []
    # and the check can fail: a typo of the first host beside the set is reported
    typo = hosts[0][:2] + hosts[0][3] + hosts[0][2] + hosts[0][4:]
    if hosts[0][2] != hosts[0][3] and not load_catalogue().is_published(typo):
        got = [r for r in places(lint(body + f"@ IN MX 99 {typo}\n")) if r[1] in rules]
        assert got == [(5 + 2 * len(hosts), "unknown-provider-host")]


def test_second_cname_reported_only_when_it_differs() -> None:
    same = "www IN CNAME a\nwww IN CNAME a.example.com.\na IN A 192.0.2.1\n"
    assert lint(same) == []
    other = "www IN CNAME a\nwww IN CNAME b\na IN A 192.0.2.1\nb IN A 192.0.2.2\n"
    assert lint(other) == [
        d(
            6,
            1,
            "error",
            "cname-and-other-data",
            'has a second CNAME (to "b.example.com.", first at',
        ),
    ]


def test_three_cnames_at_one_name() -> None:
    three = "www IN CNAME a\nwww IN CNAME a\nwww IN CNAME a.example.com.\na IN A 192.0.2.1\n"
    assert lint(three) == []
    # a, b, a: only the one that differs from the first is reported
    mixed = "www IN CNAME a\nwww IN CNAME b\nwww IN CNAME a\na IN A 192.0.2.1\nb IN A 192.0.2.2\n"
    assert lint(mixed) == [
        d(6, 1, "error", "cname-and-other-data", 'second CNAME (to "b.example.com."'),
    ]


@pytest.mark.parametrize(("n", "more"), [(3, ":8)"), (4, ":8 and 1 more)")])
def test_cname_and_other_data_more_only_past_three(n: int, more: str) -> None:
    body = "www IN CNAME a\n" + "".join(f"www IN TXT t{i}\n" for i in range(n))
    got = lint(body + "a IN A 192.0.2.1\n")
    assert got == [d(5, 1, "error", "cname-and-other-data", more)]


def test_cname_and_other_data_lists_at_most_three() -> None:
    body = "www IN CNAME a\n" + "".join(f"www IN TXT t{i}\n" for i in range(5))
    body += "www IN RRSIG A 8 3 300 20300101000000 20200101000000 1 example.com. AAAA\n"
    body += "a IN A 192.0.2.1\n"
    assert lint(body) == [
        d(5, 1, "error", "cname-and-other-data", "(TXT at", "example.com.zone:8 and 2 more)"),
    ]


def test_an_extended_catalogue_is_built_once_per_option_value() -> None:
    from mxlint.rules.stale_provider import catalogue_for

    extra = [{"name": "X", "kind": "mailbox", "source": "https://x.example/", "hosts": ["mx.x."]}]
    first = catalogue_for({"providers": extra})
    assert catalogue_for({"providers": extra}) is first
    assert first.is_published("mx.x.") and not catalogue_for({}).is_published("mx.x.")


def test_an_unread_include_silences_every_verdict_of_absence() -> None:
    """A zone with an $INCLUDE that cannot be read here is incomplete: no rule says that a
    name lacks something the unread file may hold (an address, an MX, another address)."""
    body = (
        "@ IN MX 10 a\n@ IN MX 20 b\nsub IN MX 10 c\n"
        "a IN A 192.0.2.1\nb IN A 192.0.2.1\nwww IN A 192.0.2.80\n"
    )
    rules = ("single-mx", "implicit-mx", "missing-address")
    complete = lint(body, *rules)
    assert {x.rule for x in complete} == {"single-mx", "implicit-mx", "missing-address"}
    incomplete = lint(body + "$INCLUDE /srv/dns.example.com/var/hosts\n", *rules)
    assert [(x.rule, x.severity) for x in incomplete] == [("zone-identity", "warning")]
    assert "is incomplete here" in incomplete[0].message
