"""The README's commands and examples are executed, so they cannot go stale."""

from __future__ import annotations

import os
import re
import shlex
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from mxlint.check.providers import load_catalogue
from mxlint.check.registry import Registry
from mxlint.config import load_config

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
# The pages the README sends readers to for the details; their snippets are run too.
DOCS = {p.name: p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").glob("*.md"))}
Cli = Callable[..., tuple[int, str, str]]


def block(tag: str) -> str:
    """The snippet tagged ``<!-- readme-test: TAG -->`` in the README or a page of docs/."""
    for text in (README, *DOCS.values()):
        m = re.search(rf"<!-- readme-test: {tag} -->\n```\w*\n(.*?)```", text, re.S)
        if m:
            return m.group(1)
    raise AssertionError(f"neither README.md nor docs/ has a block tagged {tag}")


def test_every_tagged_snippet_is_run_by_a_test() -> None:
    """A snippet tagged for the tests is read by one (by its tag), in the README or docs/."""
    tests = "".join(p.read_text() for p in (ROOT / "tests").glob("test_*.py"))
    for text in (README, *DOCS.values()):
        for tag in re.findall(r"<!-- readme-test: ([\w-]+) -->", text):
            assert f'block("{tag}")' in tests, tag


def test_the_readme_fits_a_first_read() -> None:
    """What it is, install, the two commands, pre-commit, CI, editors, rules, configuration,
    and the architecture in brief; the details live in docs/ and every page there is linked."""
    headings = re.findall(r"^## (.+)$", README, re.M)
    assert headings == [
        "Install",
        "Use",
        "pre-commit",
        "CI",
        "Editors",
        "Rules",
        "Configuration",
        "Architecture",
    ]
    assert len(README.splitlines()) < 370
    assert "pipx install" in README
    for name in DOCS:
        assert f"docs/{name}" in README, name
    for gone in ("µs/record", "instructions", "## Performance", "callgrind"):
        assert gone not in README, gone


def first_screen_commands() -> list[str]:
    head = "\n".join(README.splitlines()[:20])
    return [line for line in head.splitlines() if line.startswith("python3 -m venv .venv")]


def test_first_screen_has_install_and_test_commands() -> None:
    install, test = first_screen_commands()
    assert "pip install ." in install and ".venv/bin/mxlint rules/" in install
    assert "pip install -e '.[test]'" in test and "pytest" in test


@pytest.mark.skipif(
    not (ROOT / ".ci" / "run").is_file(),
    reason="no .ci/run: the sdist ships the tests, not the repository's CI script",
)
def test_ci_runs_exactly_the_readme_test_command() -> None:
    _, test = first_screen_commands()
    ci = (ROOT / ".ci" / "run").read_text().splitlines()
    assert test in ci


def test_the_example_output_is_what_mxlint_prints(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    install, _ = first_screen_commands()
    target = shlex.split(install)[-1]
    monkeypatch.chdir(ROOT)
    code, out, _ = cli(target)
    m = re.search(r"```text\n(.*?)\n```", README, re.S)
    assert m and m.group(1) == out.splitlines()[0]
    errors = out.count(": error: ")
    assert code == 1 and f"it has {['no', 'one', 'two', 'three'][errors]} errors" in README


def test_rules_table_lists_every_rule_with_its_level() -> None:
    for r in Registry.load(plugins=False).rules:
        level = r.severity + ("" if r.enabled else ", off by default")
        assert f"| {r.code} | {r.name} | {level} |" in README, r.code


def test_config_example_is_valid(tmp_path: Path) -> None:
    path = tmp_path / ".mxlint.yaml"
    path.write_text(block("config"))
    config = load_config(os.fspath(path), Registry.load(plugins=False))
    assert config.rules["MX014"].level == "info"
    extra = config.rules["MX007"].options["providers"]
    catalogue = load_catalogue(extra)
    assert catalogue.is_published("mx1.mail.example.net.")


def test_suppression_example(cli: Cli, tmp_path: Path) -> None:
    zone = tmp_path / "example.com.zone"
    zone.write_text(block("suppressions"))
    assert cli("--enable", "single-mx", os.fspath(zone)) == (0, "", cli(os.fspath(zone))[2])
    # without the directives, the same zone has errors: the example does suppress something
    stripped = re.sub(r";.*", "", block("suppressions"))
    zone.write_text(stripped)
    code, out, _ = cli("--enable", "single-mx", os.fspath(zone))
    assert code == 1 and "ip-target" in out and "missing-trailing-dot" in out
    assert "single-mx" in out


def test_pre_commit_snippet_uses_our_hooks_and_its_args_work(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    snippet = yaml.safe_load(block("pre-commit"))
    ours = {h["id"] for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    [repo] = snippet["repos"]
    hooks = repo["hooks"]
    assert {h["id"] for h in hooks} <= ours
    (tmp_path / "zones").mkdir()
    (tmp_path / "zones" / "example.com.zone").write_text(
        "$ORIGIN example.com.\n$TTL 60\n@ IN MX 10 mail.example.net.\n"
    )
    (tmp_path / "zones" / "example.net.zone").write_text(
        "$ORIGIN example.net.\n$TTL 60\nmail IN CNAME x\nx IN A 192.0.2.1\n"
    )
    monkeypatch.chdir(tmp_path)
    code, out, _ = cli(*hooks[0]["args"], "zones/example.com.zone")
    assert code == 1 and "[MX003 cname-target]" in out


def test_github_actions_job_runs(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    job = yaml.safe_load(block("github-actions"))
    steps = job["jobs"]["mxlint"]["steps"]
    command = shlex.split(steps[-1]["run"])
    assert command[0] == "mxlint"
    (tmp_path / "zones").mkdir()
    (tmp_path / "zones" / "example.com.zone").write_text(
        "$ORIGIN example.com.\n$TTL 60\n@ IN MX 10 192.0.2.1\n"
    )
    monkeypatch.chdir(tmp_path)
    code, out, _ = cli(*command[1:])
    assert code == 1
    assert out.startswith(
        "::error file=zones/example.com.zone,line=3,col=12,title=MX002 ip-target::"
    )


def test_peer_comparison_claims(cli: Cli) -> None:
    """Every line the README's comparison table credits to mxlint is reported, as claimed."""
    code, out, _ = cli(os.fspath(ROOT / "tests" / "data" / "peers.zone"))
    got = {
        (int(line.split(":")[1]), line.rsplit("[", 1)[1].split()[0]) for line in out.splitlines()
    }
    table = re.search(
        r"## Compared with the peers\n(.*?)\n\n(\| line.*?)\n\n", DOCS["comparison.md"], re.S
    )
    assert table
    claimed = set()
    for row in table.group(2).splitlines()[2:]:
        cells = [c.strip() for c in row.strip("|").split("|")]
        code_ = cells[2].split(",")[0].split()[0]
        for n in cells[0].split(","):
            claimed.add((int(n), code_))
    assert claimed == got
    assert len(got) == 12 and code == 1


def test_baseline_commands(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The baseline block as written: record, then only new diagnostics fail the run."""
    write, check = (shlex.split(line) for line in block("baseline").splitlines())
    assert write[0] == check[0] == "mxlint"
    (tmp_path / "zones").mkdir()
    zone = tmp_path / "zones" / "example.com.zone"
    zone.write_text("$ORIGIN example.com.\n$TTL 60\n@ IN MX 10 192.0.2.1\n")
    monkeypatch.chdir(tmp_path)
    assert cli(*check[1:])[0] == 2  # no baseline yet
    assert cli(*write[1:])[:2] == (0, "")
    assert cli(*check[1:])[:2] == (0, "")
    zone.write_text(
        "$ORIGIN example.com.\n$TTL 60\n\n@ IN MX 10 192.0.2.1\nwww IN MX 10 10.0.0.1\n"
    )
    code, out, _ = cli(*check[1:])
    assert code == 1 and out.startswith("zones/example.com.zone:5:")


def test_stdin_snippet_runs(tmp_path: Path) -> None:
    """Each line of the Editors section's stdin block, run by a shell with mxlint on PATH."""
    import shutil
    import subprocess
    import sys

    bindir = os.path.dirname(sys.executable)
    assert shutil.which("mxlint", path=bindir), "the console script is installed"
    zone = (
        "$TTL 3600\n@ IN SOA ns1.example.net. h.example.com. 1 7200 3600 1209600 300\n"
        "@ IN NS ns1.example.net.\n@ IN MX 10 mail.example.com\nmail IN A 192.0.2.1\n"
    )
    (tmp_path / "buffer.txt").write_text(zone)
    env = {**os.environ, "PATH": bindir + os.pathsep + os.environ.get("PATH", "")}
    lint, fix = block("stdin").splitlines()
    proc = subprocess.run(["bash", "-c", lint], cwd=tmp_path, env=env, capture_output=True)
    assert proc.returncode == 1
    # the name and the origin both come from --stdin-filename
    assert proc.stdout.decode().startswith("zones/db.example.com:4:12: error: ")
    assert b"mail.example.com.example.com." in proc.stdout
    proc = subprocess.run(["bash", "-c", fix], cwd=tmp_path, env=env, capture_output=True)
    assert proc.returncode == 0 and proc.stdout == b""
    fixed = (tmp_path / "fixed.txt").read_text()
    assert fixed == zone.replace("mail.example.com\n", "mail.example.com.\n")
    assert not (tmp_path / "zones").exists()  # nothing written to the named file


def test_editor_snippet_runs_on_neovim_0_7() -> None:
    """The Neovim snippet runs ``mxlint lsp`` (tests/test_editors.py runs it in the real
    editor) with nothing newer than Neovim 0.7, Debian stable's: no ``vim.fs`` (0.8), no
    ``vim.lsp.start`` (0.8)."""
    lua = block("neovim")
    assert "cmd = { 'mxlint', 'lsp' }" in lua and "pattern = 'bindzone'" in lua
    assert "vim.fs." not in lua and "vim.lsp.start(" not in lua
