from collections.abc import Iterator

import dns.name

from mxlint.check.engine import Context
from mxlint.check.names import (
    MxTargets,
    exchange_defect,
    exchange_token,
    mx_targets,
    public_tlds,
    written_absolute,
)
from mxlint.check.registry import rule
from mxlint.identity.dialect import server_for
from mxlint.model import ADDRESS_TYPES, MX, NS, Finding, Record, Zone, ZoneSet, nkey


@rule("MX004", "missing-address", "error")
def missing_address(ctx: Context) -> Iterator[Finding]:
    """An MX target inside a loaded zone that has no A or AAAA record.

    Senders deliver to the addresses of the MX target; with none, mail to the domain is
    deferred and then bounced. The target is checked in whichever loaded zone holds it (the
    deepest one), so a sibling zone file counts. A wildcard that covers the name, or glue below
    a delegation, counts as an address; a name delegated away without glue, or outside every
    loaded zone, is not guessed at; nor is a name in a zone that was not read whole (an
    ``$INCLUDE`` kept on the server). Targets that are CNAMEs are left to ``cname-target``.

    The zone's own name servers need addresses too: named refuses to load a primary zone
    whose apex NS record names a host inside the zone, not below a delegation, that has no
    A or AAAA record (``NS 'ns2.example.com' has no address records``; the apex itself too,
    ``NS @`` where the apex has none) or is a CNAME, so none of its records, its MX included,
    is served. That is reported at the NS record, only for a zone read whole whose origin is
    confirmed and every line of which loads; a target that looks like a name written without
    its final dot (``ns1.example.net`` expanded under ``example.com``) is said to be one.
    NSD, Knot, PowerDNS and gdnsd load such a zone: when the repository says one of them loads
    it (its configuration names the file, or the server's own configuration is there), nothing
    is said.

    Bad::

        @     IN  MX  10 mail
        mail  IN  TXT    "no address here"

    Good::

        @     IN  MX  10 mail
        mail  IN  A      192.0.2.25
    """
    origin = ctx.zone.origin
    if origin is None:
        return
    zones = ctx.zones
    table = mx_targets(ctx.zone, zones)
    # Whether a target can be reported depends on the target alone: decided once per slot,
    # for the slots inside a loaded zone (outside them all, a target is never lacking); the
    # records are read only when one is (most zones: none).
    lacking = [False] * len(table.names)
    for slot in table.within(zones):
        lacking[slot] = _lacking(table, slot, zones)
    for rec, slot in zip(table.records, table.slots, strict=True) if True in lacking else ():
        verdict = lacking[slot]
        if not verdict:
            continue
        exchange = rec.exchange
        t = table.target(slot, zones)
        holder = t.zone
        assert holder is not None  # (_lacking)
        if exchange_defect(rec, zones):
            continue
        others = sorted({r.type_name for r in t.records if r.rdtype not in ADDRESS_TYPES})
        has = f"it has only {', '.join(others)}" if others else "the name does not exist"
        where, basis = _where(ctx.zone, holder, len(t.each()), rec)
        target = ctx.zone.show(exchange)
        yield Finding.at(
            rec,
            f'MX target "{target}" has no A or AAAA record in {where} ({has}{basis}), so mail for '
            f"{ctx.zone.show(rec.owner)} cannot be delivered there; add an A/AAAA record for "
            f'"{target}" or point the MX at a host that has one',
            token=1,
        )

    yield from _name_servers(ctx.zone, zones)


def _name_servers(zone: Zone, zones: ZoneSet) -> Iterator[Finding]:
    """The apex NS records whose target inside the zone makes named refuse to load it."""
    origin = zone.origin
    assert origin is not None
    if not zone.confirmed or not zone.complete:
        return  # the expansion is a guess, or the address may be in a part not read
    if any(p.kind != "out-of-zone" for p in zone.problems):
        return  # a line that did not load may hold the address (and named refuses it anyway)
    if zone.loaders and "bind" not in zone.loaders:
        return  # NSD or Knot loads it: the zone is served (a miss, not a false claim)
    for rec in zone.at(nkey(origin)):
        if rec.rdtype != NS:
            continue
        target = rec.target
        if not target.is_subdomain(origin):
            continue
        t = zones.target(target, zone)
        if t.zone is None or t.zone.origin != origin or not t.complete:
            continue  # in a child zone loaded from another file: below a cut here
        versions = t.each()
        if any(v.addresses or v.delegated or v.dname is not None for v in versions):
            continue  # an address, glue below a cut, a DNAME: named loads it (or says else)
        if (zone.server or server_for(zone.path)) is not None:
            return  # PowerDNS or gdnsd loads it (asked only here, before a finding: its
            # repository is searched for their configuration only when one is due)
        shown = target.to_text(omit_final_dot=True)
        mx = ", its MX included," if MX in zone.records.types else ""
        if all(v.aliases for v in versions):
            alias = t.aliases[0]
            yield Finding.at(
                rec,
                f'name server "{target}" of zone {origin} is an alias (CNAME to '
                f'"{alias.target}" at {alias.where()}; {zone.origin_note(rec.path)}), which an '
                f"NS record must not name (RFC 2181 10.3): named refuses to load the zone "
                f"(\"NS '{shown}' is a CNAME (illegal)\"), so none of its records{mx} is "
                f'served; point the NS record at "{alias.target}" instead',
            )
            continue
        others = sorted({r.type_name for r in t.records if r.rdtype not in ADDRESS_TYPES})
        has = f"it has only {', '.join(others)}" if others else "the name does not exist"
        if target == origin:  # NS @: the apex names itself
            lies, remedy = (
                "is the zone's own apex, which",
                ('add an A/AAAA record at the apex ("@ IN A ...") or name a server that has one'),
            )
        else:
            lies, remedy = "lies inside the zone and", _remedy(target, origin)
        yield Finding.at(
            rec,
            f'name server "{target}" of zone {origin} {lies} has no A or AAAA '
            f"record ({has}; {zone.origin_note(rec.path)}): named refuses to load the zone "
            f"(\"NS '{shown}' has no address records\"), so none of its records{mx} is "
            f"served; {remedy}",
        )


def _remedy(target: dns.name.Name, origin: dns.name.Name) -> str:
    """What to write instead: the name meant, when the target reads as one written without
    its final dot (its part before the origin repeats the origin, or ends in a public
    top-level domain)."""
    written = target.relativize(origin)
    olabels = dns.name.Name(origin.labels[:-1])
    n = len(olabels.labels)
    repeats = n > 0 and len(written.labels) > n and dns.name.Name(written.labels[-n:]) == olabels
    last = written.labels[-1].decode("ascii", "replace").lower()
    if repeats or (len(written.labels) >= 2 and last in public_tlds()):
        return (
            f'if "{written}" was meant, it needs its final dot: write "{written}." (written '
            f"without it, the origin {origin} is appended)"
        )
    return f'add an A/AAAA record for "{target}" or name a server that has one'


def _lacking(table: MxTargets, slot: int, zones: ZoneSet) -> bool:
    """True if target ``slot`` lies in a loaded zone and has no address there (nor anything
    that makes its address another rule's business)."""
    if len(table.names[slot].labels) == 1:  # the null MX "." is null-mx's business
        return False
    t = table.target(slot, zones)
    if t.zone is None or not t.complete:
        return False  # outside every loaded zone, or in one not read whole: not known
    # An alias is cname-target's or dname-target's business; below a zone cut without
    # glue the address lives in a child zone that is not loaded: not guessed at. With
    # versions of the zone in several files, only what holds in every one is reported.
    return not any(v.addresses or v.aliases or v.dname is not None or v.delegated for v in t.each())


def _where(zone: Zone, holder: Zone, files: int, rec: Record) -> tuple[str, str]:
    """Which zone the lookup was made in, and on what the verdict rests (for the message)."""
    if holder is not zone:
        return f"zone {holder.origin}", (
            f"; in any of its {files} files" if files > 1 else f"; in {holder.path}"
        )
    if not zone.confirmed:
        return "this file", ""
    written = exchange_token(rec)
    if written is not None and not written_absolute(written):
        return f"zone {zone.origin}", f"; {zone.origin_note(rec.path)}"
    return f"zone {zone.origin}", ""
