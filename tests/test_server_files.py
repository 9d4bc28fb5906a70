"""A server configuration applies however the repository is linted (issue 16, class 6).

tests/repos/bind-named-conf keeps its named.conf at the root, its zones in zones/ and a
provider export that named.conf loads in exports/. Linted as ``mxlint zones/`` or as
``mxlint zones/primary.zone``, the root named.conf still gives the zone its origin; given by
name (``mxlint named.conf``), the configuration is read as one (not reported as "not a zone
file") and its zones are linted.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from .test_repos import REPOS, checkout, run_mxlint


def _places(work: Path, *args: str) -> list[tuple[str, int, str, str]]:
    proc = run_mxlint(work, "--format", "json", *args)
    assert "Traceback" not in proc.stderr, proc.stderr
    report = json.loads(proc.stdout)
    return sorted(
        (d["path"], d["line"], d["rule"], d["message"].split("(origin ")[-1].split(")")[0])
        for d in report["diagnostics"]
    )


def test_a_root_named_conf_applies_when_a_subfolder_is_linted(tmp_path: Path) -> None:
    work = checkout(REPOS / "bind-named-conf", tmp_path)
    assert _places(work, "zones/") == [
        ("zones/primary.zone", 6, "missing-trailing-dot", "example.com. from named.conf:2")
    ]


def test_a_root_named_conf_applies_to_a_zone_file_given_by_name(tmp_path: Path) -> None:
    work = checkout(REPOS / "bind-named-conf", tmp_path)  # as a pre-commit hook passes it
    assert _places(work, "zones/primary.zone") == [
        ("zones/primary.zone", 6, "missing-trailing-dot", "example.com. from named.conf:2")
    ]


def test_a_named_conf_given_by_name_is_the_configuration(tmp_path: Path) -> None:
    work = checkout(REPOS / "bind-named-conf", tmp_path)
    assert _places(work, "named.conf") == [
        ("exports/example.org.txt", 7, "missing-trailing-dot", "example.org. from named.conf:3"),
        ("zones/primary.zone", 6, "missing-trailing-dot", "example.com. from named.conf:2"),
    ]


def test_a_secondary_zone_file_is_a_copy_not_the_authority(tmp_path: Path) -> None:
    from mxlint.api import lint

    (tmp_path / "named.conf").write_text(
        'zone "example.com" { type master; file "/etc/bind/db.example.com"; };\n'
        'zone "example.net" { type slave; file "/var/cache/bind/db.example.net"; '
        "masters { 192.0.2.1; }; };\n"
        'zone "example.org" { type stub; file "db.example.org"; masters { 192.0.2.1; }; };\n'
    )
    zone = "$TTL 3600\n@ SOA ns1.example.com. hm.example.com. 1 7200 3600 1209600 3600\n"
    for name in ("com", "net", "org"):
        (tmp_path / f"db.example.{name}").write_text(zone + "@ NS ns1.example.com.\n")
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = lint(["."])
    finally:
        os.chdir(cwd)
    assert {z.path: z.authoritative for z in result.zones} == {
        "db.example.com": True,
        "db.example.net": False,
        "db.example.org": False,
    }
