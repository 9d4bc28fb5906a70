"""missing-address on a zone's own name servers, against named-checkzone.

named refuses to load a primary zone whose apex NS record names a host inside the zone (not
below a delegation) with no A or AAAA record, or one that is a CNAME; mxlint reports that NS
record as ``missing-address``. Each case is loaded by both: mxlint reports an apex NS exactly
where named-checkzone names it (``NS '<name>' has no address records`` / ``is a CNAME``),
except the cases in ``DELIBERATE``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from .test_rules import lint

NAMED_CHECKZONE = shutil.which("named-checkzone")

HEADER = """\
$ORIGIN example.com.
$TTL 3600
@          IN  SOA   ns1 hostmaster 1 7200 3600 1209600 300
@          IN  NS    ns1
ns1        IN  A     192.0.2.53
"""
FIRST = HEADER.count("\n") + 1  # the line of the body's first record

CASES = {
    "no such name": "@ IN NS ns3\n",
    "empty non-terminal": "@ IN NS ns3\nx.ns3 IN A 192.0.2.1\n",
    "only other types": "@ IN NS ns3\nns3 IN TXT x\n",
    "a CNAME": "@ IN NS ns3\nns3 IN CNAME ns1\n",
    "written without its dot": "@ IN NS ns2.example.net\n",
    "an address": "@ IN NS ns3\nns3 IN AAAA 2001:db8::53\n",
    "a wildcard": "@ IN NS ns3.w\n*.w IN A 192.0.2.9\n",
    "below a delegation": "@ IN NS ns.sub\nsub IN NS ns1\n",
    "at a delegation": "@ IN NS ns3\nns3 IN NS ns1\n",
    "outside the zone": "@ IN NS ns.example.net.\n",
    "a delegation's NS": "sub IN NS ns3\n",  # named warns, loads
    "below a DNAME": "@ IN NS ns3.d\nd IN DNAME example.net.\n",
    "the apex": "@ IN NS @\n",  # named: NS 'example.com' has no address records
    "the apex, written out": "@ IN NS example.com.\n@ IN MX 10 ns1\n",
    "the apex with an address": "@ IN NS @\n@ IN AAAA 2001:db8::53\n",
}
# named refuses it ("is below a DNAME (illegal)"); mxlint stays silent: a miss, not a false alarm
DELIBERATE = {"below a DNAME"}


def named_names(text: str, tmp: Path) -> bool:
    """Does named-checkzone refuse the zone for an apex NS record's target?"""
    assert NAMED_CHECKZONE is not None
    path = tmp / "example.com"
    path.write_text(text, encoding="utf-8")
    out = subprocess.run(
        [NAMED_CHECKZONE, "example.com", str(path)], capture_output=True, text=True
    ).stdout
    refused = "not loaded due to errors" in out
    return (
        refused
        and re.search(r": NS '[^']+' (has no address records|is a CNAME|is below a DNAME)", out)
        is not None
    )


@pytest.mark.skipif(NAMED_CHECKZONE is None, reason="named-checkzone not installed")
@pytest.mark.parametrize("case", sorted(CASES))
def test_agrees_with_named(case: str, tmp_path: Path) -> None:
    body = CASES[case]
    named = named_names(HEADER + body, tmp_path)
    found = [x for x in lint(body, "missing-address", header=HEADER) if x.line == FIRST]
    if case in DELIBERATE:
        assert named and not found
    else:
        assert bool(found) == named, (case, named, found)


def test_messages() -> None:
    (dotless,) = lint(CASES["written without its dot"], "missing-address", header=HEADER)
    assert (dotless.line, dotless.severity) == (FIRST, "error")
    for part in (
        'name server "ns2.example.net.example.com."',
        "named refuses to load the zone",
        "so none of its records is served",  # (the zone has no MX)
        'write "ns2.example.net."',
        "origin example.com.",
    ):
        assert part in dotless.message
    (with_mx,) = lint(
        CASES["written without its dot"] + "@ IN MX 10 ns1\n", "missing-address", header=HEADER
    )
    assert "so none of its records, its MX included, is served" in with_mx.message
    (apex,) = lint(CASES["the apex, written out"], "missing-address", header=HEADER)
    assert apex.message == (
        'name server "example.com." of zone example.com. is the zone\'s own apex, which has no '
        "A or AAAA record (it has only MX, NS, SOA; origin example.com. from the SOA record at "
        "line 3): named refuses to load the zone (\"NS 'example.com' has no address records\"), "
        "so none of its records, its MX included, is served; add an A/AAAA record at the apex "
        '("@ IN A ...") or name a server that has one'
    )
    (alias,) = lint(CASES["a CNAME"], "missing-address", header=HEADER)
    assert 'point the NS record at "ns1.example.com."' in alias.message
    (none,) = lint(CASES["no such name"], "missing-address", header=HEADER)
    assert 'add an A/AAAA record for "ns3.example.com."' in none.message


@pytest.mark.parametrize(
    ("header", "body"),
    [
        # the address is on a line that does not load: named refuses it for that line
        (HEADER, "@ IN NS ns3\nns3 IN A 192.0.2.1(the server)\n"),
        # no SOA, $ORIGIN or configuration confirms the origin: the expansion is a guess
        ("$TTL 3600\n", "@ IN NS ns3\n"),
    ],
)
def test_silent_without_complete_knowledge(header: str, body: str) -> None:
    assert not [
        x
        for x in lint(body, "missing-address", header=header, name="zone.txt")
        if "NS" in x.message
    ]


@pytest.mark.parametrize(
    ("config", "text", "reported"),
    [
        ("named.conf", 'zone "example.com" { type primary; file "example.com.zone"; };\n', True),
        (
            "nsd.conf",
            'zone:\n\tname: "example.com"\n\tzonefile: "example.com.zone"\n',
            False,
        ),
        (
            "bindbackend.conf",
            'zone "example.com" { type master; file "example.com.zone"; };\n',
            False,
        ),
    ],
)
def test_only_a_zone_bind_loads_is_refused_for_its_name_server(
    tmp_path: Path, config: str, text: str, reported: bool
) -> None:
    """named's refusal is named's: a zone that NSD (its nsd.conf loads the file) or PowerDNS
    (its bind backend's bindbackend.conf) loads is served, so nothing says it is refused."""
    import os
    import subprocess as sp
    import sys

    (tmp_path / config).write_text(text)
    (tmp_path / "example.com.zone").write_text(HEADER + "@ IN NS ns3\n")
    sp.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    out = sp.run(
        [sys.executable, "-m", "mxlint", "--format", "json", "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "GIT_CONFIG_NOSYSTEM": "1"},
    ).stdout
    assert ('name server \\"ns3.example.com.\\"' in out) is reported, out
