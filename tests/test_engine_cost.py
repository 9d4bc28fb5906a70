"""What the rules skip because an exact, cheap test says it cannot matter (issue 21: the
rules' cost per record), each checked against the answer of the full check it stands in for."""

from __future__ import annotations

import pytest

from mxlint.check import names
from tests.test_rules import lint


def _no_list() -> frozenset[str]:
    raise AssertionError("the Public Suffix List was read")


def test_dotted_target_that_exists_never_reads_the_suffix_list(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # "mail.api1" (no final dot) names mail.api1.example.com., which has an address: whether
    # "api1" is a public TLD no longer matters, and the list is not read
    monkeypatch.setattr(names, "public_tlds", _no_list)
    body = "mail.api1 IN A 192.0.2.1\napi1 IN MX 10 mail.api1\n"
    assert [d.rule for d in lint(body, "missing-trailing-dot")] == []


def test_dotted_target_that_does_not_exist_still_asks_the_list() -> None:
    body = "@ IN MX 10 mail.example.org\n"
    found = lint(body, "missing-trailing-dot")
    assert [(d.line, d.rule) for d in found] == [(5, "missing-trailing-dot")]
    assert 'write "mail.example.org."' in found[0].message
