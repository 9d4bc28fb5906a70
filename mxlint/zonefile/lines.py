"""BIND's lines: the one definition the reader, suppressions, the baseline, fingerprints, the
reporters and ``--fix`` share.

A line ends at a line feed and nowhere else (checked with named-checkzone): a CR just before
the line feed belongs to the line ending; a lone CR ends a statement but not a line (BIND's
line numbers do not move) and inside a comment it is comment text; form feed, VT, U+2028 and
the other characters ``str.splitlines`` breaks at are ordinary characters.
"""

from __future__ import annotations

from collections.abc import Iterator

from mxlint.zonefile.lexical import comment_start

__all__ = ["numbered_lines", "split_lines", "split_lines_keepends"]


def split_lines(text: str) -> list[str]:
    """The lines of ``text`` without their endings (``LF`` or ``CR LF``); line n is index n-1."""
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()  # a final line feed ends the last line, it starts none
    return [s[:-1] if s.endswith("\r") else s for s in lines]


def split_lines_keepends(text: str) -> list[str]:
    """The lines of ``text``, each with its own ending (none for an unterminated last line)."""
    lines = text.split("\n")
    last = lines.pop()
    out = [s + "\n" for s in lines]
    if last:
        out.append(last)
    return out


def numbered_lines(text: str) -> Iterator[tuple[int, str]]:
    """``(line number, text)`` for each line of ``text`` as BIND reads it, for the scanners
    that look at a file before it is loaded: a lone CR before the line's comment ends a
    statement, so each piece comes on its own, all with the line's number (the comment stays
    with the last piece, a CR inside it is comment text)."""
    for number, line in enumerate(split_lines(text), 1):
        if "\r" not in line:
            yield number, line
            continue
        i = comment_start(line)
        code, comment = (line, "") if i < 0 else (line[:i], line[i:])
        pieces = code.split("\r")
        pieces[-1] += comment
        for piece in pieces:
            yield number, piece
