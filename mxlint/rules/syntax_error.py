from collections.abc import Iterator
from typing import Final

from mxlint import safeopen
from mxlint.check.engine import Context
from mxlint.check.registry import rule
from mxlint.identity.dialect import server_for
from mxlint.model import MX, NS, SOA, Finding, Zone, nkey
from mxlint.zonefile.dialects import DIALECTS


@rule("MX000", "syntax-error", "error")
def syntax_error(ctx: Context) -> Iterator[Finding]:
    """A record or directive that does not parse, or a file that cannot be read.

    The zone file loader reports every statement that the zone-file grammar rejects, then goes
    on with the next one, so one run shows all of them. What loads in BIND loads here: record
    types and forms that ``named-checkzone`` accepts are not syntax errors. It also reports
    records with no TTL, a second SOA record at the apex with other data (BIND and NSD refuse
    the zone), NS records written ``IN NS ...`` from column 1 that leave the apex without NS
    (the class word is read as the owner; BIND and Knot refuse the zone), a first record that
    starts with a blank, with no owner written before it in its file or before the ``$INCLUDE``
    that reads the file (BIND and Knot refuse the zone; not said where NSD, which loads it,
    is known to), a file that a server configuration loads as a zone's own file but that holds
    no SOA record at the zone's apex (BIND, NSD and Knot all refuse such a zone; said only when
    every file of the zone was read and nothing else in it failed to load), and unreadable or
    binary files. An ``$INCLUDE`` that cannot
    be read here (missing, or outside the repository) is ``zone-identity``'s warning.
    A record another server accepts (PowerDNS's ``ALIAS``, gdnsd's ``DYNA``, a provider's
    ``ANAME``, a TXT string over 255 octets; an NS record at a wildcard owner, ``* IN NS``,
    for which BIND refuses the zone and Knot and NSD load it, not said for PowerDNS, gdnsd or a
    provider, untried) is an error only when the server that loads the
    zone, found from the repository (a ``pdns.conf``, gdnsd's ``config``, a provider's export
    header, a header that names the server the file is for, else the ``named.conf``,
    ``nsd.conf`` or ``knot.conf`` that loads the file; BIND when nothing says), refuses it; the
    message names that server. Records outside the zone's origin are ``out-of-zone``'s
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
            feature = p.kind.removeprefix("dialect:")
            message = _dialect(feature, zone.server, p.message, zone.loaders)
            if message is not None:
                yield Finding(p.path, p.line, p.col, message)
    yield from _wildcard_ns(zone)
    yield from _second_soa(zone)
    yield from _class_as_owner(zone)
    yield from _no_owner(zone)
    yield from _configured_without_soa(zone)


def _configured_without_soa(zone: Zone) -> Iterator[Finding]:
    """A zone whose file a server configuration (named.conf, nsd.conf, knot.conf) loads as
    the zone's own file, with records but no SOA record at all: BIND ("has 0 SOA
    records"), NSD and Knot refuse to load it, so nothing in it is served. Only from complete
    knowledge: every file of the zone read, a primary's file (not a secondary's copy), no
    statement that failed to load (the SOA may be the line that did not: a template's
    ``{{serial}}``), and BIND, NSD or Knot the server (not PowerDNS or gdnsd)."""
    if zone.origin is None or zone.context or zone.evidence.kind != "server":
        return
    if zone.server is not None:
        return  # PowerDNS, gdnsd or a provider loads it (what they do is not known here)
    if not zone.complete or not len(zone.records) or zone.problems or zone.unloaded_owners:
        return  # (a line that did not load, a template's placeholder, may be the SOA)
    if SOA in zone.records.types:
        return  # (an SOA at another name: out-of-zone says why the zone does not load)
    served = "its MX records included" if MX in zone.records.types else None
    yield Finding(
        zone.path,
        1,
        1,
        f"zone {zone.origin} has no SOA record: {zone.evidence.source} loads this file as the "
        "zone's own file, and a zone without an SOA record at its apex does not load (BIND: "
        '"has 0 SOA records"; NSD and Knot refuse it too), so none of its records'
        + (f", {served}," if served else "")
        + " is served; put the zone's SOA record (and its NS records) at the top of this "
        "file, or, if the file is a part that another zone file $INCLUDEs, take it out of "
        "the configuration",
    )


def _second_soa(zone: Zone) -> Iterator[Finding]:
    """SOA records at the apex after the first, with other data: BIND refuses the zone
    ("multiple RRs of singleton type"), and so does NSD; said only where one of them loads
    the zone (BIND when nothing names a server; Knot, checked, loads it)."""
    if zone.origin is None:
        return
    soas = [r for r in zone.at(nkey(zone.origin)) if r.rdtype == SOA]
    if len(soas) < 2:
        return
    if zone.server is not None or (zone.loaders and not zone.loaders & {"bind", "nsd"}):
        return  # another server loads it: what it does with a second SOA is not known here
    first = soas[0]
    for rec in soas[1:]:
        if rec.rdata_text() == first.rdata_text():
            continue  # the same data: BIND keeps one
        yield Finding.at(
            rec,
            f"a second SOA record for {zone.origin} (the first is at line {first.line}"
            + ("" if rec.path == first.path else f" of {first.path}")
            + "): a zone has one SOA, and BIND and NSD refuse to load this one (multiple "
            "records of a single-record type); delete one of them, or move the records after "
            "this one into their own zone file",
        )


# The servers whose configurations name the files they load (Model: Zone.loaders).
_LOADER_NAMES = {"bind": "BIND", "nsd": "NSD", "knot": "Knot"}


def _dialect(
    feature: str, server: str | None, message: str, loaders: frozenset[str] = frozenset()
) -> str | None:
    """What to say of a line BIND refuses and other servers accept (None: the server that
    loads the zone accepts it). The server is the one the repository names for the file
    (``server``), else the servers whose configurations load it (``loaders``), else BIND."""
    assumed = _refusing(feature, server, loaders)
    if assumed is None:
        return None
    accepting, what = DIALECTS[feature]
    others = " and ".join(sorted(accepting))
    return (
        f"{message}: the server that loads this zone ({assumed}) refuses it; it is {what}, "
        f"which {others} accept{'s' if len(accepting) == 1 else ''}: if the zone is loaded "
        "there, this line is not an error"
    )


def _refusing(feature: str, server: str | None, loaders: frozenset[str]) -> str | None:
    """The server that loads the zone and refuses ``feature``, and how mxlint knows (None: it
    accepts it): see :func:`_dialect`."""
    accepting = DIALECTS[feature][0]
    if server in accepting:
        return None
    if server is None and loaders:
        refusing = sorted(_LOADER_NAMES.get(x, x) for x in loaders)
        refusing = [x for x in refusing if x not in accepting]
        if not refusing:
            return None
        return f"{' and '.join(refusing)}, whose configuration in the repository loads it"
    if server is None:
        return "BIND, assumed: nothing in the repository names another server"
    return server


# The class mnemonics (RFC 1035 3.2.4, BIND's CHAOS and HESIOD): in column 1 each is an owner.
_CLASS_WORDS: Final = (b"in", b"ch", b"hs", b"cs")


def _class_as_owner(zone: Zone) -> Iterator[Finding]:
    """NS records written ``IN NS ...`` from column 1, when the apex has no NS record: the
    class word is read as the owner (``IN.<origin>``), the apex is left without NS, and BIND
    and Knot refuse the zone ("has no NS records"; NSD loads it). Said only of a zone read
    whole whose file holds its SOA, and not where another server is known to load it."""
    if zone.origin is None or not zone.complete:
        return
    if zone.server is not None or (zone.loaders and not zone.loaders & {"bind", "knot"}):
        return  # NSD loads a zone without NS at its apex; others are not known here
    okey = nkey(zone.origin)
    apex = zone.types_at(okey)
    if SOA not in apex or NS in apex:
        return
    for word in _CLASS_WORDS:
        for rec in zone.at(word + b"\x00" + okey):
            if rec.rdtype != NS or rec.col != 1:
                continue
            label = rec.owner.labels[0].decode("ascii", "replace")
            yield Finding(
                rec.path,
                rec.line,
                1,
                f'"{label}" in column 1 is read as the owner, so this NS record is at '
                f"{rec.owner} and the zone apex {zone.origin} has no NS record "
                f"({zone.origin_note(rec.path)}): BIND and Knot refuse to load the zone "
                '("has no NS records"); start the line with a blank, so that it keeps the '
                'owner of the line before, or write the owner first ("@ IN NS ...")',
            )


def _no_owner(zone: Zone) -> Iterator[Finding]:
    """A first record that starts with a blank (no owner written before it, in the file or
    before the ``$INCLUDE`` that reads it): BIND ("no current owner name") and Knot refuse the
    zone; NSD gives the record the zone's name. Not said where another server is known to
    load the zone (NSD from its configuration, or a server the repository names)."""
    problems = [p for p in zone.problems if p.kind == "no-owner"]
    if not problems:
        return
    if zone.server is not None or (zone.loaders and not zone.loaders & {"bind", "knot"}):
        return  # NSD loads it (others are not known here)
    if not zone.loaders and server_for(zone.path) is not None:
        return  # PowerDNS or gdnsd loads it (asked only here: rarely needed)
    for p in problems:
        yield Finding(p.path, p.line, p.col, p.message)


def _wildcard_ns(zone: Zone) -> Iterator[Finding]:
    """NS records at a wildcard owner (``*``, ``*.sub``; an escaped ``\\*`` too): BIND refuses
    the zone ("invalid NS owner name (wildcard)"), Knot and NSD load it (DIALECTS, feature
    ``NS-WILDCARD``). Said only where BIND may load the zone: not where the repository names
    PowerDNS, gdnsd or a provider for the file (what they do is not known here)."""
    rows = zone.records
    keys = rows.keys
    wild = [i for i in rows.rows((NS,)) if keys[i][:2] == b"*\x00"]
    if not wild:
        return  # (almost every zone)
    if not zone.loaders:
        try:
            head = safeopen.read_head(zone.path, 65536).decode("utf-8", "replace")
        except OSError:
            head = None
        if server_for(zone.path, head) is not None:
            return  # PowerDNS, gdnsd or a provider's import loads it
    assumed = _refusing("NS-WILDCARD", None, zone.loaders)
    if assumed is None:
        return  # NSD or Knot loads it, and not BIND
    accepting = " and ".join(sorted(DIALECTS["NS-WILDCARD"][0]))
    mx = ", its MX included" if MX in rows.types else ""
    for i in wild:
        rec = rows.record(i)
        yield Finding.at(
            rec,
            f"NS record at the wildcard owner {zone.show(rec.owner)}: the server that loads the "
            f'zone ({assumed}) refuses to load it ("invalid NS owner name (wildcard)"), so none '
            f"of its records is served{mx}; a wildcard does not delegate (RFC 4592 4.2): give each "
            f"delegated name NS records of its own, or delete this line ({accepting} load such a "
            "zone: if one of them loads it, this line is not an error)",
        )
