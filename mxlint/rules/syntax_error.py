from collections.abc import Iterator

from mxlint.check.engine import Context
from mxlint.check.registry import rule
from mxlint.model import Finding
from mxlint.zonefile.dialects import DIALECTS


@rule("MX000", "syntax-error", "error")
def syntax_error(ctx: Context) -> Iterator[Finding]:
    """A record or directive that does not parse, or a file that cannot be read.

    The zone file loader reports every statement that the zone-file grammar rejects, then goes
    on with the next one, so one run shows all of them. What loads in BIND loads here: record
    types and forms that ``named-checkzone`` accepts are not syntax errors. It also reports
    records with no TTL, and unreadable, binary or non-UTF-8 files. An ``$INCLUDE`` that cannot
    be read here (missing, or outside the repository) is ``zone-identity``'s warning.
    A record another server accepts (PowerDNS's ``ALIAS``, gdnsd's ``DYNA``, a provider's
    ``ANAME``, a TXT string over 255 octets) is an error only when the server that loads the
    zone, found from the repository (a ``pdns.conf``, gdnsd's ``config``, a provider's export
    header, a header that names the server the file is for; BIND when nothing says), refuses
    it; the message names that server. Records outside the zone's origin are ``out-of-zone``'s
    business.

    Bad::

        mail  IN  MXX  10 mx.example.com.

    Good::

        mail  IN  MX   10 mx.example.com.
    """
    zone = ctx.zone
    for p in zone.problems:
        if p.kind == "syntax":
            yield Finding(p.path, p.line, p.col, p.message)
        elif p.kind.startswith("dialect:"):
            message = _dialect(p.kind.removeprefix("dialect:"), zone.server, p.message)
            if message is not None:
                yield Finding(p.path, p.line, p.col, message)


def _dialect(feature: str, server: str | None, message: str) -> str | None:
    """What to say of a line BIND refuses and other servers accept (None: the server that
    loads the zone accepts it)."""
    accepting, what = DIALECTS[feature]
    if server in accepting:
        return None
    others = " and ".join(sorted(accepting))
    assumed = (
        "BIND, assumed: nothing in the repository names another server"
        if server is None
        else server
    )
    return (
        f"{message}: the server that loads this zone ({assumed}) refuses it; it is {what}, "
        f"which {others} accept{'s' if len(accepting) == 1 else ''}: if the zone is loaded "
        "there, this line is not an error"
    )
