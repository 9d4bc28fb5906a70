"""Propagation (``--online`` with ``--resolver``): which resolvers still serve the old MX set.

Each resolver given with ``--resolver HOST[:PORT]`` is asked (recursion desired) for the MX
records of every owner with MX records in the linted zones. A resolver whose answer differs
from the file still holds the old set in its cache: the answer's TTL says how long, so the
message says when that copy expires and when the change will be visible at every resolver
asked (rule ``mx-propagation``). A resolver that does not answer is said to be unasked.
Only resolvers named on the command line are asked: the system's own would say nothing about
the rest of the world.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor

import dns.exception
import dns.message
import dns.name
import dns.query
import dns.rcode
import dns.rdatatype

from mxlint.check.engine import RuleSetting
from mxlint.check.registry import Registry
from mxlint.model import MX, Finding, Record, ZoneSet
from mxlint.stages.smtp import merge
from mxlint.stages.stage import StageResult, level, stamp

CODE = "MX032"
MAX_OWNERS = 200  # owners asked about per run (each of them of every resolver)
Server = tuple[str, int]
MxSet = frozenset[tuple[int, str]]


def _ask(server: Server, name: dns.name.Name, timeout: float) -> tuple[MxSet, int] | str:
    """The MX set a resolver serves for ``name`` and its TTL, or why there is none."""
    query = dns.message.make_query(name, dns.rdatatype.MX)
    last: Exception | None = None
    for _ in range(2):
        try:
            reply, _tcp = dns.query.udp_with_fallback(
                query, server[0], timeout=timeout, port=server[1]
            )
            break
        except (dns.exception.DNSException, OSError) as exc:
            last = exc
    else:
        return f"did not answer ({type(last).__name__})"
    rcode = reply.rcode()
    if rcode == dns.rcode.NXDOMAIN:
        return frozenset(), _negative_ttl(reply)
    if rcode != dns.rcode.NOERROR:
        return f"answered {dns.rcode.to_text(rcode)}"
    for rrset in reply.answer:
        if rrset.rdtype == MX and rrset.name == name:
            found = frozenset((r.preference, r.exchange.to_text().lower()) for r in rrset)
            return found, rrset.ttl
    return frozenset(), _negative_ttl(reply)


def _negative_ttl(reply: dns.message.Message) -> int:
    """How long a resolver keeps a "no such record" answer (RFC 2308: the SOA's TTL)."""
    for rrset in reply.authority:
        if rrset.rdtype == dns.rdatatype.SOA:
            return int(min(rrset.ttl, rrset[0].minimum))
    return 0


def _shown(mx: MxSet) -> str:
    return ", ".join(f"{p} {h}" for p, h in sorted(mx)) or "no MX record"


def run(
    registry: Registry,
    zone_set: ZoneSet,
    settings: Mapping[str, RuleSetting],
    resolvers: Sequence[Server],
    timeout: float,
    now: datetime.datetime | None = None,
) -> StageResult:
    """Ask each resolver for the MX set of each owner with MX in the linted zones."""
    result = StageResult()
    if not resolvers or level(registry, settings, CODE) == "off":
        return result
    owners: list[tuple[dns.name.Name, list[Record]]] = []
    for zone in zone_set.zones:
        if zone.context or zone.origin is None or not zone.confirmed:
            continue
        zone_set.ensure(zone)
        for recs in zone.mx_by_owner().values():
            owners.append((recs[0].owner, recs))
    if len(owners) > MAX_OWNERS:
        result.notes.append(
            f"mx-propagation: asked about the first {MAX_OWNERS} of {len(owners)} MX owners"
        )
        owners = owners[:MAX_OWNERS]
    when = now or datetime.datetime.now(datetime.UTC)
    with ThreadPoolExecutor(max_workers=16) as pool:
        asked = {
            (i, server): pool.submit(_ask, server, owner, timeout)
            for i, (owner, _) in enumerate(owners)
            for server in resolvers
        }
        answers = {k: f.result() for k, f in asked.items()}
    findings: list[Finding] = []
    for i, (owner, recs) in enumerate(owners):
        want: MxSet = frozenset((r.preference, r.exchange.to_text().lower()) for r in recs)
        stale: list[tuple[Server, MxSet, int]] = []
        for server in resolvers:
            answer = answers[(i, server)]
            if isinstance(answer, str):
                findings.append(
                    Finding.at(
                        recs[0],
                        f"resolver {_where(server)} could not be asked for the MX set of "
                        f"{owner}: it {answer}",
                        token=1,
                        severity="info",
                    )
                )
            elif answer[0] != want:
                stale.append((server, answer[0], answer[1]))
        if not stale:
            continue
        last = max(ttl for _, _, ttl in stale)
        done = (when + datetime.timedelta(seconds=last)).strftime("%Y-%m-%d %H:%M UTC")
        for server, served, ttl in stale:
            findings.append(
                Finding.at(
                    recs[0],
                    f"resolver {_where(server)} still serves the old MX set of {owner} "
                    f"({_shown(served)}; the file has {_shown(want)}); its copy expires in "
                    f"{ttl} s: the change is visible at every resolver asked by {done}, if "
                    "the zone's servers already serve it (mx-drift says when they do not)",
                    token=1,
                    severity="info",
                )
            )
    result.diagnostics = merge(stamp(registry, settings, CODE, findings))
    return result


def _where(server: Server) -> str:
    host, port = server
    shown = f"[{host}]" if ":" in host else host
    return shown if port == 53 else f"{shown}:{port}"
