"""``--fix`` that changes a zone's records bumps its SOA serial (YYYYMMDDnn where the zone
uses that form, else +1 per RFC 1982), once per zone per run, says so, and ``--diff`` shows
it; the serial check (serial-not-increased) does not fire after a ``--fix`` run."""

from __future__ import annotations

import datetime
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from mxlint.stages import serial

from .test_serial import dated, make_repo

Cli = Callable[..., tuple[int, str, str]]


def zone(serial_: object, body: str = "@ IN MX 10 mail.example.com\nmail IN A 192.0.2.1\n") -> str:
    return (
        "$ORIGIN example.com.\n$TTL 3600\n"
        f"@ IN SOA ns1.example.net. hostmaster.example.com. (\n    {serial_} ; serial\n"
        "    7200 3600 1209600 300 )\n@ IN NS ns1.example.net.\n" + body
    )


def test_next_serial() -> None:
    day = datetime.date(2026, 12, 7)
    assert serial.next_serial(41, day) == 42
    assert serial.next_serial(2**32 - 1, day) == 0  # RFC 1982 wraps
    assert serial.next_serial(2024010105, day) == 2026120701
    assert serial.next_serial(2026120701, day) == 2026120702


def test_fix_bumps_the_serial_once_per_run_and_says_so(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "example.com.zone"
    # two rounds: the dot, then the duplicate the dot made
    body = "@ IN MX 10 mail.example.com\n@ IN MX 10 mail\nmail IN A 192.0.2.1\n"
    path.write_text(zone(7, body))
    _code, _out, err = cli("--fix", os.fspath(path))
    text = path.read_text()
    assert "    8 ; serial\n" in text  # once, not once per round
    assert "mail.example.com." in text
    assert f"{path}: SOA serial 7 -> 8" in err


def test_fix_uses_the_date_form_when_the_zone_does(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "example.com.zone"
    path.write_text(zone(2020010103))
    _result, days = dated(lambda: cli("--fix", os.fspath(path)))
    assert any(f"    {day}01 ; serial\n" in path.read_text() for day in days)


def test_diff_shows_the_bump(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "example.com.zone"
    path.write_text(zone(7))
    _code, out, _err = cli("--diff", os.fspath(path))
    assert "-    7 ; serial\n+    8 ; serial\n" in out
    assert path.read_text() == zone(7)


def test_deleting_a_duplicate_changes_no_record_and_keeps_the_serial(
    cli: Cli, tmp_path: Path
) -> None:
    path = tmp_path / "example.com.zone"
    body = "@ IN MX 10 mail\n@ IN MX 10 mail\nmail IN A 192.0.2.1\n"
    path.write_text(zone(7, body))
    _code, _out, err = cli("--fix", os.fspath(path))
    assert "    7 ; serial\n" in path.read_text() and "serial" not in err


def test_serial_check_is_quiet_after_fix(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_repo(tmp_path / "repo", {"example.com.zone": zone(5)})
    monkeypatch.chdir(repo)
    _code, _out, err = cli("--fix", "example.com.zone")
    assert "SOA serial 5 -> 6" in err
    code, out, _err = cli("example.com.zone")
    assert "serial-not-increased" not in out and code == 0, out
