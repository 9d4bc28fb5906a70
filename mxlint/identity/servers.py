"""Zone identity from server configurations: which origin each zone file is served as.

The configurations (``named.conf`` and what it includes, ``nsd.conf``, ``knot.conf``) are
parsed by :mod:`mxlint.identity.conf`; here their ``file`` paths are matched to the
files of the
run by path suffix, and each match becomes origin evidence (``named.conf:12``). A file that a
configuration gives to several zones (one file for many parked domains) is read as the first
of them; a ``type hint`` file is root hints, not a zone.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

import dns.name

from mxlint import safeopen
from mxlint.model import Evidence

if TYPE_CHECKING:
    from mxlint.identity.conf import ZoneDecl

# How many of the other zones a configuration gives one file to are named in messages (a
# parked-domain file serves dozens).
_LISTED: Final = 3
# The zone types whose file is a copy that the server keeps of a zone served elsewhere.
_COPIES = frozenset(("secondary", "stub", "mirror"))

Declared = dict[str, tuple[tuple[dns.name.Name, Evidence] | None, bool]]


def _root(config: str, roots: Sequence[str]) -> str:
    """The repository a configuration belongs to: its git work tree, else the outermost
    folder named on the command line that holds it (the user said where the repository
    is: every configuration of ``mxlint .`` is read, not only the first one's folder), else
    its own folder."""
    from mxlint.identity.walk import work_tree

    folder = os.path.dirname(os.path.realpath(config))
    tree = work_tree(folder)
    if tree is not None:
        return tree
    holding = [r for r in map(os.path.realpath, roots) if _below(folder, r)]
    return min(holding, key=len) if holding else folder


def _below(path: str, top: str) -> bool:
    return path == top or path.startswith(top.rstrip(os.sep) + os.sep)


def evidence(
    configs: Sequence[str],
    files: Sequence[str],
    remarks: list[tuple[str, str]],
    roots: Sequence[str] = (),
    copies: set[str] | None = None,
    loaders: dict[str, set[str]] | None = None,
) -> Declared:
    """Resolved file path -> ((origin, evidence), is root hints) for each of ``files`` that a
    server configuration in ``configs`` declares (``roots``: the folders named on the command
    line). What the configurations could not tell (an include kept outside the repository,
    such as a key file) goes to ``remarks`` as ``(path, why)``, for ``--verbose``. The files
    that every configuration naming them loads as a copy (a secondary, stub or mirror zone)
    go to ``copies``, resolved; the servers whose configurations load each file (``bind``,
    ``nsd``, ``knot``) to ``loaders``."""
    if not configs:
        return {}
    from mxlint.identity import conf as serverconf

    decls, problems = serverconf.parse_all(
        list(dict.fromkeys(configs)), root=lambda c: _root(c, roots)
    )
    for p in problems:
        remarks.append((f"{p.path}:{p.line}", f"server configuration: {p.message}"))
    out: Declared = {}
    for path, found in serverconf.match(decls, files).items():
        if any(d.kind == "hint" for d in found):
            out[os.path.realpath(path)] = (None, True)
            continue
        zones = [d for d in found if d.file_format == "text" and d.zone_class == "IN"]
        if not zones:
            continue
        if loaders is not None:
            loaders.setdefault(os.path.realpath(path), set()).update(d.server for d in zones)
        if copies is not None and all(d.kind in _COPIES for d in zones):
            copies.add(os.path.realpath(path))
        first = _weigh(path, zones)
        others = sorted(
            {str(d.origin) for d in zones if d.conf == first.conf} - {str(first.origin)}
        )
        source = f"{os.path.relpath(first.conf)}:{first.line}"
        if len(others) > _LISTED:
            shown = ", ".join(others[:_LISTED])
            source += f", which also gives this file to {len(others)} other zones ({shown}, ...)"
        elif others:
            source += f", which also gives this file to {', '.join(others)}"
        out[os.path.realpath(path)] = ((first.origin, Evidence("server", source)), False)
    return out


def _weigh(path: str, zones: Sequence[ZoneDecl]) -> ZoneDecl:
    """The declaration that says which zone ``path`` is when several do: those of the
    configurations nearest the file (its own server's, not an old copy's in ``OLD/``), then
    the origin most of them give, the file's own SOA or ``$ORIGIN`` deciding between equals;
    the first of those. One configuration giving the file to many zones (parked domains)
    counts once."""
    from mxlint.identity.conf import distance

    far = {id(d): distance(d.conf, path) for d in zones}
    closest = min(far.values())
    near = [d for d in zones if far[id(d)] == closest]
    confs: dict[dns.name.Name, set[str]] = {}
    for d in near:
        confs.setdefault(d.origin, set()).add(d.conf)
    if len(confs) > 1:
        top = max(map(len, confs.values()))
        best = [origin for origin, said in confs.items() if len(said) == top]
        if len(best) > 1:
            own = _own_origin(path)
            best = [own] if own in best else best
        near = [d for d in near if d.origin in best]
    return near[0]


def _own_origin(path: str) -> dns.name.Name | None:
    """The origin the file's own SOA record or leading ``$ORIGIN`` gives, if any."""
    from mxlint.identity.origin import from_text
    from mxlint.zonefile.reader import read_text

    try:
        text = read_text(path)[0]
    except Exception:  # a limit, an unreadable file: the file says nothing then
        return None
    found = from_text(text) if text is not None else None
    return found[0] if found is not None else None


def declared_files(configs: Sequence[str], roots: Sequence[str]) -> list[str]:
    """The repository files that ``configs`` load as text zones (root hints aside), as paths
    from the current folder: a file a server configuration names is linted whatever its
    name (``example.com.txt``), and ``mxlint named.conf`` lints the zones it loads."""
    if not configs:
        return []
    from mxlint.identity import conf as serverconf

    decls, _ = serverconf.parse_all(list(dict.fromkeys(configs)), root=lambda c: _root(c, roots))
    # A secondary's file is a copy the server writes (BIND's raw format by default): only a
    # zone the server loads from its own file.
    decls = [
        d for d in decls if d.kind == "primary" and d.file_format == "text" and d.file is not None
    ]
    if not decls:
        return []
    files: list[str] = []
    for top in dict.fromkeys(_root(c, roots) for c in configs):
        files += _files(top)
    return sorted(f for f in serverconf.match(decls, files) if _text(f))


def _text(path: str) -> bool:
    try:  # never blocking: a FIFO that a configuration names is not a zone's text
        return b"\x00" not in safeopen.read_head(path, 8192)
    except OSError:
        return False


def _files(top: str) -> list[str]:
    """Every file below ``top`` that a walk may read (not hidden, not ignored by git, no
    link out of it), as paths from the current folder."""
    from mxlint.identity.walk import FIX_TEMP_PREFIX, git_ignored

    ignored_files, ignored_dirs = git_ignored(top)
    out: list[str] = []
    for folder, dirs, names in os.walk(top):
        dirs[:] = sorted(
            d
            for d in dirs
            if not d.startswith(".")
            and os.path.normpath(os.path.join(folder, d)) not in ignored_dirs
        )
        for name in sorted(names):
            path = os.path.normpath(os.path.join(folder, name))
            if name.startswith((".", FIX_TEMP_PREFIX)) or path in ignored_files:
                continue
            if os.path.islink(path) and not _below(os.path.realpath(path), top):
                continue
            out.append(os.path.relpath(path))
    return out
