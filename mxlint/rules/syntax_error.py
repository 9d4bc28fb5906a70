from collections.abc import Iterator

from mxlint.engine import Context
from mxlint.model import Finding
from mxlint.registry import rule


@rule("MX000", "syntax-error", "error")
def syntax_error(ctx: Context) -> Iterator[Finding]:
    """A record or directive that does not parse, or a zone whose origin is unknown.

    The zone file loader reports every statement that dnspython's zone-file grammar rejects,
    then goes on with the next one, so one run shows all of them. It also reports what a name
    server would silently ignore or refuse: records outside the zone's origin, records with no
    TTL, unreadable, binary or non-UTF-8 files, and ``$INCLUDE`` files that are missing or
    outside the repository.

    Bad::

        mail  IN  MXX  10 mx.example.com.

    Good::

        mail  IN  MX   10 mx.example.com.
    """
    for p in ctx.zone.problems:
        yield Finding(p.path, p.line, p.col, p.message)
