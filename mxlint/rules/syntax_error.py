from collections.abc import Iterator

from mxlint.check.engine import Context
from mxlint.check.registry import rule
from mxlint.model import Finding


@rule("MX000", "syntax-error", "error")
def syntax_error(ctx: Context) -> Iterator[Finding]:
    """A record or directive that does not parse, or a file that cannot be read.

    The zone file loader reports every statement that the zone-file grammar rejects, then goes
    on with the next one, so one run shows all of them. What loads in BIND loads here: record
    types and forms that ``named-checkzone`` accepts are not syntax errors. It also reports
    records with no TTL, and unreadable, binary or non-UTF-8 files. An ``$INCLUDE`` that cannot
    be read here (missing, or outside the repository) is ``zone-identity``'s warning. Records outside the zone's origin are
    ``out-of-zone``'s business.

    Bad::

        mail  IN  MXX  10 mx.example.com.

    Good::

        mail  IN  MX   10 mx.example.com.
    """
    for p in ctx.zone.problems:
        if p.kind == "syntax":
            yield Finding(p.path, p.line, p.col, p.message)
