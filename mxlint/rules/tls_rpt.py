from __future__ import annotations

import functools
import re
from collections.abc import Iterator

import dns.name

from mxlint.check.engine import Context
from mxlint.check.mailpath import Findings, kept, short, tagged_fields, txt_text
from mxlint.check.registry import rule
from mxlint.model import Finding, Record

_OWNER = b"_smtp\x00_tls\x00"


@functools.cache
def _comma_re() -> re.Pattern[str]:  # at first use (start-up: ~0.5M instructions)
    return re.compile(r"[ \t]*,[ \t]*")


@functools.cache
def _ext_name_re() -> re.Pattern[str]:  # at first use (start-up: ~0.5M instructions)
    return re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,31}\Z")


@functools.cache
def _ext_value_re() -> re.Pattern[str]:  # at first use (start-up: ~0.5M instructions)
    return re.compile(r"[\x21-\x3a\x3c\x3e-\x7e]+\Z")


@functools.cache
def _uri_re() -> re.Pattern[str]:  # at first use (start-up: ~0.5M instructions)
    return re.compile(r"(?:mailto:[^@\s]+@[^@\s]+|https://[^/\s]+\S*)\Z", re.IGNORECASE)


@rule("MX029", "tls-rpt", "warning")
def tls_rpt(ctx: Context) -> Iterator[Finding]:
    """A TLS-RPT record (``_smtp._tls`` TXT, RFC 8460) that senders discard.

    The record must read ``v=TLSRPTv1; rua=...`` (the version in that case, fields separated
    by ``;``) with one ``rua=`` field of ``mailto:`` or ``https:`` addresses separated by
    commas, and be the only such record of its name: otherwise senders send no report of
    failed TLS connections (RFC 8460 3), and a broken MTA-STS or DANE set-up goes unnoticed.

    Bad::

        _smtp._tls  IN  TXT  "v=TLSRPTv1; rua=tls-reports@example.com"

    Good::

        _smtp._tls  IN  TXT  "v=TLSRPTv1; rua=mailto:tls-reports@example.com"
    """
    zone, zones = ctx.zone, ctx.zones
    if zone.origin is None or not zone.confirmed:
        return
    groups: dict[bytes, list[tuple[Record, str]]] = {}
    for r in kept(zone, zones)[2]:
        text = txt_text(r)
        if text is not None and text[:10].lower() == "v=tlsrptv1" and r.key.startswith(_OWNER):
            groups.setdefault(r.key, []).append((r, text))
    out = Findings()
    for group in groups.values():
        domain = dns.name.Name(group[0][0].owner.labels[2:])
        for r, text in group:
            why = _invalid(text)
            if why is not None:
                out.add(
                    r,
                    "warning",
                    f'TLS-RPT record of {domain} "{short(text)}" {why}; senders discard it '
                    "and send no TLS report (RFC 8460 3); write "
                    f'"v=TLSRPTv1; rua=mailto:tls-reports@{domain.to_text(omit_final_dot=True)}"',
                )
        named = [r for r, text in group if text.startswith("v=TLSRPTv1")]
        if len(named) > 1:
            where = ", ".join(r.where() for r in named)
            for r in named[1:]:
                out.add(
                    r,
                    "warning",
                    f"{domain} has {len(named)} TLS-RPT records ({where}): with more than one, "
                    "senders send no report (RFC 8460 3); merge their rua= addresses into one",
                )

    yield from out


def _invalid(text: str) -> str | None:
    """Why ``text`` is not a TLS-RPT record as RFC 8460 3 writes it (None: it is)."""
    fields = tagged_fields(text, "v=TLSRPTv1")
    if isinstance(fields, str):
        return fields
    rua = []
    for f in fields:
        name, eq, value = f.partition("=")
        if not eq:
            return f'has a field "{f}" without "="'
        if name == "rua":
            for uri in _comma_re().split(value):
                if not _uri_re().match(uri):
                    return f'has the report address "{uri}", which is not a mailto: or https: URI'
            rua.append(value)
        elif not _ext_name_re().match(name) or not _ext_value_re().match(value):
            return f'has a malformed field "{f}"'
    if len(rua) != 1:
        return "has no rua= field" if not rua else f"has {len(rua)} rua= fields"
    return None
