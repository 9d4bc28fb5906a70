"""Third-party rules arrive through the ``mxlint.rules`` entry-point group."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from .conftest import ROOT, ZONE_HEADER

PLUGIN = '''
from mxlint.model import Finding
from mxlint.check.registry import rule


@rule("ACME001", "low-preference", "warning")
def low_preference(ctx):
    """MX preference below 5 (house style of ACME)."""
    for rec in ctx.zone.mx_records():
        if rec.preference < 5:
            yield Finding.at(rec, "preference below 5", token=0)
'''


def make_dist(site: Path, name: str, module_src: str, entry: str) -> None:
    """A tiny installed distribution: a module plus a dist-info with an entry point."""
    site.mkdir(parents=True, exist_ok=True)
    (site / f"{name}.py").write_text(module_src)
    info = site / f"{name}-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(f"[mxlint.rules]\n{entry}\n")


def run(site: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([os.fspath(site), os.fspath(ROOT)])}
    return subprocess.run(
        [sys.executable, "-m", "mxlint", *argv], capture_output=True, text=True, env=env
    )


def test_plugin_rule_runs_beside_builtins(tmp_path: Path) -> None:
    site = tmp_path / "site"
    make_dist(site, "acme_mxrules", PLUGIN, "low = acme_mxrules:low_preference")
    zone = tmp_path / "example.com.zone"
    zone.write_text(ZONE_HEADER + "@ IN MX 1 192.0.2.1\n")
    proc = run(site, os.fspath(zone))
    assert proc.returncode == 1, proc.stderr
    assert f"{zone}:5:9: warning: preference below 5 [ACME001 low-preference]" in proc.stdout
    assert "[MX002 ip-target]" in proc.stdout
    proc = run(site, "--disable", "ACME001", os.fspath(zone))
    assert "ACME001" not in proc.stdout


def test_broken_plugin_is_a_clear_error_naming_it(tmp_path: Path) -> None:
    site = tmp_path / "site"
    make_dist(
        site,
        "broken_mxrules",
        "raise ImportError('no module named acme_dns')\n",
        "broken = broken_mxrules:rule",
    )
    zone = tmp_path / "example.com.zone"
    zone.write_text(ZONE_HEADER)
    proc = run(site, os.fspath(zone))
    assert proc.returncode == 2
    assert "plugin 'broken' (broken_mxrules:rule) failed to load" in proc.stderr
    assert "no module named acme_dns" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_plugin_that_is_not_a_rule(tmp_path: Path) -> None:
    site = tmp_path / "site"
    make_dist(site, "odd_mxrules", "thing = 42\n", "odd = odd_mxrules:thing")
    zone = tmp_path / "example.com.zone"
    zone.write_text(ZONE_HEADER)
    proc = run(site, os.fspath(zone))
    assert proc.returncode == 2 and "neither an mxlint Rule" in proc.stderr


def test_crashing_plugin_rule_is_reported_not_raised(tmp_path: Path) -> None:
    src = textwrap.dedent(PLUGIN).replace("for rec in", "1 / 0\n    for rec in")
    site = tmp_path / "site"
    make_dist(site, "crash_mxrules", src, "crash = crash_mxrules:low_preference")
    zone = tmp_path / "example.com.zone"
    zone.write_text(ZONE_HEADER + "@ IN MX 10 mail\nmail IN A 192.0.2.1\n")
    proc = run(site, os.fspath(zone))
    assert proc.returncode == 1
    assert "rule low-preference (crash_mxrules) crashed on this zone: ZeroDivisionError" in (
        proc.stdout
    )
