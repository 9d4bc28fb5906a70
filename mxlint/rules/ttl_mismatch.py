from collections.abc import Iterator

from mxlint.check.engine import Context
from mxlint.check.names import mx_targets
from mxlint.check.registry import rule
from mxlint.model import Finding


@rule("MX010", "ttl-mismatch", "warning")
def ttl_mismatch(ctx: Context) -> Iterator[Finding]:
    """Records of one MX set written with different TTLs.

    All records of an RRset share one TTL (RFC 2181 5.2); servers silently use the lowest, so
    a longer TTL written on one MX line does not do what it says. Usually one line was edited
    and the others were not. Write the same TTL on every MX record of the owner. Each record
    whose TTL differs from the lowest is reported.

    Bad::

        @  300   IN  MX  10 mail.example.com.
        @  86400 IN  MX  20 backup.example.net.

    Good::

        @  300   IN  MX  10 mail.example.com.
        @  300   IN  MX  20 backup.example.net.
    """
    if not mx_targets(ctx.zone, ctx.zones).ttls_differ():
        return  # every MX set has one TTL (the test of every MX record at once, in C)
    groups = ctx.zone.mx_by_owner()
    for recs in groups.values():
        if len(recs) == 1:
            continue  # most owners: one MX, one TTL
        first = recs[0]  # its owner Name is built only for a message
        ttl = first.ttl
        for r in recs:
            if r.ttl != ttl:
                break
        else:
            continue  # most MX sets: one TTL
        low = min(recs, key=lambda r: r.ttl)
        for r in recs:
            if r.ttl != low.ttl:
                yield Finding.at(
                    r,
                    f"MX at {first.owner} has TTL {r.ttl} here but {low.ttl} at {low.where()}; one "
                    f"MX set has one TTL and servers use the lowest ({low.ttl}, RFC 2181 5.2); "
                    "write the same TTL on every MX record of this name",
                )
