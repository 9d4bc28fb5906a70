from collections.abc import Iterator

from mxlint.check.engine import Context
from mxlint.check.registry import rule
from mxlint.model import Finding


@rule("MX019", "out-of-zone", "warning")
def out_of_zone(ctx: Context) -> Iterator[Finding]:
    """A record whose owner is outside the zone's origin.

    A name server loading the zone ignores such a record, with a warning (BIND: "ignoring
    out-of-zone data"): it is never served. Usually a name that lost its trailing dot's
    meaning, an absolute name of another zone pasted in, or a wrong ``$ORIGIN``. The message
    names the origin and where it came from (the SOA record, a ``$ORIGIN``, a server
    configuration, ``origins:`` in the configuration, ``--origin``): if that origin is wrong,
    set the right one. Not reported when the origin is only a guess from the file name.

    Bad::

        $ORIGIN example.com.
        @                IN  SOA  ns1 hostmaster 1 7200 3600 1209600 300
        www.example.org. IN  A    192.0.2.80

    Good::

        $ORIGIN example.com.
        @                IN  SOA  ns1 hostmaster 1 7200 3600 1209600 300
        www              IN  A    192.0.2.80
    """
    if not ctx.zone.confirmed:
        return
    for p in ctx.zone.problems:
        if p.kind == "out-of-zone":
            yield Finding(p.path, p.line, p.col, p.message)
