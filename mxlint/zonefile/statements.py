"""Record statements read by dnspython's parsers: the record data, its errors, and the one
shape a record's data is kept in (:data:`mxlint.model.RecordData`).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Final, cast

import dns.exception
import dns.name
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.tokenizer

from mxlint._dnspython import syntax_error as _syntax
from mxlint.limits import DEFAULT as DEFAULT_LIMITS
from mxlint.limits import shorten
from mxlint.model import (
    AAAA,
    CNAME,
    DNAME,
    MX,
    NS,
    SOA,
    A,
    RecordData,
)
from mxlint.zonefile import bindcompat
from mxlint.zonefile.state import _clean_message, _Dialect
from mxlint.zonefile.tokenizer import FastTokenizer

_IN = dns.rdataclass.IN


_TXT: Final = dns.rdatatype.TXT
_SPF: Final = dns.rdatatype.SPF


# What to write instead, for the types whose data people most often get wrong.
_RDATA_FORMS: Final[dict[int, str]] = {
    A: "an IPv4 address such as 192.0.2.1",
    AAAA: "an IPv6 address such as 2001:db8::1",
    MX: 'a preference from 0 to 65535 and a host name, such as "10 mail.example.com."',
    CNAME: "one host name",
    NS: "one host name",
}


def _rdata_error(
    rdtype: int,
    tokens: Sequence[dns.tokenizer.Token],
    exc: Exception,
    echo: int = DEFAULT_LIMITS.echo_chars,
) -> dns.exception.SyntaxError:
    """dnspython's complaint about a record's data, naming the type and what was written."""
    type_name = bindcompat.type_text(rdtype)
    written = shorten(" ".join(shorten(t.value, echo) for t in tokens), echo)
    what = f'{type_name} data "{written}"' if written else f"{type_name} data (none written)"
    form = _RDATA_FORMS.get(rdtype)
    hint = f"; write {form}" if form else ""
    return _syntax(f"{what} is not valid: {_clean_message(exc)}{hint}")


def _tokenizer_complaint(exc: BaseException, tok: FastTokenizer) -> bool:
    """Is ``exc`` the tokenizer's own (an unclosed quote or parenthesis), not the data's?"""
    msg = str(exc)
    return (
        "parenthes" in msg
        or msg == "newline in quoted string"
        or (isinstance(exc, dns.exception.UnexpectedEnd) and tok.quoting and tok.at_eof())
    )


def _read_rdata(rdtype: int, tok: FastTokenizer, origin: dns.name.Name) -> dns.rdata.Rdata | None:
    """The record data to the end of the statement, valid as BIND reads it (None: valid,
    but read by :mod:`mxlint.zonefile.bindcompat` only)."""
    if rdtype in bindcompat.HANDLED:
        tokens = bindcompat.statement_tokens(tok)
        return bindcompat.parse(rdtype, tokens, origin, (tok.filename, tok.line_number))
    return dns.rdata.from_text(_IN, dns.rdatatype.RdataType(rdtype), tok, origin, False, None)


def _shape(rdtype: int, rd: dns.rdata.Rdata | None, keep_all: bool) -> RecordData:
    """A record's data in the one shape of its type (see :data:`mxlint.model.RecordData`),
    as the fast path builds it."""
    if rd is None:
        return None
    if rdtype == MX:
        return (rd.preference, rd.exchange)  # type: ignore[attr-defined]
    if rdtype in (A, AAAA):
        return str(rd.address)  # type: ignore[attr-defined]
    if rdtype in (CNAME, NS, DNAME, _PTR):
        return cast(dns.name.Name, rd.target)  # type: ignore[attr-defined]
    if rdtype in (SOA, _TLSA) or keep_all:
        return rd
    if rdtype in (_TXT, _SPF):
        text = b"".join(rd.strings).decode("utf-8", "replace")  # type: ignore[attr-defined]
        return sys.intern(text) if kept_txt(text) else None  # zones repeat their policies
    return None


_PTR: Final = dns.rdatatype.PTR
_TLSA: Final = dns.rdatatype.TLSA
# The TXT records whose text is kept (its strings joined, as one str): the policies rules
# read (SPF, MTA-STS, TLS-RPT).
_KEPT_TXT: Final = ("v=spf1", "v=stsv1", "v=tlsrptv1")


def kept_txt(text: str) -> bool:
    """True for the joined strings of a TXT policy rules read (:data:`_KEPT_TXT`, any case)."""
    return text[:10].lower().startswith(_KEPT_TXT)


# Directives that, written without their $, read as the owner of a record.
_DOLLARLESS: Final = frozenset(("ORIGIN", "TTL", "INCLUDE", "GENERATE"))


def _rdtype(text: str, owner: str | None = None) -> int:
    """The type ``text`` names; ``owner``, the owner written before it when that is a
    directive's name without its ``$`` (the likely cause of an unknown type)."""
    try:
        return bindcompat.type_from_text(text)
    except Exception:
        shown = shorten(text, DEFAULT_LIMITS.echo_chars)
        if text.upper() in bindcompat.DIALECTS:
            raise _Dialect(f"unknown record type '{shown}'", text.upper()) from None
        if owner is not None:
            raise _syntax(
                f"unknown record type '{shown}': the line reads as a record owned by "
                f'"{owner}"; a directive needs its $: write "${owner.upper()} {shown}"'
            ) from None
        raise _syntax(f"unknown record type '{shown}'") from None


def _obsolete(rdtype: int) -> dns.exception.SyntaxError:
    name = bindcompat.type_text(rdtype)
    return _syntax(
        f"type {name} is obsolete (RFC 1123 retired it) and BIND refuses it in zone files; "
        "write an MX record instead"
    )


def _misplaced_soa(owner: dns.name.Name, origin: dns.name.Name) -> str:
    """The SOA of a file whose other records all lie below ``origin`` (see
    :func:`mxlint.identity.origin.infer`): what a server makes of it."""
    at = "the root" if owner == dns.name.root else f'"{owner}"'
    return (
        f"the SOA record is at {at} (a $ORIGIN . before an @ owner?), but every other record "
        f"of the file is at or below {origin}: loaded as zone {origin}, a server such as BIND "
        f"ignores this SOA as out of zone and refuses the zone, which then has no SOA; write "
        f"the SOA's owner as {origin} (or put $ORIGIN {origin} before it)"
    )
