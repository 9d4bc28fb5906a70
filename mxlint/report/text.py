"""The default text format and ``--statistics``."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import TextIO

from mxlint.model import Diagnostic
from mxlint.report._shared import Summary, shown_path, visible

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_BOLD, _RESET = "\033[1m", "\033[0m"


def text(diagnostics: Sequence[Diagnostic], summary: Summary, out: TextIO, color: bool) -> None:
    """``path:line:col: severity: message [CODE rule-name]``, one per line.

    The path and the message are data: control characters (ESC, CR, LF, ...) are shown
    escaped and a path never starts a line with a workflow command (:func:`shown_path`).
    """
    for d in diagnostics:
        sev = d.severity
        path, message = shown_path(d.path), visible(d.message)
        if color:
            out.write(
                f"{_BOLD}{path}:{d.line}:{d.column}:{_RESET} {_COLORS[sev]}{sev}{_RESET}: "
                f"{message} [{d.code} {d.rule}]\n"
            )
        else:
            out.write(f"{path}:{d.line}:{d.column}: {sev}: {message} [{d.code} {d.rule}]\n")


def statistics(
    diagnostics: Sequence[Diagnostic],
    out: TextIO,
    fixable: Collection[tuple[str, int, int, str]] = (),
) -> None:
    """Counts per rule, most frequent first: ``   3  MX001 missing-trailing-dot (error)``,
    then ``, 2 fixable`` when ``--fix`` repairs some of them."""
    counts: dict[tuple[str, str, str], int] = {}
    fixes: dict[tuple[str, str, str], int] = {}
    for d in diagnostics:
        key = (d.code, d.rule, d.severity)
        counts[key] = counts.get(key, 0) + 1
        if (d.path, d.line, d.column, d.code) in fixable:
            fixes[key] = fixes.get(key, 0) + 1
    for (code, rule, sev), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        k = fixes.get((code, rule, sev), 0)
        out.write(f"{n:>6}  {code} {rule} ({sev}){f', {k} fixable' if k else ''}\n")
