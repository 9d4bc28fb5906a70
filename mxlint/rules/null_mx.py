from collections.abc import Iterator

import dns.name

from mxlint.check.engine import Context
from mxlint.check.names import mx_targets
from mxlint.check.registry import rule
from mxlint.model import Finding

_ROOT = dns.name.root.labels


@rule("MX008", "null-mx", "error")
def null_mx(ctx: Context) -> Iterator[Finding]:
    """A null MX (``MX 0 .``) beside other MX records, or with a preference other than 0.

    RFC 7505: a null MX says the domain accepts no mail at all. It must be the only MX of its
    owner; beside another MX it contradicts it, and senders differ in which one they believe
    (RFC 7505 3.3). Its preference must be 0; another value is a warning. Remove the null MX
    if the domain takes mail, or the other MX records if it does not.

    Bad::

        @  IN  MX  0  .
        @  IN  MX  10 mail.example.com.
        www IN MX  10 .

    Good::

        @   IN  MX  10 mail.example.com.
        www IN  MX  0  .
    """
    if b"" not in mx_targets(ctx.zone, ctx.zones).keys:  # the root's key (nkey), in C
        return  # no null MX in the zone (each distinct target looked at once)
    for recs in ctx.zone.mx_by_owner().values():
        nulls = [r for r in recs if r.exchange.labels == _ROOT]  # the root name
        if not nulls:
            continue
        owner = recs[0].owner
        others = [r for r in recs if r not in nulls]
        for n in nulls:
            if others:
                o = others[0]
                yield Finding.at(
                    n,
                    f"null MX says {owner} accepts no mail, but {owner} also has MX "
                    f'{o.preference} "{o.exchange}" at {o.where()}; '
                    "senders disagree on which to believe (RFC 7505 3.3); remove the null MX "
                    "if it takes mail, or the other MX records if it does not",
                    token=1,
                )
            pref = n.preference
            if pref != 0:
                yield Finding.at(
                    n,
                    f"null MX at {owner} has preference {pref}; RFC 7505 3 asks for 0: "
                    'write "MX 0 ."',
                    token=0,
                    severity="warning",
                )
