"""A folder walk finds a zone whose first record is a TXT written over several lines (issue 17).

A file not named like a zone (``example.com``, as many repositories name them) is linted when it
starts like a zone file: a directive or an SOA record first, or records up to an SOA record. A
zone that puts a long TXT record (a DKIM key, an SPF policy) before its SOA, over several lines
in parentheses or with a quoted string whose line break is escaped, loads in BIND and was
skipped without a word. A file of records with no SOA is passed over, and --verbose says why.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from mxlint.identity.sniff import starts_like_zone

from .conftest import run_cli

TAIL = """\
@ IN SOA ns1.{d}. hostmaster.{d}. 1 7200 3600 1209600 300
@ IN NS ns1.{d}.
ns1 IN A 192.0.2.1
@ IN MX 10 mail.{d}.
"""  # mail.{d} has no address: one missing-address per zone, proof that it was checked

FIRST = {
    # parenthesised, one quoted string per line (a DKIM key's usual shape)
    "example.com": 'sel._domainkey 3600 IN TXT ( "v=DKIM1; k=rsa; "\n'
    '    "p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC" )\n',
    # one quoted string whose line break is escaped
    "example.net": '@ 3600 IN TXT "v=spf1 ip4:192.0.2.0/24\\\n -all"\n',
    # named like a zone: it was found before too
    "example.org.zone": '@ 3600 IN TXT ( "v=spf1"\n   "-all" ) ; a comment (\n',
}


def _zone(name: str) -> str:
    domain = name.removesuffix(".zone")
    return FIRST[name] + TAIL.format(d=domain)


@pytest.mark.skipif(shutil.which("named-checkzone") is None, reason="needs named-checkzone")
def test_bind_loads_each_of_these_zones(tmp_path: Path) -> None:
    for name in FIRST:
        path = tmp_path / name
        path.write_text(_zone(name))
        domain = name.removesuffix(".zone")
        r = subprocess.run(
            ["named-checkzone", "-q", domain, os.fspath(path)], capture_output=True, timeout=60
        )
        assert r.returncode == 0, (name, r.stdout, r.stderr)


def test_a_folder_walk_lints_a_zone_whose_first_record_is_a_multi_line_txt(
    tmp_path: Path,
) -> None:
    for name in FIRST:
        (tmp_path / name).write_text(_zone(name))
    code, out, _ = run_cli(["--no-config", "--format", "json", os.fspath(tmp_path)])
    found = json.loads(out)
    checked = sorted(
        os.path.basename(d["path"]) for d in found["diagnostics"] if d["rule"] == "missing-address"
    )
    assert checked == sorted(FIRST)
    assert found["summary"]["files"] == 3 and code == 1


def test_a_broken_multi_line_quote_first_is_linted_and_reported(tmp_path: Path) -> None:
    # BIND refuses a line break inside a quoted string ("unbalanced quotes"): the file is a
    # zone all the same, and the walk reports the error instead of passing it over.
    text = '@ 3600 IN TXT "v=spf1\n -all"\n' + TAIL.format(d="example.info")
    (tmp_path / "example.info").write_text(text)
    _, out, _ = run_cli(["--no-config", "--format", "json", os.fspath(tmp_path)])
    rules = [(d["line"], d["rule"]) for d in json.loads(out)["diagnostics"]]
    assert (1, "syntax-error") in rules


def test_records_without_an_soa_are_passed_over_with_why(tmp_path: Path) -> None:
    (tmp_path / "mx-records").write_text('@ IN TXT ( "v=spf1"\n "-all" )\n@ IN MX 10 mail\n')
    (tmp_path / "example.com.zone").write_text(_zone("example.com"))
    _, out, err = run_cli(["--no-config", "--verbose", "--format", "json", os.fspath(tmp_path)])
    assert json.loads(out)["summary"]["files"] == 1
    assert (
        f"skipped {tmp_path / 'mx-records'}: reads like zone records but is not named like a "
        "zone file and does not start like one" in err
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$TTL 3600\n", True),
        ("; only a comment\n\n@ IN SOA a b 1 2 3 4 5\n", True),
        ('a TXT ( "x"\n "y;" ) ; (\n@ SOA a b ( 1 2\n 3 4 5 )\n', True),
        ('a TXT "x\\\ny" ; c\nb A 192.0.2.1\r@ SOA a b 1 2 3 4 5\n', True),
        ('a TXT "x\n(y"\n@ SOA a b 1 2 3 4 5\n', True),  # the ( is quoted
        ("a A 192.0.2.1\nb MX 10 a\n", False),  # no SOA: records to include
        ("hello world\n@ SOA a b 1 2 3 4 5\n", False),
        ("$NOTADIRECTIVE x\n@ SOA a b 1 2 3 4 5\n", False),
        ("", False),
    ],
)
def test_starts_like_zone(text: str, expected: bool) -> None:
    assert starts_like_zone(text) is expected
