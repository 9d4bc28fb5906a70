"""``mxlint -``: a zone read from standard input, run as the real command with input piped in."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest

from .conftest import ROOT

# Origin from the name only (no $ORIGIN): db.example.com says example.com.
ZONE = """\
$TTL 3600
@    IN SOA ns1.example.net. hostmaster.example.com. 1 7200 3600 1209600 300
@    IN NS  ns1.example.net.
@    IN MX  10 mail.example.com
@    IN MX  20 mx2.example.com.
@    IN MX  20 mx2.example.com.
mail IN A   192.0.2.1
mx2  IN A   192.0.2.2
"""
# What --fix makes of it: the dot added, and the duplicate line deleted.
FIXED = ZONE.replace("mail.example.com\n", "mail.example.com.\n").replace(
    "@    IN MX  20 mx2.example.com.\n", "", 1
)


def mxlint(
    *args: str, stdin: bytes | str = ZONE, cwd: Path | str = ROOT
) -> subprocess.CompletedProcess[str]:
    data = stdin.encode() if isinstance(stdin, str) else stdin
    proc = subprocess.run(
        [sys.executable, "-m", "mxlint", *args],
        input=data,
        capture_output=True,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": os.fspath(ROOT)},
    )
    out = subprocess.CompletedProcess(
        proc.args, proc.returncode, proc.stdout.decode(), proc.stderr.decode()
    )
    assert "Traceback" not in out.stderr, out.stderr
    return out


def test_without_a_name_the_zone_is_stdin(tmp_path: Path) -> None:
    proc = mxlint("-", cwd=tmp_path)
    assert proc.returncode == 1
    assert "<stdin>:4:16: error: " in proc.stdout and "[MX001 missing-trailing-dot]" in proc.stdout
    # without a name, nothing says the origin: the zone-identity note asks for one
    assert "[MX020 zone-identity]" in proc.stdout
    assert "1 file checked" in proc.stderr


def test_stdin_filename_gives_name_origin_and_wins_over_the_file(tmp_path: Path) -> None:
    on_disk = tmp_path / "db.example.com"
    on_disk.write_text("this file is not read\n")
    proc = mxlint("-", "--stdin-filename", os.fspath(on_disk), cwd=tmp_path)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert [line.split(": ")[0] for line in lines] == [
        f"{on_disk}:4:16",
        f"{on_disk}:5:16",
        f"{on_disk}:6:16",
    ]
    # the origin comes from the name: the missing dot means mail.example.com.example.com.
    assert "mail.example.com.example.com." in lines[0]
    assert "zone-identity" not in proc.stdout
    assert on_disk.read_text() == "this file is not read\n"


def test_configuration_is_found_from_the_named_files_folder(tmp_path: Path) -> None:
    zones = tmp_path / "repo" / "zones"
    zones.mkdir(parents=True)
    (tmp_path / "repo" / ".mxlint.yaml").write_text("rules:\n  duplicate-record: off\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / ".mxlint.yaml").write_text("rules:\n  missing-trailing-dot: off\n")
    name = os.fspath(zones / "db.example.com")
    proc = mxlint("-", "--stdin-filename", name, cwd=elsewhere)
    assert "[MX001 missing-trailing-dot]" in proc.stdout
    assert "duplicate-record" not in proc.stdout
    # without a name, the current folder's configuration applies, as for files
    proc = mxlint("-", cwd=elsewhere)
    assert "missing-trailing-dot" not in proc.stdout and "duplicate-record" in proc.stdout
    # a bad configuration there is exit 2, as on files
    (tmp_path / "repo" / ".mxlint.yaml").write_text("rules:\n  no-such-rule: off\n")
    proc = mxlint("-", "--stdin-filename", name, cwd=elsewhere)
    assert proc.returncode == 2 and "no-such-rule" in proc.stderr


def test_a_clean_zone_exits_0() -> None:
    proc = mxlint("-", "--stdin-filename", "db.example.com", stdin=FIXED)
    assert (proc.returncode, proc.stdout) == (0, "")


def test_every_output_format_names_the_zone() -> None:
    name = "zones/db.example.com"
    for fmt in ("json", "sarif", "github", "gitlab", "junit", "checkstyle"):
        proc = mxlint("-", "--stdin-filename", name, "--format", fmt)
        assert proc.returncode == 1, fmt
        if fmt == "json":
            paths = {d["path"] for d in json.loads(proc.stdout)["diagnostics"]}
        elif fmt == "sarif":
            results = json.loads(proc.stdout)["runs"][0]["results"]
            paths = {
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results
            }
        elif fmt == "gitlab":
            paths = {issue["location"]["path"] for issue in json.loads(proc.stdout)}
        elif fmt == "github":
            paths = {line.split("file=")[1].split(",")[0] for line in proc.stdout.splitlines()}
        elif fmt == "junit":
            root = ElementTree.fromstring(proc.stdout)
            paths = {case.get("classname") for case in root.iter("testcase")}
        else:
            root = ElementTree.fromstring(proc.stdout)
            paths = {f.get("name") for f in root.iter("file")}
        assert paths == {name}, (fmt, paths)


def test_fix_prints_the_fixed_zone_and_writes_nothing(tmp_path: Path) -> None:
    on_disk = tmp_path / "db.example.com"
    on_disk.write_text(ZONE)
    proc = mxlint("-", "--stdin-filename", os.fspath(on_disk), "--fix")
    # to a fixed point: the dot, then the duplicate line
    assert proc.stdout == FIXED
    assert proc.returncode == 0
    assert "fixed 2 problems" in proc.stderr and "0 errors" in proc.stderr
    assert on_disk.read_text() == ZONE
    # what remains unfixable is reported on standard error, and sets the exit status
    bad = ZONE + "@ IN MX 30 192.0.2.9\n"
    proc = mxlint("-", "--stdin-filename", "db.example.com", "--fix", stdin=bad)
    assert proc.stdout == FIXED + "@ IN MX 30 192.0.2.9\n"
    assert proc.returncode == 1 and "[MX002 ip-target]" in proc.stderr
    # --format json with --fix: the zone on stdout, the JSON report on stderr
    proc = mxlint("-", "--stdin-filename", "db.example.com", "--fix", "--format", "json")
    assert proc.stdout == FIXED and json.loads(proc.stderr)["diagnostics"] == []


def test_fix_keeps_crlf_and_byte_order_mark() -> None:
    crlf = "\ufeff" + ZONE.replace("\n", "\r\n")
    proc = subprocess.run(
        [sys.executable, "-m", "mxlint", "-", "--stdin-filename", "db.example.com", "--fix"],
        input=crlf.encode(),
        capture_output=True,
        cwd=ROOT,
    )
    assert proc.stdout.decode() == "\ufeff" + FIXED.replace("\n", "\r\n")


def test_diff_shows_the_change() -> None:
    proc = mxlint("-", "--stdin-filename", "db.example.com", "--diff")
    assert proc.returncode == 1
    assert proc.stdout.startswith("--- a/db.example.com\n+++ b/db.example.com\n")
    changed = [line for line in proc.stdout.splitlines()[3:] if line[:1] in "+-"]
    assert changed == [
        "-@    IN MX  10 mail.example.com",
        "-@    IN MX  20 mx2.example.com.",
        "+@    IN MX  10 mail.example.com.",
    ]


@pytest.mark.parametrize(
    ("data", "why"),
    [(b"\x7fELF\x00\x01", "binary")],
)
def test_undecodable_input_is_one_diagnostic(data: bytes, why: str) -> None:
    proc = mxlint("-", "--stdin-filename", "db.example.com", stdin=data)
    assert proc.returncode == 1
    assert proc.stdout.count("db.example.com:") == 1 and why in proc.stdout
    assert "[MX000 syntax-error]" in proc.stdout
    proc = mxlint("-", "--format", "json", stdin=data)
    (diag,) = json.loads(proc.stdout)["diagnostics"]
    assert diag["path"] == "<stdin>" and diag["code"] == "MX000"


def test_dash_must_be_alone() -> None:
    proc = mxlint("-", "rules/")
    assert proc.returncode == 2 and "must be the only PATH" in proc.stderr
    proc = mxlint("rules/", "--stdin-filename", "db.example.com")
    assert proc.returncode == 2 and "give - as the only PATH" in proc.stderr


@pytest.mark.skipif(__import__("shutil").which("git") is None, reason="git is not installed")
def test_stdin_runs_the_serial_stage_against_heads_version(tmp_path: Path) -> None:
    """The editor path and the command line agree: the buffer is compared with HEAD's version
    of --stdin-filename's path, even when the file on disk is unchanged."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com"}
    env.update(GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com")
    committed = FIXED
    (tmp_path / "db.example.com").write_text(committed)
    for cmd in (["init", "-q"], ["add", "."], ["commit", "-qm", "zones"]):
        subprocess.run(["git", *cmd], cwd=tmp_path, check=True, env=env, capture_output=True)
    edited = committed.replace("192.0.2.1", "192.0.2.9")  # a record changed, serial kept
    proc = mxlint("--stdin-filename", "db.example.com", "-", stdin=edited, cwd=tmp_path)
    assert proc.returncode == 1 and "[MX022 serial-not-increased]" in proc.stdout, proc.stderr
    (tmp_path / "db.example.com").write_text(edited)  # the same content from the file: same verdict
    on_disk = subprocess.run(
        [sys.executable, "-m", "mxlint", "db.example.com"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": os.fspath(ROOT)},
    )
    assert (on_disk.returncode, on_disk.stdout) == (proc.returncode, proc.stdout)
    # the buffer as committed, the file on disk edited: the buffer is what is judged
    proc = mxlint("--stdin-filename", "db.example.com", "-", stdin=committed, cwd=tmp_path)
    assert proc.returncode == 0 and "MX022" not in proc.stdout
    # without a name there is nothing to compare with, and that is said
    proc = mxlint("-", stdin=edited, cwd=tmp_path)
    assert "serial-not-increased not checked for <stdin>" in proc.stderr
