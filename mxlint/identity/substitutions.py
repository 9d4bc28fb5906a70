"""The placeholders a repository's own tooling fills in: evidence that a word is a template's.

A zone kept as a template is rendered before a server reads it: a deploy script runs
``sed "s/{{serial}}/$serial/g" zones/*.zone``, a CI workflow ``sed -i s/SERIALPLACEHOLDER/...``,
an awk or Python script ``gsub("%%SERIAL%%", ...)`` / ``.replace("@SERIAL@", ...)``. Such a word
is a placeholder wherever it appears in the repository's zones: in a numeric field, in a
quoted TXT string, in a file that other zones ``$INCLUDE``. This module reads the files
named like scripts, workflows and makefiles of the repositories being linted (a bounded
number of small text files) and returns each word substituted there, with where:

``find(tops)``
    ``{word: "deploy:2 (sed)"}`` for the repositories whose roots are ``tops``; a template
    language the repository renders stands for all its placeholders (:data:`JINJA`: Ansible's
    ``template``, Salt's ``template: jinja``, ``jinja2``; :data:`ENVSUBST`: ``envsubst``
    without a list of variables, every ``${VAR}``).
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
from collections.abc import Iterable, Iterator, Mapping
from typing import Final

from mxlint import safeopen
from mxlint._patterns import lazy
from mxlint.zonefile.lexical import comment_start
from mxlint.zonefile.lines import numbered_lines

MAX_FILES: Final = 500  # files read per run, at most
MAX_ENTRIES: Final = 20000  # folder entries looked at per run, at most
MAX_BYTES: Final = 64 * 1024  # a larger file is no script of a zone repository
MAX_TOTAL: Final = 2 * 1024 * 1024  # bytes read per run, at most

# Folders no repository's own tooling is kept in (and hidden ones other than CI's).
_SKIP_DIRS: Final = frozenset(("node_modules", "venv", "__pycache__", "site-packages", "vendor"))
_CI_DIRS: Final = frozenset(
    (".github", ".gitlab", ".circleci", ".woodpecker", ".forgejo", ".gitea")
)
# Extensions of files that may hold a substitution (scripts, workflows, makefiles, playbooks);
# a file without extension (``deploy``, ``Makefile``) is read too.
_SCRIPT_EXT: Final = frozenset(
    (
        ".sh", ".bash", ".zsh", ".ksh", ".py", ".pl", ".rb", ".awk", ".sed", ".js", ".ts",
        ".yml", ".yaml", ".mk", ".make", ".cfg", ".toml", ".ps1", ".nix", ".just", ".sls",
    )
)  # fmt: skip
_LONGEST: Final = 2000  # a longer line is minified code or data, not a command
_KEYWORDS: Final = ("sed", "perl", "sub(", "gsub(", "replace", "envsubst", "template", "jinja")
_KEYWORDS_TEXT: Final = lazy(r"\b(?:" + "|".join(re.escape(k) for k in _KEYWORDS) + ")")

# s<d>PATTERN<d> in a sed or perl command (the line names the tool).
_SED_LINE = lazy(r"\b(?:sed|perl)\b")
_S_COMMAND = lazy(r"(?<![A-Za-z0-9_])s([/|#:,!%])((?:\\.|(?!\1).)+)\1")
# awk's sub/gsub, Python's and JavaScript's replace, Ruby's gsub/sub: a literal first argument.
_CALL = lazy(r"""\b(?:g?sub|replace|replaceAll)\(\s*(?:"([^"\\]+)"|'([^'\\]+)'|/([^/\\]+)/)""")
_ENVSUBST_ARGS = lazy(r"\benvsubst\s+(?:--?\S+\s+)*(['\"])([^'\"]*)\1")
_ENVSUBST_ALL = lazy(r"\benvsubst\b(?!\s+(?:--?\S+\s+)*['\"$])")
# Ansible's template module, Salt's "template: jinja", Python's jinja2.
_JINJA_USE = lazy(
    r"^\s*-?\s*(?:ansible\.builtin\.)?template\s*:\s*(?:$|src=|jinja\b)|\bjinja2\b", re.M
)

# Tools that fill in every placeholder of a language, not words named one by one: the key
# stands for all of them (its regular expression here), its value says where the tool runs.
JINJA: Final = "{{ ... }}"
ENVSUBST: Final = "${...}"
_LANGUAGES: Final = {JINJA: r"\{\{[^{}\n]*\}\}", ENVSUBST: r"\$\{[A-Za-z_]\w*\}"}

# The shapes of a placeholder (after the pattern's escapes are removed).
_SHAPE = lazy(
    r"^(?:\{\{\s*[A-Za-z_][\w.]*\s*\}\}|\{[A-Za-z_][\w.]*\}|%%[A-Za-z_]\w*%%|%[A-Za-z_]\w*%|@[A-Za-z_]\w*@|"
    r"__[A-Za-z]\w*__|\$\{[A-Za-z_]\w*\}|\$[A-Z_][A-Z0-9_]{2,}|<[A-Za-z_][\w.-]*>|"
    r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)$"
)
_PLAIN_UPPER = lazy(r"^[A-Z][A-Z0-9_]*$")
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


def _commands(text: str, every: bool) -> Iterator[tuple[int, str]]:
    """The lines of a script that name a tool (``every``: all its lines), those continued
    with a final backslash joined, numbered as their first: ``sed -e ... \\`` then
    ``-e ...`` is one command. The keywords are found by one scan of the whole text; a
    script's other lines cost nothing."""
    if every:
        hits: Iterable[int] = (m.start() for m in re.finditer(r"^", text, re.M))
    else:
        hits = (m.start() for m in _KEYWORDS_TEXT.finditer(text))
    done = 0  # the end of the command last given
    counted, number = 0, 1  # newlines counted up to ``counted``
    for hit in hits:
        if hit < done:
            continue
        start = text.rfind("\n", 0, hit) + 1
        while start > 0 and _continued(text, start - 1):
            start = text.rfind("\n", 0, start - 1) + 1
        end = hit
        while True:
            nl = text.find("\n", end)
            if nl < 0:
                end = len(text)
                break
            if text[start:nl].rstrip("\r").endswith("\\") and nl - start < _LONGEST:
                end = nl + 1
                continue
            end = nl
            break
        done = end + 1
        number += text.count("\n", counted, start)
        counted = start
        if end - start <= _LONGEST:
            lines = text[start:end].splitlines()
            yield number, " ".join(line.rstrip("\\") for line in lines)


def _continued(text: str, nl: int) -> bool:
    """Whether the line that ends at the newline ``nl`` ends with a backslash."""
    end = nl - 1 if nl > 0 and text[nl - 1] == "\r" else nl
    return end > 0 and text[end - 1] == "\\"


def words_in(text: str, where: str) -> dict[str, str]:
    """The placeholders ``text`` (a script, a workflow, a makefile) substitutes: ``{word:
    "where:line (tool)"}``."""
    found: dict[str, str] = {}
    sed_file = where.endswith(".sed")
    for number, line in _commands(text, sed_file):
        if sed_file or _SED_LINE.search(line):
            tool = "perl" if "perl" in line and "sed" not in line else "sed"
            for m in _S_COMMAND.finditer(line):
                word = _placeholder(_unescape(m.group(2)))
                if word is not None:
                    found.setdefault(word, f"{where}:{number} ({tool})")
        for m in _CALL.finditer(line):
            word = _placeholder(m.group(1) or m.group(2) or m.group(3))
            if word is not None:
                found.setdefault(word, f"{where}:{number} (a replace call)")
        if _ENVSUBST_ALL.search(line):
            found.setdefault(ENVSUBST, f"the repository's envsubst ({where}:{number})")
        if _JINJA_USE.search(line):
            found.setdefault(JINJA, f"the repository's Jinja templating ({where}:{number})")
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
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and (d[0] != "." or d in _CI_DIRS))
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


class Found(Mapping[str, str]):
    """:func:`find` for ``tops``, run when first asked: most zone files hold no word shaped
    like a placeholder (:func:`marked` looks first), and then the repository's scripts are
    never read (0.2 s in a repository of many scripts, on every run of a pre-commit hook)."""

    def __init__(self, tops: Iterable[str]) -> None:
        self._tops = list(tops)
        self._found: dict[str, str] | None = None

    def _words(self) -> dict[str, str]:
        if self._found is None:
            self._found = find(self._tops)
        return self._found

    def __getitem__(self, key: str) -> str:
        return self._words()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._words())

    def __len__(self) -> int:
        return len(self._words())


# A word of a zone file's text that could be a placeholder (one of _SHAPE's forms, a zone
# file's own upper-case words and directives excepted): without one, no substitution can
# concern the file. Written so that a large file is scanned in C at the speed of a substring
# search (an expression whose first character is one of a set is tried at every character):
# the shapes that start with a sign are looked for at each of their signs, the upper-case words
# in a copy of the text where each character is replaced by its class (below).
_SIGNED = re.compile(
    r"%%|%[A-Za-z_]|__[A-Za-z]|<[A-Za-z_]|@[A-Za-z_]\w*@"
    r"|\$(?!TTL|ORIGIN|INCLUDE|GENERATE)[A-Za-z_{]"
)
_SIGNS: Final = ("%", "__", "<", "@", "$")  # "{" alone is one of the shapes
_UPPER = re.compile(r"[A-Z][A-Z0-9_]{3,}(?![\w.-])")
_WORD_CHAR = re.compile(r"[\w.-]")
# ASCII letters, digits and "_" to their class ("A" upper case, "0" digit or "_", "x" lower
# case, "." and "-"), anything else to " ": a space then four of "A" or "0", the first an "A",
# is where an upper-case word of four characters or more may start after a character that is
# no part of a word (checked on the text itself: a non-ASCII letter is a " " here).
_CLASSES = bytes.maketrans(
    bytes(range(128)),
    bytes(
        ord("A" if chr(c).isupper() else "0" if chr(c).isdigit() or chr(c) == "_" else "x")
        if chr(c).isalnum() or chr(c) in "_.-"
        else ord(" ")
        for c in range(128)
    ),
)
_UPPER_START = re.compile(rb" A[A0]{3}")


_PART: Final = 1 << 16  # characters of a text looked at in one go, at least


def may_hold(text: str) -> bool:
    """Could ``text`` hold a placeholder at all? (A cheap test before :func:`marked`.)

    Looked for part after part, each of whole lines (no shape spans two): a file that has
    one early on is not read to its end.
    """
    if "{" in text:
        return True
    begin = 0
    while begin < len(text):
        end = text.find("\n", begin + _PART) + 1 or len(text)
        if _part_may_hold(text[begin:end]):
            return True
        begin = end
    return False


def _part_may_hold(text: str) -> bool:
    for sign in _SIGNS:
        at = text.find(sign)
        while at >= 0:
            if _SIGNED.match(text, at) is not None:
                return True
            at = text.find(sign, at + 1)
    classes = b" " + text.encode("ascii", "replace").translate(_CLASSES)
    for candidate in _UPPER_START.finditer(classes):
        start = candidate.start()  # of the word in ``text`` (``classes`` has one more byte)
        word = _UPPER.match(text, start)
        if (
            word is not None
            and (start == 0 or _WORD_CHAR.match(text, start - 1) is None)
            and word.group() not in _ZONE_WORDS
        ):
            return True
    return False


def find(tops: Iterable[str]) -> dict[str, str]:
    """The placeholders the repositories under ``tops`` fill in (see the module docstring):
    ``{word: "path:line (tool)"}``, paths relative to the current folder."""
    found: dict[str, str] = {}
    read = total = 0
    for top in dict.fromkeys(tops):
        for path in _candidates(top):
            if read >= MAX_FILES or total >= MAX_TOTAL:
                return found
            try:
                data = safeopen.read_bytes(path, MAX_BYTES)
            except OSError:
                continue
            read += 1
            total += len(data)
            if b"\x00" in data[:4096]:
                continue  # binary
            text = data.decode("utf-8", "replace")
            for word, where in words_in(text, os.path.relpath(path)).items():
                found.setdefault(word, where)
    return found


def marked(text: str, words: Mapping[str, str]) -> dict[int, tuple[str, str]]:
    """``{line: (placeholder, where it is filled in)}`` for the lines of the zone file
    ``text`` that hold one of ``words`` (or a placeholder of a language in ``words``: see
    :data:`JINJA`, :data:`ENVSUBST`) outside comments, in quoted strings too: a placeholder is
    filled in wherever it is."""
    if not may_hold(text) or not words:
        return {}
    present = [w for w in words if w not in _LANGUAGES and w in text]
    patterns = [_whole(w) for w in sorted(present, key=len, reverse=True)]
    patterns += [_LANGUAGES[k] for k in _LANGUAGES if k in words]
    if not present and not (
        (JINJA in words and "{{" in text) or (ENVSUBST in words and "${" in text)
    ):
        return {}
    # A word is matched whole: SERIAL is no placeholder in SERIALS or ns.SERIAL-HOST.
    found = re.compile("|".join(patterns))
    out: dict[int, tuple[str, str]] = {}
    for number, line in numbered_lines(text):
        i = comment_start(line)
        m = found.search(line if i < 0 else line[:i])
        if m is not None and number not in out:  # a lone CR: pieces share the line's number
            word = m.group()
            where = words.get(word) or next(
                words[k] for k, p in _LANGUAGES.items() if k in words and re.fullmatch(p, word)
            )
            out[number] = (word, where)
    return out


def _whole(word: str) -> str:
    before = "(?<![A-Za-z0-9_])" if word[0].isalnum() or word[0] == "_" else ""
    after = "(?![A-Za-z0-9_])" if word[-1].isalnum() or word[-1] == "_" else ""
    return before + re.escape(word) + after
