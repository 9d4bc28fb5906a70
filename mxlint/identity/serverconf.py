"""Read DNS server configurations offline: which zone each zone file is.

A repository that keeps zone files often keeps the server configuration beside them: BIND's
``named.conf`` (and the files it ``include``\\ s), NSD's ``nsd.conf``, Knot's ``knot.conf``.
Their zone statements are the strongest evidence of a file's origin after the user's own
settings. This module reads them, never executing or contacting anything, and matches their
``file`` paths (often deployment paths such as ``/etc/bind/master/db.example``) to the
repository's files by path suffix. It knows nothing of diagnostics or the command line.

API
---
``ZoneDecl``
    One zone statement: ``origin`` (absolute ``dns.name.Name``; the root for hints), ``file``
    (the path the server would open: templates expanded, BIND ``directory``, NSD ``zonesdir``
    and Knot ``storage`` applied to a relative path; ``None`` when the zone names no file),
    ``kind`` (``primary``, ``secondary``, ``hint``, ``stub``, ``forward``, ``static-stub``,
    ``redirect``, ``mirror``, ``in-view`` or ``other``; ``master``/``slave`` normalised),
    ``server`` (``bind``, ``nsd``, ``knot``), ``conf`` and ``line`` (where the zone's name is
    written, in the file that says it: an included file's own path), ``view`` (BIND view or
    ``None``), ``zone_class`` (``IN`` unless BIND says otherwise), ``file_format`` (BIND
    ``masterfile-format``: ``text``, ``raw`` or ``map``; ``text`` elsewhere), ``in_view`` (BIND
    ``in-view`` target) and ``file_raw`` (the file value as written, before expansion).
``ConfProblem``
    What could not be read (``path``, ``line``, ``message``). Nothing here raises on bad input.
``sniff(path) -> "bind" | "nsd" | "knot" | None``
    The server a configuration is for, from its name and its first 8 KiB.
``parse(path, *, root=None, server=None) -> (decls, problems)``
    Reads one configuration and everything it includes. Includes are resolved inside ``root``
    (default: the configuration's folder), first as the server would (relative to the
    including file, the top configuration's folder or BIND's ``directory``), then, for
    deployment paths, by the longest path suffix among the repository's files (globs
    allowed). Nothing outside ``root`` is read; include depth, include count, file size and
    brace nesting are bounded, each excess a ``ConfProblem``.
``parse_all(paths, *, root) -> (decls, problems)``
    ``parse`` for several configurations of one repository, skipping a file already read as
    an include of another, so that ``named.conf`` and ``named.conf.local`` beside it do not
    declare every zone twice.
``match(decls, files) -> {file: [ZoneDecl, ...]}``
    For each declaration with a file, the repository files whose path components end like it
    (at least the base name), keeping only the longest common suffix and every file that ties
    there; the result maps each such file to the declarations that chose it, in declaration
    order. A declaration that matches nothing is simply absent.
``nsd_expand(template, name, origin)``, ``knot_expand(template, origin)``
    The servers' zone file name templates, exposed for tests and messages.

Server details followed (from each server's own manual, checked against named-checkconf
9.18, nsd-checkconf 4.6 and knotc 3.2 in tests/test_serverconf.py):

- BIND: ``//``, ``#`` and ``/* */`` comments; ``include`` anywhere (globs allowed) with
  relative paths taken from the working directory, which ``directory`` changes; zones at top
  level or in views.
- NSD: ``include:`` anywhere, spliced as text, globs allowed; a zone or pattern applies
  ``include-pattern:`` at its place, so a later ``zonefile:`` wins; ``request-xfr:`` makes a
  secondary; ``zonesdir:`` (default ``/etc/nsd``); ``%s %1 %2 %3 %z %y %x`` expanded as NSD's
  ``config_make_zonefile`` does (characters of the name as written, ``.`` when missing;
  labels counted from the top-level one).
- Knot: the YAML-like layout Knot documents (not general YAML, so no YAML library); ``include:``
  relative to the including file, globs in sorted order; zone ``template``, else the
  ``default`` template; ``storage`` default ``/var/lib/knot``; ``file`` default ``%s.zone``;
  ``%s %c[N] %c[N-M] %l[N] %%`` expanded; ``master``/``primary`` makes a secondary.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import glob
import os
import posixpath
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import dns.exception
import dns.name

__all__ = [
    "ConfProblem",
    "ZoneDecl",
    "knot_expand",
    "match",
    "nsd_expand",
    "parse",
    "parse_all",
    "sniff",
]

MAX_INCLUDE_DEPTH = 16
MAX_FILES = 500
MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_TOTAL_BYTES = 64 * 1024 * 1024
MAX_NESTING = 64
MAX_INDEX_FILES = 200_000
_SNIFF_BYTES = 8192
_SKIP_DIRS = frozenset({".git", ".hg", ".svn", ".venv", "node_modules", "__pycache__", ".tox"})

_KINDS = {
    "master": "primary",
    "primary": "primary",
    "slave": "secondary",
    "secondary": "secondary",
    "hint": "hint",
    "stub": "stub",
    "forward": "forward",
    "static-stub": "static-stub",
    "redirect": "redirect",
    "mirror": "mirror",
}


@dataclass(frozen=True)
class ZoneDecl:
    origin: dns.name.Name
    file: str | None
    kind: str
    server: str
    conf: str
    line: int
    view: str | None = None
    zone_class: str = "IN"
    file_format: str = "text"
    in_view: str | None = None
    file_raw: str | None = None


@dataclass(frozen=True)
class ConfProblem:
    path: str
    line: int
    message: str


# ---------------------------------------------------------------------------------------------
# Sniffing

_BIND_CONTENT = re.compile(
    r'^\s*(?:zone\s+"[^"]*"\s*(?:\w+\s*)?\{|options\s*\{|view\s+"?[\w.-]+"?\s*(?:\w+\s*)?\{'
    r'|include\s+"[^"]*"\s*;)',
    re.M | re.I,
)
_NSD_CONTENT = re.compile(r"^\s*(?:zone|pattern):[ \t]*(?:#.*)?\n(?:\s*#.*\n|\s*\n)*\s*name:", re.M)
_NSD_SERVER = re.compile(
    r"^server:[ \t]*(?:#.*)?\n(?:.*\n){0,40}?\s*(?:zonesdir|ip-address):", re.M
)
_KNOT_CONTENT = re.compile(
    r"^(?:zone|template):[ \t]*(?:#.*)?\n(?:\s*#.*\n|\s*\n)*\s*-\s*(?:domain|id):", re.M
)


def _sniff_name(base: str) -> str | None:
    base = base.lower()
    if (base.startswith("named") and ".conf" in base) or base.endswith(".named.conf"):
        return "bind"
    if base.startswith("nsd") and ".conf" in base:
        return "nsd"
    if base.startswith("knot") and ".conf" in base:
        return "knot"
    return None


def sniff(path: str) -> str | None:
    """The server a configuration file is for (``bind``, ``nsd``, ``knot``) or ``None``."""
    try:
        with open(path, "rb") as f:
            head = f.read(_SNIFF_BYTES)
    except OSError:
        return None
    if b"\x00" in head:
        return None
    text = head.decode("utf-8", "replace")
    if _KNOT_CONTENT.search(text):
        return "knot"
    if _NSD_CONTENT.search(text) or _NSD_SERVER.search(text):
        return "nsd"
    if _BIND_CONTENT.search(text):
        return "bind"
    by_name = _sniff_name(os.path.basename(path))
    if by_name is None:
        return None
    # A named file whose content says nothing either way (empty, only comments or options we
    # do not look for) keeps the name's word; one that looks like a zone file does not.
    if re.search(r"^\s*\$(?:ORIGIN|TTL)\b|\sSOA\s", text, re.M | re.I):
        return None
    return by_name


# ---------------------------------------------------------------------------------------------
# Reading files and resolving includes inside the repository


@dataclass
class _Reader:
    root: str
    top_dir: str
    problems: list[ConfProblem] = field(default_factory=list)
    read: set[str] = field(default_factory=set)
    count: int = 0
    total: int = 0
    _index: list[tuple[str, tuple[str, ...]]] | None = None
    _real_root: str = ""

    def __post_init__(self) -> None:
        self._real_root = os.path.realpath(self.root)

    def problem(self, path: str, line: int, message: str) -> None:
        self.problems.append(ConfProblem(path, line, message))

    def includes(
        self, target: str, bases: list[str], path: str, line: int, stack: list[str], said: str
    ) -> Iterator[str]:
        """The files an include of ``target`` (written ``said``, as the server's grammar spells
        the statement) reads, in order; a missing file, a loop or too deep a nesting is a
        problem at ``path:line`` instead."""
        files = self.resolve(target, bases, path)
        if not files and not glob.has_magic(target):
            self.problem(path, line, f'{said} "{target}": no such file in the repository')
        for f in files:
            if os.path.realpath(f) in stack:
                self.problem(path, line, f'{said} "{target}" includes itself again: loop skipped')
                continue
            if len(stack) > MAX_INCLUDE_DEPTH:
                self.problem(path, line, f"includes nested deeper than {MAX_INCLUDE_DEPTH}")
                return
            yield f

    def inside(self, path: str) -> bool:
        real = os.path.realpath(path)
        return real == self._real_root or real.startswith(self._real_root.rstrip(os.sep) + os.sep)

    def load(self, path: str, where: tuple[str, int] | None) -> str | None:
        """The text of a configuration file, or None with a problem said at `where`."""
        at_path, at_line = where if where else (path, 0)
        if self.count >= MAX_FILES:
            self.problem(at_path, at_line, f"more than {MAX_FILES} configuration files: stopped")
            return None
        if not self.inside(path):
            self.problem(at_path, at_line, f"{path} is outside {self.root}: not read")
            return None
        try:
            with open(path, "rb") as f:
                data = f.read(MAX_FILE_BYTES + 1)
        except OSError as e:
            self.problem(at_path, at_line, f"cannot read {path}: {e.strerror or e}")
            return None
        if len(data) > MAX_FILE_BYTES:
            self.problem(path, 0, f"larger than {MAX_FILE_BYTES} bytes: not read")
            return None
        self.total += len(data)
        if self.total > MAX_TOTAL_BYTES:
            self.problem(at_path, at_line, f"more than {MAX_TOTAL_BYTES} bytes of configuration")
            return None
        self.count += 1
        self.read.add(os.path.realpath(path))
        return data.decode("utf-8", "replace")

    def index(self) -> list[tuple[str, tuple[str, ...]]]:
        if self._index is None:
            found: list[tuple[str, tuple[str, ...]]] = []
            for dirpath, dirnames, filenames in os.walk(self.root):
                dirnames[:] = sorted(d for d in dirnames if d not in _SKIP_DIRS)
                for name in sorted(filenames):
                    p = os.path.join(dirpath, name)
                    found.append((p, _components(p)))
                    if len(found) >= MAX_INDEX_FILES:
                        break
                if len(found) >= MAX_INDEX_FILES:
                    break
            self._index = found
        return self._index

    def resolve(self, pattern: str, bases: Sequence[str], near: str) -> list[str]:
        """Files inside root that an include of `pattern` means, in reading order."""
        magic = glob.has_magic(pattern)
        tries = [pattern] if os.path.isabs(pattern) else [os.path.join(b, pattern) for b in bases]
        for candidate in tries:
            candidate = os.path.normpath(candidate)
            if not self.inside(os.path.dirname(candidate) or "."):
                continue
            hits = sorted(glob.glob(candidate)) if magic else [candidate]
            hits = [h for h in hits if os.path.isfile(h) and self.inside(h)]
            if hits:
                return hits
        # A deployment path: the repository's files that end like it.
        want = _components(pattern)
        if not want:
            return []
        best = 0
        chosen: list[str] = []
        for path, comps in self.index():
            n = _suffix_len(want, comps, magic)
            if n == 0 or n < best:
                continue
            if n > best:
                best, chosen = n, []
            chosen.append(path)
        if magic or len(chosen) <= 1:
            return chosen
        # Several files end like one plain include: the one nearest the including file.
        near_c = _components(os.path.abspath(near))
        return [
            max(chosen, key=lambda p: (_prefix_len(near_c, _components(os.path.abspath(p))), p))
        ]


def _components(path: str) -> tuple[str, ...]:
    path = path.replace("\\", "/")
    parts = posixpath.normpath(path).split("/")
    return tuple(p for p in parts if p not in ("", ".", ".."))


def _suffix_len(want: tuple[str, ...], have: tuple[str, ...], magic: bool = False) -> int:
    n = 0
    while n < len(want) and n < len(have):
        w, h = want[-1 - n], have[-1 - n]
        if not (fnmatch.fnmatchcase(h, w) if magic else w == h):
            break
        n += 1
    return n


def _prefix_len(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    n = 0
    while n < len(a) and n < len(b) and a[n] == b[n]:
        n += 1
    return n


def _origin(text: str, path: str, line: int, reader: _Reader) -> dns.name.Name | None:
    try:
        return dns.name.from_text(text, origin=dns.name.root)
    except (dns.exception.DNSException, ValueError) as e:
        reader.problem(path, line, f'zone name "{text}" is not a domain name: {e}')
        return None


def _join(base: str | None, path: str) -> str:
    """`path` as the server opens it from `base` (its working folder), tidied (no ./, //)."""
    if base and not path.startswith("/"):
        path = posixpath.join(base, path)
    return posixpath.normpath(path) if path else path


# ---------------------------------------------------------------------------------------------
# BIND

_BIND_TOKEN = re.compile(
    r"""(?P<ws>\s+)
      | (?P<comment>\#[^\n]*|//[^\n]*|/\*.*?\*/)
      | (?P<string>"(?:[^"\\]++|\\.)*+")
      | (?P<punct>[{};])
      | (?P<word>(?:[^\s{};"\#/]|/(?![/*]))+)
      | (?P<bad>/\*|")
    """,
    re.S | re.X,
)


@dataclass
class _Stmt:
    line: int
    parts: list[str | list[_Stmt]] = field(default_factory=list)

    def word(self, i: int) -> str | None:
        if i < len(self.parts):
            p = self.parts[i]
            return p if isinstance(p, str) else None
        return None

    def block(self) -> list[_Stmt] | None:
        for p in self.parts:
            if isinstance(p, list):
                return p
        return None


def _bind_tree(text: str, path: str, reader: _Reader) -> list[_Stmt]:
    top: list[_Stmt] = []
    stack: list[tuple[list[_Stmt], _Stmt, int]] = []
    current: list[_Stmt] = top
    stmt: _Stmt | None = None
    line = 1
    pos = 0
    n = len(text)
    while pos < n:
        m = _BIND_TOKEN.match(text, pos)
        if m is None:  # pragma: no cover - the alternatives cover every character
            break
        kind = m.lastgroup
        value = m.group()
        tok_line = line
        line += value.count("\n")
        pos = m.end()
        if kind in ("ws", "comment"):
            continue
        if kind == "bad":
            what = "comment /*" if value == "/*" else "quoted string"
            reader.problem(path, tok_line, f"unterminated {what}: the rest of the file is ignored")
            stmt = None
            break
        if kind in ("word", "string"):
            if stmt is None:
                stmt = _Stmt(tok_line)
            stmt.parts.append(value[1:-1] if kind == "string" else value)
        elif value == "{":
            if len(stack) >= MAX_NESTING:
                reader.problem(
                    path, tok_line, f"braces nested deeper than {MAX_NESTING}: the rest is ignored"
                )
                stmt = None
                break
            if stmt is None:
                stmt = _Stmt(tok_line)
            block: list[_Stmt] = []
            stmt.parts.append(block)
            stack.append((current, stmt, tok_line))
            current, stmt = block, None
        elif value == "}":
            if stmt is not None:
                current.append(stmt)  # a missing ";" before "}": BIND refuses, we read on
            if not stack:
                reader.problem(path, tok_line, "unbalanced '}'")
                stmt = None
                continue
            current, stmt, _ = stack.pop()
        else:  # ";"
            if stmt is not None:
                current.append(stmt)
            stmt = None
    if stack:
        reader.problem(path, stack[-1][2], "'{' never closed")
    while True:
        if stmt is not None:
            current.append(stmt)
        if not stack:
            break
        current, stmt, _ = stack.pop()
    return top


@dataclass
class _BindState:
    top: str
    directory: str | None = None
    decls: list[tuple[ZoneDecl, str | None]] = field(default_factory=list)
    view_class: dict[str, str] = field(default_factory=dict)


def _parse_bind(path: str, reader: _Reader) -> list[ZoneDecl]:
    state = _BindState(top=path)
    _bind_file(path, None, state, reader, [], None)
    out = []
    for decl, raw in state.decls:
        file = _join(state.directory, raw) if raw is not None else None
        out.append(dataclasses.replace(decl, file=file))
    return out


def _bind_file(
    path: str,
    view: str | None,
    state: _BindState,
    reader: _Reader,
    stack: list[str],
    where: tuple[str, int] | None,
) -> None:
    text = reader.load(path, where)
    if text is None:
        return
    tree = _bind_tree(text, path, reader)
    _bind_block(tree, path, view, state, reader, [*stack, os.path.realpath(path)])


def _bind_block(
    stmts: list[_Stmt],
    path: str,
    view: str | None,
    state: _BindState,
    reader: _Reader,
    stack: list[str],
) -> None:
    for st in stmts:
        keyword = (st.word(0) or "").lower()
        if keyword == "include":
            target = st.word(1)
            if not target:
                reader.problem(path, st.line, "include without a file name")
                continue
            _include(target, path, st.line, stack, reader, state, view)
        elif keyword == "options" and view is None:
            for sub in st.block() or []:
                if (sub.word(0) or "").lower() == "directory" and sub.word(1) is not None:
                    state.directory = sub.word(1)
        elif keyword == "view" and view is None:
            name = st.word(1)
            block = st.block()
            if name is None or block is None:
                reader.problem(path, st.line, "view without a name or a { } block")
                continue
            state.view_class[name] = _bind_class(st.word(2), "IN")
            _bind_block(block, path, name, state, reader, stack)
        elif keyword == "zone":
            _bind_zone(st, path, view, state, reader)


def _include(
    target: str,
    path: str,
    line: int,
    stack: list[str],
    reader: _Reader,
    state: _BindState,
    view: str | None,
) -> None:
    bases = [os.path.dirname(path) or ".", reader.top_dir]
    if state.directory and not state.directory.startswith("/"):
        bases.append(os.path.join(reader.top_dir, state.directory))
    for f in reader.includes(target, bases, path, line, stack, "include"):
        _bind_file(f, view, state, reader, stack, (path, line))


def _bind_class(word: str | None, default: str) -> str:
    if word is None:
        return default
    word = word.upper()
    return {"CHAOS": "CH", "HESIOD": "HS"}.get(word, word)


def _bind_zone(st: _Stmt, path: str, view: str | None, state: _BindState, reader: _Reader) -> None:
    name = st.word(1)
    if name is None:
        reader.problem(path, st.line, "zone without a name")
        return
    origin = _origin(name, path, st.line, reader)
    if origin is None:
        return
    # A zone without a class has its view's class.
    zone_class = _bind_class(st.word(2), state.view_class.get(view or "", "IN"))
    kind = "other"
    raw: str | None = None
    file_format = "text"
    in_view: str | None = None
    for sub in st.block() or []:
        key = (sub.word(0) or "").lower()
        value = sub.word(1)
        if value is None:
            continue
        if key == "type":
            kind = _KINDS.get(value.lower(), "other")
        elif key == "file":
            raw = value
        elif key == "masterfile-format":
            file_format = value.lower()
        elif key == "in-view":
            in_view = value
            kind = "in-view"
    decl = ZoneDecl(
        origin=origin,
        file=None,
        kind=kind,
        server="bind",
        conf=path,
        line=st.line,
        view=view,
        zone_class=zone_class,
        file_format=file_format,
        in_view=in_view,
        file_raw=raw,
    )
    state.decls.append((decl, raw))


# ---------------------------------------------------------------------------------------------
# NSD

_NSD_TOKEN = re.compile(
    r"""(?P<ws>\s+)|(?P<comment>\#[^\n]*)|(?P<string>"[^"\n]*"|'[^'\n]*')|(?P<word>[^\s\#"']+)
      |(?P<bad>["'])""",
    re.X,
)
_NSD_KEYWORD = re.compile(r"[a-z][a-z0-9-]*:")
_NSD_CLAUSES = frozenset(
    {"server:", "zone:", "pattern:", "key:", "remote-control:", "verify:", "tls-auth:", "dnstap:"}
)


@dataclass
class _NsdTok:
    value: str
    keyword: bool
    path: str
    line: int


def _nsd_tokens(
    path: str, reader: _Reader, stack: list[str], where: tuple[str, int] | None
) -> Iterator[_NsdTok]:
    text = reader.load(path, where)
    if text is None:
        return
    stack = [*stack, os.path.realpath(path)]
    line = 1
    pos = 0
    pending_include = False
    while pos < len(text):
        m = _NSD_TOKEN.match(text, pos)
        if m is None:  # pragma: no cover
            break
        kind, value = m.lastgroup, m.group()
        tok_line = line
        line += value.count("\n")
        pos = m.end()
        if kind in ("ws", "comment"):
            continue
        if kind == "bad":
            reader.problem(path, tok_line, "unterminated quoted string: the rest is ignored")
            return
        keyword = kind == "word" and bool(_NSD_KEYWORD.fullmatch(value))
        if kind == "string":
            value = value[1:-1]
        if pending_include:
            pending_include = False
            yield from _nsd_include(value, path, tok_line, reader, stack)
            continue
        if keyword and value == "include:":
            pending_include = True
            continue
        yield _NsdTok(value, keyword, path, tok_line)


def _nsd_include(
    target: str, path: str, line: int, reader: _Reader, stack: list[str]
) -> Iterator[_NsdTok]:
    bases = [os.path.dirname(path) or ".", reader.top_dir]
    for f in reader.includes(target, bases, path, line, stack, "include:"):
        yield from _nsd_tokens(f, reader, stack, (path, line))


@dataclass
class _NsdOptions:
    zonefile: str | None = None
    secondary: bool = False
    name: str | None = None
    path: str = ""
    line: int = 0


def _parse_nsd(path: str, reader: _Reader) -> list[ZoneDecl]:
    patterns: dict[str, _NsdOptions] = {}
    zones: list[_NsdOptions] = []
    zonesdir = "/etc/nsd"
    clause = ""
    current: _NsdOptions | None = None
    key = ""
    for tok in _nsd_tokens(path, reader, [], None):
        if tok.keyword and tok.value in _NSD_CLAUSES:
            clause = tok.value
            current = None
            if clause in ("zone:", "pattern:"):
                current = _NsdOptions(path=tok.path, line=tok.line)
                (zones if clause == "zone:" else []).append(current)
            key = ""
            continue
        if tok.keyword:
            key = tok.value
            continue
        if not key:
            continue
        value, k = tok.value, key
        key = "" if k not in ("request-xfr:",) else key  # request-xfr takes two values
        if clause == "server:" and k == "zonesdir:":
            zonesdir = value
        elif current is None:
            continue
        elif k == "name:":
            current.name, current.path, current.line = value, tok.path, tok.line
            if clause == "pattern:":
                patterns[value] = current
        elif k == "zonefile:":
            current.zonefile = value
        elif k == "request-xfr:":
            current.secondary = True
            key = ""
        elif k == "include-pattern:":
            pat = patterns.get(value)
            if pat is None or pat is current:
                reader.problem(
                    tok.path, tok.line, f'include-pattern: "{value}" is not defined above'
                )
                continue
            if pat.zonefile is not None:
                current.zonefile = pat.zonefile
            current.secondary = current.secondary or pat.secondary
    out = []
    for z in zones:
        if z.name is None:
            reader.problem(z.path, z.line, "zone: without name:")
            continue
        origin = _origin(z.name, z.path, z.line, reader)
        if origin is None:
            continue
        file = None
        if z.zonefile is not None:
            file = _join(zonesdir, nsd_expand(z.zonefile, z.name, origin))
        out.append(
            ZoneDecl(
                origin=origin,
                file=file,
                kind="secondary" if z.secondary else "primary",
                server="nsd",
                conf=z.path,
                line=z.line,
                file_raw=z.zonefile,
            )
        )
    return out


def nsd_expand(template: str, name: str, origin: dns.name.Name) -> str:
    """NSD's zonefile template: as ``config_make_zonefile`` in NSD's options.c does it."""
    if "%" not in template:
        return template

    def char(i: int) -> str:
        return name[i] if i < len(name) else "."

    labels = [lab for lab in origin.labels if lab]

    def end_label(i: int) -> str:  # 1 = top-level label
        if i > len(labels):
            return "."
        return dns.name.Name([labels[-i]]).to_text(omit_final_dot=True)

    out = template
    for code, value in (
        ("%1", char(0)),
        ("%2", char(1)),
        ("%3", char(2)),
        ("%z", end_label(1)),
        ("%y", end_label(2)),
        ("%x", end_label(3)),
        ("%s", name),
    ):
        out = out.replace(code, value)
    return out


# ---------------------------------------------------------------------------------------------
# Knot

_KNOT_LINE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<dash>-[ \t]+)?(?P<key>[A-Za-z0-9_-]+)[ \t]*:(?:[ \t]+(?P<value>.*))?$"
)


@dataclass
class _KnotItem:
    values: dict[str, str]
    path: str
    line: int


def _knot_strip(line: str) -> str:
    """The line without its comment (a # outside quotes, at the start or after a blank)."""
    quoted = False
    for i, c in enumerate(line):
        if c == '"' and (i == 0 or line[i - 1] != "\\"):
            quoted = not quoted
        elif c == "#" and not quoted and (i == 0 or line[i - 1] in " \t"):
            return line[:i].rstrip()
    return line.rstrip()


def _knot_value(raw: str) -> str:
    raw = raw.strip()
    if len(raw) >= 2 and raw[0] == raw[-1] == '"':
        return raw[1:-1]
    if raw.startswith("[") and raw.endswith("]"):
        first = raw[1:-1].split(",")[0].strip()
        return _knot_value(first)
    return raw


def _knot_file(
    path: str,
    reader: _Reader,
    sections: dict[str, list[_KnotItem]],
    stack: list[str],
    where: tuple[str, int] | None,
) -> None:
    text = reader.load(path, where)
    if text is None:
        return
    stack = [*stack, os.path.realpath(path)]
    section = ""
    item: _KnotItem | None = None
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = _knot_strip(raw)
        if not line.strip():
            continue
        m = _KNOT_LINE.match(line)
        if m is None:
            if line.strip().startswith("-"):
                item = None
            continue
        key, value = m.group("key"), m.group("value")
        top = not m.group("indent") and not m.group("dash")
        if top:
            item = None
            section = key if value is None else ""
            if key == "include" and value is not None:
                target = _knot_value(value)
                bases = [os.path.dirname(path) or "."]
                for f in reader.includes(target, bases, path, lineno, stack, "include:"):
                    _knot_file(f, reader, sections, stack, (path, lineno))
            continue
        if section not in ("zone", "template"):
            continue
        if m.group("dash"):
            item = _KnotItem({}, path, lineno)
            sections.setdefault(section, []).append(item)
        if item is not None and value is not None:
            item.values.setdefault(key, _knot_value(value))


def _parse_knot(path: str, reader: _Reader) -> list[ZoneDecl]:
    sections: dict[str, list[_KnotItem]] = {}
    _knot_file(path, reader, sections, [], None)
    templates = {t.values["id"]: t for t in sections.get("template", []) if "id" in t.values}
    default = templates.get("default")
    out = []
    for z in sections.get("zone", []):
        domain = z.values.get("domain")
        if domain is None:
            reader.problem(z.path, z.line, "zone item without domain:")
            continue
        origin = _origin(domain, z.path, z.line, reader)
        if origin is None:
            continue
        tname = z.values.get("template")
        template = default
        if tname is not None:
            template = templates.get(tname)
            if template is None:
                reader.problem(z.path, z.line, f'template "{tname}" is not defined')
        tvalues = template.values if template else {}

        def get(
            key: str, values: dict[str, str] = z.values, tv: dict[str, str] = tvalues
        ) -> str | None:
            return values.get(key, tv.get(key))

        raw = get("file")
        storage = get("storage") or "/var/lib/knot"
        file = _join(storage, knot_expand(raw if raw is not None else "%s.zone", origin))
        secondary = any(get(k) for k in ("master", "primary"))
        out.append(
            ZoneDecl(
                origin=origin,
                file=file,
                kind="secondary" if secondary else "primary",
                server="knot",
                conf=z.path,
                line=z.line,
                file_raw=raw,
            )
        )
    return out


_KNOT_FORMAT = re.compile(r"%(?:c\[(\d+)(?:-(\d+))?\]|l\[(\d+)\]|(.)|$)")


def knot_expand(template: str, origin: dns.name.Name) -> str:
    """Knot's zone ``file`` formatters, as knot.conf(5) documents them."""
    text = origin.to_text().lower()  # with the final dot: %c counts it
    plain = origin.to_text(omit_final_dot=True).lower() if origin != dns.name.root else ""
    labels = [lab for lab in origin.labels if lab]

    def sub(m: re.Match[str]) -> str:
        if m.group(1) is not None:
            first = int(m.group(1))
            last = int(m.group(2)) if m.group(2) is not None else first
            return text[first : last + 1]
        if m.group(3) is not None:
            i = int(m.group(3))
            if i >= len(labels):
                return ""
            return dns.name.Name([labels[-1 - i]]).to_text(omit_final_dot=True).lower()
        other = m.group(4)
        if other == "s":
            return plain
        if other == "%":
            return "%"
        return ""

    return _KNOT_FORMAT.sub(sub, template)


# ---------------------------------------------------------------------------------------------
# Entry points

_PARSERS = {"bind": _parse_bind, "nsd": _parse_nsd, "knot": _parse_knot}


def _parse(
    path: str, root: str | None, server: str | None
) -> tuple[list[ZoneDecl], list[ConfProblem], set[str]]:
    top_dir = os.path.dirname(path) or "."
    reader = _Reader(root=root if root is not None else top_dir, top_dir=top_dir)
    if server is None:
        server = sniff(path)
    if server not in _PARSERS:
        if not os.path.isfile(path):
            reader.problem(path, 0, "no such file")
        else:
            reader.problem(path, 0, "not a BIND, NSD or Knot configuration")
        return [], reader.problems, set()
    try:
        decls = _PARSERS[server](path, reader)
    except RecursionError:  # pragma: no cover - every nesting is bounded above
        reader.problem(path, 0, "configuration nested too deeply")
        decls = []
    return decls, reader.problems, reader.read


def parse(
    path: str, *, root: str | None = None, server: str | None = None
) -> tuple[list[ZoneDecl], list[ConfProblem]]:
    """Zones declared by the configuration at `path` and the files it includes."""
    decls, problems, _ = _parse(path, root, server)
    return decls, problems


def _top_first(path: str) -> tuple[int, str]:
    base = os.path.basename(path).lower()
    return (0 if base in ("named.conf", "nsd.conf", "knot.conf") else 1, path)


def parse_all(
    paths: Sequence[str], *, root: str | None = None
) -> tuple[list[ZoneDecl], list[ConfProblem]]:
    """`parse` for each path, main configurations first, skipping files already included."""
    decls: list[ZoneDecl] = []
    problems: list[ConfProblem] = []
    seen: set[str] = set()
    for path in sorted(paths, key=_top_first):
        if os.path.realpath(path) in seen:
            continue
        d, p, read = _parse(path, root, None)
        decls.extend(d)
        problems.extend(p)
        seen |= read
    return list(dict.fromkeys(decls)), problems


def match(decls: Sequence[ZoneDecl], files: Sequence[str]) -> dict[str, list[ZoneDecl]]:
    """Repository file -> the declarations whose file it is (longest path-suffix match)."""
    comps = [(f, _components(f)) for f in files]
    by_base: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for f, c in comps:
        if c:
            by_base.setdefault(c[-1], []).append((f, c))
    out: dict[str, list[ZoneDecl]] = {}
    for decl in decls:
        if decl.file is None:
            continue
        want = _components(decl.file)
        if not want:
            continue
        best = 0
        chosen: list[str] = []
        for f, c in by_base.get(want[-1], []):
            n = _suffix_len(want, c)
            if n > best:
                best, chosen = n, [f]
            elif n == best:
                chosen.append(f)
        for f in chosen:
            out.setdefault(f, []).append(decl)
    return out
