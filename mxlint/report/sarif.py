"""SARIF 2.1.0, for GitHub code scanning."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

from mxlint import __version__
from mxlint.model import Diagnostic
from mxlint.report._shared import Summary, _line_reader, _token_end, _unicode, fingerprints

if TYPE_CHECKING:
    from mxlint.check.registry import Rule

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
