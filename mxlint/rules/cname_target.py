from collections.abc import Iterator
from typing import Final

import dns.name

from mxlint.check.engine import Context
from mxlint.check.names import exchange_defect, mx_targets
from mxlint.check.registry import rule
from mxlint.model import Finding, nkey


@rule("MX003", "cname-target", "error")
def cname_target(ctx: Context) -> Iterator[Finding]:
    """An MX target that is an alias (owns a CNAME) in any loaded zone.

    RFC 2181 10.3 and RFC 5321 5.1: the target of an MX must be a name with address records,
    not an alias. Some senders refuse such MX records, others do an extra lookup; name servers
    do not return the target's addresses in the additional section. Point the MX at the host
    the CNAME points to; when that is an alias too, the chain of CNAMEs is followed through
    the loaded zones (up to 16 more) and its end is advised where it has A/AAAA records (a
    chain that loops, goes on beyond the zones read, or ends without address is said as
    such). The lookup is case-insensitive and covers every zone of the run, so a target in a
    sibling zone file is checked too.

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
        yield Finding.at(
            rec,
            f'MX target "{exchange}" is an alias (CNAME to "{target}" at {alias.where()}); '
            "an MX must point at a host name with A/AAAA records, not at a CNAME "
            f"(RFC 2181 10.3); {_advice(target, ctx)}",
            token=1,
        )


# The CNAMEs followed after the MX target's own before the advice gives up naming the end.
_MAX_CHAIN: Final = 16


def _advice(target: dns.name.Name, ctx: Context) -> str:
    """What to write instead of an alias whose CNAME points at ``target``: when ``target`` is
    an alias too, the end of its chain of CNAMEs, followed through the loaded zones, where
    that is a name with A/AAAA records; else what is known of the chain (it goes on beyond
    the zones read here, loops, is too long, or ends at a name without address)."""
    chain = [target]
    seen = {nkey(target)}
    name = target
    for followed in range(_MAX_CHAIN + 1):
        there = ctx.zones.target(name, ctx.zone)
        if followed and (there.zone is None or there.dname is not None or there.delegated):
            return (
                f'{_chain(chain)}, and the chain goes on at "{name}", beyond the zones read here: '
                "point the MX at the host name with A/AAAA records at its end"
            )
        if there.zone is None or not there.aliases:
            break  # (the alias's own target outside what was read: advised as written)
        if followed == _MAX_CHAIN:
            return (
                f"{_chain(chain)} and on, over {_MAX_CHAIN} CNAMEs: point the MX at the host "
                "name with A/AAAA records at its end"
            )
        name = there.aliases[0].target
        chain.append(name)
        key = nkey(name)
        if key in seen:
            return (
                f"{_chain(chain)}, a loop of CNAMEs that no address ends: point the MX at a "
                "host name that has A/AAAA records"
            )
        seen.add(key)
    # Advise the chain's end only where it can take the MX: a name of a loaded zone with no
    # address (an apex with only SOA, NS and MX, say) would be missing-address.
    if there.zone is not None and there.complete and not there.addresses:
        lead = f"{_chain(chain)}, and " if len(chain) > 1 else ""
        return (
            f'{lead}"{name}" has no A/AAAA record either: point the MX at a host name that has them'
        )
    if len(chain) > 1:
        return f'{_chain(chain)}: point the MX at "{name}", the end of the chain, instead'
    return f'point the MX at "{name}" instead'


def _chain(chain: list[dns.name.Name]) -> str:
    """The CNAME's target is an alias too: the chain from it (``chain``: two names or more)."""
    shown = [f'"{n}"' for n in chain]
    if len(shown) > 5:
        shown[2:-1] = ["..."]  # a long one: its first names and its last
    steps = " -> ".join(shown)
    return f'"{chain[0]}" is an alias too (CNAME chain {steps})'
