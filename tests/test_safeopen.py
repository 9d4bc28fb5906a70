"""Every open is the safe open: regular files only, never blocking, size-bounded; reporters
and the baseline never re-open what the loader refused; globs never loop through links."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from mxlint import safeopen
from mxlint.model import Diagnostic
from mxlint.report import fingerprints

from .conftest import ROOT, ZONE_HEADER, run_cli


def _finishes(fn: Callable[[], object], seconds: float = 10) -> object:
    box: list[object] = []
    raised: list[BaseException] = []

    def run() -> None:
        try:
            box.append(fn())
        except BaseException as exc:  # re-raised in the test's thread
            raised.append(exc)

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(seconds)
    assert not t.is_alive(), "hung"
    if raised:
        raise raised[0]
    return box[0] if box else None


def test_read_refuses_what_is_not_a_regular_file(tmp_path: Path) -> None:
    fifo = tmp_path / "named.conf"
    os.mkfifo(fifo)
    for path in (os.fspath(fifo), "/dev/zero", os.fspath(tmp_path)):
        with pytest.raises(OSError):
            _finishes(lambda p=path: safeopen.read_bytes(p))  # type: ignore[misc]
    ok = tmp_path / "a.txt"
    ok.write_bytes(b"x" * 10)
    assert safeopen.read_bytes(os.fspath(ok)) == b"x" * 10
    with pytest.raises(safeopen.UnsafeFile, match="larger than 9 bytes"):
        safeopen.read_bytes(os.fspath(ok), 9)
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    with pytest.raises(OSError):
        safeopen.read_bytes(os.fspath(loop))


def test_reporters_never_reopen_a_fifo_or_a_device(tmp_path: Path) -> None:
    fifo = tmp_path / "example.com.zone"
    os.mkfifo(fifo)
    diags = [
        Diagnostic(p, 1, 1, "error", "MX000", "syntax-error", "m")
        for p in (os.fspath(fifo), "/dev/zero")
    ]
    keys = _finishes(lambda: fingerprints(diags))
    assert isinstance(keys, list) and len(keys) == 2


def test_a_baseline_that_links_to_dev_zero_is_refused(tmp_path: Path) -> None:
    zone = tmp_path / "example.com.zone"
    zone.write_text(ZONE_HEADER + "@ IN MX 10 mail.example.com\n")
    link = tmp_path / "baseline.json"
    link.symlink_to("/dev/zero")
    code, _out, err = _finishes(lambda: run_cli(["--baseline", os.fspath(link), os.fspath(zone)]))  # type: ignore[misc]
    assert code == 2 and "a device" in err


def test_glob_does_not_loop_through_links_to_the_folder(tmp_path: Path) -> None:
    zones = tmp_path / "zones"
    (zones / "sub").mkdir(parents=True)
    (zones / "a.zone").write_text("")
    (zones / "sub" / "b.zone").write_text("")
    (zones / "sub" / ".hidden.zone").write_text("")
    (zones / "l1").symlink_to(".")
    (zones / "l2").symlink_to(".")
    pattern = os.path.join(os.fspath(tmp_path), "zones", "**", "*.zone")
    got = _finishes(lambda: safeopen.glob_files(pattern))
    assert got == [os.fspath(zones / "a.zone"), os.fspath(zones / "sub" / "b.zone")]
    assert safeopen.glob_files(pattern, limit=1) == [os.fspath(zones / "a.zone")]


def test_sarif_end_to_end_with_a_fifo_zone(tmp_path: Path) -> None:
    fifo = tmp_path / "example.com.zone"
    os.mkfifo(fifo)
    code, out, _err = _finishes(
        lambda: run_cli(["--format", "sarif", os.fspath(tmp_path / "example.com.zone")])
    )  # type: ignore[misc]
    assert json.loads(out)["runs"][0]["results"]
    assert code in (1, 2)


def test_context_and_server_config_globs_end_with_links_to_the_folder(tmp_path: Path) -> None:
    zones = tmp_path / "zones"
    zones.mkdir()
    (zones / "example.com.zone").write_text(ZONE_HEADER + "@ IN MX 10 mail.example.net.\n")
    (zones / "example.net.zone").write_text(
        ZONE_HEADER.replace("example.com.", "example.net.") + "mail IN A 192.0.2.1\n"
    )
    (zones / "l1").symlink_to(".")
    (zones / "l2").symlink_to(".")
    (tmp_path / ".mxlint.yaml").write_text(
        'context: ["zones/**/*.net.zone"]\nserver-configs: ["zones/**/named.conf"]\n'
    )
    code, out, err = _finishes(  # type: ignore[misc]
        lambda: run_cli([os.fspath(zones / "example.com.zone")]), 60
    )
    assert code == 0, out + err


# --------------------------------------------------------------------------- every open (issue 17)


def _mxlint(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """mxlint in its own process, as CI runs it: a read that blocks fails by the timeout."""
    env = {**os.environ, "PYTHONPATH": os.fspath(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "mxlint", "--no-config", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


_NAMED_CONF = 'zone "example.com" { type primary; file "example.com.zone"; };\n'


def test_read_head_reads_the_start_of_a_regular_file_only(tmp_path: Path) -> None:
    fifo = tmp_path / "named.conf"
    os.mkfifo(fifo)
    with pytest.raises(safeopen.UnsafeFile, match=r"named pipe \(FIFO\)"):
        _finishes(lambda: safeopen.read_head(os.fspath(fifo), 10))
    with pytest.raises(safeopen.UnsafeFile, match="a device"):
        safeopen.read_head("/dev/zero", 10)
    ok = tmp_path / "a.txt"
    ok.write_bytes(b"0123456789")
    assert safeopen.read_head(os.fspath(ok), 4) == b"0123"
    assert safeopen.read_head(os.fspath(ok), 100) == b"0123456789"


def test_a_fifo_named_named_conf_in_a_folder_walk(tmp_path: Path) -> None:
    (tmp_path / "example.com.zone").write_text(ZONE_HEADER + "@ IN MX 10 mail.example.com.\n")
    os.mkfifo(tmp_path / "named.conf")
    r = _mxlint(tmp_path, "--verbose", "--format", "json", ".")
    found = json.loads(r.stdout)["diagnostics"]
    assert [d["rule"] for d in found] == ["missing-address"]  # the zone was still checked
    assert (
        "skipped named.conf:0: server configuration: is a named pipe (FIFO); "
        "only regular files are read" in r.stderr
    )


def test_a_fifo_conf_included_from_named_conf(tmp_path: Path) -> None:
    (tmp_path / "example.com.zone").write_text(ZONE_HEADER + "@ IN MX 10 mail.example.com.\n")
    (tmp_path / "named.conf").write_text('include "extra.conf";\n' + _NAMED_CONF)
    os.mkfifo(tmp_path / "extra.conf")
    note = "extra.conf is a named pipe (FIFO); only regular files are read"
    for args in (("--verbose", "."), ("--verbose", "named.conf")):
        r = _mxlint(tmp_path, "--format", "json", *args)
        found = json.loads(r.stdout)["diagnostics"]
        assert [d["rule"] for d in found] == ["missing-address"], args
        assert note in r.stderr, args


def test_a_fifo_that_a_server_configuration_loads_as_a_zone(tmp_path: Path) -> None:
    (tmp_path / "example.com.zone").write_text(ZONE_HEADER + "@ IN MX 10 mail.example.com.\n")
    (tmp_path / "named.conf").write_text(
        _NAMED_CONF + 'zone "example.org" { type primary; file "example.org.db"; };\n'
    )
    os.mkfifo(tmp_path / "example.org.db")
    r = _mxlint(tmp_path, "--format", "json", ".")
    assert [d["rule"] for d in json.loads(r.stdout)["diagnostics"]] == ["missing-address"]


def test_show_source_does_not_reopen_a_fifo(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "example.com.zone")
    r = _mxlint(tmp_path, "--show-source", "example.com.zone")
    assert r.returncode == 1 and "named pipe (FIFO)" in r.stdout
