from collections.abc import Iterator

import dns.name

from mxlint.check.engine import Context
from mxlint.check.registry import rule
from mxlint.model import Finding


@rule("MX014", "single-mx", "info", enabled=False)
def single_mx(ctx: Context) -> Iterator[Finding]:
    """A name whose MX set has one host, or hosts that all share the same addresses.

    With a single MX host, or several names for one machine, there is no backup: while that
    host is down, senders queue and retry, and mail is delayed or bounced after days. This is
    a design choice for many (large providers run one highly available name), so the rule is
    off by default; enable it with ``--enable single-mx``. Null MX owners are not reported.

    Bad::

        @     IN  MX  10 mail
        mail  IN  A      192.0.2.25

    Good::

        @     IN  MX  10 mail
        @     IN  MX  20 backup
        mail  IN  A      192.0.2.25
        backup IN A      198.51.100.25
    """
    if not ctx.zone.complete:
        return  # another MX host, or another address, may be in a file not read here
    for recs in ctx.zone.mx_by_owner().values():
        hosts = {r.exchange for r in recs}
        if dns.name.root in hosts:
            continue
        first = recs[0]
        if len(hosts) == 1:
            yield Finding.at(
                first,
                f'{first.owner} has a single MX host "{first.exchange}": while it is down, '
                "mail waits in senders' queues; add a second MX host if delay matters",
                token=1,
            )
            continue
        addresses = []
        for h in hosts:
            t = ctx.zones.target(h, ctx.zone)
            if not t.addresses or not t.complete:
                break  # (an address in a file not read here could tell the hosts apart)
            addresses.append(frozenset(a.address for a in t.addresses))
        else:
            if len(set(addresses)) == 1:
                shown = ", ".join(sorted(addresses[0]))
                yield Finding.at(
                    first,
                    f"all {len(hosts)} MX hosts of {first.owner} resolve to the same address "
                    f"({shown}): they are one machine, not a backup; point one MX at a "
                    "different host",
                    token=1,
                )
