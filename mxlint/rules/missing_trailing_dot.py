from collections.abc import Iterator

import dns.name

from mxlint.engine import Context
from mxlint.model import MX, Finding
from mxlint.names import missing_dot_meaning
from mxlint.registry import rule


@rule("MX001", "missing-trailing-dot", "error")
def missing_trailing_dot(ctx: Context) -> Iterator[Finding]:
    """An MX target (or an owner name) written without the final dot it needed.

    In a zone file a name without a final dot is relative: the origin is appended. So in
    ``example.com`` an MX target written ``mail.example.com`` means
    ``mail.example.com.example.com.``, a host that does not exist, and mail bounces. The rule
    fires when the expansion repeats the origin, or when the last label is a public top-level
    domain (from the Public Suffix List) and the expanded name does not exist in any loaded
    zone. A dotted relative name that does exist (``mail.eu`` with its own A record) is fine.
    Owner names whose expansion repeats the origin are reported too.

    Bad::

        @  IN  MX  10 mail.example.com
        @  IN  MX  20 mx.provider.net

    Good::

        @  IN  MX  10 mail.example.com.
        @  IN  MX  20 mx.provider.net.
        @  IN  MX  30 mail
    """
    origin = ctx.zone.origin
    if origin is None:
        return
    olabels = dns.name.Name(origin.labels[:-1])
    n = len(olabels.labels)
    for rec in ctx.zone.records:
        # col 1: the owner was written on this line (not inherited from a blank owner).
        if rec.col == 1 and n and len(rec.owner.labels) >= 2 * n + 1:
            rel = rec.owner.relativize(origin)
            if dns.name.Name(rel.labels[-n:]) == olabels:
                short = dns.name.Name(rel.labels[:-n]).to_text()
                yield Finding.at(
                    rec,
                    f'owner "{rel}" has no trailing dot, so it means "{rec.owner}"; write '
                    f'"{rel.concatenate(dns.name.root)}" or the relative "{short}"',
                )
        if rec.rdtype != MX:
            continue
        meant = missing_dot_meaning(rec, ctx.zones, origin)
        if meant is not None:
            exchange = rec.exchange
            yield Finding.at(
                rec,
                f'MX target "{rec.tokens[1].text}" has no trailing dot, so it means '
                f'{exchange}; write "{meant}"',
                token=1,
            )
