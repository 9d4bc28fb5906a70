"""The online stage (``--online``, never the default): what the DNS says, live.

Two checks, both with dnspython's query functions (``dns.query.udp_with_fallback``):

- MX targets outside every loaded zone are looked up (A and AAAA, recursively) at the
  resolvers (``--resolver HOST[:PORT]``, else the system's from /etc/resolv.conf): a name that
  does not exist or has no address is ``missing-address``, an alias is ``cname-target``.
- Each linted zone's authoritative servers (``--server HOST[:PORT]``, else the zone's NS
  names at the addresses the resolvers return for them) are asked, without recursion, for
  the SOA serial and the MX records of the apex and of every owner with MX in the file: a
  served MX set that differs from the file is ``mx-drift``, a served serial above the
  file's is ``server-serial-ahead``.

The network only where the user points: the resolvers the user configured, and the zone's
servers only at addresses those resolvers return, never at glue written in the zone (a pull
request could point it at a metadata service), and never at a special-purpose address
(private, loopback, link-local, shared, documentation: anything not globally routable)
unless ``allow_special`` says so. Time is bounded: a server that let a query time out is
not asked again in the run, and the whole stage stops asking after ``budget`` seconds; what
was not asked is an ``info`` that says why.

A timeout, SERVFAIL, a refusal or a server that is not authoritative is an ``info`` ("could
not check"), never an error. Queries run on a bounded thread pool, each is asked at most once
per run (cached), and one that times out is retried once.
"""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

import dns.exception
import dns.flags
import dns.message
import dns.name
import dns.query
import dns.rcode
import dns.rdatatype
import dns.rdtypes.ANY.SOA
import dns.rdtypes.mxbase

from mxlint.check.engine import RuleSetting
from mxlint.check.names import exchange_defect
from mxlint.check.registry import Registry
from mxlint.model import AAAA, MX, NS, SOA, A, Diagnostic, Finding, Record, Zone, ZoneSet, nkey
from mxlint.stages.serial import increased, serial_place
from mxlint.stages.stage import StageResult, level, stamp

MISSING, CNAME_TARGET, DRIFT, AHEAD = "MX004", "MX003", "MX023", "MX024"
Server = tuple[str, int]


@dataclass(frozen=True)
class OnlineOptions:
    servers: Sequence[Server] = ()  # authoritative servers asked for every linted zone
    resolvers: Sequence[Server] | None = None  # recursive; None: the system's
    timeout: float = 3.0  # seconds per try (each query is tried twice)
    concurrency: int = 16
    port: int = 53  # for servers found from NS records
    progress: Callable[[int, int], None] | None = None  # (done, total) queries
    allow_special: bool = False  # ask NS hosts at private, loopback, link-local addresses
    budget: float = 120.0  # seconds for the whole stage


def parse_server(text: str, default_port: int = 53) -> Server:
    """``HOST[:PORT]``, ``[IPV6]:PORT`` or a bare IPv6 address; raises ValueError."""
    host, port = text.strip(), default_port
    if host.startswith("["):
        inside, sep, rest = host[1:].partition("]")
        if not sep or (rest and not rest.startswith(":")):
            raise ValueError(f"{text!r} is not HOST[:PORT] (IPv6: [ADDRESS]:PORT)")
        host, port_text = inside, rest[1:]
        port = int(port_text) if port_text else default_port
    elif host.count(":") == 1:
        host, port_text = host.split(":")
        if not port_text.isdigit():
            raise ValueError(f"{text!r}: the port {port_text!r} is not a number")
        port = int(port_text)
    if not 0 < port < 65536:
        raise ValueError(f"{text!r}: port {port} is not between 1 and 65535")
    try:
        ipaddress.ip_address(host)
    except ValueError:
        raise ValueError(f"{text!r}: {host!r} is not an IP address") from None
    return host, port


def system_resolvers() -> list[Server]:
    """The resolvers of /etc/resolv.conf (tests replace this function)."""
    import dns.resolver

    return [(str(ns), 53) for ns in dns.resolver.Resolver().nameservers]


def show(server: Server) -> str:
    host, port = server
    host = f"[{host}]" if ":" in host else host
    return host if port == 53 else f"{host}:{port}"


# --------------------------------------------------------------------------- queries


@dataclass(frozen=True)
class Reply:
    server: Server
    response: dns.message.Message | None
    error: str | None  # why there is no usable response

    def rrset(self, name: dns.name.Name, rdtype: int) -> list[object]:
        if self.response is None:
            return []
        for rrset in self.response.answer:
            if rrset.rdtype == rdtype and rrset.name == name:
                return list(rrset)
        return []

    @property
    def rcode(self) -> int | None:
        return None if self.response is None else self.response.rcode()

    @property
    def authoritative(self) -> bool:
        return self.response is not None and bool(self.response.flags & dns.flags.AA)


class Querier:
    """Asks each (server, name, type, recursion) once per run, on a bounded thread pool."""

    def __init__(self, options: OnlineOptions) -> None:
        self.options = options
        self.pool = ThreadPoolExecutor(max_workers=max(1, options.concurrency))
        self.cache: dict[tuple[Server, bytes, int, bool], Future[Reply]] = {}
        self.done = 0
        self.silent: set[Server] = set()  # servers that let a query time out
        self.deadline = time.monotonic() + options.budget

    def ask(
        self, server: Server, name: dns.name.Name, rdtype: int, recursive: bool
    ) -> Future[Reply]:
        key = (server, nkey(name), rdtype, recursive)
        future = self.cache.get(key)
        if future is None:
            future = self.cache[key] = self.pool.submit(
                self._query, server, name, rdtype, recursive
            )
            future.add_done_callback(self._tick)
        return future

    def _tick(self, _: Future[Reply]) -> None:
        self.done += 1
        if self.options.progress is not None:
            self.options.progress(self.done, len(self.cache))

    def _query(self, server: Server, name: dns.name.Name, rdtype: int, recursive: bool) -> Reply:
        q = dns.message.make_query(name, dns.rdatatype.RdataType(rdtype))
        if not recursive:
            q.flags &= ~dns.flags.RD
        timeout = self.options.timeout
        error = ""
        for _attempt in range(2):  # retry once
            if server in self.silent:
                return Reply(server, None, "it let an earlier query time out: not asked again")
            left = self.deadline - time.monotonic()
            if left <= 0:
                return Reply(
                    server,
                    None,
                    f"the online checks' time budget ({self.options.budget:g} s) ran out",
                )
            try:
                response, _tcp = dns.query.udp_with_fallback(
                    q, server[0], timeout=min(timeout, left), port=server[1]
                )
            except dns.exception.Timeout:
                error = f"no answer within {timeout:g} s, tried twice"
                continue
            except (OSError, dns.exception.DNSException) as exc:
                error = f"{type(exc).__name__}: {exc}"
                continue
            return Reply(server, response, None)
        if error.startswith("no answer"):
            self.silent.add(server)
        return Reply(server, None, error)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def _first_answer(futures: Sequence[Future[Reply]]) -> Reply:
    """The first resolver's reply that is an answer (NOERROR or NXDOMAIN), else the last."""
    reply = None
    for f in futures:
        reply = f.result()
        if reply.rcode in (dns.rcode.NOERROR, dns.rcode.NXDOMAIN):
            return reply
    assert reply is not None
    return reply


def _failure(reply: Reply) -> str:
    if reply.error is not None:
        return reply.error
    rcode = reply.rcode
    if rcode is None:
        return "it answered nothing"
    return f"it answered {dns.rcode.to_text(dns.rcode.Rcode(rcode))}"


# --------------------------------------------------------------------------- MX targets


# Offline rules about an MX target: a record one of them reports is not looked up again (a
# defect is reported once, under the rule that names its cause).
TARGET_RULES = frozenset(("MX001", "MX002", "MX003", "MX004", "MX009", "MX012", "MX013", "MX018"))


def _targets(
    zones: ZoneSet, linted: list[Zone], reported: set[tuple[str, int]]
) -> dict[bytes, tuple[dns.name.Name, list[Record]]]:
    """MX targets outside every loaded zone, with the records that point at them."""
    out: dict[bytes, tuple[dns.name.Name, list[Record]]] = {}
    for zone in linted:
        for rec in zone.mx_records():
            name = rec.exchange
            if len(name.labels) <= 1 or exchange_defect(rec, zones):
                continue  # the null MX, IP literals and missing dots are reported offline
            if (rec.path, rec.line) in reported:
                continue
            if zones.target(name).zone is not None:
                continue  # inside a loaded zone: the offline rules decide
            entry = out.setdefault(nkey(name), (name, []))
            entry[1].append(rec)
    return out


def _target_findings(
    name: dns.name.Name, a: Reply, aaaa: Reply, records: list[Record]
) -> tuple[str, str, str | None] | None:
    """(code, message, severity) for a target from its A and AAAA replies, or None if fine."""
    seen = f"seen live from {show(a.server)}"
    for reply in (a, aaaa):
        aliases = reply.rrset(name, dns.rdatatype.CNAME)
        if aliases:
            to = aliases[0].target  # type: ignore[attr-defined]
            return (
                CNAME_TARGET,
                f'MX target "{name}" is an alias (CNAME to "{to}", {seen}); an MX must point '
                "at a host name with A/AAAA records, not at a CNAME (RFC 2181 10.3); point the "
                f'MX at "{to}" instead',
                None,
            )
    owners = ", ".join(sorted({str(r.owner) for r in records}))
    if a.rcode == dns.rcode.NXDOMAIN:
        return (
            MISSING,
            f'MX target "{name}" does not exist (NXDOMAIN, {seen}), so mail for {owners} '
            "cannot be delivered there; point the MX at a host that exists, or create "
            f'"{name}" with an A/AAAA record',
            None,
        )
    if a.rcode == dns.rcode.NOERROR and a.rrset(name, A):
        return None
    if aaaa.rcode == dns.rcode.NOERROR and aaaa.rrset(name, AAAA):
        return None
    if a.rcode == dns.rcode.NOERROR and aaaa.rcode in (dns.rcode.NOERROR, dns.rcode.NXDOMAIN):
        return (
            MISSING,
            f'MX target "{name}" has no A or AAAA record (the name exists but has no address, '
            f"{seen}), so mail for {owners} cannot be delivered there; add an A/AAAA record "
            f'for "{name}" or point the MX at a host that has one',
            None,
        )
    failed = a if a.rcode != dns.rcode.NOERROR else aaaa
    return (
        MISSING,
        f'could not check MX target "{name}" live: asked {show(failed.server)}, '
        f"{_failure(failed)}; nothing is known about it (run again later, or check with "
        f"dig {name} A)",
        "info",
    )


# --------------------------------------------------------------------------- zones


@dataclass
class _ZonePlan:
    zone: Zone
    servers: list[tuple[Server, str]]  # (address, label)
    owners: dict[bytes, dns.name.Name] = field(default_factory=dict)
    soa: Record | None = None
    refused: list[str] = field(default_factory=list)  # NS hosts at special-purpose addresses


def _soa(zone: Zone) -> Record | None:
    for rec in zone.records:
        if rec.rdtype == SOA and rec.owner == zone.origin:
            return rec
    return None


def _mx_text(pairs: Iterable[tuple[int, str]]) -> str:
    items = sorted(pairs)
    if not items:
        return "no MX records"
    return "MX " + ", ".join(f"{p} {n}" + (" (null MX)" if n == "." else "") for p, n in items)


def _zone_findings(
    plan: _ZonePlan, replies: Mapping[tuple[Server, bytes, int], Reply]
) -> Iterable[tuple[str, Finding]]:
    zone = plan.zone
    origin = zone.origin
    assert origin is not None
    soa = plan.soa
    first = zone.records[0]
    anchor = soa or first
    drift: dict[tuple[bytes, frozenset[tuple[int, str]]], list[str]] = {}
    for server, label in plan.servers:
        reply = replies[(server, nkey(origin), SOA)]
        if reply.response is None or reply.rcode != dns.rcode.NOERROR or not reply.authoritative:
            why = (
                _failure(reply)
                if reply.rcode != dns.rcode.NOERROR
                else "its answer is not authoritative"
            )
            yield (
                DRIFT,
                Finding(
                    anchor.path,
                    anchor.line,
                    anchor.col,
                    f"could not check zone {origin} on {label}: {why}; its MX records and serial "
                    "were not compared (is it a server of this zone? --server names another)",
                    "info",
                ),
            )
            continue
        served = reply.rrset(origin, SOA)
        if soa is not None and served:
            file_serial = int(soa.rdata.serial)  # type: ignore[union-attr]
            live = int(served[0].serial)  # type: ignore[attr-defined]
            if increased(file_serial, live):
                line, col = serial_place(soa)
                yield (
                    AHEAD,
                    Finding(
                        soa.path,
                        line,
                        col,
                        f"{label} serves zone {origin} with serial {live}, higher than this file's "
                        f"{file_serial}: the repository is behind the servers (changed there "
                        "directly, or by dynamic updates); bring the file up to date before you "
                        f"deploy it, with a serial above {live}, or the secondaries ignore it",
                    ),
                )
        for key, owner in plan.owners.items():
            r = replies[(server, key, MX)]
            if r.response is None or not r.authoritative:
                continue
            if r.rcode not in (dns.rcode.NOERROR, dns.rcode.NXDOMAIN):
                continue
            live_set = frozenset(
                (int(rd.preference), str(rd.exchange).lower())  # type: ignore[attr-defined]
                for rd in r.rrset(owner, MX)
            )
            drift.setdefault((key, live_set), []).append(label)
    by_owner = zone.mx_by_owner()
    for (key, live_set), labels in drift.items():
        recs = by_owner.get(key, [])
        mine = frozenset((r.preference, str(r.exchange).lower()) for r in recs)
        if live_set == mine:
            continue
        at = recs[0] if recs else anchor
        owner = plan.owners[key]
        yield (
            DRIFT,
            Finding(
                at.path,
                at.line,
                at.col,
                f"{', '.join(labels)} serve{'s' if len(labels) == 1 else ''} "
                f"{_mx_text(live_set)} "
                f"for {owner}, but this file has {_mx_text(mine)}: the servers do not have this "
                "version (deploy it, with a higher serial), or were changed outside the repository "
                "(bring the file up to date)",
            ),
        )


def run(
    registry: Registry,
    zones: ZoneSet,
    settings: Mapping[str, RuleSetting],
    options: OnlineOptions,
    offline: Iterable[Diagnostic] = (),
) -> StageResult:
    """The live checks for the linted zones of ``zones``.

    ``offline``: the diagnostics of the rules so far; an MX record that a rule about its
    target already reports is not looked up again.
    """
    result = StageResult()
    reported = {(d.path, d.line) for d in offline if d.code in TARGET_RULES}
    on = {c: level(registry, settings, c) != "off" for c in (MISSING, CNAME_TARGET, DRIFT, AHEAD)}
    linted = [z for z in zones.zones if not z.context and z.origin is not None and z.records]
    resolvers = list(options.resolvers) if options.resolvers is not None else system_resolvers()
    querier = Querier(options)
    findings: dict[str, list[Finding]] = {c: [] for c in on}
    try:
        # 1. lookups through the resolvers: MX targets, and NS hosts without glue
        targets = _targets(zones, linted, reported) if on[MISSING] or on[CNAME_TARGET] else {}
        recursive: dict[tuple[bytes, int], list[Future[Reply]]] = {}

        def lookup(name: dns.name.Name, rdtype: int) -> None:
            k = (nkey(name), rdtype)
            if k not in recursive:
                recursive[k] = [querier.ask(s, name, rdtype, True) for s in resolvers]

        for name, _ in targets.values():
            lookup(name, A)
            lookup(name, AAAA)
        plans: list[_ZonePlan] = []
        if on[DRIFT] or on[AHEAD]:
            for zone in linted:
                plans.append(_plan(zone, zones, options, lookup))
        if not resolvers and (targets or any(not p.servers for p in plans)):
            result.notes.append("no resolver configured (/etc/resolv.conf): --resolver names one")
        # 2. the zones' servers, once their addresses are known
        for plan in plans:
            _resolve_servers(plan, options, recursive)
            origin = plan.zone.origin
            assert origin is not None
            plan.soa = _soa(plan.zone)
            plan.owners[nkey(origin)] = origin
            for recs in plan.zone.mx_by_owner().values():
                plan.owners.setdefault(recs[0].key, recs[0].owner)
            for server, _label in plan.servers:
                querier.ask(server, origin, SOA, False)
                for owner in plan.owners.values():
                    querier.ask(server, owner, MX, False)
        for key, (name, recs) in targets.items():
            a = _first_answer(recursive[(key, A)]) if resolvers else None
            aaaa = _first_answer(recursive[(key, AAAA)]) if resolvers else None
            if a is None or aaaa is None:
                continue
            verdict = _target_findings(name, a, aaaa, recs)
            if verdict is None:
                continue
            code, message, severity = verdict
            for rec in recs:
                findings[code].append(Finding.at(rec, message, token=1, severity=severity))
        replies = {(k[0], k[1], k[2]): f.result() for k, f in querier.cache.items() if not k[3]}
        for plan in plans:
            if not plan.servers:
                anchor = plan.soa or plan.zone.records[0]
                findings[DRIFT].append(
                    Finding(
                        anchor.path,
                        anchor.line,
                        anchor.col,
                        f"could not check zone {plan.zone.origin} live: "
                        + (
                            f"its name servers resolve only to special-purpose addresses "
                            f"({', '.join(plan.refused[:3])}), which --online does not ask "
                            "unless --online-allow-private is given"
                            if plan.refused
                            else "the resolvers return no address for its NS names"
                        )
                        + "; name a server with --server HOST[:PORT]",
                        "info",
                    )
                )
                continue
            for code, finding in _zone_findings(plan, replies):
                findings[code].append(finding)
    finally:
        querier.close()
    for code, found in findings.items():
        result.diagnostics += stamp(registry, settings, code, found)
    return result


def _plan(
    zone: Zone,
    zones: ZoneSet,
    options: OnlineOptions,
    lookup: Callable[[dns.name.Name, int], None],
) -> _ZonePlan:
    plan = _ZonePlan(zone, [(s, show(s)) for s in options.servers])
    if options.servers:
        return plan
    for rec in zone.records:
        if rec.rdtype == NS and rec.owner == zone.origin:
            # Never the glue written in the zone: only what the resolvers say.
            host = rec.target
            lookup(host, A)
            lookup(host, AAAA)
            plan.servers.append((("", 0), str(host)))  # resolved in _resolve_servers
    return plan


def special(address: str) -> bool:
    """A special-purpose address (RFC 6890): private, loopback, link-local, shared
    (100.64/10), documentation, multicast, reserved: anything not globally routable."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return True
    return not ip.is_global or ip.is_multicast


def _resolve_servers(
    plan: _ZonePlan,
    options: OnlineOptions,
    recursive: Mapping[tuple[bytes, int], list[Future[Reply]]],
) -> None:
    resolved: list[tuple[Server, str]] = []
    for server, label in plan.servers:
        if server != ("", 0):
            if (server, label) not in resolved:
                resolved.append((server, label))
            continue
        host = dns.name.from_text(label)
        for rdtype in (A, AAAA):
            futures = recursive.get((nkey(host), rdtype), [])
            if not futures:
                continue
            reply = _first_answer(futures)
            for rd in reply.rrset(host, rdtype):
                text = str(rd.address)  # type: ignore[attr-defined]
                if special(text) and not options.allow_special:
                    plan.refused.append(f"{host} ({text})")
                    continue
                address = (text, options.port)
                resolved.append((address, f"{host} ({show(address)})"))
    plan.servers = resolved
