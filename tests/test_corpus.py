"""Every zone of ../shared/corpus/MANIFEST.tsv: no traceback, and every file that dnspython
rejects gets at least one diagnostic with a real line in that file."""

from __future__ import annotations

import csv
import os

import dns.zone
import dns.zonefile
import pytest

from mxlint.check import engine
from mxlint.check.registry import Registry
from mxlint.identity.zones import load_zone
from mxlint.model import ZoneSet

from .conftest import CORPUS

MANIFEST = CORPUS / "MANIFEST.tsv"
pytestmark = pytest.mark.skipif(not MANIFEST.is_file(), reason="shared corpus not present")


def rows() -> list[dict[str, str]]:
    if not MANIFEST.is_file():
        return []
    with MANIFEST.open(encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


# Files dnspython rejects and named-checkzone loads: mxlint follows BIND
# (mxlint/zonefile/bindcompat.py;
# tests/test_named_differential.py compares every corpus file with named-checkzone).
BIND_LOADS = {
    "peer-tests/PowerDNS__pdns/regression-tests/zones/zonemd-scheme0.zone": (
        "ZONEMD with the reserved scheme 0: BIND loads it, dnspython refuses it"
    ),
    "peer-tests/tobez__validns/t/issues/lots-of-rare-rrs/all.rr.org": (
        "MB, MG, MR, MINFO, NXT, A6...: BIND loads them, dnspython reads them only as \\#"
    ),
}

REGISTRY = Registry.load(plugins=False)
ALL_ON = {r.code: engine.RuleSetting(level=r.severity) for r in REGISTRY.rules}


@pytest.mark.parametrize("row", rows(), ids=lambda r: r["dest"])
def test_corpus_file_lints_without_traceback(row: dict[str, str]) -> None:
    path = os.fspath(CORPUS / row["dest"])
    zone = load_zone(path, row["origin"] or None, extra_include_roots=[os.fspath(CORPUS)])
    diags = engine.run(REGISTRY, ZoneSet([zone]), ALL_ON)  # an exception fails the test
    crashed = [d for d in diags if "crashed" in d.message]
    assert crashed == []
    with open(path, "rb") as f:
        nlines = f.read().count(b"\n") + 1
    for d in diags:
        assert d.line >= 1 and d.column >= 1
        if d.path == path:
            assert d.line <= nlines
    if row["parse"] == "FAIL":
        reason = dnspython_rejection(path, row["origin"])
        if isinstance(reason, FileNotFoundError):
            # dnspython opens $INCLUDE relative to the working directory; mxlint reads it
            # relative to the including file, as BIND does: it either loads what dnspython
            # missed or reports the include (missing, looping, broken inside) with its line.
            assert len(zone.files) > 1 or any(d.code == "MX000" for d in diags)
        elif isinstance(reason, dns.zonefile.CNAMEAndOtherData):
            assert any(d.rule == "cname-and-other-data" for d in diags)
        elif row["dest"] in BIND_LOADS:
            assert not any(d.code == "MX000" for d in diags), BIND_LOADS[row["dest"]]
        else:
            assert any(d.code == "MX000" for d in diags), f"{row['dest']}: {reason}"


def dnspython_rejection(path: str, origin: str) -> Exception | None:
    try:
        dns.zone.from_file(path, origin=origin or None, check_origin=False)
    except Exception as exc:
        return exc
    return None
