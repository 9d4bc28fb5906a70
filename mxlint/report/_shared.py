"""What every reporter shares: the run summary, valid Unicode, colour choice, the text of a
diagnostic's line, fingerprints, relative paths and XML text."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, TextIO

from mxlint import safeopen
from mxlint._patterns import lazy
from mxlint._value import Value
from mxlint.model import Diagnostic
from mxlint.zonefile.lines import split_lines

if TYPE_CHECKING:
    import xml.etree.ElementTree as ET


class Summary(Value):
    __slots__ = ("errors", "files", "infos", "warnings")
    _fields = ("files", "errors", "warnings", "infos")

    def __init__(self, files: int, errors: int, warnings: int, infos: int) -> None:
        self.files = files
        self.errors = errors
        self.warnings = warnings
        self.infos = infos

    @classmethod
    def of(cls, diagnostics: Sequence[Diagnostic], files: int) -> Summary:
        count = {"error": 0, "warning": 0, "info": 0}
        for d in diagnostics:
            count[d.severity] += 1
        return cls(files, count["error"], count["warning"], count["info"])

    def line(self) -> str:
        def plural(n: int, word: str) -> str:
            return f"{n} {word}{'' if n == 1 else 's'}"

        return (
            f"{plural(self.files, 'file')} checked: {plural(self.errors, 'error')}, "
            f"{plural(self.warnings, 'warning')}, {plural(self.infos, 'info')}"
        )


def _unicode(s: str) -> str:
    """``s`` as valid Unicode for JSON and SARIF: a file name that is not UTF-8 reaches here
    with surrogate escapes (PEP 383), which no JSON reader accepts; each undecodable byte
    becomes U+FFFD."""
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(s).decode("utf-8", "replace")
    return s


# Controls (C0 but tab, DEL, C1), line and paragraph separators, bidi overrides.
_CONTROL = lazy(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def visible(s: str, breaks: bool = False) -> str:
    """``s`` with every character that could move the cursor, start a line, colour the
    terminal or reorder text shown as an escape (``\\x1b``, ``\\u2028``): text from a
    zone or a file name is data, never markup. ``breaks``: keep CR and LF (for a format that
    encodes them itself)."""

    def shown(m: re.Match[str]) -> str:
        c = m.group()
        if breaks and c in "\r\n":
            return c
        return f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}"

    return _CONTROL.sub(shown, s)


def shown_path(path: str) -> str:
    """``path`` for a line of text output: :func:`visible`, and never starting with a CI
    runner's command prefix (``::`` or ``##[``, GitHub's workflow commands), which a file
    name could otherwise forge: such a relative name is shown as ``./name``."""
    s = visible(path)
    head = s.lstrip()
    if head.startswith(("::", "##[")):
        s = "./" + s
    return s


def use_color(choice: str, stream: TextIO, environ: Mapping[str, str] | None = None) -> bool:
    """Whether to colour ``stream``: ``--color`` first, then the environment, then a terminal.

    Precedence: ``--color always|never``; then ``NO_COLOR`` (set and not empty: never); then
    ``FORCE_COLOR`` (set and not empty) or ``CLICOLOR_FORCE`` (set and not ``0``): always;
    otherwise colour only when ``stream`` is a terminal. NO_COLOR wins over the forcing
    variables, as in CPython's own ``_colorize``.
    """
    if choice == "always":
        return True
    if choice == "never":
        return False
    env = os.environ if environ is None else environ
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR") or env.get("CLICOLOR_FORCE", "0") not in ("", "0"):
        return True
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _line_reader() -> Callable[[str, int], str]:
    """``text(path, line)``: the line's text (empty when unreadable), each file read once."""
    cache: dict[str, list[str]] = {}

    def text(path: str, line: int) -> str:
        lines = cache.get(path)
        if lines is None:
            try:  # never re-open what the loader refused (a FIFO, /dev/zero): regular only
                lines = split_lines(safeopen.read_text(path, errors="replace"))
            except OSError:
                lines = []
            cache[path] = lines
        return lines[line - 1] if 1 <= line <= len(lines) else ""

    return text


def fingerprints(diagnostics: Sequence[Diagnostic]) -> list[str]:
    """A key per diagnostic that survives runs and line moves (not line numbers).

    SHA-256 of the path (as given, ``/``-separated), the rule code, the whitespace-normalised
    text of the diagnostic's line (its message when it has no line), and the occurrence
    count of that triple so far: two identical lines get two keys. Editing the line itself
    (or renaming the file) gives a new key, which is the point.
    """
    import hashlib

    text = _line_reader()
    seen: dict[tuple[str, str, str], int] = {}
    out = []
    for d in diagnostics:
        path = os.path.normpath(d.path).replace(os.sep, "/")
        content = " ".join(text(d.path, d.line).split()) if d.line >= 1 else d.message
        key = (path, d.code, content)
        n = seen.get(key, 0)
        seen[key] = n + 1
        raw = "\0".join((path, d.code, content, str(n)))
        out.append(hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest())
    return out


def _relative(path: str, root: str | None = None) -> str:
    """``path`` relative to ``root`` (default: cwd) with ``/``, when below it; else as given."""
    full = os.path.abspath(path)
    try:
        rel = os.path.relpath(full, os.path.abspath(root or os.getcwd()))
    except ValueError:
        return path
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):
        return path.replace(os.sep, "/")
    return rel.replace(os.sep, "/")


def _token_end(line_text: str, column: int) -> int | None:
    """The 1-based column just past the token starting at ``column`` (a quoted string whole)."""
    i = column - 1
    if not 0 <= i < len(line_text) or line_text[i].isspace():
        return None
    if line_text[i] == '"':
        j = i + 1
        while j < len(line_text):
            if line_text[j] == "\\":
                j += 2
                continue
            if line_text[j] == '"':
                return j + 2
            j += 1
        return None
    j = i
    while j < len(line_text) and not line_text[j].isspace() and line_text[j] not in ";()":
        j += 1
    return j + 1 if j > i else None


# Compiled on first use: its Unicode class costs a tiny zone's run 20 ms at import.
_XML_BAD = lazy("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(s: str) -> str:
    """``s`` without the characters XML 1.0 cannot hold (shown as ``\\xNN``)."""
    return _XML_BAD.sub(lambda m: f"\\x{ord(m.group()):02x}", s)


def _write_xml(root: ET.Element, out: TextIO) -> None:
    import xml.etree.ElementTree as ET

    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")
