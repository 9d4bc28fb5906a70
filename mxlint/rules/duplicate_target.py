from collections.abc import Iterator

import dns.name

from mxlint.engine import Context
from mxlint.model import Finding, Record
from mxlint.registry import rule


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
    seen: dict[tuple[dns.name.Name, dns.name.Name], list[Record]] = {}
    for rec in ctx.zone.mx_records():
        key = (rec.owner, rec.exchange)
        seen.setdefault(key, []).append(rec)
    for (owner, exchange), recs in seen.items():
        first = recs[0]
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
