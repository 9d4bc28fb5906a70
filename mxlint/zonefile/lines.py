"""BIND's lines: the one definition the reader, suppressions, the baseline, fingerprints, the
reporters and ``--fix`` share.

A line ends at a line feed and nowhere else (checked with named-checkzone): a CR just before
the line feed belongs to the line ending; a lone CR ends a statement but not a line (BIND's
line numbers do not move) and inside a comment it is comment text; form feed, VT, U+2028 and
the other characters ``str.splitlines`` breaks at are ordinary characters.
"""

from __future__ import annotations

__all__ = ["split_lines", "split_lines_keepends"]


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
