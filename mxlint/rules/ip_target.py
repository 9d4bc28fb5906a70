from collections.abc import Iterator

from mxlint.check.engine import Context
from mxlint.check.names import mx_targets
from mxlint.check.registry import rule
from mxlint.model import Finding


@rule("MX002", "ip-target", "error")
def ip_target(ctx: Context) -> Iterator[Finding]:
    """An MX target that is an IP address instead of a host name.

    An MX record names a host (RFC 1035 3.3.9, RFC 5321 5.1); senders look up that name's A and
    AAAA records. ``192.0.2.25`` is read as a relative name (``192.0.2.25.example.com.``) or,
    with a final dot, as a name under a top-level domain ``25``: neither exists and mail is not
    delivered. Give the address a name and point the MX at it.

    Bad::

        @     IN  MX  10 192.0.2.25
        @     IN  MX  20 2001:db8::25.

    Good::

        @     IN  MX  10 mail
        mail  IN  A      192.0.2.25
        mail  IN  AAAA   2001:db8::25
    """
    table = mx_targets(ctx.zone, ctx.zones)
    ips = table.ip_written()  # ip_literal of each distinct text written (most zones: none)
    if not ips:
        return
    for rec, text in zip(table.records, table.written(), strict=True):
        if text is None:
            continue
        addr = ips.get(text)
        if addr is None:
            continue
        rr = "A" if addr.version == 4 else "AAAA"
        if ctx.zone.confirmed or text.endswith("."):
            looked_up = f'"{rec.exchange}" ({ctx.zone.origin_note(rec.path)})'
            if text.endswith("."):
                looked_up = f'"{rec.exchange}"'
        else:
            looked_up = f'"{text}" with the origin appended'
        yield Finding.at(
            rec,
            f'MX target "{text}" is an IP address, but an MX must name a host: senders look '
            f'up {looked_up} and find nothing; add "mail IN {rr} {addr}" '
            'and write "mail" as the target',
            token=1,
        )
