"""``--fix`` repairs, byte for byte: the owner dot, the target dot, duplicate deletion, and what
must be left alone (suppressed diagnostics, records over several lines, owners written with
their dot)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from .conftest import ZONE_HEADER, unbumped

Cli = Callable[..., tuple[int, str, str]]


def fix(cli: Cli, tmp_path: Path, body: bytes, *args: str) -> tuple[bytes, int, str, str]:
    path = tmp_path / "example.com.zone"
    path.write_bytes(body)
    code, out, err = cli("--fix", *args, os.fspath(path))
    data = path.read_bytes()
    return (data if data == body else unbumped(data)), code, out, err


HEADER = ZONE_HEADER.encode()


def test_owner_dot_repair_keeps_every_other_byte(cli: Cli, tmp_path: Path) -> None:
    body = HEADER + (
        b"@ IN MX 10 mail\n"
        b"mail IN A 192.0.2.1\n"
        b"shop.example.com\tIN A 192.0.2.80 ; shop front\n"
        b"www.example.com IN A 192.0.2.81\n"
        b"example.com IN TXT apex\n"
    )
    fixed, code, out, err = fix(cli, tmp_path, body)
    assert fixed == body.replace(b"shop.example.com\t", b"shop.example.com.\t").replace(
        b"www.example.com IN", b"www.example.com. IN"
    ).replace(b"example.com IN TXT", b"example.com. IN TXT")
    assert (code, out) == (0, "") and "fixed 3 problems in 1 file" in err


def test_owner_and_target_on_one_line_both_repaired(cli: Cli, tmp_path: Path) -> None:
    body = HEADER + b"shop.example.com IN MX 10 mail.example.com ; both\nmail IN A 192.0.2.1\n"
    fixed, code, _out, err = fix(cli, tmp_path, body)
    assert fixed == HEADER + (
        b"shop.example.com. IN MX 10 mail.example.com. ; both\nmail IN A 192.0.2.1\n"
    )
    assert code == 0 and "fixed 2 problems in 1 file" in err


def test_target_repair_at_the_reported_column_only(cli: Cli, tmp_path: Path) -> None:
    # the owner "mail" occurs in the target's text too: only the target gets its dot
    body = HEADER + b"mail IN MX 10 mail.example.com\nmail IN A 192.0.2.1\n"
    fixed, code, _out, _err = fix(cli, tmp_path, body)
    assert fixed == HEADER + b"mail IN MX 10 mail.example.com.\nmail IN A 192.0.2.1\n"
    assert code == 0


def test_a_byte_order_mark_and_lone_cr_lines_are_kept(cli: Cli, tmp_path: Path) -> None:
    body = b"\xef\xbb\xbf" + HEADER.replace(b"\n", b"\r") + b"@ IN MX 10 mx.example.com\r"
    body += b"mx IN A 192.0.2.1\r"
    fixed, code, _out, _err = fix(cli, tmp_path, body)
    assert fixed == body.replace(b"mx.example.com\r", b"mx.example.com.\r")
    assert code == 0


def test_a_suppressed_diagnostic_is_not_fixed(cli: Cli, tmp_path: Path) -> None:
    body = HEADER + (
        b"@ IN MX 10 mail.example.com ; mxlint: disable=missing-trailing-dot\n"
        b"shop.example.com IN A 192.0.2.80 ; mxlint: disable=MX001\n"
        b"mail IN A 192.0.2.1\n"
    )
    fixed, code, out, err = fix(cli, tmp_path, body)
    assert fixed == body
    assert (code, out) == (0, "") and "fixed" not in err


def test_a_duplicate_over_several_lines_is_left_alone(cli: Cli, tmp_path: Path) -> None:
    body = HEADER + b"@ IN MX 10 mail\n@ IN MX ( 10\n  mail )\nmail IN A 192.0.2.1\n"
    fixed, code, out, _err = fix(cli, tmp_path, body)
    assert fixed == body
    assert code == 0 and out.count("duplicate-record") == 2


def test_second_duplicate_of_three_and_the_third_both_go(cli: Cli, tmp_path: Path) -> None:
    body = HEADER + b"@ IN MX 10 mail\n@ IN MX 10 mail\n@ IN MX 10 mail\nmail IN A 192.0.2.1\n"
    fixed, code, out, err = fix(cli, tmp_path, body)
    assert fixed == HEADER + b"@ IN MX 10 mail\nmail IN A 192.0.2.1\n"
    assert (code, out) == (0, "") and "fixed 2 problems in 1 file" in err


def test_an_owner_written_with_its_dot_is_never_touched(cli: Cli, tmp_path: Path) -> None:
    body = HEADER + b"www.example.com.example.com. IN A 192.0.2.2\n"
    fixed, _code, _out, _err = fix(cli, tmp_path, body)
    assert fixed == body


def test_diff_shows_the_owner_repair(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "example.com.zone"
    body = HEADER + b"shop.example.com IN A 192.0.2.80\n"
    path.write_bytes(body)
    code, out, _err = cli("--diff", os.fspath(path))
    assert "-shop.example.com IN A 192.0.2.80\n+shop.example.com. IN A 192.0.2.80\n" in out
    assert code == 1 and path.read_bytes() == body


def test_an_owner_written_with_its_dot_is_left_alone(cli: Cli, tmp_path: Path) -> None:
    """``www.example.com.example.com.`` means what it says: no dot was forgotten, nothing is
    reported and nothing is repaired; the same name without its dot is repaired."""
    body = HEADER + (
        b"@ IN MX 10 mail\n"
        b"mail IN A 192.0.2.1\n"
        b"www.example.com.example.com. IN A 192.0.2.81\n"
        b"shop.example.com IN A 192.0.2.80\n"
    )
    fixed, code, out, err = fix(cli, tmp_path, body)
    assert fixed == body.replace(b"shop.example.com IN", b"shop.example.com. IN")
    assert (code, out) == (0, "") and "fixed 1 problem in 1 file" in err
