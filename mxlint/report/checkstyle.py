"""Checkstyle XML (the 4.3 form)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from mxlint.model import Diagnostic
from mxlint.report._shared import Summary, _write_xml, _xml_text


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
