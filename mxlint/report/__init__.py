"""Reporters: plain functions from diagnostics to text on a stream.

In:  the final diagnostics (after suppressions and the baseline), the summary, the registry
     (for rule documentation links).
Out: text in one of the formats (text, json, sarif, github, gitlab, junit, checkstyle).

Must not know: how the diagnostics were made; nothing from a zone or a file name is markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mxlint.report._shared import (
        Summary,
        fingerprints,
        use_color,
    )
    from mxlint.report.checkstyle import checkstyle_report
    from mxlint.report.github import (
        STEP_SUMMARY_ROWS,
        github_report,
        github_step_summary,
    )
    from mxlint.report.gitlab import GITLAB_SEVERITIES, gitlab_report
    from mxlint.report.json import json_report, rules_json
    from mxlint.report.junit import junit_report
    from mxlint.report.sarif import (
        SARIF_FINGERPRINT,
        SARIF_MAX_RESULTS,
        SARIF_SCHEMA,
        SARIF_VERSION,
        SRCROOT,
        sarif_report,
    )

# The default format's, imported with the package (the name ``text`` is also its module's: an
# import of ``mxlint.report.text`` anywhere would otherwise leave the module in its place).
from mxlint.report.text import statistics, text

# Each name's module, imported on first use: a run imports only the format it writes.
_HOME = {
    "Summary": "_shared",
    "fingerprints": "_shared",
    "use_color": "_shared",
    "checkstyle_report": "checkstyle",
    "STEP_SUMMARY_ROWS": "github",
    "github_report": "github",
    "github_step_summary": "github",
    "GITLAB_SEVERITIES": "gitlab",
    "gitlab_report": "gitlab",
    "json_report": "json",
    "rules_json": "json",
    "junit_report": "junit",
    "SARIF_FINGERPRINT": "sarif",
    "SARIF_MAX_RESULTS": "sarif",
    "SARIF_SCHEMA": "sarif",
    "SARIF_VERSION": "sarif",
    "SRCROOT": "sarif",
    "sarif_report": "sarif",
}
_MODULES = frozenset(
    ("_shared", "checkstyle", "github", "gitlab", "json", "junit", "sarif", "text")
)


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None and name not in _MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    module = importlib.import_module(f"{__name__}.{home or name}")
    if home is None:
        return module
    value = globals()[name] = getattr(module, name)
    return value


__all__ = [
    "GITLAB_SEVERITIES",
    "SARIF_FINGERPRINT",
    "SARIF_MAX_RESULTS",
    "SARIF_SCHEMA",
    "SARIF_VERSION",
    "SRCROOT",
    "STEP_SUMMARY_ROWS",
    "Summary",
    "checkstyle_report",
    "fingerprints",
    "github_report",
    "github_step_summary",
    "gitlab_report",
    "json_report",
    "junit_report",
    "rules_json",
    "sarif_report",
    "statistics",
    "text",
    "use_color",
]
