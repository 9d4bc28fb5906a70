"""The conventions users bring from ruff, shellcheck and yamllint (issue 18, item 8)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from mxlint import docs
from mxlint.cli import build_parser

from .conftest import ROOT

Cli = Callable[..., tuple[int, str, str]]
Write = Callable[..., str]

# line 5: no dot (MX001), line 6: an IP (MX002), line 7: one host twice (MX006, a warning)
ZONE = "@ IN MX 10 mail.example.com\n@ IN MX 20 192.0.2.1\nwww IN MX 1 mx\nwww IN MX 2 mx\n"
ZONE += "mail IN A 192.0.2.1\nmx IN A 192.0.2.2\n"


def codes(out: str) -> list[str]:
    return [line.rsplit("[", 1)[1].split()[0] for line in out.splitlines() if "[MX" in line]


def test_comma_lists_and_ruff_aliases(cli: Cli, write: Write) -> None:
    path = write("example.com.zone", ZONE)
    assert codes(cli(path)[1]) == ["MX001", "MX002", "MX006"]
    assert codes(cli("--disable", "MX001,ip-target", path)[1]) == ["MX006"]
    assert codes(cli("--ignore", "MX001", "--ignore", "MX002", path)[1]) == ["MX006"]
    # --select: only these; --extend-select adds (also a rule that is off by default)
    assert codes(cli("--select", "MX002", path)[1]) == ["MX002"]
    out = cli("--select", "MX002", "--extend-select", "single-mx,MX001", path)[1]
    assert codes(out) == ["MX001", "MX002", "MX014"]
    assert codes(cli("--select", "ALL", "--ignore", "MX006", path)[1]) == ["MX001", "MX002"]


def test_a_mistyped_rule_gets_a_suggestion_and_every_mistake_is_named(cli: Cli) -> None:
    code, out, err = cli("--disable", "mising-trailing-dot,MX002", "--select", "cname-targt", ".")
    assert code == 2 and out == ""
    assert "unknown rule 'mising-trailing-dot'; did you mean \"missing-trailing-dot\"?" in err
    assert "unknown rule 'cname-targt'; did you mean \"cname-target\"?" in err
    assert cli("--explain", "stale-provder")[2].count('did you mean "stale-provider"?') == 1


def test_usage_errors_are_one_line_and_a_pointer_to_help(cli: Cli) -> None:
    code, _, err = cli("--bogus", "x")
    assert code == 2
    assert err.splitlines() == [
        "mxlint: error: unrecognized arguments: --bogus",
        "Try 'mxlint --help' for the options.",
    ]
    code, out, _ = cli("--help")
    assert code == 0 and "mxlint lsp" in out


def test_warn_is_a_level(cli: Cli, write: Write, tmp_path: Path) -> None:
    path = write("example.com.zone", "www IN MX 1 mx\nwww IN MX 2 mx\nmx IN A 192.0.2.2\n")
    assert cli(path)[0] == 0
    assert cli("--fail-level", "warn", path)[0] == 1
    config = tmp_path / ".mxlint.yaml"
    config.write_text("rules:\n  duplicate-target: error\n  single-mx: warn\n")
    code, out, _ = cli("--config", os.fspath(config), "--format", "json", path)
    found = {d["rule"]: d["severity"] for d in json.loads(out)["diagnostics"]}
    assert found["single-mx"] == "warning" and code == 1


def test_fail_on_a_rule(cli: Cli, write: Write) -> None:
    path = write("example.com.zone", "www IN MX 1 mx\nwww IN MX 2 mx\nmx IN A 192.0.2.2\n")
    assert cli("--fail-on", "MX006", path)[0] == 1
    assert cli("--fail-on", "duplicate-record,ip-target", path)[0] == 0
    code, out, _ = cli("--quiet", "--fail-on", "duplicate-target", path)
    assert code == 1 and codes(out) == ["MX006"]  # --quiet shows what fails the run


def test_every_configuration_mistake_in_one_run(cli: Cli, write: Write, tmp_path: Path) -> None:
    path = write("example.com.zone", ZONE)
    (tmp_path / ".mxlint.yaml").write_text(
        "rules:\n"
        "  mising-trailing-dot: off\n"  # line 2
        "  ip-target: loud\n"  # line 3
        "  stale-provider:\n"
        "    retird: []\n"  # line 5
        "limts: {}\n"  # line 6
        "limits:\n"
        "  generate-record: 10\n"  # line 8
    )
    code, out, err = cli(path)
    assert code == 2 and out == ""
    lines = [line for line in err.splitlines() if line.startswith("mxlint: error: ")]
    assert [line.split(":")[3] for line in lines] == ["2", "3", "5", "6", "8"], err
    assert 'did you mean "missing-trailing-dot"?' in lines[0]
    assert 'did you mean "retired"?' in lines[2] and 'did you mean "limits"?' in lines[3]
    assert "Try 'mxlint --help'" not in err  # a file's mistake, not the arguments'


def test_output_file(cli: Cli, write: Write, tmp_path: Path) -> None:
    path = write("example.com.zone", ZONE)
    report = tmp_path / "report.json"
    code, out, _ = cli("--format", "json", "--output-file", os.fspath(report), path)
    assert code == 1 and out == ""
    assert json.loads(report.read_text())["summary"]["errors"] == 2
    code, _, err = cli("-o", os.fspath(tmp_path / "no" / "such" / "dir.txt"), path)
    assert code == 2 and "--output-file" in err


def test_show_settings(cli: Cli, write: Write, tmp_path: Path) -> None:
    path = write("zones/example.com.zone", ZONE)
    (tmp_path / "zones" / ".mxlint.yaml").write_text("rules:\n  single-mx: info\n")
    code, out, _ = cli("--show-settings", "--disable", "MX002", path)
    assert code == 0
    assert f"configuration: {tmp_path / 'zones' / '.mxlint.yaml'}" in out
    assert "  single-mx: info  # MX014\n" in out and "  ip-target: off  # MX002\n" in out
    assert "  generate-records: 1000000\n" in out


def test_show_source_puts_a_caret_under_the_column(cli: Cli, write: Write) -> None:
    path = write("example.com.zone", "@\tIN MX 10 mail.example.com\nmail IN A 192.0.2.1\n")
    _, out, _ = cli("--show-source", path)
    first, source, caret = out.splitlines()[:3]
    assert first.startswith(f"{path}:5:12: error:")
    assert source == "    5 | @\tIN MX 10 mail.example.com"
    assert caret == "      |  \t" + " " * 9 + "^"  # the tab kept: the caret lines up in a terminal
    assert len(cli(path)[1].splitlines()) == 1  # the default stays one line per diagnostic


def test_diff_exits_1_when_it_prints_changes(cli: Cli, write: Write) -> None:
    path = write("example.com.zone", "@ IN MX 10 mail.example.com\nmail IN A 192.0.2.1\n")
    code, out, _ = cli("--diff", path)
    assert code == 1 and out.startswith(f"--- a/{path.lstrip('/')}\n+++ b/{path.lstrip('/')}")
    assert "//" not in out.splitlines()[0]  # an absolute path is a/tmp/..., not a//tmp/...
    assert cli("--diff", "--exit-zero", path)[0] == 0
    clean = write("example.org.zone", "@ IN MX 10 mx.example.org.\nmx IN A 192.0.2.1\n")
    assert cli("--diff", clean) == (0, "", cli("--diff", clean)[2])


def test_stdin_diff_headers_and_exit(tmp_path: Path) -> None:
    name = os.fspath(tmp_path / "db.example.com")
    zone = (
        "$TTL 60\n@ IN SOA ns. h. 1 2 3 4 5\n@ IN NS ns.example.net.\n@ IN MX 10 mail.example.com\n"
    )
    zone += "mail IN A 192.0.2.1\n"
    proc = subprocess.run(
        [sys.executable, "-m", "mxlint", "--diff", "--stdin-filename", name, "-"],
        input=zone,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1 and proc.stdout.startswith(f"--- a/{name.lstrip('/')}\n")


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completions_are_generated_from_the_parser(cli: Cli, shell: str) -> None:
    code, out, _ = cli("--completion", shell)
    assert code == 0
    options = [o for a in build_parser()._actions for o in a.option_strings if o.startswith("--")]
    missing = [o for o in options if (o[2:] if shell == "fish" else o) not in out]
    assert not missing
    assert "error warning info" in out  # the values of --fail-level
    program = {"bash": "bash", "zsh": "zsh", "fish": "fish"}[shell]
    if shutil.which(program) is None:
        pytest.skip(f"{program} is not installed: the script's syntax is not checked")
    check = ["-n"] if shell != "fish" else ["--no-execute"]
    proc = subprocess.run([program, *check], input=out, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_bash_completion_completes_options_and_values(cli: Cli) -> None:
    if shutil.which("bash") is None:
        pytest.skip("bash is not installed")
    script = cli("--completion", "bash")[1]
    probe = (
        script + "COMP_WORDS=(mxlint --fail-l); COMP_CWORD=1; _mxlint; echo ${COMPREPLY[@]}\n"
        "COMP_WORDS=(mxlint --fail-level w); COMP_CWORD=2; _mxlint; echo ${COMPREPLY[@]}\n"
    )
    proc = subprocess.run(["bash", "-c", probe], capture_output=True, text=True)
    assert proc.stdout.splitlines() == ["--fail-level", "warning"], proc.stderr


def test_the_man_page_is_generated_shipped_and_current(cli: Cli) -> None:
    code, out, _ = cli("--man")
    page = Path(out.strip())
    assert code == 0 and page == ROOT / docs.MAN_PAGE and page.is_file()
    assert page.read_text() == docs.man_page(build_parser())  # python -m mxlint.docs writes it
    assert "\\-\\-select" in page.read_text() and ".SH EXIT STATUS" in page.read_text()
    if shutil.which("man") is None:
        pytest.skip("man is not installed: the page's rendering is not checked")
    proc = subprocess.run(
        ["man", "-l", os.fspath(page)],
        capture_output=True,
        text=True,
        env={**os.environ, "MANWIDTH": "80", "MAN_KEEP_FORMATTING": ""},
    )
    assert proc.returncode == 0 and "--fail-level" in proc.stdout, proc.stderr


def test_fixable_marker_in_text_json_and_statistics(cli: Cli, write: Write) -> None:
    path = write("example.com.zone", ZONE)  # MX001 is fixable, MX002 and MX006 are not
    code, out, err = cli("--statistics", path)
    assert code == 1
    assert "     1  MX001 missing-trailing-dot (error), 1 fixable\n" in out
    assert "     1  MX002 ip-target (error)\n" in out
    assert "mxlint: 1 problem fixable with --fix (--diff shows how)" in err
    doc = json.loads(cli("--format", "json", path)[1])
    assert {d["code"]: d["fixable"] for d in doc["diagnostics"]} == {
        "MX001": True,
        "MX002": False,
        "MX006": False,
    }
