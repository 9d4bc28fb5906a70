"""Record type mnemonics as BIND reads and writes them: dnspython's, and BIND's own extra ones.

Below the model (``Record.type_name``) and the zone file readers alike.
"""

from __future__ import annotations

from typing import Final

import dns.rdatatype

# Types BIND refuses in a zone file whatever their data (RFC 1123 5.2.3 retired MD and MF).
OBSOLETE: Final = frozenset((dns.rdatatype.MD, dns.rdatatype.MF))

# Mnemonics BIND knows and dnspython does not.
BIND_ONLY_TYPES: Final[dict[str, int]] = {
    "EID": 31,
    "NIMLOC": 32,
    "ATMA": 34,
    "SINK": 40,
    "RKEY": 57,
    "TALINK": 58,
    "DOA": 259,
    "KEYDATA": 65533,
}
# BIND prints KEYDATA (private, for its own key state) as TYPE65533.
_NAMES_BY_VALUE: Final = {v: k for k, v in BIND_ONLY_TYPES.items() if k != "KEYDATA"}


def type_from_text(text: str) -> int:
    """A record type as BIND reads it (dnspython's mnemonics and BIND's own extra ones)."""
    try:
        return int(dns.rdatatype.from_text(text))
    except Exception:
        value = BIND_ONLY_TYPES.get(text.upper())
        if value is None:
            raise
        return value


def type_text(rdtype: int) -> str:
    """The type's mnemonic, BIND's where dnspython has none."""
    name = _NAMES_BY_VALUE.get(rdtype)
    if name is not None:
        return name
    return dns.rdatatype.to_text(dns.rdatatype.RdataType(rdtype))
