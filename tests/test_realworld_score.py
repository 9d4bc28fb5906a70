"""tests/realworld/score.py: lays out a repository from a git snapshot and scores a run.

The real repositories are not in the project; this builds a one-repository stand-in (a git
directory with a zone file) and checks that every outcome class is counted and printed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, os.fspath(ROOT / "tests" / "realworld"))
import score  # noqa: E402

ZONE = """$ORIGIN example.org.
$TTL 3600
@    IN SOA ns1.example.org. hostmaster.example.org. 2026120701 7200 3600 1209600 300
@    IN NS  ns1.example.org.
ns1  IN A   192.0.2.1
@    IN MX  10 mail.example.org
@    IN MX  20 mx2
"""


def _git(*args: str, cwd: Path) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@invalid"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@invalid"}
    out = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


@pytest.fixture
def bed(tmp_path: Path) -> tuple[Path, Path, str]:
    upstream = tmp_path / "upstream"
    (upstream / "zones").mkdir(parents=True)
    (upstream / "zones" / "db.example.org").write_text(ZONE)
    os.symlink("db.example.org", upstream / "zones" / "link.zone")
    _git("init", "-q", cwd=upstream)
    _git("add", "-A", cwd=upstream)
    _git("commit", "-qm", "zones", cwd=upstream)
    mirrors = tmp_path / "mirrors" / "acme+dns" / "repo"
    mirrors.parent.mkdir(parents=True)
    subprocess.run(["git", "clone", "-q", "--bare", upstream, mirrors], check=True)
    return tmp_path, tmp_path / "mirrors", _git("rev-parse", "HEAD", cwd=upstream)


def test_scores_each_outcome(
    bed: tuple[Path, Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    tmp, mirrors, commit = bed
    (tmp / "repos.tsv").write_text(f"repo\tcommit\tkind\tfiles\tnote\nacme/dns\t{commit}\tx\t1\t\n")
    head = "repo\tpath\tline\trule\tseverity\tverdict\tclass\tnote\n"
    rows = [
        # The dotless MX target is a true find; pretend a person judged another one false and
        # expected a third that mxlint does not raise.
        "acme/dns\tzones/db.example.org\t6\tmissing-trailing-dot\terror\ttrue\t\tdotless\n",
        "acme/dns\tzones/db.example.org\t7\tmissing-address\terror\tfalse\tdemo-class\tx\n",
        "acme/dns\tzones/db.example.org\t4\tsingle-mx\twarning\ttrue\t\tnot raised\n",
    ]
    (tmp / "verdicts.tsv").write_text(head + "".join(rows))
    checkouts = tmp / "checkouts"
    argv = [os.fspath(checkouts), "--setup", os.fspath(mirrors)]
    argv += ["--repos", os.fspath(tmp / "repos.tsv"), "--verdicts", os.fspath(tmp / "verdicts.tsv")]
    code = score.main(argv)
    out = capsys.readouterr().out
    laid = checkouts / "acme+dns"
    assert (laid / ".git").is_dir() and (laid / "zones" / "db.example.org").read_text() == ZONE
    assert os.readlink(laid / "zones" / "link.zone") == "db.example.org"
    assert code == 1
    assert "FALSE [demo-class] acme/dns: zones/db.example.org:7:" in out
    assert "MISS acme/dns: zones/db.example.org:4: [single-mx] not raised" in out
    assert "false 1" in out and "miss 1" in out and "true 1" in out
    assert "false alarms by class: demo-class 1" in out


def test_clean_when_every_verdict_holds(bed: tuple[Path, Path, str]) -> None:
    tmp, mirrors, commit = bed
    (tmp / "repos.tsv").write_text(f"repo\tcommit\tkind\tfiles\tnote\nacme/dns\t{commit}\tx\t1\t\n")
    head = "repo\tpath\tline\trule\tseverity\tverdict\tclass\tnote\n"
    checkouts = tmp / "checkouts"
    argv = [os.fspath(checkouts), "--setup", os.fspath(mirrors)]
    argv += ["--repos", os.fspath(tmp / "repos.tsv")]
    (tmp / "verdicts.tsv").write_text(head)
    assert score.main([*argv, "--verdicts", os.fspath(tmp / "verdicts.tsv")]) == 1  # unjudged
    run = subprocess.run(
        [sys.executable, "-m", "mxlint", "--format", "json", "."],
        cwd=checkouts / "acme+dns",
        capture_output=True,
        text=True,
    )

    found = [
        d for d in json.loads(run.stdout)["diagnostics"] if d["severity"] in ("error", "warning")
    ]
    assert found, run.stdout
    lines = [
        f"acme/dns\t{d['path']}\t{d['line']}\t{d['rule']}\t{d['severity']}\ttrue\t\t\n"
        for d in found
    ]
    (tmp / "verdicts.tsv").write_text(head + "".join(lines))
    assert score.main([*argv, "--verdicts", os.fspath(tmp / "verdicts.tsv")]) == 0
