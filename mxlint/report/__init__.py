"""Reporters: plain functions from diagnostics to text on a stream.

In:  the final diagnostics (after suppressions and the baseline), the summary, the registry
     (for rule documentation links).
Out: text in one of the formats (text, json, sarif, github, gitlab, junit, checkstyle).

Must not know: how the diagnostics were made; nothing from a zone or a file name is markup.
"""

from __future__ import annotations

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
from mxlint.report.text import statistics, text

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
