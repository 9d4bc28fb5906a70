"""Templates by evidence: the words a repository's own tooling fills in (sed, perl, awk, a
replace call, envsubst) are placeholders wherever they stand in its zones; nothing else is.
The repositories of tests/repos/template-* hold the whole runs; these hold the pieces."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import pytest

from mxlint import api
from mxlint.identity import sniff, substitutions


@pytest.mark.parametrize(
    ("script", "word", "tool"),
    [
        ('sed -i "s/{{serial}}/$(date +%s)/g" zones/*.zone', "{{serial}}", "sed"),
        ("sed -e 's|@SERIAL@|1|' a > b", "@SERIAL@", "sed"),
        ("sed -i s#SERIALNUMBERPLACEHOLDER#$S# x.zone", "SERIALNUMBERPLACEHOLDER", "sed"),
        ("sed -e 's/x/y/' \\\n    -e 's/%%RUA%%/mailto:a@b/' x", "%%RUA%%", "sed"),
        ("sed 's/\\$SERIAL/1/' x", "$SERIAL", "sed"),
        ("perl -pi -e 's/__SERIAL__/1/' x", "__SERIAL__", "perl"),
        ("awk '{ gsub(\"<serial>\", s); print }' x", "<serial>", "a replace call"),
        ("text = text.replace('{serial}', str(n))", "{serial}", "a replace call"),
        ("envsubst '$ZONE_SERIAL ${DKIM_KEY}' < in > out", "${DKIM_KEY}", "envsubst"),
        ("envsubst '$ZONE_SERIAL' < in > out", "$ZONE_SERIAL", "envsubst"),
    ],
)
def test_a_substitution_names_its_placeholder(script: str, word: str, tool: str) -> None:
    found = substitutions.words_in(script, "deploy")
    assert found[word] == f"deploy:1 ({tool})"


@pytest.mark.parametrize(
    "script",
    [
        "sed -i s/ns1/ns2/ db.example",  # a host's name: no placeholder's shape
        "sed -e 's/^\\s*//' x",  # a regular expression
        "sed -e 's/example\\.com/example.org/' x",
        "sed s/IN/CH/ x",  # a zone file's own word
        "sed s/\\$TTL/x/ x",
        "envsubst '$TTL $ORIGIN' < in > out",
        "echo 's/{{serial}}/1/'",  # no sed on the line
        "x = y.replace(name, '{{serial}}')",  # not a literal first argument
    ],
)
def test_no_placeholder_without_a_substitution_of_one(script: str) -> None:
    assert substitutions.words_in(script, "deploy") == {}


def test_marked_lines_are_outside_comments_and_inside_quotes() -> None:
    text = (
        "; {{serial}} is filled in by deploy\n"
        "@ IN SOA ns hm {{serial}} 1 2 3 4\n"
        '_smtp._tls IN TXT "v=TLSRPTv1; rua={{rua}}" ; {{serial}}\n'
        "www IN A 192.0.2.1 ; {{rua}}\n"
    )
    words = {"{{serial}}": "deploy:2 (sed)", "{{rua}}": "deploy:2 (sed)"}
    assert substitutions.marked(text, words) == {
        2: ("{{serial}}", "deploy:2 (sed)"),
        3: ("{{rua}}", "deploy:2 (sed)"),
    }


def test_a_templates_own_directive_line_is_no_record() -> None:
    text = "%% serial=$(date +%s)\n@ IN SOA ns.{{dom}}. hm.{{dom}}. 1 2 3 4 5\nwww IN A 1.2.3.4\n"
    found = sniff.placeholder_lines(text, 2)
    assert found is not None and found[0] == {1, 2}


def _repo(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def _lint(top: Path) -> list[tuple[str, int, str, str]]:
    result = api.lint([os.fspath(top)], api.Options(use_config=False, progress=False))
    return [(os.path.relpath(d.path, top), d.line, d.rule, d.message) for d in result.diagnostics]


ZONE = """\
$TTL 3600
$ORIGIN example.org.
@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300
  IN NS ns1
  IN MX 10 mail
ns1 IN A 192.0.2.1
mail IN A 192.0.2.2
_smtp._tls IN TXT "v=TLSRPTv1; rua=%%TLSRPT%%"
"""


def test_a_word_in_a_quoted_string_is_a_placeholder_only_with_evidence(tmp_path: Path) -> None:
    top = _repo(tmp_path / "a", {"zones/example.org.zone": ZONE})
    assert [d[2] for d in _lint(top)] == ["tls-rpt"]  # nothing fills it in: checked
    top = _repo(
        tmp_path / "b",
        {"zones/example.org.zone": ZONE, "bin/render.py": "t = t.replace('%%TLSRPT%%', r)\n"},
    )
    got = _lint(top)
    assert [d[:3] for d in got] == [("zones/example.org.zone", 8, "zone-identity")]
    assert "bin/render.py:1 (a replace call) fills in" in got[0][3]


def test_only_placeholders_in_data_keep_a_template_complete(tmp_path: Path) -> None:
    """A placeholder serial leaves every name known: a missing address is still found. A
    placeholder address does not: then no verdict of absence is given."""
    zone = ZONE.replace(" 1 7200", " SERIAL_HERE 7200").replace("mail IN A", "mx IN A")
    top = _repo(tmp_path / "a", {"db.example.org": zone})
    rules = [d[2] for d in _lint(top)]
    assert "missing-address" in rules and "zone-identity" in rules
    zone = zone.replace("mx IN A 192.0.2.2", "mx IN A {{ mx_address }}")
    top = _repo(tmp_path / "b", {"db.example.org": zone})
    assert "missing-address" not in [d[2] for d in _lint(top)]


def test_the_search_is_bounded_and_reads_no_pipe(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    top = _repo(
        tmp_path,
        {
            "node_modules/x/render.sh": "sed s/@A_WORD@/1/ x\n",
            "big.sh": "sed s/@BIG_WORD@/1/ x\n" + "#" * substitutions.MAX_BYTES,
            "deploy.sh": "sed s/@SERIAL@/1/ x\n",
            "zone.png": "sed s/@PNG@/1/ x\n",
        },
    )
    os.mkfifo(top / "pipe.sh")
    assert substitutions.find([os.fspath(top)]) == {
        "@SERIAL@": f"{os.path.relpath(top / 'deploy.sh')}:1 (sed)"
    }
    monkeypatch.setattr(substitutions, "MAX_FILES", 0)
    assert substitutions.find([os.fspath(top)]) == {}


def test_a_word_is_matched_whole() -> None:
    words = {"SERIAL": "deploy:1 (sed)", "$ZONE_TTL": "deploy:2 (envsubst)"}
    text = (
        "@ IN SOA ns hm SERIAL 1 2 3 4\nSERIALS IN A 192.0.2.1\n$TTL $ZONE_TTLX\n$TTL $ZONE_TTL\n"
    )
    assert substitutions.marked(text, words) == {
        1: ("SERIAL", "deploy:1 (sed)"),
        4: ("$ZONE_TTL", "deploy:2 (envsubst)"),
    }


@pytest.mark.parametrize(
    ("script", "language", "where"),
    [
        ("- name: zone\n  template:\n    src: db.j2\n", substitutions.JINJA, "2"),
        ("- ansible.builtin.template: src=db.j2 dest=/x\n", substitutions.JINJA, "1"),
        (
            "/etc/bind/db:\n  file.managed:\n    - template: jinja\n",
            substitutions.JINJA,
            "3",
        ),
        ("from jinja2 import Template\n", substitutions.JINJA, "1"),
        ("envsubst < db.example.in > db.example\n", substitutions.ENVSUBST, "1"),
    ],
)
def test_a_template_language_in_use_fills_in_all_its_placeholders(
    script: str, language: str, where: str
) -> None:
    words = substitutions.words_in(script, "site.yml")
    tool = "Jinja templating" if language == substitutions.JINJA else "envsubst"
    assert words == {language: f"the repository's {tool} (site.yml:{where})"}
    zone = '@ IN TXT "v=spf1 {{ spf }} -all"\n$TTL ${ZONE_TTL}\n$TTL 3600\nwww IN A 192.0.2.1\n'
    line, placeholder = (1, "{{ spf }}") if language == substitutions.JINJA else (2, "${ZONE_TTL}")
    assert substitutions.marked(zone, words) == {line: (placeholder, words[language])}


def test_scripts_are_not_read_for_zones_without_a_placeholder_shape(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A zone with no word shaped like a placeholder never costs the repository's scripts
    a read (a pre-commit hook runs on every commit); one with such a word does."""
    calls: list[list[str]] = []
    real = substitutions.find

    def counting(tops: Iterable[str]) -> dict[str, str]:
        tops = list(tops)
        calls.append(tops)
        return real(tops)

    monkeypatch.setattr(substitutions, "find", counting)
    (tmp_path / "deploy.sh").write_text("sed -i s/SERIALPLACEHOLDER/$(date +%s)/ *.zone\n")
    zone = tmp_path / "example.com.zone"
    zone.write_text(
        "$TTL 3600\n$ORIGIN example.com.\n@ IN SOA ns1 hm 1 7200 3600 1209600 300\n"
        "@ IN NS ns1\n@ IN MX 10 mail\nns1 IN A 192.0.2.1\nmail IN AAAA 2001:db8::1\n"
        "www IN CNAME ns1\n"
    )
    monkeypatch.chdir(tmp_path)
    api.lint([str(zone)])
    assert calls == []
    zone.write_text(zone.read_text().replace(" 1 7200", " SERIALPLACEHOLDER 7200"))
    result = api.lint([str(zone)])
    assert len(calls) == 1
    assert any("SERIALPLACEHOLDER" in d.message for d in result.diagnostics)
