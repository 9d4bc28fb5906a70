from collections.abc import Iterator

from mxlint.check.engine import Context
from mxlint.check.names import MxTargets, mx_targets
from mxlint.check.registry import rule
from mxlint.model import Finding, Record


@rule("MX006", "duplicate-target", "warning")
def duplicate_target(ctx: Context) -> Iterator[Finding]:
    """One MX target listed at two different preferences at the same owner.

    A host at two preferences is tried as if it were its own backup: when it is down, senders
    try it again instead of a real second host, and the intended order is unclear. Usually a
    backup host was replaced by the primary's name by mistake. Keep one preference per host.

    Bad::

        @  IN  MX  10 mail.example.com.
        @  IN  MX  20 mail.example.com.

    Good::

        @  IN  MX  10 mail.example.com.
        @  IN  MX  20 backup.example.net.
    """
    table = mx_targets(ctx.zone, ctx.zones)
    for group in table.repeated_groups():  # most owners list distinct hosts: none
        yield from _same_host(group, table)


def _same_host(group: list[Record], table: MxTargets) -> Iterator[Finding]:
    """Findings for one owner's (small) MX set: a host again at another preference."""
    seen: dict[int, list[Record]] = {}
    for rec in group:  # a target's slot stands for its key
        seen.setdefault(table.slot(rec), []).append(rec)
    for recs in seen.values():
        if len(recs) < 2:
            continue
        first = recs[0]
        owner, exchange = first.owner, first.exchange
        first_pref = first.preference
        prefs = {first_pref}
        for r in recs[1:]:
            pref = r.preference
            if pref in prefs:
                continue  # an exact repeat is duplicate-record's business
            prefs.add(pref)
            yield Finding.at(
                r,
                f'MX target "{exchange}" at {owner} has preference {pref} here and '
                f"{first_pref} at {first.where()}; a host listed twice is not a backup for "
                "itself; keep one preference and point the other at a different host",
                token=0,
            )
