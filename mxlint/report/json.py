"""The JSON report and ``--list-rules --format json``."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, TextIO

from mxlint.model import Diagnostic
from mxlint.report._shared import Summary, _unicode

if TYPE_CHECKING:
    from mxlint.check.registry import Rule


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
