"""What a file is, from its content: a zone file, a template of one, root hints, or none.

Repositories keep many files whose names look like zones: ``LICENSE.zone``, ``src/db.c``,
``docs/db.example.org.md``, Jinja or ERB sources of zones, root hints. Names decide which files
a folder walk looks at; this module decides, from the first lines, what each one is:

- ``zone``: most statements are zone-file statements (directives, records with a known type,
  the inside of parentheses); a few broken lines do not change that, so a zone with syntax
  errors is still linted and its errors reported.
- ``template``: a zone file with placeholders of a template language outside comments and
  quoted strings (``{{ serial }}``, ``{% ... %}``, ``<%= ... %>``, ``{serial}``, ``%%SERIAL%%``,
  ``@SERIAL@``, ``$SERIAL``): rendered at deploy time, not loadable as it stands.
- ``hints``: a root hints file (``named.root``): NS records at ``.`` and the servers' addresses,
  nothing else (no SOA). A server reads it with ``type hint``; it is not a zone to lint.
- ``empty``: no statement at all (an empty file, or only comments).
- ``other``: anything else (prose, source code, binary data).
"""

from __future__ import annotations

import re
from typing import Final

import dns.rdatatype

from mxlint._value import Value
from mxlint.bindcompat import BIND_ONLY_TYPES
from mxlint.suppress import comment_start

HEAD_LINES: Final = 400  # statements looked at
HEAD_BYTES: Final = 256 * 1024

# Record types BIND reads in master files: dnspython's and the ones only BIND knows.
_TYPES: Final = frozenset(t.name for t in dns.rdatatype.RdataType) | frozenset(BIND_ONLY_TYPES)
_CLASSES: Final = frozenset(("IN", "CH", "CS", "HS", "ANY", "NONE"))
_TTL = re.compile(r"^(?:\d+|(?:\d+[smhdwSMHDW])+)$").match
_TYPE_N = re.compile(r"^TYPE\d+$", re.I).match
_CLASS_N = re.compile(r"^CLASS\d+$", re.I).match
_OWNER = re.compile(r'^[^\s;()"$][^\s;()"]*$').match
_DIRECTIVE = re.compile(r"^\$(?:ORIGIN|TTL|INCLUDE|GENERATE|UNICODE)\b", re.I).match

# Placeholders of template languages, looked for outside comments and quoted strings.
_TEMPLATE = re.compile(
    r"\{\{|\{%|\{#|<%|%>|"  # Jinja, Go, Mustache, ERB, EJS
    r"%%[A-Za-z_][A-Za-z0-9_]*%%|"  # %%SERIAL%%
    r"@[A-Z][A-Z0-9_]*@|"  # @SERIAL@ (autoconf, CMake)
    r"\{[A-Za-z_][A-Za-z0-9_.]*(?:![rsa])?(?::[^{}]*)?\}|"  # Python str.format: {serial}
    r"%\([A-Za-z_][A-Za-z0-9_]*\)[sd]|"  # Python %-format: %(serial)s
    r"(?<=\S)[ \t]+\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|"  # shell, envsubst: $SERIAL, ${SERIAL}
    r"^\s*(?:dnl\b|define\(|include\(|divert\(|changequote\()"  # m4
)


class Verdict(Value):
    """``kind`` is zone, template, hints or other; ``why`` says what decided it (for
    messages and ``--verbose``), ``line`` where (1-based; 0 when the whole file decided)."""

    __slots__ = ("kind", "line", "why")
    _fields = ("kind", "why", "line")

    def __init__(self, kind: str, why: str, line: int = 0) -> None:
        self.kind = kind
        self.why = why
        self.line = line


class Sniffed:
    """A :class:`Verdict` with what identifies the text it was reached on (its length and
    hash), so that whoever reads the same file again can reuse it instead of classifying the
    text again: :meth:`verdict_for` gives it back only for a text equal to that one (a file
    changed in between, a BOM removed, a longer file of which only the head was judged, a
    text given in place of the file: all classified afresh)."""

    __slots__ = ("digest", "length", "verdict")

    def __init__(self, text: str, verdict: Verdict) -> None:
        self.length = len(text)
        self.digest = hash(text)
        self.verdict = verdict

    def verdict_for(self, text: str) -> Verdict | None:
        if len(text) != self.length or hash(text) != self.digest:
            return None
        return self.verdict


def _strip(line: str) -> str:
    i = comment_start(line)
    return line if i < 0 else line[:i]


def _unquoted(code: str) -> str:
    """``code`` with quoted strings blanked out (escaped quotes respected)."""
    if '"' not in code:
        return code
    return re.sub(r'"(?:\\.|[^"\\])*"?', '""', code)


def _is_type(word: str) -> bool:
    return word.upper() in _TYPES or bool(_TYPE_N(word))


def _is_class(word: str) -> bool:
    return word.upper() in _CLASSES or bool(_CLASS_N(word))


def record_type(code: str) -> tuple[str | None, str | None]:
    """``(owner, TYPE)`` if ``code`` (a statement without its comment) has the shape
    ``[owner] [ttl] [class] [ttl] TYPE ...``; the owner is None for a blank-owner line."""
    words = code.split()
    if not words:
        return None, None
    owner = None
    i = 0
    if not code[0].isspace():
        owner = words[0]
        if not _OWNER(owner):
            return None, None
        i = 1
    for _ in range(3):  # up to a TTL and a class, in either order
        if i < len(words) and _is_type(words[i]):
            return owner, words[i].upper()
        if i < len(words) and (_TTL(words[i]) or _is_class(words[i])):
            i += 1
            continue
        break
    if i < len(words) and _is_type(words[i]):
        return owner, words[i].upper()
    return None, None


def classify(text: str) -> Verdict:
    """What ``text`` (a file's content, or its first part) is: see the module docstring."""
    if "\x00" in text[:HEAD_BYTES]:
        return Verdict("other", "not a zone file: binary data (NUL bytes)")
    statements = zone_like = records = 0
    depth = 0
    soa = root_ns = other_ns = other_types = addresses = False
    owner = None
    template_line = 0
    template_text = ""
    for number, raw in enumerate(text[:HEAD_BYTES].splitlines(), 1):
        if statements >= HEAD_LINES:
            break
        code = _strip(raw)
        if not code.strip():
            continue
        bare = _unquoted(code)
        if not template_line and not bare.lstrip().upper().startswith("$GENERATE"):
            m = _TEMPLATE.search(bare)
            if m is not None:
                template_line, template_text = number, m.group(0).strip()
        statements += 1
        if depth > 0 or _DIRECTIVE(bare):
            zone_like += 1
        else:
            written, rtype = record_type(bare)
            if rtype is not None:
                owner = written or owner
                zone_like += 1
                records += 1
                if rtype == "SOA":
                    soa = True
                elif rtype == "NS":
                    root_ns, other_ns = root_ns or owner == ".", other_ns or owner != "."
                elif rtype in ("A", "AAAA"):
                    addresses = True
                else:
                    other_types = True
        depth = max(0, depth + bare.count("(") - bare.count(")"))
    if statements == 0:
        return Verdict("empty", "no records or directives (empty, or only comments)")
    share = zone_like / statements
    if template_line and share >= 0.5:
        return Verdict(
            "template",
            f'a template: "{template_text}" at line {template_line} is a placeholder filled '
            "in when the zone is rendered",
            template_line,
        )
    if zone_like == 0 or share < 0.6:
        return Verdict(
            "other",
            f"not a zone file: {statements - zone_like} of the first {statements} statements "
            "are not zone-file records or directives",
        )
    if root_ns and addresses and not (soa or other_ns or other_types):
        return Verdict("hints", "root hints (NS records for the root, no SOA), not a zone")
    return Verdict("zone", "zone file")
