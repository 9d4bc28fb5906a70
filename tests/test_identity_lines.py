"""Zone identity counts lines as the reader does (BIND's definition, mxlint.zonefile.lines):
a form feed, VT or U+2028 ends no line, and a lone CR ends a statement but not a line. The
line an origin's evidence or a template's placeholder names is the line the loader reports."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from mxlint.identity import origin, sniff
from mxlint.zonefile.lines import numbered_lines

SOA = "@ IN SOA ns1.example.com. h.example.com. 1 2 3 4 5\n"


@pytest.mark.parametrize("odd", ["\x0c", "\x0b", "\u2028", "\x1c"])
def test_origin_evidence_names_the_readers_line(odd: str) -> None:
    text = f"; page one{odd} page two\n$ORIGIN example.com.\n$TTL 3600\n{SOA}"
    name, evidence = origin.infer("zone.txt", text)
    assert name.to_text() == "example.com."
    assert "line 4" in evidence.source, evidence.source


def test_a_templates_placeholder_is_named_at_the_readers_line(
    tmp_path: Path, cli: Callable[..., tuple[int, str, str]]
) -> None:
    zone = tmp_path / "t.zone"
    zone.write_text("; a\x0cb\n$ORIGIN {{ domain }}.\n$TTL 3600\n" + SOA)
    verdict = sniff.classify(zone.read_text())
    assert verdict.kind == "template"
    _, out, _ = cli("--format", "json", "--no-config", os.fspath(zone))
    [d] = json.loads(out)["diagnostics"]
    assert d["line"] == 2 and "at line 2" in d["message"]


def test_a_lone_cr_ends_a_statement_not_a_line() -> None:
    text = "$ORIGIN example.com.\r$TTL 60 ; a\rcomment\n@ IN A 192.0.2.1\n"
    assert list(numbered_lines(text)) == [
        (1, "$ORIGIN example.com."),
        (1, "$TTL 60 ; a\rcomment"),
        (2, "@ IN A 192.0.2.1"),
    ]


def test_a_zone_whose_owners_are_indented_is_a_zone_file() -> None:
    """Records written after blanks (which BIND refuses, "no current owner name") still make
    a zone file: it is linted and each line reported, not skipped as "not a zone file"."""
    text = (
        "$TTL 60\n    @   IN SOA ns1.example.com. admin.example.com. (\n"
        "    2021020601 120 120 120 120 )\n    @   IN NS ns1.example.com.\n"
        "    @   IN MX 10 mail.example.com.\n    ns1 IN A 192.0.2.2\n"
    )
    assert sniff.classify(text).kind == "zone"
    prose = "    Dear user,\n    the zone moved.\n    Regards\n"
    assert sniff.classify(prose).kind == "other"
    # only indented records, no directive nor record written as one: a text's examples
    examples = "    www  IN  A  192.0.2.80\n    @    IN  MX 10 mail\n"
    assert sniff.classify(examples).kind == "other"
