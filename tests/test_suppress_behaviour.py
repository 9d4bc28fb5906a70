"""What a user reads about a ``; mxlint:`` comment, word for word: the reason a malformed one
is refused, the name suggested for a misspelt rule, and which diagnostics each comment
silences (and which it leaves)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mxlint import api
from mxlint.check.registry import Registry
from mxlint.model import Diagnostic
from mxlint.stages.suppress import apply, describe, scan, unknown_names

_WRITE = '; write "; mxlint: disable=RULE[,RULE]" (or disable-next-line=, disable-file=)'


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.load(plugins=False)


@pytest.mark.parametrize(
    ("comment", "why"),
    [
        (
            "; mxlint: disabel=MX001",
            '"disabel" is not disable, disable-next-line or disable-file; did you mean "disable"?',
        ),
        (
            "; mxlint: Disable-Nxt-Line=MX001",
            '"Disable-Nxt-Line" is not disable, '
            'disable-next-line or disable-file; did you mean "disable-next-line"?',
        ),
        (
            "; mxlint: frobnicate=MX001",
            '"frobnicate" is not disable, disable-next-line or disable-file',
        ),
        ("; mxlint: disable=", "it names no rule"),
        ("; mxlint: disable=,", 'separate rules with commas; a reason goes after " -- "'),
        ("; mxlint: disable=a b", 'separate rules with commas; a reason goes after " -- "'),
        ("; mxlint: disable", '"=" must follow "disable"'),
        ("; mxlint:  disable-file x", '"=" must follow "disable-file"'),
        ("; mxlint:", "it names no kind"),
        ("; mxlint: 42", "it names no kind"),
    ],
)
def test_a_malformed_directive_says_why(registry: Registry, comment: str, why: str) -> None:
    ((d, bad),) = unknown_names(scan("z.zone", f"@ IN MX 1 x. {comment}\n"), registry)
    assert bad == comment
    expected = f'malformed mxlint directive "{comment}" ({why}){_WRITE}'
    assert describe(d, bad, registry) == expected
    assert describe(d, bad) == expected


def test_an_unknown_rule_is_named_with_the_closest_known_one(registry: Registry) -> None:
    text = "@ IN MX 1 x. ; mxlint: disable=MX001,mising-trailing-dot,mx-typo,ALL,all,mx01\n"
    found = unknown_names(scan("z.zone", text), registry)
    assert [bad for _d, bad in found] == ["mising-trailing-dot", "mx-typo", "mx01"]
    written = '"; mxlint: disable=MX001,mising-trailing-dot,mx-typo,ALL,all,mx01"'
    tail = "mxlint --list-rules shows the names"
    assert [describe(d, bad, registry) for d, bad in found] == [
        f'unknown rule "mising-trailing-dot" in {written}; did you mean '
        f'"missing-trailing-dot"?; {tail}',
        f'unknown rule "mx-typo" in {written}; {tail}',
        f'unknown rule "mx01" in {written}; did you mean "MX031"?; {tail}',
    ]
    assert [describe(d, bad) for d, bad in found] == [
        f'unknown rule "{bad}" in {written}; {tail}' for _d, bad in found
    ]


def test_known_names_are_not_reported(registry: Registry) -> None:
    text = "; mxlint: disable-file=all,ALL,MX001,mx001,Missing-Trailing-Dot\n"
    assert unknown_names(scan("z.zone", text), registry) == []


# --------------------------------------------------------------------------- what is silenced


def _diag(line: int, code: str = "MX001", rule: str = "missing-trailing-dot") -> Diagnostic:
    return Diagnostic("z.zone", line, 1, "error", code, rule, "message")


def test_each_kind_silences_its_lines_and_no_other(registry: Registry) -> None:
    text = (
        "a IN MX 1 x ; mxlint: disable=MX001\n"  # 1
        "; mxlint: disable-next-line=missing-trailing-dot\n"  # 2
        "\n"  # 3
        "b IN MX 1 y\n"  # 4: the next line
        "c IN MX 1 z\n"  # 5
        "d IN SOA ns. h. ( 1 2 ; mxlint: disable=ip-target\n"  # 6: a record of three lines
        " 3 4\n"  # 7
        " 5 )\n"  # 8
        "e IN MX 1 w\n"  # 9
        "; mxlint: disable-next-line=duplicate-record\n"  # 10: nothing follows
    )
    directives = {"z.zone": scan("z.zone", text)}
    diags = [_diag(n) for n in range(1, 11)]
    ips = [_diag(n, "MX002", "ip-target") for n in range(1, 11)]
    kept = apply([*diags, *ips], directives, registry)
    assert [(d.line, d.code) for d in kept] == [
        *((n, "MX001") for n in (2, 3, 5, 6, 7, 8, 9, 10)),
        *((n, "MX002") for n in (1, 2, 3, 4, 5, 9, 10)),
    ]


def test_used_names_each_directive_that_silenced_something(registry: Registry) -> None:
    text = "a IN MX 1 x ; mxlint: disable=MX001,ip-target\n; mxlint: disable-file=MX005\n"
    directives = scan("z.zone", text)
    used: set[tuple[object, str]] = set()
    kept = apply([_diag(1), _diag(2)], {"./z.zone": directives}, registry, used)  # type: ignore[arg-type]
    assert [d.line for d in kept] == [2]
    assert used == {(directives[0], "MX001")}
    assert apply([_diag(1), _diag(2)], {"z.zone": directives}, registry) == [_diag(2)]
    assert apply([_diag(1)], {"z.zone": []}, registry) == [_diag(1)]
    assert apply([_diag(1)], {"other.zone": directives}, registry) == [_diag(1)]


def test_a_context_zones_comments_are_neither_checked_nor_applied(tmp_path: Path) -> None:
    head = (
        "$TTL 3600\n@ IN SOA ns1.example.net. hostmaster.example.net. 1 7200 3600 1209600 300\n"
        "@ IN NS ns1.example.net.\n"
    )
    com = tmp_path / "example.com.zone"
    com.write_text("$ORIGIN example.com.\n" + head + "@ IN MX 10 mail.example.net\n")
    org = tmp_path / "example.org.zone"
    org.write_text(
        "$ORIGIN example.org.\n" + head + "; mxlint: disabel=all\n"
        "; mxlint: disable-file=missing-trailing-dot\n@ IN MX 10 mail.example.org\n"
    )
    options = api.Options(use_config=False, progress=False, context=[str(org)])
    found = [(d.path, d.rule) for d in api.lint([str(com)], options).diagnostics]
    assert (str(com), "missing-trailing-dot") in found
    assert all(path == str(com) for path, _rule in found), found
