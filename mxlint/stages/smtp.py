"""The SMTP probe (``--probe-smtp``, never the default): does each MX host really take mail?

For every MX host of the linted zones, each of its addresses (from the loaded zones, else
the system's resolver) is asked over SMTP, port 25 (``--smtp-port`` for tests and forwarded
ports): the 220 greeting, ``EHLO``, whether ``STARTTLS`` is offered, the TLS handshake, the
certificate's names against the MX host name, the certificate against the host's TLSA
records when the loaded zones hold them (DANE, RFC 7672), then ``QUIT``. No mail is ever sent:
no ``MAIL FROM``, no ``RCPT TO``.

Each conversation is bounded in time (``ProbeOptions.timeout``), the whole probe too
(``ProbeOptions.total``), and at most ``ProbeOptions.concurrency`` hosts are asked at once.
A host that cannot be reached in time is an ``info`` ("could not check": port 25 is often
blocked on the way out); a host that accepts the connection but does not speak SMTP, refuses
it, or fails DANE is reported at its MX record (rule ``smtp-probe``).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import hashlib
import ipaddress
import socket
import ssl
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import dns.name

from mxlint.check.engine import RuleSetting
from mxlint.check.mailpath import TLSA, tlsa_fields
from mxlint.check.names import exchange_defect, exchange_token, written_absolute
from mxlint.check.registry import Registry
from mxlint.model import Diagnostic, Finding, Record, ZoneSet, nkey
from mxlint.stages.stage import StageResult, level, stamp

CODE = "MX031"
_MAX_ADDRESSES = 4  # per host
_MAX_LINE = 4096


@dataclass(frozen=True)
class ProbeOptions:
    port: int = 25
    timeout: float = 15.0  # seconds for one host's whole conversation
    total: float = 120.0  # seconds for the whole probe
    concurrency: int = 8  # hosts asked at once
    ehlo: str = ""  # the name said in EHLO (default: this machine's host name)


@dataclass
class Outcome:
    """What one conversation with one address of one MX host found."""

    host: str
    address: str
    reached: bool = False  # the TCP connection was made
    banner: str | None = None
    starttls: bool | None = None  # offered in the EHLO answer
    tls_error: str | None = None
    names: list[str] = field(default_factory=list)  # the certificate's DNS names
    names_match: bool | None = None
    dane: bool | None = None  # a TLSA record matched the certificate (None: not checked)
    problem: tuple[str, str] | None = None  # (severity, what went wrong)
    tlsa: bool = False  # the loaded zones hold TLSA records for the host
    finished: bool = False  # the conversation ended (or timed out) before the overall bound
    seconds: float = 0.0


# --------------------------------------------------------------------------- the conversation


class _Reply(Exception):
    pass


async def _reply(reader: asyncio.StreamReader) -> tuple[int, list[str]]:
    """One SMTP reply (RFC 5321 4.2): its code and text lines."""
    lines: list[str] = []
    while True:
        raw = await reader.readline()
        if not raw:
            raise _Reply("closed the connection")
        line = raw[:_MAX_LINE].decode("utf-8", "replace").rstrip("\r\n")
        if len(line) < 3 or not line[:3].isdigit():
            raise _Reply(f'answered "{line[:80]}", which is not SMTP')
        lines.append(line[4:])
        if line[3:4] != "-":
            return int(line[:3]), lines
        if len(lines) > 100:
            raise _Reply("sent a reply of more than 100 lines")


async def _send(writer: asyncio.StreamWriter, line: str) -> None:
    writer.write(line.encode("ascii") + b"\r\n")
    await writer.drain()


async def _converse(
    out: Outcome, port: int, ehlo: str, tlsa: Sequence[tuple[int, int, int, bytes]]
) -> None:
    try:
        reader, writer = await asyncio.open_connection(out.address, port, limit=_MAX_LINE * 4)
    except OSError as exc:
        refused = isinstance(exc, ConnectionRefusedError)
        out.problem = (
            ("warning", f"refuses connections on port {port}: no mail server listens there")
            if refused
            else ("info", f"could not be reached on port {port} ({exc.strerror or exc})")
        )
        return
    out.reached = True
    try:
        code, text = await _reply(reader)
        out.banner = (text[0] if text else "")[:120]
        if code != 220:
            out.problem = ("warning", f'greets with "{code} {out.banner}" instead of 220')
            return
        await _send(writer, f"EHLO {ehlo}")
        code, text = await _reply(reader)
        if code != 250:
            out.problem = ("warning", f'answers EHLO with "{code} {" ".join(text)[:120]}"')
            return
        out.starttls = any(t.upper().split(" ", 1)[0] == "STARTTLS" for t in text[1:])
        if not out.starttls:
            return
        await _send(writer, "STARTTLS")
        code, text = await _reply(reader)
        if code != 220:
            out.tls_error = f'answers STARTTLS with "{code} {" ".join(text)[:120]}"'
            return
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE  # opportunistic TLS: the names and DANE are ours
        try:
            await writer.start_tls(context, server_hostname=out.host.rstrip("."))
        except (ssl.SSLError, OSError) as exc:
            out.tls_error = f"fails the TLS handshake ({exc})"
            return
        sslobj = writer.get_extra_info("ssl_object")
        der = sslobj.getpeercert(binary_form=True) if sslobj is not None else None
        if der:
            _certificate(out, der, tlsa)
        await _send(writer, f"EHLO {ehlo}")
        await _reply(reader)
    except _Reply as exc:
        what = f"accepts connections on port {port} but " if out.banner is None else ""
        out.problem = ("warning", f"{what}{exc}")
    except (OSError, ssl.SSLError) as exc:
        out.problem = ("warning", f"broke off the conversation ({exc})")
    finally:
        await _quit(writer)


async def _quit(writer: asyncio.StreamWriter) -> None:
    try:
        writer.write(b"QUIT\r\n")
        await asyncio.wait_for(writer.drain(), 1.0)
    except (TimeoutError, OSError, ssl.SSLError, RuntimeError):
        pass
    writer.close()
    with contextlib.suppress(OSError, ssl.SSLError, asyncio.TimeoutError):
        await asyncio.wait_for(writer.wait_closed(), 1.0)


def _certificate(out: Outcome, der: bytes, tlsa: Sequence[tuple[int, int, int, bytes]]) -> None:
    try:
        names, spki = cert_facts(der)
    except ValueError:
        return
    out.names = names
    out.names_match = any(name_matches(n, out.host) for n in names)
    usable = [t for t in tlsa if t[0] == 3]  # DANE-EE: DANE-TA needs the chain, not checked
    if usable:
        out.dane = any(tlsa_matches(t, der, spki) for t in usable)


def tlsa_matches(t: tuple[int, int, int, bytes], der: bytes, spki: bytes) -> bool:
    """True if TLSA ``(usage, selector, matching type, data)`` matches the certificate."""
    _usage, selector, mtype, data = t
    subject = der if selector == 0 else spki if selector == 1 else None
    if subject is None:
        return False
    if mtype == 0:
        return subject == data
    if mtype == 1:
        return hashlib.sha256(subject).digest() == data
    if mtype == 2:
        return hashlib.sha512(subject).digest() == data
    return False


def name_matches(pattern: str, host: str) -> bool:
    """RFC 6125: a certificate name (``*.`` only as the whole leftmost label) for ``host``."""
    p = pattern.lower().rstrip(".")
    h = host.lower().rstrip(".")
    if p.startswith("*."):
        head, _, rest = h.partition(".")
        return bool(head) and rest == p[2:]
    return p == h


# --------------------------------------------------------------------------- X.509, minimally

_SAN = bytes.fromhex("0603551d11")  # OID 2.5.29.17, subjectAltName
_CN = bytes.fromhex("0603550403")  # OID 2.5.4.3, commonName


def _tlv(data: bytes, i: int) -> tuple[int, int, int]:
    """(tag, start of content, end of content) of the DER element at ``i``."""
    if i + 2 > len(data):
        raise ValueError("truncated")
    tag, n = data[i], data[i + 1]
    i += 2
    if n & 0x80:
        k = n & 0x7F
        if k == 0 or k > 4 or i + k > len(data):
            raise ValueError("bad length")
        n = int.from_bytes(data[i : i + k], "big")
        i += k
    if i + n > len(data):
        raise ValueError("truncated")
    return tag, i, i + n


def _children(data: bytes, start: int, end: int) -> list[tuple[int, int, int, int]]:
    """(tag, element start, content start, end) of each element in ``data[start:end]``."""
    out = []
    i = start
    while i < end:
        tag, s, e = _tlv(data, i)
        out.append((tag, i, s, e))
        i = e
    return out


def cert_facts(der: bytes) -> tuple[list[str], bytes]:
    """The DNS names of a DER certificate (subjectAltName dNSName, else the subject's CN) and
    its SubjectPublicKeyInfo (DER); ValueError if it cannot be read."""
    _, s, _e = _tlv(der, 0)
    tbs_tag, tbs_s, tbs_e = _tlv(der, s)
    if tbs_tag != 0x30:
        raise ValueError("no tbsCertificate")
    fields = _children(der, tbs_s, tbs_e)
    if fields and fields[0][0] == 0xA0:
        fields = fields[1:]  # version
    if len(fields) < 6:
        raise ValueError("short tbsCertificate")
    subject, spki_field = fields[4], fields[5]
    spki = der[spki_field[1] : spki_field[3]]
    names: list[str] = []
    for tag, _, cs, _ce in fields[6:]:
        if tag != 0xA3:
            continue
        _, ls, le = _tlv(der, cs)
        for _, _, xs, xe in _children(der, ls, le):
            parts = _children(der, xs, xe)
            if not parts or der[parts[0][1] : parts[0][3]] != _SAN:
                continue
            _, vs, ve = _tlv(der, parts[-1][2])  # the OCTET STRING's SEQUENCE
            for gtag, _, gs, ge in _children(der, vs, ve):
                if gtag == 0x82:  # dNSName
                    names.append(der[gs:ge].decode("ascii", "replace"))
    if not names:
        for _, _, rs, re_ in _children(der, subject[2], subject[3]):  # RDN sets
            for _, _, as_, ae in _children(der, rs, re_):
                parts = _children(der, as_, ae)
                if len(parts) == 2 and der[parts[0][1] : parts[0][3]] == _CN:
                    names.append(der[parts[1][2] : parts[1][3]].decode("utf-8", "replace"))
    return names, spki


# --------------------------------------------------------------------------- the run


async def _probe_all(
    jobs: list[tuple[str, str, list[tuple[int, int, int, bytes]]]], opts: ProbeOptions
) -> list[Outcome]:
    limit = asyncio.Semaphore(opts.concurrency)
    ehlo = opts.ehlo or socket.gethostname() or "localhost"
    outcomes = [Outcome(host, address, tlsa=bool(t)) for host, address, t in jobs]

    async def one(out: Outcome, tlsa: list[tuple[int, int, int, bytes]]) -> None:
        async with limit:
            start = time.monotonic()
            try:
                await asyncio.wait_for(_converse(out, opts.port, ehlo, tlsa), opts.timeout)
            except TimeoutError:
                if not out.reached:
                    out.problem = (
                        "info",
                        f"could not be reached on port {opts.port} within {opts.timeout:g} s",
                    )
                elif out.banner is None:
                    out.problem = (
                        "warning",
                        f"accepts connections on port {opts.port} but sends no SMTP greeting "
                        f"within {opts.timeout:g} s",
                    )
                else:
                    out.problem = (
                        "info",
                        f"did not finish the conversation within {opts.timeout:g} s",
                    )
            out.finished = True
            out.seconds = time.monotonic() - start

    tasks = [asyncio.ensure_future(one(o, t)) for o, (_, _, t) in zip(outcomes, jobs, strict=True)]
    _done, pending = await asyncio.wait(tasks, timeout=opts.total) if tasks else (set(), set())
    for task in pending:
        task.cancel()
    if pending:
        await asyncio.wait(pending, timeout=2.0)
    for out in outcomes:
        if not out.finished:
            out.problem = ("info", f"was not probed: the probe's {opts.total:g} s ran out")
    return outcomes


def probe(
    jobs: list[tuple[str, str, list[tuple[int, int, int, bytes]]]], opts: ProbeOptions
) -> list[Outcome]:
    """Probe each ``(host, address, TLSA fields)``; outcomes in the same order."""
    return asyncio.run(_probe_all(jobs, opts))


def verdicts(out: Outcome, port: int) -> list[tuple[str, str]]:
    """``(severity, message)`` of what an outcome says is wrong (empty: nothing)."""
    who = f'MX host "{out.host}" ({out.address})'
    if out.problem is not None:
        severity, what = out.problem
        tail = (
            "; if this is a backup MX, it is a placeholder that takes no mail: remove it or "
            "make it a real mail server"
            if severity == "warning"
            else ""
        )
        return [(severity, f"{who} {what}{tail}")]
    found: list[tuple[str, str]] = []
    has_tlsa = out.tlsa
    if out.starttls is False:
        found.append(
            (
                "error",
                f"{who} does not offer STARTTLS, but it has TLSA records: DANE senders "
                "defer mail to it (RFC 7672 2.2); enable STARTTLS or remove the TLSA records",
            )
            if has_tlsa
            else ("warning", f"{who} does not offer STARTTLS: mail to it travels in clear text")
        )
    if out.tls_error is not None:
        found.append(
            (
                "error",
                f"{who} offers STARTTLS but {out.tls_error}, and it has TLSA records: "
                "DANE senders defer mail to it (RFC 7672 2.2)",
            )
            if has_tlsa
            else ("warning", f"{who} offers STARTTLS but {out.tls_error}")
        )
    if out.dane is False:
        found.append(
            (
                "error",
                f"{who} presents a certificate that none of its DANE-EE TLSA records matches: "
                "DANE senders defer mail to it (RFC 7672 3.1.1); publish the TLSA record of "
                "the certificate in use",
            )
        )
    elif out.names_match is False and out.dane is None:
        shown = ", ".join(out.names[:5]) or "no DNS name"
        found.append(
            (
                "warning",
                f"{who} presents a certificate for {shown}, not for {out.host}: senders that "
                "check names (MTA-STS) refuse to deliver to it; use a certificate that names "
                "the MX host",
            )
        )
    return found


def run(
    registry: Registry,
    zone_set: ZoneSet,
    settings: Mapping[str, RuleSetting],
    opts: ProbeOptions,
) -> tuple[StageResult, list[Outcome]]:
    """Probe the MX hosts of the linted zones; diagnostics of rule ``smtp-probe``."""
    result = StageResult()
    if level(registry, settings, CODE) == "off":
        return result, []
    places: dict[bytes, list[Record]] = {}  # host key -> the first MX record in each zone
    names: dict[bytes, dns.name.Name] = {}
    addresses: dict[bytes, list[str]] = {}
    outside: list[bytes] = []  # hosts outside the loaded zones: asked of the resolver
    tlsa: dict[bytes, list[tuple[int, int, int, bytes]]] = {}
    zone_set.load_all()  # (zones released after their rules: exchange_defect reads them all)
    for zone in zone_set.zones:
        if zone.context or zone.origin is None:
            continue
        seen: set[bytes] = set()
        for rec in zone.mx_records():
            host = rec.exchange
            key = nkey(host)
            if len(host.labels) == 1 or key in seen or exchange_defect(rec, zone_set):
                continue
            if not zone.confirmed and not written_absolute(exchange_token(rec) or "."):
                continue  # the name depends on an origin nobody confirmed
            seen.add(key)
            places.setdefault(key, []).append(rec)
            if key in names:
                continue
            names[key] = host
            t = zone_set.target(host, zone)
            addresses[key] = list(dict.fromkeys(a.address for a in t.addresses))
            if t.zone is None and not addresses[key]:
                outside.append(key)
            owner = dns.name.Name((b"_25", b"_tcp", *host.labels))
            tlsa[key] = [
                f for r in zone_set.records_at(owner, TLSA) if (f := tlsa_fields(r)) is not None
            ]
    unresolved = _resolve_all(outside, names, addresses, opts)
    for key in names:
        addresses[key] = addresses[key][:_MAX_ADDRESSES]
    jobs = [(names[k].to_text(), a, tlsa[k]) for k in names for a in addresses.get(k, []) if _ok(a)]
    outcomes = probe(jobs, opts) if jobs else []
    findings: list[Finding] = []
    for out in outcomes:
        key = nkey(dns.name.from_text(out.host))
        for severity, message in verdicts(out, opts.port):
            for rec in places.get(key, []):
                findings.append(Finding.at(rec, message, token=1, severity=severity))
    for key in unresolved:
        for rec in places[key]:
            findings.append(
                Finding.at(
                    rec,
                    f'MX host "{names[key]}" was not probed: the resolver gave no address for '
                    "it in time",
                    token=1,
                    severity="info",
                )
            )
    result.diagnostics = merge(stamp(registry, settings, CODE, findings))
    return result, outcomes


def _ok(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


def _resolve_all(
    keys: list[bytes],
    names: Mapping[bytes, dns.name.Name],
    addresses: dict[bytes, list[str]],
    opts: ProbeOptions,
) -> list[bytes]:
    """Fill ``addresses`` of the hosts ``keys`` from the resolver, ``opts.concurrency`` at
    once, each within ``opts.timeout`` (at most 5 s) and all within half of ``opts.total``;
    the keys that got no address."""
    if not keys:
        return []
    from concurrent.futures import ThreadPoolExecutor, wait

    pool = ThreadPoolExecutor(max_workers=opts.concurrency)
    try:
        futures = {k: pool.submit(_resolve, names[k], opts.timeout) for k in keys}
        wait(futures.values(), timeout=opts.total / 2)
        for k, f in futures.items():
            if f.done() and f.exception() is None:
                addresses[k] = f.result()
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    return [k for k in keys if not addresses.get(k)]


def _resolve(host: dns.name.Name, timeout: float) -> list[str]:
    """The addresses of a host outside the loaded zones, from the system's resolver."""
    import dns.resolver

    found: list[str] = []
    for rdtype in ("A", "AAAA"):
        try:
            answer = dns.resolver.resolve(host, rdtype, lifetime=min(timeout, 5.0))
        except Exception:  # NXDOMAIN, no answer, timeout: not probed, said so
            continue
        found += [r.to_text() for r in answer]
    return list(dict.fromkeys(found))


def merge(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """One diagnostic per place, as the engine keeps one per record and rule: the messages
    of several addresses of one host are joined, at the gravest severity among them."""
    rank = {"error": 0, "warning": 1, "info": 2}
    by_place: dict[tuple[str, int, int], int] = {}
    out: list[Diagnostic] = []
    for d in diagnostics:
        key = (d.path, d.line, d.column)
        i = by_place.get(key)
        if i is None:
            by_place[key] = len(out)
            out.append(d)
            continue
        first = out[i]
        out[i] = dataclasses.replace(
            first,
            message=f"{first.message}; also, {d.message}",
            severity=min(first.severity, d.severity, key=rank.__getitem__),
        )
    return out
