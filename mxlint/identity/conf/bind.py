"""BIND: ``named.conf`` and the files it ``include``\\ s; zones at top level or in views, with
``directory`` applied to relative ``file`` paths."""

from __future__ import annotations

import dataclasses
import os
import re
from dataclasses import dataclass, field

from mxlint.identity.conf.common import (
    KINDS,
    MAX_NESTING,
    Reader,
    ZoneDecl,
    join,
    zone_origin,
)

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


def _bind_tree(text: str, path: str, reader: Reader) -> list[_Stmt]:
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


# The statements named.conf knows at its top level (BIND 9.11 to 9.20).
_TOP_STATEMENTS = frozenset(
    {
        "acl",
        "controls",
        "dlz",
        "dnssec-policy",
        "dyndb",
        "http",
        "include",
        "key",
        "key-store",
        "logging",
        "lwres",
        "managed-keys",
        "masters",
        "options",
        "parental-agents",
        "plugin",
        "primaries",
        "remote-servers",
        "server",
        "statistics-channels",
        "template",
        "tls",
        "trust-anchors",
        "trusted-keys",
        "view",
        "zone",
    }
)
_OPTION_WORD = re.compile(r"[a-z][a-z0-9-]*", re.I)


def _shape(text: str, path: str, top: bool, included: bool) -> str | None:
    """Why named would not read ``text`` as configuration: a statement that is none of its
    level's (bird.conf's ``function``), or, for an included file, text that does not parse
    into statements at all (a script or a playbook that an include reached)."""
    scratch = Reader(root=os.path.dirname(path) or ".", top_dir=os.path.dirname(path) or ".")
    tree = _bind_tree(text, path, scratch)
    if included and scratch.problems:
        p = scratch.problems[0]
        return f"not BIND configuration syntax (line {p.line}: {p.message})"
    unknown = []
    for st in tree:
        word = st.word(0) or ""
        if not (word.lower() in _TOP_STATEMENTS if top else _OPTION_WORD.fullmatch(word)):
            unknown.append(st)
    # An included file must be all configuration; the top file, mostly (a typo in a real
    # named.conf keeps its zones, bird.conf's functions and protocols do not make one).
    if unknown and (included or 2 * len(unknown) > len(tree)):
        word = unknown[0].word(0) or ""
        return f"not BIND configuration syntax (line {unknown[0].line}: {word[:40]!r})"
    return None


@dataclass
class _BindState:
    top: str
    directory: str | None = None
    decls: list[tuple[ZoneDecl, str | None]] = field(default_factory=list)
    view_class: dict[str, str] = field(default_factory=dict)


def parse_bind(path: str, reader: Reader) -> list[ZoneDecl]:
    state = _BindState(top=path)
    _bind_file(path, None, state, reader, [], None)
    out = []
    for decl, raw in state.decls:
        file = join(state.directory, raw) if raw is not None else None
        out.append(dataclasses.replace(decl, file=file))
    return out


def _bind_file(
    path: str,
    view: str | None,
    state: _BindState,
    reader: Reader,
    stack: list[str],
    where: tuple[str, int] | None,
) -> None:
    text = reader.load(path, where, lambda t: _shape(t, path, view is None, where is not None))
    if text is None:
        return
    tree = _bind_tree(text, path, reader)
    _bind_block(tree, path, view, state, reader, [*stack, os.path.realpath(path)])


def _bind_block(
    stmts: list[_Stmt],
    path: str,
    view: str | None,
    state: _BindState,
    reader: Reader,
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
    reader: Reader,
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


def _bind_zone(st: _Stmt, path: str, view: str | None, state: _BindState, reader: Reader) -> None:
    name = st.word(1)
    if name is None:
        reader.problem(path, st.line, "zone without a name")
        return
    origin = zone_origin(name, path, st.line, reader)
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
            kind = KINDS.get(value.lower(), "other")
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
