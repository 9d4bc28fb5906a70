"""An SOA record's data is one shape on every loading path: :class:`mxlint.model.Soa`.

The fast path, dnspython's parsers (``fast=False``) and the serial stage's every-record loads
(``keep_all_rdata``) all keep it as a ``Soa`` (``$GENERATE`` makes no SOA records), whose
text, canonical wire form and equality are those of dnspython's ``SOA`` rdata for the same
record.
"""

from __future__ import annotations

import os
from pathlib import Path

import dns.name
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mxlint.identity.zones import load_zone
from mxlint.model import SOA, Soa

# each zone, and its SOA's data written for dnspython alone
ZONES = {
    "plain": (
        "$ORIGIN example.com.\n$TTL 300\n"
        "@ IN SOA ns1 hostmaster 2024010101 7200 3600 1209600 300\n@ IN NS ns1\n",
        "ns1 hostmaster 2024010101 7200 3600 1209600 300",
    ),
    "parenthesised": (
        "$ORIGIN example.com.\n$TTL 300\n"
        "@ IN SOA ns1.example.com. Host\\.Master ( 2024010101 ; serial\n"
        " 7200 3600 1209600 300 )\n@ IN NS ns1\n",
        "ns1.example.com. Host\\.Master 2024010101 7200 3600 1209600 300",
    ),
    # units in the timers: not the fast path's plain numbers
    "units": (
        "$ORIGIN example.com.\n@ 1h IN SOA NS1 hostmaster 7 2h 1h 2w 5m\n@ IN NS ns1\n",
        "NS1 hostmaster 7 2h 1h 2w 5m",
    ),
}


def _soa_of(text: str, tmp_path: Path, **kwargs: object) -> Soa:
    path = tmp_path / "example.com.zone"
    path.write_text(text, encoding="ascii")
    zone = load_zone(os.fspath(path), "example.com.", **kwargs)  # type: ignore[arg-type]
    assert zone.problems == []
    [soa] = [r for r in zone.records if r.rdtype == SOA]
    assert type(soa.rdata) is Soa
    return soa.rdata


@pytest.mark.parametrize("name", sorted(ZONES))
@pytest.mark.parametrize("way", ["fast", "general", "every record"])
def test_every_path_keeps_a_soa_as_dnspython_reads_it(name: str, way: str, tmp_path: Path) -> None:
    text, data = ZONES[name]
    kwargs = {"fast": False} if way == "general" else {}
    if way == "every record":
        kwargs = {"keep_all_rdata": True}
    soa = _soa_of(text, tmp_path, **kwargs)
    origin = dns.name.from_text("example.com.")
    theirs = dns.rdata.from_text(
        dns.rdataclass.IN, dns.rdatatype.SOA, data, origin, relativize=False
    )
    assert soa.to_text() == theirs.to_text() == str(soa)
    assert soa.to_digestable() == theirs.to_digestable()
    for field in Soa._fields:
        assert getattr(soa, field) == getattr(theirs, field)
    new = soa.replace(serial=soa.serial + 1)
    assert new.to_text() == theirs.replace(serial=soa.serial + 1).to_text()
    assert new != soa and soa.replace(serial=soa.serial) == soa


def test_the_fast_and_general_paths_give_equal_soas(tmp_path: Path) -> None:
    text = ZONES["plain"][0]
    assert _soa_of(text, tmp_path) == _soa_of(text, tmp_path, fast=False)


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["ns1.example.com.", "NS1.Example.COM.", "a\\.b.example.", "x.y."]),
    st.sampled_from(["hostmaster.example.com.", "HostMaster.example.com."]),
    st.lists(st.integers(0, 2**32 - 1), min_size=5, max_size=5),
)
def test_equality_and_wire_form_are_dnspythons(mname: str, rname: str, numbers: list[int]) -> None:
    def both(m: str, r: str) -> tuple[Soa, dns.rdata.Rdata]:
        names = (dns.name.from_text(m), dns.name.from_text(r))
        theirs = dns.rdata.from_text(
            dns.rdataclass.IN, dns.rdatatype.SOA, " ".join([m, r, *map(str, numbers)])
        )
        return Soa(*names, *numbers), theirs

    ours, theirs = both(mname, rname)
    assert ours.to_text() == theirs.to_text()
    assert ours.to_digestable() == theirs.to_digestable()
    # names compare without case, as dnspython's rdata compare
    other, other_theirs = both(mname.lower(), rname.upper())
    assert (ours == other) == (theirs == other_theirs) is True
    assert hash(ours) == hash(other)
