"""GitHub Actions: workflow-command annotations and the step summary."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from mxlint.model import Diagnostic
from mxlint.report._shared import Summary, visible

_GITHUB_COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def _escape_data(s: str) -> str:
    """A workflow command's message, escaped as ``@actions/core`` ``escapeData`` does."""
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(s: str) -> str:
    """A workflow command's property value, escaped as ``@actions/core`` ``escapeProperty``."""
    return _escape_data(s).replace(":", "%3A").replace(",", "%2C")


def github_report(diagnostics: Sequence[Diagnostic], summary: Summary, out: TextIO) -> None:
    """GitHub Actions workflow commands, one a line, which the runner shows as annotations.

    ``::error file=PATH,line=L,col=C,title=CODE rule-name::MESSAGE``; warnings are
    ``::warning``, infos ``::notice``.
    """
    for d in diagnostics:
        props = [f"file={_escape_property(visible(d.path))}"]
        if d.line >= 1:
            props.append(f"line={d.line}")
            if d.column >= 1:
                props.append(f"col={d.column}")
        props.append(f"title={_escape_property(f'{d.code} {d.rule}')}")
        command = _GITHUB_COMMANDS[d.severity]
        out.write(
            f"::{command} {','.join(props)}::{_escape_data(visible(d.message, breaks=True))}\n"
        )


def _cell(s: str) -> str:
    """``s`` as literal text in a Markdown table cell: Markdown's punctuation
    backslash-escaped (no emphasis, link, autolink, code span or pipe), ``<``, ``>`` and ``&``
    as entities (no raw HTML), controls shown escaped and line breaks as spaces."""
    out = []
    for c in visible(s.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")):
        if c in _ENTITIES:
            out.append(_ENTITIES[c])
        elif c in _MARKDOWN:
            out.append("\\" + c)
        else:
            out.append(c)
    return "".join(out)


_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
_MARKDOWN = frozenset("\\`*_{}[]()#+!|~:@$=")

#: Rows of the step summary table (GitHub caps a step's summary at 1 MiB).
STEP_SUMMARY_ROWS = 500


def github_step_summary(diagnostics: Sequence[Diagnostic], summary: Summary, out: TextIO) -> None:
    """A Markdown table of every diagnostic, for ``$GITHUB_STEP_SUMMARY``.

    GitHub shows at most 10 error annotations (and 10 warnings) per step; the summary page
    lists the rest.
    """

    out.write(f"### mxlint\n\n{summary.line()}\n\n")
    if not diagnostics:
        return
    out.write("| severity | location | rule | message |\n| --- | --- | --- | --- |\n")
    for d in diagnostics[:STEP_SUMMARY_ROWS]:
        where = f"{d.path}:{d.line}:{d.column}" if d.line >= 1 else d.path
        out.write(f"| {d.severity} | {_cell(where)} | {d.code} {d.rule} | {_cell(d.message)} |\n")
    rest = len(diagnostics) - STEP_SUMMARY_ROWS
    if rest > 0:
        out.write(f"\n... and {rest} more (run mxlint locally for the full list).\n")
    out.write("\n")
