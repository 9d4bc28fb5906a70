"""GitLab Code Quality, JUnit and checkstyle output, the GitHub step summary, exit and colour flags.

Each format is checked against what its consumers publish (tests/data/schemas/README.md names
the sources): GitLab's own JSON schema for Code Quality entries plus the constraints of its
documentation, the Jenkins xUnit plugin's JUnit XSD (with ``xmlschema``) and ``junitparser``,
and Apache Ant's checkstyle report stylesheet (applied with ``lxml``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
import xmlschema
from junitparser import Failure, JUnitXml

from .conftest import ROOT, ZONE_HEADER

Cli = Callable[..., tuple[int, str, str]]
SCHEMAS = ROOT / "tests" / "data" / "schemas"

# Two errors (line 5: a CNAME target, twice written), two warnings (the duplicate), an info.
BAD = (
    ZONE_HEADER
    + "@ IN MX 10 mail\n"
    + "@ IN MX 10 mail\n"
    + "mail IN CNAME host\n"
    + "host IN A 192.0.2.1\n"
    + 'x IN MX 10 "host\n'
)


@pytest.fixture
def zones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "zones").mkdir()
    (tmp_path / "zones" / "example.com.zone").write_text(BAD)
    (tmp_path / "zones" / "example.net.zone").write_text(
        ZONE_HEADER.replace("example.com", "example.net").replace(
            "NS    ns1.example.net.", "NS    ns1.example.org."
        )
        + "@ IN MX 10 @\n@ IN A 192.0.2.2\n"
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run_format(cli: Cli, fmt: str, *extra: str) -> tuple[int, str]:
    code, out, _ = cli("--format", fmt, "--enable", "single-mx", *extra, "zones/")
    return code, out


def text_diagnostics(cli: Cli) -> list[str]:
    _, out, _ = cli("--enable", "single-mx", "zones/")
    return out.splitlines()


# --------------------------------------------------------------------------- GitLab


def gitlab_errors(doc: object) -> list[str]:
    """GitLab's schema for each entry, plus what its documentation requires on top."""
    schema = json.loads((SCHEMAS / "gitlab-codeclimate.json").read_text())
    validator = jsonschema.Draft7Validator(schema)
    errors = []
    if not isinstance(doc, list):
        return ["a Code Quality report is a JSON array"]
    for i, entry in enumerate(doc):
        errors += [f"{i}: {e.message}" for e in validator.iter_errors(entry)]
        if not isinstance(entry.get("check_name"), str):
            errors.append(f"{i}: no check_name")
        if entry.get("severity") not in ("info", "minor", "major", "critical", "blocker"):
            errors.append(f"{i}: severity {entry.get('severity')!r}")
        path = entry.get("location", {}).get("path", "")
        if os.path.isabs(path) or path.startswith("./"):
            errors.append(f"{i}: path {path!r} is not relative to the repository")
        begin = entry.get("location", {}).get("lines", {}).get("begin")
        if not isinstance(begin, int) or begin < 1:
            errors.append(f"{i}: lines.begin {begin!r}")
    fps = [e.get("fingerprint") for e in doc]
    if len(set(fps)) != len(fps):
        errors.append("fingerprints are not unique")
    return errors


def test_gitlab_validator_has_teeth() -> None:
    bad = [{"description": "x", "check_name": "c", "severity": "error", "location": {}}]
    errors = gitlab_errors(bad)
    assert any("'fingerprint' is a required property" in e for e in errors), errors
    assert any("severity 'error'" in e for e in errors), errors


def test_gitlab_report_is_valid_and_complete(cli: Cli, zones: Path) -> None:
    code, out = run_format(cli, "gitlab")
    doc = json.loads(out)
    assert gitlab_errors(doc) == []
    assert code == 1
    text = text_diagnostics(cli)
    assert len(doc) == len(text) >= 5
    by_line = {
        (e["location"]["path"], e["location"]["lines"]["begin"], e["check_name"]) for e in doc
    }
    for line in text:
        path, lineno, _ = line.split(":", 2)
        code_, rule = line.rsplit("[", 1)[1].rstrip("]").split()
        assert (path, int(lineno), f"{code_} {rule}") in by_line
    severities = {e["check_name"].split()[1]: e["severity"] for e in doc}
    assert severities["cname-target"] == "major"
    assert severities["duplicate-record"] == "minor"
    assert severities["single-mx"] == "info"


def test_gitlab_fingerprints_stable_across_runs_and_line_moves(cli: Cli, zones: Path) -> None:
    first = {e["fingerprint"]: e for e in json.loads(run_format(cli, "gitlab")[1])}
    assert {e["fingerprint"] for e in json.loads(run_format(cli, "gitlab")[1])} == set(first)
    zone = zones / "zones" / "example.com.zone"
    zone.write_text(BAD.replace("@ IN MX 10 mail\n", "; moved down\n\n@ IN MX 10 mail\n", 1))
    moved = {e["fingerprint"]: e for e in json.loads(run_format(cli, "gitlab")[1])}
    assert set(moved) == set(first)
    assert any(
        moved[fp]["location"]["lines"]["begin"] != first[fp]["location"]["lines"]["begin"]
        for fp in first
    )


# --------------------------------------------------------------------------- JUnit


def test_junit_validates_against_the_jenkins_schema(cli: Cli, zones: Path) -> None:
    schema = xmlschema.XMLSchema(SCHEMAS / "junit-10.xsd")
    code, out = run_format(cli, "junit")
    assert code == 1
    schema.validate(out)
    # The schema has teeth: a testsuite without its required counts is refused.
    with pytest.raises(xmlschema.XMLSchemaValidationError):
        schema.validate('<testsuites><testsuite name="x"/></testsuites>')


def test_junit_read_by_junitparser(cli: Cli, zones: Path, tmp_path: Path) -> None:
    _, out = run_format(cli, "junit")
    report = tmp_path / "junit.xml"
    report.write_text(out)
    xml = JUnitXml.fromfile(os.fspath(report))
    suites = list(xml)
    assert len(suites) == 1 and suites[0].name == "mxlint"
    cases = list(suites[0])
    text = text_diagnostics(cli)
    assert len(cases) == len(text)
    failed = [c for c in cases if any(isinstance(r, Failure) for r in c.result)]
    errors_and_warnings = [t for t in text if ": info: " not in t]
    assert len(failed) == len(errors_and_warnings) == suites[0].failures
    first = failed[0]
    assert first.classname == "zones/example.com.zone"
    assert first.name.startswith("MX003 cname-target at 5:")
    # Quotes survive the XML escaping, as the text output has them.
    assert 'MX target "mail.example.com." is an alias' in first.result[0].message


def test_junit_clean_run_is_one_passing_case(cli: Cli, zones: Path, tmp_path: Path) -> None:
    code, out, _ = cli("--format", "junit", "zones/example.net.zone")
    assert code == 0
    xmlschema.XMLSchema(SCHEMAS / "junit-10.xsd").validate(out)
    report = tmp_path / "junit.xml"
    report.write_text(out)
    (suite,) = list(JUnitXml.fromfile(os.fspath(report)))
    (case,) = list(suite)
    assert case.is_passed and suite.failures == 0 and suite.tests == 1


# --------------------------------------------------------------------------- checkstyle


def test_checkstyle_read_by_ants_stylesheet(cli: Cli, zones: Path) -> None:
    from lxml import etree

    code, out = run_format(cli, "checkstyle")
    assert code == 1
    root = etree.fromstring(out.encode())
    assert root.tag == "checkstyle" and root.get("version") == "4.3"
    transform = etree.XSLT(etree.parse(os.fspath(SCHEMAS / "checkstyle-text.xsl")))
    rendered = str(transform(root))
    # Ant prints "name:line:column message" for each error, as mxlint's text output has them.
    for line in text_diagnostics(cli):
        path, lineno, col, rest = line.split(":", 3)
        message = rest.split(": ", 1)[1].rsplit(" [", 1)[0]
        assert f"{path}:{lineno}:{col} {message}" in rendered
    for error in root.iter("error"):
        assert error.get("severity") in ("error", "warning", "info")
        assert error.get("source", "").startswith("mxlint.MX")
    names = [f.get("name") for f in root.iter("file")]
    assert names == ["zones/example.com.zone", "zones/example.net.zone"]  # one element each


def test_xml_reports_drop_characters_xml_cannot_hold() -> None:
    import io

    from lxml import etree

    from mxlint.model import Diagnostic
    from mxlint.report import Summary, checkstyle_report, junit_report

    d = Diagnostic("a\x01.zone", 1, 1, "error", "MX000", "syntax-error", "bad \x00 byte \x1b")
    for reporter in (junit_report, checkstyle_report):
        out = io.StringIO()
        reporter([d], Summary.of([d], 1), out)
        etree.fromstring(out.getvalue().encode())  # parses: no raw control characters
        assert "\\x00" in out.getvalue() and "\\x1b" in out.getvalue()


# --------------------------------------------------------------------------- GitHub summary


def test_github_step_summary_table(cli: Cli, zones: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    summary = zones / "summary.md"
    summary.write_text("earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", os.fspath(summary))
    code, out = run_format(cli, "github")
    assert code == 1 and out.startswith("::")
    text = summary.read_text()
    assert text.startswith("earlier step\n### mxlint\n")  # appended, not overwritten
    rows = [r for r in text.splitlines() if r.startswith("| ") and "---" not in r][1:]
    assert len(rows) == len(text_diagnostics(cli)) == len(out.splitlines())
    assert any("zones/example.com.zone\\:5\\:" in r and "MX003 cname-target" in r for r in rows)
    assert all(r.count(" | ") == 3 for r in rows)  # a "|" in a message is escaped


def test_github_without_step_summary_writes_no_file(
    cli: Cli, zones: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    before = set(zones.rglob("*"))
    run_format(cli, "github")
    assert set(zones.rglob("*")) == before


def test_step_summary_is_capped() -> None:
    import io

    from mxlint.model import Diagnostic
    from mxlint.report import STEP_SUMMARY_ROWS, Summary, github_step_summary

    ds = [Diagnostic("a.zone", n, 1, "warning", "MX005", "r", "m|x") for n in range(1, 600)]
    out = io.StringIO()
    github_step_summary(ds, Summary.of(ds, 1), out)
    assert out.getvalue().count("| warning |") == STEP_SUMMARY_ROWS
    assert f"and {599 - STEP_SUMMARY_ROWS} more" in out.getvalue()
    assert "m\\|x" in out.getvalue()


# --------------------------------------------------------------------------- exit status


def test_fail_level_and_exit_zero(cli: Cli, write: Callable[..., str]) -> None:
    twice = "@ IN MX 10 mx.example.net.\n" * 2
    warn_only = write("example.com.zone", twice)
    assert cli(warn_only)[0] == 0
    assert cli("--fail-level", "warning", warn_only)[0] == 1
    assert cli("--fail-level", "error", warn_only)[0] == 0
    assert cli("--fail-level", "info", warn_only)[0] == 1
    info_only = write("example.org.zone", "@ IN MX 10 mx.example.net.\n")
    assert cli("--enable", "single-mx", "--fail-level", "warning", info_only)[0] == 0
    assert cli("--enable", "single-mx", "--fail-level", "info", info_only)[0] == 1
    code, out, _ = cli("--exit-zero", "--fail-level", "info", warn_only)
    assert code == 0 and "duplicate-record" in out
    # --quiet shows what fails the run
    code, out, _ = cli("--quiet", "--fail-level", "warning", warn_only)
    assert code == 1 and out.count(": warning: ") == 2
    assert cli("--fail-level", "fatal", warn_only)[0] == 2


def test_exit_zero_keeps_usage_errors(cli: Cli) -> None:
    assert cli("--exit-zero", "no/such/file.zone")[0] == 2


# --------------------------------------------------------------------------- colour


def run_tty(zone: str, args: list[str], env: dict[str, str]) -> bytes:
    import pty

    base = {k: v for k, v in os.environ.items() if k not in ENV_COLOR}
    base["PYTHONPATH"] = os.fspath(ROOT)
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(sys.executable, [sys.executable, "-m", "mxlint", *args, zone], {**base, **env})
    chunks = b""
    while True:
        try:
            data = os.read(fd, 4096)
        except OSError:
            break
        if not data:
            break
        chunks += data
    os.waitpid(pid, 0)
    return chunks


def run_pipe(zone: str, args: list[str], env: dict[str, str]) -> bytes:
    base = {k: v for k, v in os.environ.items() if k not in ENV_COLOR}
    base["PYTHONPATH"] = os.fspath(ROOT)
    proc = subprocess.run(
        [sys.executable, "-m", "mxlint", *args, zone], env={**base, **env}, capture_output=True
    )
    return proc.stdout


ENV_COLOR = ("NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE")
RED = b"\033[31m"


@pytest.mark.parametrize(
    ("args", "env", "tty", "pipe"),
    [
        ([], {}, True, False),
        ([], {"NO_COLOR": "1"}, False, False),
        ([], {"NO_COLOR": ""}, True, False),  # empty means unset (no-color.org)
        ([], {"FORCE_COLOR": "1"}, True, True),
        ([], {"CLICOLOR_FORCE": "1"}, True, True),
        ([], {"CLICOLOR_FORCE": "0"}, True, False),
        ([], {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False, False),  # NO_COLOR wins
        (["--color", "always"], {"NO_COLOR": "1"}, True, True),  # the flag wins
        (["--color", "never"], {"FORCE_COLOR": "1"}, False, False),
    ],
)
def test_colour_precedence(
    write: Callable[..., str], args: list[str], env: dict[str, str], tty: bool, pipe: bool
) -> None:
    zone = write("example.com.zone", "@ IN MX 10 mail.example.com\nmail IN A 192.0.2.1\n")
    assert (RED in run_pipe(zone, args, env)) is pipe
    assert (RED in run_tty(zone, args, env)) is tty
