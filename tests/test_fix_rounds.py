"""--fix runs to a fixed point in one invocation and says what it changed."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from mxlint import api, fix

from .conftest import ZONE_HEADER

Cli = Callable[..., tuple[int, str, str]]

# Adding the dot on line 6 makes it repeat line 5: the same run must then delete it.
BODY = (
    "@ IN MX 10 mail.example.com.\n"
    "@ IN MX 10 mail.example.com\n"
    "@ IN MX 20 mx2.example.com\n"
    "mail IN A 192.0.2.1\n"
    "mx2 IN A 192.0.2.2\n"
)
FIXED = (
    "@ IN MX 10 mail.example.com.\n"
    "@ IN MX 20 mx2.example.com.\n"
    "mail IN A 192.0.2.1\n"
    "mx2 IN A 192.0.2.2\n"
)


def test_dot_then_duplicate_in_one_run(cli: Cli, tmp_path: Path) -> None:
    zone = tmp_path / "example.com.zone"
    zone.write_text(ZONE_HEADER + BODY)
    code, out, err = cli("--no-config", "--fix", os.fspath(zone))
    assert zone.read_text() == ZONE_HEADER + FIXED
    assert (code, out) == (0, "")
    lines = err.splitlines()
    assert lines[0] == "mxlint: fixed 3 problems in 1 file (2 rounds):"
    assert lines[1] == (
        f"mxlint:   {zone}: 2 missing-trailing-dot (MX001), 1 duplicate-record (MX005)"
    )
    assert lines[2] == "1 file checked: 0 errors, 0 warnings, 0 infos"
    # a second run finds nothing to fix and says nothing about fixing
    code, out, err = cli("--no-config", "--fix", os.fspath(zone))
    assert code == 0 and "fixed" not in err and zone.read_text() == ZONE_HEADER + FIXED


def test_rounds_are_bounded(tmp_path: Path) -> None:
    zone = tmp_path / "example.com.zone"
    zone.write_text(ZONE_HEADER + BODY)
    options = api.Options(use_config=False)
    done = fix.fix_files([os.fspath(zone)], options, max_rounds=1)
    assert (done.rounds, done.stable) == (1, False)
    assert dict(done.changes) == {(os.fspath(zone), "MX001"): 2}
    assert [d.code for d in done.result.diagnostics] == ["MX005", "MX005"]
    done = fix.fix_files([os.fspath(zone)], options, max_rounds=1)
    assert (done.rounds, dict(done.changes)) == (1, {(os.fspath(zone), "MX005"): 1})
    assert zone.read_text() == ZONE_HEADER + FIXED
    done = fix.fix_files([os.fspath(zone)], options)
    assert (done.rounds, done.stable, done.files) == (0, True, [])


def test_cli_warns_when_the_bound_stops_it(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        fix.fix_files, "__kwdefaults__", {**fix.fix_files.__kwdefaults__, "max_rounds": 1}
    )
    zone = tmp_path / "example.com.zone"
    zone.write_text(ZONE_HEADER + BODY)
    code, _, err = cli("--no-config", "--fix", os.fspath(zone))
    assert "stopped after 1 rounds of fixes with more to fix; run mxlint --fix again" in err
    assert code == 0  # duplicates are warnings


def test_diff_shows_without_writing(cli: Cli, tmp_path: Path) -> None:
    zone = tmp_path / "example.com.zone"
    zone.write_text(ZONE_HEADER + BODY)
    code, out, err = cli("--no-config", "--diff", os.fspath(zone))
    assert code == 1 and zone.read_text() == ZONE_HEADER + BODY  # the errors are still there
    assert "+@ IN MX 10 mail.example.com.\n" in out and "fixed" not in err
