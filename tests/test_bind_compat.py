"""What named-checkzone loads, mxlint loads; what it refuses, mxlint reports at its line.

Regression tests through the real CLI for each construct where dnspython's reading differs
from BIND's (mxlint/zonefile/bindcompat.py and the loader's $GENERATE). The zones of
tests/data/bind-compat/ are also compared with named-checkzone itself in
tests/test_named_differential.py; here the cases are pinned without it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import ROOT

Cli = Callable[..., tuple[int, str, str]]
Write = Callable[..., str]
DATA = ROOT / "tests" / "data" / "bind-compat"


def diagnostics(cli: Cli, path: str) -> tuple[int, list[dict[str, object]]]:
    code, out, _ = cli("--no-config", "--format", "json", "--origin", "example.com.", path)
    return code, json.loads(out)["diagnostics"]


GOOD_FILES = sorted(p.name for p in DATA.glob("good-*.zone"))


@pytest.mark.parametrize("name", GOOD_FILES)
def test_forms_bind_loads_give_no_diagnostic(cli: Cli, name: str) -> None:
    code, diags = diagnostics(cli, str(DATA / name))
    assert diags == []
    assert code == 0


# Records BIND loads, written after the standard header (lines 1-4): no diagnostic at all.
ACCEPTED = {
    "mailbox types": "mb IN MB mailhost\nmg IN MG m.example.com.\nmr IN MR x\n",
    "minfo": "list IN MINFO list-request errors\n",
    "nxt": "a IN NXT b.example.com. ( A MX NXT )\n",
    "gpos empty": 'here IN GPOS "" "" ""\n',
    "https ech opaque base64": "@ IN HTTPS 1 . alpn=h2 ech=AEj+DQBEAQAgACBh\n",
    "ech quoted, last line without newline": '@ IN HTTPS 1 . ech="AEj+DQBEAQAgACBh"',
    "uri empty target": 'uri IN URI 10 1 ""\n',
    "tlsa any length": "_25._tcp IN TLSA 3 1 1 abcd\n",
    "zonemd scheme 0": "@ IN ZONEMD 1 0 1 " + "ab" * 48 + "\n",
    "a6": "a IN A6 64 ::1:2:3:4 prefix.example.com.\n",
    "bind-only types": "s IN SINK 8 0 2 l4ik\nt IN TALINK . n\ne IN EID 0123\n",
    "generate nibble negative offset": "$GENERATE 0-3 ${-1,3,n}.rev PTR host$\n",
    "generate modifiers": "$GENERATE 8-9 h${0,3,o}-${1,2,x}-${+1} A 192.0.2.$\n",
    "generate class before ttl, quoted rhs": '$GENERATE 1-2 t$ IN 600 TXT "a $ b"\n',
    "date": "$DATE 20200101000000\n",
    "generic rdata": "k IN TYPE65533 \\# 2 abcd\na IN A \\# 4 c0000201\n",
}


@pytest.mark.parametrize("body", ACCEPTED.values(), ids=ACCEPTED.keys())
def test_records_bind_loads_give_no_diagnostic(cli: Cli, write: Write, body: str) -> None:
    code, diags = diagnostics(cli, write("z.zone", body))
    assert diags == []
    assert code == 0


# Records BIND refuses: (body after the header, the line, words the message must hold).
REJECTED = {
    "minfo with one name": ("m IN MINFO list-request\n", 5, "error mailbox is missing"),
    "md is obsolete": ("@ IN MD mail.example.com.\n", 5, "obsolete"),
    "mf is obsolete": ("a IN A 192.0.2.1\n@ IN MF mail.example.com.\n", 6, "obsolete"),
    "mb with two names": ("mb IN MB a b\n", 5, "more data than MB"),
    "nxt type above 127": ("a IN NXT b.example.com. A TYPE300\n", 5, "only types 1 to 127"),
    "a6 extra prefix name": ("a IN A6 0 2001:db8::1 p.example.com.\n", 5, "more data than A6"),
    "uri unquoted": ("u IN URI 10 1 https://example.com/\n", 5, "quoted string"),
    "x25 short": ("x IN X25 123\n", 5, "four or more digits"),
    "ech not base64": ("@ IN HTTPS 1 . ech=not!base64\n", 5, "not valid base64"),
    "gpos four strings": ('g IN GPOS "1" "2" "3" "4"\n', 5, "more data than GPOS"),
    "talink one name": ("t IN TALINK a\n", 5, "next name is missing"),
    "zonemd short digest": ("@ IN ZONEMD 1 1 1 " + "ab" * 12 + "\n", 5, "makes 48"),
    "naptr regexp": ('n IN NAPTR 1 1 "s" "E2U+sip" "blegh" .\n', 5, "regexp field"),
    "nsec3 sha-1 length": ("h IN NSEC3 1 1 1 abcd alkmaa00 A\n", 5, "SHA-1"),
    "generate bad modifier": ("$GENERATE 1-3 h${1,} A 192.0.2.$\n", 5, "modifier '${1,}'"),
    "generate bad range": ("$GENERATE 9-1 h$ A 192.0.2.$\n", 5, "range '9-1'"),
    "generate empty label": ("$GENERATE 0-1 ${0,4,n}.r PTR h\n", 5, "owner"),
    "unicode directive": ("$UNICODE yes\n", 5, "$UNICODE"),
    "date not a time": ("$DATE 2020\n", 5, "YYYYMMDDHHMMSS"),
}


@pytest.mark.parametrize(("body", "line", "words"), REJECTED.values(), ids=list(REJECTED.keys()))
def test_records_bind_refuses_are_reported_at_their_line(
    cli: Cli, write: Write, body: str, line: int, words: str
) -> None:
    code, diags = diagnostics(cli, write("z.zone", body))
    assert [(d["line"], d["rule"]) for d in diags] == [(line, "syntax-error")]
    assert words in str(diags[0]["message"])
    assert code == 1


def test_abandoned_quoted_string_makes_no_phantom_error(cli: Cli, write: Write) -> None:
    # A record refused after an empty quoted string used to leave the closing quote unread:
    # it opened a string that ran to the end, reported on a line past the end of the file.
    path = write("z.zone", 'c IN CAA 0 "" "x"\nmail IN A 192.0.2.25\n@ IN MX 10 mail\n')
    code, diags = diagnostics(cli, path)
    assert [(d["line"], d["rule"]) for d in diags] == [(5, "syntax-error")]
    assert Path(path).read_text().count("\n") == 7
    assert code == 1


def test_generated_records_follow_bind(cli: Cli, write: Write) -> None:
    """$GENERATE owners as BIND makes them, and a following blank owner continues the owner
    written before $GENERATE (BIND), not the last generated one (dnspython)."""
    from mxlint.identity.zones import load_zone

    path = write(
        "z.zone",
        "www IN A 192.0.2.80\n"
        "$GENERATE 0-1 ${-1,3,n}.rev PTR host$\n"
        "$GENERATE 1-2 a${-1,3,d}-${10,0,X} A 192.0.2.$\n"
        ' IN TXT "www"\n',
    )
    zone = load_zone(path)
    assert zone.problems == []
    owners = [(r.owner.to_text(), r.type_name) for r in zone.records[2:]]
    assert owners == [
        ("www.example.com.", "A"),
        ("f.f.f.f.f.f.f.f.rev.example.com.", "PTR"),
        ("0.0.rev.example.com.", "PTR"),
        ("a000-B.example.com.", "A"),
        ("a001-C.example.com.", "A"),
        ("www.example.com.", "TXT"),
    ]
