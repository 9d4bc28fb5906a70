"""The hooks of .pre-commit-hooks.yaml, run by the real pre-commit in a real git repository.

``pre-commit try-repo`` installs this checkout (with uncommitted changes) into a hook
environment, as users' ``pre-commit`` would from a tag.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, ZONE_HEADER, unbumped

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

BAD = ZONE_HEADER + "@ IN MX 10 mail.example.com\nmail IN A 192.0.2.1\n"
CLEAN = ZONE_HEADER + "@ IN MX 10 mail.example.com.\nmail IN A 192.0.2.1\n"


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One pre-commit cache for the module: the hook environment is built once."""
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture(scope="session")
def hooks_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository pre-commit installs the hooks from: this checkout, or, in an unpacked
    sdist (no git work tree), a git repository made of a copy of it."""
    if (ROOT / ".git").exists():
        return ROOT
    repo = tmp_path_factory.mktemp("hooks") / "mxlint"
    junk = shutil.ignore_patterns(".venv*", "build", "dist", "__pycache__", ".*_cache")
    shutil.copytree(ROOT, repo, ignore=junk)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "sdist")
    return repo


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def make_repo(tmp_path: Path, files: dict[str, str]) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "test@example.com")
    git(repo, "config", "user.name", "test")
    for name, text in files.items():
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "zones")
    return repo


def try_repo(
    repo: Path, home: Path, hook: str, *files: str, source: Path = ROOT
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": os.fspath(home), "NO_COLOR": "1"}
    pre_commit = [sys.executable, "-m", "pre_commit"]
    return subprocess.run(
        [*pre_commit, "try-repo", os.fspath(source), hook, "--files", *files],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_bad_zone_fails_with_path_and_line(tmp_path: Path, home: Path, hooks_repo: Path) -> None:
    repo = make_repo(tmp_path, {"zones/example.com.zone": BAD})
    proc = try_repo(repo, home, "mxlint", "zones/example.com.zone", source=hooks_repo)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "zones/example.com.zone:5:12: error: MX target" in out
    assert "[MX001 missing-trailing-dot]" in out


def test_clean_zone_passes(tmp_path: Path, home: Path, hooks_repo: Path) -> None:
    repo = make_repo(tmp_path, {"db.example.com": CLEAN.replace("$ORIGIN example.com.\n", "")})
    proc = try_repo(repo, home, "mxlint", "db.example.com", source=hooks_repo)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Passed" in proc.stdout


def test_fix_hook_adds_the_missing_dot(tmp_path: Path, home: Path, hooks_repo: Path) -> None:
    repo = make_repo(tmp_path, {"example.com.zone": BAD})
    proc = try_repo(repo, home, "mxlint-fix", "example.com.zone", source=hooks_repo)
    # pre-commit fails a hook that modified files, so that the fix gets reviewed and added
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "files were modified by this hook" in proc.stdout
    assert unbumped((repo / "example.com.zone").read_bytes()).decode() == CLEAN


TYPO = ZONE_HEADER + "@ IN MX 1 aspmx.l.google.com.\n@ IN MX 5 atl1.aspmx.l.google.com.\n"
LEFTOVER = ZONE_HEADER + "@ IN MX 1 smtp.google.com.\n@ IN MX 10 mx.zoho.com.\n"
HARMLESS = ZONE_HEADER + "@ IN MX 10 mx\n@ IN MX 20 mx\nmx IN A 192.0.2.1\n"


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        (TYPO, "[MX018 unknown-provider-host]"),  # a warning that sends mail nowhere
        (LEFTOVER, "[MX007 stale-provider]"),  # a warning: mail to a dead mailbox
    ],
)
def test_a_warning_that_loses_mail_fails_the_hook(
    tmp_path: Path, home: Path, hooks_repo: Path, text: str, needle: str
) -> None:
    repo = make_repo(tmp_path, {"zones/example.com.zone": text})
    proc = try_repo(repo, home, "mxlint", "zones/example.com.zone", source=hooks_repo)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert needle in out and "Failed" in out


def test_other_warnings_are_shown_but_pass(tmp_path: Path, home: Path, hooks_repo: Path) -> None:
    repo = make_repo(tmp_path, {"zones/example.com.zone": HARMLESS})
    proc = try_repo(repo, home, "mxlint", "zones/example.com.zone", source=hooks_repo)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    assert "Passed" in out
    # pre-commit hides a passing hook's output unless the hook is verbose
    assert "zones/example.com.zone:" in out and ": warning: " in out
    assert "[MX006 duplicate-target]" in out
