import itertools
import operator
from collections.abc import Iterator
from typing import Final

import dns.rdatatype

from mxlint.check.engine import Context
from mxlint.check.registry import rule
from mxlint.model import CNAME, Finding, Record, Zone, nkey

# Types allowed beside a CNAME (DNSSEC and KEY, as dnspython's NodeKind and RFC 2181 say).
_NEUTRAL = frozenset(
    (dns.rdatatype.RRSIG, dns.rdatatype.NSEC, dns.rdatatype.NSEC3, dns.rdatatype.KEY)
)


_CNAME_ONLY: Final = (CNAME,)  # (Records.of_types)


def _alone(zone: Zone) -> bool:
    """True if every CNAME is the only record at its name (:meth:`Zone.rows_at` of its owner
    is its own row alone), found in C over the CNAME rows: each starts the one run of rows of
    its owner in the owner index (:meth:`Zone.owners`) and the row after it, if any, has
    another key."""
    rows = zone.records
    keys = rows.keys
    cnames = list(rows.rows_of(_CNAME_ONLY))
    if not cnames:
        return True
    index = zone.owners()
    if cnames[-1] == len(keys) - 1:  # the last row: no row after it
        if index[keys[-1]] != len(keys) - 1:
            return False
        cnames.pop()
    owners = list(map(keys.__getitem__, cnames))
    after = map(keys.__getitem__, map(operator.add, cnames, itertools.repeat(1)))
    first = map(operator.eq, map(index.__getitem__, owners), cnames)  # (rows of one run)
    return all(map(operator.and_, first, map(operator.ne, after, owners)))


@rule("MX011", "cname-and-other-data", "error")
def cname_and_other_data(ctx: Context) -> Iterator[Finding]:
    """A name that owns a CNAME and any other data (or two different CNAMEs).

    A CNAME makes its owner an alias for another name: nothing else may live there (RFC 1034
    3.6.2, RFC 2181 10.1). BIND refuses to load such a zone and other servers answer
    inconsistently; an MX beside a CNAME at the zone apex is the classic case. Move the other
    records to the alias's target, or replace the CNAME with the records it should resolve to.

    Bad::

        www  IN  CNAME  web.example.net.
        www  IN  MX     10 mail.example.com.

    Good::

        www  IN  CNAME  web.example.net.
    """
    zone, rows = ctx.zone, ctx.zone.records
    if _alone(zone):
        return  # every CNAME is the only record at its name (most zones)
    found: dict[bytes, list[int]] = {}  # the CNAME rows by owner, in file order (no record made)
    for i in rows.rows(_CNAME_ONLY):
        found.setdefault(rows.keys[i], []).append(i)
    cnames: dict[bytes, list[Record]] = {}  # the CNAME records of the names that can clash
    for key, at in found.items():
        if len(zone.rows_at(key)) > 1:  # (most aliases are alone at their name: no clash)
            cnames[key] = list(map(rows.record, at))
    if not cnames:
        return
    others: dict[bytes, list[Record]] = {}
    # the owner index (Zone.rows_at): no second pass over every record
    for key in cnames:
        if len(zone.rows_at(key)) == 1:
            continue  # one record at the name (most aliases): the CNAME itself, no clash
        clash = [r for r in ctx.zone.at(key) if r.rdtype != CNAME and r.rdtype not in _NEUTRAL]
        if clash:
            others[key] = clash
    for key, recs in cnames.items():
        first = recs[0]
        clash = others.get(key, [])
        if clash:
            what = ", ".join(f"{r.type_name} at {r.where()}" for r in clash[:3])
            more = f" and {len(clash) - 3} more" if len(clash) > 3 else ""
            yield Finding.at(
                first,
                f'"{first.owner}" has a CNAME and other data ({what}{more}); a CNAME must be the '
                "only record at its name, so servers refuse the zone or ignore one of them; "
                "move the other records to the CNAME's target or replace the CNAME",
            )
        if len(recs) == 1:
            continue  # one CNAME: no second one
        first_target = nkey(first.target)
        if len({nkey(r.target) for r in recs}) > 1:
            for r in recs[1:]:
                if nkey(r.target) == first_target:
                    continue
                yield Finding.at(
                    r,
                    f'"{first.owner}" has a second CNAME (to "{r.target}", first at '
                    f"{first.where()}); a name can be an alias for one name only; keep one",
                )
