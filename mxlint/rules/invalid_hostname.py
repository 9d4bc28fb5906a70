import re
from collections.abc import Iterator

import dns.name

from mxlint.check.engine import Context
from mxlint.check.names import exchange_token, ip_literal, per_target
from mxlint.check.registry import rule
from mxlint.model import Finding

_LDH = re.compile(rb"^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$")
# The shape of a placeholder left to be filled in (REPLACE_REGION, YOUR_DOMAIN, TOKEN_1):
# capital letters, digits and "_", with a capital first. Host names are written in lower case.
_PLACEHOLDER = re.compile(rb"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$").match


def _why(label: bytes) -> str:
    # The label as a zone file writes it (\000-style escapes), never raw control bytes.
    text = dns.name.Name((label,)).to_text(omit_final_dot=True)
    if b"_" in label:
        return f'label "{text}" has "_"'
    if label.startswith(b"-") or label.endswith(b"-"):
        return f'label "{text}" starts or ends with "-"'
    return f'label "{text}" has characters other than letters, digits and hyphens'


@rule("MX009", "invalid-hostname", "warning")
def invalid_hostname(ctx: Context) -> Iterator[Finding]:
    """An MX target that is not a valid host name.

    MX targets must be host names (RFC 5321 2.3.5, RFC 1123 2.1): labels of letters, digits
    and hyphens, not starting or ending with a hyphen. An underscore, a wildcard or other
    characters are legal in DNS data but not in a host name, and many mail servers refuse to
    deliver to such a target. Rename the host; a label written like a placeholder
    (``REPLACE_REGION``: capitals and ``_``) is said to look like one, to be filled in before the
    file is loaded.

    Bad::

        @  IN  MX  10 mail_1.example.com.
        @  IN  MX  20 -mx.example.com.

    Good::

        @  IN  MX  10 mail-1.example.com.
    """
    for rec, message in per_target(ctx.zone, _verdict, ctx.zones):
        text = exchange_token(rec)
        if text is None or ip_literal(text) is None:  # an IP is ip-target's business
            yield Finding.at(rec, message, token=1)


def _verdict(exchange: dns.name.Name) -> str | None:
    if all(map(_LDH.match, exchange.labels[:-1])):
        return None  # most names: every label valid (the same test, without a Python loop)
    label = next((x for x in exchange.labels[:-1] if not _LDH.match(x)), None)
    if label is None:
        return None
    if _PLACEHOLDER(label):
        advice = (
            f'"{label.decode("ascii")}" is written like a placeholder (capitals and "_"): put the '
            "real value in its place before the file is loaded, or rename the host"
        )
    else:
        advice = "rename the host"
    return (
        f'MX target "{exchange}" is not a valid host name: {_why(label)} (host names allow '
        "letters, digits and inner hyphens, RFC 1123 2.1), and many mail servers refuse such "
        f"a target; {advice}"
    )
