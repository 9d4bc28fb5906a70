"""Record statements read by dnspython's parsers (:class:`StatementParser`, the general path:
whatever :mod:`.fastpath` leaves): owner, TTL, class, type and record data as BIND reads them,
the errors said about them, and the one shape a record's data is kept in
(:data:`mxlint.model.RecordData`).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final, cast

import dns.exception
import dns.name
import dns.rdataclass
import dns.rdatatype
import dns.tokenizer
import dns.ttl

from mxlint._dnspython import syntax_error as _syntax
from mxlint._patterns import lazy_method
from mxlint._rrtypes import OBSOLETE, type_from_text, type_text
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
    Problem,
    RecordData,
    Soa,
    Token,
    owner_key,
    plain_name,
)
from mxlint.zonefile.dialects import DIALECTS
from mxlint.zonefile.state import (
    _NO_TTL,
    Load,
    _clean_message,
    _Dialect,
    _pos,
    _SkipLine,
    _word,
)
from mxlint.zonefile.tokenizer import FastTokenizer

if TYPE_CHECKING:
    import dns.rdata

_IN = dns.rdataclass.IN
# A record that starts with a blank before any owner was written (kind "no-owner": rule
# syntax-error reports it unless the server known to load the zone is NSD, which gives it the
# zone's name; named-checkzone: "no current owner name", kzonecheck: "previous owner is
# invalid"). An $INCLUDEd file starts with the owner of the record before the $INCLUDE.
NO_OWNER: Final = (
    "no owner name: the line starts with a blank, so the record repeats the owner of the one "
    'before it, and no record before it has one; BIND and Knot refuse the zone ("no current '
    'owner name"); write "@" (or the owner) in the first column'
)


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
    type_name = type_text(rdtype)
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
    # imported for a record the fast path left (and for none in most small zones)
    from mxlint.zonefile import bindcompat

    if rdtype in bindcompat.HANDLED:
        tokens = bindcompat.statement_tokens(tok)
        return bindcompat.parse(rdtype, tokens, origin, (tok.filename, tok.line_number))
    import dns.rdata  # not before a record the fast path leaves (a small zone has none)

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
    if rdtype == SOA:  # on every path, whatever keep_all says (one shape)
        return Soa(rd.mname, rd.rname, rd.serial, rd.refresh, rd.retry, rd.expire, rd.minimum)  # type: ignore[attr-defined]
    if rdtype == _TLSA or keep_all:
        return rd
    if rdtype in (_TXT, _SPF):
        strings = rd.strings  # type: ignore[attr-defined]
        text = b"".join(strings).decode("utf-8", "replace")
        if not kept_txt(text):
            return None
        # a policy of several strings keeps them apart (rule spf-split reads where they meet)
        return rd if len(strings) > 1 else sys.intern(text)  # zones repeat their policies
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
        return type_from_text(text)
    except Exception:
        shown = shorten(text, DEFAULT_LIMITS.echo_chars)
        if text.upper() in DIALECTS:
            raise _Dialect(f"unknown record type '{shown}'", text.upper()) from None
        if owner is not None:
            raise _syntax(
                f"unknown record type '{shown}': the line reads as a record owned by "
                f'"{owner}"; a directive needs its $: write "${owner.upper()} {shown}"'
            ) from None
        raise _syntax(f"unknown record type '{shown}'") from None


def _indented_rdtype(tok: FastTokenizer, token: dns.tokenizer.Token) -> int:
    """The type of a record written after blanks: when the word in its place is no type but
    a record follows it (``    www  IN A ...``), the owner was indented by mistake."""
    try:
        return type_from_text(token.value)
    except Exception:
        after = tok.get()
        tok.unget(after)
        if tok.stmt_tokens and tok.stmt_tokens[-1] is after:
            tok.stmt_tokens.pop()  # the error is at the word read as the type
        word = after.value if after.is_identifier() else ""
        if word and (word.upper() in ("IN", "CH", "HS") or word[:1].isdigit() or _known_type(word)):
            shown = shorten(token.value, DEFAULT_LIMITS.echo_chars)
            raise _syntax(
                f'"{shown}" is read as the record type: the line starts with a blank, so the '
                f"record has no owner of its own (it repeats the one before, if any); write the "
                f'owner "{shown}" in the first column'
            ) from None
        return _rdtype(token.value)


def _known_type(word: str) -> bool:
    try:
        type_from_text(word)
    except Exception:
        return False
    return True


def _obsolete(rdtype: int) -> dns.exception.SyntaxError:
    name = type_text(rdtype)
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


# gdnsd's TTL for DYNA and DYNC records, MAX/MIN (gdnsd.zonefile(5), "DYNA/DYNC TTLs"; gdnsd
# src/zscan_rfc1035.rl ``ttl_dyn``: digits with an optional unit, a slash, digits and unit).
_DYNAMIC_TTL = lazy_method(r"[0-9]+[MHDWmhdw]?/[0-9]+[MHDWmhdw]?\Z", "match")  # at first use
_DYNAMIC: Final = frozenset(("DYNA", "DYNC"))


def _dynamic_ttl(tok: FastTokenizer, token: dns.tokenizer.Token) -> None:
    """A TTL written ``MAX/MIN`` before gdnsd's ``DYNA`` or ``DYNC`` (optionally after ``IN``):
    one line BIND refuses and gdnsd accepts, a ``dialect:`` problem of that type. Otherwise
    nothing is read: the word goes on to be read as a class or type, as before."""
    if not _DYNAMIC_TTL(token.value):
        return
    after = tok.get()
    if after.is_identifier() and after.value.upper() == "IN":
        after = tok.get()
    if after.is_identifier() and after.value.upper() in _DYNAMIC:
        kind = after.value.upper()
        raise _Dialect(
            f"TTL '{token.value}' (a maximum and a minimum) and record type '{after.value}'",
            kind,
        )
    if after.is_eol_or_eof():
        tok.unget(after)  # the statement's end stays for the reader's recovery
    raise _syntax(f"unknown record type '{shorten(token.value, DEFAULT_LIMITS.echo_chars)}'")


class StatementParser:
    """Reads a record statement with dnspython's TTL, class, type and rdata parsers (the
    general path: whatever the fast path leaves)."""

    def __init__(self, load: Load) -> None:
        self.load = load

    def rr_line(self, line: int, col: int) -> None:
        s = self.load.s
        tok = s.tok
        self.load.line_owner = None
        token = tok.get(want_leading=True)
        written_owner: str | None = None
        if not token.is_whitespace():
            written_owner = token.value
            s.last_name = tok.as_name(token, s.current_origin)
            self.load.written_absolute(token.value, line)
        else:
            token = tok.get()
            if token.is_eol_or_eof():
                if token.is_eof():
                    tok.unget(token)
                return
            col = _pos(token)[1]
            tok.unget(token)
        name = s.last_name
        no_owner = name is None  # the file's first record starts with a blank
        if name is None:
            name = self.load.zone_origin  # as NSD reads it (BIND and Knot refuse the zone)
        if isinstance(name, str):
            name = s.last_name = plain_name(name)
        self.load.line_owner = name

        token = _word(tok, "expected a TTL, class or type")
        ttl: int | None = None
        try:
            ttl = dns.ttl.from_text(token.value)
            s.last_ttl, s.last_ttl_known = ttl, True
        except dns.ttl.BadTTL:
            _dynamic_ttl(tok, token)
            tok.unget(token)

        token = _word(tok, "expected a class or type")
        try:
            rdclass = dns.rdataclass.from_text(token.value)
        except dns.exception.SyntaxError:
            raise
        except Exception:
            rdclass = _IN
            tok.unget(token)
        if rdclass != _IN:
            raise _syntax(f"class {dns.rdataclass.to_text(rdclass)} is not the zone's class IN")
        if ttl is None:
            token = _word(tok, "expected a TTL or type")
            try:
                ttl = dns.ttl.from_text(token.value)
                s.last_ttl, s.last_ttl_known = ttl, True
            except dns.ttl.BadTTL:
                _dynamic_ttl(tok, token)
                tok.unget(token)
        ttl_explicit = ttl is not None

        token = _word(tok, "expected a record type")
        if written_owner is not None and written_owner.upper() in _DOLLARLESS:
            rdtype = _rdtype(token.value, written_owner)
        elif written_owner is None and ttl is None and rdclass == _IN:
            rdtype = _indented_rdtype(tok, token)
        else:
            rdtype = _rdtype(token.value)
        if rdtype in OBSOLETE:
            raise _obsolete(rdtype)
        first_rdata = len(tok.stmt_tokens)
        try:
            rd = _read_rdata(rdtype, tok, s.current_origin)
        except Exception as exc:
            if _tokenizer_complaint(exc, tok):
                raise  # the tokenizer's own complaint is the precise one
            error = _rdata_error(
                rdtype, tok.stmt_tokens[first_rdata:], exc, self.load.limits.echo_chars
            )
            if rdtype in (_TXT, _SPF) and any(
                len(t.value.encode()) > 255 for t in tok.stmt_tokens[first_rdata:]
            ):
                raise _Dialect(str(error), "TXT-LONG") from None
            raise error from None
        if rdtype == SOA and not s.default_ttl_known:
            minimum: int = rd.minimum  # type: ignore[union-attr]  # dnspython's SOA
            s.default_ttl, s.default_ttl_known, s.default_ttl_from_soa = minimum, True, True
        if not name.is_subdomain(self.load.zone_origin):
            if rdtype == SOA and self.load.zone.evidence.kind == "owners":
                raise _SkipLine(
                    _misplaced_soa(name, self.load.zone_origin), line, col, "out-of-zone"
                )
            raise _SkipLine(
                f'owner "{name}" is outside the zone '
                f"({self.load.zone.origin_note(self.load.s.path)}), so name servers ignore this "
                "record; move it to that name's own zone file, or fix "
                "the name (a missing trailing dot or a wrong $ORIGIN?)",
                line,
                col,
                "out-of-zone",
            )
        if ttl is None:
            ttl = self.load.implicit_ttl()
        if ttl is None:
            raise _SkipLine(_NO_TTL, line, col)
        tokens: tuple[Token, ...] = ()
        if rdtype == MX:
            tokens = tuple(Token(t.value, *_pos(t)) for t in tok.stmt_tokens[first_rdata:])
        self.load.zone.records.add(
            s.path,
            line,
            col,
            name,
            rdtype,
            ttl,
            ttl_explicit,
            _shape(rdtype, rd, self.load.keep_all),
            tokens,
            owner_key(name),
        )
        if no_owner:
            # Said once: the lines after it that start with a blank take its owner.
            s.last_name = name
            self.load.zone.problems.append(Problem(s.path, line, col, NO_OWNER, "no-owner"))
