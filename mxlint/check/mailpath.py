"""What the mail-path rules (``reverse-dns``, ``dane-tlsa``, ``mta-sts``, ``tls-rpt``,
``spf-mx``) share: which zones can be trusted to be whole, and the policy strings the loader
keeps (:func:`mxlint.zonefile.statements.kept_txt`).

These rules judge what a zone lacks as well as what it holds, so each verdict rests on zones
that were read whole: a zone with a syntax error or a limit hit may have lost the very record
in question, and then nothing is said.
"""

from __future__ import annotations

import itertools
import operator
import weakref
from collections.abc import Callable, Iterator
from typing import TypeVar

import dns.name
import dns.rdata
import dns.rdatatype

from mxlint._patterns import lazy
from mxlint.model import Finding, Record, Zone, ZoneSet

TXT = dns.rdatatype.TXT
SPF = dns.rdatatype.SPF
PTR = dns.rdatatype.PTR
TLSA = dns.rdatatype.TLSA
DNSKEY = dns.rdatatype.DNSKEY
T = TypeVar("T")


def whole(zone: Zone | None) -> bool:
    """True if ``zone`` was read and lost nothing: no syntax error, no limit hit."""
    if zone is None or zone.origin is None:
        return False
    return not zone.exceeded and not any(p.kind == "syntax" for p in zone.problems)


def all_whole(zones: ZoneSet, zone: Zone) -> bool:
    """True if every loaded version of ``zone`` (files with its origin) is :func:`whole`."""
    return all(whole(v) for v in zones.versions(zone))


def txt_text(rec: Record) -> str | None:
    """The text of a TXT record the loader kept (a policy: SPF, MTA-STS, TLS-RPT), its
    strings joined as receivers join them, or None for any other record."""
    rd = rec.rdata
    if rec.rdtype not in (TXT, SPF) or rd is None:
        return None
    if isinstance(rd, str):
        return rd
    if isinstance(rd, dns.rdata.Rdata):  # every record's data kept (mxlint.stages.serial)
        strings: tuple[bytes, ...] = getattr(rd, "strings", ())
        return b"".join(strings).decode("utf-8", "replace")
    return None


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
        text = r.rdata if r.rdata.__class__ is str else txt_text(r)
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


def kept(zone: Zone, zones: ZoneSet) -> tuple[list[Record], list[Record], list[Record]]:
    """The zone's TLSA records, its kept TXT policies (:func:`txt_text`), and those of them
    at an owner whose first label begins with ``_`` (``_mta-sts``, ``_smtp._tls``): found in
    one pass over its records for all the mail-path rules (kept in the zone set's memo)."""
    memo = zones.memo("mailpath")
    found = memo.get(id(zone))
    if found is None or found[0] is not zone:  # type: ignore[index]
        txt = list(map(zone.records.record, _kept_rows(zone, zones)[1]))
        under = [r for r in txt if r.key[:1] == b"_"]
        found = memo[id(zone)] = (zone, kept_tlsa(zone, zones), txt, under)
    return found[1], found[2], found[3]  # type: ignore[index]


def _kept_rows(zone: Zone, zones: ZoneSet) -> tuple[list[int], list[int]]:
    """The rows (in ``zone.records``) of :func:`kept`'s TLSA records and TXT policies, found
    once per zone (kept in the zone set's memo)."""
    memo = zones.memo("mailpath rows")
    found = memo.get(id(zone))
    if found is None or found[0] is not zone or found[1] is not zone.records:  # type: ignore[index]
        rows = zone.records
        # rows.kept(_KINDS) (a TXT no rule reads: not listed), then split by type, in C
        of_kinds = list(rows.rows_of(_KINDS))
        held = map(operator.is_not, rows.rdata_of(of_kinds), itertools.repeat(None))
        kinds = list(itertools.compress(of_kinds, held))
        del of_kinds
        is_tlsa = list(map(operator.eq, map(rows.types.__getitem__, kinds), itertools.repeat(TLSA)))
        tlsa = list(itertools.compress(kinds, is_tlsa))
        txt = list(itertools.compress(kinds, map(operator.not_, is_tlsa))) if tlsa else kinds
        found = memo[id(zone)] = (zone, rows, tlsa, txt)
    return found[2], found[3]  # type: ignore[index]


def kept_txt_rows(zone: Zone, zones: ZoneSet) -> list[int]:
    """The rows (in ``zone.records``) of ``kept(zone, zones)[1]``, the TXT policies, in
    order: a rule that reads few of them asks :meth:`Records.record` for those alone."""
    return _kept_rows(zone, zones)[1]


def kept_tlsa(zone: Zone, zones: ZoneSet) -> list[Record]:
    """``kept(zone, zones)[0]``, the TLSA records, without making the TXT policies' records."""
    return list(map(zone.records.record, _kept_rows(zone, zones)[0]))


def kept_under(zone: Zone, zones: ZoneSet) -> list[Record]:
    """``kept(zone, zones)[2]``, the TXT policies at an owner whose first label begins with
    ``_``, without making the others' records (the owner keys are read in C), found once per
    zone (kept in the zone set's memo: ``mta-sts`` and ``tls-rpt`` ask)."""
    memo = zones.memo("mailpath under")
    rows = zone.records
    found = memo.get(id(zone))
    if found is None or found[0] is not zone or found[1] is not rows:  # type: ignore[index]
        txt = _kept_rows(zone, zones)[1]
        firsts = map(_FIRST_BYTE, map(rows.keys.__getitem__, txt))  # (one-byte bytes are shared)
        under = itertools.compress(txt, map(operator.eq, firsts, itertools.repeat(b"_")))
        found = memo[id(zone)] = (zone, rows, list(map(rows.record, under)))
    return found[2]  # type: ignore[index,no-any-return]


_FIRST_BYTE = operator.itemgetter(slice(0, 1))  # key[:1]: b"" for the root's


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


_PER_RUN: weakref.WeakKeyDictionary[ZoneSet, dict[str, object]] = weakref.WeakKeyDictionary()


def per_run(zones: ZoneSet, name: str, compute: Callable[[], T]) -> T:
    """``compute()``, found once per zone set (a run), not once per linted zone: what a rule
    needs from every zone (a run of 10,000 zones must not ask 10,000 times)."""
    memo = _PER_RUN.setdefault(zones, {})
    if name not in memo:
        memo[name] = compute()
    return memo[name]  # type: ignore[return-value]


_REVERSE = (dns.name.from_text("in-addr.arpa."), dns.name.from_text("ip6.arpa."))


def reverse_origin(origin: dns.name.Name | None) -> bool:
    """True for the origin of a reverse zone (below ``in-addr.arpa`` or ``ip6.arpa``)."""
    return origin is not None and any(origin.is_subdomain(r) for r in _REVERSE)


def has_reverse_zone(zones: ZoneSet) -> bool:
    """True if a reverse zone was loaded in this run."""
    return per_run(zones, "reverse", lambda: any(reverse_origin(z.origin) for z in zones.zones))


_SEP_RE = lazy(r"[ \t]*;[ \t]*")  # at first use (start-up: ~0.5M instructions)


def short(text: str) -> str:
    """``text`` as a message quotes it: at most 80 characters."""
    return text if len(text) <= 80 else text[:77] + "..."


def tagged_fields(text: str, version: str) -> list[str] | str:
    """The ``name=value`` fields after ``version`` (``v=STSv1``, ``v=TLSRPTv1``) of a policy
    record, as RFC 8461 3.1 and RFC 8460 3 write them (a final ``;`` allowed), or why ``text``
    is not such a record."""
    if not text.startswith(version):
        n = len(version)
        return f'begins with "{text[:n]}", not "{version}" (compared case-sensitively)'
    parts = _SEP_RE.split(text[len(version) :])
    if parts[0] != "":
        return f'has no ";" after "{version}"'
    fields = parts[1:]
    if fields and fields[-1] == "":
        fields = fields[:-1]  # a final separator is allowed
    return fields


# An extension field of MTA-STS (RFC 8461 3.1) and TLS-RPT (RFC 8460 3) records: its name and
# its value (compiled at first use).
EXT_NAME = lazy(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,31}\Z")
EXT_VALUE = lazy(r"[\x21-\x3a\x3c\x3e-\x7e]+\Z")
