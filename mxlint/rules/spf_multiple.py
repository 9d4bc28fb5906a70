from __future__ import annotations

import re
from collections.abc import Iterator

import dns.rdata

from mxlint._patterns import lazy
from mxlint.check.engine import Context
from mxlint.check.mailpath import kept_txt_rows, short
from mxlint.check.registry import rule
from mxlint.model import Finding, Record, RecordData, Zone

# RFC 7208 12: a modifier is ``name=value``, its name a letter then letters, digits, "-", "_",
# "."; a mechanism ("include:", "a", "ip4:", ...) has no "=" before its first ":" or "/".
_MODIFIER = lazy(r"[a-z][a-z0-9._-]*=")
# the mechanisms that look up DNS names (RFC 7208 4.6.4: at most 10 per check)
_LOOKUPS = frozenset(("include", "a", "mx", "ptr", "exists"))
_NAME = lazy(r"[+?~-]?([a-z0-9]*)", re.I)
_LOOKUP_LIMIT = 10
_STRING = 255  # octets in one TXT string


@rule("MX034", "spf-multiple", "error")
def spf_multiple(ctx: Context) -> Iterator[Finding]:
    """Two or more SPF records at one name.

    A domain publishes one SPF policy: a receiver that finds more than one TXT record starting
    with ``v=spf1`` at a name (followed by a space or the end, any case) stops with a permanent
    error (RFC 7208 4.5, "permerror"), so no mail from the domain passes SPF, and receivers
    that reject or mark mail failing SPF do so for all of it. Each SPF record after the first
    at a name is reported, naming the first: it is the one to merge into the first and then
    delete (one finding per extra record, where a comment ``; mxlint: disable=spf-multiple``
    goes and what ``--fix``-style editors mark). The message proposes the merged record when
    the policies can be joined plainly: their mechanisms in order, each once, then the one
    ``all`` they share; where they end differently (``~all``, ``-all``) or carry modifiers
    (``redirect=``, ``exp=``), it says so and leaves the choice to you. Records with the
    same strings are one record to a name server (it keeps one copy) and are not counted
    twice; a policy written as several strings is one record (see ``spf-split``); DKIM
    (``v=DKIM1``), DMARC (``v=DMARC1``) and ``v=spf10`` are not SPF. Names at or below a
    delegation in the same zone are not served by it and are left out.

    Bad::

        @  IN  TXT  "v=spf1 ip4:192.0.2.0/24 mx ~all"
        @  IN  TXT  "v=spf1 include:_spf.mailer.example ~all"

    Good::

        @  IN  TXT  "v=spf1 ip4:192.0.2.0/24 mx include:_spf.mailer.example ~all"
    """
    zone = ctx.zone
    rows = zone.records
    txt = kept_txt_rows(zone, ctx.zones)  # the TXT policies, rows only (no record made)
    if len(txt) < 2:
        return
    keys = rows.keys
    first: dict[bytes, int] = {}
    more: dict[bytes, list[int]] = {}  # owners with two or more SPF records (few, if any)
    for i, rd in zip(txt, rows.rdata_of(txt), strict=True):
        if _text(rd) is None:
            continue
        key = keys[i]
        j = first.setdefault(key, i)
        if j != i:
            more.setdefault(key, [j]).append(i)
    for key, found in more.items():
        distinct: dict[object, Record] = {}  # identical records: one copy served
        for i in found:
            rec = rows.record(i)
            distinct.setdefault(_identity(rec.rdata), rec)
        if len(distinct) < 2:
            continue
        if zone.origin is not None and ctx.zones.cut_above(key, zone) is not None:
            continue  # delegated: the child zone's records are the ones served
        yield from _findings(zone, list(distinct.values()))


def _text(rd: RecordData) -> str | None:
    """The text receivers read of a kept TXT policy (its strings joined), when it is an SPF
    record (``v=spf1`` then a space or the end, any case, RFC 7208 4.5); else None."""
    if rd.__class__ is str:
        text: str = rd
    elif isinstance(rd, dns.rdata.Rdata):  # several strings, or every record's data kept
        strings: tuple[bytes, ...] = getattr(rd, "strings", ())
        text = b"".join(strings).decode("utf-8", "replace")
    else:
        return None
    if text[:6].lower() == "v=spf1" and text[6:7] in ("", " "):
        return text
    return None


def _identity(rd: RecordData) -> object:
    """What makes two TXT records one to a name server: their strings, byte for byte (a
    zone's policies are kept all as text of one string or Rdata of several, or all as Rdata
    when every record's data is kept: never one record each way)."""
    if isinstance(rd, dns.rdata.Rdata):
        return getattr(rd, "strings", ())
    return rd  # one string, its text kept


def _findings(zone: Zone, recs: list[Record]) -> Iterator[Finding]:
    texts = [_text(r.rdata) or "" for r in recs]
    owner = zone.show(recs[0].owner)
    advice = _advice(texts)
    for n, rec in enumerate(recs[1:], 1):
        if len(recs) == 2:
            others = f'the one at {_place(recs[0], rec)} ("{short(texts[0])}")'
        else:
            places = [_place(r, rec) for r in recs if r is not rec]
            others = (
                f"those at {', '.join(places[:-1])} and {places[-1]} "
                f'(the first: "{short(texts[0])}")'
            )
        yield Finding.at(
            rec,
            f'{owner} has {len(recs)} SPF records, this one ("{short(texts[n])}") and {others}: '
            f"a name may have only one (RFC 7208 4.5), so every SPF check of {owner} ends in a "
            f"permanent error (permerror) and no mail from it passes SPF; {advice}, and delete "
            "this record",
        )


def _place(rec: Record, seen_from: Record) -> str:
    return f"line {rec.line}" if rec.path == seen_from.path else rec.where()


def _advice(texts: list[str]) -> str:
    """What to write instead: the merged policy when it can be written plainly."""
    terms: list[str] = []
    seen: set[str] = set()
    ends: dict[str, str] = {}  # the "all" terms by qualifier
    for text in texts:
        words = [w for w in text[6:].split(" ") if w]
        for k, word in enumerate(words):
            low = word.lower()
            if _MODIFIER.match(low):
                return (
                    "merge them into one record by hand (one carries the modifier "
                    f'"{short(word)}", which the merged policy must keep or drop)'
                )
            if low.lstrip("+-~?") == "all":
                if k != len(words) - 1:
                    return "merge them into one record by hand (a policy has terms after its all)"
                ends.setdefault(low if low[0] in "+-~?" else "+" + low, word)
                continue
            key = low[1:] if low[0] == "+" else low
            if key not in seen:
                seen.add(key)
                terms.append(word)
    if len(ends) > 1:
        shown = ", ".join(f'"{w}"' for w in ends.values())
        return (
            f"merge their mechanisms into one record ending in one all term (they end in {shown}: "
            "keep the one you mean)"
        )
    merged = " ".join(["v=spf1", *terms, *ends.values()])
    lookups = sum(1 for t in terms if _mechanism(t) in _LOOKUPS)
    if lookups > _LOOKUP_LIMIT:
        return (
            f"merge them into one record, but together they make {lookups} DNS lookups, above "
            f"the {_LOOKUP_LIMIT} allowed (RFC 7208 4.6.4): name some senders with ip4:/ip6: "
            "instead of include:"
        )
    if len(merged.encode()) > _STRING:
        return (
            f'merge them into one record, "{short(merged)}", written as several quoted strings '
            f"of at most {_STRING} octets (receivers join them with nothing between)"
        )
    return f'merge them into one record, "{merged}"'


def _mechanism(term: str) -> str:
    """The name of a mechanism (``include`` of ``?include:a.example``), in small letters."""
    m = _NAME.match(term)
    return "" if m is None else m.group(1).lower()
