"""Inline ``; mxlint:`` suppressions: scanning, applying, and reporting bad ones."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from mxlint.check.registry import Registry
from mxlint.identity.zones import load_zone
from mxlint.model import Diagnostic
from mxlint.stages.suppress import Directive, apply, describe, scan, scan_zones, unknown_names


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.load(plugins=False)


CODES = {"MX001": "missing-trailing-dot", "MX002": "ip-target", "MX005": "duplicate-record"}


def diag(line: int, code: str = "MX001", path: str = "z.zone") -> Diagnostic:
    return Diagnostic(path, line, 1, "error", code, CODES[code], "message")


def kept(
    text: str, diags: list[Diagnostic], registry: Registry, path: str = "z.zone"
) -> list[tuple[int, str]]:
    directives = scan(path, textwrap.dedent(text))
    return [(d.line, d.code) for d in apply(diags, {path: directives}, registry)]


# --------------------------------------------------------------------------- scan


def test_no_marker_no_work() -> None:
    assert scan("z.zone", "@ IN MX 10 mail.\n; just a comment\n") == []


def test_disable_on_the_line(registry: Registry) -> None:
    text = """\
    @ IN MX 10 mail.example.com ; mxlint: disable=missing-trailing-dot
    @ IN MX 20 mx.example.com
    """
    (d,) = scan("z.zone", textwrap.dedent(text))
    assert d == Directive(
        "z.zone",
        1,
        29,
        "disable",
        ("missing-trailing-dot",),
        1,
        "; mxlint: disable=missing-trailing-dot",
        1,
        1,
    )
    assert kept(text, [diag(1), diag(1, "MX002"), diag(2)], registry) == [
        (1, "MX002"),
        (2, "MX001"),
    ]


def test_codes_and_names_mixed_any_case(registry: Registry) -> None:
    text = "@ IN MX 10 1.2.3.4 ;mxlint:Disable=mx001 , IP-Target\n"
    (d,) = scan("z.zone", text)
    assert d.kind == "disable"
    assert d.rules == ("mx001", "IP-Target")  # as written
    assert kept(text, [diag(1), diag(1, "MX002"), diag(1, "MX005")], registry) == [(1, "MX005")]


def test_all(registry: Registry) -> None:
    text = "@ IN MX 10 1.2.3.4 ; mxlint: disable=ALL\n@ IN MX 10 x\n"
    assert kept(text, [diag(1), diag(1, "MX002"), diag(2)], registry) == [(2, "MX001")]


def test_reason_after_double_dash() -> None:
    (d,) = scan("z.zone", "@ IN MX 10 x ; mxlint: disable=MX001,MX002 -- legacy, see TICKET-1\n")
    assert d.kind == "disable"
    assert d.rules == ("MX001", "MX002")


def test_semicolon_inside_quotes_or_escaped_is_not_a_comment() -> None:
    text = textwrap.dedent(
        """\
        txt IN TXT "v=x; mxlint: disable=all"
        txt IN TXT "a\\"; mxlint: disable=all"
        host IN TXT a\\; mxlint: disable=all
        txt IN TXT "a;b" ; mxlint: disable=MX001
        """
    )
    (d,) = scan("z.zone", text)
    assert (d.line, d.col, d.rules) == (4, 18, ("MX001",))


def test_mention_inside_another_comment_is_not_a_directive() -> None:
    assert scan("z.zone", "; TODO: use mxlint: disable=MX001 here\n") == []


def test_disable_next_line_skips_blank_and_comment_lines(registry: Registry) -> None:
    text = """\
    ; mxlint: disable-next-line=MX001

    ; an unrelated comment
       ; indented comment
    @ IN MX 10 mail.example.com
    @ IN MX 20 mx.example.com
    """
    (d,) = scan("z.zone", textwrap.dedent(text))
    assert (d.kind, d.line, d.col, d.target_line) == ("disable-next-line", 1, 1, 5)
    assert kept(text, [diag(1), diag(5), diag(5, "MX002"), diag(6)], registry) == [
        (1, "MX001"),
        (5, "MX002"),
        (6, "MX001"),
    ]


def test_disable_next_line_at_end_of_file_targets_nothing() -> None:
    (d,) = scan("z.zone", "@ IN MX 10 x.\n; mxlint: disable-next-line=MX001\n\n")
    assert d.target_line is None
    assert d.first_line is None


def test_disable_file_anywhere(registry: Registry) -> None:
    text = """\
    @ IN MX 10 mail.example.com
    @ IN MX 20 1.2.3.4
    ; mxlint: disable-file=missing-trailing-dot
    """
    diags = [diag(1), diag(2, "MX002"), diag(9)]
    assert kept(text, diags, registry) == [(2, "MX002")]
    # another file's diagnostics are untouched
    assert kept(text, [diag(1, path="other.zone")], registry) == [(1, "MX001")]


def test_multi_line_record(registry: Registry) -> None:
    text = """\
    @ IN MX ( 10   ; mxlint: disable=MX001
        mail.example.com   ; the target, reported on this line
        )
    ; mxlint: disable-next-line=MX002
    www IN MX (
        10
        1.2.3.4 )
    mx IN MX 10 1.2.3.4
    """
    directives = scan("z.zone", textwrap.dedent(text))
    assert [(d.line, d.target_line, d.first_line, d.last_line) for d in directives] == [
        (1, 1, 1, 3),
        (4, 5, 5, 7),
    ]
    diags = [diag(1), diag(2), diag(3), diag(5, "MX002"), diag(7, "MX002"), diag(8, "MX002")]
    assert kept(text, diags, registry) == [(8, "MX002")]


def test_disable_on_a_continuation_line_covers_its_record(registry: Registry) -> None:
    text = """\
    @ IN SOA ns1.example.net. hostmaster.example.com. (
        1 7200 3600
        1209600 300 ) ; mxlint: disable=MX005
    @ IN MX 10 x.
    """
    assert kept(text, [diag(1, "MX005"), diag(4, "MX005")], registry) == [(4, "MX005")]


def test_parentheses_in_quotes_and_comments_do_not_open_records() -> None:
    text = textwrap.dedent(
        """\
        a IN TXT "(" ; (
        b IN MX 10 x. ; mxlint: disable=MX001
        c IN MX 10 y.
        """
    )
    (d,) = scan("z.zone", text)
    assert (d.first_line, d.last_line) == (2, 2)


def test_crlf_line_endings() -> None:
    (d,) = scan("z.zone", "@ IN MX 10 x ; mxlint: disable=MX001\r\n@ IN MX 10 y\r\n")
    assert d.rules == ("MX001",)
    assert d.text == "; mxlint: disable=MX001"


def test_paths_are_matched_normalised(registry: Registry) -> None:
    directives = scan("zones/./z.zone", "; mxlint: disable-file=all\n")
    assert apply([diag(1, path="zones/z.zone")], {"zones/./z.zone": directives}, registry) == []


def test_scan_zones_has_every_file_the_loader_read(tmp_path: Path) -> None:
    from mxlint.identity.zones import load_zone

    main = tmp_path / "main.zone"
    inc = tmp_path / "inc.zone"
    main.write_text("$ORIGIN example.com.\n$TTL 60\n$INCLUDE inc.zone\n")
    inc.write_text("\ufeff; mxlint: disable-file=MX001\n")
    zone = load_zone(str(main), extra_include_roots=[str(tmp_path)])
    ctx = load_zone(str(inc), "example.com.", context=True, extra_include_roots=[str(tmp_path)])
    found = scan_zones([zone, ctx])
    assert str(main) not in found  # no directive there
    assert [d.kind for d in found[str(inc)]] == ["disable-file"]
    assert scan_zones([ctx]) == {}  # context zones are never reported on


# --------------------------------------------------------------------------- bad directives


def test_unknown_names_with_line_and_col(registry: Registry) -> None:
    text = textwrap.dedent(
        """\
        @ IN MX 10 x. ; mxlint: disable=MX001,mx-typo
        ; mxlint: disable-file=all,MX999
        """
    )
    bad = unknown_names(scan("z.zone", text), registry)
    assert [(d.line, d.col, name) for d, name in bad] == [(1, 15, "mx-typo"), (2, 1, "MX999")]
    d, name = bad[0]
    assert describe(d, name) == (
        'unknown rule "mx-typo" in "; mxlint: disable=MX001,mx-typo"; '
        "mxlint --list-rules shows the names"
    )


def test_describe_suggests_a_close_name(registry: Registry) -> None:
    (d,) = scan("z.zone", "; mxlint: disable=mising-trailing-dot\n")
    ((_, name),) = unknown_names([d], registry)
    assert 'did you mean "missing-trailing-dot"' in describe(d, name, registry)


@pytest.mark.parametrize(
    ("comment", "why"),
    [
        ("; mxlint: disabel=MX001", 'did you mean "disable"'),
        ("; mxlint: disable=", "names no rule"),
        ("; mxlint: disable", '"=" must follow "disable"'),
        ("; mxlint: disable=MX001,,MX002", "separate rules with commas"),
        ("; mxlint: disable=MX001 trailing words", 'a reason goes after " -- "'),
        ("; mxlint:", "names no kind"),
    ],
)
def test_malformed_directives_are_reported(registry: Registry, comment: str, why: str) -> None:
    text = f"@ IN MX 10 mail.example.com.\n@ IN MX 20 x.   {comment}\n"
    directives = scan("z.zone", text)
    assert [(d.line, d.col, d.kind) for d in directives] == [(2, 17, "malformed")]
    ((d, name),) = unknown_names(directives, registry)
    assert name == comment
    message = describe(d, name)
    assert message.startswith(f'malformed mxlint directive "{comment}"')
    assert why in message
    assert '"; mxlint: disable=RULE[,RULE]"' in message
    # a malformed directive silences nothing
    assert kept(text, [diag(2)], registry) == [(2, "MX001")]


def test_unknown_name_still_suppresses_matching_rule_name(registry: Registry) -> None:
    # a plugin rule not loaded this run: matched by its name as written
    text = "@ IN MX 1 x. ; mxlint: disable=low-preference\n"
    d = Diagnostic("z.zone", 1, 1, "warning", "ACME001", "low-preference", "m")
    assert apply([d], {"z.zone": scan("z.zone", text)}, registry) == []


def test_a_further_semicolon_ends_the_directive() -> None:
    from mxlint.stages.suppress import scan

    [d] = scan("z", "@ IN MX 10 x ; mxlint: disable=ip-target,MX001 ; see ticket 42\n")
    assert (d.kind, d.rules) == ("disable", ("ip-target", "MX001"))


def _plugin_registry() -> Registry:
    """The built-in rules plus a third-party rule, as an installed plugin would add it."""
    from mxlint.check.registry import builtin_rules, rule

    @rule("ACME001", "low-preference", "warning")
    def low_preference(ctx: object) -> list[object]:
        """MX preference below 5 (house style)."""
        return []

    return Registry([*builtin_rules(), low_preference])


@pytest.mark.parametrize("name", ["low-preference", "ACME001", "acme001", "Low-Preference"])
def test_a_suppression_naming_a_plugin_rule_by_name_or_code(name: str) -> None:
    plugins = _plugin_registry()
    text = f"@ IN MX 1 x. ; mxlint: disable={name}\n@ IN MX 2 y.\n"
    directives = scan("z.zone", text)
    assert unknown_names(directives, plugins) == []  # a known rule: no invalid-directive
    diags = [
        Diagnostic("z.zone", line, 1, "warning", "ACME001", "low-preference", "m")
        for line in (1, 2)
    ]
    other = Diagnostic("z.zone", 1, 1, "error", "MX001", "missing-trailing-dot", "m")
    assert apply([*diags, other], {"z.zone": directives}, plugins) == [diags[1], other]


def test_a_plugin_rule_unknown_to_this_run_is_reported_by_invalid_directive(
    registry: Registry,
) -> None:
    text = "@ IN MX 1 x. ; mxlint: disable=ACME001\n"
    ((d, name),) = unknown_names(scan("z.zone", text), registry)
    assert (d.line, d.col, name) == (1, 14, "ACME001")
    # by its code, it still silences the plugin's diagnostics when the plugin is installed
    diag = Diagnostic("z.zone", 1, 1, "warning", "ACME001", "low-preference", "m")
    assert apply([diag], {"z.zone": scan("z.zone", text)}, registry) == []


def test_invalid_directive_knows_the_plugin_rules_of_the_run(tmp_path: Path) -> None:
    from mxlint.check import engine
    from mxlint.model import ZoneSet

    zone_file = tmp_path / "example.com.zone"
    zone_file.write_text(
        "$ORIGIN example.com.\n$TTL 3600\n@ IN SOA ns1.example.net. h.example.com. 1 2 3 4 5\n"
        "@ IN NS ns1.example.net.\n@ IN MX 1 mx.example.net. ; mxlint: disable=low-preference\n"
        "; mxlint: disable=no-such-rule\n"
    )
    zones = ZoneSet([load_zone(str(zone_file))])
    got = [(x.line, x.rule) for x in engine.run(_plugin_registry(), zones)]
    assert got == [(6, "invalid-directive")]


def test_disable_file_in_a_file_with_parentheses() -> None:
    # no directive with a target line, but a parenthesised record: nothing to widen
    text = "@ IN SOA ns. h. ( 1 2 3\n 4 5 )\n; mxlint: disable-file=all\n"
    (d,) = scan("z.zone", text)
    assert (d.kind, d.target_line, d.first_line, d.last_line) == ("disable-file", None, None, None)
