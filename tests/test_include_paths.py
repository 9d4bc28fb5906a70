"""$INCLUDE paths that are named's, not the repository's (mxlint/zonefile/includes.py: deployed).

A zone written for a server includes by the server's paths: an absolute deployment path
(``/etc/bind/zones/inc/mx.inc``) or a path relative to named's ``directory``. When the path is
not here as written, the repository file that ends like it is read, as server configurations'
``file`` paths are matched: only a unique match, by its base name alone only when that is a
file name no other file has.
"""

from __future__ import annotations

import os
from pathlib import Path

import dns.name
import pytest

from mxlint.zonefile import includes, loader
from mxlint.zonefile.includes import deployed


@pytest.fixture(autouse=True)
def _fresh_index() -> None:
    includes._BY_NAME.clear()


def _tree(root: Path, *names: str) -> None:
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("@ MX 10 mail\n")


def test_a_deployment_path_names_the_file_that_ends_like_it(tmp_path: Path) -> None:
    _tree(tmp_path, "zones/inc/mx.inc", "other/mx.inc", "zones/db.example")
    near = str(tmp_path / "zones" / "db.example")
    assert deployed("/etc/bind/zones/inc/mx.inc", [str(tmp_path)], near) == str(
        tmp_path / "zones" / "inc" / "mx.inc"
    )
    # relative to named's directory, as the zone is deployed
    assert deployed("zones/inc/mx.inc", [str(tmp_path)], near) == str(
        tmp_path / "zones" / "inc" / "mx.inc"
    )


def test_by_base_name_only_a_unique_file_name(tmp_path: Path) -> None:
    _tree(tmp_path, "db.common", "a/all", "b/db.shared", "c/db.shared", "zones/db.example")
    root, near = [str(tmp_path)], str(tmp_path / "zones" / "db.example")
    assert deployed("ffhl/db.common", root, near) == os.path.join(tmp_path, "db.common")
    # "all" (a generated file on the server) is no file name: nothing here is that file
    assert deployed("/srv/dns/var/services-auto/all", root, near) is None
    # two files of that name: neither is named
    assert deployed("/etc/bind/db.shared", root, near) is None
    assert deployed("/etc/bind/db.missing", root, near) is None


def test_among_equal_matches_the_nearest(tmp_path: Path) -> None:
    _tree(tmp_path, "ns1/inc/mx.inc", "ns2/inc/mx.inc", "ns1/db.example", "ns3/db.example")
    root = [str(tmp_path)]
    assert deployed("/etc/bind/inc/mx.inc", root, str(tmp_path / "ns1" / "db.example")) == str(
        tmp_path / "ns1" / "inc" / "mx.inc"
    )
    assert deployed("/etc/bind/inc/mx.inc", root, str(tmp_path / "ns3" / "db.example")) is None


def test_the_ttls_an_included_file_sets_go_on_after_it(tmp_path: Path) -> None:
    # named-checkzone -D: www gets 1234 ($TTL of inc); without it, 55 (the last TTL)
    (tmp_path / "inc").write_text(
        "$ORIGIN example.com.\n$TTL 1234\n@ 99 SOA ns hm 1 2 3 4 5\n@ 77 NS ns\nns 55 A 192.0.2.2\n"
    )
    (tmp_path / "z").write_text("$INCLUDE inc\nwww A 192.0.2.1\n")
    zone = loader.load_zone(str(tmp_path / "z"), dns.name.from_text("example.com"))
    assert zone.problems == []
    assert [r.ttl for r in zone.records if r.line == 2 and r.path == str(tmp_path / "z")] == [1234]
    (tmp_path / "inc").write_text(
        "$ORIGIN example.com.\n@ 99 SOA ns hm 1 2 3 4 5\n@ 77 NS ns\nns 55 A 192.0.2.2\n"
    )
    zone = loader.load_zone(str(tmp_path / "z"), dns.name.from_text("example.com"))
    assert [r.ttl for r in zone.records if r.line == 2 and r.path == str(tmp_path / "z")] == [55]
