"""Which server loads a zone file, from the repository: it decides the file's dialect.

Servers read the same master-file format with a few extensions of their own (PowerDNS's
``ALIAS`` and ``LUA``, gdnsd's ``DYNA``/``DYNC`` and TXT strings over 255 octets, a DNS
provider's ``ANAME``; see :data:`mxlint.zonefile.bindcompat.DIALECTS`). What BIND refuses is a
syntax error only for a zone that BIND (or a server as strict) loads. The server is found from
what the repository holds, by file name (no file is read):

- PowerDNS: a ``pdns.conf`` (or ``pdns.local.conf``, a ``pdns.d`` folder, or its bind
  backend's ``bindbackend.conf``, the name PowerDNS's packages give its ``bind-config``);
- gdnsd: its configuration, a file ``config`` in a folder ``gdnsd``, or a file ``config``
  anywhere that reads as one (gdnsd's ``options => {`` / ``plugins => {`` stanzas: a
  repository that is a copy of ``/etc/gdnsd`` keeps it at its root, beside ``zones/``);
- a DNS provider: the file itself says it is an export (a comment before its first record
  that names an export, dnscontrol, or a provider's import);
- the server the file itself says it is written for: a comment before its first record that
  names one server (``; gdnsd zone file``), or names the one it is converted to or made for
  (``; PowerDNS to gdnsd migration script``, the header a converter in the repository writes
  into every file it produces; a server named after "from" is the source, not the target).
  Only a server whose dialect differs from BIND's (PowerDNS, gdnsd) is taken from a header; a
  header that names BIND, NSD or Knot leaves the decision to the repository;
- BIND when nothing says otherwise, or when the repository names both PowerDNS and gdnsd.

The loader also reads a file as its server reads it, where that differs from BIND
(:mod:`mxlint.zonefile.dialects`: gdnsd's ``@Z``/``@F``, PowerDNS's absolute ``$ORIGIN``): it is
given :func:`server_for` and asks only when a line reads differently there.
"""

from __future__ import annotations

import os
import re
import stat
from functools import cache
from typing import Final

from mxlint import safeopen
from mxlint._patterns import lazy, lazy_method
from mxlint.zonefile.lines import split_lines

_LIMIT: Final = 20_000  # entries looked at per repository
_SKIP: Final = frozenset((".git", "node_modules", ".venv", "venv", "__pycache__", ".tox"))
_EXPORT = lazy_method(  # at first use: a comment before the first statement
    r"^\s*;.*\b(?:export(?:ed)?|dnscontrol|cloudflare|route ?53|dns made easy|constellix|"
    r"dnsimple|gandi|namecheap|godaddy)\b",
    "match",
    re.I,
)


def server_for(path: str, text: str | None = None) -> str | None:
    """The server that loads the zone file ``path`` (``None``: nothing says, BIND assumed)."""
    if text is not None:
        if _exported(text):
            return "a DNS provider"
        named = _header_server(text)
        if named is not None:
            return named
    return _repository_server(_root(path))


def _header(text: str) -> list[str]:
    """The comment lines before the file's first statement (of its first 20 lines)."""
    lines: list[str] = []
    for raw in split_lines(text[:4096])[:20]:
        line = raw.strip()
        if not line:
            continue
        if not line.startswith(";"):
            break
        lines.append(line)
    return lines


# A server's name as a word of its own (not part of a host name such as pdns.example.com),
# with the preposition before it, if any.
_SERVER_WORD = lazy(
    r"(?:\b(from|to|for|into)\s+)?(?<![\w.-])(gdnsd|powerdns|pdns|bind9?|nsd|knot(?:[ -]?dns)?)"
    r"(?![\w-]|\.\w)",
    re.I,
)
_SERVERS: Final = {"gdnsd": "gdnsd", "powerdns": "PowerDNS", "pdns": "PowerDNS", "nsd": "NSD"}
_DIALECT_SERVERS: Final = frozenset(("gdnsd", "PowerDNS"))


def _header_server(text: str) -> str | None:
    """The server the file's header comment says the file is for (None: it names none, or
    more than one without saying which is the target, or one that reads BIND's dialect)."""
    targets: set[str] = set()
    named: set[str] = set()
    for line in _header(text):
        for m in _SERVER_WORD.finditer(line):
            word = m.group(2).lower()
            server = _SERVERS.get(word, "Knot" if word.startswith("knot") else "BIND")
            preposition = (m.group(1) or "").lower()
            if preposition == "from":
                continue
            (targets if preposition else named).add(server)
    chosen = targets if targets else named
    if len(chosen) != 1:
        return None
    server = chosen.pop()
    return server if server in _DIALECT_SERVERS else None


def _exported(text: str) -> bool:
    """Does a comment before the first statement say the file is a provider's export?"""
    return any(_EXPORT(line) for line in _header(text))


_GDNSD_STANZA = lazy_method(
    r"^[ \t]*(?:options|plugins|service_types)[ \t]*=>[ \t]*\{", "search", re.M
)  # at first use: a file named config


def _gdnsd_config(path: str) -> bool:
    """Is the file ``path`` gdnsd's configuration? Judged by its content (its first 64 KiB),
    and only for a regular file: a file called ``config`` is many things (git's own, a tool's)."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return False
        head = safeopen.read_head(path, 65536)
    except OSError:
        return False
    return _GDNSD_STANZA(head.decode("utf-8", "replace")) is not None


def _root(path: str) -> str:
    """The repository ``path`` belongs to: its git work tree; outside one, the current folder
    when ``path`` lies below it (the folder being linted), else the file's own folder."""
    from mxlint.zonefile.includes import default_include_root

    real = os.path.realpath(path)
    root = default_include_root(path)
    if root == os.path.dirname(real):
        here = os.path.realpath(os.getcwd())
        if real.startswith(here.rstrip(os.sep) + os.sep):
            return here
    return root


@cache
def _repository_server(root: str) -> str | None:
    found: set[str] = set()
    seen = 0
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in _SKIP]
        seen += len(dirs) + len(files)
        name = os.path.basename(folder)
        if (
            "pdns.conf" in files
            or "pdns.local.conf" in files
            or "pdns.d" in dirs
            or "bindbackend.conf" in files  # PowerDNS's bind backend (its bind-config)
        ):
            found.add("PowerDNS")
        if "config" in files and (name == "gdnsd" or _gdnsd_config(os.path.join(folder, "config"))):
            found.add("gdnsd")
        if seen > _LIMIT:
            break
    return found.pop() if len(found) == 1 else None
