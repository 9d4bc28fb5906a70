from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator
from itertools import pairwise

import dns.rdata

from mxlint._patterns import lazy
from mxlint.check.engine import Context
from mxlint.check.mailpath import kept_txt_rows, short
from mxlint.check.registry import rule
from mxlint.model import Finding, Record

# RFC 7208 12, case-insensitive. A domain-spec is held to host-name characters (letters,
# digits, "-", "_", "."; macros as the RFC writes them): the grammar's macro-literal takes any
# printable character, so two terms glued together ("include:a.exampleinclude:b.example")
# would pass it, yet no such domain answers. Where the grammar is wider than this, a record
# reads as not valid either way and nothing is said (see _broken).
_MACRO = r"(?:%\{[slodiphcrtv][0-9]*r?[.+,/_=-]*\}|%%|%_|%-)"
_TOPLABEL = r"(?:[a-z0-9]*[a-z][a-z0-9]*|[a-z0-9]+-[a-z0-9-]*[a-z0-9])"
_DOMAIN = rf"(?:{_MACRO}|[a-z0-9_.-])*(?:\.{_TOPLABEL}\.?|{_MACRO})"
_CIDR4 = r"(?:/(?:[0-9]|[12][0-9]|3[0-2]))"
_CIDR6 = r"(?:/(?:[0-9]|[1-9][0-9]|1[01][0-9]|12[0-8]))"
_DIRECTIVE = lazy(
    rf"[+?~-]?(?:all|include:{_DOMAIN}|exists:{_DOMAIN}|ptr(?::{_DOMAIN})?"
    rf"|(?:a|mx)(?::{_DOMAIN})?{_CIDR4}?(?:/{_CIDR6})?"
    rf"|ip4:(?P<ip4>[0-9.]+){_CIDR4}?|ip6:(?P<ip6>[0-9a-f:.]+){_CIDR6}?)",
    re.I,
)
_MODIFIER = lazy(
    rf"(?:redirect|exp)={_DOMAIN}|(?!(?:redirect|exp)=)[a-z][a-z0-9._-]*=(?:{_MACRO}|[!-$&-~])*",
    re.I,
)


@rule("MX033", "spf-split", "error")
def spf_split(ctx: Context) -> Iterator[Finding]:
    """An SPF record written as several strings that do not join into SPF.

    A TXT record may hold several strings, and receivers join an SPF record's strings with
    nothing between them (RFC 7208 3.3). A record written without quotes,
    ``TXT v=spf1 mx ~all``, is three strings (``"v=spf1" "mx" "~all"``, as BIND reads it), which
    join into ``v=spf1mx~all``: no SPF record at all, so the domain has none. Strings that
    each end a term, ``"v=spf1 include:a.example" "include:b.example -all"``, glue two terms
    into one (``a.exampleinclude:b.example``), and SPF checks of the domain end in a
    permanent error. Reported only when the strings read as valid SPF with a space between
    them and do not without one (RFC 7208 12, domains held to host-name characters): a long
    value split across strings (``"v=spf1 include:_spf.exa" "mple.net -all"``) is no mistake.
    Write the record as one quoted string, or end each string with a space where a term ends.

    Bad::

        @  IN  TXT  v=spf1 mx ~all

    Good::

        @  IN  TXT  "v=spf1 mx ~all"
    """
    rows = ctx.zone.records
    txt = kept_txt_rows(ctx.zone, ctx.zones)  # (kept(...)[1], made a record only when read)
    for i, rd in zip(txt, rows.rdata_of(txt), strict=True):
        if rd.__class__ is str or not isinstance(rd, dns.rdata.Rdata):
            continue  # one string (the text kept): nothing is joined
        raw: tuple[bytes, ...] = getattr(rd, "strings", ())
        if len(raw) < 2 or raw[0][:6].lower() != b"v=spf1":
            continue
        strings = [s.decode("utf-8", "replace") for s in raw]
        found = _broken(strings)
        if found is not None:
            yield _finding(rows.record(i), strings, found)


def _valid(text: str) -> bool:
    """Is ``text`` an SPF record (RFC 7208 12: the version, then terms separated by spaces)?"""
    if text[:6].lower() != "v=spf1" or text[6:7] not in ("", " "):
        return False
    return all(_term(word) for word in text[6:].split(" ") if word)


def _term(word: str) -> bool:
    m = _DIRECTIVE.fullmatch(word)
    if m is None:
        return _MODIFIER.fullmatch(word) is not None
    try:
        if m.group("ip4") is not None:
            ipaddress.IPv4Address(m.group("ip4"))
        elif m.group("ip6") is not None:
            ipaddress.IPv6Address(m.group("ip6"))
    except ValueError:
        return False
    return True


def _broken(strings: list[str]) -> str | None:
    """The text receivers read (the strings joined), when it is not SPF but the strings with a
    space between each two are: the strings meet inside a word. None: nothing to say."""
    joined = "".join(strings)
    if len(joined) > 4096 or _valid(joined) or not _valid(" ".join(strings)):
        return None
    return joined


def _finding(rec: Record, strings: list[str], joined: str) -> Finding:
    version = joined[:6].lower() == "v=spf1" and joined[6:7] in ("", " ")
    if not version:
        meaning = (
            f'"{short(joined)}", which does not start with "v=spf1 " and so is no SPF record: '
            f"receivers find no SPF policy for {rec.owner}"
        )
    else:
        glued = next(w for w in joined[6:].split(" ") if w and not _term(w))
        meaning = (
            f'"{short(joined)}", whose term "{short(glued)}" is not SPF: receivers\' SPF '
            f"checks of {rec.owner} end in a permanent error (permerror)"
        )
    spaced = " ".join(strings)
    if len(spaced.encode()) <= 255:
        advice = f'write it as one quoted string: "{short(spaced)}"'
    else:
        ends = [
            f'"{short(left.split(" ")[-1])}"'
            for left, right in pairwise(strings)
            if left[-1:] != " " and right[:1] != " "
        ]
        advice = (
            "too long for one string (255 octets): end each string that a term ends with a "
            f"space (after {', '.join(ends[:-1]) + ' and ' if len(ends) > 1 else ''}{ends[-1]})"
        )
    shown = short(" ".join(f'"{s}"' for s in strings))
    if not any(" " in s for s in strings):  # (written without quotes, maybe)
        shown += "; a word written without quotes is a string of its own"
    return Finding(
        rec.path,
        rec.line,
        rec.col,
        f"SPF record written as {len(strings)} strings ({shown}), which receivers join with "
        f"nothing between them (RFC 7208 3.3): they read {meaning}; {advice}",
    )
