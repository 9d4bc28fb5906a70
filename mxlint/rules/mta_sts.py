from __future__ import annotations

import glob
import os
from collections.abc import Iterator

import dns.name

from mxlint import safeopen
from mxlint._patterns import lazy
from mxlint.check.engine import Context
from mxlint.check.mailpath import (
    EXT_NAME,
    EXT_VALUE,
    Findings,
    all_whole,
    kept_under,
    per_run,
    short,
    tagged_fields,
    txt_text,
)
from mxlint.check.registry import rule
from mxlint.model import Finding, Record, Zone, ZoneSet, nkey

_LABEL = b"_mta-sts"
_ID = lazy(r"[A-Za-z0-9]{1,32}\Z")  # compiled at first use


_POLICY = os.path.join(".well-known", "mta-sts.txt")
_UP = 8  # folders looked at above a zone file for a policy file


@rule("MX028", "mta-sts", "error")
def mta_sts(ctx: Context) -> Iterator[Finding]:
    """An MTA-STS record (``_mta-sts`` TXT, RFC 8461) that senders discard, a policy host
    without an address, or a policy file whose ``mx:`` lines miss an MX host.

    - The record must read ``v=STSv1; id=...`` with an ``id`` of 1 to 32 letters and digits
      (the version in that case, fields separated by ``;``), and be the only such record of
      its name: otherwise senders act as if the domain had no policy (RFC 8461 3.1; error).
    - The policy is fetched from ``https://mta-sts.<domain>/.well-known/mta-sts.txt``: when
      the loaded zones hold ``mta-sts.<domain>`` and it has no address (A, AAAA or CNAME),
      no sender can fetch it (warning).
    - A policy file kept in the repository (``.well-known/mta-sts.txt`` in a folder named
      ``mta-sts.<domain>`` or ``<domain>`` near the zone file, up to the top of its git work
      tree, or the only one there when one zone is linted)
      must list every MX host of the domain in its ``mx:`` lines: in ``enforce`` mode,
      senders refuse to deliver to a host it does not list (error; ``testing``: warning).

    Bad::

        _mta-sts  IN  TXT  "v=STSv1; id=2024-06-01"
        mta-sts   IN  TXT  "no address"

    Good::

        _mta-sts  IN  TXT  "v=STSv1; id=20240601"
        mta-sts   IN  CNAME  sts.provider.example.
    """
    zone, zones = ctx.zone, ctx.zones
    if zone.origin is None or not zone.confirmed:
        return
    groups: dict[bytes, list[tuple[Record, str]]] = {}
    for r in kept_under(zone, zones):
        text = txt_text(r)
        if text is not None and _sts(text) and r.key.startswith(_LABEL + b"\x00"):
            groups.setdefault(r.key, []).append((r, text))
    out = Findings()
    after: list[Iterator[Finding]] = []
    for kept in groups.values():
        domain = dns.name.Name(kept[0][0].owner.labels[1:])
        valid = []
        for r, text in kept:
            why = _invalid(text)
            if why is not None:
                out.add(
                    r,
                    "error",
                    f'MTA-STS record of {domain} "{short(text)}" {why}; senders discard it '
                    "and act as if the domain had no policy (RFC 8461 3.1); write "
                    '"v=STSv1; id=20240601000000" (1 to 32 letters and digits)',
                )
            else:
                valid.append(r)
        named = [r for r, text in kept if text.startswith("v=STSv1")]
        if len(named) > 1:
            where = ", ".join(r.where() for r in named)
            for r in named[1:]:
                out.add(
                    r,
                    "error",
                    f"{domain} has {len(named)} MTA-STS records ({where}): with more than "
                    "one, senders act as if it had no policy (RFC 8461 3.1); keep one",
                )
            continue
        if not valid:
            continue
        host = _policy_host(zones, zone, domain)
        if host is not None:
            out.add(valid[0], "warning", host)
        after.append(_policy_file(zones, zone, domain))
    yield from out
    for found in after:
        yield from found


def _sts(text: str) -> bool:
    return text[:7].lower() == "v=stsv1"


def _invalid(text: str) -> str | None:
    """Why ``text`` is not an MTA-STS record as RFC 8461 3.1 writes it (None: it is)."""
    fields = tagged_fields(text, "v=STSv1")
    if isinstance(fields, str):
        return fields
    ids = []
    for f in fields:
        name, eq, value = f.partition("=")
        if not eq:
            return f'has a field "{f}" without "="'
        if name == "id":
            if not _ID.match(value):
                return f'has id "{value}", which is not 1 to 32 letters and digits'
            ids.append(value)
        elif not EXT_NAME.match(name) or not EXT_VALUE.match(value):
            return f'has a malformed field "{f}"'
    if len(ids) != 1:
        return "has no id= field" if not ids else f"has {len(ids)} id= fields"
    return None


def _policy_host(zones: ZoneSet, zone: Zone, domain: dns.name.Name) -> str | None:
    """Why the policy host of ``domain`` cannot be reached, if the loaded zones say so."""
    host = dns.name.Name((b"mta-sts", *domain.labels))
    t = zones.target(host, zone)
    if t.zone is None or not all_whole(zones, t.zone):
        return None
    if any(v.addresses or v.aliases or v.dname is not None or v.delegated for v in t.each()):
        return None
    has = "the name does not exist" if not t.records else "it has no A, AAAA or CNAME record"
    return (
        f"{domain} publishes an MTA-STS record, but its policy host {host} has no address in "
        f"zone {t.zone.origin} ({has}): senders fetch the policy from "
        f"https://{host.to_text(omit_final_dot=True)}/.well-known/mta-sts.txt and cannot; "
        "add an A/AAAA record (or a CNAME to the web host that serves the policy)"
    )


def _policy_file(zones: ZoneSet, zone: Zone, domain: dns.name.Name) -> Iterator[Finding]:
    mx = zone.mx_at(nkey(domain))
    hosts = [r for r in mx if len(r.exchange.labels) > 1]
    if not hosts:
        return
    path = _find_policy(zones, zone, domain)
    if path is None:
        return
    policy = _read_policy(path)
    if policy is None:
        return
    mode, patterns = policy
    if mode not in ("enforce", "testing") or not patterns:
        return
    for r in hosts:
        host = r.exchange.to_text(omit_final_dot=True).lower()
        if any(_matches(p, host) for p in patterns):
            continue
        listed = ", ".join(patterns)
        yield Finding.at(
            r,
            f'MX host "{host}" of {domain} is not listed in the MTA-STS policy {path} '
            f"(mx: {listed}; mode {mode}): "
            + (
                "senders that honour the policy refuse to deliver to it"
                if mode == "enforce"
                else "senders report every delivery to it as a policy failure"
            )
            + f'; add "mx: {host}" to the policy and change its id',
            token=1,
            severity="error" if mode == "enforce" else "warning",
        )


def _matches(pattern: str, host: str) -> bool:
    """RFC 8461 4.1: a name, or ``*.`` and a name matching exactly one more label."""
    pattern = pattern.lower().rstrip(".")
    if pattern.startswith("*."):
        head, _, rest = host.partition(".")
        return bool(head) and rest == pattern[2:]
    return host == pattern


def _find_policy(zones: ZoneSet, zone: Zone, domain: dns.name.Name) -> str | None:
    """The policy file of ``domain`` kept near ``zone``'s file, if one is found for certain:
    in a folder named ``mta-sts.<domain>`` or ``<domain>`` beside the file or one of its
    folders up to the git work tree's top (or one level below them), else the only
    ``.well-known/mta-sts.txt`` of such a folder when one zone is linted. Without a git work
    tree, only the file's folder and its parent are searched."""
    name = domain.to_text(omit_final_dot=True).lower()
    single = per_run(
        zones,
        "single",
        lambda: sum(1 for z in zones.zones if not z.context and z.origin is not None) == 1,
    )
    folders = _folders(os.path.dirname(os.path.abspath(zone.path)))
    for folder in folders:
        for sub in (f"mta-sts.{name}", name):
            found = [os.path.join(folder, sub, _POLICY)]
            found += sorted(
                glob.glob(os.path.join(glob.escape(folder), "*", glob.escape(sub), _POLICY))
            )
            for candidate in found:
                if os.path.isfile(candidate):
                    return candidate
    if single:
        for folder in folders:
            candidate = os.path.join(folder, _POLICY)
            if os.path.isfile(candidate):
                return candidate
    return None


def _folders(start: str) -> list[str]:
    """``start`` and its parents up to the git work tree's top (``start`` and its parent
    when none is found within :data:`_UP` levels)."""
    out = [start]
    folder = start
    for _ in range(_UP):
        if os.path.exists(os.path.join(folder, ".git")):
            return out
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
        out.append(folder)
    return out[:2]


def _read_policy(path: str) -> tuple[str, list[str]] | None:
    """``(mode, mx patterns)`` of a policy file (RFC 8461 3.2), None if it is not one."""
    try:  # never blocking, regular files only (a FIFO named mta-sts.txt)
        text = safeopen.read_head(path, 65536).decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    mode = ""
    version = ""
    patterns: list[str] = []
    for line in text.splitlines():
        key, colon, value = line.partition(":")
        if not colon:
            continue
        key, value = key.strip(), value.strip()
        if key == "version":
            version = value
        elif key == "mode":
            mode = value
        elif key == "mx":
            patterns.append(value)
    if version != "STSv1":
        return None
    return mode, patterns
