from collections.abc import Iterator

from mxlint.check.engine import Context
from mxlint.check.registry import rule
from mxlint.model import Finding


@rule("MX016", "unverifiable-target", "info", enabled=False)
def unverifiable_target(ctx: Context) -> Iterator[Finding]:
    """An MX target outside every loaded zone, listed so a reviewer knows what was not checked.

    mxlint works offline: a target in a zone it did not load cannot be looked up, so rules
    such as ``missing-address`` and ``cname-target`` say nothing about it. This rule lists
    those targets. Load the target's zone with ``--context`` to have it checked. Off by
    default: enable with ``--enable unverifiable-target``.

    Bad::

        @  IN  MX  10 mx.elsewhere.example.

    Good::

        @     IN  MX  10 mail
        mail  IN  A      192.0.2.25
    """
    for rec in ctx.zone.mx_records():
        exchange = rec.exchange
        if len(exchange.labels) == 1 or ctx.zones.target(exchange, ctx.zone).zone is not None:
            continue
        yield Finding.at(
            rec,
            f'MX target "{exchange}" is outside every loaded zone, so mxlint could not check '
            "that it exists and has an address; pass its zone with --context to check it",
            token=1,
        )
