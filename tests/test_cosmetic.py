"""Small things a user reads (issue 18, item 10): no reST markup in machine-readable
descriptions, no dnspython token numbers in messages, singular counts."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

from .conftest import ZONE_HEADER

Cli = Callable[..., tuple[int, str, str]]
REST = re.compile(r"``|::\s*$|::\n", re.M)


def test_sarif_and_json_descriptions_are_plain_text(cli: Cli, tmp_path: Path) -> None:
    zone = tmp_path / "example.com.zone"
    zone.write_text(ZONE_HEADER + "@ IN MX 10 192.0.2.1\n")
    rules = json.loads(cli("--format", "sarif", str(zone))[1])["runs"][0]["tool"]["driver"]
    texts = [
        r[k]["text"]
        for r in rules["rules"]
        for k in ("shortDescription", "fullDescription", "help")
    ]
    assert texts and not [t for t in texts if REST.search(t)]
    listed = json.loads(cli("--list-rules", "--format", "json")[1])["rules"]
    assert not [r["summary"] for r in listed if REST.search(r["summary"])]
    # a summary that had markup keeps its words: ``$ORIGIN`` -> $ORIGIN
    assert any("$ORIGIN" in t or "--" in t for t in texts)


def test_junit_counts_one_file_in_the_singular(cli: Cli, tmp_path: Path) -> None:
    zone = tmp_path / "example.com.zone"
    zone.write_text(ZONE_HEADER + "@ IN MX 10 mail.example.com.\nmail IN A 192.0.2.1\n")
    root = ElementTree.fromstring(cli("--format", "junit", str(zone))[1])
    names = [case.get("name") for case in root.iter("testcase")]
    assert names == ["1 file checked"]


def test_no_dnspython_token_number_in_a_message(cli: Cli, tmp_path: Path) -> None:
    zone = tmp_path / "example.com.zone"
    zone.write_text(ZONE_HEADER + "@ IN MX 10 mail.example.com. extra\n$TTL 60 more\n")
    _, out, _ = cli(str(zone))
    assert 'expected the end of the record, found "extra"' in out
    assert 'found "more"' in out
    assert not re.search(r'got \d+ "', out) and "EOL or EOF" not in out
