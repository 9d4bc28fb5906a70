from __future__ import annotations

from collections.abc import Iterator

import dns.name

from mxlint.check.engine import Context
from mxlint.check.mailpath import (
    DNSKEY,
    TLSA,
    Findings,
    all_whole,
    kept_tlsa,
    per_run,
    tlsa_fields,
)
from mxlint.check.registry import rule
from mxlint.model import Finding, Record, Zone, ZoneSet, nkey

_DIGEST = {1: (32, "SHA-256"), 2: (64, "SHA-512")}
_USAGES = {0: "PKIX-TA", 1: "PKIX-EE", 2: "DANE-TA", 3: "DANE-EE"}


@rule("MX027", "dane-tlsa", "error")
def dane_tlsa(ctx: Context) -> Iterator[Finding]:
    """A TLSA record for SMTP (``_25._tcp.<host>``) that cannot work as DANE for mail
    (RFC 7672).

    - Its digest has the wrong length for its matching type (32 octets for SHA-256, 64 for
      SHA-512): no certificate can match it, and DANE senders then defer mail to the host
      (error).
    - Its usage is PKIX-TA (0) or PKIX-EE (1): SMTP clients treat these as unusable
      (RFC 7672 3.1.3); write DANE-EE (3) or DANE-TA (2) (warning).
    - Its zone file holds no DNSKEY: an unsigned TLSA record is ignored by every sender
      (RFC 7672 2.2), unless the server signs the zone as it loads it (inline signing; info).
    - Its host is an MX target and an alias (CNAME), and the alias's target has no TLSA
      record in the loaded zones: DANE senders look there first (RFC 7672 2.2.2; info).
    - Its host has no record of its own and no MX record of the loaded zones points at it:
      a TLSA left behind when the host was removed (info; a host that still exists is not
      reported, as domains elsewhere or relays may use it).

    Bad::

        @              IN  MX    10 mail
        mail           IN  A     192.0.2.25
        _25._tcp.mail  IN  TLSA  1 1 1 ( 0c72ac70b745ac19998811b131d662c9
                                         ac69dbdbe7cb23e5b514b5664c5a3e   )

    Good::

        @              IN  MX    10 mail
        mail           IN  A     192.0.2.25
        _25._tcp.mail  IN  TLSA  3 1 1 ( 0c72ac70b745ac19998811b131d662c9
                                         ac69dbdbe7cb23e5b514b5664c5a3e26 )
    """
    zone, zones = ctx.zone, ctx.zones
    if zone.origin is None:
        return
    tlsa = [r for r in kept_tlsa(zone, zones) if _smtp_host(r.owner) is not None]
    if not tlsa:
        return
    signed = _signed(zones, zone)
    out = Findings()
    hosts: dict[bytes, list[Record]] = {}
    for rec in tlsa:
        fields = tlsa_fields(rec)
        if fields is None:
            continue
        usage, _selector, mtype, data = fields
        digest = _DIGEST.get(mtype)
        if digest is not None and len(data) != digest[0]:
            out.add(
                rec,
                "error",
                f"TLSA at {rec.owner} has matching type {mtype} ({digest[1]}) with "
                f"{len(data)} octets of data, not {digest[0]}: no certificate can match it, "
                "and DANE senders defer mail to this host; write the full digest of the "
                "certificate or key",
            )
        if usage not in (2, 3):
            name = _USAGES.get(usage, "an unassigned usage")
            out.add(
                rec,
                "warning",
                f"TLSA at {rec.owner} has usage {usage} ({name}): SMTP senders treat every "
                "usage but DANE-TA (2) and DANE-EE (3) as unusable (RFC 7672 3.1.3); write "
                "3 (DANE-EE) for the server's own key or 2 (DANE-TA) for its issuer",
            )
        if signed is False and rec is tlsa[0]:
            out.add(
                rec,
                "info",
                f"TLSA at {rec.owner}, but zone {zone.origin} holds no DNSKEY record: "
                "senders ignore a TLSA record that is not DNSSEC-signed (RFC 7672 2.2), so "
                "DANE is off for this host unless the server signs the zone as it loads it "
                "(inline signing); sign the zone",
            )
        host = _smtp_host(rec.owner)
        assert host is not None
        hosts.setdefault(nkey(host), []).append(rec)
    _hosts(zones, zone, hosts, out)
    yield from out


def _smtp_host(owner: dns.name.Name) -> dns.name.Name | None:
    """The host of ``_25._tcp.<host>``, or None for another owner."""
    labels = owner.labels
    if len(labels) > 3 and labels[0] == b"_25" and labels[1].lower() == b"_tcp":
        return dns.name.Name(labels[2:])
    return None


def _signed(zones: ZoneSet, zone: Zone) -> bool | None:
    """True if a version of ``zone`` has a DNSKEY at its apex, False if none has (and every
    version was read whole), None when it cannot be told."""
    assert zone.origin is not None
    key = nkey(zone.origin)
    versions = zones.versions(zone)
    if any(r.rdtype == DNSKEY for v in versions for r in v.at(key)):
        return True
    return False if all_whole(zones, zone) else None


def _hosts(zones: ZoneSet, zone: Zone, hosts: dict[bytes, list[Record]], out: Findings) -> None:
    """The alias and stale findings, once per host (at its first TLSA record)."""
    targets: set[bytes] | None = None
    for recs in hosts.values():
        rec = recs[0]
        host = _smtp_host(rec.owner)
        assert host is not None
        t = zones.target(host, zone)
        if t.zone is None:
            continue
        if t.aliases:
            alias = t.aliases[0]
            if targets is None:
                targets = per_run(zones, "mx-targets", lambda: _all_mx_targets(zones))
            if targets is None or nkey(host) not in targets:
                continue  # not an MX target: its TLSA records are not the MX's business
            target = alias.target
            owner = dns.name.Name((b"_25", b"_tcp", *target.labels))
            there = zones.target(owner, zone)
            if there.zone is None or not all_whole(zones, there.zone):
                continue
            if any(r.rdtype == TLSA for r in there.records):
                continue
            out.add(
                rec,
                "info",
                f"TLSA at {rec.owner}, but MX host {host} is an alias (CNAME to {target} at "
                f"{alias.where()}): DANE senders look for the TLSA record at {owner} first "
                f"(RFC 7672 2.2.2), and zone {there.zone.origin} has none; publish it there "
                f"(and point the MX at {target})",
            )
            continue
        if any(v.records or v.delegated or v.dname is not None for v in t.each()):
            continue  # the host exists: it may serve mail for domains elsewhere, or relay
        if not all_whole(zones, t.zone):
            continue
        if targets is None:
            targets = per_run(zones, "mx-targets", lambda: _all_mx_targets(zones))
            if targets is None:
                return  # a zone was not read whole: whether the host is used is not known
        if nkey(host) not in targets:
            out.add(
                rec,
                "info",
                f"TLSA at {rec.owner}, but {host} has no record of its own in zone "
                f"{t.zone.origin} and no MX record in the zones read points at it: a TLSA "
                "record left behind when the host was removed is stale; remove it",
            )


def _all_mx_targets(zones: ZoneSet) -> set[bytes] | None:
    """The keys of every MX target of every loaded zone (read for the purpose: few zones
    have TLSA records for SMTP), or None if a zone was not read whole."""
    out: set[bytes] = set()
    for z in zones.zones:
        if z.origin is None:
            continue
        zones.ensure(z)
        if z.exceeded or any(p.kind == "syntax" for p in z.problems):
            return None
        out.update(nkey(r.exchange) for r in z.mx_records())
    return out
