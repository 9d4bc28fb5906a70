"""``--fix`` proves an edit safe before it writes it: every zone that reads the edited file
loads afterwards as BIND would (RRset TTLs, CNAME exclusivity, each shared line's meaning in
every zone that includes it) and gains no error or warning; otherwise the edit is skipped with
the reason. The ``mxlint-fix`` hook (the CLI) and the language server's fix-all share it."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from mxlint import api
from mxlint.fix import fix_source

from .conftest import run_cli

HEAD = (
    "$ORIGIN example.com.\n$TTL 3600\n"
    "@ IN SOA ns1.example.net. hostmaster.example.com. 1 7200 3600 1209600 300\n"
    "@ IN NS ns1.example.net.\n"
)
NAMED = shutil.which("named-checkzone")


def _loads(origin: str, path: Path) -> bool:
    if NAMED is None:
        return True
    return subprocess.run([NAMED, origin, os.fspath(path)], capture_output=True).returncode == 0


def test_owner_repair_onto_a_cname_is_refused(tmp_path: Path) -> None:
    zone = tmp_path / "example.com.zone"
    text = HEAD + "smtp.example.com. IN CNAME mail.example.net.\nsmtp.example.com IN A 192.0.2.1\n"
    zone.write_text(text)
    assert _loads("example.com", zone)
    _code, _out, err = run_cli(["--fix", os.fspath(zone)])
    assert zone.read_text() == text  # before: the dot was added and BIND refused the zone
    assert "CNAME and other data" in err
    assert _loads("example.com", zone)


def test_owner_repair_into_an_rrset_with_another_ttl_is_refused(tmp_path: Path) -> None:
    zone = tmp_path / "example.com.zone"
    text = HEAD + "smtp.example.com 60 IN A 192.0.2.2\nsmtp 3600 IN A 192.0.2.1\n"
    zone.write_text(text)
    _code, _out, err = run_cli(["--fix", os.fspath(zone)])
    assert zone.read_text() == text  # before: smtp's untouched A was then served at 60
    assert "one TTL per RRset" in err and "at TTL 60 instead of 3600" in err


def test_shared_include_fixed_for_one_zone_is_refused_when_it_is_right_in_another(
    tmp_path: Path,
) -> None:
    (tmp_path / "mail.inc").write_text("@ IN MX 10 mail.example.com\n")
    a = tmp_path / "example.com.zone"
    a.write_text(HEAD + "mail IN A 192.0.2.1\n$INCLUDE mail.inc\n")
    b = tmp_path / "example.org.zone"
    b.write_text(
        HEAD.replace("example.com.", "example.org.")
        + "mail.example.com IN A 192.0.2.9\n$INCLUDE mail.inc\n"
    )
    _code, _out, err = run_cli(["--fix", os.fspath(tmp_path)])
    # before: the fragment got the dot, and example.org's mail went to another host
    assert (tmp_path / "mail.inc").read_text() == "@ IN MX 10 mail.example.com\n"
    assert "example.org.zone" in err and "means something else" in err


def test_shared_include_is_fixed_when_the_repair_is_right_in_every_zone(tmp_path: Path) -> None:
    (tmp_path / "mail.inc").write_text("@ IN MX 10 mail.example.net\n")
    net = tmp_path / "example.net.zone"
    net.write_text(HEAD.replace("example.com.", "example.net.") + "mail IN A 192.0.2.1\n")
    for name in ("example.com", "example.org"):
        (tmp_path / f"{name}.zone").write_text(
            HEAD.replace("example.com.", name + ".") + "$INCLUDE mail.inc\n"
        )
    _code, _out, err = run_cli(["--fix", os.fspath(tmp_path)])
    assert (tmp_path / "mail.inc").read_text() == "@ IN MX 10 mail.example.net.\n", err


def test_a_repair_that_adds_a_warning_is_refused(tmp_path: Path) -> None:
    # The dot makes the MX point at a CNAME (cname-target, an error it did not have).
    zone = tmp_path / "example.com.zone"
    text = (
        HEAD
        + "@ IN MX 10 mx.example.com\nmx.example.com.example.com. IN A 192.0.2.1\n"
        + "mx IN CNAME other.example.net.\n"
    )
    zone.write_text(text)
    _code, _out, err = run_cli(["--fix", os.fspath(zone)])
    if zone.read_text() != text:
        pytest.fail(f"fixed into a CNAME target: {err}")


def test_lsp_fix_all_uses_the_same_proof(tmp_path: Path) -> None:
    path = os.fspath(tmp_path / "example.com.zone")
    text = HEAD + "smtp.example.com. IN CNAME mail.example.net.\nsmtp.example.com IN A 192.0.2.1\n"
    done = fix_source(path, text, api.Options())
    assert done.text == text
    assert any("CNAME and other data" in s for s in done.skipped)
