from collections.abc import Iterator

from mxlint.check.engine import Context
from mxlint.check.registry import Registry, rule
from mxlint.model import Finding
from mxlint.stages import suppress


@rule("MX017", "invalid-directive", "warning")
def invalid_directive(ctx: Context) -> Iterator[Finding]:
    """An inline ``; mxlint:`` directive that names an unknown rule or is malformed.

    Suppressions are written in zone file comments: ``; mxlint: disable=RULE[,RULE]`` on a
    record's line, ``; mxlint: disable-next-line=...`` above it, ``; mxlint: disable-file=...``
    anywhere, with rule names, codes or ``all``. A directive with a misspelt rule silences
    nothing, so the problem it was meant to acknowledge comes back, or worse, a real one goes
    unnoticed later; it is reported so it can be corrected.

    Bad::

        @  IN  MX  10 mail  ; mxlint: disable=single-mx-typo

    Good::

        @  IN  MX  10 mail  ; mxlint: disable=single-mx
    """
    registry = ctx.registry or Registry.load(plugins=False)
    directives = suppress.scan_zones([ctx.zone])
    for ds in directives.values():
        for d, bad in suppress.unknown_names(ds, registry):
            yield Finding(d.path, d.line, d.col, suppress.describe(d, bad, registry))
