"""--baseline / --write-baseline: only new diagnostics are reported, across line moves."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from mxlint.stages import baseline

from .conftest import ZONE_HEADER

Cli = Callable[..., tuple[int, str, str]]

BODY = "@ IN MX 10 192.0.2.1\n@ IN MX 20 mail.example.com\n"
CLEAN = "@ IN MX 10 mail\nmail IN A 192.0.2.3\n"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "zones").mkdir()
    (tmp_path / "zones" / "example.com.zone").write_text(ZONE_HEADER + BODY)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def codes(out: str) -> list[str]:
    return [line.rsplit("[", 1)[1].split()[0] for line in out.splitlines()]


def test_write_then_only_new_diagnostics_across_a_line_move(cli: Cli, repo: Path) -> None:
    code, out, _ = cli("zones")
    assert code == 1 and codes(out) == ["MX002", "MX001"]
    code, out, err = cli("--baseline", "base.json", "--write-baseline", "zones")
    assert (code, out) == (0, "")
    assert "wrote base.json: 2 diagnostics recorded" in err
    data = json.loads((repo / "base.json").read_text())
    assert data == {
        "version": 1,
        "entries": [
            {
                "path": "zones/example.com.zone",
                "code": "MX001",
                "rule": "missing-trailing-dot",
                "text": "@ IN MX 20 mail.example.com",
                "count": 1,
            },
            {
                "path": "zones/example.com.zone",
                "code": "MX002",
                "rule": "ip-target",
                "text": "@ IN MX 10 192.0.2.1",
                "count": 1,
            },
        ],
    }
    assert cli("--baseline", "base.json", "zones")[:2] == (0, "")

    # Lines inserted above the recorded defects (and spacing changed): still recorded.
    zone = repo / "zones" / "example.com.zone"
    moved = ZONE_HEADER + "; moved down\nwww IN A 192.0.2.9\n\n" + BODY.replace(" IN ", "  IN\t")
    zone.write_text(moved)
    code, out, err = cli("--baseline", "base.json", "zones")
    assert (code, out) == (0, "") and "stale" not in err

    # The defect's own record edited: a new diagnostic, and the old entry is stale.
    zone.write_text(moved.replace("192.0.2.1", "192.0.2.7"))
    code, out, err = cli("--baseline", "base.json", "zones")
    assert code == 1 and codes(out) == ["MX002"] and ":8:" in out.split()[0]
    assert "1 baselined diagnostic no longer found" in err
    assert "stale: zones/example.com.zone: MX002 ip-target: @ IN MX 10 192.0.2.1" in err

    # Writing again shrinks the file to what is found today.
    zone.write_text(ZONE_HEADER + CLEAN)
    cli("--baseline", "base.json", "--write-baseline", "zones")
    assert json.loads((repo / "base.json").read_text())["entries"] == []


def test_identical_repeats_are_counted(cli: Cli, repo: Path) -> None:
    zone = repo / "zones" / "example.com.zone"
    line = "mail IN MX 10 192.0.2.1\n"
    zone.write_text(ZONE_HEADER + line + line.replace("mail", "www") + "@ IN MX 10 mail.\n")
    cli("--baseline", "b.json", "--write-baseline", "--disable", "duplicate-record", "zones")
    # "mail" and "www" lines differ: two entries
    assert len(json.loads((repo / "b.json").read_text())["entries"]) == 2
    zone.write_text(ZONE_HEADER + line + line + "@ IN MX 10 mail.\n")
    cli("--baseline", "b.json", "--write-baseline", "--disable", "duplicate-record", "zones")
    [entry] = json.loads((repo / "b.json").read_text())["entries"]
    assert entry["count"] == 2
    # a third identical line is one more than recorded: it alone is reported
    zone.write_text(ZONE_HEADER + line * 3 + "@ IN MX 10 mail.\n")
    code, out, _ = cli("--baseline", "b.json", "--disable", "duplicate-record", "zones")
    assert code == 1 and codes(out) == ["MX002"] and ":7:" in out


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (None, "not found; create it with --write-baseline"),
        ("{not json", "b.json:1: baseline file is not valid JSON"),
        ('{"version": 1}', 'expected an object with "version" and an "entries" list'),
        ('{"version": 9, "entries": []}', '"version" is 9'),
        ('{"version": 1, "entries": [{"path": "a", "code": 1, "text": ""}]}', '"code"'),
        (
            '{"version": 1, "entries": [{"path": "a", "code": "X", "text": "", "count": 0}]}',
            "count",
        ),
        (b"\xff\xfe", "cannot be read"),
    ],
)
def test_bad_baseline_is_exit_2(
    cli: Cli, repo: Path, content: str | bytes | None, why: str
) -> None:
    if isinstance(content, bytes):
        (repo / "b.json").write_bytes(content)
    elif content is not None:
        (repo / "b.json").write_text(content)
    code, out, err = cli("--baseline", "b.json", "zones")
    assert code == 2 and out == ""
    assert why in err and err.startswith("mxlint: error:")


def test_write_baseline_needs_a_file(cli: Cli, repo: Path) -> None:
    code, _, err = cli("--write-baseline", "zones")
    assert code == 2 and "--write-baseline needs a file" in err


def test_configured_baseline_is_relative_to_the_configuration(
    cli: Cli, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (repo / ".mxlint.yaml").write_text("baseline: ci/mxlint-baseline.json\n")
    (repo / "ci").mkdir()
    code, _, err = cli("zones")
    assert code == 2 and "ci/mxlint-baseline.json not found" in err
    assert cli("--write-baseline", "zones")[0] == 0
    entries = json.loads((repo / "ci" / "mxlint-baseline.json").read_text())["entries"]
    assert {e["path"] for e in entries} == {"../zones/example.com.zone"}
    monkeypatch.chdir(repo / "zones")  # the configuration is found above; paths still match
    assert cli("example.com.zone")[:2] == (0, "")
    # --baseline wins over the configuration
    assert cli("--baseline", "../nothing.json", "example.com.zone")[0] == 2


def test_bad_configured_baseline_value(cli: Cli, repo: Path) -> None:
    (repo / ".mxlint.yaml").write_text("baseline: [a]\n")
    code, _, err = cli("zones")
    assert code == 2 and '.mxlint.yaml:1: "baseline" must be the path' in err


def test_a_partial_run_keeps_other_files_entries(cli: Cli, repo: Path) -> None:
    other = repo / "zones" / "example.net.zone"
    # (its name server stays outside it: ns1.example.net. inside example.net. with no address
    # would make named refuse the zone, one more entry)
    header = ZONE_HEADER.replace("ns1.example.net.", "ns1.example.org.")
    other.write_text(header.replace("example.com", "example.net") + BODY)
    cli("--baseline", "b.json", "--write-baseline", "zones")
    assert len(json.loads((repo / "b.json").read_text())["entries"]) == 4
    # fix one file and lint only it: the other file's entries are neither stale nor dropped
    zone = repo / "zones" / "example.com.zone"
    zone.write_text(ZONE_HEADER + CLEAN)
    code, _, err = cli("--baseline", "b.json", "zones/example.com.zone")
    assert code == 0 and err.count("stale:") == 2 and "example.net" not in err
    cli("--baseline", "b.json", "--write-baseline", "zones/example.com.zone")
    entries = json.loads((repo / "b.json").read_text())["entries"]
    assert [e["path"] for e in entries] == ["zones/example.net.zone"] * 2


def test_suppressed_diagnostics_are_not_recorded(cli: Cli, repo: Path) -> None:
    zone = repo / "zones" / "example.com.zone"
    zone.write_text(ZONE_HEADER + "@ IN MX 10 192.0.2.1 ; mxlint: disable=ip-target\n")
    cli("--baseline", "b.json", "--write-baseline", "zones")
    assert json.loads((repo / "b.json").read_text())["entries"] == []


def test_file_is_stable_and_sorted(tmp_path: Path) -> None:
    entries = {
        ("b.zone", "MX002", "x"): ("ip-target", 1),
        ("a.zone", "MX005", "y"): ("duplicate-record", 2),
        ("a.zone", "MX001", "z"): ("missing-trailing-dot", 1),
    }
    path = os.fspath(tmp_path / "b.json")
    baseline.write(path, entries)
    text = (tmp_path / "b.json").read_text()
    assert text == baseline.dumps(dict(reversed(list(entries.items()))))
    assert [e["path"] + e["code"] for e in json.loads(text)["entries"]] == [
        "a.zoneMX001",
        "a.zoneMX005",
        "b.zoneMX002",
    ]
    assert baseline.read(path).entries == entries
