"""Inline suppressions: ``; mxlint: ...`` comments in zone files.

A directive is a comment (after a ``;`` that is not inside a quoted string and not escaped as
``\\;``) whose text, after the ``;`` characters and blanks, starts with ``mxlint:``::

    @  IN MX 10 mail.example.com   ; mxlint: disable=missing-trailing-dot
    ; mxlint: disable-next-line=MX002, duplicate-target -- reason text is allowed after --
    ; mxlint: disable-file=all

``RULE`` is a rule name or code in any case, or ``all``; names are separated by commas.

- ``disable`` silences the listed rules on the record the comment is on;
- ``disable-next-line`` on the next line that is not blank or comment-only;
- ``disable-file`` in the whole file, wherever it is written.

A record that spans parentheses counts as one: a ``disable`` (or ``disable-next-line``) that
targets any of its lines silences diagnostics on all of them, from the record's first line
(where record-level diagnostics are reported) to the line with the closing parenthesis.

A comment that starts with ``mxlint:`` but does not parse (an unknown kind such as
``disabel=``, an empty list, a stray comma, text after the list without ``--``) is kept as a
directive of kind ``"malformed"``: :func:`unknown_names` reports it, :func:`apply` ignores it.
"""

from __future__ import annotations

import bisect
import dataclasses
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from mxlint.model import Diagnostic

if TYPE_CHECKING:
    from mxlint.check.registry import Registry
    from mxlint.model import Zone

KINDS: Final = ("disable", "disable-next-line", "disable-file")
MALFORMED: Final = "malformed"
ALL: Final = "all"
_MARK: Final = "mxlint:"
_BODY_RE: Final = re.compile(
    r"\s*(?P<kind>[A-Za-z][A-Za-z_-]*)\s*=\s*"
    r"(?P<names>[^\s,;]+(?:\s*,\s*[^\s,;]+)*)"
    r"\s*(?:--.*|;.*)?\Z",
    re.S,
)
_KIND_RE: Final = re.compile(r"\s*([A-Za-z][A-Za-z_-]*)")


@dataclass(frozen=True)
class Directive:
    """One ``; mxlint:`` comment.

    ``line``/``col`` (1-based) name the comment's first ``;``. ``kind`` is one of
    :data:`KINDS`, or ``"malformed"``. ``rules`` are the names as written. ``target_line`` is
    the line it silences (``disable``: its own line; ``disable-next-line``: the next line that
    is not blank or comment-only, ``None`` at the end of the file; ``None`` for
    ``disable-file`` and malformed ones). ``first_line``..``last_line`` is the span actually
    silenced: the whole record when the target is part of a parenthesised record. ``text`` is
    the comment as written, from its first ``;``.
    """

    path: str
    line: int
    col: int
    kind: str
    rules: tuple[str, ...]
    target_line: int | None
    text: str = ""
    first_line: int | None = None
    last_line: int | None = None


# --------------------------------------------------------------------------- scanning


def _is_blank_or_comment(line: str) -> bool:
    s = line.lstrip()
    return not s or s.startswith(";")


# Escapes, quoted strings and comments are matched only to be skipped over.
_PAREN_RE: Final = re.compile(r'\\.|"(?:[^"\\\n]|\\.)*"?|;[^\n]*|[()]')


def _record_spans(text: str, until: int) -> list[tuple[int, int]]:
    """``(first, last)`` line of every record spanning parentheses over several lines, up to
    the record that contains line ``until``."""
    spans: list[tuple[int, int]] = []
    depth = start = 0
    line, pos = 1, 0
    for m in _PAREN_RE.finditer(text):
        tok = m.group()
        if tok != "(" and tok != ")":
            continue
        line += text.count("\n", pos, m.start())
        pos = m.start()
        if depth == 0 and line > until:
            break
        if tok == "(":
            if depth == 0:
                start = line
            depth += 1
        elif depth > 0:
            depth -= 1
            if depth == 0 and line > start:
                spans.append((start, line))
    return spans  # a "(" never closed spans nothing: the loader reports it


class _Spans:
    def __init__(self, text: str, until: int) -> None:
        self.spans = _record_spans(text, until) if "(" in text else []
        self.starts = [s for s, _ in self.spans]

    def around(self, line: int) -> tuple[int, int]:
        k = bisect.bisect_right(self.starts, line) - 1
        if k >= 0 and self.spans[k][0] <= line <= self.spans[k][1]:
            return self.spans[k]
        return line, line


def comment_start(line: str) -> int:
    """Index of the ``;`` that starts the comment of ``line`` (not one in quotes), or -1."""
    i = line.find(";")
    if i < 0:
        return -1
    if '"' not in line and "\\" not in line:
        return i
    quoted = escaped = False
    for j, ch in enumerate(line):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == '"':
            quoted = not quoted
        elif ch == ";" and not quoted:
            return j
    return -1


def scan(path: str, text: str) -> list[Directive]:
    """Every ``; mxlint:`` directive in ``text`` (the file at ``path``), in file order."""
    if text.find(_MARK) < 0:
        return []
    lines = text.split("\n")
    found: list[Directive] = []
    for i, raw in enumerate(lines, 1):
        if _MARK not in raw:
            continue
        line = raw.rstrip("\r")
        c = comment_start(line)
        if c < 0:
            continue
        comment = line[c:].rstrip()
        body = comment.lstrip(";").lstrip()
        if not body.startswith(_MARK):
            continue  # "mxlint:" mentioned inside some other comment
        m = _BODY_RE.match(body, len(_MARK))
        kind = m.group("kind").lower() if m else ""
        if m is None or kind not in KINDS:
            found.append(Directive(path, i, c + 1, MALFORMED, (), None, comment))
            continue
        names = tuple(n.strip() for n in m.group("names").split(","))
        target: int | None = None
        if kind == "disable":
            target = i
        elif kind == "disable-next-line":
            j = i  # index of the line after i
            while j < len(lines) and _is_blank_or_comment(lines[j]):
                j += 1
            target = j + 1 if j < len(lines) else None
        found.append(Directive(path, i, c + 1, kind, names, target, comment, target, target))
    targets = [d.target_line for d in found if d.target_line is not None]
    if not targets or "(" not in text:
        return found
    spans = _Spans(text, max(targets))
    out: list[Directive] = []
    for d in found:
        if d.target_line is not None:
            first, last = spans.around(d.target_line)
            d = dataclasses.replace(d, first_line=first, last_line=last)
        out.append(d)
    return out


def scan_zones(zones: Iterable[Zone]) -> dict[str, list[Directive]]:
    """Directives of every file the non-context ``zones`` read, keyed by displayed path.

    The loader scans each file while it has the text (``Zone.directives``): no second read.
    """
    out: dict[str, list[Directive]] = {}
    for zone in zones:
        if not zone.context:
            for path, found in zone.directives.items():
                out.setdefault(path, found)
    return out


# --------------------------------------------------------------------------- checking


def _known(name: str, registry: Registry) -> bool:
    return name.lower() == ALL or registry.get(name) is not None


def unknown_names(
    directives: Iterable[Directive], registry: Registry
) -> list[tuple[Directive, str]]:
    """``(directive, bad)`` for every name that is no rule name, code or ``all``, and for every
    malformed directive (``bad`` is then its text as written)."""
    out: list[tuple[Directive, str]] = []
    for d in directives:
        if d.kind == MALFORMED:
            out.append((d, d.text))
            continue
        out.extend((d, name) for name in d.rules if not _known(name, registry))
    return out


def describe(directive: Directive, bad_name: str, registry: Registry | None = None) -> str:
    """The message for one :func:`unknown_names` entry (``registry`` adds a suggestion)."""
    import difflib

    if directive.kind == MALFORMED:
        why = ""
        body = directive.text.lstrip(";").lstrip()[len(_MARK) :]
        m = _KIND_RE.match(body)
        if m is None:
            why = " (it names no kind)"
        elif m.group(1).lower() not in KINDS:
            word = m.group(1)
            close = difflib.get_close_matches(word.lower(), KINDS, n=1, cutoff=0.6)
            why = f' ("{word}" is not disable, disable-next-line or disable-file'
            why += f'; did you mean "{close[0]}"?)' if close else ")"
        elif not (rest := body[m.end() :].lstrip()).startswith("="):
            why = f' ("=" must follow "{m.group(1)}")'
        elif not rest[1:].strip():
            why = " (it names no rule)"
        else:
            why = ' (separate rules with commas; a reason goes after " -- ")'
        return (
            f'malformed mxlint directive "{directive.text}"{why}; write '
            '"; mxlint: disable=RULE[,RULE]" (or disable-next-line=, disable-file=)'
        )
    hint = ""
    if registry is not None:
        names = {k.lower(): k for r in registry.rules for k in (r.name, r.code)}
        close = difflib.get_close_matches(bad_name.lower(), list(names), n=1, cutoff=0.75)
        if close:
            hint = f'; did you mean "{names[close[0]]}"?'
    return (
        f'unknown rule "{bad_name}" in "{directive.text}"{hint}; '
        "mxlint --list-rules shows the names"
    )


# --------------------------------------------------------------------------- applying


Use = tuple[Directive, str]  # a directive and one rule name as written in it


class _FileTable:
    """What one file's directives silence: rule keys (lower-case names, codes, ``all``), each
    with the directives (and the names in them) that ask for it."""

    def __init__(self, directives: Iterable[Directive], registry: Registry) -> None:
        self.whole: dict[str, list[Use]] = {}
        self.by_line: dict[int, dict[str, list[Use]]] = {}
        for d in directives:
            if d.kind == MALFORMED:
                continue
            keys: dict[str, list[Use]] = {}
            for name in d.rules:
                rule = registry.get(name)
                found: tuple[str, ...]
                if rule is not None:
                    found = (rule.code.lower(), rule.name.lower())
                else:
                    found = (name.strip().lower(),)  # "all", or a rule not loaded this run
                for key in found:
                    keys.setdefault(key, []).append((d, name))
            if d.kind == "disable-file":
                targets = [self.whole]
            elif d.first_line is not None and d.last_line is not None:
                targets = [
                    self.by_line.setdefault(n, {}) for n in range(d.first_line, d.last_line + 1)
                ]
            else:
                targets = []
            for table in targets:
                for key, uses in keys.items():
                    table.setdefault(key, []).extend(uses)

    def silencers(self, diag: Diagnostic) -> list[Use]:
        """Every directive name that silences ``diag`` (empty: it stays)."""
        code, name = diag.code.lower(), diag.rule.lower()
        out: list[Use] = []
        for keys in (self.whole, self.by_line.get(diag.line)):
            if keys:
                for key in (ALL, code, name):
                    out.extend(keys.get(key, ()))
        return out


def apply(
    diagnostics: Sequence[Diagnostic],
    directives_by_path: Mapping[str, list[Directive]],
    registry: Registry,
    used: set[Use] | None = None,
) -> list[Diagnostic]:
    """``diagnostics`` without those the directives silence (order kept).

    A diagnostic is matched to its file's directives by ``path`` (as loaded, normalised), and
    to the listed rules by code or name, case-insensitively. ``used``, when given, receives
    every ``(directive, name)`` that silenced something (for ``unused-suppression``).
    """
    grouped: dict[str, list[Directive]] = {}
    for path, directives in directives_by_path.items():
        if directives:
            grouped.setdefault(os.path.normpath(path), []).extend(directives)
    tables = {path: _FileTable(ds, registry) for path, ds in grouped.items()}
    if not tables:
        return list(diagnostics)
    norm: dict[str, str] = {}
    out: list[Diagnostic] = []
    for d in diagnostics:
        p = norm.get(d.path)
        if p is None:
            p = norm[d.path] = os.path.normpath(d.path)
        table = tables.get(p)
        silencers = table.silencers(d) if table is not None else []
        if not silencers:
            out.append(d)
        elif used is not None:
            used.update(silencers)
    return out
