"""Reporters: plain functions from diagnostics to text on a stream.

In:  the final diagnostics (after suppressions and the baseline), the summary, the registry
     (for rule documentation links).
Out: text in one of the formats (text, json, sarif, github, gitlab, junit, checkstyle).

Must not know: how the diagnostics were made; nothing from a zone or a file name is markup.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from mxlint import __version__
from mxlint._value import Value
from mxlint.model import Diagnostic

if TYPE_CHECKING:
    import xml.etree.ElementTree as ET

    from mxlint.check.registry import Rule


class Summary(Value):
    __slots__ = ("errors", "files", "infos", "warnings")
    _fields = ("files", "errors", "warnings", "infos")

    def __init__(self, files: int, errors: int, warnings: int, infos: int) -> None:
        self.files = files
        self.errors = errors
        self.warnings = warnings
        self.infos = infos

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


def json_report(
    diagnostics: Sequence[Diagnostic],
    summary: Summary,
    out: TextIO,
    fixable: Collection[tuple[str, int, int, str]] | None = None,
) -> None:
    """Exactly one JSON object: ``{"version": 1, "diagnostics": [...], "summary": {...}}``.
    With ``fixable`` (places ``--fix`` repairs), each diagnostic also has ``"fixable"``: an
    added key, so the shape stays what version 1 readers know."""
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
                **(
                    {}
                    if fixable is None
                    else {"fixable": (d.path, d.line, d.column, d.code) in fixable}
                ),
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
    import json

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


#: GitHub code scanning accepts at most this many results per run.
SARIF_MAX_RESULTS = 25_000
#: ``partialFingerprints`` key of :func:`fingerprints` (bump the version if it changes).
SARIF_FINGERPRINT = "mxlint/v1"


def _sarif_rule(r: Rule) -> dict[str, Any]:
    from mxlint import docs

    config: dict[str, Any] = {"level": _SARIF_LEVELS[r.severity]}
    if not r.enabled:
        config["enabled"] = False
    described: dict[str, Any] = {
        "id": r.code,
        "name": r.name,
        "shortDescription": {"text": docs.summary_text(r)},
        "fullDescription": {"text": docs.plain_text(r)},
        "help": {"text": docs.plain_text(r), "markdown": docs.help_markdown(r)},
    }
    url = docs.rule_url(r)
    if url:
        described["helpUri"] = url
    described["defaultConfiguration"] = config
    described["properties"] = {"tags": docs.rule_tags(r)}
    return described


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
    total = len(diagnostics)
    diagnostics = diagnostics[:SARIF_MAX_RESULTS]
    text = _line_reader()
    keys = fingerprints(diagnostics)
    for d, key in zip(diagnostics, keys, strict=True):
        physical: dict[str, Any] = {"artifactLocation": _artifact_location(d.path, root)}
        if d.line >= 1:
            region: dict[str, int] = {"startLine": d.line}
            if d.column >= 1:
                region["startColumn"] = d.column
                end = _token_end(text(d.path, d.line), d.column)
                if end is not None:
                    region["endColumn"] = end
            physical["region"] = region
        result: dict[str, Any] = {"ruleId": d.code}
        if d.code in index:
            result["ruleIndex"] = index[d.code]
        result["level"] = _SARIF_LEVELS[d.severity]
        result["message"] = {"text": _unicode(d.message)}
        result["locations"] = [{"physicalLocation": physical}]
        result["partialFingerprints"] = {SARIF_FINGERPRINT: key}
        results.append(result)
    from mxlint.docs import REPOSITORY_URL

    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "mxlint",
                "version": __version__,
                "informationUri": REPOSITORY_URL,
                "rules": [_sarif_rule(r) for r in rules],
            }
        },
        # A fixed category: GitHub matches this run with the previous mxlint analysis.
        "automationDetails": {"id": "mxlint/"},
        "originalUriBaseIds": {
            SRCROOT: {"description": {"text": "The directory mxlint was run in."}}
        },
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    if total > len(results):
        note = (
            f"{total} results, only the first {len(results)} written: GitHub code scanning "
            f"accepts at most {SARIF_MAX_RESULTS} per run; fix or disable the commonest rules"
        )
        run["properties"] = {"resultsTotal": total, "resultsCapped": True, "note": note}
        import sys

        print(f"mxlint: warning: SARIF: {note}", file=sys.stderr)
    doc = {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}
    import json

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


# --------------------------------------------------------------------------- shared helpers


def use_color(choice: str, stream: TextIO, environ: Mapping[str, str] | None = None) -> bool:
    """Whether to colour ``stream``: ``--color`` first, then the environment, then a terminal.

    Precedence: ``--color always|never``; then ``NO_COLOR`` (set and not empty: never); then
    ``FORCE_COLOR`` (set and not empty) or ``CLICOLOR_FORCE`` (set and not ``0``): always;
    otherwise colour only when ``stream`` is a terminal. NO_COLOR wins over the forcing
    variables, as in CPython's own ``_colorize``.
    """
    if choice == "always":
        return True
    if choice == "never":
        return False
    env = os.environ if environ is None else environ
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR") or env.get("CLICOLOR_FORCE", "0") not in ("", "0"):
        return True
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _line_reader() -> Callable[[str, int], str]:
    """``text(path, line)``: the line's text (empty when unreadable), each file read once."""
    cache: dict[str, list[str]] = {}

    def text(path: str, line: int) -> str:
        lines = cache.get(path)
        if lines is None:
            try:
                with open(path, encoding="utf-8", errors="replace", newline="") as f:
                    lines = f.read().splitlines()
            except OSError:
                lines = []
            cache[path] = lines
        return lines[line - 1] if 1 <= line <= len(lines) else ""

    return text


def fingerprints(diagnostics: Sequence[Diagnostic]) -> list[str]:
    """A key per diagnostic that survives runs and line moves (not line numbers).

    SHA-256 of the path (as given, ``/``-separated), the rule code, the whitespace-normalised
    text of the diagnostic's line (its message when it has no line), and the occurrence
    count of that triple so far: two identical lines get two keys. Editing the line itself
    (or renaming the file) gives a new key, which is the point.
    """
    import hashlib

    text = _line_reader()
    seen: dict[tuple[str, str, str], int] = {}
    out = []
    for d in diagnostics:
        path = os.path.normpath(d.path).replace(os.sep, "/")
        content = " ".join(text(d.path, d.line).split()) if d.line >= 1 else d.message
        key = (path, d.code, content)
        n = seen.get(key, 0)
        seen[key] = n + 1
        raw = "\0".join((path, d.code, content, str(n)))
        out.append(hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest())
    return out


def _relative(path: str, root: str | None = None) -> str:
    """``path`` relative to ``root`` (default: cwd) with ``/``, when below it; else as given."""
    full = os.path.abspath(path)
    try:
        rel = os.path.relpath(full, os.path.abspath(root or os.getcwd()))
    except ValueError:
        return path
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):
        return path.replace(os.sep, "/")
    return rel.replace(os.sep, "/")


def _token_end(line_text: str, column: int) -> int | None:
    """The 1-based column just past the token starting at ``column`` (a quoted string whole)."""
    i = column - 1
    if not 0 <= i < len(line_text) or line_text[i].isspace():
        return None
    if line_text[i] == '"':
        j = i + 1
        while j < len(line_text):
            if line_text[j] == "\\":
                j += 2
                continue
            if line_text[j] == '"':
                return j + 2
            j += 1
        return None
    j = i
    while j < len(line_text) and not line_text[j].isspace() and line_text[j] not in ";()":
        j += 1
    return j + 1 if j > i else None


# --------------------------------------------------------------------------- GitLab


#: GitLab Code Quality severities (info, minor, major, critical, blocker), as ESLint's
#: GitLab formatter maps error and warning.
GITLAB_SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}


def gitlab_report(diagnostics: Sequence[Diagnostic], summary: Summary, out: TextIO) -> None:
    """A GitLab Code Quality report: a JSON array of Code Climate issues.

    ``check_name`` is ``CODE rule-name``; ``location.path`` is relative to the working
    directory (run mxlint from the repository root); ``fingerprint`` is :func:`fingerprints`'
    key, so an issue keeps its identity across runs and line moves.
    """
    issues = []
    for d, fp in zip(diagnostics, fingerprints(diagnostics), strict=True):
        issues.append(
            {
                "type": "issue",
                "check_name": f"{d.code} {d.rule}",
                "description": d.message,
                "categories": ["Bug Risk"] if d.severity != "info" else ["Clarity"],
                "severity": GITLAB_SEVERITIES[d.severity],
                "fingerprint": fp,
                "location": {"path": _relative(d.path), "lines": {"begin": max(d.line, 1)}},
            }
        )
    import json

    json.dump(issues, out, indent=2)
    out.write("\n")


# --------------------------------------------------------------------------- XML formats


@functools.cache
def _xml_bad() -> re.Pattern[str]:
    # Compiled on first use: its Unicode class costs a tiny zone's run 20 ms at import.
    return re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(s: str) -> str:
    """``s`` without the characters XML 1.0 cannot hold (shown as ``\\xNN``)."""
    return _xml_bad().sub(lambda m: f"\\x{ord(m.group()):02x}", s)


def _write_xml(root: ET.Element, out: TextIO) -> None:
    import xml.etree.ElementTree as ET

    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")


def junit_report(diagnostics: Sequence[Diagnostic], summary: Summary, out: TextIO) -> None:
    """JUnit XML for Jenkins, GitLab and Azure Pipelines: one testsuite ``mxlint``.

    As ruff's and ESLint's JUnit output: one testcase per diagnostic (``classname`` the
    file, ``name`` ``CODE rule-name at line:col``); errors and warnings are ``<failure>``,
    infos pass with the message as ``<system-out>``. A clean run is one passing testcase,
    so the suite is never empty.
    """
    import xml.etree.ElementTree as ET

    failures = sum(1 for d in diagnostics if d.severity != "info")
    suite = ET.Element("testsuite")
    cases = []
    for d in diagnostics:
        where = f"{d.line}:{d.column}" if d.line >= 1 else "file"
        case = ET.Element(
            "testcase",
            {"classname": _xml_text(d.path), "name": f"{d.code} {d.rule} at {where}", "time": "0"},
        )
        text = _xml_text(f"{d.path}:{d.line}:{d.column}: {d.severity}: {d.message}")
        if d.severity == "info":
            ET.SubElement(case, "system-out").text = text
        else:
            failure = ET.SubElement(
                case, "failure", {"type": d.severity, "message": _xml_text(d.message)}
            )
            failure.text = text
        cases.append(case)
    if not cases:
        cases.append(
            ET.Element(
                "testcase",
                {
                    "classname": "mxlint",
                    "name": f"{summary.files} file{'' if summary.files == 1 else 's'} checked",
                    "time": "0",
                },
            )
        )
    suite.attrib.update(
        {
            "name": "mxlint",
            "tests": str(len(cases)),
            "failures": str(failures),
            "errors": "0",
            "skipped": "0",
            "time": "0",
        }
    )
    suite.extend(cases)
    root = ET.Element(
        "testsuites",
        {"name": "mxlint", "tests": str(len(cases)), "failures": str(failures), "errors": "0"},
    )
    root.append(suite)
    _write_xml(root, out)


def checkstyle_report(diagnostics: Sequence[Diagnostic], summary: Summary, out: TextIO) -> None:
    """Checkstyle XML (the 4.3 form): ``<file name>`` per path, ``<error>`` per diagnostic.

    ``severity`` is error, warning or info; ``source`` is ``mxlint.CODE.rule-name``.
    """
    import xml.etree.ElementTree as ET

    root = ET.Element("checkstyle", {"version": "4.3"})
    files: dict[str, ET.Element] = {}
    for d in diagnostics:
        f = files.get(d.path)
        if f is None:
            f = files[d.path] = ET.SubElement(root, "file", {"name": _xml_text(d.path)})
        attrs = {"line": str(max(d.line, 0))}
        if d.column >= 1:
            attrs["column"] = str(d.column)
        attrs["severity"] = d.severity
        attrs["message"] = _xml_text(d.message)
        attrs["source"] = f"mxlint.{d.code}.{d.rule}"
        ET.SubElement(f, "error", attrs)
    _write_xml(root, out)


# --------------------------------------------------------------------------- GitHub summary

#: Rows of the step summary table (GitHub caps a step's summary at 1 MiB).
STEP_SUMMARY_ROWS = 500


def github_step_summary(diagnostics: Sequence[Diagnostic], summary: Summary, out: TextIO) -> None:
    """A Markdown table of every diagnostic, for ``$GITHUB_STEP_SUMMARY``.

    GitHub shows at most 10 error annotations (and 10 warnings) per step; the summary page
    lists the rest.
    """

    def cell(s: str) -> str:
        return s.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")

    out.write(f"### mxlint\n\n{summary.line()}\n\n")
    if not diagnostics:
        return
    out.write("| severity | location | rule | message |\n| --- | --- | --- | --- |\n")
    for d in diagnostics[:STEP_SUMMARY_ROWS]:
        where = f"{d.path}:{d.line}:{d.column}" if d.line >= 1 else d.path
        out.write(f"| {d.severity} | `{cell(where)}` | {d.code} {d.rule} | {cell(d.message)} |\n")
    rest = len(diagnostics) - STEP_SUMMARY_ROWS
    if rest > 0:
        out.write(f"\n... and {rest} more (run mxlint locally for the full list).\n")
    out.write("\n")


def rules_json(rules: Sequence[Rule], levels: Sequence[str], out: TextIO) -> None:
    """``--list-rules --format json``: ``{"version": 1, "rules": [...]}``, one per rule.

    ``severity`` is the rule's default, ``level`` what this run's configuration makes it
    (``off`` when switched off), ``url`` its documentation page (null for a plugin's rule).
    """
    from mxlint import docs

    doc = {
        "version": 1,
        "rules": [
            {
                "code": r.code,
                "name": r.name,
                "severity": r.severity,
                "enabled_by_default": r.enabled,
                "level": level,
                "summary": docs.summary_text(r),
                "options": dict(r.options),
                "origin": r.origin,
                "url": docs.rule_url(r),
            }
            for r, level in zip(rules, levels, strict=True)
        ],
    }
    import json

    json.dump(doc, out, indent=2)
    out.write("\n")
