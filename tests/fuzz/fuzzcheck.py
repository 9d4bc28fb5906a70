"""The properties every fuzzed zone must satisfy, shared by the hypothesis tests and the
atheris target (``atheris_zone.py``): the whole pipeline, ``mxlint.cli.main`` with
``--format json``, never raises, prints exactly one JSON object of the documented shape, and
exits 0 or 1 as its summary says; every diagnostic names the linted file or one it includes,
at a line inside that file and a column >= 1; no rule crashed.

No import from the ``tests`` package: the atheris target runs this folder as a script.
"""

from __future__ import annotations

import contextlib
import gc
import io
import json
import os
import re
from collections.abc import Sequence
from typing import Any

from mxlint.cli import main
from mxlint.model import SEVERITIES

CODE_RE = re.compile(r"^[A-Z][A-Z0-9]*[0-9]{3}$")
_LINE_END = re.compile(rb"\n")
NAME_RE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
# version 1's keys, and "fixable" (added by issue 18; a key is added, never renamed or removed)
DIAGNOSTIC_KEYS = {"path", "line", "column", "severity", "code", "rule", "message", "fixable"}
SUMMARY_KEYS = {"files", "errors", "warnings", "infos"}
# Every rule on, the off-by-default ones too.
ALL_RULES = ("--enable", "single-mx", "--enable", "implicit-mx", "--enable", "unverifiable-target")


def run_json(folder: str, zone: str, extra: Sequence[str] = ()) -> tuple[int, str, str]:
    """``mxlint --format json`` on ``folder/zone`` (includes allowed below ``folder``)."""
    out, err = io.StringIO(), io.StringIO()
    argv = ["--format", "json", "--no-config", "--include-root", folder, *ALL_RULES, *extra]
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([*argv, os.path.join(folder, zone)])
    gc.unfreeze()  # the CLI freezes its zones for the rest of a run; a fuzzer runs many
    return code, out.getvalue(), err.getvalue()


def _line_counts(folder: str) -> dict[str, int]:
    """Lines of every file below ``folder`` (an include may be any of them)."""
    counts = {}
    for name in os.listdir(folder):
        path = os.path.join(folder, name)
        if os.path.isfile(path):
            with open(path, "rb") as f:
                data = f.read()
            # BIND's lines (mxlint.zonefile.lines): only a LF ends one, a lone CR does not
            counts[os.path.realpath(path)] = len(_LINE_END.findall(data)) + 1
    return counts


def check_output(folder: str, code: int, out: str, err: str) -> dict[str, Any]:
    """Assert the properties of one run's results; returns the parsed JSON document."""
    assert code in (0, 1), f"exit {code}; stderr: {err[-2000:]}"
    assert "Traceback" not in err, err[-4000:]
    doc = json.loads(out)  # exactly one JSON document (json.loads refuses trailing data)
    assert isinstance(doc, dict) and set(doc) == {"version", "diagnostics", "summary"}, doc
    assert doc["version"] == 1
    summary = doc["summary"]
    assert set(summary) == SUMMARY_KEYS and all(type(v) is int for v in summary.values())
    assert summary["files"] == 1
    counts = {s: 0 for s in SEVERITIES}
    lines = _line_counts(folder)
    for d in doc["diagnostics"]:
        assert set(d) == DIAGNOSTIC_KEYS, d
        assert type(d["line"]) is int and type(d["column"]) is int, d
        assert d["severity"] in SEVERITIES, d
        assert CODE_RE.match(d["code"]) and NAME_RE.match(d["rule"]), d
        assert isinstance(d["message"], str) and d["message"].strip(), d
        assert type(d["fixable"]) is bool, d
        assert "crashed on this zone" not in d["message"], d["message"]
        real = os.path.realpath(d["path"])
        assert real in lines, f"diagnostic for a file outside the zone's folder: {d}"
        assert 1 <= d["line"] <= lines[real], f"line outside the file ({lines[real]} lines): {d}"
        assert d["column"] >= 1, d
        counts[d["severity"]] += 1
    assert (summary["errors"], summary["warnings"], summary["infos"]) == (
        counts["error"],
        counts["warning"],
        counts["info"],
    ), summary
    assert code == (1 if summary["errors"] else 0), (code, summary)
    return doc


def check_zone(folder: str, zone: str, extra: Sequence[str] = ()) -> dict[str, Any]:
    """Run the pipeline on ``folder/zone`` and assert every property."""
    code, out, err = run_json(folder, zone, extra)
    return check_output(folder, code, out, err)
