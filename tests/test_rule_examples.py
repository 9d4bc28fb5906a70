"""Every ``rules/<rule-name>/`` example is a test: bad.zone fires exactly where marked.

Each line of ``bad.zone`` marked ``; expect: ...`` must be reported with those rules and
nothing else may be reported; ``good.zone`` must be clean. Both are linted with every rule that
is on by default plus the example's own rule (so off-by-default rules are tested too, but
``unverifiable-target`` does not fire on every provider host of the ``stale-provider``
examples).

The marker lists the diagnostics of its line, separated by commas::

    ; expect: RULE[@COLUMN] [SEVERITY] ["FRAGMENT" | 'FRAGMENT' ...][, RULE...]

``RULE`` alone checks the line and the rule; ``@COLUMN`` the exact column, ``SEVERITY``
(error, warning, info) the exact severity, each quoted ``FRAGMENT`` a piece of text the message
must contain (case-sensitive; the marker's own text is ignored where a message echoes it).
The examples use the full form on every marked line (checked below), so a wrong column, level
or message fails the suite.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from mxlint.api import Options, lint
from mxlint.check.registry import Registry
from mxlint.model import SEVERITIES, Diagnostic

from .conftest import ROOT

RULES_DIR = ROOT / "rules"
MARKER = re.compile(r";.*?\b(expect:.*)$")
_ITEM = re.compile(r"\s*(?P<rule>[A-Za-z][\w-]*)(?:@(?P<col>\d+))?")
_SEVERITY = re.compile(r"\s+(?P<sev>" + "|".join(SEVERITIES) + r")\b")
_FRAGMENT = re.compile(r"""\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)')""")
REGISTRY = Registry.load(plugins=False)
# Rules that need more than the file, checked by their own stage after the engine: their
# bad.zone fires only against a base revision (tests/test_serial.py) or a live server
# (tests/test_online.py), which run these examples there. good.zone is still linted here.
NEEDS_HISTORY_OR_NETWORK = {
    "serial-not-increased",
    "mx-drift",
    "server-serial-ahead",
    "smtp-probe",
    "mx-propagation",
}


@dataclass(frozen=True)
class Expect:
    """One expected diagnostic of a marked line."""

    line: int
    rule: str
    column: int | None = None
    severity: str | None = None
    fragments: tuple[str, ...] = ()
    marker: str = ""  # the marker's text, ignored where a message echoes it

    @property
    def full(self) -> bool:
        return self.column is not None and self.severity is not None and bool(self.fragments)

    def problems(self, d: Diagnostic) -> list[str]:
        """What differs between this expectation and ``d`` (same line and rule)."""
        out = []
        if self.column is not None and d.column != self.column:
            out.append(f"column {d.column}, expected {self.column}")
        if self.severity is not None and d.severity != self.severity:
            out.append(f"severity {d.severity}, expected {self.severity}")
        message = d.message.replace(self.marker, "") if self.marker else d.message
        out += [f"message lacks {f!r}" for f in self.fragments if f not in message]
        return out


def parse_marker(n: int, text: str) -> list[Expect]:
    """The expectations of one line (``text`` from ``expect:`` on); ValueError if malformed."""
    rest = text[len("expect:") :]
    out: list[Expect] = []
    pos = 0
    while True:
        m = _ITEM.match(rest, pos)
        if m is None:
            raise ValueError(f"line {n}: expected a rule name at {rest[pos:]!r}")
        rule, col = m.group("rule"), m.group("col")
        pos = m.end()
        severity = None
        if s := _SEVERITY.match(rest, pos):
            severity, pos = s.group("sev"), s.end()
        fragments = []
        while f := _FRAGMENT.match(rest, pos):
            fragments.append(f.group("dq") if f.group("dq") is not None else f.group("sq"))
            pos = f.end()
        out.append(
            Expect(n, rule, int(col) if col else None, severity, tuple(fragments), text.rstrip())
        )
        tail = rest[pos:].lstrip()
        if not tail:
            return out
        if not tail.startswith(","):
            raise ValueError(f"line {n}: unexpected {tail!r} in the expect marker")
        pos = len(rest) - len(tail) + 1


def expectations(path: Path) -> list[Expect]:
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        m = MARKER.search(line)
        if m:
            out += parse_marker(n, m.group(1))
    return out


def lint_all_rules(path: Path) -> list[Diagnostic]:
    """Default rules plus the example's own rule (the folder's name), through the whole
    pipeline as a user runs it (zone identity included), with no configuration; the zones
    of the folder's ``context/``, if any, are loaded beside it (``--context``)."""
    own = REGISTRY.resolve(path.parent.name)
    # Switched on only when off by default: a configured level would also override the lesser
    # severity a rule gives a documented lesser case (null-mx with a non-zero preference).
    enable = [] if own.enabled else [own.name]
    # The git stage would compare an example edited but not committed with HEAD.
    disable = sorted(NEEDS_HISTORY_OR_NETWORK - {own.name})
    # A rule that looks in another zone (reverse-dns: the reverse zone) has it in context/.
    context = path.parent / "context"
    options = Options(
        enable=enable,
        disable=disable,
        use_config=False,
        progress=False,
        context=[os.fspath(context)] if context.is_dir() else [],
    )
    return lint([os.fspath(path)], options, registry=REGISTRY).diagnostics


def mismatches(want: list[Expect], got: list[Diagnostic]) -> list[str]:
    """Every difference between the markers and the diagnostics (empty: they agree)."""
    out = []
    if sorted((e.line, e.rule) for e in want) != sorted((d.line, d.rule) for d in got):
        out.append(
            f"(line, rule) marked {sorted((e.line, e.rule) for e in want)}, "
            f"reported {sorted((d.line, d.rule) for d in got)}"
        )
        return out
    # Same (line, rule) pairs: pair them up in column order and compare the details.
    pending = sorted(got, key=lambda d: (d.line, d.rule, d.column))
    for e in sorted(want, key=lambda e: (e.line, e.rule, e.column or 0)):
        d = next(d for d in pending if (d.line, d.rule) == (e.line, e.rule))
        pending.remove(d)
        out += [f"line {e.line} {e.rule}: {p} ({d.message})" for p in e.problems(d)]
    return out


EXAMPLE_DIRS = sorted(p for p in RULES_DIR.iterdir() if p.is_dir())


def test_every_rule_has_examples_and_every_example_a_rule() -> None:
    names = {p.name for p in EXAMPLE_DIRS}
    assert names == {r.name for r in REGISTRY.rules}
    for d in EXAMPLE_DIRS:
        assert (d / "bad.zone").is_file() and (d / "good.zone").is_file(), d


@pytest.mark.parametrize("rule_dir", EXAMPLE_DIRS, ids=lambda p: p.name)
def test_bad_example_fires_exactly_where_marked(rule_dir: Path) -> None:
    if rule_dir.name in NEEDS_HISTORY_OR_NETWORK:
        pytest.skip("needs a base revision or a live server: see test_serial.py, test_online.py")
    want = expectations(rule_dir / "bad.zone")
    assert want, "bad.zone marks no line with '; expect:'"
    assert {e.rule for e in want} == {rule_dir.name}
    assert [e for e in want if not e.full] == [], "give column, severity and a message fragment"
    assert mismatches(want, lint_all_rules(rule_dir / "bad.zone")) == []


@pytest.mark.parametrize("rule_dir", EXAMPLE_DIRS, ids=lambda p: p.name)
def test_good_example_is_clean_under_every_rule(rule_dir: Path) -> None:
    assert lint_all_rules(rule_dir / "good.zone") == []


# ---------------------------------------------------------------- the marker itself


def test_marker_plain_and_full_forms() -> None:
    assert parse_marker(3, "expect: ip-target") == [
        Expect(3, "ip-target", marker="expect: ip-target")
    ]
    text = """expect: null-mx@25 error "accepts no mail" 'write "MX 0 ."', ip-target@9"""
    got = parse_marker(7, text)
    assert [(e.rule, e.column, e.severity, e.fragments) for e in got] == [
        ("null-mx", 25, "error", ("accepts no mail", 'write "MX 0 ."')),
        ("ip-target", 9, None, ()),
    ]
    assert got[0].full and not got[1].full


@pytest.mark.parametrize(
    "text", ["expect: ", "expect: ip-target junk", 'expect: ip-target "open', "expect: a,"]
)
def test_a_malformed_marker_is_an_error_not_a_silent_pass(text: str) -> None:
    with pytest.raises(ValueError):
        parse_marker(1, text)


def test_each_detail_of_the_marker_is_checked() -> None:
    d = Diagnostic("z", 8, 25, "error", "MX002", "ip-target", 'add "mail IN AAAA 2001:db8::25"')
    exact = Expect(8, "ip-target", 25, "error", ("IN AAAA",))
    assert mismatches([exact], [d]) == []
    for wrong in (
        Expect(8, "ip-target", 24, "error", ("IN AAAA",)),
        Expect(8, "ip-target", 25, "warning", ("IN AAAA",)),
        Expect(8, "ip-target", 25, "error", ("IN A 2001",)),
        Expect(9, "ip-target", 25, "error", ("IN AAAA",)),
    ):
        assert mismatches([wrong], [d]) != [], wrong
    assert mismatches([], [d]) != [] and mismatches([exact], []) != []
    # a message that echoes the marker (invalid-directive quotes the comment) proves nothing
    echo = Expect(8, "ip-target", 25, "error", ("did you mean",), marker='expect: "did you mean"')
    d2 = Diagnostic("z", 8, 25, "error", "MX002", "ip-target", 'in "; expect: "did you mean""')
    assert mismatches([echo], [d2]) != []


def expected(path: Path) -> list[tuple[int, str]]:
    """``(line, rule)`` of every marked diagnostic, sorted: for the stages' own example tests
    (tests/test_serial.py, tests/test_online.py), which run the examples with git or a
    server."""
    return sorted((e.line, e.rule) for e in expectations(path))
