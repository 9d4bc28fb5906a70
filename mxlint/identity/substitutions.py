"""The placeholders a repository's own tooling fills in: evidence that a word is a template's.

A zone kept as a template is rendered before a server reads it: a deploy script runs
``sed "s/{{serial}}/$serial/g" zones/*.zone``, a CI workflow ``sed -i s/SERIALPLACEHOLDER/...``,
an awk or Python script ``gsub("%%SERIAL%%", ...)`` / ``.replace("@SERIAL@", ...)``. Such a word
is a placeholder wherever it appears in the repository's zones: in a numeric field, in a
quoted TXT string, in a file that other zones ``$INCLUDE``. This module reads the scripts,
workflows and makefiles of the repositories being linted (never the zone files; a bounded
number of small text files) and returns each word substituted there, with where:

``find(tops)``
    ``{word: "deploy:2 (sed)"}`` for the repositories whose roots are ``tops``.
``marked(text, words)``
    The lines of a zone file's ``text`` that hold one of ``words`` outside comments.

A word counts only when it has a placeholder's shape (``{{serial}}``, ``%%SERIAL%%``,
``@SERIAL@``, ``__SERIAL__``, ``${SERIAL}``, ``<serial>``, or an upper-case identifier of four
characters or more such as ``SERIALNUMBERPLACEHOLDER``): ``sed s/ns1/ns2/`` makes no host a
placeholder, and nothing that is not substituted somewhere becomes one (a TXT word
``{serial}`` in a zone that nothing renders is text, and is checked).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from typing import Final

from mxlint import safeopen
from mxlint.zonefile.lexical import comment_start
from mxlint.zonefile.lines import numbered_lines

MAX_FILES: Final = 2000  # files read per run, at most
MAX_ENTRIES: Final = 20000  # folder entries looked at per run, at most
MAX_BYTES: Final = 256 * 1024  # a larger file is no script of a zone repository

# Folders no repository's own tooling is kept in.
_SKIP_DIRS: Final = frozenset(
    (".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".mypy_cache")
)
# Extensions of files that may hold a substitution (scripts, workflows, makefiles, playbooks);
# a file without extension (``deploy``, ``Makefile``) is read too.
_SCRIPT_EXT: Final = frozenset(
    (
        ".sh", ".bash", ".zsh", ".ksh", ".py", ".pl", ".rb", ".awk", ".sed", ".js", ".ts",
        ".yml", ".yaml", ".mk", ".make", ".cfg", ".toml", ".ps1", ".nix", ".j2", ".just",
    )
)  # fmt: skip
_TOOLS: Final = re.compile(rb"sed|perl|sub\(|replace|envsubst")

# s<d>PATTERN<d> in a sed or perl command (the line names the tool).
_SED_LINE = re.compile(r"\b(?:sed|perl)\b")
_S_COMMAND = re.compile(r"(?<![A-Za-z0-9_])s([/|#:,!%])((?:\\.|(?!\1).)+)\1")
# awk's sub/gsub, Python's and JavaScript's replace, Ruby's gsub/sub: a literal first argument.
_CALL = re.compile(
    r"""\b(?:g?sub|replace|replaceAll)\(\s*(?:"([^"\\]+)"|'([^'\\]+)'|/([^/\\]+)/)"""
)
_ENVSUBST_ARGS = re.compile(r"\benvsubst\s+(?:--?\S+\s+)*(['\"])([^'\"]*)\1")

# The shapes of a placeholder (after the pattern's escapes are removed).
_SHAPE = re.compile(
    r"^(?:\{\{\s*[A-Za-z_][\w.]*\s*\}\}|\{[A-Za-z_][\w.]*\}|%%[A-Za-z_]\w*%%|%[A-Za-z_]\w*%|@[A-Za-z_]\w*@|"
    r"__[A-Za-z]\w*__|\$\{[A-Za-z_]\w*\}|\$[A-Z_][A-Z0-9_]{2,}|<[A-Za-z_][\w.-]*>|"
    r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)$"
)
_PLAIN_UPPER = re.compile(r"^[A-Z][A-Z0-9_]*$")
# Upper-case words that are a zone file's own (record types and classes are not placeholders).
_ZONE_WORDS: Final = frozenset(
    (
        "SOA", "NS", "MX", "TXT", "SPF", "CNAME", "AAAA", "PTR", "SRV", "CAA", "DNAME", "DS",
        "DNSKEY", "RRSIG", "NSEC", "NSEC3", "TLSA", "SSHFP", "HINFO", "NAPTR", "SVCB", "HTTPS",
        "IN", "CH", "HS", "ANY", "NONE", "TTL", "ORIGIN", "INCLUDE", "GENERATE", "LOC", "URI",
    )
)  # fmt: skip


def _unescape(pattern: str) -> str | None:
    """The literal text a sed pattern matches, or None when it is a regular expression."""
    out = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern):
            nxt = pattern[i + 1]
            if nxt.isalnum():
                return None  # \w, \d, \1: a regular expression
            out.append(nxt)
            i += 2
            continue
        if c in ".*[]^+?()|":
            return None
        nxt = pattern[i + 1 : i + 2]
        if c == "$" and not (nxt and (nxt in "{_" or nxt.isalpha())):
            return None  # an anchor
        out.append(c)
        i += 1
    return "".join(out)


def _placeholder(word: str | None) -> str | None:
    if word is None:
        return None
    word = word.strip()
    if len(word) < 3 or not _SHAPE.match(word):
        return None
    if _PLAIN_UPPER.match(word) and len(word) < 4:
        return None
    if word.strip("${}").upper() in _ZONE_WORDS:
        return None  # a record type or class, $TTL or $ORIGIN: the zone file's own words
    return word


def _logical_lines(text: str) -> Iterable[tuple[int, str]]:
    """The lines of a script, those continued with a final backslash joined (numbered as
    their first): ``sed -e ... \\`` then ``-e ...`` is one command."""
    pending: list[str] = []
    start = 0
    for number, line in enumerate(text.splitlines(), 1):
        if not pending:
            start = number
        if line.endswith("\\") and len(pending) < 50:
            pending.append(line[:-1])
            continue
        yield start, " ".join([*pending, line])
        pending = []
    if pending:
        yield start, " ".join(pending)


def words_in(text: str, where: str) -> dict[str, str]:
    """The placeholders ``text`` (a script, a workflow, a makefile) substitutes: ``{word:
    "where:line (tool)"}``."""
    found: dict[str, str] = {}
    for number, line in _logical_lines(text):
        if _SED_LINE.search(line) or where.endswith(".sed"):
            tool = "perl" if "perl" in line and "sed" not in line else "sed"
            for m in _S_COMMAND.finditer(line):
                word = _placeholder(_unescape(m.group(2)))
                if word is not None:
                    found.setdefault(word, f"{where}:{number} ({tool})")
        for m in _CALL.finditer(line):
            word = _placeholder(m.group(1) or m.group(2) or m.group(3))
            if word is not None:
                found.setdefault(word, f"{where}:{number} (a replace call)")
        for m in _ENVSUBST_ARGS.finditer(line):
            for name in re.findall(r"\$\{?([A-Za-z_]\w*)\}?", m.group(2)):
                if name.upper() in _ZONE_WORDS:
                    continue  # $TTL, $ORIGIN: the zone file's own directives
                for word in (f"${{{name}}}", f"${name}"):
                    found.setdefault(word, f"{where}:{number} (envsubst)")
    return found


def _candidates(top: str) -> Iterable[str]:
    entries = 0
    for root, dirs, files in os.walk(top):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS)
        for name in sorted(files):
            entries += 1
            if entries > MAX_ENTRIES:
                return
            ext = os.path.splitext(name)[1].lower()
            if ext and ext not in _SCRIPT_EXT:
                continue
            path = os.path.join(root, name)
            if os.path.islink(path):
                continue
            yield path


def find(tops: Iterable[str]) -> dict[str, str]:
    """The placeholders the repositories under ``tops`` fill in (see the module docstring):
    ``{word: "path:line (tool)"}``, paths relative to the current folder."""
    found: dict[str, str] = {}
    read = 0
    for top in dict.fromkeys(tops):
        for path in _candidates(top):
            if read >= MAX_FILES:
                return found
            try:
                data = safeopen.read_bytes(path, MAX_BYTES)
            except OSError:
                continue
            read += 1
            if b"\x00" in data[:4096] or not _TOOLS.search(data):
                continue
            text = data.decode("utf-8", "replace")
            for word, where in words_in(text, os.path.relpath(path)).items():
                found.setdefault(word, where)
    return found


def marked(text: str, words: Mapping[str, str]) -> dict[int, str]:
    """``{line: word}`` for the lines of the zone file ``text`` that hold one of ``words``
    outside comments (in quoted strings too: a placeholder is filled in wherever it is)."""
    if not words:
        return {}
    present = [w for w in words if w in text]
    if not present:
        return {}
    # A word is matched whole: SERIAL is no placeholder in SERIALS or ns.SERIAL-HOST.
    found = re.compile("|".join(_whole(w) for w in sorted(present, key=len, reverse=True)))
    out: dict[int, str] = {}
    for number, line in numbered_lines(text):
        i = comment_start(line)
        m = found.search(line if i < 0 else line[:i])
        if m is not None:
            out.setdefault(number, m.group())  # a lone CR: pieces share the line's number
    return out


def _whole(word: str) -> str:
    before = "(?<![A-Za-z0-9_])" if word[0].isalnum() or word[0] == "_" else ""
    after = "(?![A-Za-z0-9_])" if word[-1].isalnum() or word[-1] == "_" else ""
    return before + re.escape(word) + after
