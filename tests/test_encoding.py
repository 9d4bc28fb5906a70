"""A file is never dropped for its encoding: BIND reads bytes, and old zones carry Latin-1 in
their comments. A byte that is not UTF-8 inside a comment is read past; outside a comment it is
one error at its place."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from mxlint.zonefile import reader

HEAD = b"$ORIGIN example.com.\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n"
HEAD += b"@ IN NS ns1\nns1 IN A 192.0.2.1\n"
COMMENTED = HEAD + b"; Verantwortlich: J\xfcrgen M\xfcller\n@ IN MX 10 mail.example.com\n"
COMMENTED += b'mail IN A 192.0.2.25 ; Stra\xdfe "quoted; \xe9"\n'


def test_latin1_in_comments_loads(tmp_path: Path, cli: Callable[..., tuple[int, str, str]]) -> None:
    zone = tmp_path / "db.example.com"
    zone.write_bytes(COMMENTED)
    code, out, _ = cli("--format", "json", "--no-config", os.fspath(zone))
    found = json.loads(out)["diagnostics"]
    # the file is read: its one real defect (the dotless MX target) is found at its place
    assert [(d["rule"], d["line"]) for d in found] == [("missing-trailing-dot", 7)], found
    assert code == 1


def test_bytes_in_memory_read_the_same() -> None:
    text, why, _, _ = reader.decode(COMMENTED)
    assert why is None and text is not None
    assert "J\ufffdrgen" in text and text.count("\n") == COMMENTED.count(b"\n")


@pytest.mark.parametrize("chunk", [7, 1 << 20])
def test_streamed_and_whole_reads_agree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    monkeypatch.setattr(reader, "_CHUNK", chunk)
    zone = tmp_path / "z"
    zone.write_bytes(COMMENTED)
    assert reader.read_text(os.fspath(zone)) == reader.decode(COMMENTED)


@pytest.mark.parametrize(
    ("line", "col"),
    [
        (b"@ IN MX 10 caf\xe9.example.com.\n", 15),  # in a name
        (b'@ IN TXT "caf\xe9" ; \xe9\n', 14),  # in a string, before a comment
    ],
)
def test_a_byte_outside_a_comment_is_one_error_at_its_place(
    tmp_path: Path, line: bytes, col: int
) -> None:
    zone = tmp_path / "db.example.com"
    zone.write_bytes(HEAD + b"; fine: \xe9\n" + line)
    text, why, at_line, at_col = reader.read_text(os.fspath(zone))
    assert text is None and why is not None
    assert (at_line, at_col) == (7, col) and "0xe9" in why and "outside a comment" in why


def test_fix_leaves_such_a_file_and_says_why(
    tmp_path: Path, cli: Callable[..., tuple[int, str, str]]
) -> None:
    zone = tmp_path / "db.example.com"
    zone.write_bytes(COMMENTED)
    code, _, err = cli("--fix", "--no-config", os.fspath(zone))
    assert zone.read_bytes() == COMMENTED  # not rewritten: --fix writes only what it reads
    assert "not fixed: it is not UTF-8 text" in err and code == 1
