"""``substitutions.may_hold``, the scan of every zone file for a placeholder-shaped word, gives
the answers of the single regular expression it replaced (kept here as the reference), found
by searches in C instead of an expression tried at every character of the file."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mxlint.identity import substitutions
from mxlint.identity.substitutions import _PART, _ZONE_WORDS, may_hold

_ZONE_WORD_ALT = "|".join(sorted(_ZONE_WORDS, key=len, reverse=True))
_REFERENCE = re.compile(
    r"\{|%%|%[A-Za-z_]|__[A-Za-z]|<[A-Za-z_]|@[A-Za-z_]\w*@|\$[A-Za-z_{]"
    r"|(?<![\w.-])(?!(?:" + _ZONE_WORD_ALT + r")(?![\w.-]))[A-Z][A-Z0-9_]{3,}(?![\w.-])"
)
_DIRECTIVES = ("$TTL", "$ORIGIN", "$INCLUDE", "$GENERATE")


def reference(text: str) -> bool:
    """The scan ``may_hold`` replaced: one expression, a match at a directive skipped."""
    for m in _REFERENCE.finditer(text):
        if m.group()[0] == "$" and text.startswith(_DIRECTIVES, m.start()):
            continue
        return True
    return False


def agrees(text: str) -> None:
    expected = reference(text)
    if expected:
        assert may_hold(text), text  # never a placeholder missed
    elif may_hold(text):
        # the one difference: after a skipped "$TTL", the reference resumed two characters
        # on and never looked at "TTLWORD" as an upper-case word (a "maybe" only costs the
        # full search of marked(), which answers alike)
        assert re.search(r"\$(?:TTL|ORIGIN|INCLUDE|GENERATE)[A-Z0-9_]", text), text


_PIECES = st.sampled_from(
    [
        " ", "\n", "\t", ".", "-", "_", "__", "$", "@", "%", "%%", "<", ">", "{", "}", "=", ";",
        '"', "a", "mail", "x1", "A", "IN", "MX", "AAAA", "CNAME", "NSEC3", "SERIAL", "TTL",
        "ORIGIN", "$TTL", "$ORIGIN", "$INCLUDE", "$GENERATE", "DMARC1", "SPF", "é", "É", "Ω",
        "0", "2024", "_X", "A_B9", "ABC", "ABCD", "\u00a0", "\u2014",
    ]
)  # fmt: skip


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, max_size=24).map("".join))
def test_random_texts_agree_with_the_reference(text: str) -> None:
    agrees(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$ORIGIN example.com.\n$TTL 3600\n@ IN SOA ns1 host 1 2 3 4 5\n", False),
        ("@ IN MX 10 mail\nmail IN AAAA 2001:db8::1\nwww IN CNAME @\n", False),
        ('_dmarc IN TXT "v=DMARC1; p=none"\n', True),
        ("@ IN SOA ns1 host SERIAL 2 3 4 5\n", True),
        ("@ IN SOA ns1 host xSERIAL 2 3 4 5\n", False),  # inside a word
        ("@ IN SOA ns1 host SERIALx 2 3 4 5\n", False),
        ("@ IN SOA ns1 host mail.SERIAL 2 3 4 5\n", False),
        ("@ IN SOA ns1 host éSERIAL 2 3 4 5\n", False),  # a letter, not ASCII
        ("@ IN SOA ns1 host \u2014SERIAL 2 3 4 5\n", True),  # a dash that is no letter
        ("@ IN SOA ns1 host @SERIAL@ 2 3 4 5\n", True),
        ("@ IN SOA ns1 host @serial 2 3 4 5\n", False),
        ("$GENERATE 1-9 h$ A 192.0.2.$\n", False),
        ("x IN TXT $SERIAL\n", True),
        ("x IN TXT <serial>\n", True),
        ("x IN TXT __Serial__\n", True),
        ("x IN TXT %serial%\n", True),
        ("x IN TXT {serial}\n", True),
        ("NSEC3 DNSKEY RRSIG AAAA\n", False),
        ("NSEC4\n", True),
    ],
)
def test_named_cases(text: str, expected: bool) -> None:
    assert reference(text) == expected
    assert may_hold(text) == expected


@pytest.mark.parametrize("word", ["SERIAL", "@serial@", "$SERIAL", "%%S%%"])
@pytest.mark.parametrize("shift", [-2, -1, 0, 1, 2])
def test_a_word_anywhere_in_a_large_file_is_found(word: str, shift: int) -> None:
    # parts end at line ends: a word on the line that crosses the first limit, or at the
    # start or end of a part, is found like any other
    line = "host IN A 192.0.2.1\n"
    lines = [line] * (3 * _PART // len(line))
    before = _PART // len(line) + shift
    lines[before] = f"h IN TXT {word}\n"
    text = "".join(lines)
    assert reference(text)
    assert may_hold(text)
    assert not may_hold(text.replace(word, "serial"))


def test_a_large_file_is_read_part_by_part(monkeypatch: pytest.MonkeyPatch) -> None:
    # a word near the start: the rest of a large file is not scanned
    seen: list[int] = []
    real = substitutions._part_may_hold

    def part(text: str) -> bool:
        seen.append(len(text))
        return real(text)

    monkeypatch.setattr(substitutions, "_part_may_hold", part)
    body = "host IN A 192.0.2.1\n" * (20 * _PART // 20)
    assert may_hold('x IN TXT "v=DMARC1"\n' + body)
    assert len(seen) == 1 and seen[0] < 2 * _PART
    seen.clear()
    assert not may_hold(body)
    assert sum(seen) == len(body) and len(seen) > 10
