from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import dns.exception
import dns.name

from mxlint.check.engine import Context
from mxlint.check.mailpath import all_whole, kept, per_run, spf_records, txt_text
from mxlint.check.names import MxTargets, mx_targets
from mxlint.check.registry import rule
from mxlint.model import Finding, Record, Zone, ZoneSet, nkey

_LIMIT = 10  # RFC 7208 4.6.4: MX names an "mx" mechanism may look up


@rule("MX030", "spf-mx", "error")
def spf_mx(ctx: Context) -> Iterator[Finding]:
    """An SPF record whose ``mx`` mechanism names a domain with more than 10 MX hosts, or
    the SPF record of a domain with a null MX.

    - RFC 7208 4.6.4: the ``mx`` mechanism may look up at most 10 MX names; with more, SPF
      evaluation ends in a permanent error and receivers treat the domain's mail as failing
      SPF (error). Name the hosts with ``ip4:``/``ip6:``/``a:`` instead, or trim the MX set.
    - A domain with a null MX (``MX 0 .``) takes no mail, so bounces to it cannot be
      delivered and receivers may refuse mail from it (RFC 7505 4.2): its SPF record should
      say it sends none, ``v=spf1 -all``. An SPF record that lets hosts send for it is a
      warning; one ending in ``~all``/``?all`` alone, or without ``-all``, is info. (A
      null-MX domain without an SPF record is not reported: many names carry a null MX.)

    Both are judged only in zones read whole; ``mx:`` with a macro is not looked at.

    Bad::

        @    IN  MX   0 .
        @    IN  TXT  "v=spf1 include:_spf.mailer.example -all"

    Good::

        @    IN  MX   0 .
        @    IN  TXT  "v=spf1 -all"
    """
    zone, zones = ctx.zone, ctx.zones
    if zone.origin is None or not zone.confirmed:
        return
    table = mx_targets(zone, zones)
    nulls = any(len(n.labels) == 1 for n in table.names)  # a null MX (each target once)
    if not nulls and not _above_limit(zones, zone, table):
        return  # no mx mechanism can find a set above the limit, no null MX: no TXT read
    spf = spf_records(kept(zone, zones)[1])
    counts: dict[bytes, int | None] = {}  # by domain key: many records name one domain
    whole: dict[int, bool] = {}  # all_whole by zone id
    parsed: dict[str, list[tuple[str, dns.name.Name | None]]] = {}  # few distinct texts
    for rec in spf:
        rd = rec.rdata
        if rd.__class__ is str:  # the text kept (every record's data kept: an Rdata)
            text: str = rd
            if "mx" not in text.lower():  # most SPF records: no mx mechanism
                continue
        elif "mx" in rec.rdata_text().lower():
            text = txt_text(rec) or ""
        else:
            continue
        terms = parsed.get(text)
        if terms is None:
            terms = parsed[text] = _mx_terms(text)
        if terms:
            yield from _mx_limit(zones, zone, rec, terms, counts, whole)
    if not spf or not nulls:
        return  # no null MX in the zone
    for key, recs in zone.mx_by_owner().items():
        if len(recs) != 1 or len(recs[0].exchange.labels) != 1:
            continue  # not a null MX alone (null-mx reports a null MX beside others)
        null = recs[0]
        for r in spf_records(zone.at(key)):
            text = txt_text(r) or ""
            verdict = _null_verdict(text)
            if verdict is None:
                continue
            severity, what = verdict
            yield Finding.at(
                r,
                f"{r.owner} has a null MX (at line {null.line}: it takes no mail), but its SPF "
                f'record "{_short(text)}" {what}: bounces to it cannot be delivered and '
                "receivers may refuse its mail (RFC 7505 4.2); if it sends no mail, write "
                '"v=spf1 -all"',
                severity=severity,
            )


def _above_limit(zones: ZoneSet, zone: Zone, table: MxTargets) -> bool:
    """False when :func:`_mx_count` is None for every domain: every loaded zone has the
    origin of ``zone`` (so it counts the MX sets of ``zone`` alone), and none of them has
    more than the limit (counted in C, no record made)."""
    if (
        len(table.rows) > _LIMIT
        and not table.single()
        and max(Counter(table.owner_keys()).values()) > _LIMIT
    ):
        return True
    origins = per_run(
        zones,
        "spf-mx origins",
        lambda: {nkey(z.origin) for z in zones.zones if z.origin is not None},
    )
    assert zone.origin is not None  # (spf_mx runs for a zone with one)
    return origins != {nkey(zone.origin)}


def _short(text: str) -> str:
    return text if len(text) <= 80 else text[:77] + "..."


def _null_verdict(text: str) -> tuple[str, str] | None:
    """``(severity, what it does)`` of the SPF record of a null-MX domain, None if it says
    the domain sends no mail (``-all`` alone)."""
    terms = text.split()[1:]
    lowered = [t.lower() for t in terms]
    if lowered == ["-all"]:
        return None
    passing = [
        t for t in lowered if not (t[:1] in "-~?" and len(t) > 1) and not t.startswith(("exp=",))
    ]
    if passing:
        return "warning", f'lets hosts send for it ("{" ".join(passing[:3])}")'
    if lowered in (["~all"], ["?all"]):
        return "info", f'ends in "{lowered[0]}" rather than "-all"'
    if "-all" not in lowered:
        return "info", 'has no "-all"'
    return None


def _mx_terms(text: str) -> list[tuple[str, dns.name.Name | None]]:
    """The ``mx`` mechanisms of an SPF policy: each term as written and the domain it names
    (None: the record's own owner); those with a macro or a name that cannot be are left out."""
    out: list[tuple[str, dns.name.Name | None]] = []
    for term in text.split()[1:]:
        mech = term.lower().lstrip("+-~?")
        if mech != "mx" and not mech.startswith(("mx:", "mx/")):
            continue
        spec = term.lstrip("+-~?")[2:]
        domain: dns.name.Name | None = None
        if spec.startswith(":"):
            spec = spec[1:].split("/", 1)[0]
            if "%" in spec or not spec:
                continue  # a macro: the name is known only when mail arrives
            try:
                domain = dns.name.from_text(spec.rstrip(".") + ".")
            except dns.exception.DNSException:
                continue
        out.append((term, domain))
    return out


def _mx_limit(
    zones: ZoneSet,
    zone: Zone,
    rec: Record,
    terms: list[tuple[str, dns.name.Name | None]],
    counts: dict[bytes, int | None],
    whole: dict[int, bool],
) -> Iterator[Finding]:
    for term, domain in terms:
        key = rec.key if domain is None else nkey(domain)
        if key in counts:
            count = counts[key]
        else:
            count = counts[key] = _mx_count(zones, zone, key, whole)
        if count is not None:
            named = rec.owner if domain is None else domain
            yield Finding.at(
                rec,
                f'SPF record of {rec.owner} uses "{term}", but {named} has '
                f"{count} MX hosts: the mx mechanism may look up at most {_LIMIT} (RFC 7208 "
                "4.6.4), so SPF evaluation ends in a permanent error and receivers treat the "
                "mail as failing SPF; list the sending hosts with ip4:/ip6: instead, or trim "
                "the MX set",
            )


def _mx_count(zones: ZoneSet, zone: Zone, key: bytes, whole: dict[int, bool]) -> int | None:
    """The fewest distinct MX hosts of the domain whose :func:`nkey` is ``key`` in any loaded
    version of its zone, when above the limit (None: at most the limit, not in a loaded zone
    read whole, or delegated away)."""
    holder = zones.zone_for_key(key)
    if holder is None:
        return None
    fewest = None
    same = holder is zone or holder.origin == zone.origin
    for v in [zone] if same else zones.versions(holder):
        recs = v.mx_by_owner().get(key, ())
        if len(recs) <= _LIMIT:
            return None  # (most domains: counted without a set)
        count = len({nkey(r.exchange) for r in recs})
        if count <= _LIMIT:
            return None
        fewest = count if fewest is None else min(fewest, count)
    ok = whole.get(id(holder))
    if ok is None:
        ok = whole[id(holder)] = all_whole(zones, holder)
    if not ok or zones.cut_above(key, holder) is not None:
        return None
    return fewest
