"""JUnit XML, for Jenkins, GitLab and Azure Pipelines."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from mxlint.model import Diagnostic
from mxlint.report._shared import Summary, _write_xml, _xml_text


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
