import itertools
import operator
from collections.abc import Callable, Iterable, Iterator

import dns.name

from mxlint.check.engine import Context
from mxlint.check.names import MxTargets, exchange_token, missing_dot_meaning, mx_targets
from mxlint.check.registry import rule
from mxlint.model import MX, Finding, Record, Zone, nkey


@rule("MX001", "missing-trailing-dot", "error")
def missing_trailing_dot(ctx: Context) -> Iterator[Finding]:
    """An MX target, an owner name or a ``$ORIGIN`` written without the final dot it needed.

    In a zone file a name without a final dot is relative: the origin is appended. So in
    ``example.com`` an MX target written ``mail.example.com`` means
    ``mail.example.com.example.com.``, a host that does not exist, and mail bounces. The rule
    fires when the expansion repeats the origin, or when the last label is a public top-level
    domain (from the Public Suffix List) and the expanded name does not exist in the zone. A
    dotted relative name that does exist (``mail.eu`` with its own A record) is fine. Owner
    names whose expansion repeats the origin are reported too (under a one-label origin, where
    ``www.one`` in zone ``one.`` may be the name meant, only when the name it was meant as sits
    under a name of the zone and the name it makes under nothing), and a ``$ORIGIN`` that
    repeats it (``$ORIGIN dl.example.com`` under ``example.com.``): reported once, at the
    ``$ORIGIN`` line, and the names after it are read as meant, so one missing dot is one
    diagnostic. The message names the origin and where it came from (the SOA record, a
    ``$ORIGIN``, a server configuration, ...); when the origin is only a guess, only the
    public-TLD case is reported, worded without the expansion.

    Bad::

        @  IN  MX  10 mail.example.com
        @  IN  MX  20 mx.provider.net

    Good::

        @  IN  MX  10 mail.example.com.
        @  IN  MX  20 mx.provider.net.
        @  IN  MX  30 mail
    """
    zone = ctx.zone
    origin = zone.origin
    if origin is None:
        return
    for fix in zone.origin_fixes:
        yield Finding(
            fix.path,
            fix.line,
            fix.col,
            f'$ORIGIN "{fix.written}" has no trailing dot, so it means {fix.used} '
            f'({zone.origin_note(fix.path)}), and every name after it too; write "{fix.meant}" '
            "(the names after it were read as that)",
        )
    olabels = dns.name.Name(origin.labels[:-1])
    n = len(olabels.labels)
    # An owner that repeats the origin has a key ending in the origin's key twice (keys are
    # lower-cased, as Name equality is): a cheap test that passes every owner the exact test
    # below would take, so most records build no relative Name.
    twice = nkey(olabels) + b"\x00" + nkey(origin)
    sep_twice = b"\x00" + twice
    meanings: dict[tuple[str, int], str | None] = {}
    owners = bool(zone.confirmed and n)  # whether an owner can repeat the origin
    # Whether any owner key is ``twice`` or ends in ``sep_twice``: asked of the owner index
    # in C, by one search of its keys joined by newlines (a key that passes ends a line; a
    # key holding a newline, or one that does not pass but ends a line so, leads to the
    # exact test of every key).
    if owners:
        index = zone.owners()
        if twice not in index and not (
            _maybe_ends(index, sep_twice) and any(map(_ends(sep_twice), index))
        ):
            owners = False  # no owner key passes the cheap test: only MX records are read
    table = mx_targets(zone, ctx.zones)
    # the exchanges written without a final dot, not IP literals, of two labels or more: the
    # only ones missing_dot_meaning reads further
    dotted = table.dotted_written()
    records: Iterable[tuple[Record, str | None]] = (
        ((r, None) for r in zone.records)
        if owners
        else _dotted(table, dotted)
        if dotted
        else ()  # no owner, no MX target to look at (most zones)
    )
    for rec, text in records:
        # col 1: the owner was written on this line (not inherited from a blank owner).
        if (
            owners
            and rec.col == 1
            and ((key := rec.key) == twice or key.endswith(sep_twice))
            and len(rec.owner.labels) >= 2 * n + 1
            and (rec.path, rec.line) not in zone.absolute_owners
        ):
            rel = rec.owner.relativize(origin)
            if dns.name.Name(rel.labels[-n:]) == olabels and (n > 1 or _lost_dot(zone, rel)):
                short = dns.name.Name(rel.labels[:-n]).to_text()
                yield Finding.at(
                    rec,
                    f'owner "{rel}" has no trailing dot, so it means "{rec.owner}" '
                    f'({zone.origin_note(rec.path)}); write "{rel.concatenate(dns.name.root)}" or '
                    f'the relative "{short}"',
                )
        if rec.rdtype != MX:
            continue
        if owners:
            text = exchange_token(rec)
        if text not in dotted:
            continue  # most targets: written absolute or one label (missing_dot_meaning)
        assert text is not None
        # The meaning depends on the text written and the name it made (zones repeat a few
        # targets on every host): asked once per distinct pair.
        memo = (text, id(rec.exchange))  # the records hold the names: ids stay unique
        if memo in meanings:
            meant = meanings[memo]
        else:
            meant = meanings[memo] = missing_dot_meaning(rec, ctx.zones, zone)
        if meant is None:
            continue
        written = rec.tokens[1].text
        if zone.confirmed:
            means = f"it means {rec.exchange} ({zone.origin_note(rec.path)})"
        else:
            means = f"the zone's origin is appended to it ({written}.<origin>)"
        yield Finding.at(
            rec,
            f'MX target "{written}" has no trailing dot, so {means}; write "{meant}"',
            token=1,
        )


def _maybe_ends(keys: Iterable[bytes], end: bytes) -> bool:
    """False only if no key of ``keys`` ends with ``end``: a key that does ends a line of the
    keys joined by newlines (True may be wrong: a key or ``end`` holding a newline)."""
    return end + b"\n" in b"\n".join(keys) + b"\n"


def _ends(end: bytes) -> Callable[[bytes], bool]:
    return operator.methodcaller("endswith", end)


def _dotted(table: MxTargets, dotted: frozenset[str]) -> Iterator[tuple[Record, str | None]]:
    """The MX records whose exchange was written as one of ``dotted``, with that text (only
    those records are made)."""
    written = table.written()
    for i in itertools.compress(range(len(written)), map(dotted.__contains__, written)):
        yield table.record(i), written[i]  # (the records found in C)


def _lost_dot(zone: Zone, rel: dns.name.Name) -> bool:
    """Under a one-label origin, whether the owner written ``rel`` (relative, ending in the
    origin's label: ``global.app.internal`` in zone ``internal.``) lost its final dot: the name
    it was meant as lies under a name of the zone that has records (``app.internal.``), and
    the name it makes (``global.app.internal.internal.``) under one that has none. A lab's
    ``www.one`` in zone ``one.``, meant under ``one.one.``, is left alone."""
    if len(rel.labels) < 3:
        return False  # meant at the apex or just below it: as likely the name it makes
    origin = zone.origin
    assert origin is not None  # (the rule runs only for a zone with one)
    meant_parent = dns.name.Name(rel.labels[1:]).concatenate(dns.name.root)
    made_parent = dns.name.Name(rel.labels[1:]).concatenate(origin)
    return bool(zone.at(nkey(meant_parent))) and not zone.at(nkey(made_parent))
