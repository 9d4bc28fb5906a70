from collections.abc import Iterator

from mxlint.check.engine import Context
from mxlint.check.names import mx_targets
from mxlint.check.registry import rule
from mxlint.model import Finding


@rule("MX013", "dname-target", "error")
def dname_target(ctx: Context) -> Iterator[Finding]:
    """An MX target at or below a DNAME in a loaded zone.

    A DNAME rewrites every name below its owner into another tree (RFC 6672), so an MX
    target under it is an alias, as forbidden for MX targets as a CNAME (RFC 2181 10.3); BIND
    reports it too. Point the MX at the name the DNAME rewrites to. A target exactly at the
    DNAME owner is reported only when it has no address of its own.

    Bad::

        old   IN  DNAME  new.example.net.
        @     IN  MX     10 mail.old

    Good::

        @     IN  MX     10 mail.new.example.net.
    """
    zones = ctx.zones
    table = mx_targets(ctx.zone, zones)
    facts = table.targets(zones)
    if all(facts[slot].dname is None for slot in table.within(zones)):
        return  # most zones: no target lies at or below a DNAME
    for rec, slot in zip(table.records, table.slots, strict=True):
        t = facts[slot]
        d = t.dname
        if d is None:
            continue
        exchange = rec.exchange
        at = d.owner == exchange
        if at and (t.addresses or not t.complete):
            continue  # a DNAME redirects the names below its owner, not the owner itself
        target = d.target
        if at:
            where, advice = "at", "give it an A/AAAA record or point the MX elsewhere"
        else:
            rewritten = exchange.relativize(d.owner).concatenate(target)
            where, advice = "below", f'point the MX at "{rewritten}"'
        yield Finding.at(
            rec,
            f'MX target "{exchange}" is {where} the DNAME "{d.owner}" (to "{target}", at '
            f"{d.where()}), so it is an alias, which an MX target must not be "
            f"(RFC 2181 10.3); {advice}",
            token=1,
        )
