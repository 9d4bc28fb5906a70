"""How a server other than BIND reads a zone file, where mxlint knows its rule: the loader asks
for the server (:mod:`mxlint.identity.dialect`) only when a line reads differently there.

- gdnsd: ``@Z`` and ``@F`` as the final label of a name (or the whole name) stand for the
  zone's name and for the origin the current file started with (gdnsd.zonefile(5), "SPECIAL
  NAMES AND ORIGINS"; gdnsd src/zscan_rfc1035.rl ``dn_qualify``): ``$ORIGIN 1.10.@Z`` is
  ``1.10.`` plus the zone's name, wherever the origin was before.
- PowerDNS: ``$ORIGIN`` is absolute with or without its final dot (pdns/zoneparser-tng.cc,
  ``d_zonename = ZoneName(makeString(d_line, d_parts[1]))``).

BIND's reading stays the default: nothing here runs unless the server that loads the file is
one of these.
"""

from __future__ import annotations

import re
from typing import Final

import dns.name

from mxlint._patterns import lazy, lazy_method

GDNSD: Final = "gdnsd"
POWERDNS: Final = "PowerDNS"

# What BIND refuses and other servers accept: the feature (a record type, or TXT-LONG, a
# single TXT string over 255 octets, which gdnsd, PowerDNS, Knot and providers' imports split
# themselves: gdnsd.zonefile(5) "TXT data auto-splitting"; PowerDNS pdns/dnslabeltext.rl
# ``appendSplit``, segments of 255 octets, used by ``segmentDNSText`` for every TXT record;
# Knot's zone parser, checked with knotd 3 on loopback: a 311-octet string is served as 255 + 56),
# with the servers that accept it and what it is there. Rule ``syntax-error`` reports such a
# line only when the server that loads the zone (mxlint.identity.dialect) is not one of them.
DIALECTS: Final[dict[str, tuple[frozenset[str], str]]] = {
    "ALIAS": (frozenset(("PowerDNS", "a DNS provider")), "an apex alias resolved by the server"),
    "ANAME": (frozenset(("a DNS provider",)), "an apex alias resolved by the provider"),
    "LUA": (frozenset(("PowerDNS",)), "a record computed by a Lua snippet"),
    "DYNA": (frozenset(("gdnsd",)), "an address chosen by a gdnsd plugin"),
    "DYNC": (frozenset(("gdnsd",)), "a CNAME or address chosen by a gdnsd plugin"),
    "TXT-LONG": (
        frozenset(("gdnsd", "PowerDNS", "Knot", "a DNS provider")),
        "a TXT string over 255 octets, which the server splits itself",
    ),
    # BIND's loader refuses the zone ("invalid NS owner name (wildcard)", lib/dns/master.c);
    # kzonecheck (Knot 3) and nsd-checkzone (NSD 4) load it, checked. Not said where PowerDNS,
    # gdnsd or a provider loads the file (not checked): rule syntax-error, _wildcard_ns.
    "NS-WILDCARD": (frozenset(("Knot", "NSD")), "an NS record at a wildcard owner"),
}

_AT = re.compile(r"@[ZzFf]").search  # one pass over a file without any (most files)
# ... and one that ends a word (the lines _AT_LINE takes hold one: no line-by-line search,
# which backtracks over every line of a file whose mail addresses hold "@f")
_AT_WORD_END = lazy_method(r"@[ZzFf](?![^\s;()])", "search")  # after _AT finds an @
# A line that may hold gdnsd's @Z or @F as a final label (checked exactly below).
_AT_LINE = lazy(r"^[^\n]*@[ZzFf](?![^\s;()])[^\n]*$", re.M)
# The pieces of a line: a quoted string, a comment, a word, or one other character.
_PIECE = lazy(r'"(?:\\.|[^"\\\n])*"?|;[^\n]*|(?:\\.|[^\s"();\\])+|.', re.S)


def may_use_gdnsd_origins(text: str) -> bool:
    """Cheap: could ``text`` hold a name ending in ``@Z`` or ``@F``?"""
    return _AT(text) is not None and _AT_WORD_END(text) is not None


def _label_start(word: str) -> bool:
    """Does the last two characters of ``word`` (``@Z``, ``@F``) form a whole label: the word is
    just that, or an unescaped dot comes before them?"""
    if len(word) == 2:
        return True
    if word[-3] != ".":
        return False
    backslashes = len(word[:-3]) - len(word[:-3].rstrip("\\"))
    return backslashes % 2 == 0


def gdnsd_origins(text: str, zone: dns.name.Name, file: dns.name.Name) -> str:
    """``text`` with each name whose final label is ``@Z`` (``@F``) written out absolute under
    ``zone`` (``file``, the origin the file started with), as gdnsd qualifies it. Quoted
    strings and comments are left alone; lines keep their numbers."""

    def word(m: re.Match[str]) -> str:
        w = m.group()
        if len(w) < 2 or w[0] in '";' or w[-2] != "@" or w[-1] not in "ZzFf":
            return w
        if not _label_start(w):
            return w
        origin = zone if w[-1] in "Zz" else file
        prefix = w[:-2]
        if origin == dns.name.root:
            return prefix or "."
        return prefix + origin.to_text()

    def line(m: re.Match[str]) -> str:
        return _PIECE.sub(word, m.group())

    return _AT_LINE.sub(line, text)
