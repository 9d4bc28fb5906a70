from collections.abc import Iterator

from mxlint.check.engine import Context
from mxlint.check.names import exchange_defect, mx_targets
from mxlint.check.registry import rule
from mxlint.model import Finding


@rule("MX003", "cname-target", "error")
def cname_target(ctx: Context) -> Iterator[Finding]:
    """An MX target that is an alias (owns a CNAME) in any loaded zone.

    RFC 2181 10.3 and RFC 5321 5.1: the target of an MX must be a name with address records,
    not an alias. Some senders refuse such MX records, others do an extra lookup; name servers
    do not return the target's addresses in the additional section. Point the MX at the host
    the CNAME points to. The lookup is case-insensitive and covers every zone of the run, so a
    target in a sibling zone file is checked too.

    Bad::

        @     IN  MX     10 mail
        mail  IN  CNAME  mailhost

    Good::

        @         IN  MX  10 mailhost
        mailhost  IN  A   192.0.2.25
    """
    origin = ctx.zone.origin
    if origin is None:
        return
    table = mx_targets(ctx.zone, ctx.zones)
    facts = table.targets(ctx.zones)
    if not any(facts[slot].aliases for slot in table.within(ctx.zones)):
        return  # most zones: no target is an alias
    for rec, slot in zip(table.records, table.slots, strict=True):
        cnames = facts[slot].aliases
        if not cnames or exchange_defect(rec, ctx.zones):
            continue
        exchange = rec.exchange
        alias = cnames[0]
        target = alias.target
        # Advise the alias's target only where it can take the MX: a name of a loaded zone
        # with no address (an apex with only SOA, NS and MX, say) would be missing-address.
        there = ctx.zones.target(target, ctx.zone)
        if there.zone is not None and there.complete and not there.addresses and not there.aliases:
            advice = (
                f'"{target}" has no A/AAAA record either: point the MX at a host name that has them'
            )
        else:
            advice = f'point the MX at "{target}" instead'
        yield Finding.at(
            rec,
            f'MX target "{exchange}" is an alias (CNAME to "{target}" at {alias.where()}); '
            "an MX must point at a host name with A/AAAA records, not at a CNAME "
            f"(RFC 2181 10.3); {advice}",
            token=1,
        )
