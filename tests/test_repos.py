"""Repositories shaped like real ones, each linted with ``mxlint .`` from its root.

Every folder of ``tests/repos/`` is a small zone repository built after a cause of false
alarms found on public DNS repositories (dump-format zones, server configurations with
deployment paths, old copies of a zone, non-zone files with zone-like names, templates,
shared ``$INCLUDE`` fragments, signed and reverse zones, a ``$ORIGIN`` without its dot). Its
``EXPECTED`` file lists every diagnostic the run must give, one a line::

    path:line:col severity CODE | message fragment | another fragment

The test copies the folder into a fresh git repository (a plain folder when the repository
holds a ``NOGIT`` file: an extracted archive), runs ``mxlint --format json .`` there (exactly
as a user runs it, in a subprocess), and asserts the diagnostics are exactly those, each
message containing its fragments, and that no place is reported twice.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

REPOS = ROOT / "tests" / "repos"


def expected(repo: Path) -> list[tuple[tuple[str, int, int, str, str], list[str]]]:
    out = []
    for raw in (repo / "EXPECTED").read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        head, *fragments = (part.strip() for part in raw.split(" | "))
        place, severity, code = head.split()
        path, line, col = place.rsplit(":", 2)
        out.append(((path, int(line), int(col), severity, code), fragments))
    return out


def run_mxlint(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    return subprocess.run(
        [sys.executable, "-m", "mxlint", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def checkout(repo: Path, tmp_path: Path) -> Path:
    """The repository as a user has it: its own git work tree."""
    work = tmp_path / repo.name
    shutil.copytree(repo, work, ignore=shutil.ignore_patterns("EXPECTED", "NOGIT"))
    if not (repo / "NOGIT").exists():  # NOGIT: an extracted archive, no work tree
        subprocess.run(["git", "init", "-q", str(work)], check=True)
    return work


@pytest.mark.parametrize(
    "repo", sorted(p for p in REPOS.iterdir() if p.is_dir()), ids=lambda p: p.name
)
def test_repository_gives_exactly_the_expected_diagnostics(repo: Path, tmp_path: Path) -> None:
    work = checkout(repo, tmp_path)
    proc = run_mxlint(work, "--format", "json", ".")
    assert "Traceback" not in proc.stderr, proc.stderr
    report = json.loads(proc.stdout)
    got = [
        (d["path"], d["line"], d["column"], d["severity"], d["code"], d["message"])
        for d in report["diagnostics"]
    ]
    places = [g[:5] for g in got]
    assert len(places) == len(set(places)), "a place is reported twice"
    want = expected(repo)
    assert sorted(places) == sorted(w for w, _ in want), "\n".join(
        f"{p}:{line}:{col} {sev} {code} | {msg}" for p, line, col, sev, code, msg in got
    )
    messages = {g[:5]: g[5] for g in got}
    for place, fragments in want:
        for fragment in fragments:
            assert fragment in messages[place], (place, fragment, messages[place])
    errors = sum(1 for g in got if g[3] == "error")
    assert proc.returncode == (1 if errors else 0)


def test_skipped_files_are_listed_with_verbose(tmp_path: Path) -> None:
    work = checkout(REPOS / "nonzones", tmp_path)
    proc = run_mxlint(work, "--verbose", ".")
    skipped = {line for line in proc.stderr.splitlines() if line.startswith("mxlint: skipped")}
    assert skipped == {
        "mxlint: skipped LICENSE.zone: not a zone file: 7 of the first 7 statements are not "
        "zone-file records or directives",
        "mxlint: skipped README.md.zone: not a zone file: 5 of the first 5 statements are not "
        "zone-file records or directives",
        "mxlint: skipped docs/db.example.org.md: a .md file, not a zone file",
        "mxlint: skipped src/db.c: a .c file, not a zone file",
    }


def test_a_non_zone_file_named_explicitly_is_one_warning(tmp_path: Path) -> None:
    work = checkout(REPOS / "nonzones", tmp_path)
    proc = run_mxlint(work, "src/db.c", "LICENSE.zone")
    assert proc.returncode == 0
    lines = proc.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("LICENSE.zone:1:1: warning: LICENSE.zone is not a zone file")
    assert lines[1].startswith("src/db.c:1:1: warning: src/db.c is not a zone file")
    assert all(line.endswith("[MX020 zone-identity]") for line in lines)


def test_a_fragment_given_alone_is_linted_through_its_context_parents(tmp_path: Path) -> None:
    """The pre-commit case: only the changed fragment is passed, the zones come as context."""
    work = checkout(REPOS / "includes", tmp_path)
    proc = run_mxlint(work, "--context", "zones/", "zones/shared/mx.zone")
    out = proc.stdout.splitlines()
    assert len(out) == 1 and out[0].startswith("zones/shared/mx.zone:2:19: error: "), out
    assert "(this line is in zones alpha.com. and beta.com.)" in out[0]
    # Without its parents it is a zone of its own, and says it has no TTL once, not per line.
    proc = run_mxlint(work, "zones/shared/mx.zone")
    ttl = [line for line in proc.stdout.splitlines() if "no TTL" in line]
    assert len(ttl) == 1 and "1 more record in this file has no TTL either" in ttl[0]
    assert "--context" in ttl[0]


def test_paths_spelled_two_ways_are_read_once(tmp_path: Path) -> None:
    work = checkout(REPOS / "includes", tmp_path)
    proc = run_mxlint(work, "--format", "json", "./zones", "zones/alpha.com.zone", "zones/")
    report = json.loads(proc.stdout)
    assert [(d["path"], d["line"]) for d in report["diagnostics"]] == [("zones/shared/mx.zone", 2)]
    assert report["summary"]["files"] == 2
