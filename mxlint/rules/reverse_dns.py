from __future__ import annotations

import ipaddress
from collections.abc import Iterator

import dns.name
import dns.reversename

from mxlint.check.engine import Context
from mxlint.check.mailpath import PTR, all_whole, has_reverse_zone, reverse_origin
from mxlint.check.names import exchange_defect, per_target
from mxlint.check.registry import rule
from mxlint.model import CNAME, Finding, Record, Zone, ZoneSet

_HOPS = 8  # CNAMEs followed from a reverse name (RFC 2317 delegation inside the repository)


@rule("MX026", "reverse-dns", "warning")
def reverse_dns(ctx: Context) -> Iterator[Finding]:
    """An MX host whose address has no PTR record, or a PTR that does not lead back to it,
    in a reverse zone the repository holds.

    Receivers check the reverse DNS of the host that sends to them (a PTR record for its
    address whose name has that address again: forward-confirmed reverse DNS), and a site's MX
    hosts usually send its mail too: without it their mail is refused or marked as spam. The
    rule looks only at addresses whose reverse zone (``in-addr.arpa`` or ``ip6.arpa``) was
    loaded, read whole, and keeps the name in the repository (not delegated away; a CNAME of
    RFC 2317 is followed while it stays in loaded zones). A PTR name outside the loaded zones
    is not guessed at. Add the PTR record, or correct it to name the MX host.

    Bad::

        @     IN  MX  10 mail
        mail  IN  A      192.0.2.25
        ; and in 2.0.192.in-addr.arpa: no record at 25

    Good::

        @     IN  MX  10 mail
        mail  IN  A      192.0.2.25
        ; and in 2.0.192.in-addr.arpa:
        25    IN  PTR    mail.example.com.
    """
    zone, zones = ctx.zone, ctx.zones
    if zone.origin is None or not has_reverse_zone(zones):
        return  # no reverse zone loaded: nothing to look up

    def verdict(host: dns.name.Name) -> str | None:
        return _verdict(zones, zone, host)

    for rec, message in per_target(zone, verdict, zones):
        if not exchange_defect(rec, zones):
            yield Finding.at(rec, message, token=1)


def _verdict(zones: ZoneSet, zone: Zone, host: dns.name.Name) -> str | None:
    t = zones.target(host, zone)
    if t.zone is None or t.aliases or t.dname is not None or t.delegated:
        return None
    problems = []
    for a in t.addresses:
        found = _check(zones, host, a.address)
        if found is not None:
            problems.append(found)
    if not problems:
        return None
    return "; ".join(problems) + (
        "; receivers check the reverse DNS of the host that sends to them, and a site's MX "
        "hosts usually send its mail too: without it their mail may be refused or marked as "
        "spam"
    )


def _check(zones: ZoneSet, host: dns.name.Name, address: str) -> str | None:
    """What is wrong with the reverse DNS of ``address`` of ``host`` (None: nothing, or
    nothing certain)."""
    try:
        addr = ipaddress.ip_address(address)
    except ValueError:
        return None
    name = dns.reversename.from_address(address)
    first = name
    for _ in range(_HOPS):
        rz = zones.zone_for(name)
        if rz is None or not reverse_origin(rz.origin):
            return None  # the reverse zone is not in the repository
        if not all_whole(zones, rz):
            return None
        if zones.delegation_above(name, rz) is not None or zones.dname_above(name, rz) is not None:
            return None  # the name is served elsewhere
        recs = zones.records_at(name, None, rz) or zones.wildcard_for(name, rz)
        aliases = [r for r in recs if r.rdtype == CNAME]
        if aliases:
            name = aliases[0].target
            continue
        ptrs = [r for r in recs if r.rdtype == PTR]
        if not ptrs:
            via = "" if name == first else f" (reached through CNAME from {first})"
            return (
                f'MX host "{host}" has address {address}, but reverse zone {rz.origin} has no '
                f'PTR record for {name}{via}: add "{name} IN PTR {host}"'
            )
        return _confirmed(zones, host, addr, address, ptrs)
    return None


def _confirmed(
    zones: ZoneSet,
    host: dns.name.Name,
    addr: ipaddress.IPv4Address | ipaddress.IPv6Address,
    address: str,
    ptrs: list[Record],
) -> str | None:
    """None if a PTR name of ``address`` has it again (or cannot be told), else why not."""
    shown = []
    for p in ptrs:
        target: dns.name.Name = p.target
        t = zones.target(target, None)
        if t.zone is None or t.aliases or t.dname is not None or t.delegated:
            return None  # a name outside the loaded zones: not guessed at
        if not all_whole(zones, t.zone):
            return None
        found = set()
        for a in t.addresses:
            try:
                found.add(ipaddress.ip_address(a.address))
            except ValueError:
                return None
        if addr in found:
            return None
        has = ", ".join(sorted(str(a) for a in found)) or "no address"
        shown.append(f"{target} (which has {has}, at {p.where()})")
    names = " and ".join(shown)
    return (
        f'MX host "{host}" has address {address}, whose PTR names {names}: the reverse DNS is '
        f"not forward-confirmed; point the PTR at {host} or give its name the address {address}"
    )
