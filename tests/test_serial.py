"""serial-not-increased, in real git repositories (git init, clones, the real pre-commit)."""

from __future__ import annotations

import datetime
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from mxlint.stages import serial

from .conftest import ROOT
from .test_precommit import home, hooks_repo  # noqa: F401  (shared pre-commit fixtures)
from .test_readme import block
from .test_rule_examples import expected

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

Cli = Callable[..., tuple[int, str, str]]
EXAMPLES = ROOT / "rules" / "serial-not-increased"


def dated(call: Callable[[], tuple[int, str, str]]) -> tuple[tuple[int, str, str], set[str]]:
    """Run ``call`` and give its result with the YYYYMMDD dates it may have used: a run that
    crosses midnight may date a serial by either day."""
    before = serial.local_date()
    result = call()
    return result, {f"{day:%Y%m%d}" for day in (before, serial.local_date())}


def zone(serial_: object, mx: str = "mail", extra: str = "") -> str:
    return (
        "$ORIGIN example.com.\n$TTL 3600\n"
        f"@ IN SOA ns1.example.net. hostmaster.example.com. {serial_} 7200 3600 1209600 300\n"
        "@ IN NS ns1.example.net.\n"
        f"@ IN MX 10 {mx}\n{mx} IN A 192.0.2.25\n{extra}"
    )


def git(repo: Path, *args: str) -> str:
    proc = subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True)
    return proc.stdout


def make_repo(path: Path, files: dict[str, str]) -> Path:
    path.mkdir(parents=True)
    git(path, "init", "-q", "-b", "main")
    git(path, "config", "user.email", "test@example.com")
    git(path, "config", "user.name", "test")
    commit(path, files, "zones")
    return path


def commit(repo: Path, files: dict[str, str], message: str) -> None:
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", message)


@pytest.fixture
def in_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    repo = make_repo(tmp_path / "repo", {"example.com.zone": zone(2026112801)})
    monkeypatch.chdir(repo)
    return repo


# --------------------------------------------------------------------------- arithmetic


def test_rfc1982_arithmetic() -> None:
    assert serial.increased(1, 2)
    assert not serial.increased(5, 5)
    assert not serial.increased(5, 4)
    assert serial.increased(4294967290, 5)  # wraps forward: an increase
    assert not serial.increased(1, 1 + 2**31)  # exactly half the space: undefined, refused
    assert serial.increased(1, 2**31)


def test_suggestions_follow_the_date_convention() -> None:
    today = datetime.date(2026, 11, 29)
    assert serial.suggest(2026112801, today)[0] == 2026112901
    assert serial.suggest(2026112901, today)[0] == 2026112902  # today's already used
    assert serial.suggest(2027010100, today)[0] == 2027010101  # ahead of today: next number
    assert serial.suggest(41, today)[0] == 42  # not a date: old + 1
    assert serial.suggest(2**32 - 1, today)[0] == 0


# --------------------------------------------------------------------------- by hand: HEAD


def test_uncommitted_change_without_new_serial_is_an_error(in_repo: Path, cli: Cli) -> None:
    (in_repo / "example.com.zone").write_text(zone(2026112801, mx="mail2"))
    (code, out, _), days = dated(lambda: cli("example.com.zone"))
    assert code == 1
    assert out.startswith("example.com.zone:3:51: error: zone example.com. changed since HEAD")
    assert "its SOA serial is still 2026112801" in out
    assert any(f"set the serial to {day}01" in out for day in days)
    assert "[MX022 serial-not-increased]" in out


def test_a_latin1_zone_is_compared_as_bind_reads_it(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The base version is read as the file is: a Latin-1 TXT (bytes that are not UTF-8) is
    those bytes, so a change without a new serial is still found."""
    repo = make_repo(tmp_path / "repo", {"README": "zones\n"})
    old = zone(2026112801).encode() + b'@ IN TXT "Caf\xe9"\n'
    (repo / "example.com.zone").write_bytes(old)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "latin-1")
    monkeypatch.chdir(repo)
    (repo / "example.com.zone").write_bytes(old.replace(b"Caf\xe9", b"Th\xe9"))
    code, out, _ = cli("example.com.zone")
    assert code == 1 and "[MX022 serial-not-increased]" in out, out
    (repo / "example.com.zone").write_bytes(old + b"; a comment\n")
    assert cli("example.com.zone")[0] == 0


def test_new_serial_comment_only_and_unchanged_files_are_clean(in_repo: Path, cli: Cli) -> None:
    path = in_repo / "example.com.zone"
    assert cli("example.com.zone")[0] == 0  # committed, unchanged
    path.write_text("; a comment\n" + zone(2026112801).replace("\n", "   ; note\n"))
    assert cli("example.com.zone") == (0, "", cli("example.com.zone")[2])
    path.write_text(zone(2026112801).replace("mail IN A", "MAIL IN A"))  # name case only
    assert cli("example.com.zone")[0] == 0
    path.write_text(zone(2026112901, mx="mail2"))
    assert cli("example.com.zone")[0] == 0


def test_a_ttl_change_needs_a_new_serial(in_repo: Path, cli: Cli) -> None:
    (in_repo / "example.com.zone").write_text(zone(2026112801).replace("$TTL 3600", "$TTL 300"))
    code, out, _ = cli("example.com.zone")
    assert code == 1 and "serial-not-increased" in out


def test_a_zone_whose_first_record_has_no_owner_is_compared(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    # syntax-error says BIND refuses it, but the zone was read whole: its change is compared
    blank = zone(2026112801).replace("@ IN SOA", "   IN SOA")
    repo = make_repo(tmp_path / "repo", {"example.com.zone": blank})
    monkeypatch.chdir(repo)
    (repo / "example.com.zone").write_text(blank.replace("mail", "mail2"))
    code, out, _ = cli("example.com.zone")
    assert code == 1
    assert "[MX000 syntax-error]" in out and "no owner name" in out
    assert "[MX022 serial-not-increased]" in out, out


def test_serial_going_backwards_or_jumping_2_31(in_repo: Path, cli: Cli) -> None:
    path = in_repo / "example.com.zone"
    path.write_text(zone(2026112700, mx="mail2"))
    out = cli("example.com.zone")[1]
    assert "went down from 2026112801 to 2026112700" in out
    commit(in_repo, {"example.com.zone": zone(1)}, "small serial")
    path.write_text(zone(1 + 2**31, mx="mail2"))
    code, out, _ = cli("example.com.zone")
    assert code == 1 and "jumped from 1 to 2147483649" in out and "set the serial to 2" in out
    path.write_text(zone(2**31, mx="mail2"))  # the largest step that is still an increase
    assert cli("example.com.zone")[0] == 0
    commit(in_repo, {"example.com.zone": zone(4294967290)}, "near the end")
    path.write_text(zone(5, mx="mail2"))  # wraps around: an increase in RFC 1982
    assert cli("example.com.zone")[0] == 0


def test_the_examples(in_repo: Path, cli: Cli) -> None:
    target = in_repo / "example.com.zone"
    commit(in_repo, {"example.com.zone": (EXAMPLES / "base.zone").read_text()}, "base")
    shutil.copy(EXAMPLES / "bad.zone", target)
    code, out, _ = cli("example.com.zone")
    assert code == 1
    got = sorted(
        (int(line.split(":")[1]), line.rsplit(" ", 1)[1][:-1]) for line in out.splitlines()
    )
    assert got == expected(EXAMPLES / "bad.zone")
    shutil.copy(EXAMPLES / "good.zone", target)
    assert cli("example.com.zone")[:2] == (0, "")


def test_new_and_untracked_files_have_nothing_to_compare(in_repo: Path, cli: Cli) -> None:
    (in_repo / "example.org.zone").write_text(zone(1).replace("example.com", "example.org"))
    assert cli("example.org.zone")[0] == 0
    git(in_repo, "add", "example.org.zone")
    assert cli("example.org.zone")[0] == 0


def test_an_included_fragment_changed_alone(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    main = zone(2026112801).replace("@ IN MX 10 mail\n", '$INCLUDE "mx.inc"\n')
    repo = make_repo(tmp_path / "r", {"example.com.zone": main, "mx.inc": "@ IN MX 10 mail\n"})
    monkeypatch.chdir(repo)
    (repo / "mx.inc").write_text("@ IN MX 10 mail\n@ IN MX 10 mail\n")  # same record twice
    out = cli("example.com.zone")[1]  # duplicate-record, but the record set is the same
    assert "duplicate-record" in out and "serial-not-increased" not in out
    (repo / "mx.inc").write_text("@ IN MX 20 mail\n")
    code, out, _ = cli("example.com.zone")
    assert code == 1
    assert out.startswith("example.com.zone:3:")  # reported at the zone's serial
    assert "changed since HEAD (in mx.inc)" in out and "MX 20 mail.example.com." in out


# --------------------------------------------------------------------------- CI: --base


def test_ci_branch_against_its_target(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_repo(
        tmp_path / "r",
        {"example.com.zone": zone(2026112801), "example.org.zone": zone(7).replace(".com", ".org")},
    )
    git(repo, "checkout", "-qb", "feature")
    commit(repo, {"example.com.zone": zone(2026112801, mx="mail2")}, "move MX, forget serial")
    git(repo, "checkout", "-q", "main")  # meanwhile main changes the other zone properly
    commit(repo, {"example.org.zone": zone(8, mx="mx9").replace(".com", ".org")}, "org")
    git(repo, "checkout", "-q", "feature")
    monkeypatch.chdir(repo)
    code, out, _ = cli("--base", "main", ".")
    assert code == 1
    assert "example.com.zone:3:51: error: zone example.com. changed since main (merge base" in out
    assert "example.org" not in out  # changed on main only: compared from the merge base
    assert cli(".")[0] == 0  # without --base: HEAD, and nothing is uncommitted
    commit(repo, {"example.com.zone": zone(2026112901, mx="mail2")}, "bump")
    assert cli("--base", "main", ".")[0] == 0


def test_renamed_file_is_compared_with_its_old_name(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_repo(tmp_path / "r", {"old/db.example": zone(2026112801)})
    git(repo, "checkout", "-qb", "rename")
    (repo / "zones").mkdir()
    git(repo, "mv", "old/db.example", "zones/example.com.zone")
    monkeypatch.chdir(repo)
    assert cli("--base", "main", "zones")[0] == 0  # renamed, records the same
    (repo / "zones/example.com.zone").write_text(zone(2026112801, mx="mail2"))
    git(repo, "commit", "-qam", "rename and change")
    assert "--find-renames" not in git(repo, "config", "--list")  # found by mxlint, not config
    code, out, _ = cli("--base", "main", "zones")
    assert code == 1 and "zones/example.com.zone:3:51: error:" in out
    assert "still 2026112801" in out


def test_shallow_clone_without_the_base_says_to_fetch(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    origin = make_repo(tmp_path / "origin", {"example.com.zone": zone(1)})
    commit(origin, {"example.com.zone": zone(2, mx="mail2")}, "second")
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{origin}", os.fspath(clone)],
        check=True,
        capture_output=True,
    )
    monkeypatch.chdir(clone)
    code, out, err = cli("--base", "HEAD~1", "example.com.zone")
    assert code == 2 and out == ""
    assert "--base HEAD~1: no such revision" in err
    assert "this clone is shallow" in err and "fetch-depth: 0" in err
    assert "Traceback" not in err
    assert cli("--base", "origin/main", "example.com.zone")[0] == 0  # the tip itself is there


def test_outside_git_said_once(tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    (folder / "example.com.zone").write_text(zone(1))
    (folder / "example.org.zone").write_text(zone(1).replace(".com", ".org"))
    monkeypatch.chdir(folder)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", os.fspath(tmp_path))
    code, out, err = cli("--base", "main", ".")
    assert (code, out) == (2, "")  # --base asked for a check that cannot run
    assert err.count("serial-not-increased cannot run") == 1
    assert "for 2 zone files" in err and "not in a git work tree" in err
    assert "not checked" not in cli(".")[2]  # without --base nothing was asked for


def test_disabled_rule_runs_no_git(in_repo: Path, cli: Cli) -> None:
    (in_repo / "example.com.zone").write_text(zone(2026112801, mx="mail2"))
    assert cli("--disable", "serial-not-increased", "example.com.zone")[0] == 0
    assert cli("--disable", "MX022", "--base", "no-such-ref", "example.com.zone")[0] == 0


# --------------------------------------------------------------------------- real pre-commit


def test_precommit_checks_the_staged_content(
    tmp_path: Path,
    home: Path,  # noqa: F811
    hooks_repo: Path,  # noqa: F811
) -> None:
    repo = make_repo(tmp_path / "r", {"example.com.zone": zone(2026112801)})
    path = repo / "example.com.zone"
    path.write_text(zone(2026112801, mx="mail2"))
    git(repo, "add", "example.com.zone")
    path.write_text(zone(2026112901, mx="mail2"))  # the fix, not staged: not in the commit
    env = {**os.environ, "PRE_COMMIT_HOME": os.fspath(home), "NO_COLOR": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", os.fspath(hooks_repo), "mxlint"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "example.com.zone:3:51: error: zone example.com. changed since HEAD" in out
    assert path.read_text() == zone(2026112901, mx="mail2")  # pre-commit restored it
    git(repo, "add", "example.com.zone")
    proc = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", os.fspath(hooks_repo), "mxlint"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


# --------------------------------------------------------------------------- the README


def test_readme_output_example(in_repo: Path, cli: Cli) -> None:
    commit(in_repo, {"example.com.zone": zone(41)}, "serial 41")
    (in_repo / "example.com.zone").write_text(
        zone(41).replace("@ IN MX 10 mail\n", "@ IN MX 10 mx.example.net.\n")
    )
    code, out, _ = cli("example.com.zone")
    assert code == 1 and out == block("serial-output")


def test_readme_ci_job(tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    job = yaml.safe_load(block("serial-ci"))
    steps = job["jobs"]["mxlint"]["steps"]
    assert steps[0]["with"]["fetch-depth"] == 0
    command = shlex.split(steps[-1]["run"])
    assert command[0] == "mxlint"
    origin = make_repo(tmp_path / "origin", {"zones/example.com.zone": zone(2026112801)})
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", f"file://{origin}", os.fspath(clone))
    git(clone, "config", "user.email", "ci@example.com")
    git(clone, "config", "user.name", "ci")
    git(clone, "checkout", "-qb", "pr")
    commit(clone, {"zones/example.com.zone": zone(2026112801, mx="mail2")}, "move the MX")
    monkeypatch.chdir(clone)
    code, out, _ = cli(*command[1:])
    assert code == 1
    assert out.startswith(
        "::error file=zones/example.com.zone,line=3,col=51,title=MX022 serial-not-increased::"
    )
