"""The loader keeps provenance, recovers from errors, infers origins and guards $INCLUDE."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import dns.name
import pytest

from mxlint.identity.origin import candidate
from mxlint.identity.zones import load_zone
from mxlint.model import MX, Zone

Write = Callable[..., str]
Cli = Callable[..., tuple[int, str, str]]


def mx(zone: Zone) -> list[tuple[int, int, str, int]]:
    return [
        (r.line, r.preference, r.exchange.to_text(), r.ttl) for r in zone.records if r.rdtype == MX
    ]


def test_lines_of_records_spanning_parentheses(write: Write) -> None:
    path = write(
        "z.zone",
        "mail IN A 192.0.2.1\n"
        "@  IN  MX  (\n"
        "      10\n"
        "      mail )\n"
        'txt IN TXT ( "a"\n "b" )\n'
        "@ IN MX 20 mail\n",
    )
    zone = load_zone(path)
    assert zone.problems == []
    assert mx(zone) == [(6, 10, "mail.example.com.", 3600), (11, 20, "mail.example.com.", 3600)]
    rec = next(r for r in zone.records if r.rdtype == MX)
    # the exchange token keeps the line and column where it was written, and its spelling
    assert (rec.tokens[1].text, rec.tokens[1].line, rec.tokens[1].col) == ("mail", 8, 7)
    txt = next(r for r in zone.records if r.type_name == "TXT")
    assert txt.line == 9


def test_duplicates_and_ttls_are_kept_per_record(write: Write) -> None:
    path = write(
        "z.zone",
        "@ 300 IN MX 10 mail\n@ 600 IN MX 10 MAIL\n@ IN MX 20 mx2\nmail IN A 192.0.2.1\n",
    )
    zone = load_zone(path)
    assert [(line, pref, ttl) for line, pref, _, ttl in mx(zone)] == [
        (5, 10, 300),
        (6, 10, 600),
        (7, 20, 3600),  # no TTL written: $TTL applies, as in dnspython and BIND
    ]
    assert [r.ttl_explicit for r in zone.records if r.rdtype == MX] == [True, True, False]


def test_every_syntax_error_is_reported_and_reading_goes_on(write: Write) -> None:
    path = write(
        "z.zone",
        "a IN MXX 10 mail\n"  # 5
        "b IN A 300.1.1.1\n"  # 6
        "c IN MX ( 10\n  ; comment inside\n   x y z )\n"  # 7-9: too many fields
        "d IN MX 10\n"  # 10: exchange missing
        "e IN MX 10 mail\n"  # 11: fine
        "f IN A 192.0.2.1 junk\n"  # 12
        "g IN MX 20 mail\n",  # 13: fine, after an error on the line before
    )
    zone = load_zone(path)
    assert sorted(p.line for p in zone.problems) == [5, 6, 9, 10, 12]
    assert [line for line, *_ in mx(zone)] == [11, 13]
    assert all(p.path == path for p in zone.problems)


def test_unbalanced_parenthesis_is_a_diagnostic(write: Write) -> None:
    path = write("z.zone", "a IN MX ( 10 mail\nb IN A 192.0.2.1\n")
    zone = load_zone(path)
    [p] = zone.problems
    assert p.line == 6 and 'unclosed "("' in p.message


def test_records_outside_the_origin_are_reported_not_dropped(write: Write) -> None:
    path = write("z.zone", "www.example.org. IN A 192.0.2.1\nwww IN A 192.0.2.2\n")
    zone = load_zone(path)
    assert [(p.line, "outside the zone" in p.message) for p in zone.problems] == [(5, True)]
    assert [r.owner.to_text() for r in zone.records if r.type_name == "A"] == ["www.example.com."]


def test_missing_ttl_is_a_diagnostic_with_advice(write: Write) -> None:
    path = write("nottl.zone", "$ORIGIN example.com.\nwww IN A 192.0.2.1\n", raw=True)
    zone = load_zone(path)
    assert len(zone.problems) == 1 and "$TTL" in zone.problems[0].message


def test_class_and_ttl_in_either_order_units_escapes_and_blank_owner(write: Write) -> None:
    path = write(
        "z.zone",
        "a 1h IN MX 10 mail\n"
        "b IN 2d MX 10 mail\n"
        "  IN MX 20 mail\n"
        'c\\.d IN TXT "x\\"y"\n'
        "@ MX 30 mail\n",
    )
    zone = load_zone(path)
    assert zone.problems == []
    got = [(r.owner.to_text(), r.ttl, r.line) for r in zone.records if r.rdtype == MX]
    assert got == [
        ("a.example.com.", 3600, 5),
        ("b.example.com.", 172800, 6),
        ("b.example.com.", 3600, 7),
        ("example.com.", 3600, 9),
    ]
    assert any(r.owner.labels[0] == b"c.d" for r in zone.records)


def test_generate_records_carry_the_directive_line(write: Write) -> None:
    path = write("z.zone", "mail IN A 192.0.2.1\n$GENERATE 1-3 host$ CNAME mail\n")
    zone = load_zone(path)
    assert zone.problems == []
    assert [(r.owner.to_text(), r.line) for r in zone.records if r.type_name == "CNAME"] == [
        ("host1.example.com.", 6),
        ("host2.example.com.", 6),
        ("host3.example.com.", 6),
    ]


def test_include_is_relative_to_the_including_file_with_its_own_lines(
    tmp_path: Path, write: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    write("sub/mx.inc", "; included\n@ IN MX 10 mail\n@ IN MXX 1 x\n", raw=True)
    path = write("zones/../sub/main.zone", "$INCLUDE mx.inc\nmail IN A 192.0.2.1\n")
    monkeypatch.chdir("/")  # not relative to the working directory
    zone = load_zone(path)
    inc = os.path.join(os.path.dirname(path), "mx.inc")
    assert [(r.path, r.line) for r in zone.records if r.rdtype == MX] == [
        (os.path.normpath(inc), 2)
    ]
    assert [(p.path, p.line) for p in zone.problems] == [(os.path.normpath(inc), 3)]
    assert any(r.path == path and r.line == 6 for r in zone.records)


def test_include_outside_the_work_tree_is_refused_without_echo(
    tmp_path: Path, write: Write
) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:SECRET-CONTENT\n")
    path = write("repo/z.zone", f"$INCLUDE {secret}\n$INCLUDE ../secret.txt\n")
    zone = load_zone(path)
    assert [p.line for p in zone.problems] == [5, 6]
    for p in zone.problems:
        assert "refused" in p.message and "--include-root" in p.message
        assert "SECRET-CONTENT" not in p.message
    widened = load_zone(path, extra_include_roots=[os.fspath(tmp_path)])
    assert all("refused" not in p.message for p in widened.problems)


def test_missing_and_looping_includes(tmp_path: Path, write: Write) -> None:
    (tmp_path / ".git").mkdir()
    write("loop.inc", "$INCLUDE loop.inc\n", raw=True)
    path = write("z.zone", "$INCLUDE nothere.inc\n$INCLUDE loop.inc\n")
    zone = load_zone(path)
    msgs = [p.message for p in zone.problems]
    assert any("not found" in m for m in msgs)
    assert any("loop" in m for m in msgs)


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"\x00\x01\x02binary", "binary"),
    ],
)
def test_unreadable_content_gives_one_clear_problem(
    tmp_path: Path, content: bytes, needle: str
) -> None:
    path = tmp_path / "example.com.zone"
    path.write_bytes(content)
    zone = load_zone(os.fspath(path))
    assert len(zone.problems) == 1 and needle in zone.problems[0].message


def test_a_folder_or_missing_file_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    assert "folder" in load_zone(os.fspath(tmp_path)).problems[0].message
    assert "cannot be read" in load_zone(os.fspath(tmp_path / "x.zone")).problems[0].message


@pytest.mark.parametrize(
    ("name", "origin"),
    [
        ("db.example.com", "example.com."),
        ("example.com.zone", "example.com."),
        ("example.com.db", "example.com."),
        ("example.com", "example.com."),
        ("notes.txt", "notes."),
        ("README", "readme."),
        ("bad_name!.zone", None),
        ("zone-bitmechanic.com", "bitmechanic.com."),
        ("master_db.ffulm", "ffulm."),
        ("pri.example.org.hosts", "example.org."),
        ("example.com.zone.signed", "example.com."),
        ("db.192.168.1", "1.168.192.in-addr.arpa."),
        ("db.10", "10.in-addr.arpa."),
        ("1.2.3.4.5", None),
    ],
)
def test_origin_from_filename(name: str, origin: str | None) -> None:
    got = candidate(f"/x/{name}")
    assert (got.to_text() if got else None) == origin


def test_origin_precedence(write: Write) -> None:
    body = "$TTL 300\n$ORIGIN from-directive.example.\n@ IN SOA ns hm 1 2 3 4 5\n"
    path = write("db.from-file.example", body, raw=True)
    assert load_zone(path).origin == dns.name.from_text("from-directive.example.")
    assert load_zone(path, "cli.example.").origin == dns.name.from_text("cli.example.")
    soa = write(
        "db.from-file2.example", "$TTL 300\nsoa.example. IN SOA ns hm 1 2 3 4 5\n", raw=True
    )
    assert load_zone(soa).origin == dns.name.from_text("soa.example.")
    plain = write("db.from-file3.example", "$TTL 300\n@ IN SOA ns hm 1 2 3 4 5\n", raw=True)
    assert load_zone(plain).origin == dns.name.from_text("from-file3.example.")


def test_unknown_origin_says_how_to_give_one(write: Write, cli: Cli) -> None:
    path = write("PRIMARY", "$TTL 300\n@ IN SOA ns hm 1 2 3 4 5\n@ IN MX 10 192.0.2.1\n", raw=True)
    zone = load_zone(path)
    assert zone.evidence.kind == "filename" and not zone.confirmed and not zone.problems
    code, out, _ = cli(path)
    info, ip = out.splitlines()
    assert info.startswith(f"{path}:1:1: info: origin not confirmed: {path} does not name its")
    assert "its SOA record is at @" in info
    assert "--origin" in info and "$ORIGIN" in info and "[MX020 zone-identity]" in info
    # A verdict that holds under any origin is still reported.
    assert ip.startswith(f"{path}:3:12: error: ") and "[MX002 ip-target]" in ip
    assert code == 1


def test_an_unclosed_quote_is_reported_once_and_reading_goes_on(write: Write) -> None:
    path = write(
        "z.zone",
        'mx3 IN TXT "v=spf1 -all\n'  # 5: the quote is never closed
        "a IN MX 10 mail\n"  # 6
        "b IN MX 20 mail\n"  # 7
        "mail IN A 192.0.2.1\n",
    )
    zone = load_zone(path)
    assert [(p.line, "closing" in p.message) for p in zone.problems] == [(5, True)]
    assert [line for line, *_ in mx(zone)] == [6, 7]


@pytest.mark.parametrize(
    ("record", "needles"),
    [
        ("web IN A 203.0.113.300", ['A data "203.0.113.300" is not valid', "IPv4 address"]),
        ("blog IN MX ten mail", ['MX data "ten" is not valid', "preference from 0 to 65535"]),
        ("v6 IN AAAA 1.2.3.4", ['AAAA data "1.2.3.4"', "IPv6 address"]),
    ],
)
def test_bad_record_data_names_type_text_and_what_to_write(
    write: Write, record: str, needles: list[str]
) -> None:
    [p] = load_zone(write("z.zone", record + "\n")).problems
    assert p.line == 5
    for n in needles:
        assert n in p.message


def test_a_root_soa_yields_to_the_domain_every_other_owner_names() -> None:
    from mxlint.identity.origin import infer

    soa = "$ORIGIN .\n@ IN SOA ns.p.example. hm.example.com. 1 2 3 4 5\n"
    export = soa + "example.com. IN NS ns.p.example.\nwww.example.com. IN A 192.0.2.1\n"
    origin, evidence = infer("/x/export.zone", export)
    assert (origin.to_text(), evidence.kind, evidence.confirmed) == ("example.com.", "owners", True)
    # A root-like file keeps the root: top-level domains below it.
    root = soa + ". IN NS a.root.example.\ncom. IN NS a.gtld.example.\n"
    assert infer("/x/root.zone", root)[0] == dns.name.root
    # Records under several top-level domains: no one domain to prefer.
    mixed = soa + "example.com. IN NS ns.p.example.\nexample.net. IN NS ns.p.example.\n"
    assert infer("/x/mixed.zone", mixed)[0] == dns.name.root


def test_record_targets_never_confirm_an_origin() -> None:
    from mxlint.identity.origin import infer

    # A provider's fragment named after the provider: its MX target is the provider's host.
    fragment = "@ 300 IN MX 10 mx1.improvmx.com.\n@ 300 IN MX 20 mx2.improvmx.com.\n"
    origin, evidence = infer("/x/improvmx.txt", fragment)
    assert (origin.to_text(), evidence.confirmed) == ("improvmx.", False)
    # An owner, or the zone's own SOA and NS data, still do.
    owned = fragment + "mail.improvmx.com. 300 IN A 192.0.2.1\n"
    assert infer("/x/improvmx.txt", owned)[0].to_text() == "improvmx.com."


def test_a_directive_without_its_dollar_is_named_as_the_likely_cause(write: Write) -> None:
    body = "$TTL 300\nORIGIN st5.example.ru.\n@ IN SOA ns hm 1 2 3 4 5\n"
    path = write("st5.example.ru.zone", body, raw=True)
    [problem] = [p for p in load_zone(path).problems if p.line == 2]
    assert problem.message.startswith("unknown record type 'st5.example.ru.'")
    assert 'a directive needs its $: write "$ORIGIN st5.example.ru."' in problem.message


def test_a_file_name_yields_only_to_names_that_agree_beyond_glue() -> None:
    from mxlint.identity.origin import infer

    soa = "$TTL 300\n@ IN SOA ns.shop.example.be. root.shop.example.be. 1 2 3 4 5\n"
    copied = soa + "_sip._tcp.shop.example.be. IN TXT x\n_sip._udp.shop.example.be. IN TXT x\n"
    origin, evidence = infer("/x/db.shop.richard.example.be", copied)
    assert (origin.to_text(), evidence.kind) == ("shop.example.be.", "names")
    # A hosted domain whose SOA, name server and glue are the provider's keeps its file name.
    hosted = (
        "$TTL 300\n@ IN SOA ns1.example.net. hm.example.net. 1 2 3 4 5\n"
        "@ IN NS ns1.example.net.\nns1.example.net. IN A 192.0.2.1\n"
    )
    assert infer("/x/example.com.zone", hosted)[0].to_text() == "example.com."


@pytest.mark.parametrize(
    ("line", "col", "word"),
    [
        ("  www IN A 192.0.2.3", 3, "www"),
        ("\tmail 300 IN A 192.0.2.4", 2, "mail"),
        ("  alias CNAME www", 3, "alias"),
        ("    @ IN MX 10 mail", 5, "@"),
    ],
)
def test_an_indented_owner_is_named_as_the_cause(
    write: Write, line: str, col: int, word: str
) -> None:
    """A record written after blanks has no owner of its own (BIND: "unknown RR type"); when
    the word read as its type is followed by a record's class, TTL or type, the message says
    the owner was indented and what to write."""
    body = f"$ORIGIN example.com.\n$TTL 300\n@ IN SOA ns hm 1 2 3 4 5\n{line}\n"
    path = write("example.com.zone", body, raw=True)
    [problem] = load_zone(path).problems
    assert (problem.line, problem.col) == (4, col)
    assert problem.message.startswith(f'"{word}" is read as the record type')
    assert f'write the owner "{word}" in the first column' in problem.message


def test_an_unknown_type_after_blanks_is_still_an_unknown_type(write: Write) -> None:
    body = "$ORIGIN example.com.\n$TTL 300\n@ IN SOA ns hm 1 2 3 4 5\n  foo bar\n  IN FOO x\n"
    path = write("example.com.zone", body, raw=True)
    problems = load_zone(path).problems
    assert [(p.line, p.col, p.message) for p in problems] == [
        (4, 3, "unknown record type 'foo'"),
        (5, 6, "unknown record type 'FOO'"),
    ]
