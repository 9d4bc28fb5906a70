"""The benchmark's zone generator keeps its promise: exact size, determinism, a clean zone.

No timing here: ``tests/bench/bench.py`` is run by hand.
"""

from __future__ import annotations

from pathlib import Path

import dns.name
import dns.rdataclass
import dns.rdatatype
import dns.zone
import pytest

from tests.bench import zonegen


def _load(text: str, origin: str) -> dns.zone.Zone:
    return dns.zone.from_text(text, origin=origin, relativize=False)


def _count(zone: dns.zone.Zone) -> int:
    return sum(len(rdataset) for node in zone.nodes.values() for rdataset in node.rdatasets)


@pytest.mark.parametrize("n", [zonegen.MIN_RECORDS, 10, 11, 97, 301])
def test_exact_record_count(n: int) -> None:
    assert _count(_load(zonegen.generate(n), zonegen.DEFAULT_ORIGIN)) == n


def test_deterministic_and_prefix_stable() -> None:
    big = zonegen.generate(400)
    assert zonegen.generate(400) == big
    assert zonegen.generate(400, seed=2) != big
    small = zonegen.generate(150)
    # The smaller zone is the bigger one cut after 150 records (its header comment differs).
    assert small.splitlines()[3:] == big.splitlines()[3 : 3 + len(small.splitlines()) - 3]


def test_too_small_or_relative_origin_is_refused() -> None:
    with pytest.raises(ValueError):
        zonegen.generate(zonegen.MIN_RECORDS - 1)
    with pytest.raises(ValueError):
        zonegen.generate(10, origin="example.com")


@pytest.mark.parametrize(("origin", "n"), [("example.com.", 500), ("z0042.example.", 150)])
def test_every_mx_target_has_an_address_and_no_cname(origin: str, n: int) -> None:
    zone = _load(zonegen.generate(n, origin=origin), origin)
    apex = dns.name.from_text(origin)
    mx_count = 0
    kinds: set[dns.rdatatype.RdataType] = set()
    for name, node in zone.nodes.items():
        assert name.is_subdomain(apex)
        for rdataset in node.rdatasets:
            kinds.add(rdataset.rdtype)
            if rdataset.rdtype != dns.rdatatype.MX:
                continue
            for mx in rdataset:
                mx_count += 1
                target = zone.get_node(mx.exchange)
                assert target is not None, f"{name} MX {mx.exchange}: not in the zone"
                has_address = any(
                    target.get_rdataset(dns.rdataclass.IN, rdtype) is not None
                    for rdtype in (dns.rdatatype.A, dns.rdatatype.AAAA)
                )
                assert has_address, f"{name} MX {mx.exchange}: no A or AAAA"
                cname = target.get_rdataset(dns.rdataclass.IN, dns.rdatatype.CNAME)
                assert cname is None, f"{name} MX {mx.exchange}: a CNAME"
    assert mx_count > n // 5
    # The mix the benchmark relies on is there.
    for rdtype in ("SOA", "NS", "A", "AAAA", "MX", "CNAME", "TXT"):
        assert dns.rdatatype.from_text(rdtype) in kinds


def test_text_exercises_the_parser() -> None:
    text = zonegen.generate(2000)
    assert text.startswith("$ORIGIN example.com.\n$TTL 3600\n")
    assert "(\n" in text  # records spanning parentheses
    assert " IN MX 10 mx" in text and ".example.com.\n" in text  # relative and absolute targets
    assert '"v=spf1 ' in text
    assert "\n$TTL " in text[20:]
    assert not zonegen.generate(50, header=False).startswith("$ORIGIN")


def test_write_zone(tmp_path: Path) -> None:
    path = zonegen.write_zone(tmp_path / "z.zone", 1000)
    assert path.read_text(encoding="ascii") == zonegen.generate(1000)


@pytest.mark.parametrize("shape", zonegen.SHAPES)
def test_shapes_exact_and_clean(
    shape: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = zonegen.write_shape(tmp_path / "example.com.zone", shape, 500)
    monkeypatch.chdir(tmp_path)  # $INCLUDE parts are named relative to the zone's folder
    zone = dns.zone.from_file(str(path), origin="example.com.", relativize=False)
    assert _count(zone) == 500
    assert len(list(tmp_path.glob("*.d/*.zone"))) == (5 if shape == "includes" else 0)
    with pytest.raises(ValueError):
        zonegen.write_shape(tmp_path / "x.zone", "no-such-shape", 500)
