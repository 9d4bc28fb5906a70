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
    (at least the base name), keeping only the longest common suffix, and among files that tie
    there the ones nearest the configuration (``distance``); a base name alone names one file
    or none. The result maps each such file to the declarations that chose it, in declaration
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

import errno
import os
import re
import stat
from collections.abc import Callable, Sequence

from mxlint import safeopen
from mxlint.identity.conf.bind import parse_bind
from mxlint.identity.conf.common import (
    SNIFF_BYTES,
    ConfProblem,
    Reader,
    ZoneDecl,
    components,
    prefix_len,
    suffix_len,
)
from mxlint.identity.conf.knot import knot_expand, parse_knot
from mxlint.identity.conf.nsd import nsd_expand, parse_nsd

__all__ = [
    "ConfProblem",
    "ZoneDecl",
    "distance",
    "knot_expand",
    "match",
    "nsd_expand",
    "parse",
    "parse_all",
    "sniff",
]


# ---------------------------------------------------------------------------------------------

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


_RNDC_CONTENT = re.compile(r"[{;\s]default-(?:server|key)\s", re.I)


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
    try:  # never blocking: a FIFO named named.conf is no configuration
        head = safeopen.read_head(path, SNIFF_BYTES)
    except OSError:
        return None
    if b"\x00" in head:
        return None
    text = head.decode("utf-8", "replace")
    # rndc's configuration (rndc.conf: options { default-server ...; }) has BIND's syntax
    # but declares no zone: not a zone configuration.
    if os.path.basename(path).lower().startswith("rndc") or (
        _RNDC_CONTENT.search(text) and not re.search(r"^\s*zone\s", text, re.M | re.I)
    ):
        return None
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


_PARSERS = {"bind": parse_bind, "nsd": parse_nsd, "knot": parse_knot}


def _not_parsed(path: str) -> str:
    """Why the file ``path``, which is no configuration :func:`sniff` knows, was not read."""
    try:
        mode = os.stat(path).st_mode
    except OSError as e:
        return "no such file" if e.errno == errno.ENOENT else f"cannot be read: {e.strerror or e}"
    if not stat.S_ISREG(mode):  # a FIFO named named.conf: never opened blocking
        return f"is {safeopen.file_kind(mode)}; only regular files are read"
    return "not a BIND, NSD or Knot configuration"


def _parse(
    path: str, root: str | None, server: str | None
) -> tuple[list[ZoneDecl], list[ConfProblem], set[str]]:
    top_dir = os.path.dirname(path) or "."
    reader = Reader(root=root if root is not None else top_dir, top_dir=top_dir)
    if server is None:
        server = sniff(path)
    if server not in _PARSERS:
        reader.problem(path, 0, _not_parsed(path))
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
    paths: Sequence[str], *, root: str | Callable[[str], str] | None = None
) -> tuple[list[ZoneDecl], list[ConfProblem]]:
    """`parse` for each path, main configurations first, skipping files already included;
    ``root`` may also be a function giving each configuration's root."""
    decls: list[ZoneDecl] = []
    problems: list[ConfProblem] = []
    seen: set[str] = set()
    for path in sorted(paths, key=_top_first):
        if os.path.realpath(path) in seen:
            continue
        d, p, read = _parse(path, root(path) if callable(root) else root, None)
        decls.extend(d)
        problems.extend(p)
        seen |= read
    return list(dict.fromkeys(decls)), problems


def match(decls: Sequence[ZoneDecl], files: Sequence[str]) -> dict[str, list[ZoneDecl]]:
    """Repository file -> the declarations whose file it is (longest path-suffix match)."""
    comps = [(f, components(f)) for f in files]
    by_base: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for f, c in comps:
        if c:
            by_base.setdefault(c[-1], []).append((f, c))
    out: dict[str, list[ZoneDecl]] = {}
    for decl in decls:
        if decl.file is None:
            continue
        want = components(decl.file)
        if not want:
            continue
        best = 0
        chosen: list[str] = []
        for f, c in by_base.get(want[-1], []):
            n = suffix_len(want, c)
            if n > best:
                best, chosen = n, [f]
            elif n == best:
                chosen.append(f)
        if len(chosen) > 1:
            # Equal suffixes: the files nearest the configuration that names them (its own
            # server's folder, not a sibling server's); by base name alone, only one.
            near = {f: distance(decl.conf, f) for f in chosen}
            closest = min(near.values())
            chosen = [f for f in chosen if near[f] == closest]
            if best == 1 and len(chosen) > 1:
                chosen = []
        for f in chosen:
            out.setdefault(f, []).append(decl)
    return out


def distance(conf: str, path: str) -> int:
    """How many folders apart a configuration and a file are (up, then down)."""
    a = components(os.path.dirname(os.path.abspath(conf)))
    b = components(os.path.dirname(os.path.abspath(path)))
    shared = prefix_len(a, b)
    return len(a) - shared + len(b) - shared
