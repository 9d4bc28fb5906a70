"""syntax-error: an NS record at a wildcard owner. BIND refuses the zone ("invalid NS owner
name (wildcard)", checked with named-checkzone); Knot and NSD load it (kzonecheck,
nsd-checkzone), so it is said only where BIND may load the zone."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from .test_mailpath import run, zone
from .test_rules import lint
from .test_rules_behaviour import said

BIND = "BIND, assumed: nothing in the repository names another server"


def wildcard(owner: str, assumed: str = BIND, mx: bool = True) -> str:
    return (
        f"NS record at the wildcard owner {owner}: the server that loads the zone ({assumed}) "
        'refuses to load it ("invalid NS owner name (wildcard)"), so none of its records is '
        f"served{', its MX included' if mx else ''}; a wildcard does not delegate (RFC 4592 "
        "4.2): give each delegated name NS records of its own, or delete this line (Knot and "
        "NSD load such a zone: if one of them loads it, this line is not an error)"
    )


BODY = (
    "@ IN MX 10 mail\nmail IN A 192.0.2.25\n"  # 5, 6
    "* IN NS ns1.example.net.\n"  # 7
    "*.sub IN NS ns1.example.net.\n"  # 8
    "\\*.esc IN NS ns1.example.net.\n"  # 9: an escaped "*" is a wildcard label to BIND too
    "x.*.y IN NS ns1.example.net.\n"  # 10: "*" inside a name is no wildcard (named loads it)
    "*x IN NS ns1.example.net.\nx* IN NS ns1.example.net.\n"  # nor in a label with more
    "* IN MX 10 mail\n* IN A 192.0.2.80\n"  # a wildcard of other types: fine
    "sub IN NS ns1.example.net.\n"
    "*.ok IN CNAME mail\n"
)


def test_wildcard_ns_word_for_word() -> None:
    assert said(lint(BODY), "syntax-error") == [
        (7, 1, "error", wildcard("*.example.com.")),
        (8, 1, "error", wildcard("*.sub.example.com.")),
        (9, 1, "error", wildcard("*.esc.example.com.")),
    ]


def test_wildcard_ns_in_a_zone_without_mx_and_an_origin_that_is_a_guess() -> None:
    got = lint("* IN NS ns1.example.net.\n", header="$TTL 3600\n", name="corp.internal.zone")
    assert said(got, "syntax-error") == [(2, 1, "error", wildcard("*", mx=False))]


@pytest.mark.skipif(shutil.which("named-checkzone") is None, reason="needs named-checkzone")
def test_named_refuses_what_is_reported_and_loads_the_rest(tmp_path: Path) -> None:
    for line in BODY.splitlines():
        path = tmp_path / "db"
        path.write_text(zone("example.com.", f"{line}\nmail IN A 192.0.2.25\n"))
        proc = subprocess.run(
            ["named-checkzone", "example.com", str(path)], capture_output=True, text=True
        )
        refused = "invalid NS owner name (wildcard)" in proc.stdout
        reported = any(x.rule == "syntax-error" for x in lint(f"{line}\n"))
        assert (proc.returncode != 0, refused) == (reported, reported), line


@pytest.mark.parametrize(
    ("files", "assumed"),
    [
        ({"nsd.conf": 'zone:\n    name: "example.com"\n    zonefile: "db.example.com"\n'}, None),
        (
            {
                "knot.conf": "zone:\n  - domain: example.com\n    file: db.example.com\n",
            },
            None,
        ),
        ({"pdns.conf": "launch=bind\n"}, None),
        (
            {"named.conf": 'zone "example.com" { type master; file "db.example.com"; };\n'},
            "BIND, whose configuration in the repository loads it",
        ),
        ({}, BIND),
    ],
    ids=["nsd", "knot", "powerdns", "named", "nothing"],
)
def test_wildcard_ns_only_where_bind_loads_the_zone(
    tmp_path: Path, files: dict[str, str], assumed: str | None
) -> None:
    files = {**files, "db.example.com": zone("example.com.", "* IN NS ns1.example.net.\n")}
    got = run(tmp_path, files, "syntax-error")
    if assumed is None:
        assert got == []
    else:
        assert [(x.line, x.message) for x in got] == [
            (5, wildcard("*.example.com.", assumed, False))
        ]


def test_wildcard_ns_not_said_where_the_header_names_another_server(tmp_path: Path) -> None:
    text = "; generated for PowerDNS.\n" + zone("example.com.", "* IN NS ns1.example.net.\n")
    assert run(tmp_path, {"db.example.com": text}, "syntax-error") == []
