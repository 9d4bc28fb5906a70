"""Every ``rules/<rule-name>/`` example is a test: bad.zone fires exactly where marked.

Each line of ``bad.zone`` marked ``; expect: rule-name[, rule-name]`` must be reported with
those rules and nothing else may be reported; ``good.zone`` must be clean. Both are linted with
every rule that is on by default plus the example's own rule (so off-by-default rules are
tested too, but ``unverifiable-target`` does not fire on every provider host of the
``stale-provider`` examples).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from mxlint.api import Options, lint
from mxlint.registry import Registry

from .conftest import ROOT

RULES_DIR = ROOT / "rules"
EXPECT = re.compile(r";.*\bexpect:\s*([\w,\s-]+)")
REGISTRY = Registry.load(plugins=False)
# Rules that need more than the file, checked by their own stage after the engine: their
# bad.zone fires only against a base revision (tests/test_serial.py) or a live server
# (tests/test_online.py), which run these examples there. good.zone is still linted here.
NEEDS_HISTORY_OR_NETWORK = {"serial-not-increased", "mx-drift", "server-serial-ahead"}


def lint_all_rules(path: Path) -> list[tuple[int, str]]:
    """Default rules plus the example's own rule (the folder's name), through the whole
    pipeline as a user runs it (zone identity included), with no configuration."""
    own = REGISTRY.resolve(path.parent.name)
    result = lint(
        [os.fspath(path)], Options(enable=[own.name], use_config=False), registry=REGISTRY
    )
    return sorted((d.line, d.rule) for d in result.diagnostics)


def expected(path: Path) -> list[tuple[int, str]]:
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        m = EXPECT.search(line)
        if m:
            out += [(n, name.strip()) for name in m.group(1).split(",") if name.strip()]
    return sorted(out)


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
    want = expected(rule_dir / "bad.zone")
    assert want, "bad.zone marks no line with '; expect:'"
    assert {name for _, name in want} == {rule_dir.name}
    assert lint_all_rules(rule_dir / "bad.zone") == want


@pytest.mark.parametrize("rule_dir", EXAMPLE_DIRS, ids=lambda p: p.name)
def test_good_example_is_clean_under_every_rule(rule_dir: Path) -> None:
    assert lint_all_rules(rule_dir / "good.zone") == []
