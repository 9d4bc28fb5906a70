"""Context zones: loaded for lookups only, never reported on; the pre-commit case."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

Cli = Callable[..., tuple[int, str, str]]
Write = Callable[..., str]

SIBLING = (
    "$ORIGIN example.net.\n$TTL 60\n@ IN SOA ns hm 1 2 3 4 5\n"
    "mail IN CNAME ok\nOK IN A 192.0.2.7\nbroken IN MX 10 192.0.2.1\n"
)
MAIN = (
    "@ IN MX 10 mail.example.net.\n"  # 5: a CNAME there
    "@ IN MX 20 gone.example.net.\n"  # 6: missing there
    "@ IN MX 30 ok.example.net.\n"  # 7: fine there
)


@pytest.fixture
def zones(write: Write, tmp_path: Path) -> Path:
    write("zones/example.com.zone", MAIN)
    write("zones/example.net.zone", SIBLING, raw=True)
    return tmp_path / "zones"


def rules_of(out: str) -> list[tuple[str, int, str]]:
    return [
        (os.path.basename(d["path"]), d["line"], d["rule"]) for d in json.loads(out)["diagnostics"]
    ]


def test_one_file_alone_cannot_check_sibling_targets(cli: Cli, zones: Path) -> None:
    code, out, _ = cli("--format", "json", os.fspath(zones / "example.com.zone"))
    assert (code, rules_of(out)) == (0, [])


def test_one_file_plus_context_folder(cli: Cli, zones: Path) -> None:
    code, out, _ = cli(
        "--format", "json", "--context", os.fspath(zones), os.fspath(zones / "example.com.zone")
    )
    # the sibling's own defect (broken IN MX 10 192.0.2.1) is not reported: context only
    assert rules_of(out) == [
        ("example.com.zone", 5, "cname-target"),
        ("example.com.zone", 6, "missing-address"),
    ]
    assert code == 1
    assert json.loads(out)["summary"]["files"] == 1


def test_a_file_given_as_context_and_to_lint_is_linted_once(cli: Cli, zones: Path) -> None:
    net = os.fspath(zones / "example.net.zone")
    _, out, _ = cli("--format", "json", "--context", os.fspath(zones), net)
    assert rules_of(out) == [("example.net.zone", 6, "ip-target")]


def test_whole_folder_checks_siblings_and_reports_both(cli: Cli, zones: Path) -> None:
    _, out, _ = cli("--format", "json", os.fspath(zones))
    assert rules_of(out) == [
        ("example.com.zone", 5, "cname-target"),
        ("example.com.zone", 6, "missing-address"),
        ("example.net.zone", 6, "ip-target"),
    ]


def test_missing_context_path_is_a_usage_error(cli: Cli, zones: Path) -> None:
    code, _, err = cli("--context", "nowhere/", os.fspath(zones))
    assert code == 2 and "nowhere/" in err


def test_enable_and_disable_by_name_or_code(cli: Cli, zones: Path) -> None:
    target = os.fspath(zones / "example.com.zone")
    _, out, _ = cli("--format", "json", "--enable", "MX016", target)
    assert [r for _, _, r in rules_of(out)] == ["unverifiable-target"] * 3
    _, out, _ = cli(
        "--format",
        "json",
        "--context",
        os.fspath(zones),
        "--disable",
        "cname-target",
        "--disable",
        "MX004",
        target,
    )
    assert rules_of(out) == []
