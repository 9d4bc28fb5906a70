"""The fast path: plain one-line statements (and plain statements in parentheses) read
without dnspython's tokenizer, name and rdata parsers, giving the same records.
"""

from __future__ import annotations

import re
from typing import Final

import dns.ipv6
import dns.name
import dns.rdataclass
import dns.ttl

from mxlint._dnspython import name_from_labels
from mxlint.model import (
    AAAA,
    CNAME,
    DNAME,
    MX,
    NS,
    A,
)
from mxlint.zonefile.statements import _SPF, _TXT

_IN = dns.rdataclass.IN


# --------------------------------------------------------------------------- the fast path
#
# Most lines of large zones are single-line A, AAAA, MX, CNAME or NS records with plain
# names. For those, splitting the line and building the record directly is several times
# faster than dnspython's tokenizer, name and rdata parsers, and gives the same record. The
# fast path only ever accepts: anything it is not sure of (escapes, quotes, parentheses, TTL
# units, other classes, bad values, ...) is left to dnspython, which decides and reports.
# tests/test_fastpath.py loads the corpus and generated zones both ways and compares.

_FAST_NAME = re.compile(r"[A-Za-z0-9_*/-]{1,63}(?:\.[A-Za-z0-9_*/-]{1,63})*\.?\Z").match
_FAST_TYPES: Final = {
    "A": A,
    "AAAA": AAAA,
    "MX": MX,
    "CNAME": CNAME,
    "NS": NS,
    "DNAME": DNAME,
    "TXT": _TXT,
    "SPF": _SPF,
}
# A TXT line: the words before the strings, then plain quoted strings (printable ASCII, no
# quote or backslash inside), then maybe a comment.
_TXT_LINE = re.compile(
    r'([^";()\\]*?)((?:[ \t]+"[\t\x20\x21\x23-\x5b\x5d-\x7e]*")+)[ \t]*(?:;.*)?\Z'
)
_QUOTED = re.compile(r'"([^"]*)"')
# A plain token: printable ASCII other than blank, quote, parentheses, semicolon, backslash.
_PLAIN = r"[!#-'*-:<-\[\]-~]+"
# One statement the fast path may read: [owner] blanks [ttl] [IN] [ttl] type [arg [arg]]
# [comment]. Anything else on the line (more arguments, odd characters) makes it no match.
_STMT = re.compile(
    rf"(?P<owner>{_PLAIN})?[ \t]+"
    r"(?:(?P<t1>[0-9]+)[ \t]+)?"
    r"(?:[Ii][Nn][ \t]+)?"
    r"(?:(?P<t2>[0-9]+)[ \t]+)?"
    r"(?P<type>[A-Za-z]+)"
    rf"(?:[ \t]+(?P<a1>{_PLAIN}))?"
    rf"(?:[ \t]+(?P<a2>{_PLAIN}))?"
    r"[ \t]*(?:;.*)?\Z"
).match
_MAX_TTL: Final = dns.ttl.MAX_TTL
# The same statement matched in place in the file's text with its line end (LF or CR LF; no
# other CR): _fast_run reads most lines with this one match. A TXT statement's strings (as
# _TXT_LINE takes them) come right after the type. The owner, if any, is "@" or a name
# _FAST_NAME takes (others are left to the per-line path). _BLANK_AT: a blank or
# comment-only line (a separate expression: an alternative inside _LINE_AT slows every match).
_LINE_AT = re.compile(
    r"(?P<owner>@|[A-Za-z0-9_*/-]{1,63}(?:\.[A-Za-z0-9_*/-]{1,63})*\.?)?(?P<lead>[ \t]+)"
    r"(?:(?P<t1>[0-9]+)[ \t]+)?"
    r"(?:[Ii][Nn][ \t]+)?"
    r"(?:(?P<t2>[0-9]+)[ \t]+)?"
    r"(?P<type>[A-Za-z]+)"
    r'(?:(?P<strings>(?:[ \t]+"[\t\x20\x21\x23-\x5b\x5d-\x7e]*")+)'
    rf"|(?:[ \t]+(?P<a1>{_PLAIN}))?(?:[ \t]+(?P<a2>{_PLAIN}))?)"
    r"[ \t]*(?:;[^\r\n]*)?(?:\r?\n|\Z)"
).match
_BLANK_AT = re.compile(r"[ \t]*(?:;[^\r\n]*)?(?:\r?\n|\Z)").match
# An SOA statement: [owner] blanks [ttl] [IN] [ttl] SOA and its seven fields, plain numbers.
_SOA_STMT = re.compile(
    rf"(?P<owner>{_PLAIN})?[ \t]+"
    r"(?:(?P<t1>[0-9]+)[ \t]+)?"
    r"(?:[Ii][Nn][ \t]+)?"
    r"(?:(?P<t2>[0-9]+)[ \t]+)?"
    r"(?P<type>[Ss][Oo][Aa])"
    rf"[ \t]+(?P<a1>{_PLAIN})[ \t]+(?P<a2>{_PLAIN})"
    r"[ \t]+([0-9]+)[ \t]+([0-9]+)[ \t]+([0-9]+)[ \t]+([0-9]+)[ \t]+([0-9]+)"
    r"[ \t]*\Z"
).match
# One line of a statement in parentheses: its code (quoted strings without parentheses or
# backslashes) and maybe a comment (a semicolon outside quotes).
_ML_LINE = re.compile(r'((?:[^";\\]|"[^"()\\]*")*)(?:;.*)?\Z').match
_ML_MAX_LINES: Final = 64
_UINT32: Final = 0xFFFFFFFF


_MISSING: Final = object()


def _fast_name(text: str, origin: dns.name.Name, olen: int | None = None) -> dns.name.Name | None:
    """``text`` as dnspython would read it against ``origin``, if it is a plain name.

    Built without ``Name.__init__`` (whose immutability guard costs more than the parse): the
    regular expression allows only labels of 1 to 63 plain characters, the length is checked
    against dnspython's 255-byte limit (``olen``: the origin's, when the caller knows it), and
    dnspython 2.7-2.9's ``Name`` keeps the labels in
    its single ``labels`` slot. tests/test_fastpath.py compares with ``dns.name.from_text``.
    """
    if text == "@":
        return origin
    if not _FAST_NAME(text):
        return None
    if text[-1] == ".":
        labels = (*text[:-1].encode().split(b"."), b"")
        length = len(text) + 1
    else:
        labels = (*text.encode().split(b"."), *origin.labels)
        if olen is None:
            olen = sum(len(label) + 1 for label in origin.labels)
        length = len(text) + 1 + olen
    if length > 255:
        return None  # too long: dnspython reports it
    return name_from_labels(labels)


_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
_IPV4 = re.compile(rf"{_OCTET}\.{_OCTET}\.{_OCTET}\.{_OCTET}\Z").match


def _fast_ipv4(text: str) -> bool:
    """Exactly what ``dns.ipv4.inet_aton`` accepts of an ASCII text (decimal, four parts, no
    leading zero, each at most 255)."""
    return _IPV4(text) is not None


def _canonical_ipv6(text: str) -> str | None:
    """``dns.ipv6.canonicalize(text)``, or None where dnspython rejects the address.

    An address already written in canonical form without an IPv4 part (the usual case) is
    recognised by the C library's ``inet_pton``/``inet_ntop``, which make dnspython's choices
    (lower-case hexadecimal without leading zeros; the first longest run of two or more zero
    groups written ``::``; the IPv4 form only for the same prefixes, excluded here): such a
    text is its own canonical form for both. Anything else is left to dnspython.
    """
    if "." not in text:
        import _socket  # a small C module, loaded for zones with AAAA records only

        try:
            af = _socket.AF_INET6
            if _socket.inet_ntop(af, _socket.inet_pton(af, text)) == text:
                return text
        except (OSError, ValueError):
            pass
    try:
        return dns.ipv6.canonicalize(text)
    except Exception:
        return None
