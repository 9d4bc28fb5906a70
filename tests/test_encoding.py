"""A file is never dropped for its encoding: BIND reads bytes, and old zones carry Latin-1 in
their comments and strings. A byte that is not UTF-8 inside a comment is read past; outside a
comment it is the byte BIND reads there (read as its ``\\DDD`` escape): a label byte in a name,
a string byte in a TXT."""

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
    ("line", "expected"),
    [
        (b"@ IN MX 10 caf\xe9.example.com.\n", "@ IN MX 10 caf\\233.example.com.\n"),
        (b'@ IN TXT "caf\xe9" ; \xe9\n', '@ IN TXT "caf\\233" ; \\233\n'),
        (b'@ IN TXT "a\\\xe9b"\n', '@ IN TXT "a\\233b"\n'),  # escaped: the same byte
        (b'@ IN TXT "a\\\\\xe9b"\n', '@ IN TXT "a\\\\\\233b"\n'),  # a backslash, then it
    ],
)
def test_a_byte_outside_a_comment_is_read_as_bind_reads_it(
    tmp_path: Path, line: bytes, expected: str
) -> None:
    zone = tmp_path / "db.example.com"
    zone.write_bytes(HEAD + b"; fine: \xe9\n" + line)
    text, why, _, _ = reader.read_text(os.fspath(zone))
    assert why is None and text is not None
    assert text.splitlines(keepends=True)[-1] == expected
    assert text.splitlines()[-2] == "; fine: \ufffd"


def test_latin1_txt_and_names_load_as_named_loads_them(tmp_path: Path) -> None:
    """named-checkzone loads a zone with Latin-1 bytes in a TXT string and in a name, and
    serves them as those bytes; mxlint reads the same records, with no syntax error."""
    from mxlint.zonefile.loader import load_zone

    zone = tmp_path / "example.com.zone"
    zone.write_bytes(
        HEAD + b'@ IN TXT "v=spf1 -all caf\xe9"\nh\xe9llo IN A 192.0.2.7\n'
        b"@ IN MX 10 mail\nmail IN A 192.0.2.25\n"
    )
    loaded = load_zone(os.fspath(zone), origin="example.com.")
    assert loaded.problems == []
    owners = {r.owner.labels[0] for r in loaded.records}
    assert b"h\xe9llo" in owners
    (txt,) = [r for r in loaded.records if r.rdtype == 16]
    assert txt.line == 6 and txt.owner.labels[0] == b"example"


def test_fix_leaves_such_a_file_and_says_why(
    tmp_path: Path, cli: Callable[..., tuple[int, str, str]]
) -> None:
    zone = tmp_path / "db.example.com"
    zone.write_bytes(COMMENTED)
    code, _, err = cli("--fix", "--no-config", os.fspath(zone))
    assert zone.read_bytes() == COMMENTED  # not rewritten: --fix writes only what it reads
    assert "not fixed: it is not UTF-8 text" in err and code == 1


def test_fix_leaves_a_file_with_latin1_data_and_says_why(
    tmp_path: Path, cli: Callable[..., tuple[int, str, str]]
) -> None:
    zone = tmp_path / "db.example.com"
    data = HEAD + b'@ IN TXT "caf\xe9"\n@ IN MX 10 mail.example.com\nmail IN A 192.0.2.25\n'
    zone.write_bytes(data)
    code, _, err = cli("--fix", "--no-config", os.fspath(zone))
    assert zone.read_bytes() == data
    assert "not fixed: it is not UTF-8 text" in err and code == 1
