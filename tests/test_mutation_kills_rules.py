"""Rule behaviour that the mutation script (tests/mutation/mutate.py) found untested: each
test holds what a user sees (a diagnostic present or absent, its place, its message)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from mxlint.check import names
from mxlint.check.names import MxTargets, mx_targets, per_target
from mxlint.model import Zone, ZoneSet
from mxlint.rules import invalid_hostname, unknown_provider_host, unroutable_address
from mxlint.zonefile import loader

from .conftest import ZONE_HEADER, run_cli
from .test_mailpath import DIGEST, FORWARD, KEY, STS, big, run, zone
from .test_rules import d, lint

# ---------------------------------------------------------------- ip-target


def test_ip_target_names_what_senders_look_up_with_and_without_the_dot() -> None:
    got = lint("@ IN MX 10 192.0.2.25\n@ IN MX 20 192.0.2.26.\n")
    assert got == [
        d(5, 12, "error", "ip-target", 'look up "192.0.2.25.example.com." (origin example.com.'),
        d(6, 12, "error", "ip-target", 'look up "192.0.2.26." and find nothing'),
    ]
    assert "origin" not in got[1].message  # an absolute name does not depend on the origin


def test_ip_target_beside_a_host_name_target() -> None:
    got = lint("@ IN MX 10 192.0.2.25\n@ IN MX 20 mail\nmail IN A 192.0.2.1\n")
    assert got == [d(5, 12, "error", "ip-target", 'add "mail IN A 192.0.2.25"')]


# ---------------------------------------------------------------- invalid-hostname (per target)


def test_a_zone_whose_origin_is_a_guess_is_judged_per_absolute_target() -> None:
    # No SOA, and a file name under no public suffix: the origin is a guess, so only targets
    # written with their dot are judged (mail_y could be anything), each text once
    # (check.names.per_target without the zone's table).
    body = (
        "@ IN MX 10 mail_x.example.net.\n"
        "@ IN MX 20 good.example.net.\n"
        "@ IN MX 30 mail_x.example.net.\n"
        "@ IN MX 40 mail_y\n"
        "@ IN MX 50 bad_tld.\n"  # a name of two labels (the root's among them) is judged too
    )
    got = [
        x
        for x in lint(body, header="$TTL 3600\n", name="corp.internal.zone")
        if x.rule == "invalid-hostname"
    ]
    message = 'MX target "mail_x.example.net." is not a valid host name: label "mail_x" has "_"'
    assert got == [
        d(2, 12, "warning", "invalid-hostname", message),
        d(4, 12, "warning", "invalid-hostname", message),
        d(6, 12, "warning", "invalid-hostname", 'MX target "bad_tld." is not a valid host name'),
    ]


# ---------------------------------------------------------------- single-mx


def test_single_mx_host_is_one_finding_not_also_a_same_address_one() -> None:
    got = lint("@ IN MX 10 mail\nmail IN A 192.0.2.1\n", "single-mx")
    assert got == [d(5, 12, "info", "single-mx", 'a single MX host "mail.example.com."')]


# ---------------------------------------------------------------- syntax-error (dialects)


def test_a_record_only_other_servers_accept_is_an_error_when_bind_is_assumed() -> None:
    got = lint("@ IN ALIAS other.example.net.\n")
    assert got == [
        d(
            5,
            6,
            "error",
            "syntax-error",
            "unknown record type 'ALIAS'",
            "(BIND, assumed",
            "PowerDNS",
        )
    ]


# ---------------------------------------------------------------- unroutable-address


def test_unroutable_address_points_at_the_first_address_record() -> None:
    got = lint("@ IN MX 10 mail\nmail IN A 127.0.0.2\nmail IN A 127.0.0.1\n")
    assert got == [
        d(5, 12, "warning", "unroutable-address", "127.0.0.2 (loopback), 127.0.0.1 (loopback)")
    ]
    assert "example.com.zone:6)" in got[0].message


# ---------------------------------------------------------------- zone-identity


def test_unreadable_includes_of_one_file_are_one_warning_at_the_first() -> None:
    body = "$INCLUDE gone1.inc\n$INCLUDE gone2.inc\n@ IN MX 10 mail.example.net.\n"
    got = lint(body)
    assert got == [d(5, 10, "warning", "zone-identity", '$INCLUDE "gone1.inc" not found')]
    assert got[0].message.endswith("; 1 more $INCLUDE in this file cannot be read either (line 6)")
    three = lint(body + "$INCLUDE gone3.inc\n")[0].message
    assert three.endswith("; 2 more $INCLUDEs in this file cannot be read either (lines 6, 8)")


def test_two_files_of_one_zone_are_named_once(tmp_path: Path) -> None:
    text = (
        "$ORIGIN example.com.\n$TTL 3600\n"
        "@ IN SOA ns1.example.net. hostmaster.example.com. 1 7200 3600 1209600 300\n"
        "@ IN NS ns1.example.net.\n@ IN MX 10 mail.example.net.\n"
    )
    (tmp_path / "a.zone").write_text(text)
    (tmp_path / "b.zone").write_text(text)
    _code, out, _err = run_cli(["--format", "json", os.fspath(tmp_path)])
    found = [
        (os.path.basename(x["path"]), x["line"], x["column"], x["message"])
        for x in json.loads(out)["diagnostics"]
        if x["rule"] == "zone-identity"
    ]
    assert len(found) == 1, found
    name, line, column, message = found[0]
    assert (name, line, column) == ("a.zone", 1, 1)  # the file's first place: it is the file
    assert "zone example.com. is in 2 files: this one and " in message


# ---------------------------------------------------------------- mta-sts


def test_mta_sts_policy_in_well_known_beside_the_only_zone_linted(tmp_path: Path) -> None:
    policy = "version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 86400\n"
    files = {"example.com.zone": STS, ".well-known/mta-sts.txt": policy}
    assert run(tmp_path / "one", files, "mta-sts") == [
        d(6, 12, "error", "mta-sts", '"backup.example.net" of example.com.', "mx: mail.example.com")
    ]
    # with a second zone linted, a policy file not named for the domain may be the other's
    files["example.org.zone"] = zone("example.org.", "@ IN MX 10 mail.example.com.\n")
    assert run(tmp_path / "two", files, "mta-sts") == []


def test_two_mta_sts_records_are_one_error_and_nothing_more(tmp_path: Path) -> None:
    # With two records senders see no policy: where its host or file is does not matter.
    body = (
        "@ IN MX 10 mail\nmail IN A 192.0.2.1\n"
        '_mta-sts IN TXT "v=STSv1; id=1"\n_mta-sts IN TXT "v=STSv1; id=2"\n'
    )
    found = run(tmp_path, {"z.zone": zone("example.com.", body)}, "mta-sts")
    assert found == [d(8, 1, "error", "mta-sts", "example.com. has 2 MTA-STS records")]


# ---------------------------------------------------------------- spf-mx


def test_spf_plain_mx_counts_the_owners_own_mx_hosts(tmp_path: Path) -> None:
    text = big("example.org.", 11) + '@ IN TXT "v=spf1 a mx ip4:192.0.2.1 -all"\n'
    found = run(tmp_path, {"z.zone": text}, "spf-mx")
    assert found == [d(27, 1, "error", "spf-mx", 'uses "mx", but example.org. has 11 MX hosts')]


# ---------------------------------------------------------------- reverse-dns


def test_a_missing_ptr_names_the_cname_it_was_reached_through(tmp_path: Path) -> None:
    reverse = zone(
        "2.0.192.in-addr.arpa.",
        "25 IN CNAME 25.sub\n"  # RFC 2317: mail's PTR is looked for at 25.sub, and is not there
        "80 IN PTR www.example.com.\n",  # mx2 (.26): no PTR at its own name
    )
    found = run(tmp_path, {"example.com.zone": FORWARD, "rev.zone": reverse}, "reverse-dns")
    assert found == [
        d(
            5,
            12,
            "warning",
            "reverse-dns",
            "no PTR record for 25.sub.2.0.192.in-addr.arpa. (reached through CNAME from "
            "25.2.0.192.in-addr.arpa.)",
        ),
        d(6, 12, "warning", "reverse-dns", "no PTR record for 26.2.0.192.in-addr.arpa.:"),
    ]


# ---------------------------------------------------------------- unused-suppression


def test_a_directive_naming_two_rules_that_silenced_nothing_says_diagnostics(
    tmp_path: Path,
) -> None:
    path = tmp_path / "example.com.zone"
    path.write_text(
        ZONE_HEADER
        + "@ IN MX 10 mail ; mxlint: disable=ttl-mismatch,duplicate-target\n"
        + "mail IN A 192.0.2.25\n"
    )
    _code, out, _err = run_cli(["--format", "json", "--no-config", os.fspath(path)])
    found = [x["message"] for x in json.loads(out)["diagnostics"] if x["code"] == "MX021"]
    assert len(found) == 1
    assert (
        "silenced nothing: no ttl-mismatch (MX010), duplicate-target (MX006) diagnostics"
        in (found[0])
    )


# ---------------------------------------------------------------- more survivors (seed 4)


def test_mta_sts_policy_line_without_a_colon_is_ignored(tmp_path: Path) -> None:
    # RFC 8461 3.2: a line that is no "key: value" pair changes nothing (not the version read).
    policy = "version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 86400\nversion\n"
    files = {"example.com.zone": STS, ".well-known/mta-sts.txt": policy}
    assert run(tmp_path, files, "mta-sts") == [
        d(6, 12, "error", "mta-sts", '"backup.example.net" of example.com.', "mx: mail.example.com")
    ]


def test_mta_sts_policy_judges_a_single_label_mx_host(tmp_path: Path) -> None:
    # Only the null MX (".") is left out: a host of one label ("mailhost.") is a host too.
    text = STS.replace("backup.example.net.", "mailhost.")
    policy = "version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 86400\n"
    files = {"example.com.zone": text, ".well-known/mta-sts.txt": policy}
    assert run(tmp_path, files, "mta-sts") == [
        d(6, 12, "error", "mta-sts", '"mailhost" of example.com.', "mx: mail.example.com")
    ]


def test_tls_rpt_extension_fields_are_judged_by_their_name(tmp_path: Path) -> None:
    good = '_smtp._tls IN TXT "v=TLSRPTv1; rua=mailto:a@example.com; x-ext=1"\n'
    assert run(tmp_path / "good", {"z.zone": zone("example.com.", good)}, "tls-rpt") == []
    bad = '_smtp._tls IN TXT "v=TLSRPTv1; rua=mailto:a@example.com; -ext=1"\n'
    found = run(tmp_path / "bad", {"z.zone": zone("example.com.", bad)}, "tls-rpt")
    assert found == [d(5, 1, "warning", "tls-rpt", 'has a malformed field "-ext=1"')]


def test_unroutable_private_option_leaves_a_public_ipv4_address_alone() -> None:
    body = "@ IN MX 10 mail\nmail IN A 203.0.114.25\n"
    assert lint(body, "unroutable-address", options={"private": True}) == []


def test_dane_tlsa_stale_is_still_said_in_a_zone_with_an_out_of_zone_record(
    tmp_path: Path,
) -> None:
    # Only a syntax error leaves a zone unread; a record outside the zone (set aside with its
    # own warning) does not hide which hosts the MX records name.
    body = (
        f"@ IN DNSKEY 257 3 13 {KEY}\n"
        "@ IN MX 10 mail\nmail IN A 192.0.2.25\n"
        f"_25._tcp.gone IN TLSA 3 1 1 {DIGEST}\n"  # 8: no such host, no MX to it
        "www.example.net. IN A 192.0.2.80\n"  # out of zone
    )
    found = run(tmp_path, {"z.zone": zone("example.com.", body)}, "dane-tlsa")
    assert found == [d(8, 1, "info", "dane-tlsa", "gone.example.com. has no record of its own")]


def test_zone_identity_names_the_other_file_the_server_configuration_gives(
    tmp_path: Path,
) -> None:
    conf = (
        'options { directory "/etc/bind"; };\n'
        'view "inside" { zone "alpha.example" { type master; file "zones/db.in"; }; };\n'
        'view "outside" { zone "alpha.example" { type master; file "zones/db.out"; }; };\n'
    )
    body = "$TTL 3600\n@ IN SOA ns1.example.com. h.example.com. 1 7200 3600 1209600 300\n"
    body += "@ IN NS ns1.example.com.\n@ IN MX 10 mail.example.com.\n"
    files = {"named.conf": conf, "zones/db.in": body, "zones/db.out": body}
    found = run(tmp_path, files, "zone-identity")
    assert [(x.line, x.severity) for x in found] == [(1, "info")]
    message = found[0].message
    this = "db.in" if found[0].path.endswith("db.in") else "db.out"
    other = {"db.in": "db.out", "db.out": "db.in"}[this]
    line = {"db.in": 2, "db.out": 3}
    said = "zone alpha.example. is loaded from 2 files, as the server configurations say: "
    assert message.startswith(said + f"this one ({os.path.relpath(tmp_path)}/named.conf:")
    # each file is named with the declaration that gives it: the other one too
    assert f"named.conf:{line[this]}) and " in message
    assert f"/zones/{other} (" in message
    assert f"named.conf:{line[other]}); each file is checked on its own" in message


# ---------------------------------------------------------------- quick tests on every target
# (check.names, invalid-hostname, unroutable-address, unknown-provider-host: a zone of many
# distinct targets is screened at once; a mutant that loses a screen gives the same
# diagnostics more slowly, so these count the work the slow path would do)


def _table(targets: list[str]) -> tuple[MxTargets, Zone, ZoneSet]:
    lines = "".join(f"h{n} IN MX 10 {t}\n" for n, t in enumerate(targets))
    zone = loader.load_zone("example.com.zone", "example.com.", text=ZONE_HEADER + lines)
    zones = ZoneSet([zone])
    return mx_targets(zone, zones), zone, zones


_PLAIN = ["mail.example.net.", "MX.Example.ORG.", ".", "mail"]


def test_texts_of_plain_names_are_cut_from_the_keys_without_name_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real, calls = names.name_text, []
    monkeypatch.setattr(names, "name_text", lambda n, k=None: calls.append(n) or real(n, k))
    table, _, _ = _table(_PLAIN)
    assert table.texts() == ["mail.example.net.", "mx.example.org.", ".", "mail.example.com."]
    assert not calls
    odd = ["x\\032y.example.net.", "a\\010b.example.net.", "a\\000b.example.net.", "ok.net."]
    table, _, _ = _table(odd)  # a space, a newline, a NUL in a label: written by name_text
    assert table.texts() == [real(n, k) for n, k in zip(table.names, table.keys, strict=True)]
    assert table.texts()[:3] == [
        "x\\032y.example.net.",
        "a\\010b.example.net.",
        "a\\000b.example.net.",
    ]
    assert calls


def test_the_written_texts_are_screened_at_once() -> None:
    assert names._screen({"mail.example.net.", "mx.example.org."}) == ([], ())
    maybe_ip, maybe_relative = names._screen(
        {"mail.example.net.", "2001:db8::1", "192.0.2.1", "mail"}
    )
    assert sorted(maybe_ip) == ["192.0.2.1", "2001:db8::1"]
    assert sorted(maybe_relative) == ["192.0.2.1", "2001:db8::1", "mail"]
    texts = {"a\nb.", "c."}  # a newline in a text: nothing screened
    assert names._screen(texts) == (texts, texts)


def test_per_target_without_suspects_asks_about_every_target() -> None:
    _, zone, zones = _table(["a.example.net.", "b.example.net.", "."])
    asked: list[str] = []
    found = list(per_target(zone, lambda n: asked.append(str(n)) or "no", zones))
    assert asked == ["a.example.net.", "b.example.net."]
    assert [r.line for r, _ in found] == [5, 6]


def test_invalid_hostname_screens_host_names_without_a_match_each(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[bytes] = []
    real = invalid_hostname._host_key()

    class Counting:
        def fullmatch(self, key: bytes) -> object:
            calls.append(key)
            return real.fullmatch(key)

    monkeypatch.setattr(invalid_hostname, "_host_key", Counting)
    table, _, _ = _table(["mail.example.net.", "mx-1.example.org.", ".", "mail"])
    assert list(invalid_hostname._suspects(table)) == []
    assert not calls
    table, _, _ = _table(["mail.example.net.", "m_x.example.net.", "a\\000b.example.net."])
    assert list(invalid_hostname._suspects(table)) == [0, 1, 2]  # a NUL in a label: every one
    table, _, _ = _table(["mail.example.net.", "m_x.example.net."])
    assert list(invalid_hostname._suspects(table)) == [1]
    assert calls


def test_unroutable_address_looks_for_special_names_once_per_zone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[bytes] = []
    real = unroutable_address._ENDS_SPECIAL
    monkeypatch.setattr(
        unroutable_address, "_ENDS_SPECIAL", lambda key: calls.append(key) or real(key)
    )
    table, _, zones = _table(["mail.example.net.", "mail", "x.invalid.outlook.net."])
    assert unroutable_address._suspects(zones)(table) == [1]  # inside the zone
    assert not calls
    table, _, zones = _table(["mail.example.net.", "a.localhost.", "mail"])
    assert unroutable_address._suspects(zones)(table) == [1, 2]
    assert calls


def test_unknown_provider_host_reads_no_catalogue_for_the_null_mx_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    loaded: list[object] = []
    real = unknown_provider_host.catalogue_for
    monkeypatch.setattr(
        unknown_provider_host, "catalogue_for", lambda o: loaded.append(o) or real(o)
    )
    assert lint("@ IN MX 0 .\n", "unknown-provider-host") == []
    assert not loaded
    got = lint("@ IN MX 5 atl1.aspmx.l.google.com.\n", "unknown-provider-host")
    assert [(x.line, x.rule) for x in got] == [(5, "unknown-provider-host")]
    assert loaded


def test_stale_provider_reads_a_retired_host_where_each_owner_has_one_mx() -> None:
    # (every owner with one MX record: no mix, but a retired host is still reported)
    body = "@ IN MX 10 mx.old-host.example.\nwww IN MX 10 mail.example.net.\n"
    got = lint(body, "stale-provider", options={"retired": ["mx.old-host.example."]})
    assert [(x.line, x.rule) for x in got] == [(5, "stale-provider")]
    assert lint(body, "stale-provider") == []
