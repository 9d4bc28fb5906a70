"""One definition of a line and a comment, BIND's (mxlint.zonefile.lines), shared by the
reader, suppressions, the baseline, fingerprints, every reporter, ``--fix`` and the LSP.

BIND (named-checkzone) ends a line at LF only: a lone CR ends a statement but neither a line
nor a comment; form feed, VT and U+2028 are ordinary characters.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from mxlint.model import Diagnostic
from mxlint.report import fingerprints
from mxlint.zonefile.lines import split_lines, split_lines_keepends

from .conftest import run_cli

HEAD = (
    "$ORIGIN example.com.\n$TTL 3600\n"
    "@ IN SOA ns1.example.net. hostmaster.example.com. 1 7200 3600 1209600 300\n"
    "@ IN NS ns1.example.net.\n"
)
NAMED = shutil.which("named-checkzone")


def test_split_lines_is_bind_lines() -> None:
    text = "a\r\nb\rc\x0cd\x0be\u2028f\u0085g\x1ch\ni"
    assert split_lines(text) == ["a", "b\rc\x0cd\x0be\u2028f\u0085g\x1ch", "i"]
    assert split_lines("a\n") == ["a"] and split_lines("") == []
    assert "".join(split_lines_keepends(text)) == text
    assert split_lines_keepends("a\r\nb\n") == ["a\r\n", "b\n"]


def _zone(tmp_path: Path, body: str) -> str:
    p = tmp_path / "example.com.zone"
    p.write_bytes((HEAD + body).encode())
    return os.fspath(p)


def _json(*argv: str) -> list[dict[str, object]]:
    _code, out, _ = run_cli(["--format", "json", "--origin", "example.com", *argv])
    diagnostics: list[dict[str, object]] = json.loads(out)["diagnostics"]
    return diagnostics


def test_lone_cr_in_a_comment_stays_in_the_comment(tmp_path: Path) -> None:
    # Before: mxlint ended the comment at the CR and read "@ MX 10 nowhere" as a record,
    # which BIND never loads (named-checkzone -D shows no such MX).
    path = _zone(tmp_path, "@ IN A 192.0.2.1 ; note\r@ IN MX 10 nowhere\n")
    assert [d["rule"] for d in _json(path)] == []
    if NAMED:
        dump = subprocess.run(
            [NAMED, "-D", "example.com", path], capture_output=True, text=True
        ).stdout
        assert "MX" not in dump


def test_lone_cr_ends_the_statement_but_not_the_line(tmp_path: Path) -> None:
    # BIND reports the bad address after a lone CR on the same line (5) as the CR.
    path = _zone(tmp_path, "ns IN A 192.0.2.1\rbad IN A 1.2.3.999\nok IN A 192.0.2.2\n")
    found = _json(path)
    assert [(d["rule"], d["line"]) for d in found] == [("syntax-error", 5)]
    if NAMED:
        err = subprocess.run([NAMED, "example.com", path], capture_output=True, text=True)
        assert f"{path}:5:" in err.stdout + err.stderr


def _diag(path: str, line: int, column: int = 1) -> Diagnostic:
    return Diagnostic(path, line, column, "error", "MX001", "missing-trailing-dot", "m")


@pytest.mark.parametrize("odd", ["\x0c", "\x0b", "\u2028", "\x1c", "\u0085"])
def test_fingerprints_baseline_and_end_column_use_bind_lines(tmp_path: Path, odd: str) -> None:
    # Before: str.splitlines broke at these characters, so "line 6" (what fingerprints and
    # the baseline key on, and where SARIF's endColumn is measured) was another line.
    from mxlint.report._shared import _line_reader
    from mxlint.stages.baseline import _line_reader as baseline_line

    body = f"; a comment{odd}with a break\n@ IN MX 10 mail.example.com\n"
    path = _zone(tmp_path, body)
    assert _line_reader()(path, 6) == "@ IN MX 10 mail.example.com"
    assert baseline_line({})(path, 6) == "@ IN MX 10 mail.example.com"
    reference = tmp_path / "ref" / "example.com.zone"
    reference.parent.mkdir()
    reference.write_text(HEAD + "; x\n@ IN MX 10 mail.example.com\n")
    os.replace(reference, path)
    key = fingerprints([_diag(path, 6, 12)])
    Path(path).write_bytes((HEAD + body).encode())
    assert fingerprints([_diag(path, 6, 12)]) == key
    _code, out, _ = run_cli(["--format", "sarif", "--origin", "example.com", path])
    region = json.loads(out)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert region["region"] == {"startLine": 6, "startColumn": 12, "endColumn": 28}


def test_fix_and_lsp_place_edits_on_bind_lines(tmp_path: Path) -> None:
    # A lone CR before the defect: --fix used to count it as a line and put the dot on the
    # wrong record.
    path = _zone(tmp_path, "a IN A 192.0.2.1\rb IN A 192.0.2.2\n@ IN MX 10 mail.example.com\n")
    _code, _out, _err = run_cli(["--fix", "--origin", "example.com", path])
    assert (
        Path(path)
        .read_bytes()
        .decode()
        .endswith("a IN A 192.0.2.1\rb IN A 192.0.2.2\n@ IN MX 10 mail.example.com.\n")
    )

    from lsprotocol import types as lsp
    from pygls.workspace import PositionCodec

    from mxlint.lsp import lines_of, token_range

    text = HEAD + "a IN A 192.0.2.1\rb IN A 192.0.2.2\n@ IN MX 10 mail.example.com\n"
    got = token_range(lines_of(text), _diag(path, 6, 12), PositionCodec())
    assert got == lsp.Range(lsp.Position(6, 11), lsp.Position(6, 27))
