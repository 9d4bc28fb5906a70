from __future__ import annotations

import re
from collections.abc import Iterator

import dns.name

from mxlint._patterns import lazy
from mxlint.check.engine import Context
from mxlint.check.mailpath import (
    EXT_NAME,
    EXT_VALUE,
    Findings,
    kept_under,
    short,
    tagged_fields,
    txt_text,
)
from mxlint.check.registry import rule
from mxlint.model import Finding, Record

_OWNER = b"_smtp\x00_tls\x00"
_COMMA = lazy(r"[ \t]*,[ \t]*")
_URI = lazy(
    r"(?:mailto:[^@\s]+@[^@\s]+|https://[^/\s]+\S*)\Z", re.IGNORECASE
)  # compiled at first use


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
    for r in kept_under(zone, zones):
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
            for uri in _COMMA.split(value):
                if not _URI.match(uri):
                    return f'has the report address "{uri}", which is not a mailto: or https: URI'
            rua.append(value)
        elif not EXT_NAME.match(name) or not EXT_VALUE.match(value):
            return f'has a malformed field "{f}"'
    if len(rua) != 1:
        return "has no rua= field" if not rua else f"has {len(rua)} rua= fields"
    return None
