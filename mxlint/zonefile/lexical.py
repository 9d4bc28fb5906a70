"""The lexical facts of a zone file line that every reader shares.

The loader, the identity sniffers and the suppression scanner all need to know where a
line's comment starts; it is defined here, once, below all of them.
"""

from __future__ import annotations


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
