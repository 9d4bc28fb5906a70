"""Which server loads a zone file, from the repository: it decides the file's dialect.

Servers read the same master-file format with a few extensions of their own (PowerDNS's
``ALIAS`` and ``LUA``, gdnsd's ``DYNA``/``DYNC`` and TXT strings over 255 octets, a DNS
provider's ``ANAME``; see :data:`mxlint.zonefile.bindcompat.DIALECTS`). What BIND refuses is a
syntax error only for a zone that BIND (or a server as strict) loads. The server is found from
what the repository holds, by file name (no file is read):

- PowerDNS: a ``pdns.conf`` (or ``pdns.local.conf``, a ``pdns.d`` folder);
- gdnsd: its configuration, a file ``config`` in a folder ``gdnsd``, or a file ``config``
  anywhere that reads as one (gdnsd's ``options => {`` / ``plugins => {`` stanzas: a
  repository that is a copy of ``/etc/gdnsd`` keeps it at its root, beside ``zones/``);
- a DNS provider: the file itself says it is an export (a comment before its first record
  that names an export, dnscontrol, or a provider's import);
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
from mxlint.zonefile.lines import split_lines

_LIMIT: Final = 20_000  # entries looked at per repository
_SKIP: Final = frozenset((".git", "node_modules", ".venv", "venv", "__pycache__", ".tox"))
_EXPORT = re.compile(
    r"^\s*;.*\b(?:export(?:ed)?|dnscontrol|cloudflare|route ?53|dns made easy|constellix|"
    r"dnsimple|gandi|namecheap|godaddy)\b",
    re.I,
).match


def server_for(path: str, text: str | None = None) -> str | None:
    """The server that loads the zone file ``path`` (``None``: nothing says, BIND assumed)."""
    if text is not None and _exported(text):
        return "a DNS provider"
    return _repository_server(_root(path))


def _exported(text: str) -> bool:
    """Does a comment before the first statement say the file is a provider's export?"""
    for raw in split_lines(text[:4096])[:20]:
        line = raw.strip()
        if not line:
            continue
        if not line.startswith(";"):
            return False
        if _EXPORT(line):
            return True
    return False


_GDNSD_STANZA = re.compile(r"^[ \t]*(?:options|plugins|service_types)[ \t]*=>[ \t]*\{", re.M).search


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
        if "pdns.conf" in files or "pdns.local.conf" in files or "pdns.d" in dirs:
            found.add("PowerDNS")
        if "config" in files and (name == "gdnsd" or _gdnsd_config(os.path.join(folder, "config"))):
            found.add("gdnsd")
        if seen > _LIMIT:
            break
    return found.pop() if len(found) == 1 else None
