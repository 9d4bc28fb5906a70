"""GitLab Code Quality (Code Climate issues)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from mxlint.model import Diagnostic
from mxlint.report._shared import Summary, _relative, _unicode, fingerprints

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
                "description": _unicode(d.message),
                "categories": ["Bug Risk"] if d.severity != "info" else ["Clarity"],
                "severity": GITLAB_SEVERITIES[d.severity],
                "fingerprint": fp,
                "location": {
                    "path": _unicode(_relative(d.path)),
                    "lines": {"begin": max(d.line, 1)},
                },
            }
        )
    import json

    json.dump(issues, out, indent=2)
    out.write("\n")
