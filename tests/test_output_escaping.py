"""Everything from a zone or a file name is data, never markup, in every output format."""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path

import pytest

from mxlint.model import Diagnostic
from mxlint.report import (
    Summary,
    github_report,
    github_step_summary,
    gitlab_report,
    text,
)

from .conftest import ZONE_HEADER, run_cli

HOSTILE = "x\r::add-mask::secret\n::error file=a::forged \x1b[2J\x1b]0;title\x07 <img src=x> `code`"


def _diag(path: str, message: str = HOSTILE) -> Diagnostic:
    return Diagnostic(path, 3, 1, "error", "MX001", "missing-trailing-dot", message)


def _render(fn: object, diagnostics: list[Diagnostic], **kw: object) -> str:
    out = io.StringIO()
    fn(diagnostics, Summary.of(diagnostics, 1), out, **kw)  # type: ignore[operator]
    return out.getvalue()


WORKFLOW_COMMAND = re.compile(r"^\s*(::|##\[)", re.M)


@pytest.mark.parametrize("color", [False, True])
def test_text_output_cannot_start_a_workflow_command_or_reach_the_terminal(color: bool) -> None:
    got = _render(text, [_diag("a\n::error::x.zone"), _diag("::add-mask::y.zone")], color=color)
    assert not WORKFLOW_COMMAND.search(got)
    assert len(got.splitlines()) == 2  # one line per diagnostic
    assert "\x1b[2J" not in got and "\x1b]0" not in got and "\x07" not in got
    assert "\\x1b[2J" in got  # shown, escaped
    assert got.splitlines()[1].startswith(("./::add-mask::y.zone:3:1:", "\x1b[1m./::add-mask::"))


def test_text_output_end_to_end_file_name_with_a_newline(tmp_path: Path) -> None:
    name = tmp_path / "z\n::error title=pwned::gotcha.zone"
    name.write_text(ZONE_HEADER + "@ IN MX 10 mail.example.com\n")
    _code, out, _ = run_cli(["--origin", "example.com", os.fspath(name)])
    assert "missing-trailing-dot" in out
    assert not WORKFLOW_COMMAND.search(out)


def test_github_annotations_are_one_line_each_without_escape_sequences() -> None:
    got = _render(github_report, [_diag("a\n::error::x.zone")])
    assert len(got.splitlines()) == 1
    assert "\x1b" not in got and "\x07" not in got


def test_step_summary_has_no_raw_html_and_no_code_span_breakout() -> None:
    got = _render(
        github_step_summary, [_diag("we`ird<b>.zone", "TXT <script>alert(1)</script> **x**")]
    )
    row = got.splitlines()[-2]
    assert "<" not in row and ">" not in row.replace("&gt;", "")
    assert "&lt;script&gt;" in row
    assert "`" not in row.replace("\\`", "")  # every backtick escaped
    assert "**" not in row.replace("\\*", "")
    assert row.count("|") - row.count("\\|") == 5  # four cells, no forged column


def test_gitlab_report_is_valid_unicode_for_a_non_utf8_file_name() -> None:
    path = os.fsdecode(b"caf\xe9.zone")  # a lone surrogate (PEP 383)
    got = _render(gitlab_report, [_diag(path, "bad " + os.fsdecode(b"\xff"))])
    got.encode("utf-8")  # strict: no lone surrogates
    doc = json.loads(got)
    assert doc[0]["location"]["path"] == "caf\ufffd.zone"
    assert doc[0]["description"] == "bad \ufffd"
