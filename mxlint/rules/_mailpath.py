"""What the mail-path rules (``reverse-dns``, ``dane-tlsa``, ``mta-sts``, ``tls-rpt``,
``spf-mx``) share: which zones can be trusted to be whole, and the policy strings the loader
keeps (:func:`mxlint.zonefile.loader.kept_txt`).

These rules judge what a zone lacks as well as what it holds, so each verdict rests on zones
that were read whole: a zone with a syntax error or a limit hit may have lost the very record
in question, and then nothing is said.
"""

from __future__ import annotations

from collections.abc import Iterator

import dns.name
import dns.rdata
import dns.rdatatype

from mxlint.model import Finding, Record, Zone, ZoneSet

TXT = dns.rdatatype.TXT
SPF = dns.rdatatype.SPF
PTR = dns.rdatatype.PTR
TLSA = dns.rdatatype.TLSA
DNSKEY = dns.rdatatype.DNSKEY


def whole(zone: Zone | None) -> bool:
    """True if ``zone`` was read and lost nothing: no syntax error, no limit hit."""
    if zone is None or zone.origin is None:
        return False
    return not zone.exceeded and not any(p.kind == "syntax" for p in zone.problems)


def all_whole(zones: ZoneSet, zone: Zone) -> bool:
    """True if every loaded version of ``zone`` (files with its origin) is :func:`whole`."""
    return all(whole(v) for v in zones.versions(zone))


def txt_text(rec: Record) -> str | None:
    """The strings of a TXT record the loader kept (a policy: SPF, MTA-STS, TLS-RPT) joined
    as receivers join them, or None for any other record."""
    rd = rec.rdata
    if rec.rdtype not in (TXT, SPF) or not isinstance(rd, dns.rdata.Rdata):
        return None
    strings: tuple[bytes, ...] = getattr(rd, "strings", ())
    return b"".join(strings).decode("utf-8", "replace")


def policies(zones: ZoneSet, name: dns.name.Name, prefix: str, zone: Zone) -> list[Record]:
    """The TXT records at ``name`` (in the zones that answer for it) whose text begins with
    ``prefix`` (compared as the policy's RFC compares it: ``prefix`` given in that case)."""
    return [
        r
        for r in zones.records_at(name, TXT, zone)
        if (text := txt_text(r)) is not None and text.startswith(prefix)
    ]


def spf_records(recs: list[Record]) -> list[Record]:
    """The SPF policies among ``recs``: TXT whose text is ``v=spf1`` alone or followed by a
    space (RFC 7208 4.5, any case)."""
    out = []
    for r in recs:
        if r.rdtype != TXT:
            continue
        text = txt_text(r)
        if text is not None and text[:6].lower() == "v=spf1" and text[6:7] in ("", " "):
            out.append(r)
    return out


def tlsa_fields(rec: Record) -> tuple[int, int, int, bytes] | None:
    """``(usage, selector, matching type, data)`` of a TLSA record the loader kept."""
    rd = rec.rdata
    if not isinstance(rd, dns.rdata.Rdata):
        return None
    wire = rd.to_digestable()
    if len(wire) < 3:
        return None
    return wire[0], wire[1], wire[2], bytes(wire[3:])


_KINDS = frozenset((TXT, TLSA))


def kept(zone: Zone, zones: ZoneSet) -> tuple[list[Record], list[Record]]:
    """The zone's TLSA records and its kept TXT policies (:func:`txt_text`), found in one
    pass over its records for all the mail-path rules (kept in the zone set's memo)."""
    memo = zones.memo("mailpath")
    found = memo.get(id(zone))
    if found is None or found[0] is not zone:  # type: ignore[index]
        tlsa: list[Record] = []
        txt: list[Record] = []
        kinds = _KINDS
        for r in zone.records:
            if r.rdtype in kinds and r.rdata is not None:
                (tlsa if r.rdtype == TLSA else txt).append(r)
        found = memo[id(zone)] = (zone, tlsa, txt)
    return found[1], found[2]  # type: ignore[index]


_RANK = {"error": 0, "warning": 1, "info": 2}


class Findings:
    """A rule's findings gathered per record: the engine keeps one diagnostic per place and
    rule, so the messages of one record are joined, at the gravest severity among them."""

    def __init__(self) -> None:
        self._by_record: dict[int, tuple[Record, list[tuple[str, str]]]] = {}

    def add(self, rec: Record, severity: str, message: str) -> None:
        self._by_record.setdefault(id(rec), (rec, []))[1].append((severity, message))

    def __iter__(self) -> Iterator[Finding]:
        for rec, items in self._by_record.values():
            severity = min((s for s, _ in items), key=_RANK.__getitem__)
            yield Finding.at(rec, "; also, ".join(m for _, m in items), severity=severity)
