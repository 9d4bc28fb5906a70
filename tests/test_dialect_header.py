"""The server a zone file's own header says it is written for decides its dialect."""

from __future__ import annotations

import pytest

from mxlint.identity.dialect import server_for


@pytest.mark.parametrize(
    ("header", "server"),
    [
        ("; Example PowerDNS to gdnsd migration script\n", "gdnsd"),
        ("; gdnsd zone file for example.org\n", "gdnsd"),
        ("; generated for PowerDNS.\n", "PowerDNS"),
        # the source of a conversion is not the server that loads the result
        ("; converted from gdnsd to BIND\n", None),
        ("; converted from gdnsd\n", None),
        # a server with BIND's dialect leaves the decision to the repository
        ("; BIND data file for example.org\n", None),
        ("; NSD zone\n", None),
        # two servers, none named as the target: nothing is decided
        ("; tested with gdnsd and PowerDNS\n", None),
        # a host name is not a server's name
        ("; zone for pdns.example.org and gdnsd-test.example.org\n", None),
        # only the comments before the first statement are the header
        ("$TTL 3600\n; gdnsd zone file\n", None),
    ],
)
def test_header_names_the_server(tmp_path, header: str, server: str | None) -> None:
    text = header + "$TTL 3600\n@ SOA ns1 hostmaster 1 2 3 4 5\n"
    path = tmp_path / "example.org"
    path.write_text(text, encoding="utf-8")
    assert server_for(str(path), text) == server
