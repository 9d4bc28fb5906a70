"""Reporters: plain functions from diagnostics to text on a stream."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

from mxlint import __version__
from mxlint.model import Diagnostic

if TYPE_CHECKING:
    from mxlint.registry import Rule


@dataclass(frozen=True)
class Summary:
    files: int
    errors: int
    warnings: int
    infos: int

    @classmethod
    def of(cls, diagnostics: Sequence[Diagnostic], files: int) -> Summary:
        count = {"error": 0, "warning": 0, "info": 0}
        for d in diagnostics:
            count[d.severity] += 1
        return cls(files, count["error"], count["warning"], count["info"])

    def line(self) -> str:
        def plural(n: int, word: str) -> str:
            return f"{n} {word}{'' if n == 1 else 's'}"

        return (
            f"{plural(self.files, 'file')} checked: {plural(self.errors, 'error')}, "
            f"{plural(self.warnings, 'warning')}, {plural(self.infos, 'info')}"
        )


def _unicode(s: str) -> str:
    """``s`` as valid Unicode for JSON and SARIF: a file name that is not UTF-8 reaches here
    with surrogate escapes (PEP 383), which no JSON reader accepts; each undecodable byte
    becomes U+FFFD."""
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(s).decode("utf-8", "replace")
    return s


_COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_BOLD, _RESET = "\033[1m", "\033[0m"


def text(diagnostics: Sequence[Diagnostic], summary: Summary, out: TextIO, color: bool) -> None:
    """``path:line:col: severity: message [CODE rule-name]``, one per line."""
    for d in diagnostics:
        sev = d.severity
        if color:
            out.write(
                f"{_BOLD}{d.path}:{d.line}:{d.column}:{_RESET} {_COLORS[sev]}{sev}{_RESET}: "
                f"{d.message} [{d.code} {d.rule}]\n"
            )
        else:
            out.write(f"{d.path}:{d.line}:{d.column}: {sev}: {d.message} [{d.code} {d.rule}]\n")


def json_report(diagnostics: Sequence[Diagnostic], summary: Summary, out: TextIO) -> None:
    """Exactly one JSON object: ``{"version": 1, "diagnostics": [...], "summary": {...}}``."""
    doc = {
        "version": 1,
        "diagnostics": [
            {
                "path": _unicode(d.path),
                "line": d.line,
                "column": d.column,
                "severity": d.severity,
                "code": d.code,
                "rule": d.rule,
                "message": _unicode(d.message),
            }
            for d in diagnostics
        ],
        "summary": {
            "files": summary.files,
            "errors": summary.errors,
            "warnings": summary.warnings,
            "infos": summary.infos,
        },
    }
    json.dump(doc, out, indent=2)
    out.write("\n")


# --------------------------------------------------------------------------- SARIF

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
#: The base id of every relative artifact URI: the directory mxlint ran in (or ``cwd``).
SRCROOT = "%SRCROOT%"
_SARIF_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def _artifact_location(path: str, root: str) -> dict[str, str]:
    """``path`` as a SARIF artifactLocation: relative to ``root`` if under it, else absolute.

    A relative ``path`` is taken relative to the process's working directory (where it was
    opened from). The relative form is a percent-encoded URI reference with forward slashes
    and ``uriBaseId`` ``%SRCROOT%``; a path outside ``root`` (or on another drive) becomes an
    absolute ``file://`` URI with no base id, since SARIF allows a base id only beside a
    relative reference.
    """
    full = os.path.abspath(path)
    try:
        rel = os.path.relpath(full, root)
    except ValueError:  # Windows: another drive
        rel = None
    if rel is None or rel == os.curdir or rel == os.pardir or rel.startswith(os.pardir + os.sep):
        from pathlib import Path

        return {"uri": Path(full).as_uri()}
    import urllib.parse

    # The bytes of the name, so that a name that is not UTF-8 is percent-encoded as written.
    uri = urllib.parse.quote(os.fsencode(rel.replace(os.sep, "/")), safe="/")
    return {"uri": uri, "uriBaseId": SRCROOT}


def _sarif_rule(r: Rule) -> dict[str, Any]:
    import inspect

    full = inspect.cleandoc(r.check.__doc__ or "")
    config: dict[str, Any] = {"level": _SARIF_LEVELS[r.severity]}
    if not r.enabled:
        config["enabled"] = False
    return {
        "id": r.code,
        "name": r.name,
        "shortDescription": {"text": r.summary},
        "fullDescription": {"text": full},
        "defaultConfiguration": config,
    }


def sarif_report(
    diagnostics: Sequence[Diagnostic],
    summary: Summary,
    out: TextIO,
    rules: Sequence[Rule],
    cwd: str | None = None,
) -> None:
    """One SARIF 2.1.0 log with one run: every rule in ``rules``, one result per diagnostic.

    File URIs are relative to ``cwd`` (default: the working directory) under the base id
    ``%SRCROOT%``, which is how GitHub code scanning reads them (relative to the repository
    root, so run mxlint from there). The output has no timestamps or machine paths for files
    under ``cwd``: the same input gives the same bytes.
    """
    root = os.path.abspath(os.getcwd() if cwd is None else cwd)
    index = {r.code: i for i, r in enumerate(rules)}
    results: list[dict[str, Any]] = []
    for d in diagnostics:
        physical: dict[str, Any] = {"artifactLocation": _artifact_location(d.path, root)}
        if d.line >= 1:
            region: dict[str, int] = {"startLine": d.line}
            if d.column >= 1:
                region["startColumn"] = d.column
            physical["region"] = region
        result: dict[str, Any] = {"ruleId": d.code}
        if d.code in index:
            result["ruleIndex"] = index[d.code]
        result["level"] = _SARIF_LEVELS[d.severity]
        result["message"] = {"text": _unicode(d.message)}
        result["locations"] = [{"physicalLocation": physical}]
        results.append(result)
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "mxlint",
                "version": __version__,
                "rules": [_sarif_rule(r) for r in rules],
            }
        },
        "originalUriBaseIds": {
            SRCROOT: {"description": {"text": "The directory mxlint was run in."}}
        },
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    doc = {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}
    json.dump(doc, out, indent=2)
    out.write("\n")


# --------------------------------------------------------------------------- GitHub Actions

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
        props = [f"file={_escape_property(d.path)}"]
        if d.line >= 1:
            props.append(f"line={d.line}")
            if d.column >= 1:
                props.append(f"col={d.column}")
        props.append(f"title={_escape_property(f'{d.code} {d.rule}')}")
        command = _GITHUB_COMMANDS[d.severity]
        out.write(f"::{command} {','.join(props)}::{_escape_data(d.message)}\n")


def statistics(diagnostics: Sequence[Diagnostic], out: TextIO) -> None:
    """Counts per rule, most frequent first: ``   3  MX001 missing-trailing-dot (error)``."""
    counts: dict[tuple[str, str, str], int] = {}
    for d in diagnostics:
        key = (d.code, d.rule, d.severity)
        counts[key] = counts.get(key, 0) + 1
    for (code, rule, sev), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        out.write(f"{n:>6}  {code} {rule} ({sev})\n")
