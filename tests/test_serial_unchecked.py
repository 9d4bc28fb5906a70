"""A serial check that cannot run says so (and ``--base`` then exits 2); the cases that
switched it off without a word now work: an out-of-zone warning, a deleted or renamed
``$INCLUDE``, a linked git worktree whose hooks run with ``GIT_DIR`` set."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from .test_serial import commit, git, make_repo, zone

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
Cli = Callable[..., tuple[int, str, str]]


def test_an_out_of_zone_warning_does_not_switch_it_off(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    extra = "stray.example.org. IN A 192.0.2.9\n"
    repo = make_repo(tmp_path / "r", {"example.com.zone": zone(5, extra=extra)})
    monkeypatch.chdir(repo)
    (repo / "example.com.zone").write_text(zone(5, mx="mail2", extra=extra))
    code, out, _ = cli("example.com.zone")
    assert "out-of-zone" in out
    assert "serial-not-increased" in out and code == 1


@pytest.mark.parametrize("how", ["renamed", "deleted"])
def test_a_deleted_or_renamed_include_does_not_switch_it_off(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    repo = make_repo(
        tmp_path / "r",
        {
            "example.com.zone": zone(5, extra="$INCLUDE mx.inc\n"),
            "mx.inc": "@ IN MX 20 mx2.example.net.\n",
        },
    )
    monkeypatch.chdir(repo)
    if how == "renamed":
        git(repo, "mv", "mx.inc", "backup.inc")
        (repo / "backup.inc").write_text("@ IN MX 30 mx3.example.net.\n")
        (repo / "example.com.zone").write_text(zone(5, extra="$INCLUDE backup.inc\n"))
    else:
        git(repo, "rm", "-q", "mx.inc")
        (repo / "example.com.zone").write_text(zone(5))
    code, out, err = cli("example.com.zone")
    assert "serial-not-increased" in out and code == 1, out + err


def test_base_that_cannot_run_exits_2(tmp_path: Path, cli: Cli) -> None:
    path = tmp_path / "example.com.zone"  # not in any git work tree
    path.write_text(zone(5))
    code, _out, err = cli("--base", "main", os.fspath(path))
    assert code == 2 and "not in a git work tree" in err


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs chown")
def test_dubious_ownership_leaves_a_visible_note(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_repo(tmp_path / "r", {"example.com.zone": zone(5)})
    (repo / "example.com.zone").write_text(zone(5, mx="mail2"))
    for root, dirs, files in os.walk(repo):
        for name in dirs + files:
            os.lchown(os.path.join(root, name), 12345, 12345)
    os.lchown(repo, 12345, 12345)
    monkeypatch.chdir(repo)
    monkeypatch.setenv("HOME", os.fspath(tmp_path))  # no safe.directory from the user
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    _code, _out, err = cli("example.com.zone")
    # before: silent (the note came only with --base, and said "not in a git work tree")
    assert "serial-not-increased not checked" in err and "dubious ownership" in err
    assert "safe.directory" in err
    code, _out, err = cli("--base", "HEAD", "example.com.zone")
    assert code == 2 and "dubious ownership" in err


def test_linked_worktree_with_the_real_pre_commit(tmp_path: Path) -> None:
    """git runs hooks with GIT_DIR set; in a linked worktree the check used to be off and
    pre-commit said "Passed"."""
    config = (
        "repos:\n- repo: local\n  hooks:\n  - id: mxlint\n    name: mxlint\n"
        f"    entry: {sys.executable} -m mxlint\n    language: system\n"
        "    files: \\.zone$\n"
    )
    repo = make_repo(
        tmp_path / "r", {"zones/example.com.zone": zone(5), ".pre-commit-config.yaml": config}
    )
    env = {**os.environ, "PRE_COMMIT_HOME": os.fspath(tmp_path / "pc"), "NO_COLOR": "1"}
    subprocess.run(
        [sys.executable, "-m", "pre_commit", "install"], cwd=repo, env=env, check=True,
        capture_output=True,
    )  # fmt: skip
    linked = tmp_path / "linked"
    git(repo, "worktree", "add", "-q", "-b", "feature", os.fspath(linked))
    (linked / "zones/example.com.zone").write_text(zone(5, mx="mail2"))
    git(linked, "add", "zones/example.com.zone")
    proc = subprocess.run(
        ["git", "commit", "-qm", "mx"], cwd=linked, env=env, capture_output=True, text=True
    )
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0 and "serial-not-increased" in out, out
    commit(linked, {"zones/example.com.zone": zone(6, mx="mail2")}, "mx, serial 6")  # now it passes
