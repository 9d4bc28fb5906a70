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
from collections.abc import Collection, Iterator
from typing import Final

import dns.rdatatype

from mxlint._patterns import lazy, lazy_method
from mxlint._rrtypes import BIND_ONLY_TYPES
from mxlint._value import Value
from mxlint.zonefile.lexical import comment_start
from mxlint.zonefile.lines import numbered_lines

HEAD_LINES: Final = 400  # statements looked at
HEAD_BYTES: Final = 256 * 1024

# Record types BIND reads in master files: dnspython's and the ones only BIND knows.
_TYPES: Final = frozenset(t.name for t in dns.rdatatype.RdataType) | frozenset(BIND_ONLY_TYPES)
_CLASSES: Final = frozenset(("IN", "CH", "CS", "HS", "ANY", "NONE"))
_TTL = re.compile(r"^(?:\d+|(?:\d+[smhdwSMHDW])+)$").match
_TYPE_N = re.compile(r"^TYPE\d+$", re.I).match
_CLASS_N = lazy_method(r"^CLASS\d+$", "match", re.I)  # at first use: CLASSnn is rare
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


def _may_be_template(code: str) -> bool:
    """False when ``code`` holds none of the characters (or the word) that every
    placeholder of ``_TEMPLATE`` holds: no need to look for one then."""
    return (
        "{" in code
        or "$" in code
        or "@" in code
        or "(" in code
        or "%" in code
        or "<" in code
        or "dnl" in code
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


# What comes before a comment: characters, escaped characters, quoted strings (a ``;`` in
# one starts no comment). It stops at the ``;`` of a comment, at a quote left open, at a
# backslash that ends the line, or at the end: :func:`mxlint.zonefile.lexical.comment_start` in one
# scan by the regular expression engine, not a Python loop over each character (long TXT
# records such as DKIM keys are quoted and hold ``;``).
# (Compiled on first use, by the re module's cache: most small zones need neither.)
_BEFORE_COMMENT = r'(?:[^"\\;]++|\\.|"(?:[^"\\]++|\\.)*+")*+'


# The verdict on most files, made once: a run over many files keeps it with each of them
# (see Sniffed), and nothing changes a verdict.
_ZONE_FILE: Final = Verdict("zone", "zone file")


def _strip(line: str) -> str:
    if '"' not in line and "\\" not in line:
        i = comment_start(line)
        return line if i < 0 else line[:i]
    m = re.match(_BEFORE_COMMENT, line, re.S)
    assert m is not None  # it matches the empty string
    end = m.end()
    return line[:end] if end < len(line) and line[end] == ";" else line


def _unquoted(code: str) -> str:
    """``code`` with quoted strings blanked out (escaped quotes respected)."""
    if '"' not in code:
        return code
    return re.sub(r'"(?:\\.|[^"\\])*"?', '""', code)


def _is_type(word: str) -> bool:
    return word.upper() in _TYPES or bool(_TYPE_N(word))


def _is_class(word: str) -> bool:
    return word.upper() in _CLASSES or bool(_CLASS_N(word))


# What a word before a record's data is: a record type, a TTL or class (skipped), or neither.
_NEITHER, _A_TYPE, _SKIPPED = 0, 1, 2
_WORDS: dict[str, int] = {}  # a word -> what it is, for the words seen (a few dozen, often)
_WORDS_KEPT: Final = 4096


def _word(word: str) -> int:
    kind = _WORDS.get(word)
    if kind is None:
        if _is_type(word):
            kind = _A_TYPE
        elif _TTL(word) or _is_class(word):
            kind = _SKIPPED
        else:
            kind = _NEITHER
        if len(_WORDS) >= _WORDS_KEPT:
            _WORDS.clear()
        _WORDS[word] = kind
    return kind


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
    # The type, after up to three TTLs or classes (a TTL and a class, in either order).
    for word in words[i : i + 4]:
        kind = _word(word)
        if kind == _A_TYPE:
            return owner, word.upper()
        if kind == _NEITHER:
            break
    return None, None


# Placeholders of template languages proper: a zone file never holds them.
_TEMPLATE_LANGUAGE: Final = ("{{", "{%", "{#", "<%", "%>")
_M4: Final = ("dnl", "define(", "include(", "divert(", "changequote(")
# A word that stands where the SOA wants a number: letters and underscores only
# (SERIALNUMBERPLACEHOLDER, YYYYMMDDNN, __SERIAL__), which no server reads as a number.
_WORD_NOT_NUMBER = re.compile(r"^[A-Za-z_]{3,}$").match


def _placeholder(code: str) -> str | None:
    """The first placeholder in ``code`` (a statement, comments and quoted strings removed)
    that keeps the file from loading as it stands. A template language's own marks always
    do; the shapes that are also plain words of a zone file (``{serial}``, ``@ABC@``,
    ``$NAME``, an m4 ``dnl``) count only where a server would refuse them: not as the data
    of a TXT record, where any word is text, and ``dnl`` not as the owner of a record."""
    rtype: str | None = None
    typed = False
    for m in _TEMPLATE.finditer(code):
        text = m.group(0).strip()
        if text.startswith(_TEMPLATE_LANGUAGE):
            return text
        if not typed:
            rtype, typed = record_type(code)[1], True
        if text.startswith(_M4):
            if rtype is None:
                return text
            continue  # a record owned by a host named dnl
        if rtype in ("TXT", "SPF") and m.start() > code.upper().find(rtype):
            continue  # a word of text
        return text
    return None


# Marks of a template's control statements (loops, conditions, sections): the lines between
# them are not records as written, so such a template is never linted line by line.
_CONTROL_RE = lazy(r"\{%|\{\{[#/^]|<%(?!=)|^\s*(?:dnl\b|define\(|include\(|divert\(|ifdef\()")


def placeholder_lines(
    text: str, also: int | Collection[int] = 0
) -> tuple[set[int], set[int]] | None:
    """For a template whose placeholders only substitute values: the numbers of the lines of
    every statement that holds one, and of the ``$TTL`` lines that hold one (then the
    records' TTLs are not known). ``None`` when the template cannot be read line by line: a control
    statement (a loop, a condition), or a placeholder in ``$ORIGIN``, ``$INCLUDE`` or
    ``$GENERATE``, which changes what every following line means. The lines ``also`` hold one
    too (where :func:`classify` found a word in a numeric field, or where a word the
    repository substitutes stands). A statement that is neither a directive nor a record
    (``%% serial=$(date +%s)``: the template language's own line) counts as one."""
    extra = {also} if isinstance(also, int) else set(also)
    lines: set[int] = set()
    ttl: set[int] = set()
    statement: list[int] = []
    marked = False
    depth = 0
    for number, raw in numbered_lines(text):
        code = _strip(raw) if ";" in raw else raw
        bare = _unquoted(code) if '"' in code else code
        if _CONTROL_RE.search(bare):
            return None
        found = number in extra or (
            _may_be_template(bare)
            and (_placeholder(bare) is not None or _TEMPLATE.search(bare) is not None)
        )
        if depth == 0 and not found and bare.strip():
            found = not (bare.lstrip()[0] == "$" and _DIRECTIVE(bare.lstrip())) and (
                record_type(bare)[1] is None
            )
        if depth == 0:
            statement, marked = [], False
            head = bare.lstrip().upper()
            if found and head.startswith(("$ORIGIN", "$INCLUDE", "$GENERATE")):
                return None
            if found and head.startswith("$TTL"):
                ttl.add(number)
        statement.append(number)
        if found and not marked:
            marked = True
            lines.update(statement[:-1])
        if marked:
            lines.add(number)
        depth = max(0, depth + bare.count("(") - bare.count(")"))
    return lines, ttl


def _after_type(code: str, rtype: str | None) -> list[str]:
    """The words of ``code`` after its type ``rtype`` (all its words when None), without
    parentheses."""
    words = code.replace("(", " ").replace(")", " ").split()
    if rtype is not None:
        upper = [w.upper() for w in words]
        words = words[upper.index(rtype) + 1 :] if rtype in upper else []
    return words


def _numeric_placeholder(soa: list[str]) -> str | None:
    """A word where the SOA wants a number (serial and timers, after the two names)."""
    for word in soa[2:7]:
        if _WORD_NOT_NUMBER(word):
            return word
    return None


def classify(text: str) -> Verdict:
    """What ``text`` (a file's content, or its first part) is: see the module docstring."""
    if "\x00" in text[:HEAD_BYTES]:
        return Verdict("other", "not a zone file: binary data (NUL bytes)")
    statements = zone_like = records = indented = 0
    depth = 0
    soa = root_ns = other_ns = other_types = addresses = False
    owner = None
    soa_words: list[str] | None = None  # the data of the SOA record being read
    soa_line = 0
    template_line = 0
    template_text = ""
    for number, raw in numbered_lines(text[:HEAD_BYTES]):
        if statements >= HEAD_LINES:
            break
        code = _strip(raw) if ";" in raw else raw
        if not code or code.isspace():
            continue
        bare = _unquoted(code) if '"' in code else code
        if (
            not template_line
            and _may_be_template(bare)
            and not bare.lstrip().upper().startswith("$GENERATE")
        ):
            found = _placeholder(bare)
            if found is not None:
                template_line, template_text = number, found
        statements += 1
        if depth > 0 or (bare[0] == "$" and _DIRECTIVE(bare)):
            zone_like += 1
        else:
            written, rtype = record_type(bare)
            if rtype is None and bare[0].isspace():
                # an owner written after blanks ("    www  IN A ..."): BIND reads the line as
                # a record with no owner and refuses it, but it is a zone file's record (when
                # the file has a directive or a record written as one, not only such lines:
                # a text's indented example is not a zone)
                written, rtype = record_type(bare.lstrip())
                indented += rtype is not None
            if rtype is not None:
                owner = written or owner
                zone_like += 1
                records += 1
                if rtype == "SOA":
                    soa = True
                    soa_words, soa_line = _after_type(bare, rtype), number
                elif rtype == "NS":
                    root_ns, other_ns = root_ns or owner == ".", other_ns or owner != "."
                elif rtype in ("A", "AAAA"):
                    addresses = True
                else:
                    other_types = True
        if depth or "(" in bare or ")" in bare:
            depth = max(0, depth + bare.count("(") - bare.count(")"))
        if soa_words is not None:
            if soa_line != number:  # the SOA's data goes on in parentheses
                soa_words += _after_type(bare, None)
            word = _numeric_placeholder(soa_words)
            if word is not None and not template_line:
                template_line, template_text = number, word
            if depth == 0 or len(soa_words) >= 7:
                soa_words = None
    if statements == 0:
        return Verdict("empty", "no records or directives (empty, or only comments)")
    if zone_like == indented:
        zone_like = 0  # only indented records (see above)
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
    return _ZONE_FILE


def _statements(text: str) -> Iterator[str]:
    """The statements of ``text`` as BIND splits them (a line break inside parentheses or a
    quoted string goes on with the statement; a lone CR ends one as a line feed does), each
    without its comments, quoted strings blanked to ``""`` and parentheses to spaces."""
    buf: list[str] = []
    quoted = False
    depth = 0
    for _, piece in numbered_lines(text):
        escaped = False
        start = 0  # of the unquoted text not yet kept
        for i, ch in enumerate(piece):
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                if not quoted:
                    buf.append(piece[start:i] + '""')
                quoted = not quoted
                start = i + 1
            elif quoted:
                continue
            elif ch == ";":
                break
            elif ch == "(" or ch == ")":
                depth = max(0, depth + (1 if ch == "(" else -1))
                buf.append(piece[start:i] + " ")
                start = i + 1
        else:
            i = len(piece)
        if not quoted:
            buf.append(piece[start:i])
        if quoted or depth:
            buf.append(" ")
            continue
        statement = "".join(buf)
        buf = []
        if statement and not statement.isspace():
            yield statement
    if buf and not "".join(buf).isspace():
        yield "".join(buf)


def starts_like_zone(text: str) -> bool:
    """Does ``text`` start as a zone file does, whatever the file's name: a directive or an
    SOA record first, or records (of types BIND reads, each on one line or several: in
    parentheses, with quoted strings over lines) up to an SOA record, as a zone whose TXT
    record is written before its SOA."""
    for n, statement in enumerate(_statements(text[:HEAD_BYTES])):
        if n >= HEAD_LINES:
            break
        if statement[0] == "$":
            return _DIRECTIVE(statement) is not None
        rtype = record_type(statement)[1]
        if rtype is None:
            return False
        if rtype == "SOA":
            return True
    return False
