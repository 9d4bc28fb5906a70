from collections.abc import Iterator

from mxlint.check.engine import Context
from mxlint.check.registry import rule
from mxlint.model import ADDRESS_TYPES, CNAME, MX, Finding, Record, nkey


@rule("MX015", "implicit-mx", "info", enabled=False)
def implicit_mx(ctx: Context) -> Iterator[Finding]:
    """A name with an address but no MX: mail to it falls back to the A/AAAA record.

    RFC 5321 5.1: without MX records, senders deliver to the name's own address. A web
    server then receives, or bounces slowly, mail nobody expected, and spammers use such
    names in forged senders. If the name takes no mail, publish a null MX (RFC 7505). Names
    that are MX targets themselves (mail hosts), wildcards and glue below delegations are
    skipped. Off by default: enable with ``--enable implicit-mx``.

    Bad::

        www   IN  A   192.0.2.80

    Good::

        www   IN  A   192.0.2.80
        www   IN  MX  0 .
    """
    zone = ctx.zone
    origin = zone.origin
    if origin is None:
        return
    targets = {nkey(r.exchange) for z in ctx.zones.zones for r in z.mx_records()}
    seen: set[bytes] = set()
    firsts: list[Record] = []
    for i in zone.records.rows(ADDRESS_TYPES):  # (the type column: no other record is made)
        if (key := zone.records.keys[i]) not in seen:
            seen.add(key)
            firsts.append(zone.records.record(i))
    for rec in firsts:
        owner = rec.owner
        if rec.key in targets or owner.is_wild():
            continue
        here = ctx.zones.records_at(owner, asking=zone)
        if any(r.rdtype in (MX, CNAME) for r in here):
            continue
        if ctx.zones.delegation_above(owner, zone) is not None:
            continue
        if not ctx.zones.complete(owner, zone):
            continue  # its MX may be in a file not read here
        yield Finding.at(
            rec,
            f"{owner} has an address but no MX, so mail to it goes to that address "
            f'(RFC 5321 5.1); if it takes no mail, add "{owner} IN MX 0 ." (null MX, '
            "RFC 7505)",
        )
