"""Record data that BIND loads and dnspython does not (or checks more strictly).

BIND's ``named-checkzone`` is mxlint's reference for what a zone file may hold. dnspython
agrees with it for most types; where it does not, a record BIND serves would be reported as a
``syntax-error``. This module holds the exceptions, each checked as BIND 9.18 checks it
(``lib/dns/rdata/*``): what BIND refuses is still refused, with a message saying what to write.

- types dnspython has no parser for: MB, MG, MR, MINFO, NXT, A6, TA (names, numbers, type
  lists, addresses), and mnemonics dnspython does not know at all: SINK, EID, NIMLOC, ATMA,
  RKEY, TALINK, DOA, KEYDATA;
- types dnspython reads otherwise than BIND: GPOS (any three strings, also empty ones), URI
  (an empty target is fine, an unquoted one is not), TLSA and SMIMEA (data of any length for
  a matching type), ZONEMD (the reserved scheme and algorithm 0), SVCB and HTTPS (BIND keeps
  ``ech=`` as opaque base64; dnspython parses the ECHConfigList inside), X25 (BIND takes four
  or more digits only);
- checks BIND makes and dnspython does not: NAPTR's regexp field (three delimited parts, flag
  ``i`` only, backreferences to existing groups), NSEC3's hash length for SHA-1.

RFC 3597 generic data (``\\# length hex``) is left to dnspython for every type. The records
parsed here keep no rdata (no rule reads these types): the parsers only decide validity, but
for TLSA and SMIMEA, kept as generic data (their wire form) for the ``dane-tlsa`` rule.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
from collections.abc import Callable, Sequence
from typing import Final

import dns.exception
import dns.name
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.tokenizer
from dns.tokenizer import EOF, EOL, IDENTIFIER, QUOTED_STRING, Token

from mxlint._dnspython import Tokenizer
from mxlint._patterns import lazy
from mxlint._rrtypes import BIND_ONLY_TYPES, OBSOLETE, type_from_text, type_text
from mxlint.zonefile.dialects import DIALECTS

__all__ = [
    "BIND_ONLY_TYPES",
    "DIALECTS",
    "OBSOLETE",
    "PARSERS",
    "parse",
    "type_from_text",
    "type_text",
]

_IN: Final = dns.rdataclass.IN


class RdataError(ValueError):
    """The data of a record is not what BIND accepts; the message says what to write."""


# --------------------------------------------------------------------------- token reading


def statement_tokens(tok: dns.tokenizer.Tokenizer) -> list[Token]:
    """The rest of the statement's tokens (words and quoted strings), reading its end of line.

    Parentheses and comments are the tokenizer's business, as for dnspython's parsers; the
    end of the input is left to be read again by the caller's loop.
    """
    tokens: list[Token] = []
    while True:
        token = tok.get()
        if token.ttype == EOL:
            return tokens
        if token.ttype == EOF:
            tok.unget(token)
            return tokens
        tokens.append(token)


class _Replay(Tokenizer):
    """A tokenizer that hands out a list of tokens already read, then end of line.

    Lets dnspython's rdata parsers read tokens that were collected first, so that a second
    reading (BIND's grammar) is possible when dnspython refuses them.
    """

    def __init__(self, tokens: Sequence[Token], where: tuple[str, int]) -> None:
        super().__init__("", where[0])
        self._tokens = list(tokens)
        self._next = 0
        self.line_number = where[1]

    def get(self, want_leading: bool = False, want_comment: bool = False) -> Token:
        if self.ungotten_token is not None:
            token = self.ungotten_token
            self.ungotten_token = None
            return token
        if self._next < len(self._tokens):
            token = self._tokens[self._next]
            self._next += 1
            return token
        return Token(EOL, "\n")


def dnspython(
    rdtype: int, tokens: Sequence[Token], origin: dns.name.Name, where: tuple[str, int]
) -> dns.rdata.Rdata:
    """dnspython's reading of ``tokens`` (to the end of the statement)."""
    rdt = dns.rdatatype.RdataType(rdtype)
    return dns.rdata.from_text(_IN, rdt, _Replay(tokens, where), origin, False, None)


# --------------------------------------------------------------------------- field checks


class _Fields:
    """The tokens of one record's data, read left to right as BIND's ``fromtext`` does."""

    def __init__(self, type_name: str, tokens: Sequence[Token], origin: dns.name.Name) -> None:
        self.type_name = type_name
        self.tokens = list(tokens)
        self.origin = origin
        self.i = 0

    def more(self) -> bool:
        return self.i < len(self.tokens)

    def next(self, what: str, *, quoted_ok: bool = False) -> Token:
        if self.i >= len(self.tokens):
            raise RdataError(f"the {what} is missing")
        token = self.tokens[self.i]
        if token.ttype == QUOTED_STRING and not quoted_ok:
            raise RdataError(f'the {what} is a quoted string ("{token.value}")')
        self.i += 1
        return token

    def number(self, what: str, bits: int) -> int:
        text = self.next(what).value
        if not text.isdigit():
            raise RdataError(f'the {what} "{text}" is not a number')
        value = int(text)
        if value >= 1 << bits:
            raise RdataError(f"the {what} {value} is out of range (0 to {(1 << bits) - 1})")
        return value

    def name(self, what: str) -> dns.name.Name:
        token = self.next(what)
        try:
            return dns.name.from_text(token.value, self.origin)
        except dns.exception.DNSException as exc:
            raise RdataError(f'the {what} "{token.value}" is not a domain name: {exc}') from None

    def string(self, what: str) -> str:
        token = self.next(what, quoted_ok=True)
        if len(token.value.encode()) > 255:
            raise RdataError(f"the {what} is longer than 255 characters")
        return str(token.value)

    def rest(self, what: str, *, required: bool = True) -> str:
        """The remaining words run together (hex and base64 may be split by blanks)."""
        words = []
        while self.more():
            words.append(self.next(what).value)
        if required and not words:
            raise RdataError(f"the {what} is missing")
        return "".join(words)

    def end(self) -> None:
        if self.more():
            extra = " ".join(t.value for t in self.tokens[self.i :])
            raise RdataError(f'there is more data than {self.type_name} has fields: "{extra}"')


def _hex(text: str, what: str) -> bytes:
    try:
        return binascii.unhexlify(text)
    except (binascii.Error, ValueError):
        raise RdataError(
            f'the {what} "{text}" is not hexadecimal digits in pairs (0-9, a-f)'
        ) from None


def _base64(text: str, what: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise RdataError(f'the {what} "{text}" is not valid base64') from None


# --------------------------------------------------------------------------- the parsers
#
# Each takes the data's tokens and the origin, and raises RdataError (or a dnspython error)
# when BIND would refuse the data.

Parser = Callable[[_Fields], "dns.rdata.Rdata | None"]


def _one_name(f: _Fields) -> None:
    f.name("domain name")
    f.end()


def _two_names(first: str, second: str) -> Parser:
    def parse(f: _Fields) -> None:
        f.name(first)
        f.name(second)
        f.end()

    return parse


def _nxt(f: _Fields) -> None:
    f.name("next domain name")
    while f.more():
        text = f.next("type").value
        try:
            value = int(text) if text.isdigit() else type_from_text(text)
        except Exception:
            raise RdataError(f'"{text}" is not a record type') from None
        if value > 127:
            raise RdataError(f"type {text} cannot be listed in NXT (only types 1 to 127 can)")


def _a6(f: _Fields) -> None:
    prefix = f.number("prefix length", 8)
    if prefix > 128:
        raise RdataError(f"the prefix length {prefix} is out of range (0 to 128)")
    if prefix < 128:
        text = f.next("address suffix").value
        try:
            ipaddress.IPv6Address(text)
        except ValueError:
            raise RdataError(f'the address suffix "{text}" is not an IPv6 address') from None
    if prefix > 0:
        f.name("prefix name")
    f.end()


def _sink(f: _Fields) -> None:
    f.number("meaning", 8)
    f.number("coding", 8)
    f.number("subcoding", 8)
    _base64(f.rest("data", required=False), "data")


def _hex_only(f: _Fields) -> None:
    _hex(f.rest("hexadecimal data"), "data")


_ATMA_AESA_RE = lazy(r"[0-9A-Fa-f]{2}(?:\.?[0-9A-Fa-f]{2})*\Z")


_ATMA_E164_RE = lazy(r"\+[0-9]+(?:\.[0-9]+)*\Z")  # at first use (start-up: ~0.5M instructions)


def _atma(f: _Fields) -> None:
    text = f.next("address").value
    if not (_ATMA_AESA_RE.match(text) or _ATMA_E164_RE.match(text)):
        raise RdataError(
            f'the ATM address "{text}" is neither hexadecimal octets nor an E.164 number '
            '("+" and digits)'
        )
    f.end()


def _doa(f: _Fields) -> None:
    f.number("enterprise", 32)
    f.number("type", 32)
    f.number("location", 8)
    f.string("media type")
    data = f.rest("data")
    if data != "-":
        _base64(data, "data")


def _gpos(f: _Fields) -> None:
    f.string("longitude")
    f.string("latitude")
    f.string("altitude")
    f.end()


def _uri(f: _Fields) -> None:
    f.number("priority", 16)
    f.number("weight", 16)
    token = f.next("target", quoted_ok=True)
    if token.ttype != QUOTED_STRING:
        raise RdataError(f'the target must be a quoted string: write "{token.value}"')
    f.end()


def _tlsa(f: _Fields) -> dns.rdata.Rdata:
    usage = f.number("certificate usage", 8)
    selector = f.number("selector", 8)
    mtype = f.number("matching type", 8)
    data = _hex(f.rest("certificate association data"), "certificate association data")
    # Generic data: dnspython's TLSA refuses a length its matching type does not make.
    return dns.rdata.GenericRdata(
        dns.rdataclass.IN,
        dns.rdatatype.RdataType(type_from_text(f.type_name)),
        bytes((usage, selector, mtype)) + data,
    )


_ZONEMD_LENGTHS: Final = {1: 48, 2: 64}  # SHA-384, SHA-512


def _zonemd(f: _Fields) -> None:
    # BIND takes the reserved scheme and hash algorithm 0 (dnspython does not); it checks
    # the digest's length for the hash algorithms it knows, and at least 12 octets.
    f.number("serial", 32)
    f.number("scheme", 8)
    algorithm = f.number("hash algorithm", 8)
    digest = _hex(f.rest("digest"), "digest")
    need = _ZONEMD_LENGTHS.get(algorithm)
    if need is not None and len(digest) != need:
        raise RdataError(
            f"the digest has {len(digest)} octets; hash algorithm {algorithm} makes {need}"
        )
    if len(digest) < 12:
        raise RdataError(f"the digest has {len(digest)} octets; it needs at least 12")


def _x25(f: _Fields) -> None:
    token = f.next("PSDN address", quoted_ok=True)
    text = token.value
    if len(text) < 4 or not text.isdigit():
        raise RdataError(f'the X.25 PSDN address "{text}" must be four or more digits')
    f.end()


def _like(rdtype: int) -> Parser:
    """Another type's grammar (TA is DS's, RKEY is DNSKEY's), checked by dnspython."""

    def parse(f: _Fields) -> None:
        # looked up at the first use: importing DNSKEY's and DS's modules costs start-up
        cls = dns.rdata.get_rdata_class(_IN, rdtype)  # type: ignore[no-untyped-call]
        tok = _Replay(f.tokens, ("<data>", 1))
        cls.from_text(_IN, rdtype, tok, f.origin, False, None)
        tok.get_eol()

    return parse


def _keydata(f: _Fields) -> None:
    # BIND's KEYDATA (managed-keys state): three times, then DNSKEY's fields.
    for what in ("refresh time", "add-hold-down time", "remove-hold-down time"):
        text = f.next(what).value
        if not (len(text) == 14 and text.isdigit()):
            raise RdataError(f'the {what} "{text}" is not a time (YYYYMMDDHHMMSS)')
    _like(dns.rdatatype.DNSKEY)(_Fields(f.type_name, f.tokens[f.i :], f.origin))


def _naptr_regexp(rd: dns.rdata.Rdata) -> None:
    """BIND's ``txt_valid_regex``: empty, or delimiter, regex, delimiter, replacement,
    delimiter, flags (only ``i``); backreferences \\1-\\9 to groups the regex has."""
    text: bytes = getattr(rd, "regexp", b"")
    if not text:
        return
    written = text.decode(errors="replace")
    form = 'write it as "!regex!replacement!" (or "" for none)'
    delim = text[0]
    if chr(delim) in "0123456789\\i" or delim == 0:
        raise RdataError(f'the regexp field "{written}" cannot use {chr(delim)!r} as delimiter')
    part = 0  # 0 regex, 1 replacement, 2 flags
    groups = 0
    i = 1
    while i < len(text):
        c = chr(text[i])
        i += 1
        if c == chr(delim):
            part += 1
            if part > 2:
                raise RdataError(f'the regexp field "{written}" has too many delimiters; {form}')
            continue
        if part == 2:
            if c != "i":
                raise RdataError(f'the regexp field "{written}" has a flag other than i')
            continue
        if c == "(" and part == 0:
            groups += 1
        if c == "\\":
            if i >= len(text):
                raise RdataError(f'the regexp field "{written}" ends in a backslash')
            c = chr(text[i])
            i += 1
            if part == 1 and c.isdigit() and (c == "0" or int(c) > groups):
                raise RdataError(
                    f'the regexp field "{written}" refers to group \\{c}, which the regex does '
                    "not have"
                )
    if part < 2:
        raise RdataError(f'the regexp field "{written}" is not delimited in three parts; {form}')


def _nsec3_hash(rd: dns.rdata.Rdata) -> None:
    """BIND checks the next hashed owner's length for SHA-1 (20 octets)."""
    hashed: bytes = getattr(rd, "next", b"")
    if getattr(rd, "algorithm", None) == 1 and len(hashed) != 20:
        raise RdataError(
            f"the next hashed owner name has {len(hashed)} octets; a SHA-1 hash (algorithm 1) "
            "has 20 (32 base32hex characters)"
        )


# Types dnspython reads but BIND checks further: dnspython, then these.
def _nsap_address(rd: dns.rdata.Rdata) -> None:
    """BIND's NSAP reader wants at least one octet after ``0x``; dnspython takes none."""
    if not getattr(rd, "address", b"x"):
        raise RdataError('the NSAP address "0x" is empty; write its octets in hex after 0x')


_CHECKS: Final[dict[int, Callable[[dns.rdata.Rdata], None]]] = {
    dns.rdatatype.NAPTR: _naptr_regexp,
    dns.rdatatype.NSAP: _nsap_address,
    dns.rdatatype.NSEC3: _nsec3_hash,
}

PARSERS: Final[dict[int, Parser]] = {
    dns.rdatatype.MB: _one_name,
    dns.rdatatype.MG: _one_name,
    dns.rdatatype.MR: _one_name,
    dns.rdatatype.MINFO: _two_names("responsible mailbox", "error mailbox"),
    BIND_ONLY_TYPES["TALINK"]: _two_names("previous name", "next name"),
    dns.rdatatype.NXT: _nxt,
    dns.rdatatype.A6: _a6,
    BIND_ONLY_TYPES["SINK"]: _sink,
    BIND_ONLY_TYPES["EID"]: _hex_only,
    BIND_ONLY_TYPES["NIMLOC"]: _hex_only,
    BIND_ONLY_TYPES["ATMA"]: _atma,
    BIND_ONLY_TYPES["DOA"]: _doa,
    BIND_ONLY_TYPES["RKEY"]: _like(dns.rdatatype.DNSKEY),
    BIND_ONLY_TYPES["KEYDATA"]: _keydata,
    dns.rdatatype.TA: _like(dns.rdatatype.DS),
    dns.rdatatype.X25: _x25,
    dns.rdatatype.ZONEMD: _zonemd,
    # dnspython reads these, but not as BIND does (see the module's docstring).
    dns.rdatatype.GPOS: _gpos,
    dns.rdatatype.URI: _uri,
    dns.rdatatype.TLSA: _tlsa,
    dns.rdatatype.SMIMEA: _tlsa,
}
_SVCB_TYPES: Final = frozenset((dns.rdatatype.SVCB, dns.rdatatype.HTTPS))

# Every type whose data this module reads (the loader collects the tokens for these).
HANDLED: Final = frozenset((*PARSERS, *_CHECKS, *_SVCB_TYPES))


def _svcb(
    rdtype: int, tokens: Sequence[Token], origin: dns.name.Name, where: tuple[str, int]
) -> dns.rdata.Rdata | None:
    """SVCB/HTTPS: BIND keeps ``ech=`` as opaque base64; dnspython parses what is inside.

    The value is checked as base64 here and the rest of the record by dnspython.
    """
    try:
        return dnspython(rdtype, tokens, origin, where)
    except Exception:
        kept: list[Token] = []
        ech: Token | None = None
        i = 0
        while i < len(tokens):
            t = tokens[i]
            if t.ttype == IDENTIFIER and t.value.lower().startswith("ech="):
                value = t.value[4:]
                if not value and i + 1 < len(tokens) and tokens[i + 1].ttype == QUOTED_STRING:
                    i += 1
                    value = tokens[i].value
                ech = Token(IDENTIFIER, value)
            else:
                kept.append(t)
            i += 1
        if ech is None:
            raise
        _base64(ech.value, "ech value")
        dnspython(rdtype, kept, origin, where)
        return None


def parse(
    rdtype: int, tokens: Sequence[Token], origin: dns.name.Name, where: tuple[str, int]
) -> dns.rdata.Rdata | None:
    """Check a record's data as BIND would: an Rdata from dnspython, or None when only this
    module could read it. Raises (RdataError or a dnspython error) when BIND refuses it."""
    if tokens and tokens[0].ttype == IDENTIFIER and tokens[0].value == r"\#":
        return dnspython(rdtype, tokens, origin, where)  # RFC 3597 generic data
    if rdtype in _SVCB_TYPES:
        return _svcb(rdtype, tokens, origin, where)
    check = _CHECKS.get(rdtype)
    if check is not None:
        rd = dnspython(rdtype, tokens, origin, where)
        check(rd)
        return rd
    return PARSERS[rdtype](_Fields(type_text(rdtype), tokens, origin))
