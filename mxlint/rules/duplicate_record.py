from collections.abc import Iterator

from mxlint.check.engine import Context
from mxlint.check.names import MxTargets, mx_targets
from mxlint.check.registry import rule
from mxlint.model import Finding, Record


@rule("MX005", "duplicate-record", "warning")
def duplicate_record(ctx: Context) -> Iterator[Finding]:
    """The same MX record (preference and target) written twice at one owner.

    Name servers merge identical records, so the second line does nothing; it usually means an
    edit went wrong (a host meant to be replaced was added again). Names compare
    case-insensitively. Both lines are reported; delete the later one (``--fix`` does).

    Bad::

        @  IN  MX  10 mail.example.com.
        @  IN  MX  10 MAIL.example.com.

    Good::

        @  IN  MX  10 mail.example.com.
    """
    table = mx_targets(ctx.zone, ctx.zones)
    for group in table.repeated_groups():  # most owners list distinct hosts: none
        yield from _repeats(group, table)


def _repeats(group: list[Record], table: MxTargets) -> Iterator[Finding]:
    """Findings for the repeated MX records of one owner's (small) MX set."""
    seen: dict[tuple[int, int], list[Record]] = {}
    for rec in group:  # a target's slot stands for its key
        seen.setdefault((rec.preference, table.slot(rec)), []).append(rec)
    for recs in seen.values():
        if len(recs) < 2:
            continue
        first = recs[0]
        owner, pref, exchange = first.owner, first.preference, first.exchange
        later = ", ".join(r.where() for r in recs[1:])
        yield Finding.at(
            first,
            f'MX {pref} "{exchange}" at {owner} is written again at {later}; name servers '
            "keep one copy, so the repeat does nothing; delete the repeated line",
            token=1,
        )
        for r in recs[1:]:
            yield Finding.at(
                r,
                f'MX {pref} "{exchange}" at {owner} repeats {first.where()}; name servers keep '
                "one copy; delete this line",
                token=1,
            )
