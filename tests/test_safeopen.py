"""Every open is the safe open: regular files only, never blocking, size-bounded; reporters
and the baseline never re-open what the loader refused; globs never loop through links."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from mxlint import safeopen
from mxlint.model import Diagnostic
from mxlint.report import fingerprints

from .conftest import ZONE_HEADER, run_cli


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
