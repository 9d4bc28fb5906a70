"""--fix and the serial stage read a zone again as its server reads it (the lint's reading):
a PowerDNS zone with a $ORIGIN written without its final dot is fixed, not refused because a
BIND reading of the fixed text differs."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).parent / "repos" / "dialect-powerdns-origin"


def test_fix_in_a_powerdns_zone_reads_the_fixed_text_as_powerdns(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(REPO, repo)
    zone = repo / "zones" / "example.com.zone"
    zone.write_text(zone.read_text() + "shop2\tIN MX\t10 mail.example.com\n")
    for cmd in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "r"]):
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *cmd],
            cwd=repo,
            check=True,
        )
    proc = subprocess.run(
        [sys.executable, "-m", "mxlint", "--fix", "."],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "fixed 1 problem" in proc.stderr, proc.stderr
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert zone.read_text().endswith("shop2\tIN MX\t10 mail.example.com.\n")
