"""NSD: ``nsd.conf`` with ``include:`` spliced as text, patterns, ``zonesdir`` and the zonefile
name templates."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass

import dns.name

from mxlint.identity.conf.common import Reader, ZoneDecl, join, zone_origin

_NSD_TOKEN = re.compile(
    r"""(?P<ws>\s+)|(?P<comment>\#[^\n]*)|(?P<string>"[^"\n]*"|'[^'\n]*')|(?P<word>[^\s\#"']+)
      |(?P<bad>["'])""",
    re.X,
)
_NSD_KEYWORD = re.compile(r"[a-z][a-z0-9-]*:")
_NSD_CLAUSES = frozenset(
    {"server:", "zone:", "pattern:", "key:", "remote-control:", "verify:", "tls-auth:", "dnstap:"}
)


_NSD_LINE = re.compile(r"[ \t]*(?:[a-z][a-z0-9-]*:(?:[ \t\"'].*)?)?")


def _shape(text: str) -> str | None:
    """Why NSD would not read ``text`` as its configuration (``None``: it would): every
    line is ``keyword: value`` or a clause."""
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = re.sub(r"(?:^|(?<=\s))#.*", "", raw)
        if line.strip() and not _NSD_LINE.fullmatch(line):
            return f"not NSD configuration syntax (line {lineno}: {line.strip()[:40]!r})"
    return None


@dataclass
class _NsdTok:
    value: str
    keyword: bool
    path: str
    line: int
    boundary: str = ""  # "enter" or "leave" an included file (no value then)


def _nsd_tokens(
    path: str, reader: Reader, stack: list[str], where: tuple[str, int] | None
) -> Iterator[_NsdTok]:
    included = where is not None
    text = reader.load(path, where, _shape)
    if text is None:
        return
    stack = [*stack, os.path.realpath(path)]
    if included:
        yield _NsdTok("", False, path, 0, "enter")
    yield from _nsd_file_tokens(text, path, reader, stack)
    if included:
        yield _NsdTok("", False, path, 0, "leave")


def _nsd_file_tokens(text: str, path: str, reader: Reader, stack: list[str]) -> Iterator[_NsdTok]:
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
    target: str, path: str, line: int, reader: Reader, stack: list[str]
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


def parse_nsd(path: str, reader: Reader) -> list[ZoneDecl]:
    patterns: dict[str, _NsdOptions] = {}
    zones: list[_NsdOptions] = []
    zonesdir = "/etc/nsd"
    clause = ""
    current: _NsdOptions | None = None
    key = ""
    # A clause never spans files: one opened in an included file ends with it, and the
    # including file's goes on after the include (options an included file starts with
    # belong to the including file's clause: NSD splices the text).
    saved: list[tuple[str, _NsdOptions | None, str]] = []
    for tok in _nsd_tokens(path, reader, [], None):
        if tok.boundary == "enter":  # its first options go on with this clause, as NSD reads
            saved.append((clause, current, key))
            key = ""
            continue
        if tok.boundary == "leave":
            before, opened, _ = saved.pop()
            if (clause, current) != (before, opened):
                clause, current = before, opened
            key = ""
            continue
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
        origin = zone_origin(z.name, z.path, z.line, reader)
        if origin is None:
            continue
        file = None
        if z.zonefile is not None:
            file = join(zonesdir, nsd_expand(z.zonefile, z.name, origin))
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
