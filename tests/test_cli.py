"""The command line as a user runs it: output format, JSON shape, exit codes, usage errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import ROOT

Cli = Callable[..., tuple[int, str, str]]
Write = Callable[..., str]

BAD = (
    "@ IN MX 10 mail.example.com\n@ IN MX 20 mx2\n@ IN MX 20 mx2.example.com.\nmx2 IN A 192.0.2.2\n"
)


def test_text_output_is_path_line_col_severity_message_code(cli: Cli, write: Write) -> None:
    path = write("example.com.zone", BAD)
    code, out, err = cli(path)
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == (
        f'{path}:5:12: error: MX target "mail.example.com" has no trailing dot, so it means '
        "mail.example.com.example.com. (origin example.com. from the SOA record at line 3); "
        'write "mail.example.com." [MX001 missing-trailing-dot]'
    )
    assert lines[1].startswith(f"{path}:6:12: warning: ")
    assert lines[1].endswith("[MX005 duplicate-record]")
    assert len(lines) == 3
    assert err.splitlines() == [
        "1 file checked: 1 error, 2 warnings, 0 infos",
        "mxlint: 2 problems fixable with --fix (--diff shows how)",  # the dot, the repeat
    ]


def test_json_shape(
    cli: Cli, write: Write, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write("example.com.zone", BAD)
    monkeypatch.chdir(tmp_path)
    code, out, err = cli("--format", "json", "example.com.zone")
    assert code == 1 and err == ""
    doc = json.loads(out)
    assert set(doc) == {"version", "diagnostics", "summary"} and doc["version"] == 1
    assert doc["summary"] == {"files": 1, "errors": 1, "warnings": 2, "infos": 0}
    first = doc["diagnostics"][0]
    # version 1's keys, and "fixable" added (issue 18): nothing renamed or removed
    assert set(first) == {"path", "line", "column", "severity", "code", "rule", "message"} | {
        "fixable"
    }
    assert [d["fixable"] for d in doc["diagnostics"]] == [True, False, True]
    assert first["path"] == "example.com.zone"  # as given: relative stays relative
    assert (first["line"], first["column"], first["severity"]) == (5, 12, "error")
    assert (first["code"], first["rule"]) == ("MX001", "missing-trailing-dot")


def test_warnings_alone_exit_zero_and_clean_is_quiet(cli: Cli, write: Write) -> None:
    warn = write("example.com.zone", "@ IN MX 10 mx\n@ IN MX 20 mx\nmx IN A 192.0.2.1\n")
    code, out, _ = cli(warn)
    assert code == 0 and "[MX006 duplicate-target]" in out
    clean = write("zone.txt", "$TTL 60\n@ IN MX 10 mx\nmx IN A 192.0.2.1\n", raw=True)
    code, out, err = cli("--origin", "example.org.", clean)
    assert (code, out) == (0, "")
    assert "0 errors" in err


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["--bogus", "x"], "unrecognized arguments"),
        (["does-not-exist.zone"], "no such file or folder: does-not-exist.zone"),
        ([], "no PATH given"),
        (["--format", "xml", "x"], "invalid choice"),
        (["--disable", "no-such-rule", "."], "unknown rule 'no-such-rule'"),
    ],
)
def test_usage_errors_exit_2(cli: Cli, argv: list[str], needle: str) -> None:
    code, out, err = cli(*argv)
    assert code == 2 and out == ""
    assert needle in err and "Traceback" not in err


def test_origin_requires_a_single_file(cli: Cli, write: Write) -> None:
    a = write("a.zone", "")
    b = write("b.zone", "")
    code, _, err = cli("--origin", "example.com.", a, b)
    assert code == 2 and "single zone file" in err


def test_folder_walk_finds_zone_looking_files_and_sorts(
    cli: Cli, write: Write, tmp_path: Path
) -> None:
    write("zones/db.example.net", "$ORIGIN example.net.\n$TTL 60\n@ IN MX 10 1.2.3.4\n", raw=True)
    write("zones/sub/example.com.zone", "@ IN MX 10 192.0.2.1\n")
    write("zones/plain-named", "$TTL 60\n$ORIGIN example.org.\n@ IN MX 10 10.0.0.1\n", raw=True)
    write("zones/README.md", "# not a zone\n@ IN MX 10 10.0.0.1\n", raw=True)
    write("zones/.hidden/x.zone", "@ IN MX 10 10.0.0.1\n")
    _code, out, _err = cli("--format", "json", os.fspath(tmp_path / "zones"))
    doc = json.loads(out)
    paths = [d["path"] for d in doc["diagnostics"] if d["code"] == "MX002"]
    base = os.fspath(tmp_path / "zones")
    assert paths == sorted(
        [f"{base}/db.example.net", f"{base}/plain-named", f"{base}/sub/example.com.zone"]
    )
    assert doc["summary"]["files"] == 3


def test_explicit_file_is_linted_whatever_its_name(cli: Cli, write: Write) -> None:
    path = write("notes.txt", "$ORIGIN example.com.\n$TTL 60\n@ IN MX 10 192.0.2.1\n", raw=True)
    code, out, _ = cli(path)
    assert code == 1 and "[MX002 ip-target]" in out


def test_targets_in_sibling_zone_files(cli: Cli, write: Write, tmp_path: Path) -> None:
    write(
        "zones/example.com.zone",
        "@ IN MX 10 mail.example.net.\n"  # CNAME there
        "@ IN MX 20 gone.example.net.\n"  # missing there
        "@ IN MX 30 ok.example.net.\n"  # fine there
        "@ IN MX 40 mx.elsewhere.test.\n",  # outside every loaded zone: not guessed at
    )
    write(
        "zones/example.net.zone",
        "$ORIGIN example.net.\n$TTL 60\n@ IN SOA ns hm 1 2 3 4 5\n"
        "mail IN CNAME ok\nOK IN A 192.0.2.7\n",
        raw=True,
    )
    code, out, _ = cli("--format", "json", os.fspath(tmp_path / "zones"))
    got = [(d["line"], d["rule"]) for d in json.loads(out)["diagnostics"]]
    assert got == [(5, "cname-target"), (6, "missing-address")]
    assert code == 1


def test_python_dash_m_and_console_script_entry(write: Write) -> None:
    path = write("example.com.zone", "@ IN MX 10 192.0.2.1\n")
    proc = subprocess.run(
        [sys.executable, "-m", "mxlint", path], capture_output=True, text=True, cwd=ROOT
    )
    assert proc.returncode == 1 and "[MX002 ip-target]" in proc.stdout


def test_broken_input_never_gives_a_traceback(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "a.zone").write_bytes(b"\xff\xfe\x00garbage")
    (tmp_path / "b.zone").write_bytes(b"$ORIGIN example.com.\n@ IN MX 10 (\n")
    (tmp_path / "c.zone").write_text('$ORIGIN example.com.\n$TTL 1\n@ IN TXT "unterminated\n')
    (tmp_path / "d.zone").write_text("$INCLUDE\n$GENERATE x\n$FOO\n$ORIGIN\n)\n")
    code, out, err = cli(os.fspath(tmp_path))
    assert code == 1 and "Traceback" not in out + err
    for name in "bcd":
        assert f"{name}.zone:" in out
    # A binary file is no zone file: a folder walk passes over it (--verbose says so), and
    # named explicitly it is one clear diagnostic.
    assert "a.zone" not in out
    code, out, err = cli("--verbose", os.fspath(tmp_path))
    assert f"mxlint: skipped {tmp_path / 'a.zone'}: not a zone file" in err
    code, out, err = cli(os.fspath(tmp_path / "a.zone"))
    assert code == 1 and out.count("a.zone:") == 1 and "binary" in out


def test_folder_walk_skips_symlinks_leading_out_of_the_folder(cli: Cli, tmp_path: Path) -> None:
    secret = tmp_path / "shadow"
    secret.write_text("root:SECRET-HASH:19000:0:99999:7:::\n")
    zones = tmp_path / "zones"
    zones.mkdir()
    (zones / "evil.zone").symlink_to(secret)
    (zones / "ok.zone").write_text("$ORIGIN example.com.\n$TTL 60\n@ IN MX 10 192.0.2.1\n")
    (zones / "inside.zone").symlink_to(zones / "ok.zone")
    _, out, err = cli(os.fspath(zones))
    assert "SECRET" not in out + err and "evil.zone" not in out
    # a link inside the folder is followed, and the file it names is linted once
    assert out.count("[MX002 ip-target]") == 1 and "inside.zone:3" in out


def test_a_folder_without_zones_warns(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("# nothing here\n")
    code, out, err = cli(os.fspath(tmp_path))
    assert (code, out) == (0, "")
    assert "warning: no zone files found" in err and "0 files checked" in err


def test_a_deleted_working_folder_is_a_clear_error(tmp_path: Path) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    zone = tmp_path / "example.com.zone"
    zone.write_text("$ORIGIN example.com.\n$TTL 60\n@ IN MX 10 mail\nmail IN A 192.0.2.1\n")
    script = (
        "import os, sys; os.chdir(sys.argv[1]); os.rmdir(sys.argv[1]); "
        "from mxlint.cli import main; sys.exit(main([sys.argv[2]]))"
    )
    env = {**os.environ, "PYTHONPATH": os.fspath(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-c", script, os.fspath(gone), os.fspath(zone)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "the current folder no longer exists" in proc.stderr
