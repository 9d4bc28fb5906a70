"""Reading ``; mxlint:`` comments (suppression directives) out of zone file text.

The loader scans each file it reads (``Zone.directives``); :mod:`mxlint.stages.suppress`
checks the names they list and applies them. The syntax is described there.
"""

from __future__ import annotations

import bisect
import re
from typing import Final

from mxlint._patterns import lazy
from mxlint._value import Value
from mxlint.zonefile.lexical import comment_start

KINDS: Final = ("disable", "disable-next-line", "disable-file")
MALFORMED: Final = "malformed"
ALL: Final = "all"
MARK: Final = "mxlint:"


# Compiled at the first directive (about 0.5 M instructions a pattern; most zones have none).
_BODY_RE = lazy(
    r"\s*(?P<kind>[A-Za-z][A-Za-z_-]*)\s*=\s*"
    r"(?P<names>[^\s,;]+(?:\s*,\s*[^\s,;]+)*)"
    r"\s*(?:--.*|;.*)?\Z",
    re.S,
)


class Directive(Value):
    """One ``; mxlint:`` comment.

    ``line``/``col`` (1-based) name the comment's first ``;``. ``kind`` is one of
    :data:`KINDS`, or ``"malformed"``. ``rules`` are the names as written. ``target_line`` is
    the line it silences (``disable``: its own line; ``disable-next-line``: the next line that
    is not blank or comment-only, ``None`` at the end of the file; ``None`` for
    ``disable-file`` and malformed ones). ``first_line``..``last_line`` is the span actually
    silenced: the whole record when the target is part of a parenthesised record. ``text`` is
    the comment as written, from its first ``;``.
    """

    __slots__ = (
        "col",
        "first_line",
        "kind",
        "last_line",
        "line",
        "path",
        "rules",
        "target_line",
        "text",
    )
    _fields = (
        "path",
        "line",
        "col",
        "kind",
        "rules",
        "target_line",
        "text",
        "first_line",
        "last_line",
    )

    def __init__(
        self,
        path: str,
        line: int,
        col: int,
        kind: str,
        rules: tuple[str, ...],
        target_line: int | None,
        text: str = "",
        first_line: int | None = None,
        last_line: int | None = None,
    ) -> None:
        self.path = path
        self.line = line
        self.col = col
        self.kind = kind
        self.rules = rules
        self.target_line = target_line
        self.text = text
        self.first_line = first_line
        self.last_line = last_line

    def spanning(self, first: int | None, last: int | None) -> Directive:
        """The same directive silencing lines ``first``..``last``."""
        return Directive(
            self.path,
            self.line,
            self.col,
            self.kind,
            self.rules,
            self.target_line,
            self.text,
            first,
            last,
        )


# --------------------------------------------------------------------------- scanning


def _is_blank_or_comment(line: str) -> bool:
    s = line.lstrip()
    return not s or s.startswith(";")


# Escapes, quoted strings and comments are matched only to be skipped over (only for a
# directive in a file with parentheses).
_PAREN_RE = lazy(r'\\.|"(?:[^"\\\n]|\\.)*"?|;[^\n]*|[()]')


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


def scan(path: str, text: str) -> list[Directive]:
    """Every ``; mxlint:`` directive in ``text`` (the file at ``path``), in file order."""
    if text.find(MARK) < 0:
        return []
    lines = text.split("\n")
    found: list[Directive] = []
    for i, raw in enumerate(lines, 1):
        if MARK not in raw:
            continue
        line = raw.rstrip("\r")
        c = comment_start(line)
        if c < 0:
            continue
        comment = line[c:].rstrip()
        body = comment.lstrip(";").lstrip()
        if not body.startswith(MARK):
            continue  # "mxlint:" mentioned inside some other comment
        m = _BODY_RE.match(body, len(MARK))
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
            d = d.spanning(first, last)
        out.append(d)
    return out
