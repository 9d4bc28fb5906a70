from collections.abc import Iterator

from mxlint.check.engine import Context
from mxlint.check.names import (
    MxTargets,
    exchange_defect,
    exchange_token,
    mx_targets,
    written_absolute,
)
from mxlint.check.registry import rule
from mxlint.model import ADDRESS_TYPES, Finding, Record, Zone, ZoneSet


@rule("MX004", "missing-address", "error")
def missing_address(ctx: Context) -> Iterator[Finding]:
    """An MX target inside a loaded zone that has no A or AAAA record.

    Senders deliver to the addresses of the MX target; with none, mail to the domain is
    deferred and then bounced. The target is checked in whichever loaded zone holds it (the
    deepest one), so a sibling zone file counts. A wildcard that covers the name, or glue below
    a delegation, counts as an address; a name delegated away without glue, or outside every
    loaded zone, is not guessed at; nor is a name in a zone that was not read whole (an
    ``$INCLUDE`` kept on the server). Targets that are CNAMEs are left to ``cname-target``.

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
    # Whether a target can be reported depends on the target alone: decided once per slot
    # (None: not yet), so most records cost a list lookup.
    lacking: list[bool | None] = [None] * len(table.names)
    for rec, slot in zip(table.records, table.slots, strict=True):
        verdict = lacking[slot]
        if verdict is None:
            verdict = lacking[slot] = _lacking(table, slot, zones)
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
